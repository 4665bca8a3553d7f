//! `firesim merge DIR`: combine the partial files of a sharded `run`, `compare`,
//! `robustness` or `optimise` into the files the unsharded command writes.
//!
//! The merge re-reads the command line the shards ran (kept in every part; the command
//! line's parser turns it into a [`Job`]), checks that the parts are the N parts of one
//! run and that the scenario (and, for `robustness`, the `--uncertain` files) is
//! unchanged, decodes every part, and only then hands the combined results to the
//! command's own [`Shardable::merge`] (which ends in the same `finish` one process runs),
//! so a merge writes nothing or everything, and writes it with the same code. This is the
//! one file that names the sharded commands; they never name it.

use super::compare::CompareArgs;
use super::optimise::OptimiseArgs;
use super::part::{self, Part};
use super::robustness::RobustnessArgs;
use super::run::RunArgs;
use crate::study::shard::{self, Cost, Header, Shardable};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// A command that can be sharded, with its arguments as the shards ran it.
pub enum Job {
    /// `firesim run`.
    Run(RunArgs),
    /// `firesim compare`.
    Compare(CompareArgs),
    /// `firesim robustness`.
    Robustness(RobustnessArgs),
    /// `firesim optimise`.
    Optimise(OptimiseArgs),
}

/// Reads a part's command line (after the program name) back into its [`Job`]; `None`
/// for a command that cannot be sharded.
pub type Reread<'a> = &'a dyn Fn(&[String]) -> Result<Option<Job>>;

/// `args` (the command line the shards ran, re-read) with the scenario at `scenario` and
/// the results bound for `out`, once its inputs are checked to be what the shards read.
fn relocated<A: Shardable>(args: A, scenario: PathBuf, out: PathBuf, h: &Header) -> Result<A> {
    let args = args.located(scenario, out);
    let now = part::content_hash(&args)
        .with_context(|| format!("the scenario the shards ran ({})", args.inputs()))?;
    if now != h.scenario_hash {
        bail!(
            "{} has changed since the shards ran (content hash {} in the parts, {} now): run the shards again",
            args.inputs(),
            shard::short(&h.scenario_hash),
            shard::short(&now)
        );
    }
    Ok(args)
}

/// Where the results go and what the merge has cost so far.
struct Target {
    scenario: PathBuf,
    out: PathBuf,
    cost: Cost,
    started: std::time::Instant,
}

/// Check `args`' inputs, decode the parts as `A`'s payloads and merge them.
fn merge_as<A: Shardable>(args: A, parts: Vec<Part>, h: &Header, mut to: Target) -> Result<()> {
    let args = relocated(args, to.scenario, to.out, h)?;
    let named = part::decode_all(parts, &mut to.cost, to.started)?;
    args.merge(named, to.cost)
}

/// Merge the parts in `dir` into `out` (default: `dir`); `reread` is the command line's
/// parser.
pub fn run(dir: &Path, out: Option<&Path>, reread: Reread) -> Result<()> {
    let started = std::time::Instant::now();
    let parts = part::read_parts(dir)?;
    let headers: Vec<(PathBuf, Header)> = parts
        .iter()
        .map(|p| (p.file.clone(), p.header.clone()))
        .collect();
    let order = shard::check(dir, &headers)?;
    let parts: Vec<Part> = {
        let mut slots: Vec<Option<Part>> = parts.into_iter().map(Some).collect();
        order.iter().filter_map(|&i| slots[i].take()).collect()
    };
    let first = &parts[0];
    let h = first.header.clone();
    // The command the shards ran, with the scenario where they found it.
    let job = reread(&h.args)
        .with_context(|| format!("{}: cannot re-read its command line", first.file.display()))?;
    let out = out.unwrap_or(dir);
    let out = std::path::absolute(out).with_context(|| format!("--out {}", out.display()))?;
    // Results name some files as the scenario names them (validation.json's observed
    // file, relative to the folder the command ran in): read the scenario from the shards'
    // working folder, by the same path, where that folder is here.
    if h.scenario.is_relative() && h.cwd.join(&h.scenario).is_file() {
        std::env::set_current_dir(&h.cwd)
            .with_context(|| format!("cannot enter {}", h.cwd.display()))?;
    }
    let to = Target {
        scenario: h.scenario.clone(),
        out,
        cost: Cost::of_parts(parts.iter().map(|p| &p.header)),
        started,
    };
    match job {
        Some(Job::Run(a)) => merge_as(a, parts, &h, to),
        Some(Job::Compare(a)) => merge_as(a, parts, &h, to),
        Some(Job::Robustness(a)) => merge_as(a, parts, &h, to),
        Some(Job::Optimise(a)) => merge_as(a, parts, &h, to),
        None => bail!(
            "{}: `firesim {}` cannot be sharded",
            first.file.display(),
            h.command
        ),
    }
}
