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

/// The memory the system can give without swapping (`MemAvailable` of /proc/meminfo),
/// bytes; `None` where that is not known (then only the horizon is checked).
fn available_memory() -> Option<f64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}
