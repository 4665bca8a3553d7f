//! `[travel]` as written (Kolesar, a matrix, none, or a road network with its defaults)
//! and `[response]`.

use super::RawDuration;
use serde::Deserialize;

/// The travel model, tagged by `model`.
#[derive(Debug, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawTravel {
    /// Kolesar acceleration–cruise on straight-line distance × detour factor.
    Kolesar {
        cruise_kmh: f64,
        accel_ms2: f64,
        detour_factor: f64,
        #[serde(default)]
        spread_cv: f64,
        /// Cruise speeds by area type (`cruise_kmh` is the rest's).
        #[serde(default)]
        area_types: Vec<RawAreaType>,
    },
    /// A zone × station travel-time matrix from CSV.
    Matrix {
        file: String,
        #[serde(default)]
        spread_cv: f64,
    },
    /// No travel at all (textbook queueing checks).
    Zero,
    /// Shortest paths on an OpenStreetMap road network (`src/travel/network.rs`).
    Network(RawNetwork),
}

/// `[[travel.area_types]]`: a cruise speed for trips ending in an area of this type (a
/// zone's core with `core_area_type`, or `[districts.urban_area]` with `area_type`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAreaType {
    pub name: String,
    pub cruise_kmh: f64,
    /// Where the speed comes from, or `[estimate]` with the reasoning.
    pub source: String,
}

/// `[travel] model = "network"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    /// The `.osm.pbf` file, relative to the scenario.
    pub osm: String,
    /// Speeds by `highway` class, km/h, replacing those of the default table.
    #[serde(default, deserialize_with = "numbers_by_key")]
    pub speeds_kmh: std::collections::BTreeMap<String, f64>,
    /// Lights-and-sirens factor on every road speed.
    #[serde(default = "unit_factor")]
    pub speed_factor: f64,
    /// Factors by `highway` class on top of `speed_factor` (absent: 1), as `firesim
    /// calibrate` fits them where the observed trips identify them.
    #[serde(default)]
    pub class_factors: std::collections::BTreeMap<String, f64>,
    /// Speed of the straight leg between a place and its nearest road node, km/h.
    #[serde(default = "default_off_road_kmh")]
    pub off_road_kmh: f64,
    /// A station or zone seat farther than this from every road is an error, m.
    #[serde(default = "default_max_snap_m")]
    pub max_snap_m: f64,
    /// Fixed time per trip for starting and stopping, seconds.
    #[serde(default = "default_start_s")]
    pub start_s: f64,
    #[serde(default)]
    pub spread_cv: f64,
    /// Factors on travel times by hour of the day (24 values; absent: all 1).
    #[serde(default)]
    pub hour_factors: Option<Vec<f64>>,
}

fn unit_factor() -> f64 {
    1.0
}

/// [estimate] the last stretch between an address and the nearest mapped road node is a
/// driveway, a yard or the rest of a block taken slowly: OSRM's car profile's speed for
/// `highway=service` (15 km/h).
pub const DEFAULT_OFF_ROAD_KMH: f64 = 15.0;
/// [estimate] half a kilometre: a station or zone seat farther than that from any mapped
/// road means the extract does not cover it (or the coordinates are wrong).
pub const DEFAULT_MAX_SNAP_M: f64 = 500.0;

/// [estimate] the time a trip loses to starting from rest and stopping at the address:
/// `v/a` of the Kolesar model with RAND R-1449's acceleration (0.4 m/s²) and an urban
/// cruise of 40 km/h (28 s). `firesim calibrate` fits it.
pub const DEFAULT_START_S: f64 = 27.8;

fn default_start_s() -> f64 {
    DEFAULT_START_S
}

fn default_off_road_kmh() -> f64 {
    DEFAULT_OFF_ROAD_KMH
}

fn default_max_snap_m() -> f64 {
    DEFAULT_MAX_SNAP_M
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    pub call_processing: RawDuration,
    pub turnout: RawDuration,
}

/// A table of numbers by key (`speeds_kmh`), a value of another type named with its key
/// (serde's own message names only the table's section).
fn numbers_by_key<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, f64>, D::Error> {
    use serde::de::Error;
    let table = std::collections::BTreeMap::<String, toml::Value>::deserialize(d)?;
    table
        .into_iter()
        .map(|(key, v)| match v {
            toml::Value::Float(x) => Ok((key, x)),
            toml::Value::Integer(i) => Ok((key, i as f64)),
            other => Err(D::Error::custom(format!(
                "speeds_kmh.{key}: expected a number (km/h), found a {}",
                other.type_str()
            ))),
        })
        .collect()
}
