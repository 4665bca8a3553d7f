//! Comparing rollouts: every rollout run over the same replications (common random
//! numbers), its figures estimated, and paired differences against a baseline.
//!
//! Replication `k` of every rollout plays the same incident stream and the same turnout
//! and travel draws per incident and dispatch slot, so the difference between two rollouts
//! in replication `k` carries only the effect of the rollout (and of the dispatch choices
//! it causes). The paired interval on those differences is therefore much narrower than
//! the two rollouts' own intervals would suggest, and a difference whose interval excludes
//! zero is one the replications cannot explain by chance.
//!
//! Milestones read the estimates: the first year in which the urban core's p90 first
//! arrival (from the dispatch order) is within the standard, and the first year in which
//! the district's share within the standard reaches the scenario's compliance target; each
//! both on the mean and "confidently" (the whole 95% interval on the right side).
//!
//! No IO here: the commands write what this computes through `report`.

use crate::scenario::Scenario;
use crate::sim::model::RunCounts;
use crate::stats::{
    self, Aggregate, Breakdown, Estimate, Figure, GroupFigure, Layout, Pooled, RowBacking,
    SampleIncident,
};
use crate::study::runner::{self, KeepResponses, RunOptions};
use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

/// One rollout's results in a comparison.
#[derive(Clone, Debug)]
pub struct RolloutResult {
    /// Rollout index in the scenario.
    pub index: usize,
    /// Estimates.
    pub agg: Aggregate,
    /// Paired differences against the baseline, per period and figure (the baseline's own
    /// are exactly zero).
    pub diffs: Vec<Vec<Estimate>>,
    /// Pooled response-time histograms (for charts).
    pub pooled: Pooled,
    /// The first replication's last-year incidents (for maps).
    pub sample: Vec<SampleIncident>,
    /// Milestones.
    pub milestones: Milestones,
    /// Work done.
    pub counts: RunCounts,
}

/// When a rollout reaches the standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Milestones {
    /// First year whose urban-core p90 (dispatch order → first arrival) is within the
    /// standard, on the mean.
    pub urban_core_p90_within_standard: Option<i32>,
    /// The same, with the whole 95% interval within the standard.
    pub urban_core_p90_within_standard_confident: Option<i32>,
    /// The compliance target (share of incidents within the standard).
    pub compliance_target: f64,
    /// First year whose share within the standard reaches the target, on the mean.
    pub compliance_target_reached: Option<i32>,
    /// The same, with the whole 95% interval at or above the target.
    pub compliance_target_reached_confident: Option<i32>,
    /// First year in which every urban station's district (one with built-up land) has
    /// its edge within the standard for the whole year (`[districts]` only; the figure is
    /// deterministic, so there is no separate confident year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urban_district_edges_within_standard: Option<Option<i32>>,
}

/// A comparison of rollouts.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Seed.
    pub seed: u64,
    /// Replications per rollout.
    pub replications: u32,
    /// Index (into `rollouts`) of the baseline.
    pub baseline: usize,
    /// Names of the figures.
    pub layout: Arc<Layout>,
    /// Per rollout, in the order asked.
    pub rollouts: Vec<RolloutResult>,
}

/// The milestones of one rollout's estimates.
pub fn milestones(scenario: &Scenario, agg: &Aggregate) -> Milestones {
    let first_year = |k: Option<usize>, ok: &dyn Fn(&Estimate) -> bool| {
        let k = k?;
        agg.years
            .iter()
            .enumerate()
            .find(|(p, _)| ok(&agg.periods[*p][k]))
            .map(|(_, y)| *y)
    };
    let std_s = scenario.standard_s;
    let target = scenario.compliance_target;
    let p90 = agg
        .layout
        .index(&Breakdown::UrbanCore.name(GroupFigure::P90FromDispatch));
    let within = agg.layout.figure(Figure::WithinStandard);
    Milestones {
        urban_core_p90_within_standard: first_year(p90, &|e| e.mean <= std_s),
        urban_core_p90_within_standard_confident: first_year(p90, &|e| {
            e.ci95.is_some_and(|[_, hi]| hi <= std_s)
        }),
        compliance_target: target,
        compliance_target_reached: first_year(within, &|e| e.mean >= target),
        compliance_target_reached_confident: first_year(within, &|e| {
            e.ci95.is_some_and(|[lo, _]| lo >= target)
        }),
        urban_district_edges_within_standard: scenario
            .districts
            .as_ref()
            .map(|_| urban_district_edges_year(scenario, agg)),
    }
}

/// The first year in which every station the rule judges (urban construction land in its
/// district, GB 51080-2015 §4.1.3) has its district's edge within the standard for the
/// whole year; stations off urban land are information and do not count.
fn urban_district_edges_year(scenario: &Scenario, agg: &Aggregate) -> Option<i32> {
    let ids: Vec<String> = scenario
        .stations
        .iter()
        .map(|st| st.id.replace('.', "_"))
        .collect();
    agg.years
        .iter()
        .enumerate()
        .find(|(p, _)| {
            let mut any = false;
            let all = ids.iter().all(|id| {
                let built = agg
                    .get(*p, &format!("by_station.{id}.district_judged"))
                    .is_some_and(|e| e.mean > 0.5);
                any |= built;
                !built
                    || agg
                        .get(
                            *p,
                            &format!("by_station.{id}.district_edge_within_standard"),
                        )
                        .is_some_and(|e| e.mean >= 1.0 - 1e-9)
            });
            any && all
        })
        .map(|(_, y)| *y)
}

/// Makes the empty backing each rollout's table of replications is kept in.
pub type NewBacking<'a> = &'a (dyn Fn() -> Box<dyn RowBacking> + Sync);

/// Run `rollouts` (indices into the scenario's) over the same `replications` and `seed`,
/// with `rollouts[baseline]` as the baseline, on the current rayon pool, keeping each
/// rollout's replications in a backing `backing` makes (`stats::in_memory`; the commands
/// give temporary files); `Err` is a backing's failure. `tick` is called once per finished
/// replication of any rollout. After a stop request ([`crate::ground::cancel`]) it returns
/// early with an incomplete comparison.
#[allow(clippy::too_many_arguments)]
pub fn compare(
    scenario: &Scenario,
    rollouts: &[usize],
    baseline: usize,
    replications: u32,
    seed: u64,
    keep_sample: bool,
    backing: NewBacking,
    tick: &(dyn Fn() + Sync),
) -> Result<Comparison, String> {
    let run = |r: usize| {
        let opts = RunOptions {
            rollout: r,
            replications,
            seed,
            keep: KeepResponses::None,
            keep_sample,
        };
        runner::run_range_in(scenario, &opts, 0..replications, backing(), tick)
    };
    let base = run(rollouts[baseline]);
    assemble(
        scenario,
        rollouts,
        baseline,
        replications,
        seed,
        base,
        &mut |i| run(rollouts[i]),
    )
}

/// Replications `reps` (of `replications`) of one rollout, as a comparison runs them.
fn run_rollout(
    scenario: &Scenario,
    rollout: usize,
    replications: u32,
    reps: Range<u32>,
    seed: u64,
    keep_sample: bool,
    tick: &(dyn Fn() + Sync),
) -> runner::RunOutput {
    let opts = RunOptions {
        rollout,
        replications,
        seed,
        keep: KeepResponses::None,
        keep_sample,
    };
    runner::run_range(scenario, &opts, reps, tick)
}

/// One shard of a comparison: replications `reps` of every rollout in `rollouts`, in
/// that order (what `firesim compare --shard` keeps in its partial file).
pub fn compare_shard(
    scenario: &Scenario,
    rollouts: &[usize],
    replications: u32,
    reps: Range<u32>,
    seed: u64,
    keep_sample: bool,
    tick: &(dyn Fn() + Sync),
) -> Vec<runner::RunOutput> {
    rollouts
        .iter()
        .map(|&r| {
            run_rollout(
                scenario,
                r,
                replications,
                reps.clone(),
                seed,
                keep_sample,
                tick,
            )
        })
        .collect()
}

/// The comparison of complete runs: `base` is the run of `rollouts[baseline]`, `other(i)`
/// gives the run of `rollouts[i]` for every other position (asked for one at a time, so
/// an unsharded comparison holds two runs at once, not all of them). `Err` is the first
/// failure of a run's table (its backing).
pub fn assemble(
    scenario: &Scenario,
    rollouts: &[usize],
    baseline: usize,
    replications: u32,
    seed: u64,
    base: runner::RunOutput,
    other: &mut dyn FnMut(usize) -> runner::RunOutput,
) -> Result<Comparison, String> {
    let layout = base.layout.clone();
    let mut results = Vec::with_capacity(rollouts.len());
    for (i, &r) in rollouts.iter().enumerate() {
        if crate::ground::cancel::requested().is_some() {
            break; // stopped: an incomplete comparison, never written
        }
        let out = if i == baseline { None } else { Some(other(i)) };
        let o = out.as_ref().unwrap_or(&base);
        let agg = stats::aggregate(&layout, &o.reps);
        let diffs = stats::paired_differences(&base.reps, &o.reps);
        if let Some(e) = base.reps.error().or_else(|| o.reps.error()) {
            return Err(e);
        }
        results.push(RolloutResult {
            index: r,
            diffs,
            milestones: milestones(scenario, &agg),
            agg,
            pooled: o.pooled.clone(),
            sample: o.sample.clone(),
            counts: o.counts,
        });
    }
    Ok(Comparison {
        seed,
        replications,
        baseline,
        layout,
        rollouts: results,
    })
}

/// A one-rollout "comparison" of an existing run (the rollout is its own baseline), so that
/// `firesim run` can write the same report as `firesim compare`.
pub fn from_run(
    scenario: &Scenario,
    rollout: usize,
    seed: u64,
    replications: u32,
    out: &runner::RunOutput,
) -> Comparison {
    let agg = stats::aggregate(&out.layout, &out.reps);
    Comparison {
        seed,
        replications,
        baseline: 0,
        layout: out.layout.clone(),
        rollouts: vec![RolloutResult {
            index: rollout,
            diffs: stats::paired_differences(&out.reps, &out.reps),
            milestones: milestones(scenario, &agg),
            agg,
            pooled: out.pooled.clone(),
            sample: out.sample.clone(),
            counts: out.counts,
        }],
    }
}
