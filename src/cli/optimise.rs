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
    /// Master seed (default: the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Output folder (default: results/<scenario name>/optimise/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of optimise.md (`zh` needs a CJK font).
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    lang: report::Lang,
}

pub(super) fn run(f: OptimiseFlags) -> Result<()> {
    command::run(OptimiseArgs {
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
        seed: f.seed,
        threads: f.threads,
        out: f.out,
        lang: f.lang,
    })
}
