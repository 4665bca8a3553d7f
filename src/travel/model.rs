//! What every travel model answers ([`TravelModel`]) and the types it speaks in: a
//! [`Place`] (a position, perhaps already [`Located`] on the roads), a [`CellHint`] and
//! [`Area`] for the dispatch index, a [`RoadTrip`] for calibration.

use super::network::RoadGraph;
use crate::ground::geo::Point;

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
    /// [`TravelModel::locate`] for a station's own position, for trips ending there: a
    /// model with tables per station (a road network) needs no key and gives `None`, so
    /// that the station is not taken for a place near it; a model keyed by where a trip
    /// ends (Kolesar's area types) gives its key, looked up once rather than per trip.
    fn locate_station(&self, _pos: Point) -> Option<Located> {
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
