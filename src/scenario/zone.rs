//! A demand zone as validated: its seat, area, weight, built-up core and place tags.

use crate::ground::geo::{LatLon, Point};
use crate::ground::ring::Ring;
use serde::Serialize;

/// A demand zone (town, subdistrict or development zone).
#[derive(Clone, Debug, Serialize)]
pub struct Zone {
    /// English name (the key other sections use).
    pub name: String,
    /// Chinese name, when given.
    pub name_zh: Option<String>,
    /// Seat coordinates.
    pub seat: LatLon,
    /// Projected seat.
    pub pos: Point,
    /// Area, km² (0: a point zone); with a boundary, the area of `cell`.
    pub area_km2: f64,
    /// The zone's land when the scenario has a `[geography] boundary`: its seat's Voronoi
    /// cell clipped to the boundary (projected, an open ring). Empty: the zone's land is the
    /// disc of its area around the seat.
    #[serde(skip_serializing_if = "Ring::is_empty")]
    pub cell: Ring,
    /// Demand weight (population).
    pub weight: f64,
    /// Part of the urban core (milestones report on it).
    pub urban_core: bool,
    /// Whether `weight` is resident population (per-resident checks count it).
    pub weight_is_population: bool,
    /// Area of the built-up core around the seat, km² (0: none).
    pub core_area_km2: f64,
    /// Share of the zone's incidents in the core.
    pub core_share: f64,
    /// Place tags incident subtypes can ask for.
    pub tags: Vec<String>,
}

impl Zone {
    /// Radius of the disc of the zone's area, km.
    pub fn radius_km(&self) -> f64 {
        (self.area_km2 / std::f64::consts::PI).sqrt()
    }

    /// Whether `p` is on the zone's land: in its cell, or without one in the disc of its
    /// area (never for a point zone).
    pub fn contains(&self, p: Point) -> bool {
        if self.cell.is_empty() {
            self.area_km2 > 0.0 && p.distance_km(self.pos) <= self.radius_km()
        } else {
            self.cell.contains(p)
        }
    }

    /// The radius of a disc about the seat that holds all the zone's land, km: the
    /// farthest vertex of its cell, else the radius of its disc.
    pub fn reach_km(&self) -> f64 {
        if self.cell.is_empty() {
            self.radius_km()
        } else {
            self.cell
                .iter()
                .map(|v| v.distance_km(self.pos))
                .fold(0.0, f64::max)
        }
    }

    /// Radius of the disc of the zone's built-up core, km (0: no core).
    pub fn core_radius_km(&self) -> f64 {
        (self.core_area_km2 / std::f64::consts::PI).sqrt()
    }
}
