//! `firesim optimise`'s flags; the work is [`crate::commands::optimise`].

use crate::commands::optimise::{self as command, OptimiseArgs};
use crate::report;
use crate::study::optimise::Objective;
use anyhow::Result;
use std::path::PathBuf;

/// `--objective`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ObjectiveFlag {
    /// The whole horizon's p90 first arrival from the dispatch order (seconds, smaller is
    /// better).
    P90,
    /// The share of incidents reached within 5 minutes of the dispatch order (points,
    /// larger is better).
    Within5,
    /// The yearly p90s weighted by `[optimise] year_weights` (seconds).
    Weighted,
}

#[derive(Debug, clap::Args)]
pub(crate) struct OptimiseFlags {
    /// The scenario file (TOML) with an [optimise] section.
    scenario: PathBuf,
    /// What to optimise.
    #[arg(long, value_enum, default_value_t = ObjectiveFlag::P90)]
    objective: ObjectiveFlag,
    /// Indifference zone of the selection, in the objective's unit (default: 2 s of p90,
    /// or 0.2 points of the share).
    #[arg(long)]
    delta: Option<f64>,
    /// The selection is correct (within --delta of the best finalist) with probability at
    /// least 1 − alpha.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// The search's budget of evaluations (one candidate for one replication).
    #[arg(long, default_value_t = 12_000)]
    evaluations: u64,
    /// Replications per rollout of the check on fresh replications.
    #[arg(long, default_value_t = 200)]
    check_reps: u32,
    /// Make the objective the expectation over the scenario's [[uncertain]] inputs (every
    /// candidate at each of --points design points, under common random numbers).
    #[arg(long)]
    uncertain: bool,
    /// Design points of the expectation under --uncertain (the first rows of a scrambled
    /// Sobol' sequence, as `robustness` draws; each point multiplies the simulations).
    #[arg(long, default_value_t = 8, requires = "uncertain")]
    points: usize,
    /// Master seed (default: the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Output folder (default: results/<scenario name>/optimise/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Compute only shard K of N (K = 0 to N-1): every shard runs the search and the
    /// selection's first stage, then a contiguous block of the second stage's and the
    /// check's replications, into OUT/part-K-of-N.fspart for `firesim merge`; `auto`: K
    /// and N from a job array's environment (docs/cluster.md).
    #[arg(long, value_name = "K/N|auto")]
    shard: Option<String>,
    /// N for `--shard auto` where the environment gives only K (default: $FIRESIM_SHARDS).
    #[arg(long, value_name = "N", requires = "shard")]
    shards: Option<u32>,
    /// Language of optimise.md and report.html (`zh` needs a CJK font).
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    lang: report::Lang,
}

impl OptimiseFlags {
    /// The command's arguments.
    pub(super) fn args(self) -> OptimiseArgs {
        let f = self;
        OptimiseArgs {
            scenario: f.scenario,
            objective: match f.objective {
                ObjectiveFlag::P90 => Objective::P90,
                ObjectiveFlag::Within5 => Objective::Within5,
                ObjectiveFlag::Weighted => Objective::Weighted,
            },
            delta: f.delta,
            alpha: f.alpha,
            evaluations: f.evaluations,
            check_reps: f.check_reps,
            uncertain: f.uncertain,
            points: f.points,
            seed: f.seed,
            threads: f.threads,
            out: f.out,
            shard: f.shard,
            shards: f.shards,
            lang: f.lang,
        }
    }
}

pub(super) fn run(f: OptimiseFlags) -> Result<()> {
    command::run(f.args())
}
