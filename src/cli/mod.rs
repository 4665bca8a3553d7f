//! The command line: parse flags, load the scenario, run, write results, report errors.
//!
//! One file per subcommand; this one holds the command enum and the helpers they share.
//! The CLI is the only place (with `report`) that touches files and the terminal.

mod calibrate;
mod compare;
mod import;
mod output;
mod report;
mod rollout;
mod run;
mod travel;
mod validation;

use crate::budget;
use crate::scenario::{self, LoadOptions, Scenario};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// firesim: fire & rescue dispatch and staffing-rollout simulator.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario's whole horizon and write summary.json and responses.csv.
    Run(run::RunArgs),
    /// Run several rollouts over the same replications and compare them with the baseline.
    Compare(compare::CompareArgs),
    /// Redraw the charts and report.html of a results folder without simulating again.
    Report(report::ReportArgs),
    /// Show a rollout's staffing per station and year with the plan's checks; write
    /// rollout.csv and rollout.json.
    Rollout(rollout::RolloutArgs),
    /// Convert a department's records into firesim's incident and observed-response CSVs.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Fit travel and turnout parameters to observed responses of a replayed scenario.
    Calibrate(calibrate::CalibrateArgs),
    /// Write the travel model as files a GIS reads: travel.csv (zone × station),
    /// isochrones.geojson, stations.geojson and roads.geojson.
    Travel(travel::TravelArgs),
    /// Check a scenario file without running it.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
}

/// Flags every simulating command shares.
#[derive(Debug, clap::Args)]
pub(crate) struct SimArgs {
    /// Replications (per rollout; default: the scenario's `replications`).
    #[arg(long)]
    reps: Option<u32>,
    /// Master seed (default: the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Run a horizon longer than 100 years (otherwise refused as a likely typo).
    #[arg(long)]
    allow_long_horizon: bool,
}

impl SimArgs {
    /// Estimate the run's work and memory, refuse it (naming the cause) when it cannot
    /// fit, and say on stderr what it will do.
    pub(crate) fn check_budget(
        &self,
        scenario: &Scenario,
        replications: u32,
        rollouts: usize,
        threads: usize,
        kept_response_reps: u64,
    ) -> Result<()> {
        let req = budget::Request {
            replications: replications as u64,
            rollouts: rollouts as u64,
            threads: threads as u64,
            kept_response_reps,
            allow_long_horizon: self.allow_long_horizon,
        };
        let estimate = budget::Budget::estimate(scenario, &req);
        estimate
            .check(scenario, &req, available_memory())
            .with_context(|| format!("{} cannot run", scenario.file.display()))?;
        eprintln!("{}: {}", scenario.name, estimate.describe(&req));
        Ok(())
    }
}

/// The memory the system can give without swapping (`MemAvailable` of /proc/meminfo),
/// bytes; `None` where that is not known (then only the horizon is checked).
fn available_memory() -> Option<f64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

/// Run the command line; errors are returned for `main` to print once.
pub fn run(cli: Cli) -> Result<()> {
    output::install_signal_handlers()?;
    match cli.command {
        Command::Validate { scenario } => {
            let s = load(&scenario)?;
            println!(
                "{}: ok ({} zones, {} incident types, {} stations, {} units, {} rollouts, {} to {})",
                scenario.display(),
                s.zones.len(),
                s.incident_types.len(),
                s.stations.len(),
                s.units.len(),
                s.rollouts.len(),
                s.calendar.start,
                s.calendar.end
            );
            for r in &s.rollouts {
                for w in &r.warnings {
                    eprintln!("warning: rollout `{}`: {w}", r.name);
                }
            }
            Ok(())
        }
        Command::Run(args) => run::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Report(args) => report::run(args),
        Command::Rollout(args) => rollout::run(args),
        Command::Import(cmd) => import::run(cmd),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Travel(args) => travel::run(args),
    }
}

pub(crate) fn load(path: &Path) -> Result<Scenario> {
    load_with(path, LoadOptions::default())
}

/// Validation's warnings, once per command, on stderr.
fn print_warnings(s: &Scenario) {
    for w in &s.warnings {
        eprintln!("warning: {}: {w}", s.file.display());
    }
}

/// The index of the rollout called `name`, or an error listing the rollouts there are.
pub(crate) fn rollout_index(scenario: &Scenario, name: &str, file: &Path) -> Result<usize> {
    scenario.rollout(name).with_context(|| {
        format!(
            "--rollout: no rollout `{name}` in {} (it has: {})",
            file.display(),
            scenario
                .rollouts
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

pub(crate) fn load_with(path: &Path, opts: LoadOptions) -> Result<Scenario> {
    let s = scenario::load_with(path, opts)?;
    print_warnings(&s);
    for (file, rows) in &s.skipped {
        eprintln!(
            "warning: skipped {} bad row(s) of {}",
            rows.len(),
            file.display()
        );
        for r in rows.iter().take(20) {
            eprintln!("  - {r}");
        }
    }
    Ok(s)
}

pub(crate) fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            bail!("--threads: must be at least 1");
        }
        b = b.num_threads(t);
    }
    b.build().context("cannot start worker threads")
}

pub(crate) fn progress(total: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() || total < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} replications ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}
