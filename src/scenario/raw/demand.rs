//! `[demand]` (generated or recorded, with its bootstrap), `[validation]`, durations as
//! written, and `[[incident_types]]` with their subtypes and response plans.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::value::Datetime;

/// The demand model: generated (the default; `annual_rate` and profiles) or a recorded
/// incident stream (`source = "recorded"`, `file`, `mode`). One struct rather than a
/// flattened tagged enum, so unknown keys stay errors; validation checks which keys belong
/// to which source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    #[serde(default)]
    pub source: DemandSource,
    /// Recorded: the incident CSV, relative to the scenario file.
    #[serde(default)]
    pub file: Option<String>,
    /// Recorded: replay the rows as they are, or resample blocks of them.
    #[serde(default)]
    pub mode: Option<RecordedMode>,
    /// Recorded, `mode = "bootstrap"`: block length and the recorded period.
    #[serde(default)]
    pub bootstrap: Option<RawBootstrap>,
    #[serde(default)]
    pub annual_rate: Option<f64>,
    #[serde(default)]
    pub growth_per_year: f64,
    #[serde(default)]
    pub hour_profile: Option<Vec<f64>>,
    #[serde(default)]
    pub month_profile: Option<Vec<f64>>,
    #[serde(default)]
    pub location: Option<LocationSampling>,
}

/// Where the incident stream comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandSource {
    /// Generated from the demand model (rate, profiles, shares).
    #[default]
    Generated,
    /// Read from an incident CSV (see docs/incident-csv.md).
    Recorded,
}

/// How a recorded stream is played.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordedMode {
    /// Every row once, at its recorded time (rows must fall inside the horizon).
    #[default]
    Replay,
    /// Blocks of the recorded period drawn with replacement to fill the horizon.
    Bootstrap,
}

/// Bootstrap settings: the block length and the recorded period the blocks come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBootstrap {
    pub block: BootstrapBlock,
    /// First recorded day (rows before it are bad rows).
    pub from: Datetime,
    /// Last recorded day, inclusive.
    pub to: Datetime,
}

/// The block a bootstrap resamples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BootstrapBlock {
    /// One calendar day.
    Day,
    /// Seven consecutive days.
    Week,
}

/// `[validation]`: observed unit responses to compare a replayed run with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValidation {
    /// The observed-responses CSV, relative to the scenario file.
    pub observed: String,
}

/// How an incident's location is drawn inside its zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationSampling {
    /// Uniform over a disc of the zone's area centred on its seat.
    #[default]
    Disc,
    /// Always at the zone seat.
    Seat,
}

/// A duration distribution, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawDuration {
    Fixed { value_s: f64 },
    Exponential { mean_s: f64 },
    Lognormal { mean_s: f64, cv: f64 },
    Uniform { min_s: f64, max_s: f64 },
}

/// Fire or not: the plan's two headline categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Fire,
    NonFire,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIncidentType {
    pub name: String,
    pub category: Category,
    pub share: f64,
    pub on_scene: RawDuration,
    /// Multipliers of a zone's demand weight for this type (zone name → factor).
    #[serde(default)]
    pub zone_factor: BTreeMap<String, f64>,
    pub plan: RawPlan,
    /// Place-dependent subtypes with their own response plans (`[[incident_types.subtypes]]`).
    #[serde(default)]
    pub subtypes: Vec<RawSubtype>,
}

/// A subtype of an incident type: in the zones its place names, a share of the type's
/// incidents are this subtype and get its response plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubtype {
    pub name: String,
    /// Zones (by name) where it occurs; with `zone_tags`, a zone must match both.
    #[serde(default)]
    pub zones: Option<Vec<String>>,
    /// Tags a zone must all carry for it to occur there.
    #[serde(default)]
    pub zone_tags: Option<Vec<String>>,
    /// Share of the type's incidents in a matching zone that are this subtype.
    #[serde(default = "one_share")]
    pub share: f64,
    /// On-scene work time; default: the type's.
    #[serde(default)]
    pub on_scene: Option<RawDuration>,
    pub plan: RawPlan,
    #[serde(default)]
    pub source: Option<String>,
}

fn one_share() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub units: Vec<RawPlanUnits>,
    #[serde(default)]
    pub min_firefighters: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanUnits {
    pub kind: String,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}
