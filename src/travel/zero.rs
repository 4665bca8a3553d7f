//! [`ZeroTravel`]: no travel at all, for textbook queueing checks.

use super::model::{Place, TravelModel};

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
