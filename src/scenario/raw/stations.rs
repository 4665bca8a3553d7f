//! `[[unit_kinds]]`, `[[stations]]` with their squads and temporary premises, grades, and
//! `[staffing]` with its grade minimums and targets, as written.

use serde::Deserialize;
use toml::value::Datetime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnitKind {
    pub name: String,
    /// Full crew.
    pub crew: u32,
    /// Fewest firefighters the unit may ride with (short of `crew`); default: `crew`.
    #[serde(default)]
    pub min_crew: Option<u32>,
    #[serde(default)]
    pub substitutes: Vec<String>,
    /// Send the closest substitute instead of the closest unit of this kind when its
    /// estimated travel is shorter by more than this (seconds); absent: substitutes only
    /// when no unit of this kind is available.
    #[serde(default)]
    pub substitute_if_faster_by_s: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub grade: Grade,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub location_source: Option<String>,
    /// Opening date; absent means open before the horizon.
    #[serde(default)]
    pub opens: Option<Datetime>,
    /// Unit kinds in crewing priority order.
    pub units: Vec<String>,
    /// Units a team may crew before the station opens (temporary premises); 0: none.
    #[serde(default)]
    pub temporary_units: u32,
    /// The temporary premises a team works from before the station opens.
    #[serde(default)]
    pub premises: Option<RawPremises>,
    /// Whether the station is counted among government full-time stations (plan checks).
    #[serde(default = "yes")]
    pub government: bool,
    /// Specialist squads based here, each a unit with its own members.
    #[serde(default)]
    pub squads: Vec<RawSquad>,
    #[serde(default)]
    pub note: Option<String>,
}

pub(super) fn yes() -> bool {
    true
}

/// A specialist squad: one unit of `kind` at its station, crewed from its own `members`
/// (not from the station's headcount) once the station opens.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSquad {
    pub kind: String,
    pub members: u32,
    #[serde(default)]
    pub source: Option<String>,
}

/// Temporary premises (before a station opens): where, with which units, how much slower.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPremises {
    /// Location; default: the seat of the zone nearest the station (the town seat).
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// Unit kinds kept there; default: `temporary_units` units of the station's most
    /// requested kind.
    #[serde(default)]
    pub units: Option<Vec<String>>,
    /// Extra turnout from these premises, seconds; default: `staffing.premises_extra_turnout_s`.
    #[serde(default)]
    pub extra_turnout_s: Option<f64>,
    #[serde(default)]
    pub source: Option<String>,
}

/// Station grade, as the plan names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 特勤站.
    SpecialDuty,
    /// 一级普通站 (national team).
    FirstClass,
    /// 省规一级站.
    ProvincialFirst,
    /// 省规二级站.
    ProvincialSecond,
    /// Any other station (validation scenarios, foreign departments).
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaffing {
    /// Share of a station's headcount on duty at any moment (shift pattern, leave, training).
    pub on_duty_fraction: f64,
    /// Probability that a rostered firefighter is absent on a given day (sickness, courses,
    /// unplanned leave); the rota rosters `on_duty_fraction / (1 − absence_rate)` of a
    /// station's firefighters each day so that the mean share on duty stays
    /// `on_duty_fraction`.
    #[serde(default)]
    pub absence_rate: f64,
    /// Extra turnout of a unit riding short of its full crew, seconds.
    #[serde(default)]
    pub short_crew_extra_turnout_s: f64,
    /// Extra turnout from temporary premises, seconds (a station's `premises` may override).
    #[serde(default)]
    pub premises_extra_turnout_s: f64,
    /// Minimum firefighters per station, by grade (the plan's 45/24/16); 0 where absent.
    #[serde(default)]
    pub grade_minimums: RawGradeMinimums,
    /// The plan's own staffing targets, checked by `firesim rollout`.
    #[serde(default)]
    pub targets: RawTargets,
}

/// Minimum firefighters of a station of each grade (a table keyed by grade).
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGradeMinimums {
    #[serde(default)]
    pub special_duty: u32,
    #[serde(default)]
    pub first_class: u32,
    #[serde(default)]
    pub provincial_first: u32,
    #[serde(default)]
    pub provincial_second: u32,
    #[serde(default)]
    pub other: u32,
}

/// The plan's staffing targets at the end of the horizon.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// At least this many government firefighters at the end of the horizon.
    #[serde(default)]
    pub government_firefighters: Option<u32>,
    /// At least this many government firefighters per 1,000 residents.
    #[serde(default)]
    pub per_1000_residents: Option<f64>,
}

/// `[construction]`: how much later than their table dates the stations not yet open at
/// the start of the horizon open, in every rollout. A state of the world, not a decision
/// (a rollout's own `opens` and `opening_delays` are decisions or readings of the plan; this
/// delay comes on top of them).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConstruction {
    /// Days of delay, keyed by the opening year of the station table (`2022`: every station
    /// the table opens that year) or by a station id (`S10`: that station, instead of its
    /// year's delay).
    #[serde(default)]
    pub delay_days: std::collections::BTreeMap<String, i64>,
}
