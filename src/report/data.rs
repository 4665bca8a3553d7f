//! The report's data (saved as `report_data.toml`): every table and chart of a comparison,
//! built from its figures by [`super::charts`] and written in one language by
//! [`super::localize`], so a saved comparison can be redrawn in another language without
//! simulating again.

use super::i18n::Lang;
use crate::report::plot::*;
use crate::stats::Estimate;
use serde::{Deserialize, Serialize};

/// One cell of the headline table: an estimate with its interval and the paired
/// difference against the baseline.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Cell {
    /// Mean over replications.
    pub mean: f64,
    /// 95% interval (NaN bounds when there is none).
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Mean paired difference against the baseline.
    pub diff: f64,
    /// Whether the difference's interval excludes zero.
    pub significant: bool,
}

impl Cell {
    pub(super) fn new(e: Estimate, d: Estimate) -> Cell {
        let [lo, hi] = e.ci95.unwrap_or([f64::NAN, f64::NAN]);
        Cell {
            mean: e.mean,
            lo,
            hi,
            diff: d.mean,
            significant: d.excludes_zero(),
        }
    }
}

/// A row of the headline table.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TableRow {
    /// Rollout.
    pub rollout: String,
    /// What question it answers.
    pub description: String,
    /// The same in Chinese, when the scenario gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// p90 first arrival from the dispatch order per year (then all years), seconds.
    pub p90_s: Vec<Cell>,
    /// Share within the standard per year (then all years).
    pub within: Vec<Cell>,
    /// A state of the world (`role = "world"`), not a choice.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub world: bool,
}

/// A chart with the sentence that says what it shows.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Captioned<T> {
    /// File stem under `charts/`.
    pub stem: String,
    /// What the chart shows, in a sentence or two.
    pub caption: String,
    /// The chart data.
    pub chart: T,
}

/// The charts: eight, and the cost chart when the scenario states costs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChartSet {
    /// 1. ECDF of first arrival from the dispatch order, chosen year.
    pub ecdf: Captioned<EcdfChart>,
    /// 2. p90 and p50 per year with 95% bands.
    pub years: Captioned<YearBandChart>,
    /// 3. Share within the standard per year with the target.
    pub compliance: Captioned<YearLineChart>,
    /// 4. Histogram, fire vs non-fire, one rollout and year.
    pub histogram: Captioned<SplitHistogram>,
    /// 5. Segments (call processing, turnout, travel) per year.
    pub segments: Captioned<StackedBars>,
    /// 6. On-duty firefighters and crewed units per month.
    pub staffing: Captioned<StaffingTimeline>,
    /// 7. The district map.
    pub map: Captioned<MapChart>,
    /// 8. p90 per zone, chosen year.
    pub zones: Captioned<RankedBars>,
    /// 9. Cost against the all-years p90, one point per rollout (when the scenario
    ///    states `[costs]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Captioned<CostChart>>,
}

/// A labelled assumption of the scenario.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AssumptionRow {
    /// What.
    pub name: String,
    /// The value taken.
    pub value: String,
    /// Where it comes from.
    pub source: String,
    /// `name` in Chinese, when the scenario gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// `value` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_zh: Option<String>,
    /// `source` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_zh: Option<String>,
}

/// A rollout's milestones (years; absent: not reached).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MilestoneRow {
    /// Rollout.
    pub rollout: String,
    /// First year the urban core's p90 is within the standard.
    pub urban_core_p90: Option<i32>,
    /// First year the share within the standard reaches the target.
    pub compliance: Option<i32>,
    /// The same, with the whole 95% interval past the line.
    #[serde(default)]
    pub urban_core_p90_confident: Option<i32>,
    /// The same, with the whole 95% interval past the target.
    #[serde(default)]
    pub compliance_confident: Option<i32>,
    /// First year every urban station's district edge is within the standard all year
    /// (scenarios with `[districts]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_edge: Option<i32>,
}

/// Everything the report page shows.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReportData {
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// The same in Chinese, when the scenario gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// Seed.
    pub seed: u64,
    /// Replications per rollout.
    pub replications: u32,
    /// firesim version.
    pub firesim_version: String,
    /// Baseline rollout.
    pub baseline: String,
    /// The standard, seconds from the dispatch order.
    pub standard_s: f64,
    /// Column labels (years, then "all years").
    pub periods: Vec<String>,
    /// The headline table.
    pub table: Vec<TableRow>,
    /// Milestones per rollout.
    pub milestones: Vec<MilestoneRow>,
    /// Whether the milestones include the district edge rule (`[districts]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub district_rule: bool,
    /// The micro stations' and districts' tables (`[micro_stations]`, `[districts]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_rule: Option<PlanRuleData>,
    /// The compliance target.
    pub compliance_target: f64,
    /// The year the distribution charts show.
    pub chart_year: i32,
    /// The charts.
    pub charts: ChartSet,
    /// Labelled assumptions.
    pub assumptions: Vec<AssumptionRow>,
    /// Result files beside the report (relative links).
    pub files: Vec<String>,
    /// How many zones the scenario has (the zone chart shows at most 40).
    #[serde(default)]
    pub zones_total: usize,
    /// Chinese names of zones, by English name, where the scenario gives them.
    #[serde(default)]
    pub names_zh: std::collections::BTreeMap<String, String>,
    /// Each rollout's cost, feasibility and cost-effectiveness (`[costs]`,
    /// `[constraints]`); empty when the scenario states neither.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub economics: Vec<EconomicsRow>,
    /// The currency of the costs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub currency: String,
    /// Chinese display names of rollouts, by name, where the scenario gives them
    /// (`[[rollouts]] name_zh`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub rollout_names_zh: std::collections::BTreeMap<String, String>,
}

impl ReportData {
    /// How a report in `lang` shows the rollout `name`: in Chinese its `name_zh` where the
    /// scenario gives one, else the name itself.
    pub fn rollout_name(&self, name: &str, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.rollout_names_zh.get(name).cloned(),
            Lang::En => None,
        }
        .unwrap_or_else(|| name.to_string())
    }
}

/// One rollout's costs, feasibility and cost-effectiveness against the baseline.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EconomicsRow {
    /// Rollout name.
    pub rollout: String,
    /// Government firefighter-years over the horizon (NaN without `[costs]`).
    pub firefighter_years: f64,
    /// Total cost over the horizon, millions (NaN without `[costs]`).
    pub cost_million: f64,
    /// Its present value, millions.
    pub present_value_million: f64,
    /// Total cost minus the baseline's, millions.
    pub cost_diff_million: f64,
    /// Paired difference in all-years p90 from the dispatch order against the baseline.
    pub p90_diff: Cell,
    /// Paired difference in the all-years share within the standard, points.
    pub within_diff: Cell,
    /// Seconds of p90 per million (NaN: the same cost).
    pub p90_s_per_million: f64,
    /// Points of the share within the standard per million.
    pub points_per_million: f64,
    /// Where it falls against the baseline (`baseline`, `dominates`, `dominated`,
    /// `trade-off`, `same-cost`).
    pub quadrant: String,
    /// Whether it respects every constraint.
    pub feasible: bool,
    /// Every place it does not, one line each.
    pub violations: Vec<String>,
}

/// A rollout's first-action row: per year (then all years).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FirstActionRow {
    /// Rollout.
    pub rollout: String,
    /// Share of fires with a first action within 3 minutes of the dispatch order.
    pub first_action: Vec<Cell>,
    /// Share of fires whose first professional unit came within 3 minutes.
    pub first_arrival: Vec<Cell>,
}

/// A station's district (baseline, the year shown).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DistrictRow {
    /// Station id.
    pub station: String,
    /// Station name in English and Chinese.
    pub name: String,
    /// Chinese name, when the scenario gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// District area, km².
    pub area_km2: f64,
    /// Part on urban construction land, km².
    pub built_up_km2: f64,
    /// Whether the rule judges it (its district holds urban land); otherwise information.
    #[serde(default)]
    pub judged: bool,
    /// Area limit of its part on urban land, km² (`None`: not judged).
    #[serde(default)]
    pub limit_km2: Option<f64>,
    /// Mean turnout + estimated travel to the edge, seconds.
    pub edge_s: f64,
    /// Share of the year the edge was within the standard.
    pub edge_within: f64,
    /// Share of the district's area within the standard.
    pub area_within: f64,
}

/// What the plan-rule tables show.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PlanRuleData {
    /// First action per rollout (empty: no micro stations).
    #[serde(default)]
    pub first_action: Vec<FirstActionRow>,
    /// Districts of the baseline (empty: no `[districts]`).
    #[serde(default)]
    pub districts: Vec<DistrictRow>,
    /// The year the district table shows.
    #[serde(default)]
    pub district_year: i32,
    /// Area of the urban land the rule is judged on, km².
    #[serde(default)]
    pub urban_area_km2: f64,
}

impl PlanRuleData {
    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.first_action.is_empty() && self.districts.is_empty()
    }
}
