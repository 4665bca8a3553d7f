//! Sharded runs: one command's work split over N processes (the tasks of a Slurm job
//! array, a Kubernetes Indexed Job, an AWS Batch array job), each writing a partial file
//! that `firesim merge` combines into exactly what one machine would have written.
//!
//! **The split.** A command's work is a list of items numbered `0..items` (replications for
//! `run` and `compare`; design points × replications for a study that has them). Shard `K`
//! of `N` takes the contiguous block [`Shard::items`] `K·items/N .. (K+1)·items/N`, so the
//! blocks differ in size by at most one and, read in shard order, list every item once in
//! order. An item is computed from the seed and its own number alone (every random stream
//! derives from `(seed, replication, …)`, never from the shard), so the same item gives
//! the same bits in any shard.
//!
//! **The partial file** `DIR/part-K-of-N.fspart` (format version [`FORMAT_VERSION`]):
//!
//! | bytes | what |
//! |---|---|
//! | 8 | the magic `FSIMPART` |
//! | 4 | the format version, little-endian `u32` |
//! | … | the [`Header`], postcard-encoded (with the payload's length and SHA-256) |
//! | … | the payload (the command's per-item results), postcard-encoded |
//!
//! A part is not trusted: [`decode_header`] checks every header field's range (K below N,
//! N at most [`MAX_SHARDS`], the shard's items no more than the payload's bytes, finite
//! costs, threads at most [`MAX_THREADS`]) and the payload's length and SHA-256 before
//! anything is allocated from them, so a damaged or forged part is refused by name.
//!
//! [postcard](https://postcard.jamesmunns.com/wire-format) is a compact, documented,
//! non-self-describing serde format: integers as varints, `f64` as its 8 bytes
//! (little-endian, so every bit of a NaN or an infinity survives), sequences and strings
//! length-prefixed, structs as their fields in declaration order. The schema is therefore
//! the Rust types: [`Header`] here, and the payload the command names ([`Shardable::Part`]:
//! for `run`, its `runner::RunOutput` and the responses for validation; for `compare`, one
//! `RunOutput` per rollout; for `robustness`, the items' results). A different firesim version may
//! lay them out differently, so `firesim merge` refuses parts of another version (the
//! header records it) and a different format version is refused before the header is read.
//!
//! **The contract.** A command that can be sharded implements [`Shardable`] for its
//! arguments: its name in the header, its part's payload type, the flags that may differ
//! between shards, the files its results depend on (compared by content hash), and its `merge`
//! (the parts' payloads in shard order, then the same files one process writes). A merge
//! adds the shards' costs up ([`Cost::of_parts`]).
//!
//! This module does no IO: it encodes and decodes bytes and checks a set of headers; the
//! commands read and write the files.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::PathBuf;

/// The first bytes of every partial file.
pub const MAGIC: &[u8; 8] = b"FSIMPART";

/// The version of the partial-file layout (magic, version, header, payload); the header
/// and payload types themselves are pinned by `Header::firesim_version`, and a change of
/// the payload's layout within one firesim version bumps this too (3: a run's replications
/// as one table of figures, `stats::RepTable`, instead of one summary per replication).
pub const FORMAT_VERSION: u32 = 3;

/// The most shards a run can be split into (N of `--shard K/N`, and of a part's header).
pub const MAX_SHARDS: u32 = 1 << 16;

/// The most worker threads a part's header may claim (the command line's bound is
/// `commands::setup`'s, never above this).
pub const MAX_THREADS: usize = 1 << 16;

/// The partial files' extension.
pub const EXTENSION: &str = "fspart";

/// Why a shard could not be named, a partial file read, or a set of parts merged.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// `--shard` is neither `K/N` nor `auto`, or K is not below N.
    #[error("--shard: {0}")]
    Spec(String),
    /// `--shard auto` found no usable job-array variables.
    #[error("--shard auto: {0}")]
    Env(String),
    /// A file is not a firesim partial file, or is damaged.
    #[error("{file}: {message}")]
    Corrupt {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A partial file of another layout version.
    #[error(
        "{file}: partial-file format version {found}, this firesim reads version {FORMAT_VERSION}"
    )]
    FormatVersion {
        /// The file.
        file: PathBuf,
        /// Its format version.
        found: u32,
    },
    /// The folder holds no partial file.
    #[error("no partial files (part-K-of-N.{EXTENSION}) in {0}")]
    NoParts(PathBuf),
    /// Some shards' parts are not there.
    #[error("{dir}: missing {} of {count} part(s): {}", missing.len(), missing.join(", "))]
    Missing {
        /// The folder.
        dir: PathBuf,
        /// Shards expected.
        count: u32,
        /// The missing files' names.
        missing: Vec<String>,
    },
    /// Two files hold the same shard.
    #[error("{first} and {second} both hold shard {shard}")]
    Duplicate {
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
        /// The shard, `K/N`.
        shard: String,
    },
    /// Two parts come from different runs.
    #[error(
        "{file} is not from the same run as {reference}: {what} {found} there, {expected} here"
    )]
    Mismatch {
        /// The part that differs.
        file: PathBuf,
        /// The part it was compared with.
        reference: PathBuf,
        /// What differs (`scenario`, `seed`, `firesim version`, `command`, `N`, …).
        what: &'static str,
        /// Its value in `file`.
        found: String,
        /// Its value in `reference`.
        expected: String,
    },
    /// A payload could not be encoded.
    #[error("cannot encode the partial file: {0}")]
    Encode(String),
}

/// Shard `index` of `count` (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// K, `0..count`.
    pub index: u32,
    /// N, at least 1.
    pub count: u32,
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The environment variables `--shard auto` reads, in the order it tries them.
pub const ENV_VARS: [&str; 3] = [
    "SLURM_ARRAY_TASK_ID",
    "JOB_COMPLETION_INDEX",
    "AWS_BATCH_JOB_ARRAY_INDEX",
];

impl Shard {
    /// Shard `index` of `count`, checked.
    pub fn new(index: u32, count: u32) -> Result<Shard, ShardError> {
        if count == 0 {
            return Err(ShardError::Spec("N must be at least 1".into()));
        }
        if count > MAX_SHARDS {
            return Err(ShardError::Spec(format!(
                "N = {count} is more than {MAX_SHARDS} shards"
            )));
        }
        if index >= count {
            return Err(ShardError::Spec(format!(
                "K = {index} is not below N = {count} (shards are numbered 0 to N-1)"
            )));
        }
        Ok(Shard { index, count })
    }

    /// `K/N` (for example `3/8`).
    pub fn parse(spec: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError::Spec(format!("`{spec}` is not K/N (for example 0/4) or auto"));
        let (k, n) = spec.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }

    /// K and N from a job array's environment (`var` reads a variable): Slurm's
    /// `SLURM_ARRAY_TASK_ID` (less `SLURM_ARRAY_TASK_MIN`, so `--array=1-8` works too) with
    /// `SLURM_ARRAY_TASK_COUNT`; Kubernetes' `JOB_COMPLETION_INDEX`; AWS Batch's
    /// `AWS_BATCH_JOB_ARRAY_INDEX`. N comes from `shards` (`--shards`), else
    /// `FIRESIM_SHARDS`, else (Slurm only) `SLURM_ARRAY_TASK_COUNT`; where both are given
    /// they must agree.
    pub fn from_env(
        var: &dyn Fn(&str) -> Option<String>,
        shards: Option<u32>,
    ) -> Result<Shard, ShardError> {
        let number =
            |name: &str| -> Result<Option<u32>, ShardError> {
                match var(name) {
                    None => Ok(None),
                    Some(v) => v.trim().parse().map(Some).map_err(|_| {
                        ShardError::Env(format!("{name} = `{v}` is not a whole number"))
                    }),
                }
            };
        let mut count = match shards {
            Some(n) => Some(n),
            None => number("FIRESIM_SHARDS")?,
        };
        let index = if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let slurm_n = number("SLURM_ARRAY_TASK_COUNT")?.ok_or_else(|| {
                ShardError::Env(
                    "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not".into(),
                )
            })?;
            match count {
                Some(n) if n != slurm_n => {
                    return Err(ShardError::Env(format!(
                        "N = {n} (--shards or FIRESIM_SHARDS) but the Slurm array has {slurm_n} tasks"
                    )));
                }
                _ => count = Some(slurm_n),
            }
            id.checked_sub(min).ok_or_else(|| {
                ShardError::Env(format!(
                    "SLURM_ARRAY_TASK_ID = {id} is below SLURM_ARRAY_TASK_MIN = {min}"
                ))
            })?
        } else if let Some(k) = number("JOB_COMPLETION_INDEX")? {
            k
        } else if let Some(k) = number("AWS_BATCH_JOB_ARRAY_INDEX")? {
            k
        } else {
            return Err(ShardError::Env(format!(
                "none of {} is set (not in a job array? use --shard K/N)",
                ENV_VARS.join(", ")
            )));
        };
        let count = count.ok_or_else(|| {
            ShardError::Env(
                "the number of shards is not known: give --shards N or set FIRESIM_SHARDS".into(),
            )
        })?;
        Shard::new(index, count).map_err(|e| match e {
            ShardError::Spec(m) => {
                ShardError::Env(format!("{m} (a Slurm array must be consecutive, step 1)"))
            }
            e => e,
        })
    }

    /// This shard's items of `0..items`: a contiguous block, sizes differing by at most one.
    pub fn items(&self, items: u32) -> Range<u32> {
        let at = |k: u32| (k as u64 * items as u64 / self.count as u64) as u32;
        at(self.index)..at(self.index + 1)
    }

    /// `part-K-of-N.fspart`.
    pub fn file_name(&self) -> String {
        format!("part-{}-of-{}.{EXTENSION}", self.index, self.count)
    }
}

/// What a partial file says about the run it belongs to (everything `firesim merge`
/// checks before it combines parts, and what it needs to write the results).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The firesim version that wrote it (`CARGO_PKG_VERSION`).
    pub firesim_version: String,
    /// The subcommand (`run`, `compare`, `robustness`).
    pub command: String,
    /// The command line after the program name, as given (with `--shard`).
    pub args: Vec<String>,
    /// The working folder it ran in (relative paths in `args` are relative to it).
    pub cwd: PathBuf,
    /// The options that must agree across shards, as [`Shardable::canonical`] gives them (the
    /// command line without `--shard`, `--shards`, `--threads`, `--out` and the scenario's
    /// path, whose content is compared by hash instead).
    pub options: String,
    /// The scenario file as given on the command line.
    pub scenario: PathBuf,
    /// SHA-256 of the scenario file and every file it names (`scenario::content_hash`);
    /// for `robustness`, of that hash and the `--uncertain` files.
    pub scenario_hash: String,
    /// The master seed (as resolved: the scenario's unless `--seed`).
    pub seed: u64,
    /// The number of work items of the whole run (replications; for `robustness`, design
    /// points × replications, point-major).
    pub items: u32,
    /// Which shard.
    pub shard: Shard,
    /// Wall-clock seconds of this shard's simulation.
    pub wall_s: f64,
    /// CPU seconds of this shard's simulation (all threads; `None` where the platform
    /// does not say).
    pub cpu_s: Option<f64>,
    /// Worker threads.
    pub threads: usize,
    /// The payload's length, bytes (set by [`encode`]).
    pub payload_bytes: u64,
    /// The payload's SHA-256, lower-case hex (set by [`encode`]).
    pub payload_sha256: String,
}

impl Header {
    /// What the command's work items are, for messages.
    pub fn items_are(&self) -> &'static str {
        if self.command == "robustness" {
            "work items (design point × replication)"
        } else {
            "replications"
        }
    }

    /// This header with the cost of its shard's simulation.
    pub fn with_cost(mut self, cost: &Cost) -> Header {
        self.wall_s = cost.wall_s;
        self.cpu_s = cost.cpu_s;
        self.threads = cost.threads;
        self
    }
}

/// The cost of a simulation (for performance.json): measured in one process, or summed
/// over the shards by a merge.
#[derive(Clone, Copy, Debug)]
pub struct Cost {
    /// Wall-clock seconds (summed over the shards).
    pub wall_s: f64,
    /// CPU seconds, all threads (summed over the shards; `None` where not known).
    pub cpu_s: Option<f64>,
    /// Worker threads (the most any shard had).
    pub threads: usize,
    /// Shards the work was split into (1: one process).
    pub shards: u32,
    /// Seconds the merge took to read and decode the parts.
    pub merge_s: Option<f64>,
}

impl Cost {
    /// The shards' costs added up (the merge's own time not yet known).
    pub fn of_parts<'h>(headers: impl Iterator<Item = &'h Header> + Clone) -> Cost {
        Cost {
            wall_s: headers.clone().map(|h| h.wall_s).sum(),
            cpu_s: headers.clone().map(|h| h.cpu_s).sum(),
            threads: headers.clone().map(|h| h.threads).max().unwrap_or(1),
            shards: headers.map(|h| h.shard.count).next().unwrap_or(1),
            merge_s: None,
        }
    }
}

/// The arguments of a command that can be sharded: a scenario, an output folder, and
/// flags (with `--shard`); each such command implements it with its own pieces.
pub trait Shardable: Clone + std::fmt::Debug {
    /// The subcommand, as a part's [`Header::command`] records it.
    const COMMAND: &'static str;

    /// What a shard's part file holds: the results of its block of work items.
    type Part: Serialize + DeserializeOwned;

    /// The scenario path and the output folder.
    fn paths(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>);

    /// Clear the flags that may differ between the shards of one run without changing
    /// the result (`--threads`, `--shard`, `--shards`).
    fn clear_free_flags(&mut self);

    /// Every shard's part (with its file), in shard order, combined and written as the
    /// unsharded command writes its results, at the cost `cost`.
    fn merge(self, parts: Vec<(PathBuf, Self::Part)>, cost: Cost) -> anyhow::Result<()>;

    /// These arguments with another scenario path and output folder (for the merge).
    fn located(mut self, scenario: PathBuf, out: PathBuf) -> Self {
        let (s, o) = self.paths();
        (*s, *o) = (scenario, Some(out));
        self
    }

    /// The options every shard of one run must share, canonically
    /// ([`Header::options`]): all but the scenario path (its content is compared by hash),
    /// the output folder, and the flags [`Shardable::clear_free_flags`] clears.
    fn canonical(&self) -> String {
        let mut a = self.clone();
        let (s, o) = a.paths();
        (*s, *o) = (PathBuf::new(), None);
        a.clear_free_flags();
        format!("{a:?}")
    }

    /// The files besides the scenario (and the files it names) that the results depend
    /// on, and the flag that names them (`robustness`'s `--uncertain`); none by default.
    /// [`Header::scenario_hash`] covers them too.
    fn other_inputs(&self) -> (&'static str, &[PathBuf]) {
        ("", &[])
    }

    /// The files the content hash covers, for messages: the scenario, `(with --flag
    /// a, b)`.
    fn inputs(&self) -> String {
        let mut a = self.clone();
        let mut s = a.paths().0.display().to_string();
        let (flag, files) = self.other_inputs();
        if !files.is_empty() {
            let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            s += &format!(" (with {flag} {})", files.join(", "));
        }
        s
    }
}

/// Encode a partial file: magic, format version, header (with the payload's length and
/// SHA-256), payload.
pub fn encode<T: Serialize>(header: &Header, payload: &T) -> Result<Vec<u8>, ShardError> {
    let payload = postcard::to_stdvec(payload).map_err(|e| ShardError::Encode(e.to_string()))?;
    let header = Header {
        payload_bytes: payload.len() as u64,
        payload_sha256: sha256_hex(&payload),
        ..header.clone()
    };
    let mut bytes = encode_header(&header)?;
    bytes.extend_from_slice(&payload);
    Ok(bytes)
}

/// SHA-256 of `bytes`, lower-case hex (a part's [`Header::payload_sha256`]).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The start of a partial file: magic, format version, header (the payload follows).
pub fn encode_header(header: &Header) -> Result<Vec<u8>, ShardError> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    postcard::to_extend(header, bytes).map_err(|e| ShardError::Encode(e.to_string()))
}

/// Decode a partial file's header; returns it and the payload's bytes.
pub fn decode_header<'b>(
    file: &std::path::Path,
    bytes: &'b [u8],
) -> Result<(Header, &'b [u8]), ShardError> {
    let corrupt = |message: String| ShardError::Corrupt {
        file: file.to_path_buf(),
        message,
    };
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(corrupt(
            "not a firesim partial file (no FSIMPART magic)".into(),
        ));
    }
    let mut version = [0u8; 4];
    version.copy_from_slice(&bytes[8..12]);
    let found = u32::from_le_bytes(version);
    if found != FORMAT_VERSION {
        return Err(ShardError::FormatVersion {
            file: file.to_path_buf(),
            found,
        });
    }
    let (header, payload): (Header, &[u8]) = postcard::take_from_bytes(&bytes[12..])
        .map_err(|e| corrupt(format!("damaged header: {e}")))?;
    check_header(&header, payload).map_err(|m| corrupt(format!("damaged part: {m}")))?;
    Ok((header, payload))
}

/// Every header field in its range and the payload what the header says it is; the
/// first problem found, naming the field.
fn check_header(h: &Header, payload: &[u8]) -> Result<(), String> {
    let Shard { index, count } = h.shard;
    if count == 0 || count > MAX_SHARDS || index >= count {
        return Err(format!(
            "shard {index}/{count} (K must be below N, N from 1 to {MAX_SHARDS})"
        ));
    }
    let own = u64::from(h.shard.items(h.items).len() as u32);
    if own > payload.len() as u64 {
        return Err(format!(
            "items: the shard's {own} item(s) of {} cannot fit in {} byte(s) of results",
            h.items,
            payload.len()
        ));
    }
    let cost_ok = |x: f64| x.is_finite() && x >= 0.0;
    if !cost_ok(h.wall_s) || !h.cpu_s.is_none_or(cost_ok) || h.threads > MAX_THREADS {
        return Err(format!(
            "cost: wall {} s, CPU {:?} s, {} threads is not a measured cost",
            h.wall_s, h.cpu_s, h.threads
        ));
    }
    if h.payload_bytes != payload.len() as u64 {
        return Err(format!(
            "the header says {} byte(s) of results, the file holds {} (truncated or extended)",
            h.payload_bytes,
            payload.len()
        ));
    }
    if sha256_hex(payload) != h.payload_sha256 {
        return Err(format!(
            "the results' SHA-256 is not the header's ({}): the file was changed after it was written",
            short(&h.payload_sha256)
        ));
    }
    Ok(())
}

/// Decode a payload (the bytes [`decode_header`] left).
pub fn decode_payload<T: DeserializeOwned>(
    file: &std::path::Path,
    bytes: &[u8],
) -> Result<T, ShardError> {
    let corrupt = |message: String| ShardError::Corrupt {
        file: file.to_path_buf(),
        message,
    };
    match postcard::take_from_bytes(bytes) {
        Ok((payload, [])) => Ok(payload),
        Ok((_, rest)) => Err(corrupt(format!(
            "{} stray byte(s) after the results",
            rest.len()
        ))),
        Err(e) => Err(corrupt(format!("damaged results: {e}"))),
    }
}

/// Check that `parts` (file, header) are the N parts of one run, one per shard; returns
/// their positions in shard order. Errors name the first problem: a part from another
/// run (command, firesim version, scenario, seed, options, items or N differ), a shard
/// held twice, or the shards missing.
pub fn check(dir: &std::path::Path, parts: &[(PathBuf, Header)]) -> Result<Vec<usize>, ShardError> {
    let Some((ref_file, first)) = parts.first() else {
        return Err(ShardError::NoParts(dir.to_path_buf()));
    };
    for (file, h) in &parts[1..] {
        let differ = |what: &'static str, found: String, expected: String| {
            Err(ShardError::Mismatch {
                file: file.clone(),
                reference: ref_file.clone(),
                what,
                found,
                expected,
            })
        };
        if h.firesim_version != first.firesim_version {
            return differ(
                "firesim version",
                h.firesim_version.clone(),
                first.firesim_version.clone(),
            );
        }
        if h.command != first.command {
            return differ("command", h.command.clone(), first.command.clone());
        }
        if h.shard.count != first.shard.count {
            return differ(
                "N (shards)",
                h.shard.count.to_string(),
                first.shard.count.to_string(),
            );
        }
        if h.scenario_hash != first.scenario_hash {
            return differ(
                "scenario",
                format!(
                    "{} (content {})",
                    h.scenario.display(),
                    short(&h.scenario_hash)
                ),
                format!(
                    "{} (content {})",
                    first.scenario.display(),
                    short(&first.scenario_hash)
                ),
            );
        }
        if h.seed != first.seed {
            return differ("seed", h.seed.to_string(), first.seed.to_string());
        }
        if h.items != first.items {
            return differ(
                first.items_are(),
                h.items.to_string(),
                first.items.to_string(),
            );
        }
        if h.options != first.options {
            return differ(
                "options",
                format!("`{}`", h.args.join(" ")),
                format!("`{}`", first.args.join(" ")),
            );
        }
    }
    let count = first.shard.count;
    let mut by_shard: Vec<Option<usize>> = vec![None; count as usize];
    for (i, (file, h)) in parts.iter().enumerate() {
        if let Some(j) = by_shard[h.shard.index as usize] {
            return Err(ShardError::Duplicate {
                first: parts[j].0.clone(),
                second: file.clone(),
                shard: h.shard.to_string(),
            });
        }
        by_shard[h.shard.index as usize] = Some(i);
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| by_shard[k as usize].is_none())
        .map(|k| Shard { index: k, count }.file_name())
        .collect();
    if !missing.is_empty() {
        return Err(ShardError::Missing {
            dir: dir.to_path_buf(),
            count,
            missing,
        });
    }
    Ok(by_shard.into_iter().flatten().collect())
}

/// The first 12 characters of a hash, for messages (any string: a forged header's too).
pub fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_item_once_in_order() {
        for items in [0, 1, 5, 40, 1_200] {
            for count in 1..=9 {
                let blocks: Vec<u32> = (0..count)
                    .flat_map(|index| Shard { index, count }.items(items))
                    .collect();
                assert_eq!(blocks, (0..items).collect::<Vec<_>>(), "{items} in {count}");
                let sizes: Vec<u32> = (0..count)
                    .map(|index| Shard { index, count }.items(items).len() as u32)
                    .collect();
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "{sizes:?}");
            }
        }
    }

    #[test]
    fn parse_k_of_n() {
        assert_eq!(Shard::parse("3/8").unwrap(), Shard { index: 3, count: 8 });
        for bad in ["8/8", "1/0", "x/2", "3", "-1/4", ""] {
            assert!(
                matches!(Shard::parse(bad), Err(ShardError::Spec(_))),
                "{bad}"
            );
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn auto_reads_slurm_kubernetes_and_aws_batch() {
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            Shard::from_env(&slurm, None).unwrap(),
            Shard { index: 2, count: 4 }
        );
        assert_eq!(
            Shard::from_env(&slurm, Some(4)).unwrap(),
            Shard { index: 2, count: 4 }
        );
        assert!(Shard::from_env(&slurm, Some(5)).is_err());
        let one_based = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            Shard::from_env(&one_based, None).unwrap(),
            Shard { index: 3, count: 4 }
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "5")]);
        assert!(matches!(
            Shard::from_env(&k8s, None),
            Err(ShardError::Env(_))
        ));
        assert_eq!(
            Shard::from_env(&k8s, Some(8)).unwrap(),
            Shard { index: 5, count: 8 }
        );
        assert!(Shard::from_env(&k8s, Some(5)).is_err());
        let aws = env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "0"), ("FIRESIM_SHARDS", "3")]);
        assert_eq!(
            Shard::from_env(&aws, None).unwrap(),
            Shard { index: 0, count: 3 }
        );
        assert!(Shard::from_env(&env(&[]), Some(3)).is_err());
        assert!(Shard::from_env(&env(&[("JOB_COMPLETION_INDEX", "x")]), Some(3)).is_err());
    }
}
