//! The flags every simulating command (`run`, `compare`) shares.

use crate::commands::sim::SimArgs;

/// Flags every simulating command shares.
#[derive(Clone, Debug, clap::Args)]
pub(crate) struct SimFlags {
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

impl SimFlags {
    /// The options they give.
    pub(super) fn args(self) -> SimArgs {
        SimArgs {
            reps: self.reps,
            seed: self.seed,
            threads: self.threads,
            allow_long_horizon: self.allow_long_horizon,
            shard: self.shard,
            shards: self.shards,
        }
    }
}
