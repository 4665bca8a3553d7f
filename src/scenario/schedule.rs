//! The inputs of a `schedule` rollout as the planner wrote them, validated: intakes,
//! attrition, allocation policy, starting and fixed teams. Deriving the dated headcount
//! from them is a later step (the `prepare` module, above this one, with the run's seed),
//! not part of loading.

use super::{AllocationPolicy, AttritionMode};
use crate::ground::engine::SimTime;
use serde::Serialize;

/// The inputs of a `schedule` rollout, validated and resolved to station indices.
#[derive(Clone, Debug, Serialize)]
pub struct Schedule {
    /// Intakes in file order.
    pub intakes: Vec<Intake>,
    /// Share of government firefighters leaving per year.
    pub attrition_rate: f64,
    /// How attrition becomes departures.
    pub attrition_mode: AttritionMode,
    /// How recruits are assigned to teams.
    pub allocation: AllocationPolicy,
    /// Per station: government firefighters at the start of the horizon.
    pub starting: Vec<u32>,
    /// Per station: a constant team outside the rollout (the national team).
    pub fixed: Vec<Option<u32>>,
    /// The rollout's field path, e.g. `rollouts[0]`, for warnings.
    pub field: String,
    /// The field path the recruits came from (it may be a base rollout's).
    pub recruits_field: String,
}

/// One intake of recruits.
#[derive(Clone, Debug, Serialize)]
pub struct Intake {
    /// The day they join (and start induction).
    pub joins: SimTime,
    /// The day they go on duty.
    pub on_duty: SimTime,
    /// How many.
    pub recruits: u32,
    /// Field path, for warnings.
    pub field: String,
}

/// Firefighters joining or leaving a station on one day.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Flow {
    /// When.
    pub at: SimTime,
    /// Station index.
    pub station: usize,
    /// Recruits going on duty there.
    pub joined: u32,
    /// Firefighters leaving.
    pub left: u32,
}
