//! The prepare step, between loading a scenario and simulating it:
//! load ([`crate::scenario`]) → **prepare** → simulate → summarise → report.
//!
//! Loading checks and resolves what the planner wrote and nothing more; it knows no module
//! above it. Preparing derives what follows from that with the run's seed: every
//! `schedule` rollout's dated headcount, joins and departures ([`crate::prepare::rollout::derive`];
//! `drawn` attrition draws from the run's seed, replication 0, like every other draw of the
//! run). A table rollout needs nothing. What derivation finds short (recruits never on
//! duty, teams below their grade minimum) becomes the rollout's warnings, each naming its
//! field, which `firesim validate`, `rollout`, `run` and `compare` print.
//!
//! Every command calls [`prepare`] once it knows its seed (`--seed`, default the
//! scenario's); a robustness run prepares the scenario of every design point again. The
//! `load`/`from_str` helpers here load and prepare with the scenario's own seed, for tests,
//! benches and tools. This module does no IO of its own.

pub mod coverage;
pub mod demand;
pub mod import;
pub mod replay;
pub mod rollout;
pub mod staffing;
pub mod synthetic;

use crate::scenario::{self, LoadOptions, Scenario, ScenarioError};
use std::path::Path;

/// Derive every `schedule` rollout of `scenario` with the run's `seed` (again, if it was
/// derived with another seed).
pub fn prepare(scenario: &mut Scenario, seed: u64) {
    for r in 0..scenario.rollouts.len() {
        let ro = &scenario.rollouts[r];
        let Some(schedule) = &ro.schedule else {
            continue;
        };
        if ro.derived_with == Some(seed) {
            continue;
        }
        let derived = rollout::derive(scenario, ro, schedule, seed);
        let ro = &mut scenario.rollouts[r];
        ro.headcount = derived.headcount;
        ro.flows = derived.flows;
        ro.warnings = derived.warnings;
        ro.derived_with = Some(seed);
    }
}

/// [`prepare`] by value.
pub fn prepared(mut scenario: Scenario, seed: u64) -> Scenario {
    prepare(&mut scenario, seed);
    scenario
}

/// Load the scenario at `path` ([`scenario::load`]) and prepare it with its own seed.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_with(path, LoadOptions::default())
}

/// [`load`] with options.
pub fn load_with(path: &Path, opts: LoadOptions) -> Result<Scenario, ScenarioError> {
    scenario::load_with(path, opts).map(with_own_seed)
}

/// Validate scenario text ([`scenario::from_str`]) and prepare it with its own seed.
pub fn from_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    from_str_with(text, path, LoadOptions::default())
}

/// [`from_str`] with options.
pub fn from_str_with(
    text: &str,
    path: &Path,
    opts: LoadOptions,
) -> Result<Scenario, ScenarioError> {
    scenario::from_str_with(text, path, opts).map(with_own_seed)
}

fn with_own_seed(scenario: Scenario) -> Scenario {
    let seed = scenario.seed;
    prepared(scenario, seed)
}
