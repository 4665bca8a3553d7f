//! `firesim import`'s subcommands and flags; the work is [`crate::commands::import`].

use crate::commands::import;
use crate::prepare::import::sf::BBox;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum ImportCommand {
    /// SF Fire Department "Calls for Service" (DataSF nuek-vuh3), any date range.
    SfCalls {
        /// The calls CSV (one row per unit response).
        calls: PathBuf,
        /// The stations CSV (station, address, lat, lon, units, source).
        #[arg(long)]
        stations: PathBuf,
        /// Output folder: incidents.csv, responses.csv, fragment.toml.
        #[arg(long)]
        out: PathBuf,
        /// Keep only incidents and stations inside MINLON,MINLAT,MAXLON,MAXLAT (WGS84),
        /// and the responses of units of those stations.
        #[arg(long, value_parser = BBox::parse)]
        bbox: Option<BBox>,
    },
}

pub(super) fn run(cmd: ImportCommand) -> Result<()> {
    match cmd {
        ImportCommand::SfCalls {
            calls,
            stations,
            out,
            bbox,
        } => import::sf_calls_in(&calls, &stations, &out, bbox),
    }
}
