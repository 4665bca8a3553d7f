//! `firesim calibrate`'s flags; the work is [`crate::commands::calibrate`].

use crate::commands::calibrate::{self as command, CalibrateArgs};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct CalibrateFlags {
    /// The scenario (it must replay the recorded stream the responses belong to).
    scenario: PathBuf,
    /// The observed-responses CSV (docs/incident-csv.md).
    #[arg(long)]
    observed: PathBuf,
    /// Write the fitted parameters here (a TOML fragment for the scenario).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Unit kind to fit (its responses only).
    #[arg(long, default_value = "engine")]
    kind: String,
    /// The detour factor, held fixed (only detour/acceleration and detour/speed are
    /// identified by distance–time pairs).
    #[arg(long, default_value_t = 1.3)]
    detour: f64,
    /// Skip bad rows of the observed file instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

pub(super) fn run(flags: CalibrateFlags) -> Result<()> {
    command::run(CalibrateArgs {
        scenario: flags.scenario,
        observed: flags.observed,
        out: flags.out,
        kind: flags.kind,
        detour: flags.detour,
        skip_bad_rows: flags.skip_bad_rows,
    })
}
