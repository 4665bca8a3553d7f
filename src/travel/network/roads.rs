//! The roads as read (ways with their class, direction and `maxspeed`) and the speeds they
//! are driven at: the default class speeds, the `maxspeed` reduction, the scenario's
//! overrides and class factors.

use crate::ground::geo::LatLon;
use std::collections::BTreeMap;

/// Default speeds by OSM `highway` class, km/h: OSRM's car profile
/// (`profiles/car.lua`, `speeds.highway`, OSRM 5.x).
pub const DEFAULT_SPEEDS_KMH: [(&str, f64); 14] = [
    ("motorway", 90.0),
    ("motorway_link", 45.0),
    ("trunk", 85.0),
    ("trunk_link", 40.0),
    ("primary", 65.0),
    ("primary_link", 30.0),
    ("secondary", 55.0),
    ("secondary_link", 25.0),
    ("tertiary", 40.0),
    ("tertiary_link", 20.0),
    ("unclassified", 25.0),
    ("residential", 25.0),
    ("living_street", 10.0),
    ("service", 15.0),
];

/// A way's posted `maxspeed` is driven at this share of it: OSRM's car profile
/// (`speed_reduction = 0.8`).
pub const MAXSPEED_REDUCTION: f64 = 0.8;

/// One drivable OSM way as read from the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Way {
    /// The OSM way id.
    pub id: i64,
    /// Its `highway` class.
    pub class: String,
    /// `1`: one-way along the node order, `-1`: against it, `0`: both ways.
    pub oneway: i8,
    /// Its readable `maxspeed`, km/h.
    pub maxspeed_kmh: Option<f64>,
    /// Indices into [`Roads::nodes`].
    pub nodes: Vec<u32>,
}

/// The drivable roads of an OSM extract.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roads {
    /// Node positions.
    pub nodes: Vec<LatLon>,
    /// Ways whose class has a speed.
    pub ways: Vec<Way>,
}

/// The parameters that set arc times.
#[derive(Clone, Debug, PartialEq)]
pub struct Speeds {
    /// Speed by `highway` class, km/h (a class not in the table is not drivable).
    pub by_class_kmh: BTreeMap<String, f64>,
    /// Lights-and-sirens factor on every road speed.
    pub speed_factor: f64,
    /// Factors by class on top of `speed_factor` (a class not in it: 1).
    pub class_factor: BTreeMap<String, f64>,
}

impl Speeds {
    /// The default table with `overrides` and `speed_factor`.
    pub fn with(overrides: &BTreeMap<String, f64>, speed_factor: f64) -> Speeds {
        let mut by_class_kmh: BTreeMap<String, f64> = DEFAULT_SPEEDS_KMH
            .iter()
            .map(|(c, v)| (c.to_string(), *v))
            .collect();
        by_class_kmh.extend(overrides.iter().map(|(c, v)| (c.clone(), *v)));
        Speeds {
            by_class_kmh,
            speed_factor,
            class_factor: BTreeMap::new(),
        }
    }

    /// With factors by class on top of the speed factor.
    pub fn with_class_factors(mut self, factors: &BTreeMap<String, f64>) -> Speeds {
        self.class_factor = factors.clone();
        self
    }

    /// The whole factor on a class's speed: the speed factor times the class's own.
    pub fn factor(&self, class: &str) -> f64 {
        self.speed_factor * self.class_factor.get(class).copied().unwrap_or(1.0)
    }

    /// The speed of a way, km/h (`None`: not drivable).
    pub(super) fn of(&self, w: &Way) -> Option<f64> {
        let class = *self.by_class_kmh.get(&w.class)?;
        Some(w.maxspeed_kmh.map_or(class, |m| m * MAXSPEED_REDUCTION) * self.factor(&w.class))
    }
}
