//! `[micro_stations]` and `[districts]` as written: the micro-station tiers and the
//! built-up areas of the district rule.

use super::RawDuration;
use serde::Deserialize;

/// `[micro_stations]`: tiers of micro fire stations (`micro`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMicroStations {
    pub tiers: Vec<RawMicroTier>,
}

/// `[[micro_stations.tiers]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMicroTier {
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub count: i64,
    pub placed_by: super::super::micro::Placement,
    pub availability: f64,
    pub muster: RawDuration,
    pub speed_kmh: f64,
    pub max_distance_km: f64,
    #[serde(default)]
    pub source: String,
}

/// `[districts]`: the built-up area and the area limits (`districts`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistricts {
    pub urban_area: RawUrbanArea,
    /// Urban construction land, when it differs from the built-up area.
    #[serde(default)]
    pub urban_land: Option<RawUrbanArea>,
    #[serde(default = "default_area_limit")]
    pub area_limit_km2: f64,
    #[serde(default = "default_suburban_area_limit")]
    pub suburban_area_limit_km2: f64,
}

/// The built-up area: a polygon of `[lat, lon]` vertices, with its source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUrbanArea {
    pub polygon: Vec<[f64; 2]>,
    pub source: String,
    /// The travel area type (`[[travel.area_types]]`) of positions inside it.
    #[serde(default)]
    pub area_type: Option<String>,
}

/// 建标152-2017: a station district is at most 7 km².
fn default_area_limit() -> f64 {
    7.0
}

/// 建标152-2017: at most 15 km² at the edge of built-up land (近郊区).
fn default_suburban_area_limit() -> f64 {
    15.0
}
