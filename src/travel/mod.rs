//! Travel times: the [`TravelModel`] trait and its implementations.
//!
//! - [`Kolesar`]: the acceleration–cruise model of Kolesar & Walker (RAND R-1449): a vehicle
//!   accelerates at `a` to cruise speed `v`, so a trip of road distance `d` takes
//!   `2·√(d/a)` below the critical distance `v²/a` and `v/a + d/v` beyond it. Road distance
//!   is straight-line distance times a detour factor. With `v` = 57 km/h and
//!   `a` = 0.40 m/s² this is RAND's fitted `2.10·√d` / `0.65 + 1.70·d` (miles, minutes).
//!   With [`AreaTypes`] the cruise speed depends on where the trip ends (a built-up core,
//!   a town seat, the rest).
//! - [`Matrix`]: a zone × station travel-time table, as a GIS "OD cost matrix" export gives it.
//! - [`Network`]: exact shortest paths on an OpenStreetMap road graph ([`network`]).
//! - [`ZeroTravel`]: no travel at all, for textbook queueing checks.
//!
//! Real trips scatter widely at the same distance; the simulation multiplies the model's
//! estimate by a lognormal factor with mean 1 and coefficient of variation `spread_cv`
//! ([`TravelModel::spread_cv`]); zero spread keeps textbook checks exact.

mod any;
mod areas;
mod kolesar;
mod matrix;
mod model;
pub mod network;
pub mod node_grid;
mod rows;
mod zero;

pub use any::AnyTravel;
pub use areas::AreaTypes;
pub use kolesar::Kolesar;
pub use matrix::Matrix;
pub use model::{Area, CellHint, Located, Place, RoadTrip, TravelModel};
pub use network::{Network, RoadGraph};
pub(crate) use rows::group_rows;
pub use zero::ZeroTravel;
