//! `firesim travel`'s flags; the work is [`crate::commands::travel`].

use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct TravelArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Output folder (default: results/<scenario name>/travel/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Side of an isochrone cell, m.
    #[arg(long, default_value_t = 250.0)]
    cell_m: f64,
}

pub(super) fn run(args: TravelArgs) -> Result<()> {
    crate::commands::travel::run(&args.scenario, args.out.as_deref(), args.cell_m)
}
