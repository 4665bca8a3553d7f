//! `[dispatch]`, `[mutual_aid]` with the stations outside the district, `[standard]` and
//! `[[assumptions]]`, as written.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDispatch {
    #[serde(default)]
    pub policy: DispatchPolicyKind,
    #[serde(default)]
    pub queue: QueueDiscipline,
}

/// Which dispatch policy the simulation uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchPolicyKind {
    /// For each unit kind in the plan, the available crewed unit with the shortest
    /// estimated travel time.
    #[default]
    Closest,
}

/// Order in which waiting requirements are served when a unit frees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueDiscipline {
    /// First come, first served.
    #[default]
    Fifo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMutualAid {
    /// The last-resort rule: a requirement still waiting after `delay_s` is served from
    /// outside, arriving `travel_s` later.
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub delay_s: f64,
    #[serde(default)]
    pub travel_s: f64,
    /// Neighbouring stations outside the district, dispatched like any unit.
    #[serde(default)]
    pub stations: Vec<RawOutsideStation>,
}

/// A station outside the district that can send units (mutual aid).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutsideStation {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Unit kinds it can send.
    pub units: Vec<String>,
    /// Share of days on which it can help (each day drawn, the same day in every rollout).
    pub availability: f64,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStandard {
    /// The response standard, seconds from dispatch order to first arrival.
    #[serde(default = "five_minutes")]
    pub first_arrival_s: f64,
    /// Further thresholds (seconds from the dispatch order) whose compliance is reported.
    #[serde(default = "default_thresholds")]
    pub thresholds_s: Vec<f64>,
    /// Share of incidents within the standard that counts as meeting it (milestones).
    #[serde(default = "default_target")]
    pub compliance_target: f64,
}

impl Default for RawStandard {
    fn default() -> Self {
        RawStandard {
            first_arrival_s: five_minutes(),
            thresholds_s: default_thresholds(),
            compliance_target: default_target(),
        }
    }
}

fn default_thresholds() -> Vec<f64> {
    vec![240.0, 300.0, 480.0, 600.0]
}

fn default_target() -> f64 {
    0.9
}

fn five_minutes() -> f64 {
    300.0
}

#[derive(Debug, Deserialize, serde::Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawAssumption {
    pub name: String,
    pub value: String,
    pub source: String,
    /// The same three in Chinese, each optional: a Chinese report shows the English, marked
    /// as untranslated, where one is missing.
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub value_zh: Option<String>,
    #[serde(default)]
    pub source_zh: Option<String>,
}
