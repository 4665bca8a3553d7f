//! `firesim robustness`: every decision (a rollout with `role = "decision"`) at every point
//! of a Saltelli design over the scenario's uncertain inputs; writes robustness.json,
//! robustness.csv, sensitivity.csv, voi.csv, robustness.md (also printed), report.html and
//! charts (the last three in `--lang`). States of the world (`role = "world"`) are not run:
//! what they vary belongs among the inputs.
//!
//! In three steps, so the work can be sharded: the study (scenario, inputs, design, what
//! to write where), the computation of a list of work items (design point × replication:
//! all of them, or a shard's contiguous block, written to a partial file), and the finish
//! (the reduction of every item's result, in item order, and the files), which a merge of
//! the shards' parts (through [`Shardable`]) runs on exactly the results one process would
//! have had.

use super::output::Staging;
use super::part;
use super::setup::{pool, progress, select_rollouts};
use super::sim::{self, resolve_shard};
use super::timing::{measure, performance};
use crate::report;
use crate::scenario::{LoadOptions, UncertainScenario};
use crate::study::budget;
use crate::study::robustness::{self, ItemResult, Plan, WorkItem, design};
use crate::study::shard::{Cost, Shard, Shardable};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// What `firesim robustness` is asked to do (its flags, as the command line parsed them).
#[derive(Clone, Debug)]
pub struct RobustnessArgs {
    /// The scenario file (TOML) with its `[[uncertain]]` entries.
    pub scenario: PathBuf,
    /// Files of `[[uncertain]]` entries that add to or replace the scenario's.
    pub uncertain: Vec<PathBuf>,
    /// Use only the entries of the --uncertain files.
    pub uncertain_only: bool,
    /// Rows N of each Saltelli matrix.
    pub points: usize,
    /// Replications per design point.
    pub reps: u32,
    /// Rollouts to compare (default: all in the file).
    pub rollouts: Vec<String>,
    /// The rollout the others are compared with.
    pub baseline: Option<String>,
    /// Master seed (default: the scenario's `seed`).
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Bootstrap replicates for the intervals of the sensitivity indices.
    pub bootstrap: usize,
    /// Output folder (default: `results/<scenario name>/robustness/`).
    pub out: Option<PathBuf>,
    /// `K/N` or `auto`: compute only that shard.
    pub shard: Option<String>,
    /// N for `--shard auto`.
    pub shards: Option<u32>,
    /// Run a horizon longer than 100 years.
    pub allow_long_horizon: bool,
    /// Language of robustness.md, report.html and the charts.
    pub lang: report::Lang,
    /// Rank infeasible decisions too.
    pub include_infeasible: bool,
}

/// The decisions to run and the baseline's position among them: the ones named (none of
/// them a state of the world), else every decision of the file.
fn decisions(args: &RobustnessArgs, s: &crate::scenario::Scenario) -> Result<(Vec<usize>, usize)> {
    let (mut rollouts, baseline) =
        select_rollouts(s, &args.rollouts, args.baseline.as_deref(), &args.scenario)?;
    let world = |i: usize| !s.rollouts[i].is_decision();
    let why = "a state of the world (role = \"world\"), not a decision: robustness ranks \
               decisions only, and evaluates each under what it varies as [[uncertain]] inputs \
               (`firesim compare` shows what it does to the plan)";
    if !args.rollouts.is_empty()
        && let Some(&w) = rollouts.iter().find(|&&i| world(i))
    {
        bail!("--rollouts: `{}` is {why}", s.rollouts[w].name);
    }
    let base = rollouts[baseline];
    if world(base) {
        let flag = if args.baseline.is_some() {
            "--baseline"
        } else {
            "the baseline (name a decision with --baseline)"
        };
        bail!("{flag}: `{}` is {why}", s.rollouts[base].name);
    }
    rollouts.retain(|&i| !world(i));
    let baseline = rollouts.iter().position(|&i| i == base).unwrap_or(0);
    Ok((rollouts, baseline))
}

/// Check the flags, then the budget (before the design is drawn), and lay out the study;
/// `threads` work on it, and `shard` (if any) is what this process computes.
fn plan(
    args: &RobustnessArgs,
    us: &UncertainScenario,
    threads: usize,
    shard: Option<Shard>,
) -> Result<Plan> {
    let s = &us.nominal;
    let k = us.inputs.len();
    if k == 0 {
        bail!(
            "{}: no [[uncertain]] entries (add some to the scenario or name a file with --uncertain)",
            args.scenario.display()
        );
    }
    if k > design::MAX_INPUTS {
        bail!(
            "at most {} uncertain inputs (there are {k})",
            design::MAX_INPUTS
        );
    }
    if args.points < 2 || args.points > design::MAX_ROWS {
        bail!("--points: between 2 and {}", design::MAX_ROWS);
    }
    if args.reps < 2 {
        bail!("--reps: at least 2 (the noise estimate needs them)");
    }
    if args.bootstrap < 10 {
        bail!("--bootstrap: at least 10");
    }
    let (rollouts, baseline) = decisions(args, s)?;
    if rollouts.len() < 2 {
        bail!(
            "--rollouts: a choice needs at least 2 decisions (rollouts with role = \"decision\"), found {}",
            rollouts.len()
        );
    }
    check_budget(args, us, rollouts.len(), threads, shard)?;
    let seed = args.seed.unwrap_or(s.seed);
    Ok(Plan {
        design: design::Design::saltelli(args.points, k, seed),
        reps: args.reps,
        rollouts,
        baseline,
        seed,
        bootstrap: args.bootstrap,
    })
}

/// The budget of the study (or of the shard `shard`): its work items' results and
/// simulations, and, where this process reduces them (no shard), the design and the
/// bootstrap's resamples.
fn check_budget(
    args: &RobustnessArgs,
    us: &UncertainScenario,
    rollouts: usize,
    threads: usize,
    shard: Option<Shard>,
) -> Result<()> {
    let points = args.points as u64 * (us.inputs.len() as u64 + 2);
    let items = points * u64::from(args.reps);
    let here = shard.map_or(items, |s| {
        let at = |k: u32| u64::from(k) * items / u64::from(s.count);
        at(s.index + 1) - at(s.index)
    });
    let resample = budget::Resample {
        replicates: if shard.is_none() {
            args.bootstrap as u64
        } else {
            0
        },
        rows: args.points as u64,
        design_points: points,
        inputs: us.inputs.len() as u64,
    };
    sim::check_budget(
        &us.nominal,
        &budget::Request {
            replications: here,
            rollouts: rollouts as u64,
            threads: threads as u64,
            kept_response_reps: 0,
            allow_long_horizon: args.allow_long_horizon,
            kept_figures: Some(2),
            figures_in_memory: true,
            resample,
        },
    )
}

/// A resolved `firesim robustness`: the scenario with its inputs, what to compute, and
/// where to write it.
struct Study {
    us: UncertainScenario,
    /// The `--uncertain` files (inputs no result may replace).
    uncertain: Vec<PathBuf>,
    plan: Plan,
    out: PathBuf,
    lang: report::Lang,
    include_infeasible: bool,
}

fn study(args: &RobustnessArgs, threads: usize, shard: Option<Shard>) -> Result<Study> {
    let mut us = UncertainScenario::load(
        &args.scenario,
        &args.uncertain,
        args.uncertain_only,
        LoadOptions::default(),
    )?;
    let plan = plan(args, &us, threads, shard)?;
    crate::prepare::prepare(&mut us.nominal, plan.seed);
    let out = args.out.clone().unwrap_or_else(|| {
        Path::new("results")
            .join(&us.nominal.name)
            .join("robustness")
    });
    Ok(Study {
        us,
        uncertain: args.uncertain.clone(),
        plan,
        out,
        lang: args.lang,
        include_infeasible: args.include_infeasible,
    })
}

/// The number of work items (design points × replications), as a shard counts them.
fn item_count(plan: &Plan) -> Result<u32> {
    u32::try_from(plan.design.len() as u64 * u64::from(plan.reps))
        .ok()
        .with_context(|| {
            format!(
                "--points, --reps: {} design points × {} replications is more than {} work items",
                plan.design.len(),
                plan.reps,
                u32::MAX
            )
        })
}

/// Run `firesim robustness` (or one shard of it).
pub fn run(args: RobustnessArgs) -> Result<()> {
    super::report::check_lang(args.lang)?;
    let shard = resolve_shard(args.shard.as_deref(), args.shards)?;
    let pool = pool(args.threads)?;
    let study = study(&args, pool.current_num_threads(), shard)?;
    let (us, plan) = (&study.us, &study.plan);
    let total = item_count(plan)?;
    let header = match shard {
        Some(shard) => Some(part::header(&args, shard, plan.seed, total)?),
        None => None,
    };
    let k = us.inputs.len();
    eprintln!(
        "{}: {} inputs; {} rows × ({k} + 2) = {} design points × {} decisions × {} replications = {} rollout simulations",
        us.nominal.name,
        k,
        plan.design.n,
        plan.design.len(),
        plan.rollouts.len(),
        plan.reps,
        plan.evaluations()
    );
    let all = plan.items();
    let range = shard.map_or(0..total, |s| s.items(total));
    let items = &all[range.start as usize..range.end as usize];
    // The cost of what this process computes: the whole study, or the shard's items.
    let simulations = items.len() as u64 * plan.rollouts.len() as u64;
    let per_rep = crate::study::budget::expected_incidents(&us.nominal);
    if let Some(s) = shard {
        eprintln!(
            "{}: shard {s}: work items {}..{} of {total} ({}), {simulations} rollout simulations",
            us.nominal.name,
            range.start,
            range.end,
            describe_items(items),
        );
    }
    eprintln!(
        "{}: about {:.0} M incidents (cost: points × rollouts × replications × {:.0} incidents a replication)",
        us.nominal.name,
        simulations as f64 * per_rep / 1e6,
        per_rep
    );
    let what = match shard {
        Some(s) => format!("{}: robustness shard {s}", us.nominal.name),
        None => format!("{}: robustness", us.nominal.name),
    };
    let bar = progress(items.len() as u64, &what);
    let (results, cost) = measure(&pool, || {
        robustness::run_items(us, plan, items, &|| bar.inc(1))
    });
    let results = results?;
    bar.finish_and_clear();
    crate::ground::cancel::check()?;
    match header {
        Some(header) => part::write_part(&study.out, header, cost, &results),
        None => finish(&study, &results, cost, &pool),
    }
}

/// `points 3..5 (replications 7 of point 3 to 2 of point 5)`, or `none`.
fn describe_items(items: &[WorkItem]) -> String {
    match (items.first(), items.last()) {
        (Some(a), Some(b)) if a.point == b.point => {
            format!("point {}, replications {}..={}", a.point, a.rep, b.rep)
        }
        (Some(a), Some(b)) => format!(
            "points {}..={}, from replication {} of point {} to replication {} of point {}",
            a.point, b.point, a.rep, a.point, b.rep, b.point
        ),
        _ => "none".into(),
    }
}

/// Reduce every item's result (all of them, in item order) and write what `firesim
/// robustness` writes.
fn finish(
    study: &Study,
    results: &[ItemResult],
    cost: Cost,
    pool: &rayon::ThreadPool,
) -> Result<()> {
    let (us, plan, out) = (&study.us, &study.plan, &study.out);
    let mut eligibility = robustness::Eligibility::of(&us.nominal, &plan.rollouts);
    if study.include_infeasible {
        eligibility.feasible = None;
    }
    let r = pool.install(|| robustness::reduce_with(us, plan, results, &eligibility));
    crate::ground::cancel::check()?;
    let mut inputs = crate::scenario::input_files(&us.nominal.file);
    inputs.extend(study.uncertain.iter().cloned());
    let staging = Staging::new(out)?.guarding(&inputs);
    let dir = staging.path();
    let written = report::robustness::write_all(&r, &us.nominal, dir, study.lang)?;
    super::report::notes(written.untranslated, &written.missing_glyphs);
    let md = written.md;
    let perf = performance(&cost, r.incidents, r.events, plan.reps);
    report::write_atomic(
        &dir.join("performance.json"),
        (serde_json::to_string_pretty(&perf)? + "\n").as_bytes(),
    )?;
    staging.commit()?;
    print!("{md}");
    eprintln!(
        "wrote {} ({} rollout simulations, {} incidents in {:.1} s, {:.2} M incidents/s)",
        out.display(),
        plan.evaluations(),
        r.incidents,
        perf.wall_s,
        perf.incidents_per_s / 1e6
    );
    Ok(())
}

impl Shardable for RobustnessArgs {
    const COMMAND: &'static str = "robustness";
    type Part = Vec<ItemResult>;

    fn paths(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>) {
        (&mut self.scenario, &mut self.out)
    }

    fn clear_free_flags(&mut self) {
        (self.threads, self.shard, self.shards) = (None, None, None);
    }

    /// The merge of a sharded `firesim robustness`: each part's item results, checked to be
    /// the shard's items and of the study's shape, in shard order (so in item order), then
    /// the same files [`run`] writes.
    fn merge(self, parts: Vec<(PathBuf, Vec<ItemResult>)>, cost: Cost) -> Result<()> {
        super::report::check_lang(self.lang)?;
        let pool = pool(None)?;
        let study = study(&self, pool.current_num_threads(), None)?;
        let plan = &study.plan;
        let all = plan.items();
        let total = item_count(plan)?;
        let count = u32::try_from(parts.len()).context("too many parts")?;
        let periods = study.us.nominal.calendar.years().len() + 1;
        let mut results = Vec::with_capacity(all.len());
        for (index, (file, part)) in parts.into_iter().enumerate() {
            let shard = Shard::new(index as u32, count)?;
            let range = shard.items(total);
            let want = &all[range.start as usize..range.end as usize];
            if part.len() != want.len() || part.iter().zip(want).any(|(r, w)| r.item != *w) {
                bail!(
                    "{}: holds {} work item(s) ({}), shard {shard} of this study is items {}..{} ({})",
                    file.display(),
                    part.len(),
                    describe_items(&part.iter().map(|r| r.item).collect::<Vec<_>>()),
                    range.start,
                    range.end,
                    describe_items(want)
                );
            }
            if let Some(r) = part.iter().find(|r| {
                r.values.len() != plan.rollouts.len() || r.values.iter().any(|v| v.len() != periods)
            }) {
                bail!(
                    "{}: the result of point {} replication {} holds {} rollout(s) × {:?} period(s), the study has {} × {periods}",
                    file.display(),
                    r.item.point,
                    r.item.rep,
                    r.values.len(),
                    r.values.iter().map(Vec::len).collect::<Vec<_>>(),
                    plan.rollouts.len()
                );
            }
            results.extend(part);
        }
        finish(&study, &results, cost, &pool)
    }

    fn other_inputs(&self) -> (&'static str, &[PathBuf]) {
        ("--uncertain", &self.uncertain)
    }
}
