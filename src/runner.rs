//! Running replications: one incident stream per replication, played against a rollout, in
//! parallel on a rayon pool, combined in replication order.
//!
//! Replication `k` of any rollout sees the same stream (generated from the seed and `k`),
//! so rollouts compared over the same seed are paired (common random numbers). Results are
//! combined in replication order, never in completion order, so the thread count cannot
//! change them.

use crate::demand;
use crate::dispatch::Closest;
use crate::model::{Model, Observer, ResponseRecord, RunCounts};
use crate::scenario::{DispatchPolicyKind, Scenario};
use crate::staffing;
use crate::stats::{Collector, RepSummary};
use rayon::prelude::*;

/// Which per-response records to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepResponses {
    /// None.
    None,
    /// The first replication's.
    First,
    /// Every replication's.
    All,
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Rollout index.
    pub rollout: usize,
    /// Replications.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// Which response records to keep.
    pub keep: KeepResponses,
}

/// What a set of replications gives.
pub struct RunOutput {
    /// Per replication, in replication order.
    pub reps: Vec<RepSummary>,
    /// Kept response records, with their replication.
    pub responses: Vec<(u32, ResponseRecord)>,
    /// Work done.
    pub counts: RunCounts,
}

/// Keeps the response records when asked to (and only then: a million-incident run would
/// otherwise copy ~100 MB of records it throws away).
struct Sink {
    keep: bool,
    records: Vec<ResponseRecord>,
}

impl Observer for Sink {
    fn response(&mut self, r: &ResponseRecord) {
        if self.keep {
            self.records.push(*r);
        }
    }
}

/// The dispatch policy a scenario names, with whatever it precomputes (built once per
/// run and shared by its replications).
pub fn policy(scenario: &Scenario) -> Closest {
    match scenario.dispatch {
        DispatchPolicyKind::Closest => Closest::indexed(scenario),
    }
}

/// Run one replication (building the dispatch policy for it; [`replication_with`] shares
/// one across replications).
pub fn replication(
    scenario: &Scenario,
    crewing: &staffing::CrewingTimeline,
    seed: u64,
    rep: u32,
    keep: bool,
) -> (RepSummary, Vec<ResponseRecord>, RunCounts) {
    replication_with(scenario, crewing, &policy(scenario), seed, rep, keep)
}

/// Run one replication with a prepared dispatch policy (see [`policy`]).
pub fn replication_with(
    scenario: &Scenario,
    crewing: &staffing::CrewingTimeline,
    policy: &Closest,
    seed: u64,
    rep: u32,
    keep: bool,
) -> (RepSummary, Vec<ResponseRecord>, RunCounts) {
    let incidents = demand::generate(scenario, seed, rep as u64);
    let sink = Sink {
        keep,
        records: vec![],
    };
    let mut obs = (Collector::new(scenario), sink);
    let counts = Model::new(
        scenario, crewing, &incidents, policy, &mut obs, seed, rep as u64,
    )
    .run();
    let (collector, sink) = obs;
    let kept = sink.records;
    (collector.finish(), kept, counts)
}

/// Run `opts.replications` replications on the current rayon pool; `tick` is called once
/// per finished replication (for progress bars).
pub fn run(scenario: &Scenario, opts: &RunOptions, tick: &(dyn Fn() + Sync)) -> RunOutput {
    let crewing = staffing::crewing(scenario, &scenario.rollouts[opts.rollout]);
    let policy = policy(scenario);
    let results: Vec<_> = (0..opts.replications)
        .into_par_iter()
        .map(|rep| {
            let keep = match opts.keep {
                KeepResponses::None => false,
                KeepResponses::First => rep == 0,
                KeepResponses::All => true,
            };
            let r = replication_with(scenario, &crewing, &policy, opts.seed, rep, keep);
            tick();
            r
        })
        .collect();
    let mut out = RunOutput {
        reps: Vec::with_capacity(results.len()),
        responses: vec![],
        counts: RunCounts::default(),
    };
    for (rep, (summary, kept, counts)) in results.into_iter().enumerate() {
        out.reps.push(summary);
        out.responses
            .extend(kept.into_iter().map(|r| (rep as u32, r)));
        out.counts.events += counts.events;
        out.counts.incidents += counts.incidents;
    }
    out
}
