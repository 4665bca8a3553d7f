//! `[optimise]` as validated: the choices of one `schedule` rollout that
//! `firesim optimise` may change (its intakes and its allocation policy), their bounds,
//! and the sizes of the search and selection stages.

use super::raw::AllocationPolicy;
use serde::Serialize;

/// The choices a search may make, resolved against the base rollout.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Optimise {
    /// The base rollout (a `schedule`), index into the scenario's rollouts.
    pub base: usize,
    /// Per intake: the fewest recruits.
    pub recruits_min: Vec<u32>,
    /// Per intake: the most recruits.
    pub recruits_max: Vec<u32>,
    /// Recruits moved by one step of the search.
    pub step: u32,
    /// The most recruits over all intakes (`None`: the base's total, fixed).
    pub total_recruits_max: Option<u32>,
    /// The allocation policies a candidate may use (the base's first).
    pub allocations: Vec<AllocationPolicy>,
    /// Whether the stations' opening order may change (dates swapped between stations
    /// the base opens inside the horizon, so each year opens as many as the base's).
    pub opening_order: bool,
    /// The most a candidate may cost (`None`: the base rollout's cost).
    pub cost_max: Option<f64>,
    /// Per year of the horizon: weights of `--objective weighted`, summing to 1.
    pub year_weights: Vec<f64>,
    /// Candidates kept for the selection stage.
    pub finalists: usize,
    /// Replications per candidate during the search.
    pub search_replications: u32,
    /// First-stage replications of the selection (n0).
    pub first_stage_replications: u32,
    /// Where the bounds come from.
    pub source: Option<String>,
}
