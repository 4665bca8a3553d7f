//! `firesim rollout`'s flags; the work is [`crate::commands::rollout`].

use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct RolloutArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Rollout to show in full (default: every rollout, district totals and checks only).
    #[arg(long)]
    rollout: Option<String>,
    /// Output folder (default: results/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(super) fn run(args: RolloutArgs) -> Result<()> {
    crate::commands::rollout::run(&args.scenario, args.rollout.as_deref(), args.out.as_deref())
}
