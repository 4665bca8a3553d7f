//! Dispatch policies: which available unit goes to a requirement.
//!
//! The model asks the policy for a unit of one kind for a site (its substitutes are the
//! model's rule: it asks again for each). The policy finds the unit itself, through a
//! read-only [`FleetView`] of the units available now: where each is (at its base, on the
//! road back, at a neighbouring station), its estimated turnout, and the travel model. The
//! view cannot change the simulation's state, and a policy that does not search gets no
//! unit: there is no default search for a new policy to inherit.
//!
//! [`Closest`] picks the unit with the earliest *estimated arrival*: estimated turnout
//! (the mean turnout plus any extra for temporary premises or a short crew; zero for a unit
//! already on the road) plus estimated travel; ties go to the lower unit index ([`Best`]).
//!
//! Looking at every unit is linear in the size of the fleet. [`Closest`] can instead carry
//! a [`StationOrder`]: per demand cell, every station sorted by a lower bound of the travel
//! time from it (or its temporary premises) to any point of the cell (the neighbouring
//! stations ranked with them). It then looks at the units on the road back and at
//! stations in that order, and stops at the first
//! station whose bound plus the least turnout (no unit at a station turns out faster)
//! exceeds the best arrival found: usually after one or two stations, whatever the number
//! of stations. The search compares exactly what the full scan compares, so it chooses the
//! same unit; `tests/dispatch_index.rs` checks it on random cities and a road network.

use crate::ground::geo::Point;
use crate::scenario::Scenario;
use crate::travel::{AnyTravel, Area, CellHint, Place, TravelModel};

/// A unit that could be sent.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// Unit index (a neighbouring station's unit: the district's unit count plus its index).
    pub unit: usize,
    /// Where it is now (its station, or on the road back).
    pub from: Place,
    /// Whether it is at its station (it will need to turn out).
    pub at_station: bool,
    /// Its estimated turnout, seconds (0 on the road).
    pub turnout_s: f64,
}

/// The estimated arrival of candidate `c` at `site`: estimated turnout plus travel.
#[inline]
pub fn estimated_arrival_s(travel: &AnyTravel, c: &Candidate, site: Place) -> f64 {
    c.turnout_s + travel.estimate_s(c.from, site)
}

/// What a policy may see of the fleet at the moment it chooses: the units available now,
/// read-only. The model implements it; tests may implement it over a plain list.
pub trait FleetView {
    /// The travel model.
    fn travel(&self) -> &AnyTravel;
    /// The least estimated turnout of a unit at its base (the mean turnout: extras for
    /// premises or short crews only add to it).
    fn least_turnout_s(&self) -> f64;
    /// Every available unit of kind `kind`: the district's (at their base or on the road)
    /// and the neighbouring stations'.
    fn each_available(&self, kind: usize, visit: impl FnMut(&Candidate));
    /// The available units of kind `kind` on the road back to their station.
    fn each_returning(&self, kind: usize, visit: impl FnMut(&Candidate));
    /// The available units of kind `kind` of the neighbouring stations.
    fn each_neighbour(&self, kind: usize, visit: impl FnMut(&Candidate));
    /// The available units of kind `kind` at station `station`'s base: for a district
    /// station (below the district's station count) those at the station or its temporary
    /// premises; past it, those of neighbouring station `station − stations` (as a
    /// [`StationOrder`] ranks them).
    fn each_at_station(&self, station: usize, kind: usize, visit: impl FnMut(&Candidate));
}

/// The best candidate so far: earliest estimated arrival, ties to the lower unit index.
#[derive(Clone, Copy, Debug, Default)]
pub struct Best(Option<(f64, usize)>);

impl Best {
    /// Consider `c` for `site`.
    #[inline]
    pub fn consider(&mut self, travel: &AnyTravel, site: Place, c: &Candidate) {
        let est = estimated_arrival_s(travel, c, site);
        if self
            .0
            .is_none_or(|(bt, bu)| est < bt || (est == bt && c.unit < bu))
        {
            self.0 = Some((est, c.unit));
        }
    }

    /// Whether no unit whose estimated arrival is at least `bound` can beat the best.
    #[inline]
    pub fn beats(&self, bound: f64) -> bool {
        self.0.is_some_and(|(bt, _)| bound > bt)
    }

    /// The best unit and its estimated arrival.
    pub fn get(&self) -> Option<(f64, usize)> {
        self.0
    }
}

/// Finds the unit to send to a site.
pub trait DispatchPolicy: Send + Sync {
    /// The unit of kind `kind` to send to `site`, among those `fleet` shows available; `None`
    /// leaves the requirement waiting (for a substitute, a freed unit or mutual aid).
    fn choose(&self, fleet: &impl FleetView, site: Place, kind: usize) -> Option<usize>;
}

/// The default: the candidate with the earliest estimated arrival (turnout + travel; ties:
/// the lower unit index, i.e. the order of the scenario file).
///
/// `Closest::default()` scans every candidate; [`Closest::indexed`] carries a
/// [`StationOrder`] and searches nearest-first. Both choose the same unit.
#[derive(Clone, Debug, Default)]
pub struct Closest {
    order: Option<StationOrder>,
}

impl Closest {
    /// The policy with a station order for `scenario` (built once, shared by replications).
    pub fn indexed(scenario: &Scenario) -> Closest {
        Closest {
            order: Some(StationOrder::new(scenario)),
        }
    }

    /// The policy with a given station order.
    pub fn with_order(order: StationOrder) -> Closest {
        Closest { order: Some(order) }
    }

    /// The nearest-first search: units on the road back, then stations (the district's
    /// and, where the order ranks them, the neighbouring ones) in the order's row for
    /// `site` until a station's bound plus the least turnout exceeds the best arrival
    /// found. `None` when the order has no row for `site`, or when its row is incomplete (a
    /// road network's nearest stations only) and does not settle the choice: a station left
    /// out of it could still be first. Then only the full scan is exact.
    fn nearest(&self, fleet: &impl FleetView, site: Place, kind: usize) -> Option<Best> {
        let order = self.order.as_ref()?;
        let (bounds, stations) = order.for_site(site)?;
        let travel = fleet.travel();
        let least_turnout_s = fleet.least_turnout_s();
        let mut best = Best::default();
        fleet.each_returning(kind, |c| best.consider(travel, site, c));
        if !order.ranks_neighbours {
            fleet.each_neighbour(kind, |c| best.consider(travel, site, c));
        }
        for (&bound, &s) in bounds.iter().zip(stations) {
            if best.beats(bound + least_turnout_s) {
                break;
            }
            fleet.each_at_station(s as usize, kind, |c| best.consider(travel, site, c));
        }
        let settled = order.complete()
            || matches!((best.get(), bounds.last()),
                (Some((bt, _)), Some(&last)) if bt < last + least_turnout_s);
        settled.then_some(best)
    }
}

impl DispatchPolicy for Closest {
    fn choose(&self, fleet: &impl FleetView, site: Place, kind: usize) -> Option<usize> {
        let best = self.nearest(fleet, site, kind).unwrap_or_else(|| {
            let travel = fleet.travel();
            let mut best = Best::default();
            fleet.each_available(kind, |c| best.consider(travel, site, c));
            best
        });
        best.get().map(|(_, u)| u)
    }
}

/// At most this many `(cell, station)` entries (12 bytes each) in a [`StationOrder`].
const MAX_ENTRIES: usize = 1 << 20;
/// At most this many cells per side of the grid.
const MAX_SIDE: usize = 64;

/// How a site is mapped to a cell.
#[derive(Clone, Debug)]
enum Cells {
    /// A square grid over the demand zones (distance-based travel).
    Grid {
        x0_km: f64,
        y0_km: f64,
        cell_km: f64,
        nx: usize,
        ny: usize,
    },
    /// One cell per demand zone (a zone × station travel matrix).
    Zones,
    /// One cell per road node, holding only the nearest [`NODE_ROW`] stations (a road
    /// network: a site's cell is the node it joins the road at).
    Nodes,
    /// One cell for everything (no travel).
    One,
}

/// A road network's station order keeps this many stations per node; a search that finds
/// no unit within them (or one no faster than the last one's bound) scans every unit.
pub const NODE_ROW: usize = 16;

/// Per demand cell, every station sorted by a lower bound of the travel time from it to any
/// site in the cell (ties: station index). With distance-based travel (the only travel
/// neighbouring stations may have) the neighbouring stations are ranked too, after the
/// district's in index (`stations + j`), so that a search reaches them only when they could
/// be first: usually never, where before every search estimated every neighbour.
///
/// - Kolesar travel: cells of a square grid covering every zone's disc; the bound is the
///   travel time for the shortest distance between the station and the cell's rectangle,
///   lowered by a relative 1e-9 so that rounding can never make it exceed a true estimate.
///   A site outside the grid (a replayed incident, say) has no cell: the model scans.
/// - Matrix travel: one cell per zone; the bound is the matrix entry itself (exact).
/// - Network travel: one cell per road node; the bound is the table time from the station
///   to the node (the site's own off-road leg only adds to it); only the nearest
///   [`NODE_ROW`] stations are kept per node (rows are then *incomplete*).
/// - No travel: one cell; every bound is zero.
#[derive(Clone, Debug)]
pub struct StationOrder {
    cells: Cells,
    /// Stations per row.
    stations: usize,
    /// Whether the rows rank the neighbouring stations (index: district stations + j).
    ranks_neighbours: bool,
    /// Whether each row holds every station (else the search may need a scan).
    complete: bool,
    /// `bound_s[cell * stations + rank]`: the bound of the station at that rank.
    bound_s: Vec<f64>,
    /// `station[cell * stations + rank]`: the station at that rank.
    station: Vec<u32>,
}

impl StationOrder {
    /// The order for `scenario`'s stations, zones and travel model.
    pub fn new(scenario: &Scenario) -> StationOrder {
        StationOrder::with_node_row(scenario, NODE_ROW)
    }

    /// [`StationOrder::new`] keeping `row` stations per road node (network travel only;
    /// tests use short rows to exercise the fall-back scan).
    pub fn with_node_row(scenario: &Scenario, row: usize) -> StationOrder {
        let travel = &scenario.travel;
        let (cells, n_cells) = match travel.cells() {
            CellHint::Nodes(n) => (Cells::Nodes, n),
            CellHint::Zones => (Cells::Zones, scenario.zones.len()),
            CellHint::Anywhere => (Cells::One, 1),
            CellHint::Distance => StationOrder::grid(scenario),
        };
        // Neighbouring stations are ranked where a lower bound from any point is at hand.
        let ranks_neighbours = matches!(cells, Cells::Grid { .. } | Cells::One);
        let neighbours = if ranks_neighbours {
            scenario.outside.len()
        } else {
            0
        };
        let stations = scenario.stations.len() + neighbours;
        // Where each station's units wait: the station, and its temporary premises.
        let bases: Vec<Vec<Place>> = scenario
            .stations
            .iter()
            .enumerate()
            .map(|(s, st)| {
                let mut b = vec![Place {
                    pos: st.pos,
                    station: Some(s),
                    zone: None,
                    node: None,
                }];
                // As the model places a unit kept there (`Model::position`).
                if !st.premises_units.is_empty() && st.premises_pos != st.pos {
                    b.push(Place {
                        pos: st.premises_pos,
                        station: Some(s),
                        zone: None,
                        node: travel.locate(st.premises_pos),
                    });
                }
                b
            })
            .chain(scenario.outside.iter().take(neighbours).map(|o| {
                vec![Place {
                    pos: o.pos,
                    station: None,
                    zone: None,
                    node: None,
                }]
            }))
            .collect();
        let area = |c: usize| match cells {
            Cells::Grid {
                x0_km,
                y0_km,
                cell_km,
                nx,
                ..
            } => {
                let (cx, cy) = ((c % nx) as f64, (c / nx) as f64);
                Some(Area::Rect {
                    lo: Point {
                        x_km: x0_km + cx * cell_km,
                        y_km: y0_km + cy * cell_km,
                    },
                    hi: Point {
                        x_km: x0_km + (cx + 1.0) * cell_km,
                        y_km: y0_km + (cy + 1.0) * cell_km,
                    },
                })
            }
            Cells::Zones => Some(Area::Zone(c)),
            Cells::Nodes => Some(Area::Node(c as u32)),
            Cells::One => None,
        };
        let width = match cells {
            Cells::Nodes => stations.min(row.max(1)),
            _ => stations,
        };
        // Each row is sorted as `u128` keys: the bound's bits mapped so that integer order
        // is `f64::total_cmp` order, then the station index (the tie-break).
        let sortable = |b: f64| {
            let bits = b.to_bits();
            if bits >> 63 == 1 {
                !bits
            } else {
                bits | 1 << 63
            }
        };
        let one_row = |c: usize| -> Vec<(f64, u32)> {
            let area = area(c);
            let mut row: Vec<u128> = (0..stations)
                .map(|s| {
                    let b = area.map_or(0.0, |a| {
                        bases[s]
                            .iter()
                            .map(|&p| travel.lower_bound_s(p, a))
                            .fold(f64::INFINITY, f64::min)
                    });
                    ((sortable(b) as u128) << 32) | s as u128
                })
                .collect();
            if width < row.len() {
                row.select_nth_unstable(width - 1);
                row.truncate(width);
            }
            row.sort_unstable();
            row.iter()
                .map(|&r| {
                    let s = r as u32;
                    let bits = (r >> 32) as u64;
                    let bits = if bits >> 63 == 1 {
                        bits & !(1 << 63)
                    } else {
                        !bits
                    };
                    (f64::from_bits(bits), s)
                })
                .collect()
        };
        use rayon::prelude::*;
        let rows: Vec<Vec<(f64, u32)>> = (0..n_cells).into_par_iter().map(one_row).collect();
        let mut bound_s = Vec::with_capacity(n_cells * width);
        let mut station = Vec::with_capacity(n_cells * width);
        for (b, s) in rows.into_iter().flatten() {
            bound_s.push(b);
            station.push(s);
        }
        StationOrder {
            cells,
            stations: width,
            ranks_neighbours,
            complete: width == stations,
            bound_s,
            station,
        }
    }

    /// A square grid covering every zone's land (its disc or its cell) (a single cell when there are none).
    fn grid(scenario: &Scenario) -> (Cells, usize) {
        let stations = scenario.stations.len() + scenario.outside.len();
        let mut lo = (f64::INFINITY, f64::INFINITY);
        let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for z in &scenario.zones {
            let r = z.reach_km() + 1e-6;
            lo = (lo.0.min(z.pos.x_km - r), lo.1.min(z.pos.y_km - r));
            hi = (hi.0.max(z.pos.x_km + r), hi.1.max(z.pos.y_km + r));
        }
        if !(lo.0.is_finite() && hi.0.is_finite() && lo.1.is_finite() && hi.1.is_finite()) {
            return (Cells::One, 1);
        }
        let per_side = ((MAX_ENTRIES / stations.max(1)) as f64).sqrt() as usize;
        let side = per_side.clamp(1, MAX_SIDE);
        let extent = (hi.0 - lo.0).max(hi.1 - lo.1).max(1e-3);
        let cell_km = extent / side as f64;
        let nx = (((hi.0 - lo.0) / cell_km).ceil() as usize).clamp(1, side);
        let ny = (((hi.1 - lo.1) / cell_km).ceil() as usize).clamp(1, side);
        (
            Cells::Grid {
                x0_km: lo.0,
                y0_km: lo.1,
                cell_km,
                nx,
                ny,
            },
            nx * ny,
        )
    }

    /// Whether every row holds every station. When not, a search that ends its row with no
    /// unit, or with a best estimate not below the row's last bound, must scan every unit.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// The stations, nearest-bound first, with their bounds, for a site; `None` when the
    /// site lies outside every cell (then only a full scan is exact).
    #[inline]
    pub fn for_site(&self, site: Place) -> Option<(&[f64], &[u32])> {
        let cell = match self.cells {
            Cells::Grid {
                x0_km,
                y0_km,
                cell_km,
                nx,
                ny,
            } => {
                let fx = (site.pos.x_km - x0_km) / cell_km;
                let fy = (site.pos.y_km - y0_km) / cell_km;
                // `!(a >= 0)` also rejects NaN.
                if !(fx >= 0.0 && fy >= 0.0) {
                    return None;
                }
                let (cx, cy) = (fx as usize, fy as usize);
                if cx >= nx || cy >= ny {
                    return None;
                }
                cy * nx + cx
            }
            Cells::Nodes => {
                let v = site.node?.node as usize;
                if (v + 1) * self.stations > self.station.len() {
                    return None;
                }
                v
            }
            Cells::Zones => {
                let z = site.zone?;
                if (z + 1) * self.stations > self.station.len() {
                    return None;
                }
                z
            }
            Cells::One => 0,
        };
        let r = cell * self.stations..(cell + 1) * self.stations;
        Some((&self.bound_s[r.clone()], &self.station[r]))
    }
}
