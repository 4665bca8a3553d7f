//! `firesim report`'s flags; the work is [`crate::commands::report`].

use crate::report::Lang;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// A results folder written by `firesim compare` or `firesim run`.
    dir: PathBuf,
    /// Language of the page, the charts and comparison.md (`zh` needs a CJK font: Debian's
    /// fonts-wqy-microhei, or FIRESIM_CJK_FONT).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Folder to write into (default: DIR); its links to DIR's data files are relative.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(super) fn run(args: ReportArgs) -> Result<()> {
    crate::commands::report::run(&args.dir, args.lang, args.out.as_deref())
}
