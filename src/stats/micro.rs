//! Micro fire stations (微型消防站): a first-action tier for fires beside the professional
//! response, which it never changes.
//!
//! The Dafeng plan counts 167 unit-level and 185 community/village micro fire stations
//! (ch.1 (一)3) whose job is "救早、灭小": to reach a fire early and put out small ones
//! before the professional crews arrive. A scenario's `[micro_stations]` names the tiers
//! ([`MicroTier`]): how many stations, placed over the zones in proportion to population
//! (community), industry (unit-level) or all demand, how often one can turn out, how long
//! it takes to muster and how fast it moves.
//!
//! **Placement.** A tier's stations are spread over a zone like its incidents: the zone's
//! share of the tier ([`MicroTier::placed_by`]) splits between the built-up core
//! (`core_share`) and the whole disc, so the local density (stations per km²) at a fire is
//! that of a Poisson point process of that intensity. The distance to the nearest station
//! is then drawn exactly: `P(D > d) = exp(−λπd²)` gives `d = √(−ln U / (λπ))`.
//!
//! **A fire's first action** is the earliest of the professional first arrival and, over
//! the tiers, the dispatch order (the 119 centre alerts the micro stations with its own
//! dispatch [estimate]) plus the muster time plus the distance over the tier's speed, for
//! a tier whose nearest station is available and within its reach. Non-fire incidents get
//! no micro station: their first action is the first arrival.
//!
//! **Streams.** Every draw comes from its own stream, keyed by (seed, replication,
//! [`Purpose::MicroStations`], incident, tier), so adding the tier moves no other draw and
//! every rollout sees the same micro stations at the same fires (common random numbers).
//!
//! No IO; the statistics call [`MicroStations::first_action`] per incident.

use crate::ground::engine::SimTime;
use crate::ground::geo::Point;
use crate::ground::random::{DispatchStreams, Purpose};
use crate::scenario::{LocationSampling, Zone};
use rand::RngExt;

pub use crate::scenario::micro::{MicroStations, MicroTier, Placement};

/// How a fire's first action came about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FirstAction {
    /// When the first micro station or unit was on scene (`None`: neither came).
    pub at: Option<SimTime>,
    /// Whether a micro station was there before (or with) the first professional unit.
    pub micro_first: bool,
}

impl MicroStations {
    /// Split each tier's count over `zones` by its placement weights; a tier whose weights
    /// sum to zero places nothing (validation refuses it).
    pub fn place(&mut self, zones: &[Zone]) {
        for t in &mut self.tiers {
            let total: f64 = zones.iter().map(|z| t.placed_by.weight(z)).sum();
            t.per_zone = zones
                .iter()
                .map(|z| {
                    if total > 0.0 {
                        t.count as f64 * t.placed_by.weight(z) / total
                    } else {
                        0.0
                    }
                })
                .collect();
        }
    }

    /// Whether there is any tier.
    pub fn is_empty(&self) -> bool {
        self.tiers.is_empty()
    }

    /// Stations per km² of `tier` at `pos` in `zone` (`None`: a point, every station at
    /// the seat).
    fn density(
        tier: &MicroTier,
        zone: &Zone,
        z: usize,
        pos: Point,
        seat_only: bool,
    ) -> Option<f64> {
        let n = tier.per_zone.get(z).copied().unwrap_or(0.0);
        if zone.area_km2 <= 0.0 {
            return None;
        }
        if seat_only {
            return Some(n / zone.area_km2);
        }
        let core = zone.core_share.clamp(0.0, 1.0);
        let mut lambda = n * (1.0 - core) / zone.area_km2;
        if core > 0.0
            && zone.core_area_km2 > 0.0
            && pos.distance_km(zone.pos) <= zone.core_radius_km()
        {
            lambda += n * core / zone.core_area_km2;
        }
        Some(lambda)
    }

    /// The first action at incident `id` (a fire when `fire`) in `zone` at `pos`, given its
    /// dispatch order and professional first arrival; draws from `streams`
    /// ([`Purpose::MicroStations`] of the replication).
    #[allow(clippy::too_many_arguments)]
    pub fn first_action(
        &self,
        streams: &DispatchStreams,
        zones: &[Zone],
        location: LocationSampling,
        id: u32,
        fire: bool,
        zone: usize,
        pos: Point,
        dispatch_order: SimTime,
        first_arrival: Option<SimTime>,
    ) -> FirstAction {
        let mut micro: Option<SimTime> = None;
        if fire && let Some(zn) = zones.get(zone) {
            for (k, t) in self.tiers.iter().enumerate() {
                // The draws of (incident, tier) are a stream of their own, always in the
                // same order (availability, distance, muster); a draw is made only when
                // needed: leaving out the rest of a stream moves no other draw.
                let mut rng = streams.get(id as u64, k as u64);
                let avail: f64 = rng.random();
                if avail >= t.availability {
                    continue;
                }
                let u: f64 = rng.random();
                let Some(d_km) =
                    (match Self::density(t, zn, zone, pos, location == LocationSampling::Seat) {
                        None => Some(0.0),
                        Some(l) if l > 0.0 => {
                            Some((-(1.0 - u).ln() / (l * std::f64::consts::PI)).sqrt())
                        }
                        Some(_) => None,
                    })
                else {
                    continue;
                };
                if d_km > t.max_distance_km {
                    continue;
                }
                let muster_s = t.muster.sample(&mut rng);
                let reach_s = muster_s + d_km / t.speed_kmh * 3_600.0;
                let at = dispatch_order + SimTime::from_secs(reach_s);
                micro = Some(micro.map_or(at, |m| m.min(at)));
            }
        }
        match (micro, first_arrival) {
            (Some(m), Some(f)) if m <= f => FirstAction {
                at: Some(m),
                micro_first: true,
            },
            (Some(m), None) => FirstAction {
                at: Some(m),
                micro_first: true,
            },
            (_, f) => FirstAction {
                at: f,
                micro_first: false,
            },
        }
    }
}

/// Seconds from the dispatch order within which a micro station should be on scene: the
/// Ministry of Public Security's micro fire station rules (2015) ask for "1分钟响应启动、
/// 3分钟到场扑救", one minute to turn out and three to be at the fire.
pub const FIRST_ACTION_WITHIN_S: f64 = 180.0;

/// One period's first-action figures of a replication (see the module doc).
#[derive(Clone, Debug)]
pub struct FirstActionAcc {
    /// Call received → first action, every incident with one.
    from_call: crate::stats::Histogram,
    sum_from_call: f64,
    fires: u64,
    /// Fires whose first action came within [`FIRST_ACTION_WITHIN_S`] of the dispatch order.
    fires_acted: u64,
    /// Fires whose first professional unit came that soon.
    fires_arrived: u64,
    /// Fires where a micro station came first.
    micro_first: u64,
}

impl Default for FirstActionAcc {
    fn default() -> Self {
        FirstActionAcc {
            from_call: crate::stats::Histogram::response_times(),
            sum_from_call: 0.0,
            fires: 0,
            fires_acted: 0,
            fires_arrived: 0,
            micro_first: 0,
        }
    }
}

impl FirstActionAcc {
    /// Record an incident: its call, dispatch order, professional first arrival and first
    /// action.
    pub fn record(
        &mut self,
        fire: bool,
        call: SimTime,
        dispatch_order: SimTime,
        first_arrival: Option<SimTime>,
        action: FirstAction,
    ) {
        if let Some(a) = action.at {
            let x = (a - call).as_secs();
            self.from_call.record(x);
            self.sum_from_call += x;
        }
        if fire {
            self.fires += 1;
            let soon = |t: Option<SimTime>| {
                t.is_some_and(|t| (t - dispatch_order).as_secs() <= FIRST_ACTION_WITHIN_S)
            };
            self.fires_acted += soon(action.at) as u64;
            self.fires_arrived += soon(first_arrival) as u64;
            self.micro_first += action.micro_first as u64;
        }
    }

    /// Add another period.
    pub fn merge(&mut self, o: &FirstActionAcc) {
        self.from_call.merge(&o.from_call);
        self.sum_from_call += o.sum_from_call;
        self.fires += o.fires;
        self.fires_acted += o.fires_acted;
        self.fires_arrived += o.fires_arrived;
        self.micro_first += o.micro_first;
    }

    /// The figures, `(name, value)` in a fixed order.
    pub fn emit(&self, out: &mut dyn FnMut(&dyn Fn() -> String, f64)) {
        const QS: [f64; 4] = [0.5, 0.8, 0.9, 0.95];
        for (q, v) in QS.iter().zip(self.from_call.quantiles(&QS)) {
            out(&|| format!("first_action_s.p{:.0}", q * 100.0), v);
        }
        out(
            &|| "first_action_s.mean".into(),
            self.sum_from_call / self.from_call.len() as f64,
        );
        let fires = self.fires as f64;
        out(
            &|| "first_action_within_3min".into(),
            self.fires_acted as f64 / fires,
        );
        out(
            &|| "first_arrival_fire_within_3min".into(),
            self.fires_arrived as f64 / fires,
        );
        out(
            &|| "micro_first_share".into(),
            self.micro_first as f64 / fires,
        );
    }
}

/// The streams of the micro tier in replication `rep`.
pub fn streams(seed: u64, rep: u64) -> DispatchStreams {
    DispatchStreams::new(seed, rep, Purpose::MicroStations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::geo::LatLon;
    use crate::ground::random::DurationDist;
    use crate::ground::ring::Ring;

    fn zone(area: f64, core_area: f64, core_share: f64) -> Zone {
        Zone {
            name: "z".into(),
            name_zh: None,
            seat: LatLon { lat: 0.0, lon: 0.0 },
            pos: Point::default(),
            area_km2: area,
            cell: Ring::default(),
            weight: 1.0,
            urban_core: false,
            weight_is_population: true,
            core_area_km2: core_area,
            core_share,
            tags: vec![],
        }
    }

    fn tier(count: u32, availability: f64, muster_s: f64, max_km: f64) -> MicroTier {
        MicroTier {
            name: "t".into(),
            name_zh: None,
            count,
            placed_by: Placement::Population,
            availability,
            muster: DurationDist::fixed(muster_s),
            speed_kmh: 15.0,
            max_distance_km: max_km,
            source: String::new(),
            per_zone: vec![],
        }
    }

    /// The nearest-station distance follows the Poisson law: its mean is 1/(2√λ), and the
    /// sample mean of 20,000 draws is within 4 standard errors of it.
    #[test]
    fn nearest_distance_has_the_poisson_mean() {
        let zones = vec![zone(100.0, 0.0, 0.0)];
        let mut m = MicroStations {
            tiers: vec![tier(400, 1.0, 0.0, f64::INFINITY)],
        };
        m.place(&zones);
        let s = streams(1, 0);
        let n = 20_000;
        let d: Vec<f64> = (0..n)
            .map(|i| {
                let a = m.first_action(
                    &s,
                    &zones,
                    LocationSampling::Disc,
                    i,
                    true,
                    0,
                    Point::default(),
                    SimTime::ZERO,
                    None,
                );
                a.at.unwrap().as_secs() / 3_600.0 * 15.0
            })
            .collect();
        let mean = d.iter().sum::<f64>() / n as f64;
        let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
        let lambda: f64 = 4.0; // 400 stations on 100 km²
        let expect = 0.5 / lambda.sqrt();
        assert!(
            (mean - expect).abs() < 4.0 * sd / (n as f64).sqrt() + 0.0005,
            "{mean} vs {expect}"
        );
    }

    #[test]
    fn availability_is_the_share_of_fires_reached() {
        let zones = vec![zone(10.0, 0.0, 0.0)];
        let mut m = MicroStations {
            tiers: vec![tier(10, 0.3, 60.0, f64::INFINITY)],
        };
        m.place(&zones);
        let s = streams(2, 0);
        let n = 20_000u32;
        let hit = (0..n)
            .filter(|&i| {
                m.first_action(
                    &s,
                    &zones,
                    LocationSampling::Disc,
                    i,
                    true,
                    0,
                    Point::default(),
                    SimTime::ZERO,
                    None,
                )
                .micro_first
            })
            .count() as f64
            / n as f64;
        // Binomial standard error at p = 0.3: √(0.21/n); 4 of them.
        let se = (0.3f64 * 0.7 / n as f64).sqrt();
        assert!((hit - 0.3).abs() < 4.0 * se, "{hit}");
    }

    #[test]
    fn non_fires_and_far_stations_leave_the_first_arrival() {
        let zones = vec![zone(10.0, 0.0, 0.0)];
        let mut m = MicroStations {
            tiers: vec![tier(10, 1.0, 0.0, 0.0)],
        };
        m.place(&zones);
        let s = streams(3, 0);
        let f = Some(SimTime::from_secs(400.0));
        for i in 0..100 {
            let a = m.first_action(
                &s,
                &zones,
                LocationSampling::Disc,
                i,
                false,
                0,
                Point::default(),
                SimTime::ZERO,
                f,
            );
            assert_eq!(
                a,
                FirstAction {
                    at: f,
                    micro_first: false
                }
            );
            // max distance 0: a station at a positive distance never goes.
            let a = m.first_action(
                &s,
                &zones,
                LocationSampling::Disc,
                i,
                true,
                0,
                Point::default(),
                SimTime::ZERO,
                f,
            );
            assert_eq!(a.at, f);
        }
    }

    #[test]
    fn the_core_is_denser_than_the_rest() {
        let z = zone(100.0, 10.0, 0.5);
        let mut m = MicroStations {
            tiers: vec![tier(100, 1.0, 0.0, f64::INFINITY)],
        };
        m.place(std::slice::from_ref(&z));
        let t = &m.tiers[0];
        let core = MicroStations::density(t, &z, 0, Point::default(), false).unwrap();
        let far = MicroStations::density(
            t,
            &z,
            0,
            Point {
                x_km: 5.0,
                y_km: 0.0,
            },
            false,
        )
        .unwrap();
        assert!(
            (core - (0.5 + 5.0)).abs() < 1e-12 && (far - 0.5).abs() < 1e-12,
            "{core} {far}"
        );
    }
}
