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
use crate::stats::{
    Collector, Layout, Pooled, RepSummary, RepTable, RowBacking, RunContext, SampleIncident,
};
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
    /// Per replication, in replication order: its figures (a row of the table).
    pub reps: RepTable,
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
        self.reps.append(&next.reps);
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

/// Replications started at once per worker thread: the runner holds at most this many
/// replications' results per thread before it adds them, in replication order, to the
/// table (so memory does not grow with the number of replications); a larger batch only
/// shortens the moments a thread waits for the batch's last replication.
pub const REPS_IN_FLIGHT_PER_THREAD: usize = 32;

/// Run `opts.replications` replications on the current rayon pool; `tick` is called once
/// per finished replication (for progress bars).
pub fn run(scenario: &Scenario, opts: &RunOptions, tick: &(dyn Fn() + Sync)) -> RunOutput {
    run_range(scenario, opts, 0..opts.replications, tick)
}

/// Run replications `reps` (a part of `0..opts.replications`, for a shard) on the current
/// rayon pool, keeping their figures in memory. Replication `k` is the same whichever
/// range it is run in: its streams derive from the seed and `k` alone, and replication 0
/// alone keeps the map sample.
pub fn run_range(
    scenario: &Scenario,
    opts: &RunOptions,
    reps: Range<u32>,
    tick: &(dyn Fn() + Sync),
) -> RunOutput {
    run_range_in(scenario, opts, reps, crate::stats::in_memory(), tick)
}

/// [`run_range`], keeping every replication's figures in `backing` (empty; the commands
/// give a temporary file, so that a run's memory stays flat in replications).
pub fn run_range_in(
    scenario: &Scenario,
    opts: &RunOptions,
    reps: Range<u32>,
    backing: Box<dyn RowBacking>,
    tick: &(dyn Fn() + Sync),
) -> RunOutput {
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
    let mut out = RunOutput {
        layout: ctx.layout.clone(),
        reps: RepTable::new(
            scenario.calendar.years(),
            ctx.layout.names.len(),
            scenario.units.len(),
            backing,
        ),
        pooled: Pooled::default(),
        sample: vec![],
        responses: vec![],
        counts: RunCounts::default(),
    };
    // Pooled histograms are merged as replications finish (integer adds: the order does not
    // matter), so they are not held with the batch's figures.
    let pooled = std::sync::Mutex::new(Pooled::default());
    let batch = (rayon::current_num_threads() * REPS_IN_FLIGHT_PER_THREAD).max(1) as u32;
    let mut start = reps.start;
    while start < reps.end {
        let end = start.saturating_add(batch).min(reps.end);
        // Once a stop is asked for (crate::ground::cancel) no further replication is set
        // up: an item returns `None` before its crewing, statistics or model are built,
        // and collecting into an `Option` ends the parallel loop at the first `None` (the
        // queued replications are dropped, not each set up and skipped), so the stop takes
        // one replication's poll interval whatever the number still to run. The
        // incomplete results are never written.
        let results: Option<Vec<_>> = (start..end)
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
        let Some(results) = results else {
            break;
        };
        for (i, (mut summary, kept, counts)) in results.into_iter().enumerate() {
            let rep = start + i as u32;
            if rep == 0 {
                out.sample = std::mem::take(&mut summary.sample);
            }
            out.reps.push(&summary);
            out.responses.extend(kept.into_iter().map(|r| (rep, r)));
            out.counts.events += counts.events;
            out.counts.incidents += counts.incidents;
        }
        start = end;
    }
    out.pooled = pooled.into_inner().unwrap_or_default();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A backing that counts the values it is given (and keeps them, to be read).
    struct Counting(Vec<f64>, Arc<AtomicUsize>);

    impl RowBacking for Counting {
        fn append(&mut self, values: &[f64]) {
            self.1.fetch_add(values.len(), Ordering::Relaxed);
            self.0.extend_from_slice(values);
        }
        fn read(&self, at: usize, out: &mut [f64]) {
            self.0.read(at, out);
        }
        fn error(&self) -> Option<String> {
            None
        }
    }

    /// What a run keeps per replication is one row of figures: its count of values is set
    /// by the layout (periods × figures + 3 per unit), not by the incidents played, so a
    /// run's memory (or temporary file) grows by that row and nothing else per replication.
    #[test]
    fn a_replication_keeps_one_row_whatever_its_incidents() {
        let reps = 3;
        let mut seen = vec![];
        for annual_rate in [300.0, 6_000.0] {
            let p = crate::prepare::synthetic::MetroParams {
                stations: 4,
                zones_per_side: 3,
                side_km: 8.0,
                annual_rate,
                days: 400,
                ..Default::default()
            };
            let text = crate::prepare::synthetic::metro(&p);
            let s = crate::prepare::from_str(&text, std::path::Path::new("metro.toml"))
                .expect("a valid synthetic city");
            let opts = RunOptions {
                rollout: 0,
                replications: reps,
                seed: 5,
                keep: KeepResponses::None,
                keep_sample: false,
            };
            let count = Arc::new(AtomicUsize::new(0));
            let backing = Box::new(Counting(vec![], count.clone()));
            let out = run_range_in(&s, &opts, 0..reps, backing, &|| {});
            let width = (s.calendar.years().len() + 1) * out.layout.names.len() + 3 * s.units.len();
            assert_eq!(s.calendar.years().len(), 2, "the horizon spans two years");
            assert_eq!(out.reps.len(), reps as usize);
            assert_eq!(count.load(Ordering::Relaxed), reps as usize * width);
            assert!(out.responses.is_empty() && out.sample.is_empty());
            seen.push((out.counts.incidents, width));
        }
        let [(few, w1), (many, w2)] = seen[..] else {
            unreachable!()
        };
        assert!(many > 10 * few, "{few} vs {many} incidents");
        assert_eq!(w1, w2);
    }
}
