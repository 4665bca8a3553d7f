//! [`AnyTravel`]: whichever model a scenario chose, dispatched without a trait object.

use super::kolesar::Kolesar;
use super::matrix::Matrix;
use super::model::{Area, CellHint, Located, Place, RoadTrip, TravelModel};
use super::network::{Network, RoadGraph};
use super::zero::ZeroTravel;
use crate::ground::geo::Point;

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
            AnyTravel::Kolesar(m) => m.locate(pos),
            _ => None,
        }
    }
    #[inline]
    fn locate_station(&self, pos: Point) -> Option<Located> {
        match self {
            AnyTravel::Kolesar(m) => m.locate_station(pos),
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
