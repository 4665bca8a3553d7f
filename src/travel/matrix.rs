//! [`Matrix`]: travel times from a zone × station table.

use super::model::{Area, CellHint, Place, TravelModel};

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
