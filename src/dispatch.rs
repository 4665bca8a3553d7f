//! Dispatch policies: which available unit goes to a requirement.
//!
//! The model offers a policy the available crewed units of an acceptable kind (the
//! requirement's own kind first; its substitutes only when none of those is available) and
//! the policy picks one. The policy sees positions, estimated turnouts and the travel
//! model, never the event queue: it cannot change the simulation's state.
//!
//! [`Closest`] picks the unit with the earliest *estimated arrival*: estimated turnout
//! (the mean turnout plus any extra for temporary premises or a short crew; zero for a unit
//! already on the road) plus estimated travel; ties go to the lower unit index. [`Best`] is
//! that comparison, used by the full scan and by the model's nearest-first search alike.
//!
//! Offering every unit is linear in the size of the fleet. [`Closest`] can instead carry a
//! [`StationOrder`]: per demand cell, every station sorted by a lower bound of the travel
//! time from it (or its temporary premises) to any point of the cell. The model then looks
//! at the units on the road and at stations in that order, and stops at the first station
//! whose bound plus the mean turnout (no unit at a station turns out faster) exceeds the
//! best arrival found: usually after one or two stations, whatever the number of stations.
//! The search compares exactly what the full scan compares, so it chooses the same unit;
//! `tests/dispatch_index.rs` checks it on random cities.

use crate::scenario::Scenario;
use crate::travel::{AnyTravel, Network, Place, TravelModel};

/// A unit that could be sent.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// Unit index.
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

/// Chooses one unit among candidates for an incident at `site`.
pub trait DispatchPolicy: Send + Sync {
    /// The chosen unit, or `None` to leave the requirement waiting.
    fn choose(
        &self,
        travel: &AnyTravel,
        site: Place,
        candidates: &mut dyn Iterator<Item = Candidate>,
    ) -> Option<usize>;

    /// A station order for a nearest-first search, if this policy picks the candidate with
    /// the earliest estimated arrival ([`Best`]), so the model need not offer every
    /// candidate. `None` (the default): the model offers them all.
    fn station_order(&self) -> Option<&StationOrder> {
        None
    }
}

/// The default: the candidate with the earliest estimated arrival (turnout + travel; ties:
/// the lower unit index, i.e. the order of the scenario file).
///
/// `Closest::default()` scans every candidate; [`Closest::indexed`] carries a
/// [`StationOrder`] so the model can search nearest-first. Both choose the same unit.
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
}

impl DispatchPolicy for Closest {
    fn choose(
        &self,
        travel: &AnyTravel,
        site: Place,
        candidates: &mut dyn Iterator<Item = Candidate>,
    ) -> Option<usize> {
        let mut best = Best::default();
        for c in candidates {
            best.consider(travel, site, &c);
        }
        best.get().map(|(_, u)| u)
    }

    fn station_order(&self) -> Option<&StationOrder> {
        self.order.as_ref()
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
/// site in the cell (ties: station index).
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
        if let AnyTravel::Network(net) = &scenario.travel {
            return StationOrder::for_network(net, scenario.stations.len(), row.max(1));
        }
        let stations = scenario.stations.len();
        let (cells, n_cells) = match &scenario.travel {
            AnyTravel::Kolesar(_) => {
                let mut lo = (f64::INFINITY, f64::INFINITY);
                let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
                for z in &scenario.zones {
                    let r = z.radius_km() + 1e-6;
                    lo = (lo.0.min(z.pos.x_km - r), lo.1.min(z.pos.y_km - r));
                    hi = (hi.0.max(z.pos.x_km + r), hi.1.max(z.pos.y_km + r));
                }
                if !(lo.0.is_finite() && hi.0.is_finite() && lo.1.is_finite() && hi.1.is_finite()) {
                    (Cells::One, 1)
                } else {
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
            }
            AnyTravel::Matrix(_) => (Cells::Zones, scenario.zones.len()),
            AnyTravel::Zero(_) | AnyTravel::Network(_) => (Cells::One, 1),
        };
        let mut bound_s = Vec::with_capacity(n_cells * stations);
        let mut station = Vec::with_capacity(n_cells * stations);
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
        let mut row: Vec<u128> = Vec::with_capacity(stations);
        let mut bounds: Vec<f64> = vec![0.0; stations];
        for c in 0..n_cells {
            row.clear();
            for (s, st) in scenario.stations.iter().enumerate() {
                let mut b = f64::INFINITY;
                let premises = (!st.premises_units.is_empty()).then_some(st.premises_pos);
                for pos in std::iter::once(st.pos).chain(premises) {
                    b = b.min(match (&cells, &scenario.travel) {
                        (
                            Cells::Grid {
                                x0_km,
                                y0_km,
                                cell_km,
                                nx,
                                ..
                            },
                            AnyTravel::Kolesar(k),
                        ) => {
                            // The cell's rectangle, widened by a millimetre against rounding in
                            // the cell lookup.
                            let (cx, cy) = ((c % nx) as f64, (c / nx) as f64);
                            let (ax, bx) = (x0_km + cx * cell_km, x0_km + (cx + 1.0) * cell_km);
                            let (ay, by) = (y0_km + cy * cell_km, y0_km + (cy + 1.0) * cell_km);
                            let dx = (ax - 1e-6 - pos.x_km).max(pos.x_km - bx - 1e-6).max(0.0);
                            let dy = (ay - 1e-6 - pos.y_km).max(pos.y_km - by - 1e-6).max(0.0);
                            // `sqrt(dx² + dy²)` is within a few ulps of `hypot` (and much
                            // cheaper); the 1e-9 margin keeps it a lower bound.
                            k.time_for_km((dx * dx + dy * dy).sqrt()) * (1.0 - 1e-9)
                        }
                        (Cells::Zones, AnyTravel::Matrix(m)) => m.entry_s(c, s),
                        _ => 0.0,
                    });
                }
                bounds[s] = b;
                row.push(((sortable(b) as u128) << 32) | s as u128);
            }
            row.sort_unstable();
            for &r in &row {
                let s = r as u32;
                station.push(s);
                bound_s.push(bounds[s as usize]);
            }
        }
        StationOrder {
            cells,
            stations,
            complete: true,
            bound_s,
            station,
        }
    }

    /// Per road node, the `row` stations with the shortest table time to it (ties:
    /// station index), in that order, in parallel over nodes.
    fn for_network(net: &Network, stations: usize, row: usize) -> StationOrder {
        use rayon::prelude::*;
        let width = stations.min(row);
        let nodes = net.graph().len();
        let rows: Vec<(Vec<f64>, Vec<u32>)> = (0..nodes as u32)
            .into_par_iter()
            .map(|v| {
                let mut row: Vec<u64> = (0..stations)
                    .map(|s| (net.from_station_ms(s, v) as u64) << 32 | s as u64)
                    .collect();
                if width < row.len() {
                    row.select_nth_unstable(width - 1);
                    row.truncate(width);
                }
                row.sort_unstable();
                // The same expression as the estimate's first term, so it never exceeds it.
                row.iter()
                    .map(|&k| ((k >> 32) as f64 * 0.001, k as u32))
                    .unzip()
            })
            .collect();
        let mut bound_s = Vec::with_capacity(nodes * width);
        let mut station = Vec::with_capacity(nodes * width);
        for (b, s) in rows {
            bound_s.extend(b);
            station.extend(s);
        }
        StationOrder {
            cells: Cells::Nodes,
            stations: width,
            complete: width == stations,
            bound_s,
            station,
        }
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
                let v = site.node? as usize;
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
