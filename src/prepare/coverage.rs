//! Station areas and population coverage: static geography, no simulation.
//!
//! - [`FirstDue`]: which station's area an incident falls in (the station with the shortest
//!   estimated travel time from it, whatever its staffing), looked up in a precomputed grid
//!   of 250 m cells (or per zone when travel comes from a zone × station matrix), so the
//!   cost per incident does not grow with the number of stations.
//! - [`coverage_share`]: the share of the demand weight (population) within the response
//!   standard of a station with at least one crewed unit, i.e. mean turnout + estimated
//!   travel ≤ the standard (300 s). Zones are represented by deterministic points spread
//!   evenly over their disc (or their cell of the district's boundary) and built-up core
//!   ([`zone_points`], a sunflower lattice; a square one on a cell), so the figure has no
//!   sampling noise.

use crate::ground::engine::SimTime;
use crate::ground::geo::{Point, bounding_box, polygon_contains};
use crate::prepare::staffing::CrewingTimeline;
use crate::scenario::Scenario;
use crate::travel::{CellHint, Place, TravelModel};

/// Points spread evenly over a disc (Vogel's sunflower lattice): `n` points, equal area each.
pub fn disc_points(centre: Point, radius_km: f64, n: usize) -> Vec<Point> {
    if radius_km <= 0.0 || n <= 1 {
        return vec![centre];
    }
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    (0..n)
        .map(|i| {
            let r = radius_km * ((i as f64 + 0.5) / n as f64).sqrt();
            let th = golden * i as f64;
            Point {
                x_km: centre.x_km + r * th.cos(),
                y_km: centre.y_km + r * th.sin(),
            }
        })
        .collect()
}

/// Points per disc (core or whole zone) for coverage and demand: enough to resolve a
/// 5-minute reach inside a 100 km² zone.
pub const ZONE_POINTS: usize = 64;

/// Points standing for where a zone's incidents fall, with the share of them each stands
/// for (summing to 1): `n` points over the core disc sharing `core_share`, and `n` over the
/// whole zone sharing the rest; a point zone (or seat sampling) is its seat. A zone with a
/// cell (a `[geography] boundary`) has its points on the cell: the core's those of its
/// disc on the cell, the rest a square lattice over the cell ([`cell_points`]).
pub fn zone_points(zone: &crate::scenario::Zone, seat_only: bool, n: usize) -> Vec<(Point, f64)> {
    if seat_only || zone.radius_km() <= 0.0 {
        return vec![(zone.pos, 1.0)];
    }
    let on_land = |pts: Vec<Point>| -> Vec<Point> {
        if zone.cell.is_empty() {
            return pts;
        }
        let kept: Vec<Point> = pts.into_iter().filter(|&p| zone.contains(p)).collect();
        if kept.is_empty() {
            vec![zone.pos]
        } else {
            kept
        }
    };
    let mut out = vec![];
    if zone.core_share > 0.0 && zone.core_radius_km() > 0.0 {
        let core = on_land(disc_points(zone.pos, zone.core_radius_km(), n));
        let w = zone.core_share / core.len() as f64;
        out.extend(core.into_iter().map(|p| (p, w)));
    }
    let rest = if zone.cell.is_empty() {
        disc_points(zone.pos, zone.radius_km(), n)
    } else {
        cell_points(&zone.cell, zone.area_km2, zone.pos, n)
    };
    let w = (1.0 - zone.core_share.min(1.0)) / rest.len() as f64;
    out.extend(rest.into_iter().map(|p| (p, w)));
    out
}

/// About `n` points spread evenly over a polygon `cell` of `area_km2`: the centres of a
/// square lattice of `area_km2 / n` cells over its bounding box that lie in it; `seat`
/// alone when none does.
pub fn cell_points(cell: &[Point], area_km2: f64, seat: Point, n: usize) -> Vec<Point> {
    let Some((lo, hi)) = bounding_box(cell) else {
        return vec![seat];
    };
    let step = (area_km2 / n.max(1) as f64).sqrt();
    if step.is_nan() || step <= 0.0 {
        return vec![seat];
    }
    let nx = ((hi.x_km - lo.x_km) / step).ceil() as usize;
    let ny = ((hi.y_km - lo.y_km) / step).ceil() as usize;
    let pts: Vec<Point> = (0..ny)
        .flat_map(|j| {
            (0..nx).map(move |i| Point {
                x_km: lo.x_km + (i as f64 + 0.5) * step,
                y_km: lo.y_km + (j as f64 + 0.5) * step,
            })
        })
        .filter(|&p| polygon_contains(cell, p))
        .collect();
    if pts.is_empty() { vec![seat] } else { pts }
}

fn station_place(s: &Scenario, station: usize) -> Place {
    Place {
        pos: s.stations[station].pos,
        station: Some(station),
        zone: None,
        node: None,
    }
}

/// The first-due station of any incident position.
#[derive(Clone, Debug)]
pub enum FirstDue {
    /// A grid of cells over the district, each holding its nearest station.
    Grid {
        /// South-west corner.
        origin: Point,
        /// Cell size, km.
        cell_km: f64,
        /// Cells east–west.
        nx: usize,
        /// Cells south–north.
        ny: usize,
        /// Station per cell, row-major from the south-west.
        station: Vec<u32>,
    },
    /// Per zone (travel from a matrix).
    Zone(Vec<u32>),
}

impl FirstDue {
    /// Station areas for `scenario`.
    pub fn new(scenario: &Scenario) -> FirstDue {
        let travel = &scenario.travel;
        if travel.cells() == CellHint::Zones {
            // Times known per zone: each zone's station with the shortest time to its seat.
            return FirstDue::Zone(
                (0..scenario.zones.len())
                    .map(|z| {
                        let seat = Place {
                            zone: Some(z),
                            ..Place::at(scenario.zones[z].pos)
                        };
                        let t = |s: usize| travel.estimate_s(station_place(scenario, s), seat);
                        (0..scenario.stations.len())
                            .min_by(|&a, &b| t(a).total_cmp(&t(b)))
                            .unwrap_or(0) as u32
                    })
                    .collect(),
            );
        }
        // Bounding box of zones (with their radius) and stations, plus a margin.
        let zones = scenario.zones.iter().map(|z| (z.pos, z.reach_km() + 1.0));
        let stations = scenario.stations.iter().map(|s| (s.pos, 1.0));
        let (lo, hi) = crate::ground::geo::bounding_box_of_discs(zones.chain(stations))
            .unwrap_or((Point::default(), Point::default()));
        // 250 m cells, coarser if the area is huge (at most ~1M cells).
        let span = (hi.x_km - lo.x_km).max(hi.y_km - lo.y_km).max(0.001);
        let cell_km = (span / 1_000.0).max(0.25);
        let nx = ((hi.x_km - lo.x_km) / cell_km).ceil().max(1.0) as usize;
        let ny = ((hi.y_km - lo.y_km) / cell_km).ceil().max(1.0) as usize;
        let mut station = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            // A grid of a million cells takes seconds: a stop is heard every row, and the
            // rest of the grid is left to station 0 (the run is discarded, never written).
            if crate::ground::cancel::requested().is_some() {
                station.resize(nx * ny, 0);
                break;
            }
            for i in 0..nx {
                let p = Point {
                    x_km: lo.x_km + (i as f64 + 0.5) * cell_km,
                    y_km: lo.y_km + (j as f64 + 0.5) * cell_km,
                };
                station.push(nearest_station(scenario, p, |_| true).unwrap_or(0) as u32);
            }
        }
        FirstDue::Grid {
            origin: lo,
            cell_km,
            nx,
            ny,
            station,
        }
    }

    /// The first-due station of an incident at `pos` in `zone`.
    #[inline]
    pub fn station(&self, pos: Point, zone: usize) -> usize {
        match self {
            FirstDue::Zone(z) => z.get(zone).copied().unwrap_or(0) as usize,
            FirstDue::Grid {
                origin,
                cell_km,
                nx,
                ny,
                station,
            } => {
                // `as usize` truncates and saturates (negative and NaN: 0): the floor,
                // clamped at zero, without a call to libm's `floor`.
                let i = (((pos.x_km - origin.x_km) / cell_km) as usize).min(nx - 1);
                let j = (((pos.y_km - origin.y_km) / cell_km) as usize).min(ny - 1);
                station[j * nx + i] as usize
            }
        }
    }
}

/// The station (among those `ok` accepts) with the shortest estimated travel time to `p`.
fn nearest_station(s: &Scenario, p: Point, ok: impl Fn(usize) -> bool) -> Option<usize> {
    // Located once for every station's estimate (a road node, or Kolesar's area type):
    // the same estimates as locating per estimate, at a twentieth of the cost.
    let site = Place {
        pos: p,
        station: None,
        zone: None,
        node: s.travel.locate(p),
    };
    (0..s.stations.len())
        .filter(|&i| ok(i))
        .map(|i| (s.travel.estimate_s(station_place(s, i), site), i))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

/// Share of the demand weight within the standard of a station with a crewed unit, given
/// which units are crewed.
pub fn coverage_share(scenario: &Scenario, crewed: &[bool]) -> f64 {
    let staffed: Vec<bool> = scenario
        .stations
        .iter()
        .map(|st| {
            st.units
                .iter()
                .chain(&st.premises_units)
                .any(|&u| crewed[u])
        })
        .collect();
    let budget = scenario.standard_s - scenario.turnout.mean_s();
    let total: f64 = scenario.zones.iter().map(|z| z.weight).sum();
    if total <= 0.0 {
        return f64::NAN;
    }
    let mut covered = 0.0;
    for (zi, z) in scenario.zones.iter().enumerate() {
        let seat_only = scenario.demand.location == crate::scenario::LocationSampling::Seat;
        let pts = zone_points(z, seat_only, ZONE_POINTS);
        let inside: f64 = pts
            .iter()
            .filter(|&&(p, _)| {
                let site = Place {
                    pos: p,
                    station: None,
                    zone: Some(zi),
                    node: None,
                };
                (0..scenario.stations.len()).any(|s| {
                    staffed[s]
                        && scenario.travel.estimate_s(station_place(scenario, s), site) <= budget
                })
            })
            .map(|(_, w)| w)
            .sum();
        covered += z.weight * inside;
    }
    covered / total
}

/// Coverage averaged over each calendar year of the horizon (weighted by the time each
/// crewing state lasts).
pub fn coverage_by_year(scenario: &Scenario, crewing: &CrewingTimeline) -> Vec<f64> {
    // Coverage depends only on which stations have a crewed unit, which changes far less
    // often than the crewing itself: compute it once per set of staffed stations.
    let mut memo: std::collections::HashMap<Vec<bool>, f64> = std::collections::HashMap::new();
    let shares: Vec<f64> = crewing
        .states()
        .map(|(_, crews)| {
            let staffed: Vec<bool> = scenario
                .stations
                .iter()
                .map(|st| {
                    st.units
                        .iter()
                        .chain(&st.premises_units)
                        .any(|&u| crews[u] > 0)
                })
                .collect();
            *memo.entry(staffed).or_insert_with(|| {
                let crewed: Vec<bool> = crews.iter().map(|&c| c > 0).collect();
                coverage_share(scenario, &crewed)
            })
        })
        .collect();
    let end = scenario.calendar.horizon_end();
    scenario
        .calendar
        .years()
        .into_iter()
        .map(|y| {
            let (from, to) = scenario.calendar.year_span(y);
            let mut acc = 0.0;
            for (k, share) in shares.iter().enumerate() {
                let (t, next) = crewing.span(k, end);
                let a = t.max(from);
                let b = next.min(to);
                if b > a {
                    acc += share * (b - a).0 as f64;
                }
            }
            acc / (to - from).0.max(1) as f64
        })
        .collect()
}

/// When a station first has a crewed unit (None: never).
pub fn first_staffed(
    scenario: &Scenario,
    crewing: &CrewingTimeline,
    station: usize,
) -> Option<SimTime> {
    crewing
        .states()
        .find(|(_, c)| {
            scenario.stations[station]
                .units
                .iter()
                .chain(&scenario.stations[station].premises_units)
                .any(|&u| c[u] > 0)
        })
        .map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sunflower_points_fill_the_disc_evenly() {
        let pts = disc_points(Point::default(), 2.0, 400);
        assert_eq!(pts.len(), 400);
        assert!(pts.iter().all(|p| p.distance_km(Point::default()) <= 2.0));
        // A quarter of the area (inner disc of radius 1) holds about a quarter of them.
        let inner = pts
            .iter()
            .filter(|p| p.distance_km(Point::default()) <= 1.0)
            .count();
        assert!((95..=105).contains(&inner), "{inner}");
    }
}
