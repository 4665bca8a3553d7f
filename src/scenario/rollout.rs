//! A rollout as validated: the dated headcount of every station and when each opens.

use super::issue::Issue;
use super::raw::RolloutKind;
use super::schedule::{Flow, Schedule};
use crate::ground::engine::SimTime;
use serde::Serialize;

/// A rollout: the dated headcount of every station, and when each station opens.
///
/// Whatever its kind in the file, a rollout resolves to this: the model only sees the
/// headcount steps and the commissioning (opening times, temporary units, on-duty share).
/// A `schedule` rollout also keeps its inputs and, once the prepare step has derived them
/// (with the run's seed), its headcount and the dated joins and departures, for reporting.
/// Loading leaves a schedule's `headcount` and `flows` empty.
#[derive(Clone, Debug, Serialize)]
pub struct Rollout {
    /// Name.
    pub name: String,
    /// What question it answers.
    pub description: String,
    /// The same in Chinese, when given.
    pub description_zh: Option<String>,
    /// The display name in Chinese reports, when given (else they show `name`).
    pub name_zh: Option<String>,
    /// How the file states it.
    pub kind: RolloutKind,
    /// A decision the planner takes, or a state of the world (`role`).
    pub role: RolloutRole,
    /// Per station: `(from, firefighters)` steps, sorted by time; headcount is 0 before the
    /// first step.
    pub headcount: Vec<Vec<(SimTime, u32)>>,
    /// Per station: when it opens under this rollout (zero if before the horizon).
    pub opens_at: Vec<SimTime>,
    /// Per station: units its team may crew before the station opens.
    pub temporary_units: Vec<u32>,
    /// Share of headcount on duty.
    pub on_duty_fraction: f64,
    /// Per station: the station whose team covers it (it has no team of its own).
    pub covered_by: Vec<Option<usize>>,
    /// The inputs of a `schedule` rollout.
    pub schedule: Option<Schedule>,
    /// Dated joins and departures derived from the schedule (empty for a table).
    pub flows: Vec<Flow>,
    /// The seed a schedule's headcount was derived with (`None`: a table, or a schedule
    /// not yet prepared).
    #[serde(skip)]
    pub derived_with: Option<u64>,
    /// Where a legitimate plan falls short (minimums not met, recruits never on duty):
    /// reported by `firesim rollout` and `firesim run`, never silently changed.
    pub warnings: Vec<Issue>,
}

/// What a rollout stands for (`role` in the file, inherited through `base`).
///
/// A `decision` is something the planner chooses (how many to recruit when, where they
/// go); a `world` rollout is a state of the world or a reading of the plan (nobody leaves,
/// the stations slip, the other reading of "18 teams"): `compare` shows what it does to
/// the plan, and `robustness` does not rank it, since nobody can choose it: what it varies
/// belongs among the `[[uncertain]]` inputs every decision is evaluated under.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RolloutRole {
    /// Something the planner chooses (the default).
    #[default]
    Decision,
    /// A state of the world or a reading of the plan.
    World,
}

impl RolloutRole {
    /// The word in the file (`decision`, `world`).
    pub fn name(self) -> &'static str {
        match self {
            RolloutRole::Decision => "decision",
            RolloutRole::World => "world",
        }
    }
}

impl Rollout {
    /// Whether the planner chooses it (`role = "decision"`, the default).
    pub fn is_decision(&self) -> bool {
        self.role == RolloutRole::Decision
    }

    /// Whether the headcount is known: a table, or a schedule already derived.
    pub fn is_prepared(&self) -> bool {
        self.schedule.is_none() || self.derived_with.is_some()
    }

    /// Headcount of `station` at time `t`.
    pub fn headcount_at(&self, station: usize, t: SimTime) -> u32 {
        self.headcount[station]
            .iter()
            .take_while(|(from, _)| *from <= t)
            .last()
            .map_or(0, |&(_, n)| n)
    }
}
