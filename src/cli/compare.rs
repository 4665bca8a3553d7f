//! `firesim compare`'s flags; the work is [`crate::commands::compare`].

use super::sim::SimFlags;
use crate::commands::compare::{self as command, CompareArgs};
use crate::report;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct CompareFlags {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Rollouts to compare, comma-separated (default: all in the file).
    #[arg(long, value_delimiter = ',')]
    rollouts: Vec<String>,
    /// The rollout the others are compared with (default: `plan` if compared, else the
    /// first).
    #[arg(long)]
    baseline: Option<String>,
    #[command(flatten)]
    sim: SimFlags,
    /// Output folder (default: results/<scenario name>/compare/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Year of the distribution charts (ECDF, histogram, zones; default: the last).
    #[arg(long)]
    year: Option<i32>,
    /// Language of comparison.md, report.html and the charts (`zh` needs a CJK font:
    /// Debian's fonts-wqy-microhei, or FIRESIM_CJK_FONT).
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    lang: report::Lang,
    /// A rollout fragment to add (`[[rollouts]]` tables only, e.g. the recommended.toml
    /// of `firesim optimise`); repeatable. Not with --shard.
    #[arg(long, value_name = "FILE")]
    add_rollouts: Vec<PathBuf>,
}

impl CompareFlags {
    /// The command's arguments.
    pub(super) fn args(self) -> CompareArgs {
        CompareArgs {
            scenario: self.scenario,
            rollouts: self.rollouts,
            baseline: self.baseline,
            sim: self.sim.args(),
            out: self.out,
            year: self.year,
            lang: self.lang,
            add_rollouts: self.add_rollouts,
        }
    }
}

pub(super) fn run(flags: CompareFlags) -> Result<()> {
    command::run(flags.args())
}
