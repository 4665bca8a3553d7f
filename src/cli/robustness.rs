//! `firesim robustness`: every rollout at every point of a Saltelli design over the
//! scenario's uncertain inputs; writes robustness.json, robustness.csv, sensitivity.csv,
//! voi.csv, robustness.md (also printed), report.html and charts.

use super::output::Staging;
use super::{pool, progress};
use crate::report;
use crate::robustness::{self, Plan, design};
use crate::scenario::{LoadOptions, UncertainScenario};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// Default rows of each Saltelli matrix.
pub(crate) const DEFAULT_POINTS: usize = 64;
/// Default replications per point.
pub(crate) const DEFAULT_REPS: u32 = 16;

#[derive(Debug, clap::Args)]
pub(crate) struct RobustnessArgs {
    /// The scenario file (TOML) with its `[[uncertain]]` entries.
    scenario: PathBuf,
    /// Files of `[[uncertain]]` entries that add to or replace (same `param`) the
    /// scenario's.
    #[arg(long)]
    uncertain: Vec<PathBuf>,
    /// Use only the entries of the --uncertain files, not the scenario's own.
    #[arg(long, requires = "uncertain")]
    uncertain_only: bool,
    /// Rows N of each Saltelli matrix: N × (inputs + 2) design points.
    #[arg(long, default_value_t = DEFAULT_POINTS)]
    points: usize,
    /// Replications per design point (the same seeds at every point).
    #[arg(long, default_value_t = DEFAULT_REPS)]
    reps: u32,
    /// Rollouts to compare, comma-separated (default: all in the file).
    #[arg(long, value_delimiter = ',')]
    rollouts: Vec<String>,
    /// The rollout the others are compared with (default: `plan` if compared, else the
    /// first).
    #[arg(long)]
    baseline: Option<String>,
    /// Master seed (default: the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Bootstrap replicates for the intervals of the sensitivity indices.
    #[arg(long, default_value_t = 500)]
    bootstrap: usize,
    /// Output folder (default: results/<scenario name>/robustness/).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn plan(args: &RobustnessArgs, us: &UncertainScenario) -> Result<Plan> {
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
    let (rollouts, baseline) =
        super::select_rollouts(s, &args.rollouts, args.baseline.as_deref(), &args.scenario)?;
    if rollouts.len() < 2 {
        bail!("--rollouts: a choice needs at least 2 rollouts");
    }
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

pub(crate) fn run(args: RobustnessArgs) -> Result<()> {
    let mut us = UncertainScenario::load(
        &args.scenario,
        &args.uncertain,
        args.uncertain_only,
        LoadOptions::default(),
    )?;
    let plan = plan(&args, &us)?;
    crate::prepare::prepare(&mut us.nominal, plan.seed);
    let out = args.out.clone().unwrap_or_else(|| {
        Path::new("results")
            .join(&us.nominal.name)
            .join("robustness")
    });
    let k = us.inputs.len();
    eprintln!(
        "{}: {} inputs; {} rows × ({k} + 2) = {} design points × {} rollouts × {} replications = {} rollout simulations",
        us.nominal.name,
        k,
        plan.design.n,
        plan.design.len(),
        plan.rollouts.len(),
        plan.reps,
        plan.evaluations()
    );
    eprintln!(
        "{}: about {:.0} M incidents (cost: points × rollouts × replications × {:.0} incidents a replication)",
        us.nominal.name,
        plan.evaluations() as f64 * crate::budget::expected_incidents(&us.nominal) / 1e6,
        crate::budget::expected_incidents(&us.nominal)
    );
    let pool = pool(args.threads)?;
    let items = plan.items();
    let bar = progress(
        items.len() as u64,
        &format!("{}: robustness", us.nominal.name),
    );
    let (results, timing) = super::Timing::measure(&pool, || {
        robustness::run_items(&us, &plan, &items, &|| bar.inc(1))
    });
    let results = results?;
    let wall_s = timing.wall_s;
    bar.finish_and_clear();
    crate::cancel::check()?;
    let r = pool.install(|| robustness::reduce(&us, &plan, &results));
    let staging = Staging::new(&out)?;
    let dir = staging.path();
    let md = report::robustness::write_all(&r, &us.nominal, dir)?;
    let perf = timing.performance(r.incidents, r.events, plan.reps);
    report::write_atomic(
        &dir.join("performance.json"),
        (serde_json::to_string_pretty(&perf)? + "\n").as_bytes(),
    )?;
    staging.commit()?;
    print!("{md}");
    eprintln!(
        "wrote {} ({} rollout simulations, {} incidents in {wall_s:.1} s, {:.2} M incidents/s)",
        out.display(),
        plan.evaluations(),
        r.incidents,
        perf.incidents_per_s / 1e6
    );
    Ok(())
}
