//! `firesim merge DIR`: combine the partial files of a sharded `run`, `compare` or
//! `robustness` into the files the unsharded command writes; and the helpers the commands
//! use to write a part.
//!
//! The merge re-reads the command line the shards ran (kept in every part), checks that
//! the parts are the N parts of one run and that the scenario (and, for `robustness`, the
//! `--uncertain` files) is unchanged, decodes every part, and only then hands the combined
//! results to the command's own writer (`finish` in `run.rs`, `compare.rs` and
//! `robustness.rs`), so a merge writes nothing or everything, and writes it with the same
//! code as one process would.

use super::{Cli, Command, Timing};
use crate::report;
use crate::scenario;
use crate::study::shard::{self, Header, Shard};
use anyhow::{Context, Result, bail};
use clap::Parser;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// The folder holding part-K-of-N.fspart, as the shards' --out named it.
    dir: PathBuf,
    /// Output folder (default: DIR).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The arguments of a command that can be sharded: a scenario, an output folder, and
/// flags (with `--shard`).
pub(super) trait Shardable: Clone + std::fmt::Debug {
    /// The scenario path and the output folder.
    fn paths(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>);

    /// Clear the flags that may differ between the shards of one run without changing
    /// the result (`--threads`, `--shard`, `--shards`).
    fn clear_free_flags(&mut self);

    /// These arguments with another scenario path and output folder (for the merge).
    fn located(mut self, scenario: PathBuf, out: PathBuf) -> Self {
        let (s, o) = self.paths();
        (*s, *o) = (scenario, Some(out));
        self
    }

    /// The options every shard of one run must share, canonically (see
    /// `shard::Header::options`): all but the scenario path (its content is compared by
    /// hash), the output folder, and the flags [`Shardable::clear_free_flags`] clears.
    fn canonical(&self) -> String {
        let mut a = self.clone();
        let (s, o) = a.paths();
        (*s, *o) = (PathBuf::new(), None);
        a.clear_free_flags();
        format!("{a:?}")
    }

    /// The SHA-256 of every file the result depends on (`shard::Header::scenario_hash`):
    /// the scenario and the files it names.
    fn content_hash(&self) -> Result<String> {
        let mut a = self.clone();
        Ok(scenario::content_hash(a.paths().0)?)
    }

    /// The files [`Shardable::content_hash`] covers, for messages.
    fn inputs(&self) -> String {
        let mut a = self.clone();
        a.paths().0.display().to_string()
    }
}

/// The header of a part of `command` run with `args` (before its timing is known): the
/// command line, the inputs' content hash, the seed and the number of items of the whole
/// run.
pub(super) fn header(
    command: &str,
    args: &impl Shardable,
    shard: Shard,
    seed: u64,
    items: u32,
) -> Result<Header> {
    let mut a = args.clone();
    Ok(Header {
        firesim_version: env!("CARGO_PKG_VERSION").into(),
        command: command.into(),
        args: std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        cwd: std::env::current_dir().context("cannot read the working folder")?,
        options: args.canonical(),
        scenario: a.paths().0.clone(),
        scenario_hash: args.content_hash()?,
        seed,
        items,
        shard,
        wall_s: 0.0,
        cpu_s: None,
        threads: 0,
    })
}

/// Write `OUT/part-K-of-N.fspart` for `header` (completed with `timing`) and `payload`.
pub(super) fn write_part<T: Serialize>(
    out: &Path,
    mut header: Header,
    timing: Timing,
    payload: &T,
) -> Result<()> {
    header.wall_s = timing.wall_s;
    header.cpu_s = timing.cpu_s;
    header.threads = timing.threads;
    let bytes = shard::encode(&header, payload)?;
    let path = out.join(header.shard.file_name());
    report::write_atomic(&path, &bytes)?;
    let items = header.shard.items(header.items);
    eprintln!(
        "wrote {} (shard {}: {} {}..{} of {}, {} bytes, {:.2} s); `firesim merge {}` when every shard is done",
        path.display(),
        header.shard,
        header.items_are(),
        items.start,
        items.end,
        header.items,
        bytes.len(),
        timing.wall_s,
        out.display()
    );
    Ok(())
}

/// One part file: its path, header and payload bytes.
struct Part {
    file: PathBuf,
    header: Header,
    bytes: Vec<u8>,
    payload_at: usize,
}

impl Part {
    fn payload(&self) -> &[u8] {
        &self.bytes[self.payload_at..]
    }
}

/// Every `part-*.fspart` of `dir`, by file name.
fn read_parts(dir: &Path) -> Result<Vec<Part>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut files = vec![];
    for e in entries {
        let e = e.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("part-") && name.ends_with(&format!(".{}", shard::EXTENSION)) {
            files.push(e.path());
        }
    }
    files.sort();
    let mut parts = vec![];
    for file in files {
        let bytes =
            std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let (header, rest) = shard::decode_header(&file, &bytes)?;
        let payload_at = bytes.len() - rest.len();
        parts.push(Part {
            file,
            header,
            bytes,
            payload_at,
        });
    }
    Ok(parts)
}

/// Every part's payload, in the order given, with its file (each file's bytes freed once
/// decoded); the merge's time so far goes into `timing`.
fn decode_all<T: serde::de::DeserializeOwned>(
    parts: Vec<Part>,
    timing: &mut Timing,
    started: std::time::Instant,
) -> Result<Vec<(PathBuf, T)>> {
    let payloads = parts
        .into_iter()
        .map(|p| Ok((p.file.clone(), shard::decode_payload(&p.file, p.payload())?)))
        .collect::<Result<_, shard::ShardError>>()?;
    timing.merge_s = Some(started.elapsed().as_secs_f64());
    Ok(payloads)
}

/// `args` (the command line the shards ran, re-read) with the scenario at `scenario` and
/// the results bound for `out`, once its inputs are checked to be what the shards read.
fn relocated<A: Shardable>(args: A, scenario: PathBuf, out: PathBuf, h: &Header) -> Result<A> {
    let args = args.located(scenario, out);
    let now = args
        .content_hash()
        .with_context(|| format!("the scenario the shards ran ({})", args.inputs()))?;
    if now != h.scenario_hash {
        bail!(
            "{} has changed since the shards ran (content hash {} in the parts, {} now): run the shards again",
            args.inputs(),
            &h.scenario_hash[..h.scenario_hash.len().min(12)],
            &now[..12]
        );
    }
    Ok(args)
}

/// The payloads alone, in shard order.
fn payloads<T>(named: Vec<(PathBuf, T)>) -> Vec<T> {
    named.into_iter().map(|(_, p)| p).collect()
}

pub(crate) fn run(args: MergeArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let parts = read_parts(&args.dir)?;
    let headers: Vec<(PathBuf, Header)> = parts
        .iter()
        .map(|p| (p.file.clone(), p.header.clone()))
        .collect();
    let order = shard::check(&args.dir, &headers)?;
    let parts: Vec<Part> = {
        let mut slots: Vec<Option<Part>> = parts.into_iter().map(Some).collect();
        order.iter().filter_map(|&i| slots[i].take()).collect()
    };
    let first = &parts[0];
    let h = first.header.clone();
    // The command the shards ran, with the scenario where they found it.
    let cli = Cli::try_parse_from(std::iter::once("firesim".to_string()).chain(h.args.clone()))
        .with_context(|| format!("{}: cannot re-read its command line", first.file.display()))?;
    let out = args.out.clone().unwrap_or_else(|| args.dir.clone());
    let out = std::path::absolute(&out).with_context(|| format!("--out {}", out.display()))?;
    // Results name some files as the scenario names them (validation.json's observed
    // file, relative to the folder the command ran in): read the scenario from the shards'
    // working folder, by the same path, where that folder is here.
    if h.scenario.is_relative() && h.cwd.join(&h.scenario).is_file() {
        std::env::set_current_dir(&h.cwd)
            .with_context(|| format!("cannot enter {}", h.cwd.display()))?;
    }
    let scenario_path = h.scenario.clone();
    let mut timing = Timing {
        wall_s: parts.iter().map(|p| p.header.wall_s).sum(),
        cpu_s: parts.iter().map(|p| p.header.cpu_s).sum(),
        threads: parts.iter().map(|p| p.header.threads).max().unwrap_or(1),
        shards: h.shard.count,
        merge_s: None,
    };
    match cli.command {
        Command::Run(a) => {
            let a = relocated(a, scenario_path, out, &h)?;
            let named = decode_all(parts, &mut timing, started)?;
            super::run::merge(a, payloads(named), timing)
        }
        Command::Compare(a) => {
            let a = relocated(a, scenario_path, out, &h)?;
            let named = decode_all(parts, &mut timing, started)?;
            super::compare::merge(a, payloads(named), timing)
        }
        Command::Robustness(a) => {
            let a = relocated(a, scenario_path, out, &h)?;
            let named = decode_all(parts, &mut timing, started)?;
            super::robustness::merge(a, named, timing)
        }
        _ => bail!(
            "{}: `firesim {}` cannot be sharded",
            first.file.display(),
            h.command
        ),
    }
}
