//! Demand: the incident stream one replication plays, generated once and then shared by
//! every rollout (common random numbers).
//!
//! Arrivals are a non-homogeneous Poisson process drawn by thinning (Lewis & Shedler, 1979):
//! candidate times at the peak rate, each kept with probability `λ(t)/λ_max`, where
//! `λ(t) = annual_rate · (1 + growth)^(years since start) · month(t) · hour(t)` and the
//! month and hour factors average 1 (so `annual_rate` is the expected count of the first
//! year). Each incident's type is drawn by share, its zone by the type's zone weights
//! (population × the type's zone factor), and its position uniformly in a disc centred on
//! the seat (or at the seat): `r = R·√u`, `θ = 2πv`, where the disc is the zone's built-up
//! core with probability `core_share` and the whole zone's area otherwise. Everything that
//! belongs to the incident rather than to a response (call-processing time, on-scene work
//! time) is drawn here too, from its own stream, so it does not depend on dispatch.

use crate::engine::SimTime;
use crate::geo::Point;
use crate::random::{Purpose, stream};
use crate::scenario::{LocationSampling, Scenario};
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

/// Generate the incident stream of replication `rep`.
pub fn generate(scenario: &Scenario, seed: u64, rep: u64) -> Vec<Incident> {
    let d = &scenario.demand;
    let horizon_s = scenario.calendar.horizon_end().as_secs();
    let years = horizon_s / YEAR_S;
    let growth_max = (1.0 + d.growth_per_year).powf(years).max(1.0);
    let month_max = d.month_profile.iter().cloned().fold(0.0, f64::max);
    let hour_max = d.hour_profile.iter().cloned().fold(0.0, f64::max);
    let rate_max = d.annual_rate / YEAR_S * growth_max * month_max * hour_max; // per second
    if rate_max <= 0.0 || !rate_max.is_finite() {
        return vec![];
    }

    let mut arrivals = stream(seed, rep, Purpose::Arrivals);
    let mut places = stream(seed, rep, Purpose::Places);
    let mut durations = stream(seed, rep, Purpose::IncidentDurations);

    let types = &scenario.incident_types;
    // Validation guarantees positive shares in total and positive zone weights for every
    // type with a positive share; a type with share 0 is never drawn.
    let Ok(type_pick) = WeightedIndex::new(types.iter().map(|t| t.share)) else {
        return vec![];
    };
    let zone_picks: Vec<Option<WeightedIndex<f64>>> = types
        .iter()
        .map(|t| WeightedIndex::new(t.zone_weights.iter().copied()).ok())
        .collect();

    // λ(t) needs `powf` for the growth factor; a per-day bracket of that factor (widened by
    // a relative 1e-9 against rounding) settles almost every thinning test without it, and
    // the exact expression decides the rest, so the accepted set is exactly the one the
    // exact test gives. No growth: the factor is exactly 1 (`powf(1, x)` is 1).
    let g = 1.0 + d.growth_per_year;
    let days = (horizon_s / 86_400.0).ceil() as usize + 1;
    let day_growth: Vec<(f64, f64)> = if d.growth_per_year == 0.0 {
        vec![]
    } else {
        (0..days)
            .map(|day| {
                let a = g.powf(day as f64 * 86_400.0 / YEAR_S);
                let b = g.powf((day + 1) as f64 * 86_400.0 / YEAR_S);
                (a.min(b) * (1.0 - 1e-9), a.max(b) * (1.0 + 1e-9))
            })
            .collect()
    };
    let base_rate = d.annual_rate / YEAR_S;

    let expected = (d.annual_rate * years * growth_max).ceil() as usize;
    let mut out = Vec::with_capacity(expected + expected / 8);
    let mut t = 0.0;
    loop {
        let gap: f64 = Exp1.sample(&mut arrivals);
        t += gap / rate_max;
        if t >= horizon_s {
            break;
        }
        let st = SimTime::from_secs(t);
        let hour = ((t / 3_600.0) as i64).rem_euclid(24) as usize;
        let month = d.month_profile[scenario.calendar.month0_of(st)];
        let hour_f = d.hour_profile[hour];
        let x = arrivals.random::<f64>() * rate_max;
        let accept = if day_growth.is_empty() {
            x < base_rate * 1.0 * month * hour_f
        } else {
            let day = ((t / 86_400.0) as usize).min(day_growth.len() - 1);
            let (lo, hi) = day_growth[day];
            if x < base_rate * lo * month * hour_f * (1.0 - 1e-9) {
                true
            } else if x >= base_rate * hi * month * hour_f * (1.0 + 1e-9) {
                false
            } else {
                x < base_rate * g.powf(t / YEAR_S) * month * hour_f
            }
        };
        if !accept {
            continue;
        }
        let kind = type_pick.sample(&mut places);
        let Some(zone_pick) = &zone_picks[kind] else {
            continue;
        };
        let zone = zone_pick.sample(&mut places);
        let z = &scenario.zones[zone];
        let pos = match d.location {
            LocationSampling::Seat => z.pos,
            LocationSampling::Disc => {
                // One uniform draw picks core or whole zone, then two place the point.
                let in_core = places.random::<f64>() < z.core_share;
                let radius = if in_core {
                    z.core_radius_km()
                } else {
                    z.radius_km()
                };
                let r = radius * places.random::<f64>().sqrt();
                let theta = std::f64::consts::TAU * places.random::<f64>();
                Point {
                    x_km: z.pos.x_km + r * theta.cos(),
                    y_km: z.pos.y_km + r * theta.sin(),
                }
            }
        };
        let call_processing_s = scenario.call_processing.sample(&mut durations);
        let on_scene_s = types[kind].on_scene.sample(&mut durations);
        out.push(Incident {
            id: out.len() as u32,
            call: st,
            zone: zone as u32,
            kind: kind as u32,
            pos,
            call_processing_s,
            on_scene_s,
        });
    }
    out
}
