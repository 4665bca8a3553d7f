//! Travel times: the [`TravelModel`] trait and its implementations.
//!
//! - [`Kolesar`]: the acceleration–cruise model of Kolesar & Walker (RAND R-1449): a vehicle
//!   accelerates at `a` to cruise speed `v`, so a trip of road distance `d` takes
//!   `2·√(d/a)` below the critical distance `v²/a` and `v/a + d/v` beyond it. Road distance
//!   is straight-line distance times a detour factor. With `v` = 57 km/h and
//!   `a` = 0.40 m/s² this is RAND's fitted `2.10·√d` / `0.65 + 1.70·d` (miles, minutes).
//! - [`Matrix`]: a zone × station travel-time table, as a GIS "OD cost matrix" export gives it.
//! - [`Network`]: exact shortest paths on an OpenStreetMap road graph ([`network`]).
//! - [`ZeroTravel`]: no travel at all, for textbook queueing checks.
//!
//! Real trips scatter widely at the same distance; the simulation multiplies the model's
//! estimate by a lognormal factor with mean 1 and coefficient of variation `spread_cv`
//! ([`TravelModel::spread_cv`]); zero spread keeps textbook checks exact.

pub mod network;
pub mod node_grid;

use crate::ground::geo::Point;
pub use network::{Network, RoadGraph};

/// One end of a trip: where it is, and which station or zone it is, when it is one.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    /// Projected position.
    pub pos: Point,
    /// The station this place is (a unit at or returning to its station).
    pub station: Option<usize>,
    /// The demand zone this place is in (an incident).
    pub zone: Option<usize>,
    /// The travel model's own key for `pos` ([`TravelModel::locate`]), when the caller has
    /// looked it up; `None` for a unit at its station (`station` says which) or when not
    /// looked up (the model then locates `pos` itself: same answer, slower).
    pub node: Option<Located>,
}

/// Where a position joins a road network ([`TravelModel::locate`]): its nearest road node
/// and the off-road leg to it, looked up once and then read by every estimate from or to
/// the position (a dispatch makes several for one incident).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Located {
    /// The nearest road node (graph index).
    pub node: u32,
    /// The off-road leg between the position and the node, seconds.
    pub off_s: f64,
}

/// Items grouped into `rows` rows by a counting sort (compressed rows): row `r`'s items are
/// `order[first[r]..first[r + 1]]`, item indices in increasing order within a row.
/// `row_of` gives each item's row (below `rows`).
pub(crate) fn group_rows(
    rows: usize,
    row_of: impl ExactSizeIterator<Item = usize> + Clone,
) -> (Vec<u32>, Vec<u32>) {
    let mut first = vec![0u32; rows + 1];
    for r in row_of.clone() {
        first[r + 1] += 1;
    }
    for r in 0..rows {
        first[r + 1] += first[r];
    }
    let mut fill = first.clone();
    let mut order = vec![0u32; row_of.len()];
    for (i, r) in row_of.enumerate() {
        order[fill[r] as usize] = i as u32;
        fill[r] += 1;
    }
    (first, order)
}

impl Place {
    /// A place that is only a position.
    pub fn at(pos: Point) -> Place {
        Place {
            pos,
            station: None,
            zone: None,
            node: None,
        }
    }
}

/// How a dispatch index should cut sites into cells for a travel model, so that a lower
/// bound of the travel time from a station to any site of a cell is cheap and tight
/// ([`TravelModel::lower_bound_s`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellHint {
    /// Time grows with straight-line distance: cut the map into a square grid.
    Distance,
    /// Times are known per demand zone: one cell per zone.
    Zones,
    /// Times are known per road node: one cell per node, of this many nodes.
    Nodes(usize),
    /// No place is nearer than another: one cell.
    Anywhere,
}

/// Where a trip may end, for a lower bound of its time ([`TravelModel::lower_bound_s`]).
#[derive(Clone, Copy, Debug)]
pub enum Area {
    /// Any point of the rectangle `[lo, hi]` (projected km).
    Rect {
        /// South-west corner.
        lo: Point,
        /// North-east corner.
        hi: Point,
    },
    /// Any site of demand zone `z`.
    Zone(usize),
    /// Any site that joins the road at node `v` ([`TravelModel::locate`]).
    Node(u32),
}

/// A trip as a road model explains it, at speed factor 1 (what calibration fits).
#[derive(Clone, Debug, PartialEq)]
pub struct RoadTrip {
    /// Time on the road per road class (in [`TravelModel::road_classes`]'s order), seconds,
    /// at speed factor 1 (each way at its class's speed, or its `maxspeed`).
    pub road_s_by_class: Vec<f64>,
    /// Straight-line distance off the road (both ends), km.
    pub off_road_km: f64,
}

/// Estimates emergency-vehicle travel time between two places.
pub trait TravelModel: Send + Sync {
    /// Expected travel time in seconds from `from` to `to`.
    fn estimate_s(&self, from: Place, to: Place) -> f64;
    /// Coefficient of variation of the per-trip random factor around the estimate.
    fn spread_cv(&self) -> f64;
    /// A key for `pos` that makes repeated estimates from or to it cheap (the road node a
    /// network model routes from); `None` for models that need none.
    fn locate(&self, _pos: Point) -> Option<Located> {
        None
    }
    /// Factor on travel times at hour `h` (0–23) of the day; 1 unless the model has
    /// hour-of-day speeds. The same for every candidate, so it never changes a choice.
    fn hour_factor(&self, _h: usize) -> f64 {
        1.0
    }
    /// The straight-line distance (km) reachable within `t_s` seconds, for models that
    /// depend on distance alone (maps draw it as a circle); `None` otherwise.
    fn reach_km(&self, _t_s: f64) -> Option<f64> {
        None
    }
    /// How a dispatch index should cut sites into cells ([`CellHint`]).
    fn cells(&self) -> CellHint {
        CellHint::Anywhere
    }
    /// A lower bound of the travel time from `from` to any site of `to`, seconds: never more
    /// than [`TravelModel::estimate_s`] gives for such a site (the dispatch index's search
    /// stops on it). The default, 0, is always one.
    fn lower_bound_s(&self, _from: Place, _to: Area) -> f64 {
        0.0
    }
    /// The road network this model routes on, for maps and GIS layers; `None` for models
    /// without roads.
    fn road_graph(&self) -> Option<&RoadGraph> {
        None
    }
    /// How far station `s` is from the road it joins, m (road models only).
    fn station_snap_m(&self, _s: usize) -> Option<f64> {
        None
    }
    /// The road classes of [`RoadTrip::road_s_by_class`] (road models only; empty else).
    fn road_classes(&self) -> &[String] {
        &[]
    }
    /// The trip from station `s` to `site` as road time per class and off-road distance,
    /// on the path the model routes it on (road models only), for calibration; with
    /// `route_factors` (a speed factor per road class, [`TravelModel::road_classes`]'
    /// order; empty: the model's own), on the shortest path at those factors.
    fn road_trip(&self, _s: usize, _site: Point, _route_factors: &[f64]) -> Option<RoadTrip> {
        None
    }
}

/// The Kolesar acceleration–cruise model on straight-line distance × detour factor.
#[derive(Clone, Debug)]
pub struct Kolesar {
    /// Cruise speed, m/s.
    cruise_ms: f64,
    /// Acceleration, m/s².
    accel_ms2: f64,
    /// Road distance / straight-line distance.
    detour_factor: f64,
    /// Critical distance `v²/a`, m.
    critical_m: f64,
    spread_cv: f64,
}

impl Kolesar {
    /// A model with the given cruise speed (km/h), acceleration (m/s²), detour factor and
    /// spread. Callers validate that the numbers are positive.
    pub fn new(cruise_kmh: f64, accel_ms2: f64, detour_factor: f64, spread_cv: f64) -> Kolesar {
        let cruise_ms = cruise_kmh / 3.6;
        Kolesar {
            cruise_ms,
            accel_ms2,
            detour_factor,
            critical_m: cruise_ms * cruise_ms / accel_ms2,
            spread_cv,
        }
    }

    /// Travel time in seconds for a straight-line distance in km.
    pub fn time_for_km(&self, straight_km: f64) -> f64 {
        let d = straight_km * 1_000.0 * self.detour_factor;
        if d <= 0.0 {
            0.0
        } else if d <= self.critical_m {
            2.0 * (d / self.accel_ms2).sqrt()
        } else {
            self.cruise_ms / self.accel_ms2 + d / self.cruise_ms
        }
    }

    /// The straight-line distance (km) reachable within `t_s` seconds: the inverse of
    /// [`Kolesar::time_for_km`], for coverage and maps.
    pub fn reach_km(&self, t_s: f64) -> f64 {
        if t_s <= 0.0 {
            return 0.0;
        }
        let t_crit = 2.0 * self.cruise_ms / self.accel_ms2;
        let d = if t_s <= t_crit {
            self.accel_ms2 * t_s * t_s / 4.0
        } else {
            (t_s - self.cruise_ms / self.accel_ms2) * self.cruise_ms
        };
        d / 1_000.0 / self.detour_factor
    }
}

impl TravelModel for Kolesar {
    fn estimate_s(&self, from: Place, to: Place) -> f64 {
        self.time_for_km(from.pos.distance_km(to.pos))
    }
    fn spread_cv(&self) -> f64 {
        self.spread_cv
    }
    fn reach_km(&self, t_s: f64) -> Option<f64> {
        Some(Kolesar::reach_km(self, t_s))
    }
    fn cells(&self) -> CellHint {
        CellHint::Distance
    }
    /// For a rectangle: the time for the shortest distance from `from` to it (widened by a
    /// millimetre against rounding in a grid lookup), lowered by a relative 1e-9 so that
    /// rounding can never make it exceed a true estimate.
    fn lower_bound_s(&self, from: Place, to: Area) -> f64 {
        match to {
            Area::Rect { lo, hi } => {
                let pos = from.pos;
                let dx = (lo.x_km - 1e-6 - pos.x_km)
                    .max(pos.x_km - hi.x_km - 1e-6)
                    .max(0.0);
                let dy = (lo.y_km - 1e-6 - pos.y_km)
                    .max(pos.y_km - hi.y_km - 1e-6)
                    .max(0.0);
                // `sqrt(dx² + dy²)` is within a few ulps of `hypot` (and much cheaper); the
                // 1e-9 margin keeps it a lower bound.
                self.time_for_km((dx * dx + dy * dy).sqrt()) * (1.0 - 1e-9)
            }
            Area::Zone(_) | Area::Node(_) => 0.0,
        }
    }
}

/// A zone × station travel-time matrix. Trips between a station and a zone use the entry
/// (in either direction: the matrix is taken as symmetric); a unit on the road uses its
/// home station's entry, since the matrix knows no other origins.
#[derive(Clone, Debug)]
pub struct Matrix {
    /// `times_s[zone][station]`.
    times_s: Vec<Vec<f64>>,
    spread_cv: f64,
}

impl Matrix {
    /// From a complete `[zone][station]` table in seconds.
    pub fn new(times_s: Vec<Vec<f64>>, spread_cv: f64) -> Matrix {
        Matrix { times_s, spread_cv }
    }

    /// The table entry for `zone` and `station`.
    pub fn entry_s(&self, zone: usize, station: usize) -> f64 {
        self.times_s[zone][station]
    }
}

impl TravelModel for Matrix {
    fn estimate_s(&self, from: Place, to: Place) -> f64 {
        match (from.station, to.zone, from.zone, to.station) {
            (Some(s), Some(z), _, _) | (_, _, Some(z), Some(s)) => self.entry_s(z, s),
            // Station to station or zone to zone: the matrix has no such entry. The model
            // never asks (units always travel between a station and an incident).
            _ => 0.0,
        }
    }
    fn spread_cv(&self) -> f64 {
        self.spread_cv
    }
    fn cells(&self) -> CellHint {
        CellHint::Zones
    }
    /// For a zone: the entry itself (exact) from a station.
    fn lower_bound_s(&self, from: Place, to: Area) -> f64 {
        match (from.station, to) {
            (Some(s), Area::Zone(z)) => self.entry_s(z, s),
            _ => 0.0,
        }
    }
}

/// Zero travel time everywhere: units are where they are needed at once.
#[derive(Clone, Copy, Debug, Default)]
pub struct ZeroTravel;

impl TravelModel for ZeroTravel {
    fn estimate_s(&self, _: Place, _: Place) -> f64 {
        0.0
    }
    fn spread_cv(&self) -> f64 {
        0.0
    }
}

/// Any of the built-in models (enum dispatch: no virtual call on the dispatch hot path).
#[derive(Clone, Debug)]
pub enum AnyTravel {
    /// See [`Kolesar`].
    Kolesar(Kolesar),
    /// See [`Matrix`].
    Matrix(Matrix),
    /// See [`ZeroTravel`].
    Zero(ZeroTravel),
    /// See [`Network`].
    Network(Box<Network>),
}

impl TravelModel for AnyTravel {
    #[inline]
    fn estimate_s(&self, from: Place, to: Place) -> f64 {
        match self {
            AnyTravel::Kolesar(m) => m.estimate_s(from, to),
            AnyTravel::Matrix(m) => m.estimate_s(from, to),
            AnyTravel::Zero(m) => m.estimate_s(from, to),
            AnyTravel::Network(m) => m.estimate_s(from, to),
        }
    }
    fn spread_cv(&self) -> f64 {
        match self {
            AnyTravel::Kolesar(m) => m.spread_cv(),
            AnyTravel::Matrix(m) => m.spread_cv(),
            AnyTravel::Zero(m) => m.spread_cv(),
            AnyTravel::Network(m) => m.spread_cv(),
        }
    }
    #[inline]
    fn locate(&self, pos: Point) -> Option<Located> {
        match self {
            AnyTravel::Network(m) => Some(m.locate(pos)),
            _ => None,
        }
    }
    fn hour_factor(&self, h: usize) -> f64 {
        match self {
            AnyTravel::Network(m) => m.hour_factor(h),
            _ => 1.0,
        }
    }
    fn reach_km(&self, t_s: f64) -> Option<f64> {
        match self {
            AnyTravel::Kolesar(m) => TravelModel::reach_km(m, t_s),
            _ => None,
        }
    }
    fn cells(&self) -> CellHint {
        match self {
            AnyTravel::Kolesar(m) => m.cells(),
            AnyTravel::Matrix(m) => m.cells(),
            AnyTravel::Zero(m) => m.cells(),
            AnyTravel::Network(m) => TravelModel::cells(m.as_ref()),
        }
    }
    fn lower_bound_s(&self, from: Place, to: Area) -> f64 {
        match self {
            AnyTravel::Kolesar(m) => m.lower_bound_s(from, to),
            AnyTravel::Matrix(m) => m.lower_bound_s(from, to),
            AnyTravel::Zero(m) => m.lower_bound_s(from, to),
            AnyTravel::Network(m) => TravelModel::lower_bound_s(m.as_ref(), from, to),
        }
    }
    fn road_graph(&self) -> Option<&RoadGraph> {
        match self {
            AnyTravel::Network(m) => Some(m.graph()),
            _ => None,
        }
    }
    fn station_snap_m(&self, s: usize) -> Option<f64> {
        match self {
            AnyTravel::Network(m) => TravelModel::station_snap_m(m.as_ref(), s),
            _ => None,
        }
    }
    fn road_classes(&self) -> &[String] {
        match self {
            AnyTravel::Network(m) => TravelModel::road_classes(m.as_ref()),
            _ => &[],
        }
    }
    fn road_trip(&self, s: usize, site: Point, route_factors: &[f64]) -> Option<RoadTrip> {
        match self {
            AnyTravel::Network(m) => TravelModel::road_trip(m.as_ref(), s, site, route_factors),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MILE_KM: f64 = 1.609_344;

    #[test]
    fn default_parameters_reproduce_the_rand_fit() {
        // RAND R-1449: T = 2.10·√d (d ≤ 0.38 mi), 0.65 + 1.70·d beyond, minutes and miles.
        let k = Kolesar::new(57.0, 0.40, 1.0, 0.0);
        for d_mi in [0.1, 0.3, 1.0, 3.0, 10.0] {
            let rand_min = if d_mi <= 0.38 {
                2.10 * f64::sqrt(d_mi)
            } else {
                0.65 + 1.70 * d_mi
            };
            let ours_min = k.time_for_km(d_mi * MILE_KM) / 60.0;
            assert!(
                (ours_min - rand_min).abs() / rand_min < 0.03,
                "{d_mi} mi: {ours_min} vs {rand_min}"
            );
        }
    }

    #[test]
    fn reach_inverts_travel_time() {
        let k = Kolesar::new(57.0, 0.40, 1.3, 0.0);
        for t in [10.0, 60.0, 240.0, 900.0] {
            assert!((k.time_for_km(k.reach_km(t)) - t).abs() < 1e-6);
        }
    }
}
