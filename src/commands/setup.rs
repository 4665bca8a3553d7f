//! What every command does before its work: load the scenario (printing validation's
//! warnings and skipped rows) and prepare it with the run's seed, pick rollouts by name,
//! start the worker pool, and show a progress bar.

use crate::prepare;
use crate::scenario::{self, LoadOptions, Scenario};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

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

/// Load the scenario at `path`, print validation's warnings and skipped rows, and prepare
/// it with the run's seed (`seed`: `--seed`; default the scenario's).
pub(crate) fn load_with(path: &Path, opts: LoadOptions, seed: Option<u64>) -> Result<Scenario> {
    load_adding(path, &[], opts, seed)
}

/// [`load_with`], with the `[[rollouts]]` of the fragments `extra` appended to the
/// scenario's (`--add-rollouts`).
pub(crate) fn load_adding(
    path: &Path,
    extra: &[std::path::PathBuf],
    opts: LoadOptions,
    seed: Option<u64>,
) -> Result<Scenario> {
    let mut s = if extra.is_empty() {
        scenario::load_with(path, opts)?
    } else {
        scenario::load_adding(path, extra, opts)?
    };
    let seed = seed.unwrap_or(s.seed);
    prepare::prepare(&mut s, seed);
    if let Some(problems) = prepare::rollout::constraints::unmeetable(&s) {
        anyhow::bail!(
            "{}: [constraints] cannot hold:\n  {}",
            path.display(),
            problems.join("\n  ")
        );
    }
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

/// The most worker threads `--threads` may ask for: [`MAX_THREADS`], or 4 per core on a
/// machine with more than 64 cores.
pub(crate) fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    MAX_THREADS.max(4 * cores)
}

/// `--threads`' bound on a machine of up to 64 cores (more threads than that only queue
/// for the cores, cost memory each, and delay a stop).
pub(crate) const MAX_THREADS: usize = 256;

/// The worker pool (`threads`: `--threads`, 1 to [`max_threads`]; default all cores).
pub(crate) fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            bail!("--threads: must be at least 1");
        }
        let max = max_threads();
        if t > max {
            bail!(
                "--threads: {t} is more than {max} (4 per core, at least {MAX_THREADS}); \
                 results do not depend on it"
            );
        }
        b = b.num_threads(t);
    }
    b.build().context("cannot start worker threads")
}

/// A progress bar of `total` replications on a terminal's stderr (hidden elsewhere).
pub(crate) fn progress(total: u64, what: &str) -> ProgressBar {
    progress_of(total, what, "replications")
}

/// A progress bar of `total` `things` (replications, evaluations) on a terminal's stderr
/// (hidden elsewhere).
pub(crate) fn progress_of(total: u64, what: &str, things: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() || total < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{msg}} {{bar:40}} {{pos}}/{{len}} {things} ({{eta}} left)"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}
