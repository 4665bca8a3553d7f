//! `[[rollouts]]` as written: tables, schedules (intakes, attrition, allocation), opening
//! delays and steps.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::value::Datetime;

/// A named rollout. One struct for every kind (not a flattened tagged enum: serde's
/// `flatten` cannot deny unknown fields, and misspelt keys must be errors); which fields a
/// kind takes is checked in validation. Every field but `name` and `description` may be
/// inherited from the rollout named by `base`; a field given replaces the base's whole.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRollout {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `description` in Chinese (Chinese reports show it; not inherited from `base`).
    #[serde(default)]
    pub description_zh: Option<String>,
    /// The rollout's display name in Chinese: Chinese tables, charts and workbooks show it
    /// instead of `name` (JSON and CSV keep `name`). Not inherited from `base`: it names
    /// this rollout, and two rollouts must not share one.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// `table` or `schedule`; may come from `base`.
    pub kind: Option<RolloutKind>,
    /// Another rollout whose fields this one inherits.
    pub base: Option<String>,
    /// `decision` (the default) or `world`; may come from `base`.
    pub role: Option<String>,
    /// For `kind = "table"`: a literal dated headcount table per station id.
    pub headcount: Option<BTreeMap<String, Vec<RawStep>>>,
    /// Schedule: recruits per calendar year of the horizon, in order, joining on
    /// `intake_date` of each year.
    pub recruits: Option<Vec<i64>>,
    /// Schedule: dated intakes, instead of `recruits`.
    pub intakes: Option<Vec<RawIntake>>,
    /// Schedule: the day recruits of a year join, `MM-DD`.
    pub intake_date: Option<String>,
    /// Schedule: days of induction before a recruit goes on duty.
    pub induction_days: Option<i64>,
    /// Schedule: who leaves, and how it is applied.
    pub attrition: Option<RawAttrition>,
    /// Schedule: how recruits are assigned to teams.
    pub allocation: Option<AllocationPolicy>,
    /// Schedule: government firefighters per station at the start of the horizon.
    pub starting_headcount: Option<BTreeMap<String, i64>>,
    /// Schedule: teams outside the rollout with a constant headcount (the national team).
    pub fixed_teams: Option<BTreeMap<String, i64>>,
    /// Stations with no team of their own, covered by another station's team.
    pub covered_by: Option<BTreeMap<String, String>>,
    /// Opening date per station, replacing the station table's.
    pub opens: Option<BTreeMap<String, Datetime>>,
    /// Units a team crews before its station opens, replacing the station table's.
    pub temporary_units: Option<BTreeMap<String, i64>>,
    /// Openings moved by whole years, per group of stations.
    pub opening_delays: Option<Vec<RawOpeningDelay>>,
    /// Share of headcount on duty, replacing `staffing.on_duty_fraction`.
    pub on_duty_fraction: Option<f64>,
}

/// How a rollout states its staffing. (Not a flattened tagged enum: serde's `flatten`
/// cannot deny unknown fields, and misspelt keys must be errors.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RolloutKind {
    /// A literal dated headcount table per station.
    Table,
    /// Recruits, induction, attrition and an allocation policy, from which firesim derives
    /// the dated headcount.
    Schedule,
}

/// One dated intake of recruits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntake {
    pub date: Datetime,
    pub recruits: i64,
}

/// Attrition: an annual leaving rate and how it is applied.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttrition {
    /// Share of government firefighters leaving per year (0.10 = 10%).
    pub rate: f64,
    #[serde(default)]
    pub mode: AttritionMode,
}

/// How attrition becomes departures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttritionMode {
    /// The expected departures of each year, rounded once for the district and shared by
    /// largest remainder in proportion to headcount, applied on 1 January. The default: the
    /// same timeline for every seed, so rollouts differ only by what they choose.
    #[default]
    Expected,
    /// Each firefighter leaves at a dated time drawn from the seed's staffing stream
    /// (exponential, so that the chance of leaving within a year is the rate).
    Drawn,
}

/// How recruits are assigned to teams.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AllocationPolicy {
    /// Fill teams to their grade minimum in the order their stations open (stations opening
    /// on the same date together, their shortfalls shared in proportion when the recruits
    /// do not reach); share the rest in proportion to the minimums.
    OpeningOrder,
    /// Bring every open station to its minimum (shortfalls shared evenly) before a later one,
    /// and every station to its minimum before anyone goes above it.
    GradeMinimumFirst,
    /// Move headcount towards shares proportional to each station's first-due demand.
    DemandWeighted,
    /// Each batch (the recruits that crew one more unit) goes where it adds the most
    /// population within the response standard.
    CoverageGreedy,
}

/// A group of station openings moved by whole years.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOpeningDelay {
    /// These stations...
    pub stations: Option<Vec<String>>,
    /// ...or every station the table opens in this year.
    pub opening_year: Option<i32>,
    /// Years of delay.
    pub years: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub from: Datetime,
    pub firefighters: i64,
}
