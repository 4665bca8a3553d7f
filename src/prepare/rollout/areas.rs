//! Where demand and population are, as deterministic sample points, and which stations
//! reach them: the geography behind `demand_weighted` and `coverage_greedy`.
//!
//! Each zone is represented by [`zone_points`]: points spread evenly over the discs
//! incidents are drawn in (the built-up core and the whole zone; a Vogel "sunflower"
//! spiral: point `k` of `N` at radius `R·√((k+½)/N)` and angle `k·137.5°`), each standing
//! for its share of the zone; a point zone, or seat sampling, is its seat. No random
//! draws: the same scenario gives the same points. Travel from a station to a point is the
//! scenario's travel model estimate (so a travel-time matrix works too, at zone level).

use crate::ground::geo::Point;
use crate::prepare::coverage::zone_points;
use crate::scenario::{LocationSampling, Scenario};
use crate::travel::{Place, TravelModel};

/// Points per zone disc: enough to resolve a 5-minute reach inside a 100 km² zone.
const POINTS_PER_ZONE: usize = 37;

/// One sample point of a zone.
#[derive(Clone, Copy, Debug)]
pub struct DemandPoint {
    /// Position.
    pub pos: Point,
    /// Zone index.
    pub zone: usize,
    /// Population it stands for (the zone weight shared equally by its points).
    pub population: f64,
    /// Expected share of all incidents it stands for (sums to 1 over all points).
    pub demand: f64,
}

/// The sample points of every zone, in zone order.
pub fn demand_points(scenario: &Scenario) -> Vec<DemandPoint> {
    // Each zone's share of incidents: Σ over types of share × the type's zone weight share.
    let mut zone_demand = vec![0.0; scenario.zones.len()];
    for ty in &scenario.incident_types {
        let total: f64 = ty.zone_weights.iter().sum();
        if total > 0.0 {
            for (d, w) in zone_demand.iter_mut().zip(&ty.zone_weights) {
                *d += ty.share * w / total;
            }
        }
    }
    let seat_only = scenario.demand.location == LocationSampling::Seat;
    let mut out = vec![];
    for (z, zone) in scenario.zones.iter().enumerate() {
        for (pos, w) in zone_points(zone, seat_only, POINTS_PER_ZONE) {
            out.push(DemandPoint {
                pos,
                zone: z,
                population: zone.weight * w,
                demand: zone_demand[z] * w,
            });
        }
    }
    out
}

/// Estimated travel time from station `s` to point `p`, seconds.
pub(crate) fn travel_s(scenario: &Scenario, s: usize, p: &DemandPoint) -> f64 {
    scenario.travel.estimate_s(
        Place {
            pos: scenario.stations[s].pos,
            station: Some(s),
            zone: None,
            node: None,
        },
        Place {
            pos: p.pos,
            station: None,
            zone: Some(p.zone),
            node: None,
        },
    )
}

/// Per station, the share of incidents in its first-due area: each point goes to the
/// `serving` station with the shortest estimated travel time (ties to the earlier station).
pub fn first_due_demand(scenario: &Scenario, points: &[DemandPoint], serving: &[bool]) -> Vec<f64> {
    let mut out = vec![0.0; scenario.stations.len()];
    for p in points {
        let mut best: Option<(f64, usize)> = None;
        for (s, _) in serving.iter().enumerate().filter(|(_, on)| **on) {
            let t = travel_s(scenario, s, p);
            if best.is_none_or(|(b, _)| t < b) {
                best = Some((t, s));
            }
        }
        if let Some((_, s)) = best {
            out[s] += p.demand;
        }
    }
    out
}

/// Per station, the points it reaches within `budget_s` seconds of travel.
pub(crate) fn reach(scenario: &Scenario, points: &[DemandPoint], budget_s: f64) -> Vec<Vec<usize>> {
    (0..scenario.stations.len())
        .map(|s| {
            (0..points.len())
                .filter(|&p| travel_s(scenario, s, &points[p]) <= budget_s)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sunflower_points_fill_the_disc_evenly() {
        // The spiral's radii r·√((k+½)/N): the share of points within half the radius is
        // the share of the area, a quarter (±1 point).
        let n = super::POINTS_PER_ZONE;
        let inner = (0..n)
            .filter(|&k| ((k as f64 + 0.5) / n as f64).sqrt() <= 0.5)
            .count();
        assert!(
            (inner as f64 - n as f64 / 4.0).abs() <= 1.0,
            "{inner} of {n}"
        );
    }
}
