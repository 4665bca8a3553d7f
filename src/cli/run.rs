//! `firesim run`: simulate one rollout and write summary.json, performance.json and
//! responses.csv.

use super::output::Staging;
use super::{load_with, pool, progress, rollout_index};
use crate::report::{self, Performance};
use crate::runner::{self, KeepResponses, RunOptions};
use crate::scenario::{LoadOptions, Scenario};
use crate::stats;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    #[command(flatten)]
    sim: super::SimArgs,
    /// Output folder (default: results/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Rollout to simulate (default: the scenario's first).
    #[arg(long)]
    rollout: Option<String>,
    /// Write every replication's responses to responses.csv, not just the first's.
    #[arg(long, conflicts_with = "no_responses")]
    all_responses: bool,
    /// Write no responses.csv.
    #[arg(long)]
    no_responses: bool,
    /// Skip bad rows of recorded files (counted in summary.json) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

pub(crate) fn run(args: RunArgs) -> Result<()> {
    let scenario = load_with(
        &args.scenario,
        LoadOptions {
            skip_bad_rows: args.skip_bad_rows,
        },
    )?;
    let rollout = match &args.rollout {
        None => 0,
        Some(name) => rollout_index(&scenario, name, &args.scenario)?,
    };
    let reps = args.sim.reps.unwrap_or(scenario.replications);
    if reps == 0 {
        bail!("--reps: must be at least 1");
    }
    let seed = args.sim.seed.unwrap_or(scenario.seed);
    let out = args
        .out
        .unwrap_or_else(|| Path::new("results").join(&scenario.name));
    let pool = pool(args.sim.threads)?;
    let keep = if args.no_responses {
        KeepResponses::None
    } else if args.all_responses {
        KeepResponses::All
    } else {
        KeepResponses::First
    };
    let kept_reps = match keep {
        KeepResponses::None => 0,
        KeepResponses::First => 1,
        KeepResponses::All => reps as u64,
    };
    // A replay with observed responses simulates once more for validation.
    let runs = 1 + scenario.observed.is_some() as usize;
    args.sim
        .check_budget(&scenario, reps, runs, pool.current_num_threads(), kept_reps)?;
    let opts = RunOptions {
        rollout,
        replications: reps,
        seed,
        keep_sample: true,
        keep,
    };
    let rollout_name = scenario.rollouts[rollout].name.clone();
    let bar = progress(reps as u64, &format!("{} / {rollout_name}", scenario.name));
    let started = Instant::now();
    let output = pool.install(|| runner::run(&scenario, &opts, &|| bar.inc(1)));
    let wall_s = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    crate::cancel::check()?;

    let agg = stats::aggregate(&output.layout, &output.reps);
    let mut summary = report::summary_json(&scenario, &rollout_name, seed, &agg);
    // Where the rollout falls short of its own plan (never silently changed): on stderr and
    // in summary.json.
    let warnings = &scenario.rollouts[rollout].warnings;
    for w in warnings {
        eprintln!("warning: rollout `{rollout_name}`: {w}");
    }
    if let Some(obj) = summary.as_object_mut() {
        obj.insert("rollout_warnings".into(), serde_json::to_value(warnings)?);
        let scenario_warnings: Vec<String> =
            scenario.warnings.iter().map(|w| w.to_string()).collect();
        obj.insert(
            "scenario_warnings".into(),
            serde_json::to_value(scenario_warnings)?,
        );
    }
    if scenario.recorded().is_some() {
        summary["skipped_rows"] = serde_json::json!(scenario.skipped_rows());
    }
    let perf = Performance {
        wall_s,
        incidents: output.counts.incidents,
        events: output.counts.events,
        incidents_per_s: output.counts.incidents as f64 / wall_s.max(1e-9),
        threads: pool.current_num_threads(),
        replications: reps,
        firesim_version: env!("CARGO_PKG_VERSION"),
    };
    let staging = Staging::new(&out)?;
    let dir = staging.path();
    report::write_atomic(
        &dir.join("summary.json"),
        (serde_json::to_string_pretty(&summary)? + "\n").as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("performance.json"),
        (serde_json::to_string_pretty(&perf)? + "\n").as_bytes(),
    )?;
    if opts.keep != KeepResponses::None {
        report::write_responses_csv(&scenario, &output.responses, &dir.join("responses.csv"))?;
    }
    if scenario.observed.is_some() {
        // Replayed stream with observed responses: validation.json and ECDF charts.
        super::validation::write(&scenario, &opts, &pool, dir)?;
    }
    // The same report as `firesim compare`, for this one rollout.
    let cmp = crate::compare::from_run(&scenario, rollout, seed, reps, &output);
    let mut files = vec!["summary.json", "performance.json"];
    if opts.keep != KeepResponses::None {
        files.push("responses.csv");
    }
    super::report::write(&scenario, &cmp, None, dir, &files)?;
    staging.commit()?;
    print_years(&scenario, &rollout_name, reps, &agg);
    eprintln!(
        "wrote {} ({} replications, {} incidents in {:.2} s, {:.0} incidents/s)",
        out.display(),
        reps,
        output.counts.incidents,
        wall_s,
        perf.incidents_per_s
    );
    Ok(())
}

/// A short per-year table on stdout.
fn print_years(scenario: &Scenario, rollout: &str, reps: u32, agg: &stats::Aggregate) {
    println!(
        "{} — rollout `{rollout}`, {reps} replication(s); first arrival from call (s), share within {:.0} s of dispatch",
        scenario.name, scenario.standard_s
    );
    println!(
        "{:>6} {:>10} {:>8} {:>8} {:>8} {:>10} {:>8}",
        "year", "incidents", "p50", "p90", "mean", "within", "waited"
    );
    for (p, y) in agg.years.iter().enumerate() {
        let get = |n: &str| agg.get(p, n).map_or(f64::NAN, |e| e.mean);
        println!(
            "{:>6} {:>10.1} {:>8.1} {:>8.1} {:>8.1} {:>9.1}% {:>7.1}%",
            y,
            get("incidents"),
            get("first_arrival_s.p50"),
            get("first_arrival_s.p90"),
            get("first_arrival_s.mean"),
            100.0 * get("within_standard"),
            100.0 * get("queue.share_waited"),
        );
    }
}
