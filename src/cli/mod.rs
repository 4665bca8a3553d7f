//! The command line: parse flags, load the scenario, run, write results, report errors.
//!
//! One file per subcommand; this one holds the command enum and the helpers they share.
//! The CLI is the only place (with `report`) that touches files and the terminal.

mod calibrate;
mod compare;
mod fidelity;
mod import;
mod merge;
mod output;
mod report;
mod robustness;
mod rollout;
mod run;
mod travel;

/// The SF calls importer as a library call (for the fuzz targets and their replay test).
pub use import::sf_calls as import_sf_calls;

use crate::prepare;
use crate::report::Performance;
use crate::scenario::{self, LoadOptions, Scenario};
use crate::study::budget;
use crate::study::shard::Shard;
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
    /// Every rollout at every point of a design over the scenario's uncertain inputs: which
    /// rollout is best, how likely, and which input matters.
    Robustness(robustness::RobustnessArgs),
    /// Show a rollout's staffing per station and year with the plan's checks; write
    /// rollout.csv and rollout.json.
    Rollout(rollout::RolloutArgs),
    /// Convert a department's records into firesim's incident and observed-response CSVs.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Fit travel and turnout parameters to observed responses of a replayed scenario.
    Calibrate(calibrate::CalibrateArgs),
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

/// Flags every simulating command shares.
#[derive(Clone, Debug, clap::Args)]
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
    /// Compute only shard K of N (K = 0 to N-1: a contiguous block of the replications)
    /// and write OUT/part-K-of-N.fspart for `firesim merge`; `auto`: K and N from a job
    /// array's environment (Slurm, Kubernetes Indexed Job, AWS Batch; see docs/cluster.md).
    #[arg(long, value_name = "K/N|auto")]
    shard: Option<String>,
    /// N for `--shard auto` where the environment gives only K (Kubernetes, AWS Batch;
    /// default: $FIRESIM_SHARDS).
    #[arg(long, value_name = "N", requires = "shard")]
    shards: Option<u32>,
}

impl SimArgs {
    /// The shard asked for, if any.
    fn shard(&self) -> Result<Option<Shard>> {
        resolve_shard(self.shard.as_deref(), self.shards)
    }

    /// These flags with those that may differ between the shards of one run cleared.
    pub(super) fn canonical(&self) -> SimArgs {
        SimArgs {
            threads: None,
            shard: None,
            shards: None,
            ..self.clone()
        }
    }
}

/// The shard `--shard` (`K/N` or `auto`) and `--shards` ask for, if any.
pub(crate) fn resolve_shard(shard: Option<&str>, shards: Option<u32>) -> Result<Option<Shard>> {
    let shard = match shard {
        None => return Ok(None),
        Some("auto") => Shard::from_env(&|k| std::env::var(k).ok(), shards)?,
        Some(spec) => {
            if shards.is_some() {
                bail!("--shards: only with --shard auto (--shard {spec} names N itself)");
            }
            Shard::parse(spec)?
        }
    };
    Ok(Some(shard))
}

/// CPU seconds this process has used so far, all threads (`None` off Unix).
fn cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Some(t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The cost of a simulation (for performance.json): measured in one process, or summed
/// over the shards by `firesim merge`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timing {
    wall_s: f64,
    cpu_s: Option<f64>,
    threads: usize,
    shards: u32,
    merge_s: Option<f64>,
}

impl Timing {
    /// Measure `f` on `pool`.
    fn measure<T: Send>(pool: &rayon::ThreadPool, f: impl FnOnce() -> T + Send) -> (T, Timing) {
        let cpu0 = cpu_seconds();
        let started = std::time::Instant::now();
        let value = pool.install(f);
        let wall_s = started.elapsed().as_secs_f64();
        let cpu_s = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
        let threads = pool.current_num_threads();
        let timing = Timing {
            wall_s,
            cpu_s,
            threads,
            shards: 1,
            merge_s: None,
        };
        (value, timing)
    }

    /// performance.json for this cost and the work done.
    fn performance(&self, incidents: u64, events: u64, replications: u32) -> Performance {
        Performance {
            wall_s: self.wall_s,
            cpu_s: self.cpu_s,
            shards: self.shards,
            merge_s: self.merge_s,
            incidents,
            events,
            incidents_per_s: incidents as f64 / self.wall_s.max(1e-9),
            threads: self.threads,
            replications,
            firesim_version: env!("CARGO_PKG_VERSION"),
        }
    }
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
            // The [[uncertain]] entries: paths, distributions, both ends of each range.
            let u =
                scenario::UncertainScenario::load(&scenario, &[], false, LoadOptions::default())?;
            if !u.inputs.is_empty() {
                println!(
                    "{}: {} uncertain inputs ok",
                    scenario.display(),
                    u.inputs.len()
                );
            }
            Ok(())
        }
        Command::Run(args) => run::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => report::run(args),
        Command::Robustness(args) => robustness::run(args),
        Command::Rollout(args) => rollout::run(args),
        Command::Import(cmd) => import::run(cmd),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Travel(args) => travel::run(args),
    }
}

/// [`load_with`] with the default options and the scenario's own seed.
pub(crate) fn load(path: &Path) -> Result<Scenario> {
    load_with(path, LoadOptions::default(), None)
}

/// Validation's warnings, once per command, on stderr.
fn print_warnings(s: &Scenario) {
    for w in &s.warnings {
        eprintln!("warning: {}: {w}", s.file.display());
    }
}

/// The index of the rollout called `name` (given with `flag`), or an error naming the flag
/// and listing the rollouts there are.
pub(crate) fn rollout_index(
    scenario: &Scenario,
    name: &str,
    file: &Path,
    flag: &str,
) -> Result<usize> {
    scenario.rollout(name).with_context(|| {
        format!(
            "{flag}: no rollout `{name}` in {} (it has: {})",
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

/// The rollouts named (default: all) and the position of the baseline among them
/// (default: `plan` if named, else the first).
pub(crate) fn select_rollouts(
    scenario: &Scenario,
    names: &[String],
    baseline: Option<&str>,
    file: &Path,
) -> Result<(Vec<usize>, usize)> {
    let mut rollouts = vec![];
    for name in names {
        let i = rollout_index(scenario, name, file, "--rollouts")?;
        if rollouts.contains(&i) {
            bail!("--rollouts: `{name}` is named twice");
        }
        rollouts.push(i);
    }
    if rollouts.is_empty() {
        rollouts = (0..scenario.rollouts.len()).collect();
    }
    let baseline = match baseline {
        Some(name) => {
            let i = rollout_index(scenario, name, file, "--baseline")?;
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
    Ok((rollouts, baseline))
}

/// Load the scenario at `path`, print validation's warnings and skipped rows, and prepare
/// it with the run's seed (`seed`: `--seed`; default the scenario's).
pub(crate) fn load_with(path: &Path, opts: LoadOptions, seed: Option<u64>) -> Result<Scenario> {
    let mut s = scenario::load_with(path, opts)?;
    let seed = seed.unwrap_or(s.seed);
    prepare::prepare(&mut s, seed);
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

/// Warn about what a Chinese report could not show as asked.
pub(crate) fn report_notes(w: &crate::report::Written) {
    if w.untranslated > 0 {
        eprintln!(
            "note: {} scenario texts have no Chinese translation; the report shows them in \
             English, marked {}",
            w.untranslated,
            crate::report::i18n::UNTRANSLATED
        );
    }
    if !w.missing_glyphs.is_empty() {
        let chars: String = w.missing_glyphs.iter().collect();
        eprintln!(
            "warning: the CJK font has no glyph for {chars:?}; browsers draw them with \
             another font, the PNG charts as boxes"
        );
    }
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
