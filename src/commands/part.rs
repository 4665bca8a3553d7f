//! The files of the sharding protocol ([`crate::study::shard`] encodes, decodes and checks
//! the bytes): a shard's header from this process's command line, writing
//! `OUT/part-K-of-N.fspart`, the content hash of a command's inputs, and reading a
//! folder's parts back for `firesim merge`.

use super::output::Staging;
use crate::report;
use crate::scenario;
use crate::study::shard::{self, Cost, Header, Shard, Shardable};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The header of a part of the command `args` belong to (before its cost is known): the
/// command line, the inputs' content hash, the seed and the number of items of the whole
/// run.
pub(crate) fn header<C: Shardable>(
    args: &C,
    shard: Shard,
    seed: u64,
    items: u32,
) -> Result<Header> {
    let mut a = args.clone();
    let cwd = std::env::current_dir().context("cannot read the working folder")?;
    // A part records these paths as text: refuse one that is not UTF-8 now, by name,
    // rather than after the simulation.
    let (scenario, out) = a.paths();
    let out = out.clone().unwrap_or_default();
    for (what, path) in [
        ("the scenario", &*scenario),
        ("--out", &out),
        ("the working folder", &cwd),
    ] {
        if path.to_str().is_none() {
            bail!(
                "{what} {}: the path is not valid UTF-8, which a part file cannot record; rename it",
                path.display()
            );
        }
    }
    Ok(Header {
        firesim_version: env!("CARGO_PKG_VERSION").into(),
        command: C::COMMAND.into(),
        args: std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        cwd,
        options: args.canonical(),
        scenario: a.paths().0.clone(),
        scenario_hash: content_hash(args)?,
        seed,
        items,
        shard,
        wall_s: 0.0,
        cpu_s: None,
        threads: 0,
        payload_bytes: 0,
        payload_sha256: String::new(),
    })
}

/// The SHA-256 of every file the results of `args` depend on ([`Header::scenario_hash`]):
/// the scenario and the files it names; with [`Shardable::other_inputs`], the SHA-256 of
/// that hash and of each other file (its length, then its bytes), in the order given.
pub(crate) fn content_hash<C: Shardable>(args: &C) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut a = args.clone();
    let scenario = scenario::content_hash(a.paths().0)?;
    let (flag, files) = args.other_inputs();
    if files.is_empty() {
        return Ok(scenario);
    }
    let mut hash = Sha256::new();
    hash.update(scenario.as_bytes());
    for f in files {
        let bytes =
            std::fs::read(f).with_context(|| format!("{flag}: cannot read {}", f.display()))?;
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Write `OUT/part-K-of-N.fspart` for `header` (completed with `cost`) and `payload`.
pub(crate) fn write_part<T: Serialize>(
    out: &Path,
    header: Header,
    cost: Cost,
    payload: &T,
) -> Result<()> {
    let header = header.with_cost(&cost);
    let bytes = shard::encode(&header, payload)?;
    let path = out.join(header.shard.file_name());
    let staging = Staging::new(out)?.guarding(&crate::scenario::input_files(&header.scenario));
    report::write_atomic(&staging.path().join(header.shard.file_name()), &bytes)?;
    staging.commit()?;
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
        cost.wall_s,
        out.display()
    );
    Ok(())
}

/// One part file: its path, header and payload bytes.
pub(crate) struct Part {
    pub(crate) file: PathBuf,
    pub(crate) header: Header,
    bytes: Vec<u8>,
    payload_at: usize,
}

impl Part {
    fn payload(&self) -> &[u8] {
        &self.bytes[self.payload_at..]
    }
}

/// Every `part-*.fspart` of `dir`, by file name.
pub(crate) fn read_parts(dir: &Path) -> Result<Vec<Part>> {
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
        crate::ground::cancel::check()?;
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
/// decoded); the merge's time so far goes into `cost`.
pub(crate) fn decode_all<T: serde::de::DeserializeOwned>(
    parts: Vec<Part>,
    cost: &mut Cost,
    started: std::time::Instant,
) -> Result<Vec<(PathBuf, T)>> {
    let payloads = parts
        .into_iter()
        .map(|p| {
            crate::ground::cancel::check()?;
            Ok((p.file.clone(), shard::decode_payload(&p.file, p.payload())?))
        })
        .collect::<Result<_>>()?;
    cost.merge_s = Some(started.elapsed().as_secs_f64());
    Ok(payloads)
}
