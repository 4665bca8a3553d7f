//! `firesim merge`'s flags; the work is [`crate::commands::merge`], which re-reads the
//! shards' command line with the parser it is given.

use crate::commands::merge::{self as command, Reread};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// The folder holding part-K-of-N.fspart, as the shards' --out named it.
    dir: PathBuf,
    /// Output folder (default: DIR).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(super) fn run(args: MergeArgs, reread: Reread) -> Result<()> {
    command::run(&args.dir, args.out.as_deref(), reread)
}
