//! Running replications: one incident stream per replication, played against a rollout, in
//! parallel on a rayon pool, combined in replication order.
//!
//! Replication `k` of any rollout sees the same stream (generated, or for a recorded
//! stream replayed or bootstrapped, from the seed and `k`: [`incident_stream`]),
//! so rollouts compared over the same seed are paired (common random numbers). Results are
//! combined in replication order, never in completion order, so the thread count cannot
//! change them.

use crate::prepare::demand::{self, Incident};
use crate::prepare::replay;
use crate::prepare::staffing;
use crate::scenario::{DispatchPolicyKind, IncidentSource, Scenario};
use crate::sim::dispatch::Closest;
use crate::sim::model::{Model, Observer, ResponseRecord, RunCounts};
use crate::stats::{Collector, Layout, Pooled, RepSummary, RunContext, SampleIncident};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

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
    /// Keep the first replication's last-year incidents (positions, times) for maps.
    pub keep_sample: bool,
}

/// What a set of replications gives.
///
/// A sharded run serialises it as is into its partial file (`shard`), without the layout,
/// which `firesim merge` rebuilds from the scenario: a field added here travels through
/// the merge unchanged, and [`RunOutput::append`] must say how two shards' values combine.
#[derive(Serialize, Deserialize)]
pub struct RunOutput {
    /// Names of the per-period figures.
    #[serde(skip)]
    pub layout: Arc<Layout>,
    /// Per replication, in replication order.
    pub reps: Vec<RepSummary>,
    /// Response-time histograms pooled over all replications.
    pub pooled: Pooled,
    /// The first replication's sample of last-year incidents (if asked for).
    pub sample: Vec<SampleIncident>,
    /// Kept response records, with their replication.
    pub responses: Vec<(u32, ResponseRecord)>,
    /// Work done.
    pub counts: RunCounts,
}

/// Keeps the response records when asked to (and only then: a million-incident run would
/// otherwise copy ~100 MB of records it throws away).
struct Sink(Option<Vec<ResponseRecord>>);

impl Observer for Sink {
    fn response(&mut self, r: &ResponseRecord) {
        if let Some(v) = &mut self.0 {
            v.push(*r);
        }
    }
}

/// The incident stream of replication `rep`, from the scenario's incident source, drawn
/// as it is consumed (a simulation never holds the whole stream).
pub fn incident_iter<'a>(
    scenario: &'a Scenario,
    seed: u64,
    rep: u64,
) -> Box<dyn Iterator<Item = Incident> + 'a> {
    match &scenario.source {
        IncidentSource::Generated => Box::new(demand::Generator::new(scenario, seed, rep)),
        IncidentSource::Recorded(rec) => Box::new(replay::Replayer::new(scenario, rec, seed, rep)),
    }
}

/// The whole incident stream of replication `rep` (for tests and tools).
pub fn incident_stream(scenario: &Scenario, seed: u64, rep: u64) -> Vec<Incident> {
    incident_iter(scenario, seed, rep).collect()
}

/// The dispatch policy a scenario names, with whatever it precomputes (built once per
/// run and shared by its replications).
pub fn policy(scenario: &Scenario) -> Closest {
    match scenario.dispatch {
        DispatchPolicyKind::Closest => Closest::indexed(scenario),
    }
}

/// Run one replication (building the dispatch policy and the statistics context afresh:
/// for many replications use [`run`], or [`replication_with`] with prepared ones).
pub fn replication(
    scenario: &Scenario,
    crewing: &staffing::CrewingTimeline,
    seed: u64,
    rep: u32,
    keep: bool,
) -> (RepSummary, Vec<ResponseRecord>, RunCounts) {
    let ctx = RunContext::new(scenario, crewing, false);
    replication_with(scenario, crewing, &policy(scenario), &ctx, seed, rep, keep)
}

/// Run one replication with a prepared dispatch policy (see [`policy`]) and statistics
/// context.
pub fn replication_with(
    scenario: &Scenario,
    crewing: &staffing::CrewingTimeline,
    policy: &Closest,
    ctx: &RunContext,
    seed: u64,
    rep: u32,
    keep: bool,
) -> (RepSummary, Vec<ResponseRecord>, RunCounts) {
    // Once a stop is asked for (crate::ground::cancel) the remaining replications play nothing:
    // their results are never written, and the run ends within a moment.
    let incidents: Box<dyn Iterator<Item = Incident>> =
        if crate::ground::cancel::requested().is_some() {
            Box::new(std::iter::empty())
        } else {
            incident_iter(scenario, seed, rep as u64)
        };
    let mut obs = (
        Collector::new(scenario, ctx, seed, rep as u64),
        Sink(keep.then(Vec::new)),
    );
    let counts = Model::new(
        scenario, crewing, incidents, policy, &mut obs, seed, rep as u64,
    )
    .run();
    let (collector, sink) = obs;
    let kept = sink.0.unwrap_or_default();
    (collector.finish(), kept, counts)
}

impl RunOutput {
    /// Add the replications of the next shard (`next` holds the replications right after
    /// this one's): per-replication figures and kept responses are concatenated in
    /// replication order, pooled histograms and counts are integer sums, so the result is
    /// exactly what one run over both ranges gives.
    pub fn append(&mut self, next: RunOutput) {
        self.reps.extend(next.reps);
        self.pooled.merge(&next.pooled);
        if self.sample.is_empty() {
            self.sample = next.sample;
        }
        self.responses.extend(next.responses);
        self.counts.events += next.counts.events;
        self.counts.incidents += next.counts.incidents;
    }
}

/// Play an incident stream (replication `rep`'s, from [`incident_iter`]) against one
/// rollout's crewing: several rollouts can share one generated stream.
#[allow(clippy::too_many_arguments)]
pub fn play<'a>(
    scenario: &'a Scenario,
    crewing: &'a staffing::CrewingTimeline,
    incidents: impl IntoIterator<Item = Incident> + 'a,
    policy: &'a Closest,
    ctx: &'a RunContext,
    seed: u64,
    rep: u32,
) -> (RepSummary, RunCounts) {
    let mut obs = (Collector::new(scenario, ctx, seed, rep as u64), Sink(None));
    let counts = Model::new(
        scenario, crewing, incidents, policy, &mut obs, seed, rep as u64,
    )
    .run();
    (obs.0.finish(), counts)
}

/// Run `opts.replications` replications on the current rayon pool; `tick` is called once
/// per finished replication (for progress bars).
pub fn run(scenario: &Scenario, opts: &RunOptions, tick: &(dyn Fn() + Sync)) -> RunOutput {
    run_range(scenario, opts, 0..opts.replications, tick)
}

/// Run replications `reps` (a part of `0..opts.replications`, for a shard) on the current
/// rayon pool. Replication `k` is the same whichever range it is run in: its streams
/// derive from the seed and `k` alone, and replication 0 alone keeps the map sample.
pub fn run_range(
    scenario: &Scenario,
    opts: &RunOptions,
    reps: Range<u32>,
    tick: &(dyn Fn() + Sync),
) -> RunOutput {
    let first = reps.start;
    let rollout = &scenario.rollouts[opts.rollout];
    // The nominal crewing (no rota, no absence) for the static coverage figure; each
    // replication plays its own drawn crewing (daily rota and absence, common to every
    // rollout's replication of the same number).
    let crewing = staffing::crewing(scenario, rollout);
    let policy = policy(scenario);
    let ctx = RunContext::new(scenario, &crewing, false);
    let sample_ctx = RunContext {
        keep_sample: opts.keep_sample,
        ..ctx.clone()
    };
    // Pooled histograms are merged as replications finish (integer adds: the order does not
    // matter), so memory does not grow with the number of replications.
    let pooled = std::sync::Mutex::new(Pooled::default());
    // Once a stop is asked for (crate::ground::cancel) no further replication is set up:
    // an item returns `None` before its crewing, statistics or model are built, and
    // collecting into an `Option` ends the parallel loop at the first `None` (the queued
    // replications are dropped, not each set up and skipped), so the stop takes one
    // replication's poll interval whatever the number still to run. The incomplete
    // results are never written.
    let results: Option<Vec<_>> = reps
        .into_par_iter()
        .map(|rep| {
            crate::ground::cancel::requested().is_none().then_some(())?;
            let keep = match opts.keep {
                KeepResponses::None => false,
                KeepResponses::First => rep == 0,
                KeepResponses::All => true,
            };
            let c = if rep == 0 { &sample_ctx } else { &ctx };
            let drawn = staffing::crewing_drawn(scenario, rollout, opts.seed, rep as u64);
            let mut r = replication_with(scenario, &drawn, &policy, c, opts.seed, rep, keep);
            let mine = std::mem::take(&mut r.0.pooled);
            if let Ok(mut p) = pooled.lock() {
                p.merge(&mine);
            }
            tick();
            Some(r)
        })
        .collect();
    let results = results.unwrap_or_default();
    let mut out = RunOutput {
        layout: ctx.layout.clone(),
        reps: Vec::with_capacity(results.len()),
        pooled: pooled.into_inner().unwrap_or_default(),
        sample: vec![],
        responses: vec![],
        counts: RunCounts::default(),
    };
    for (i, (mut summary, kept, counts)) in results.into_iter().enumerate() {
        let rep = first as usize + i;
        if rep == 0 {
            out.sample = std::mem::take(&mut summary.sample);
        }
        out.reps.push(summary);
        out.responses
            .extend(kept.into_iter().map(|r| (rep as u32, r)));
        out.counts.events += counts.events;
        out.counts.incidents += counts.incidents;
    }
    out
}
