//! Station districts and the plan's own rule: a crew reaches the **edge of its station's
//! district within 5 minutes of the dispatch order** (plan ch.1 (二)3 and ch.3 item 7;
//! GB 51080-2015 §4.1.3), and a district is at most 7 km² (≤ 15 km² at the edge of the
//! built-up land; 建标152-2017).
//!
//! A station's district is its first-due area ([`FirstDue`], the 250 m grid of the
//! station with the shortest estimated travel) clipped to the district's land, i.e. the
//! cells whose centre lies on some zone's land (its cell of the `[geography] boundary`, else
//! its disc): the districts' areas add up to that covered area.
//!
//! The rule as written (GB 51080-2015 §4.1.3) holds *within urban construction land*
//! ([`DistrictRule::land`]: the scenario's declared urban land, else its built-up polygon):
//! a station whose district holds urban land is **judged** — its edge is the farthest
//! urban-land cell of its district, and the part of its district on urban land must be at
//! most `area_limit_km2` (7) when the station stands on urban land, or
//! `suburban_area_limit_km2` (15) when it stands outside it (at the edge of urban land).
//! Any other station's district may be set by a fire-risk assessment: its area, its reach
//! and the time to its farthest cell are **information**, with no limit (NaN) and no
//! verdict.
//!
//! Reach is the scenario's mean turnout plus the estimated travel from the station (from its
//! temporary premises, plus their extra turnout, while only the premises have a crew; not
//! at all while neither has one). Per year the reach figures are time-averaged over the
//! crewing timeline (the nominal one, as `coverage_within_standard`), so
//! `district_edge_within_standard` is the share of the year the edge was within the
//! standard: 1 for a whole year.
//!
//! Static geography: no simulation, no IO.

use crate::ground::geo::Point;
use crate::prepare::coverage::{FirstDue, ZONE_POINTS, zone_points};
use crate::prepare::staffing::CrewingTimeline;
use crate::scenario::{LocationSampling, Scenario};
use crate::travel::{AnyTravel, Place, TravelModel};

pub use crate::scenario::districts::{DistrictRule, UrbanArea, polygon_area_km2};

/// A station's crewing, as far as reach goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Crewed {
    None,
    Premises,
    Station,
}

/// Reach figures of one station in one crewing state.
#[derive(Clone, Copy, Debug, Default)]
struct Reach {
    area_within: f64,
    demand_within: f64,
    edge_s: f64,
}

/// The static districts of a scenario (see the module doc).
#[derive(Clone, Debug)]
pub struct Districts {
    /// Area of a grid cell, km².
    pub cell_km2: f64,
    /// Per station: its district's cells (centres).
    cells: Vec<Vec<Point>>,
    /// Per station: which of them are built up.
    built_up: Vec<Vec<bool>>,
    /// Per station: deterministic demand points in its district, `(point, zone, weight)`.
    demand: Vec<Vec<(Point, usize, f64)>>,
    /// Per station: district area, km².
    pub area_km2: Vec<f64>,
    /// Per station: built-up part of the district, km².
    pub built_up_km2: Vec<f64>,
    /// Per station: the area limit that applies to its part on urban land, km² (NaN: not
    /// judged).
    pub limit_km2: Vec<f64>,
    /// Per station: mean turnout + estimated travel from the station to its edge, seconds
    /// (NaN: an empty district).
    pub edge_s: Vec<f64>,
}

/// Per station and period: the reach figures, time-averaged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StationPeriod {
    /// Share of the district's area within the standard.
    pub area_within: f64,
    /// Share of the district's demand weight within the standard.
    pub demand_within: f64,
    /// Share of the period the district's edge was within the standard.
    pub edge_within: f64,
}

/// The district figures of a run: per period (each year, then the whole horizon), per
/// station.
#[derive(Clone, Debug)]
pub struct DistrictFigures {
    /// The static districts.
    pub districts: std::sync::Arc<Districts>,
    /// Per period, per station.
    pub periods: Vec<Vec<StationPeriod>>,
}

fn place(p: Point, zone: Option<usize>) -> Place {
    Place {
        pos: p,
        station: None,
        zone,
        node: None,
    }
}

impl Districts {
    /// The districts of `scenario` under `rule` (`None` when travel comes from a zone ×
    /// station matrix: validation refuses `[districts]` then).
    pub fn new(
        scenario: &Scenario,
        rule: &DistrictRule,
        first_due: &FirstDue,
    ) -> Option<Districts> {
        let FirstDue::Grid {
            origin,
            cell_km,
            nx,
            ny,
            station,
        } = first_due
        else {
            return None;
        };
        let n = scenario.stations.len();
        let mut cells = vec![vec![]; n];
        let mut built_up = vec![vec![]; n];
        for j in 0..*ny {
            // A stop is heard every row (the run is discarded, never written).
            if crate::ground::cancel::requested().is_some() {
                return None;
            }
            for i in 0..*nx {
                let p = Point {
                    x_km: origin.x_km + (i as f64 + 0.5) * cell_km,
                    y_km: origin.y_km + (j as f64 + 0.5) * cell_km,
                };
                let land = scenario.zones.iter().any(|z| z.contains(p));
                if !land {
                    continue;
                }
                let s = station[j * nx + i] as usize;
                cells[s].push(p);
                built_up[s].push(rule.land().contains(p));
            }
        }
        let cell_km2 = cell_km * cell_km;
        let seat_only = scenario.demand.location == LocationSampling::Seat;
        let mut demand = vec![vec![]; n];
        for (zi, z) in scenario.zones.iter().enumerate() {
            for (p, w) in zone_points(z, seat_only, ZONE_POINTS) {
                demand[first_due.station(p, zi)].push((p, zi, z.weight * w));
            }
        }
        let area_km2: Vec<f64> = cells.iter().map(|c| c.len() as f64 * cell_km2).collect();
        let built_up_km2: Vec<f64> = built_up
            .iter()
            .map(|b| b.iter().filter(|&&x| x).count() as f64 * cell_km2)
            .collect();
        let limit_km2 = built_up_km2
            .iter()
            .zip(&scenario.stations)
            .map(|(&b, st)| {
                if b <= 0.0 {
                    f64::NAN
                } else if rule.land().contains(st.pos) {
                    rule.area_limit_km2
                } else {
                    rule.suburban_area_limit_km2
                }
            })
            .collect();
        let mut d = Districts {
            cell_km2,
            cells,
            built_up,
            demand,
            area_km2,
            built_up_km2,
            limit_km2,
            edge_s: vec![],
        };
        d.edge_s = (0..n)
            .map(|s| d.reach(scenario, s, Crewed::Station).edge_s)
            .collect();
        Some(d)
    }

    /// Whether station `s` is judged by the rule (its district holds urban land).
    pub fn urban(&self, s: usize) -> bool {
        self.built_up_km2[s] > 0.0
    }

    /// Whether station `s`'s district meets its area limit: its part on urban land within
    /// the limit; `None` for a district the rule does not judge.
    pub fn meets_area_limit(&self, s: usize) -> Option<bool> {
        self.urban(s)
            .then(|| self.built_up_km2[s] <= self.limit_km2[s])
    }

    /// The cells of station `s`'s district (centres), for maps.
    pub fn cells(&self, s: usize) -> &[Point] {
        &self.cells[s]
    }

    fn reach(&self, scenario: &Scenario, s: usize, crewed: Crewed) -> Reach {
        let st = &scenario.stations[s];
        let (from, extra) = match crewed {
            // Once a stop is asked for, no more reaches are worked out (the run is
            // discarded, never written).
            _ if crate::ground::cancel::requested().is_some() => {
                return Reach {
                    area_within: f64::NAN,
                    demand_within: f64::NAN,
                    edge_s: f64::NAN,
                };
            }
            Crewed::None => {
                return Reach {
                    area_within: 0.0,
                    demand_within: 0.0,
                    edge_s: f64::INFINITY,
                };
            }
            Crewed::Station => (
                Place {
                    pos: st.pos,
                    station: Some(s),
                    zone: None,
                    node: None,
                },
                0.0,
            ),
            Crewed::Premises => (place(st.premises_pos, None), st.premises_extra_turnout_s),
        };
        let travel: &AnyTravel = &scenario.travel;
        let turnout = scenario.turnout.mean_s() + extra;
        let time = |p: Point, z: Option<usize>| turnout + travel.estimate_s(from, place(p, z));
        let std_s = scenario.standard_s;
        let cells = &self.cells[s];
        let urban = self.urban(s);
        let mut within = 0usize;
        let mut edge = f64::NAN;
        for (p, &b) in cells.iter().zip(&self.built_up[s]) {
            let t = time(*p, None);
            within += (t <= std_s) as usize;
            if !urban || b {
                edge = if edge.is_nan() { t } else { edge.max(t) };
            }
        }
        let (mut w_in, mut w_all) = (0.0, 0.0);
        for &(p, z, w) in &self.demand[s] {
            w_all += w;
            if time(p, Some(z)) <= std_s {
                w_in += w;
            }
        }
        Reach {
            area_within: if cells.is_empty() {
                f64::NAN
            } else {
                within as f64 / cells.len() as f64
            },
            demand_within: if w_all > 0.0 { w_in / w_all } else { f64::NAN },
            edge_s: edge,
        }
    }

    /// The per-period figures under a crewing timeline.
    pub fn figures(
        self: &std::sync::Arc<Self>,
        scenario: &Scenario,
        crewing: &CrewingTimeline,
    ) -> DistrictFigures {
        let n = scenario.stations.len();
        let mut memo: std::collections::HashMap<(usize, Crewed), Reach> =
            std::collections::HashMap::new();
        let states: Vec<Vec<Crewed>> = crewing
            .states()
            .map(|(_, crews)| {
                let c = |u: usize| crews[u] > 0;
                scenario
                    .stations
                    .iter()
                    .map(|st| {
                        if st.units.iter().any(|&u| c(u)) {
                            Crewed::Station
                        } else if st.premises_units.iter().any(|&u| c(u)) {
                            Crewed::Premises
                        } else {
                            Crewed::None
                        }
                    })
                    .collect()
            })
            .collect();
        let end = scenario.calendar.horizon_end();
        let mut spans: Vec<(
            crate::ground::engine::SimTime,
            crate::ground::engine::SimTime,
        )> = scenario
            .calendar
            .years()
            .into_iter()
            .map(|y| scenario.calendar.year_span(y))
            .collect();
        spans.push((crate::ground::engine::SimTime::ZERO, end));
        let periods = spans
            .iter()
            .map(|&(from, to)| {
                let mut acc = vec![StationPeriod::default(); n];
                let total = (to - from).0.max(1) as f64;
                for (k, state) in states.iter().enumerate() {
                    let (t, next) = crewing.span(k, end);
                    let (a, b) = (t.max(from), next.min(to));
                    if b <= a {
                        continue;
                    }
                    let share = (b - a).0 as f64 / total;
                    for (s, out) in acc.iter_mut().enumerate() {
                        let r = *memo
                            .entry((s, state[s]))
                            .or_insert_with(|| self.reach(scenario, s, state[s]));
                        out.area_within += share * r.area_within;
                        out.demand_within += share * r.demand_within;
                        out.edge_within += share * (r.edge_s <= scenario.standard_s) as u8 as f64;
                    }
                }
                acc
            })
            .collect();
        DistrictFigures {
            districts: self.clone(),
            periods,
        }
    }
}

/// The per-station figure names, in emit order (after `by_station.<id>.`).
pub const FIGURES: [&str; 9] = [
    "district_judged",
    "district_area_km2",
    "district_built_up_km2",
    "district_area_limit_km2",
    "district_meets_area_limit",
    "district_area_within_standard",
    "district_demand_within_standard",
    "district_edge_s",
    "district_edge_within_standard",
];

/// The per-station district figures of one period, as `(name, value)` in [`FIGURES`]
/// order, the name made only if `out` calls it; `fig` is `None` when only the names are
/// wanted.
pub fn emit(
    scenario: &Scenario,
    fig: Option<(&DistrictFigures, usize)>,
    out: &mut dyn FnMut(&dyn Fn() -> String, f64),
) {
    for (s, st) in scenario.stations.iter().enumerate() {
        let v: [f64; 9] = match fig {
            None => [f64::NAN; 9],
            Some((f, p)) => {
                let d = &f.districts;
                let sp = &f.periods[p][s];
                [
                    d.urban(s) as u8 as f64,
                    d.area_km2[s],
                    d.built_up_km2[s],
                    d.limit_km2[s],
                    d.meets_area_limit(s).map_or(f64::NAN, |m| m as u8 as f64),
                    sp.area_within,
                    sp.demand_within,
                    d.edge_s[s],
                    sp.edge_within,
                ]
            }
        };
        for (name, x) in FIGURES.iter().zip(v) {
            // The name is made only when asked for (once, for the layout), not per value.
            out(
                &|| format!("by_station.{}.{name}", st.id.replace('.', "_")),
                x,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(side: f64) -> Vec<Point> {
        vec![
            Point {
                x_km: 0.0,
                y_km: 0.0,
            },
            Point {
                x_km: side,
                y_km: 0.0,
            },
            Point {
                x_km: side,
                y_km: side,
            },
            Point {
                x_km: 0.0,
                y_km: side,
            },
        ]
    }

    #[test]
    fn polygon_area_and_inside() {
        let v = square(2.0);
        assert!((polygon_area_km2(&v) - 4.0).abs() < 1e-12);
        let u = UrbanArea {
            polygon: vec![],
            points: v.into(),
            area_km2: 4.0,
            source: String::new(),
            area_type: None,
        };
        assert!(u.contains(Point {
            x_km: 1.0,
            y_km: 1.0
        }));
        assert!(!u.contains(Point {
            x_km: 3.0,
            y_km: 1.0
        }));
        assert!(!u.contains(Point {
            x_km: -0.1,
            y_km: 1.0
        }));
    }
}
