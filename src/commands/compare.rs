//! `firesim compare`: run several rollouts over the same replications and write
//! comparison.json, comparison.csv, comparison.md (also printed) and comparison.xlsx; or
//! one shard's
//! replications into a part file, merged through [`Shardable`].

use super::output::Staging;
use super::part;
use super::setup::{load_adding, pool, progress, select_rollouts};
use super::sim::SimArgs;
use super::timing::{measure, performance};
use crate::report;
use crate::scenario::{LoadOptions, Scenario};
use crate::stats;
use crate::study::compare;
use crate::study::runner::RunOutput;
use crate::study::shard::{Cost, Shardable};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// What `firesim compare` is asked to do (its flags, as the command line parsed them).
#[derive(Clone, Debug)]
pub struct CompareArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Rollouts to compare (default: all in the file).
    pub rollouts: Vec<String>,
    /// The rollout the others are compared with (default: `plan` if compared, else the
    /// first).
    pub baseline: Option<String>,
    /// The options every simulating command shares.
    pub sim: SimArgs,
    /// Output folder (default: `results/<scenario name>/compare/`).
    pub out: Option<PathBuf>,
    /// Year of the distribution charts (default: the last).
    pub year: Option<i32>,
    /// Language of comparison.md, report.html and the charts.
    pub lang: report::Lang,
    /// Rollout fragments (`[[rollouts]]` only, such as `firesim optimise`'s
    /// recommended.toml) whose rollouts join the scenario's.
    pub add_rollouts: Vec<PathBuf>,
}

/// A resolved `firesim compare`: what to simulate and where to write it.
struct Plan {
    scenario: Scenario,
    rollouts: Vec<usize>,
    baseline: usize,
    reps: u32,
    seed: u64,
    year: Option<i32>,
    lang: report::Lang,
    out: PathBuf,
}

fn plan(args: &CompareArgs) -> Result<Plan> {
    super::report::check_lang(args.lang)?;
    let scenario = load_adding(
        &args.scenario,
        &args.add_rollouts,
        LoadOptions::default(),
        args.sim.seed,
    )?;
    let (rollouts, baseline) = select_rollouts(
        &scenario,
        &args.rollouts,
        args.baseline.as_deref(),
        &args.scenario,
    )?;
    if let Some(y) = args.year
        && !scenario.calendar.years().contains(&y)
    {
        bail!("--year: {y} is not in the scenario's horizon");
    }
    let reps = args.sim.reps.unwrap_or(scenario.replications);
    if reps < 2 {
        bail!("--reps: a comparison needs at least 2 replications for its intervals");
    }
    let seed = args.sim.seed.unwrap_or(scenario.seed);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name).join("compare"));
    Ok(Plan {
        scenario,
        rollouts,
        baseline,
        reps,
        seed,
        year: args.year,
        lang: args.lang,
        out,
    })
}

/// Run `firesim compare` (or one shard of it).
pub fn run(args: CompareArgs) -> Result<()> {
    let shard = args.sim.shard()?;
    if shard.is_some() && !args.add_rollouts.is_empty() {
        bail!("--add-rollouts: not with --shard (a merge checks the scenario file alone)");
    }
    let plan = plan(&args)?;
    let (scenario, rollouts) = (&plan.scenario, &plan.rollouts);
    let pool = pool(args.sim.threads)?;
    let reps = shard.map_or(0..plan.reps, |s| s.items(plan.reps));
    let threads = pool.current_num_threads();
    args.sim.check_budget(
        scenario,
        (reps.len() as u32, rollouts.len()),
        threads,
        0,
        shard.is_some(),
    )?;
    let Some(shard) = shard else {
        for &r in rollouts {
            for w in &scenario.rollouts[r].warnings {
                eprintln!("warning: rollout `{}`: {w}", scenario.rollouts[r].name);
            }
        }
        let bar = progress(
            plan.reps as u64 * rollouts.len() as u64,
            &format!("{}: {} rollouts", scenario.name, rollouts.len()),
        );
        // Each rollout's replications in a temporary file (memory flat in replications);
        // a file that cannot be made stops the command before it simulates.
        drop(super::spill::file_rows()?);
        let (cmp, cost) = measure(&pool, || {
            compare::compare(
                scenario,
                rollouts,
                plan.baseline,
                plan.reps,
                plan.seed,
                true,
                &super::spill::file_rows_or_failed,
                &|| bar.inc(1),
            )
        });
        bar.finish_and_clear();
        crate::ground::cancel::check()?;
        let cmp = cmp.map_err(anyhow::Error::msg)?;
        return finish(&plan, &cmp, cost);
    };
    let header = part::header(&args, shard, plan.seed, plan.reps)?;
    let bar = progress(
        reps.len() as u64 * rollouts.len() as u64,
        &format!("{}: shard {shard}", scenario.name),
    );
    let (results, cost) = measure(&pool, || {
        compare::compare_shard(
            scenario,
            rollouts,
            plan.reps,
            reps,
            plan.seed,
            true,
            &|| bar.inc(1),
        )
    });
    bar.finish_and_clear();
    crate::ground::cancel::check()?;
    part::write_part(&plan.out, header, cost, &results)
}

/// Write everything `firesim compare` writes, from the comparison of all replications.
fn finish(plan: &Plan, cmp: &compare::Comparison, cost: Cost) -> Result<()> {
    let (scenario, out) = (&plan.scenario, &plan.out);
    let json = report::comparison_json(scenario, cmp);
    let csv = report::comparison_csv(scenario, cmp)?;
    let staging = Staging::new(out)?.guarding(&crate::scenario::input_files(&scenario.file));
    let dir = staging.path();
    report::write_atomic(
        &dir.join("comparison.json"),
        // Compact: with every breakdown for every rollout it runs to megabytes.
        (serde_json::to_string(&json)? + "\n").as_bytes(),
    )?;
    report::write_atomic(&dir.join("comparison.csv"), &csv)?;
    let incidents: u64 = cmp.rollouts.iter().map(|r| r.counts.incidents).sum();
    let events: u64 = cmp.rollouts.iter().map(|r| r.counts.events).sum();
    let perf = performance(&cost, incidents, events, plan.reps);
    report::write_atomic(
        &dir.join("performance.json"),
        (serde_json::to_string_pretty(&perf)? + "\n").as_bytes(),
    )?;
    let data = super::report::write(
        scenario,
        cmp,
        plan.year,
        dir,
        &[
            "comparison.md",
            "comparison.xlsx",
            "comparison.csv",
            "comparison.json",
            "performance.json",
        ],
        plan.lang,
    )?;
    let md = report::comparison_md(&data, plan.lang);
    report::write_atomic(&dir.join("comparison.md"), md.as_bytes())?;
    report::write_workbook(
        &dir.join("comparison.xlsx"),
        &report::comparison_tables(&data, plan.lang),
    )?;
    staging.commit()?;
    print!("{md}");
    eprintln!(
        "wrote {} ({} rollouts × {} replications, {incidents} incidents in {:.2} s)",
        out.display(),
        plan.rollouts.len(),
        plan.reps,
        perf.wall_s,
    );
    Ok(())
}

impl Shardable for CompareArgs {
    const COMMAND: &'static str = "compare";
    type Part = Vec<RunOutput>;

    fn paths(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>) {
        (&mut self.scenario, &mut self.out)
    }

    fn clear_free_flags(&mut self) {
        self.sim = self.sim.canonical();
    }

    /// The merge of a sharded `firesim compare`: each rollout's parts in shard order, then
    /// the same files [`run`] writes. `parts` holds each shard's runs, one per rollout.
    fn merge(self, parts: Vec<(PathBuf, Vec<RunOutput>)>, cost: Cost) -> Result<()> {
        let plan = plan(&self)?;
        let rollouts = plan.rollouts.len();
        self.sim
            .check_budget(&plan.scenario, (plan.reps, rollouts), 1, 0, true)?;
        let mut runs: Vec<Option<RunOutput>> = vec![];
        for (_, part) in parts {
            if part.len() != plan.rollouts.len() {
                bail!(
                    "a part holds {} rollouts, the command names {}",
                    part.len(),
                    plan.rollouts.len()
                );
            }
            if runs.is_empty() {
                runs = part.into_iter().map(Some).collect();
                continue;
            }
            for (run, next) in runs.iter_mut().zip(part) {
                if let Some(run) = run {
                    run.append(next);
                }
            }
        }
        let layout = std::sync::Arc::new(stats::Layout::new(&plan.scenario));
        let mut take = |i: usize| {
            let mut run: RunOutput = runs[i].take().expect("assemble asks for each rollout once");
            run.layout = layout.clone();
            run
        };
        let base = take(plan.baseline);
        let cmp = compare::assemble(
            &plan.scenario,
            &plan.rollouts,
            plan.baseline,
            plan.reps,
            plan.seed,
            base,
            &mut take,
        )
        .map_err(anyhow::Error::msg)?;
        finish(&plan, &cmp, cost)
    }
}
