//! `firesim run`'s flags; the work is [`crate::commands::run`].

use super::sim::SimFlags;
use crate::commands::run::{self as command, RunArgs};
use crate::report;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct RunFlags {
    /// The scenario file (TOML).
    scenario: PathBuf,
    #[command(flatten)]
    sim: SimFlags,
    /// Output folder (default: results/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Rollout to simulate (default: the scenario's first).
    #[arg(long)]
    rollout: Option<String>,
    /// Write every replication's responses to responses.csv, not just the first's.
    #[arg(long, conflicts_with = "no_responses")]
    all_responses: bool,
    /// Write no responses.csv.
    #[arg(long)]
    no_responses: bool,
    /// Skip bad rows of recorded files (counted in summary.json) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Language of report.html and the charts (`zh` needs a CJK font: Debian's
    /// fonts-wqy-microhei, or FIRESIM_CJK_FONT).
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    lang: report::Lang,
}

impl RunFlags {
    /// The command's arguments.
    pub(super) fn args(self) -> RunArgs {
        RunArgs {
            scenario: self.scenario,
            sim: self.sim.args(),
            out: self.out,
            rollout: self.rollout,
            all_responses: self.all_responses,
            no_responses: self.no_responses,
            skip_bad_rows: self.skip_bad_rows,
            lang: self.lang,
        }
    }
}

pub(super) fn run(flags: RunFlags) -> Result<()> {
    command::run(flags.args())
}
