//! `firesim compare`: run several rollouts over the same replications and write
//! comparison.json, comparison.csv and comparison.md (also printed).

use super::output::Staging;
use super::{load, pool, progress, rollout_index};
use crate::compare;
use crate::report;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Rollouts to compare, comma-separated (default: all in the file).
    #[arg(long, value_delimiter = ',')]
    rollouts: Vec<String>,
    /// The rollout the others are compared with (default: `plan` if compared, else the
    /// first).
    #[arg(long)]
    baseline: Option<String>,
    #[command(flatten)]
    sim: super::SimArgs,
    /// Output folder (default: results/<scenario name>/compare/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Year of the distribution charts (ECDF, histogram, zones; default: the last).
    #[arg(long)]
    year: Option<i32>,
}

pub(crate) fn run(args: CompareArgs) -> Result<()> {
    let scenario = load(&args.scenario)?;
    let mut rollouts = vec![];
    for name in &args.rollouts {
        let i = rollout_index(&scenario, name, &args.scenario)?;
        if rollouts.contains(&i) {
            bail!("--rollouts: `{name}` is named twice");
        }
        rollouts.push(i);
    }
    if rollouts.is_empty() {
        rollouts = (0..scenario.rollouts.len()).collect();
    }
    let baseline = match &args.baseline {
        Some(name) => {
            let i = rollout_index(&scenario, name, &args.scenario)?;
            match rollouts.iter().position(|&r| r == i) {
                Some(p) => p,
                None => bail!("--baseline: `{name}` is not among the compared rollouts"),
            }
        }
        None => rollouts
            .iter()
            .position(|&r| scenario.rollouts[r].name == "plan")
            .unwrap_or(0),
    };
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
        .unwrap_or_else(|| Path::new("results").join(&scenario.name).join("compare"));
    for &r in &rollouts {
        for w in &scenario.rollouts[r].warnings {
            eprintln!("warning: rollout `{}`: {w}", scenario.rollouts[r].name);
        }
    }

    let pool = pool(args.sim.threads)?;
    args.sim.check_budget(
        &scenario,
        reps,
        rollouts.len(),
        pool.current_num_threads(),
        0,
    )?;
    let bar = progress(
        reps as u64 * rollouts.len() as u64,
        &format!("{}: {} rollouts", scenario.name, rollouts.len()),
    );
    let started = Instant::now();
    let cmp = pool.install(|| {
        compare::compare(&scenario, &rollouts, baseline, reps, seed, true, &|| {
            bar.inc(1)
        })
    });
    let wall_s = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    crate::cancel::check()?;

    let json = report::comparison_json(&scenario, &cmp);
    let csv = report::comparison_csv(&scenario, &cmp)?;
    let md = report::comparison_md(&scenario, &cmp);
    let staging = Staging::new(&out)?;
    let dir = staging.path();
    report::write_atomic(
        &dir.join("comparison.json"),
        // Compact: with every breakdown for every rollout it runs to megabytes.
        (serde_json::to_string(&json)? + "\n").as_bytes(),
    )?;
    report::write_atomic(&dir.join("comparison.csv"), &csv)?;
    report::write_atomic(&dir.join("comparison.md"), md.as_bytes())?;
    let incidents: u64 = cmp.rollouts.iter().map(|r| r.counts.incidents).sum();
    let events: u64 = cmp.rollouts.iter().map(|r| r.counts.events).sum();
    let perf = report::Performance {
        wall_s,
        incidents,
        events,
        incidents_per_s: incidents as f64 / wall_s.max(1e-9),
        threads: pool.current_num_threads(),
        replications: reps,
        firesim_version: env!("CARGO_PKG_VERSION"),
    };
    report::write_atomic(
        &dir.join("performance.json"),
        (serde_json::to_string_pretty(&perf)? + "\n").as_bytes(),
    )?;
    super::report::write(
        &scenario,
        &cmp,
        args.year,
        dir,
        &[
            "comparison.md",
            "comparison.csv",
            "comparison.json",
            "performance.json",
        ],
    )?;
    staging.commit()?;
    print!("{md}");
    eprintln!(
        "wrote {} ({} rollouts × {reps} replications, {incidents} incidents in {wall_s:.2} s)",
        out.display(),
        rollouts.len()
    );
    Ok(())
}
