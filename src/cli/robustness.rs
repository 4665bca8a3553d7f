//! `firesim robustness`'s flags; the work is [`crate::commands::robustness`].

use crate::commands::robustness::{self as command, RobustnessArgs};
use crate::report;
use anyhow::Result;
use std::path::PathBuf;

/// Default rows of each Saltelli matrix.
pub(crate) const DEFAULT_POINTS: usize = 64;
/// Default replications per point.
pub(crate) const DEFAULT_REPS: u32 = 16;

#[derive(Debug, clap::Args)]
pub(crate) struct RobustnessFlags {
    /// The scenario file (TOML) with its `[[uncertain]]` entries.
    scenario: PathBuf,
    /// Files of `[[uncertain]]` entries that add to or replace (same `param`) the
    /// scenario's.
    #[arg(long)]
    uncertain: Vec<PathBuf>,
    /// Use only the entries of the --uncertain files, not the scenario's own.
    #[arg(long, requires = "uncertain")]
    uncertain_only: bool,
    /// Rows N of each Saltelli matrix: N × (inputs + 2) design points.
    #[arg(long, default_value_t = DEFAULT_POINTS)]
    points: usize,
    /// Replications per design point (the same seeds at every point).
    #[arg(long, default_value_t = DEFAULT_REPS)]
    reps: u32,
    /// Decisions to compare, comma-separated (default: every rollout with role =
    /// "decision"; a state of the world, role = "world", is refused).
    #[arg(long, value_delimiter = ',')]
    rollouts: Vec<String>,
    /// The decision the others are compared with (default: `plan` if compared, else the
    /// first).
    #[arg(long)]
    baseline: Option<String>,
    /// Master seed (default: the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Bootstrap replicates for the intervals of the sensitivity indices.
    #[arg(long, default_value_t = 500)]
    bootstrap: usize,
    /// Output folder (default: results/<scenario name>/robustness/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Compute only shard K of N (K = 0 to N-1: a contiguous block of the design points ×
    /// replications, point-major) and write OUT/part-K-of-N.fspart for `firesim merge`;
    /// `auto`: K and N from a job array's environment (Slurm, Kubernetes Indexed Job, AWS
    /// Batch; see docs/cluster.md).
    #[arg(long, value_name = "K/N|auto")]
    shard: Option<String>,
    /// N for `--shard auto` where the environment gives only K (Kubernetes, AWS Batch;
    /// default: $FIRESIM_SHARDS).
    #[arg(long, value_name = "N", requires = "shard")]
    shards: Option<u32>,
    /// Run a horizon longer than 100 years (otherwise refused as a likely typo).
    #[arg(long)]
    allow_long_horizon: bool,
    /// Language of robustness.md, report.html and the charts (`zh` needs a CJK font:
    /// Debian's fonts-wqy-microhei, or FIRESIM_CJK_FONT). The JSON and CSV files are the
    /// same in every language.
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    lang: report::Lang,
    /// Rank decisions that break a constraint of the plan too (by default an infeasible
    /// decision is shown but never ranked or recommended).
    #[arg(long)]
    include_infeasible: bool,
}

impl RobustnessFlags {
    /// The command's arguments.
    pub(super) fn args(self) -> RobustnessArgs {
        RobustnessArgs {
            scenario: self.scenario,
            uncertain: self.uncertain,
            uncertain_only: self.uncertain_only,
            points: self.points,
            reps: self.reps,
            rollouts: self.rollouts,
            baseline: self.baseline,
            seed: self.seed,
            threads: self.threads,
            bootstrap: self.bootstrap,
            out: self.out,
            shard: self.shard,
            shards: self.shards,
            allow_long_horizon: self.allow_long_horizon,
            lang: self.lang,
            include_infeasible: self.include_infeasible,
        }
    }
}

pub(super) fn run(flags: RobustnessFlags) -> Result<()> {
    command::run(flags.args())
}
