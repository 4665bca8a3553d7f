//! `[optimise]` as written: which of a schedule rollout's choices `firesim optimise` may
//! change, and within what bounds. Everything else stays as the scenario says.

use super::rollouts::AllocationPolicy;
use serde::Deserialize;

/// `[optimise]`: the choices of the base rollout a search may change.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOptimise {
    /// The `schedule` rollout whose choices are searched (default `plan`).
    #[serde(default)]
    pub base: Option<String>,
    /// Per intake (the base's `recruits`, in order): the fewest recruits.
    pub recruits_min: Vec<i64>,
    /// Per intake: the most recruits (training capacity).
    pub recruits_max: Vec<i64>,
    /// Recruits moved by one step of the search (a training class).
    #[serde(default)]
    pub step: Option<i64>,
    /// The most recruits over all intakes; absent: the base's total, fixed.
    #[serde(default)]
    pub total_recruits_max: Option<i64>,
    /// The allocation policies a candidate may use (default: the base's alone).
    #[serde(default)]
    pub allocations: Vec<AllocationPolicy>,
    /// Whether the order in which the base's stations open inside the horizon may change:
    /// a candidate swaps the opening dates of stations that open on different dates, so
    /// every year opens as many stations as the base (the construction capacity).
    #[serde(default)]
    pub opening_order: bool,
    /// The most a candidate may cost over the horizon (undiscounted, `[costs]`); absent:
    /// the base rollout's cost.
    #[serde(default)]
    pub cost_max: Option<f64>,
    /// Per year of the horizon: the weight of its p90 in `--objective weighted`
    /// (default: equal weights).
    #[serde(default)]
    pub year_weights: Option<Vec<f64>>,
    /// Candidates kept from the search for the selection stage (2 to 20, default 5).
    #[serde(default)]
    pub finalists: Option<i64>,
    /// Replications per candidate during the search (default 16).
    #[serde(default)]
    pub search_replications: Option<i64>,
    /// First-stage replications of the selection (n0 ≥ 10, default 20).
    #[serde(default)]
    pub first_stage_replications: Option<i64>,
    /// Where the bounds come from.
    #[serde(default)]
    pub source: Option<String>,
}
