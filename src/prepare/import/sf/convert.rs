//! [`import`]: the whole conversion, from the calls and stations to the three files'
//! contents and the counts of what was kept and left out.

use super::calls::{BBox, CallCounts, RowCounts, keep_calls, read_calls};
use super::error::SfError;
use super::fragment::{fragment_stations, fragment_types, fragment_zones};
use super::outputs::{incidents_csv, responses_csv};
use super::units::{Mapping, Station};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The stations inside the box: how many there were, were kept and were left out.
#[derive(Clone, Debug, Default)]
pub struct StationCounts {
    /// Stations in the stations file.
    pub all: usize,
    /// Stations inside the box (all of them without one).
    pub kept: usize,
    /// Stations outside the box.
    pub outside: usize,
}

/// The result of an import: the three files' contents and what was kept and left out.
#[derive(Clone, Debug)]
pub struct SfImport {
    /// incidents.csv (docs/incident-csv.md).
    pub incidents_csv: Vec<u8>,
    /// responses.csv (observed responses).
    pub responses_csv: Vec<u8>,
    /// fragment.toml: zones, incident types, unit kinds, stations and a rollout.
    pub fragment_toml: String,
    /// What became of the rows.
    pub rows: RowCounts,
    /// What became of the calls.
    pub calls: CallCounts,
    /// What became of the stations.
    pub stations: StationCounts,
    /// Unit responses written to responses.csv.
    pub responses: usize,
    /// Kept incidents per firesim incident type.
    pub types: BTreeMap<&'static str, usize>,
}

/// Convert the SF calls CSV read from `calls` (named `calls_file` in errors and in the
/// fragment's header) with `stations` (read by [`read_stations`](super::read_stations)
/// from `stations_file`), keeping only the stations and incidents inside `bbox` where one
/// is given.
pub fn import(
    calls: impl Read,
    calls_file: &Path,
    stations: Vec<Station>,
    stations_file: &Path,
    bbox: Option<BBox>,
) -> Result<SfImport, SfError> {
    let n_all = stations.len();
    let inside = |lat: f64, lon: f64| bbox.is_none_or(|b| b.contains(lat, lon));
    let (stations, outside): (Vec<Station>, Vec<Station>) =
        stations.into_iter().partition(|s| inside(s.lat, s.lon));
    let read = read_calls(calls, calls_file, &Mapping::new(&stations, &outside))?;
    let (kept, call_counts, rows) = keep_calls(read, inside);
    let (incidents_csv, seen) = incidents_csv(&kept)?;
    let (responses_csv, n_resp) = responses_csv(&kept)?;
    let mut f = String::new();
    fragment_zones(&mut f, &kept, n_resp, [calls_file, stations_file]);
    fragment_types(&mut f, &seen);
    let first_day = kept.first().map(|c| c.received.date().to_string());
    fragment_stations(&mut f, &stations, &seen, first_day.as_deref());
    Ok(SfImport {
        incidents_csv,
        responses_csv,
        fragment_toml: f,
        rows,
        calls: call_counts,
        stations: StationCounts {
            all: n_all,
            kept: stations.len(),
            outside: outside.len(),
        },
        responses: n_resp,
        types: seen.type_counts,
    })
}
