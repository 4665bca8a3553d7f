//! The command line: the `Cli` type and its subcommands, one file each for their flags;
//! [`run`] installs the signal handlers and hands each subcommand to its file, which calls
//! one entry point of [`crate::commands`].

use super::run::{self as run_cmd, RunFlags};
use super::{calibrate, compare, import, merge, optimise, report, robustness, rollout, travel};
use crate::commands;
use crate::commands::merge::Job;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
    Run(RunFlags),
    /// Run several rollouts over the same replications and compare them with the baseline.
    Compare(compare::CompareFlags),
    /// Redraw the charts and report.html of a results folder without simulating again.
    Report(report::ReportArgs),
    /// Every rollout at every point of a design over the scenario's uncertain inputs: which
    /// rollout is best, how likely, and which input matters.
    Robustness(robustness::RobustnessFlags),
    /// Recommend a rollout: search the choices `[optimise]` declares, then select among
    /// the best with a stated guarantee; write results/<scenario>/optimise/.
    Optimise(optimise::OptimiseFlags),
    /// Show a rollout's staffing per station and year with the plan's checks; write
    /// rollout.csv and rollout.json.
    Rollout(rollout::RolloutArgs),
    /// Convert a department's records into firesim's incident and observed-response CSVs.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Fit travel and turnout parameters to observed responses of a replayed scenario.
    Calibrate(calibrate::CalibrateFlags),
    /// Combine the partial files of a sharded `run`, `compare` or `robustness` (`--shard
    /// K/N`) into exactly the results one process would have written.
    Merge(merge::MergeArgs),
    /// Write the travel model as files a GIS reads: travel.csv (zone × station),
    /// isochrones.geojson, stations.geojson and roads.geojson.
    Travel(travel::TravelArgs),
    /// Check a scenario file without running it.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
}

/// Run the command line; errors are returned for `main` to print once.
pub fn run(cli: Cli) -> Result<()> {
    super::signals::install_signal_handlers()?;
    match cli.command {
        Command::Validate { scenario } => commands::validate::run(&scenario),
        Command::Run(args) => run_cmd::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Merge(args) => merge::run(args, &reread),
        Command::Report(args) => report::run(args),
        Command::Robustness(args) => robustness::run(args),
        Command::Rollout(args) => rollout::run(args),
        Command::Optimise(args) => optimise::run(args),
        Command::Import(cmd) => import::run(cmd),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Travel(args) => travel::run(args),
    }
}

/// A shard's command line (after the program name) as the [`Job`] `firesim merge`
/// finishes; `None` for a command that cannot be sharded (public for the part-file fuzz
/// target, which merges as `firesim merge` does).
pub fn reread(args: &[String]) -> Result<Option<Job>> {
    let cli = Cli::try_parse_from(std::iter::once("firesim".to_string()).chain(args.to_vec()))?;
    Ok(match cli.command {
        Command::Run(a) => Some(Job::Run(a.args())),
        Command::Compare(a) => Some(Job::Compare(a.args())),
        Command::Robustness(a) => Some(Job::Robustness(a.args())),
        Command::Optimise(a) => Some(Job::Optimise(a.args())),
        _ => None,
    })
}
