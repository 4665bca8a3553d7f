//! What a replication keeps beside its figures: histograms pooled over replications (for
//! the charts of the whole distribution) and a sample of incidents (for maps).

use super::histogram::Histogram;
use crate::ground::geo::Point;
use serde::{Deserialize, Serialize};

/// An incident kept for maps: where, how fast, fire or not.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleIncident {
    /// Projected position.
    pub pos: Point,
    /// Dispatch order → first arrival, seconds (NaN: never served).
    pub from_dispatch_s: f64,
    /// A fire (not a non-fire call).
    pub fire: bool,
}

/// Histograms pooled over replications (merged with integer adds, so the order of merging
/// cannot change them).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Pooled {
    /// First arrival from dispatch per year: fires.
    pub from_dispatch_fire: Vec<Histogram>,
    /// The same, non-fire incidents.
    pub from_dispatch_non_fire: Vec<Histogram>,
}

impl Pooled {
    /// Add another replication's histograms.
    pub fn merge(&mut self, other: &Pooled) {
        if self.from_dispatch_fire.is_empty() {
            *self = other.clone();
            return;
        }
        for (a, b) in [
            (&mut self.from_dispatch_fire, &other.from_dispatch_fire),
            (
                &mut self.from_dispatch_non_fire,
                &other.from_dispatch_non_fire,
            ),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
    }

    /// All incidents of year index `y` (fires and non-fires together).
    pub fn from_dispatch(&self, y: usize) -> Option<Histogram> {
        let mut h = self.from_dispatch_fire.get(y)?.clone();
        h.merge(self.from_dispatch_non_fire.get(y)?);
        Some(h)
    }
}
