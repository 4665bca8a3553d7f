//! The file's top level as written: [`RawScenario`] (every section), `[horizon]`,
//! `[geography]` and `[[zones]]`.

use super::stations::yes;
use super::{
    RawAssumption, RawConstraints, RawConstruction, RawCosts, RawDemand, RawDispatch, RawDistricts,
    RawIncidentType, RawMicroStations, RawMutualAid, RawOptimise, RawResponse, RawRollout,
    RawStaffing, RawStandard, RawStation, RawTravel, RawUncertain, RawUnitKind, RawValidation,
};
use serde::Deserialize;
use toml::value::Datetime;

/// The whole scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `description` in Chinese (Chinese reports show it).
    #[serde(default)]
    pub description_zh: Option<String>,
    pub seed: u64,
    #[serde(default)]
    pub replications: Option<u32>,
    pub horizon: RawHorizon,
    #[serde(default)]
    pub geography: RawGeography,
    pub zones: Vec<RawZone>,
    pub demand: RawDemand,
    pub incident_types: Vec<RawIncidentType>,
    pub travel: RawTravel,
    pub response: RawResponse,
    pub unit_kinds: Vec<RawUnitKind>,
    pub stations: Vec<RawStation>,
    pub staffing: RawStaffing,
    /// Construction delays of the stations not yet open, in every rollout.
    #[serde(default)]
    pub construction: RawConstruction,
    pub rollouts: Vec<RawRollout>,
    #[serde(default)]
    pub dispatch: RawDispatch,
    #[serde(default)]
    pub mutual_aid: RawMutualAid,
    #[serde(default)]
    pub standard: RawStandard,
    /// Micro fire stations, a first-action tier for fires (`micro`).
    #[serde(default)]
    pub micro_stations: Option<RawMicroStations>,
    /// Station districts and the plan's edge rule (`districts`).
    #[serde(default)]
    pub districts: Option<RawDistricts>,
    /// Observed responses to compare a replayed stream with.
    #[serde(default)]
    pub validation: Option<RawValidation>,
    /// Free-form labelled assumptions, listed in reports.
    #[serde(default)]
    pub assumptions: Vec<RawAssumption>,
    /// What rollouts cost (`[costs]`); without it no cost is reported.
    #[serde(default)]
    pub costs: Option<RawCosts>,
    /// What the plan allows (`[constraints]`).
    #[serde(default)]
    pub constraints: RawConstraints,
    /// The choices `firesim optimise` may change (`[optimise]`).
    #[serde(default)]
    pub optimise: Option<RawOptimise>,
    /// Uncertain inputs (checked by [`UncertainScenario`](super::super::UncertainScenario)).
    #[serde(default)]
    pub uncertain: Vec<RawUncertain>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHorizon {
    pub start: Datetime,
    /// Inclusive last day.
    pub end: Datetime,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeography {
    /// Origin of the local projection; default: mean of the zone seats.
    pub origin_lat: Option<f64>,
    pub origin_lon: Option<f64>,
    /// A GeoJSON file (relative to the scenario) holding the district's land as one
    /// polygon: the zones tile it (each seat's Voronoi cell clipped to it), and their areas
    /// come from it.
    #[serde(default)]
    pub boundary: Option<String>,
    /// A GeoJSON file of the neighbouring areas (maps and GIS layers only).
    #[serde(default)]
    pub neighbours: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Area; 0 or absent makes the zone a point (incidents at the seat). With a
    /// `[geography] boundary` the zone's cell gives it, and it must be absent.
    #[serde(default)]
    pub area_km2: Option<f64>,
    /// Relative demand weight (usually resident population).
    pub weight: f64,
    #[serde(default)]
    pub urban_core: bool,
    /// Whether `weight` is resident population (counted in per-resident checks); false for
    /// resident-equivalent weights of industrial zones.
    #[serde(default = "yes")]
    pub weight_is_population: bool,
    /// A built-up core around the seat, km² (0: none): `core_share` of the zone's
    /// incidents fall uniformly in a disc of this area, the rest over the whole zone.
    #[serde(default)]
    pub core_area_km2: f64,
    /// Share of the zone's incidents in its core.
    #[serde(default)]
    pub core_share: f64,
    /// The travel area type of the core (`[[travel.area_types]]`); outside it, the rest.
    #[serde(default)]
    pub core_area_type: Option<String>,
    /// Place tags that incident subtypes can ask for (`incident_types.subtypes.zone_tags`).
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}
