//! Demand: the incident stream one replication plays, drawn as the simulation consumes it
//! ([`Generator`]) from the replication's own streams, so every rollout sees the same
//! incidents (common random numbers) and memory does not grow with the horizon.
//!
//! Arrivals are a non-homogeneous Poisson process drawn by thinning (Lewis & Shedler, 1979):
//! candidate times at the peak rate, each kept with probability `λ(t)/λ_max`, where
//! `λ(t) = annual_rate · (1 + growth)^(years since start) · month(t) · hour(t)` and the
//! month and hour factors average 1 (so `annual_rate` is the expected count of the first
//! year). Each incident's type is drawn by share, its zone by the type's zone weights
//! (population × the type's zone factor), then, for a type with place-dependent subtypes,
//! which subtype it is in that zone (from its own stream), and its position uniformly in a disc centred on
//! the seat (or at the seat): `r = R·√u`, `θ = 2πv`, where the disc is the zone's built-up
//! core with probability `core_share` and the whole zone's area otherwise. A zone with a
//! cell of the district's boundary (`[geography] boundary`) draws on the cell instead: the
//! core disc's part in the cell, or the whole cell, by rejection sampling. Everything that
//! belongs to the incident rather than to a response (call-processing time, on-scene work
//! time) is drawn here too, from its own stream, so it does not depend on dispatch.

use crate::ground::engine::SimTime;
use crate::ground::geo::Point;
use crate::ground::random::{Purpose, StreamRng, stream};
use crate::scenario::{LocationSampling, Scenario, Zone, pick_subtype};
use rand::RngExt;
use rand::distr::weighted::WeightedIndex;
use rand_distr::{Distribution, Exp1};

/// One incident of a stream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Incident {
    /// Position in the stream (0-based, in call order).
    pub id: u32,
    /// When the call is received.
    pub call: SimTime,
    /// Demand zone index.
    pub zone: u32,
    /// Incident type index.
    pub kind: u32,
    /// Projected position.
    pub pos: Point,
    /// Call received → dispatch order, seconds.
    pub call_processing_s: f64,
    /// On-scene work time of each unit, seconds.
    pub on_scene_s: f64,
}

/// Seconds in a mean (Julian) year, the unit of `annual_rate`.
pub const YEAR_S: f64 = 365.25 * 86_400.0;

/// Generate the whole incident stream of replication `rep` at once (for tests and
/// tools; a simulation consumes [`Generator`] as it goes, so its memory does not grow
/// with the horizon).
pub fn generate(scenario: &Scenario, seed: u64, rep: u64) -> Vec<Incident> {
    Generator::new(scenario, seed, rep).collect()
}

/// The incident stream of replication `rep`, drawn one incident at a time: the same
/// incidents, in the same order, from the same random streams as [`generate`], but holding
/// only the generator's state, never the stream.
pub struct Generator<'a> {
    scenario: &'a Scenario,
    arrivals: StreamRng,
    places: StreamRng,
    durations: StreamRng,
    /// Which subtype an incident is; drawn only for types that have subtypes, so the
    /// other streams do not depend on whether a scenario declares any.
    subtypes: StreamRng,
    type_pick: Option<WeightedIndex<f64>>,
    zone_picks: Vec<Option<WeightedIndex<f64>>>,
    horizon_s: f64,
    /// Peak rate over the horizon, per second (the thinning envelope).
    rate_max: f64,
    /// `annual_rate` per second.
    base_rate: f64,
    /// `1 + growth_per_year`.
    g: f64,
    /// The day whose growth bracket `bracket` holds (`usize::MAX`: none yet), and the
    /// growth factor at the end of that day (the next day's start: one `powf` a day).
    day: usize,
    bracket: (f64, f64),
    day_end_factor: f64,
    /// Time of the last candidate arrival, seconds.
    t: f64,
    next_id: u32,
}

impl<'a> Generator<'a> {
    /// The generator of replication `rep` of a run seeded with `seed`.
    pub fn new(scenario: &'a Scenario, seed: u64, rep: u64) -> Generator<'a> {
        let d = &scenario.demand;
        let horizon_s = scenario.calendar.horizon_end().as_secs();
        let years = horizon_s / YEAR_S;
        let growth_max = (1.0 + d.growth_per_year).powf(years).max(1.0);
        let month_max = d.month_profile.iter().cloned().fold(0.0, f64::max);
        let hour_max = d.hour_profile.iter().cloned().fold(0.0, f64::max);
        let rate_max = d.annual_rate / YEAR_S * growth_max * month_max * hour_max; // per second
        let types = &scenario.incident_types;
        // Validation guarantees positive shares in total and positive zone weights for every
        // type with a positive share; a type with share 0 is never drawn.
        let type_pick = WeightedIndex::new(types.iter().map(|t| t.pick_share)).ok();
        let zone_picks = types
            .iter()
            .map(|t| WeightedIndex::new(t.zone_weights.iter().copied()).ok())
            .collect();
        Generator {
            scenario,
            arrivals: stream(seed, rep, Purpose::Arrivals),
            places: stream(seed, rep, Purpose::Places),
            durations: stream(seed, rep, Purpose::IncidentDurations),
            subtypes: stream(seed, rep, Purpose::Subtypes),
            type_pick,
            zone_picks,
            horizon_s,
            rate_max,
            base_rate: d.annual_rate / YEAR_S,
            g: 1.0 + d.growth_per_year,
            day: usize::MAX,
            bracket: (1.0, 1.0),
            // The end of "day −1" (`day` wraps to 0): day 0 starts at g⁰ = 1, as `powf` gives.
            day_end_factor: 1.0,
            t: 0.0,
            next_id: 0,
        }
    }

    /// λ(t) needs `powf` for the growth factor; a per-day bracket of that factor (widened
    /// by a relative 1e-9 against rounding) settles almost every thinning test without it,
    /// and the exact expression decides the rest, so the accepted set is exactly the one
    /// the exact test gives. No growth: the factor is exactly 1 (`powf(1, x)` is 1).
    fn accept(&mut self, t: f64, x: f64, month: f64, hour_f: f64) -> bool {
        let base_rate = self.base_rate;
        if self.scenario.demand.growth_per_year == 0.0 {
            return x < base_rate * 1.0 * month * hour_f;
        }
        let day = (t / 86_400.0) as usize;
        if day != self.day {
            let g = self.g;
            // The day after the last one bracketed starts where that one ended (the same
            // expression of the same day number, so the same value).
            let a = if day == self.day.wrapping_add(1) {
                self.day_end_factor
            } else {
                g.powf(day as f64 * 86_400.0 / YEAR_S)
            };
            let b = g.powf((day + 1) as f64 * 86_400.0 / YEAR_S);
            self.day_end_factor = b;
            self.bracket = (a.min(b) * (1.0 - 1e-9), a.max(b) * (1.0 + 1e-9));
            self.day = day;
        }
        let (lo, hi) = self.bracket;
        if x < base_rate * lo * month * hour_f * (1.0 - 1e-9) {
            true
        } else if x >= base_rate * hi * month * hour_f * (1.0 + 1e-9) {
            false
        } else {
            x < base_rate * self.g.powf(t / YEAR_S) * month * hour_f
        }
    }

    /// Where in zone `z` an incident happens.
    fn place(&mut self, z: &Zone) -> Point {
        match self.scenario.demand.location {
            LocationSampling::Seat => z.pos,
            LocationSampling::Disc if !z.cell.is_empty() => {
                let in_core = self.places.random::<f64>() < z.core_share;
                self.on_cell(z, in_core)
            }
            LocationSampling::Disc => {
                // One uniform draw picks core or whole zone, then two place the point.
                let in_core = self.places.random::<f64>() < z.core_share;
                let radius = if in_core {
                    z.core_radius_km()
                } else {
                    z.radius_km()
                };
                let r = radius * self.places.random::<f64>().sqrt();
                let theta = std::f64::consts::TAU * self.places.random::<f64>();
                Point {
                    x_km: z.pos.x_km + r * theta.cos(),
                    y_km: z.pos.y_km + r * theta.sin(),
                }
            }
        }
    }
}

impl Generator<'_> {
    /// A point uniformly on zone `z`'s cell (or, `in_core`, on the part of its core disc
    /// in the cell), by rejection: two uniform draws over the bounding box (or as in the
    /// disc), kept when the cell holds the point. A cell of no area (a seat sharing
    /// another's position), or [`MAX_TRIES`] rejections in a row, gives the seat.
    fn on_cell(&mut self, z: &Zone, in_core: bool) -> Point {
        let core = in_core && z.core_radius_km() > 0.0;
        let Some((lo, hi)) = z.cell.bounds().filter(|_| z.area_km2 > 0.0) else {
            return z.pos;
        };
        for _ in 0..MAX_TRIES {
            let (u, v) = (self.places.random::<f64>(), self.places.random::<f64>());
            let p = if core {
                let r = z.core_radius_km() * u.sqrt();
                let theta = std::f64::consts::TAU * v;
                Point {
                    x_km: z.pos.x_km + r * theta.cos(),
                    y_km: z.pos.y_km + r * theta.sin(),
                }
            } else {
                Point {
                    x_km: lo.x_km + u * (hi.x_km - lo.x_km),
                    y_km: lo.y_km + v * (hi.y_km - lo.y_km),
                }
            };
            if z.cell.contains(p) {
                return p;
            }
        }
        z.pos
    }
}

/// Rejections in a row after which an incident of a zone with a cell falls at its seat.
/// The cell holds its seat and the core disc is centred on it, so acceptance is at least
/// the cell's share of its bounding box (a few percent for a sliver); 10,000 tries miss a
/// 1% share with probability 0.99^10,000 ≈ 2e-44 [estimate].
const MAX_TRIES: usize = 10_000;

impl Iterator for Generator<'_> {
    type Item = Incident;

    fn next(&mut self) -> Option<Incident> {
        if self.rate_max <= 0.0 || !self.rate_max.is_finite() {
            return None;
        }
        let scenario = self.scenario;
        let d = &scenario.demand;
        loop {
            let gap: f64 = Exp1.sample(&mut self.arrivals);
            self.t += gap / self.rate_max;
            let t = self.t;
            if t >= self.horizon_s {
                // Stay exhausted: no further draws once past the horizon.
                self.rate_max = 0.0;
                return None;
            }
            let st = SimTime::from_secs(t);
            let hour = ((t / 3_600.0) as i64).rem_euclid(24) as usize;
            let month = d.month_profile[scenario.calendar.month0_of(st)];
            let hour_f = d.hour_profile[hour];
            let x = self.arrivals.random::<f64>() * self.rate_max;
            if !self.accept(t, x, month, hour_f) {
                continue;
            }
            let type_pick = self.type_pick.as_ref()?;
            let kind = type_pick.sample(&mut self.places);
            let Some(zone_pick) = &self.zone_picks[kind] else {
                continue;
            };
            let zone = zone_pick.sample(&mut self.places);
            let pos = self.place(&scenario.zones[zone]);
            let subtypes = &scenario.incident_types[kind].subtypes;
            let kind = if subtypes.is_empty() {
                kind
            } else {
                pick_subtype(subtypes, zone, self.subtypes.random::<f64>()).unwrap_or(kind)
            };
            let call_processing_s = scenario.call_processing.sample(&mut self.durations);
            let on_scene_s = scenario.incident_types[kind]
                .on_scene
                .sample(&mut self.durations);
            let id = self.next_id;
            self.next_id += 1;
            return Some(Incident {
                id,
                call: st,
                zone: zone as u32,
                kind: kind as u32,
                pos,
                call_processing_s,
                on_scene_s,
            });
        }
    }
}
