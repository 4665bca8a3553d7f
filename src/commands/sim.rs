//! The options every simulating command shares (replications, seed, threads, the long
//! horizon, the shard), which shard they ask for, and the budget check before a run.

use crate::scenario::Scenario;
use crate::study::budget;
use crate::study::shard::Shard;
use anyhow::{Context, Result, bail};

/// The options every simulating command shares (`--reps`, `--seed`, `--threads`,
/// `--allow-long-horizon`, `--shard`, `--shards`).
#[derive(Clone, Debug)]
pub struct SimArgs {
    /// Replications (per rollout; default: the scenario's `replications`).
    pub reps: Option<u32>,
    /// Master seed (default: the scenario's `seed`).
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Run a horizon longer than 100 years.
    pub allow_long_horizon: bool,
    /// `K/N` or `auto`: compute only that shard.
    pub shard: Option<String>,
    /// N for `--shard auto`.
    pub shards: Option<u32>,
}

impl SimArgs {
    /// The shard asked for, if any.
    pub(crate) fn shard(&self) -> Result<Option<Shard>> {
        resolve_shard(self.shard.as_deref(), self.shards)
    }

    /// These options with those that may differ between the shards of one run cleared.
    pub(crate) fn canonical(&self) -> SimArgs {
        SimArgs {
            threads: None,
            shard: None,
            shards: None,
            ..self.clone()
        }
    }

    /// Estimate the run's work and memory, refuse it (naming the cause) when it cannot
    /// fit, and say on stderr what it will do; `figures_in_memory`: whether every
    /// replication's figures are held in memory (a shard, a merge) or in a temporary file.
    pub(crate) fn check_budget(
        &self,
        scenario: &Scenario,
        (replications, rollouts): (u32, usize),
        threads: usize,
        kept_response_reps: u64,
        figures_in_memory: bool,
    ) -> Result<()> {
        check_budget(
            scenario,
            &budget::Request {
                replications: replications as u64,
                rollouts: rollouts as u64,
                threads: threads as u64,
                kept_response_reps,
                allow_long_horizon: self.allow_long_horizon,
                kept_figures: None,
                figures_in_memory,
                resample: budget::Resample::default(),
            },
        )
    }
}

/// The one budget check of every command that simulates or resamples (`run`, `compare`,
/// `robustness`, their merges): estimate the work and peak memory of `req`, refuse it
/// before any work starts (a horizon over 100 years unless allowed, or more memory than
/// [`available_memory`] gives, naming the cause), and say on stderr what it will do.
pub(crate) fn check_budget(scenario: &Scenario, req: &budget::Request) -> Result<()> {
    let estimate = budget::Budget::estimate(scenario, req);
    estimate
        .check(scenario, req, available_memory())
        .with_context(|| format!("{} cannot run", scenario.file.display()))?;
    if estimate.spill_bytes > 0.0 {
        estimate
            .check_disk(req, available_disk(&std::env::temp_dir()))
            .with_context(|| format!("{} cannot run", scenario.file.display()))?;
    }
    eprintln!("{}: {}", scenario.name, estimate.describe(req));
    Ok(())
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

/// The bytes free for this user in the file system of `folder` (`df -Pk`, POSIX); `None`
/// where `df` cannot tell (then the temporary files are not checked before the run, and a
/// full disk stops it with the write's error).
fn available_disk(folder: &std::path::Path) -> Option<f64> {
    let out = std::process::Command::new("df")
        .arg("-Pk")
        .arg(folder)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    // The second line: file system, 1024-blocks, used, available, capacity, mount point.
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: f64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(kib * 1024.0)
}

/// The memory this process can have, bytes: the smaller of what the system can give
/// without swapping (`MemAvailable` of /proc/meminfo) and what its control group still
/// allows (Slurm, Kubernetes, systemd: [`cgroup_room`]); `None` where neither is known
/// (then only the horizon is checked).
fn available_memory() -> Option<f64> {
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let system = read("/proc/meminfo").and_then(|info| {
        let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024.0)
    });
    let group = cgroup_room(&|p| read(p));
    match (system, group) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The memory the process's control group still allows, bytes (its limit less its
/// usage), read through `read` (a file's text): cgroup v2's `memory.max` and
/// `memory.current` of the group /proc/self/cgroup names (under /sys/fs/cgroup), else
/// cgroup v1's `memory.limit_in_bytes` and `memory.usage_in_bytes`; `None` when there
/// is no limit (`max`, or v1's near-2^63 "unlimited").
pub(crate) fn cgroup_room(read: &dyn Fn(&str) -> Option<String>) -> Option<f64> {
    let groups = read("/proc/self/cgroup").unwrap_or_default();
    let number = |p: String| read(&p).and_then(|t| t.trim().parse::<f64>().ok());
    let room = |limit: Option<f64>, usage: Option<f64>| {
        let limit = limit.filter(|&l| l < 1e18)?;
        Some((limit - usage.unwrap_or(0.0)).max(0.0))
    };
    // v2: the line `0::/path`.
    if let Some(path) = groups.lines().find_map(|l| l.strip_prefix("0::")) {
        let dir = format!("/sys/fs/cgroup{}", path.trim_end_matches('/'));
        if let Some(r) = room(
            number(format!("{dir}/memory.max")),
            number(format!("{dir}/memory.current")),
        ) {
            return Some(r);
        }
    }
    // v1: the line `N:...memory...:/path`.
    let v1 = groups.lines().find_map(|l| {
        let mut f = l.splitn(3, ':');
        let (_, controllers, path) = (f.next()?, f.next()?, f.next()?);
        controllers
            .split(',')
            .any(|c| c == "memory")
            .then_some(path)
    })?;
    let dir = format!("/sys/fs/cgroup/memory{}", v1.trim_end_matches('/'));
    room(
        number(format!("{dir}/memory.limit_in_bytes")),
        number(format!("{dir}/memory.usage_in_bytes")),
    )
}

#[cfg(test)]
mod tests {
    use super::cgroup_room;

    fn files(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |p| m.get(p).cloned()
    }

    #[test]
    fn the_cgroup_limit_less_usage_counts() {
        let v2 = files(&[
            ("/proc/self/cgroup", "0::/slurm/job_7/\n"),
            ("/sys/fs/cgroup/slurm/job_7/memory.max", "4294967296\n"),
            ("/sys/fs/cgroup/slurm/job_7/memory.current", "1073741824\n"),
        ]);
        assert_eq!(cgroup_room(&v2), Some(3.0 * 1024f64.powi(3)));
        let unlimited = files(&[
            ("/proc/self/cgroup", "0::/\n"),
            ("/sys/fs/cgroup/memory.max", "max\n"),
        ]);
        assert_eq!(cgroup_room(&unlimited), None);
        let v1 = files(&[
            (
                "/proc/self/cgroup",
                "5:cpu,cpuacct:/k\n4:memory:/kubepods/pod1\n",
            ),
            (
                "/sys/fs/cgroup/memory/kubepods/pod1/memory.limit_in_bytes",
                "2147483648",
            ),
            (
                "/sys/fs/cgroup/memory/kubepods/pod1/memory.usage_in_bytes",
                "0",
            ),
        ]);
        assert_eq!(cgroup_room(&v1), Some(2.0 * 1024f64.powi(3)));
        let v1_unlimited = files(&[
            ("/proc/self/cgroup", "4:memory:/\n"),
            (
                "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                "9223372036854771712",
            ),
        ]);
        assert_eq!(cgroup_room(&v1_unlimited), None);
        assert_eq!(cgroup_room(&files(&[])), None);
    }
}
