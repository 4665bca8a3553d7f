//! `firesim merge DIR`: combine the partial files of a sharded `run` or `compare` into the
//! files the unsharded command writes; and the helpers the commands use to write a part.
//!
//! The merge re-reads the command line the shards ran (kept in every part), checks that
//! the parts are the N parts of one run and that the scenario is unchanged, decodes every
//! part, and only then hands the combined results to the command's own writer (`finish`
//! in `run.rs` and `compare.rs`), so a merge writes nothing or everything, and writes it
//! with the same code as one process would.

use super::{Cli, Command, SimArgs, Timing};
use crate::report;
use crate::scenario;
use crate::shard::{self, Header, Shard};
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

/// The arguments of a command that can be sharded: a scenario, an output folder, and the
/// simulation flags (with `--shard`).
pub(super) trait Shardable: Clone + std::fmt::Debug {
    /// The scenario path, the output folder and the simulation flags.
    fn parts(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>, &mut SimArgs);

    /// These arguments with another scenario path and output folder (for the merge).
    fn located(mut self, scenario: PathBuf, out: PathBuf) -> Self {
        let (s, o, _) = self.parts();
        (*s, *o) = (scenario, Some(out));
        self
    }

    /// The options every shard of one run must share, canonically (see
    /// `shard::Header::options`): all but the scenario path (its content is compared by
    /// hash), the output folder, and the flags [`SimArgs::canonical`] clears.
    fn canonical(&self) -> String {
        let mut a = self.clone();
        let (s, o, sim) = a.parts();
        (*s, *o, *sim) = (PathBuf::new(), None, sim.canonical());
        format!("{a:?}")
    }
}

/// The header of a part of `command` (before its timing is known): the command line, the
/// scenario's content hash, the seed and the number of items of the whole run.
pub(super) fn header(
    command: &str,
    options: &str,
    scenario_path: &Path,
    shard: Shard,
    seed: u64,
    items: u32,
) -> Result<Header> {
    Ok(Header {
        firesim_version: env!("CARGO_PKG_VERSION").into(),
        command: command.into(),
        args: std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        cwd: std::env::current_dir().context("cannot read the working folder")?,
        options: options.into(),
        scenario: scenario_path.to_path_buf(),
        scenario_hash: scenario::content_hash(scenario_path)?,
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
        "wrote {} (shard {}: replications {}..{} of {}, {} bytes, {:.2} s); `firesim merge {}` when every shard is done",
        path.display(),
        header.shard,
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

/// Every part's payload, in the order given (each file's bytes freed once decoded); the
/// merge's time so far goes into `timing`.
fn decode_all<T: serde::de::DeserializeOwned>(
    parts: Vec<Part>,
    timing: &mut Timing,
    started: std::time::Instant,
) -> Result<Vec<T>> {
    let payloads = parts
        .into_iter()
        .map(|p| shard::decode_payload(&p.file, p.payload()))
        .collect::<Result<_, _>>()?;
    timing.merge_s = Some(started.elapsed().as_secs_f64());
    Ok(payloads)
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
    let h = &first.header;
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
    let now = scenario::content_hash(&scenario_path)
        .with_context(|| format!("the scenario the shards ran ({})", scenario_path.display()))?;
    if now != h.scenario_hash {
        bail!(
            "{} has changed since the shards ran (content hash {} in the parts, {} now): run the shards again",
            scenario_path.display(),
            &h.scenario_hash[..12],
            &now[..12]
        );
    }
    let mut timing = Timing {
        wall_s: parts.iter().map(|p| p.header.wall_s).sum(),
        cpu_s: parts.iter().map(|p| p.header.cpu_s).sum(),
        threads: parts.iter().map(|p| p.header.threads).max().unwrap_or(1),
        shards: h.shard.count,
        merge_s: None,
    };
    match cli.command {
        Command::Run(a) => {
            let payloads = decode_all(parts, &mut timing, started)?;
            super::run::merge(a.located(scenario_path, out), payloads, timing)
        }
        Command::Compare(a) => {
            let payloads = decode_all(parts, &mut timing, started)?;
            super::compare::merge(a.located(scenario_path, out), payloads, timing)
        }
        _ => bail!(
            "{}: `firesim {}` cannot be sharded",
            first.file.display(),
            h.command
        ),
    }
}
