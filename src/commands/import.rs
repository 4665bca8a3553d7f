//! `firesim import sf-calls`: convert San Francisco Fire Department "Calls for Service"
//! records (DataSF dataset nuek-vuh3) into firesim's incident CSV, observed-responses CSV
//! and a scenario fragment. This file only opens and writes the files; the mapping rules
//! (which units are kept, their stations, the incident types and their plans) are in
//! `src/prepare/import/sf.rs` ([`crate::prepare::import::sf`]).

use super::output::Staging;
use crate::prepare::import::sf::{self, BBox, SfImport};
use crate::report;
use anyhow::{Context, Result};
use std::fs::File;
use std::path::Path;

/// `firesim import sf-calls CALLS --stations STATIONS --out DIR`: read the calls and
/// stations CSVs and write incidents.csv, responses.csv and fragment.toml into `out`.
pub fn sf_calls(calls_path: &Path, stations_path: &Path, out: &Path) -> Result<()> {
    sf_calls_in(calls_path, stations_path, out, None)
}

fn open(path: &Path) -> Result<File> {
    File::open(path).with_context(|| format!("cannot read {}", path.display()))
}

/// [`sf_calls`], keeping only the stations and incidents inside `bbox` (`--bbox`).
pub fn sf_calls_in(
    calls_path: &Path,
    stations_path: &Path,
    out: &Path,
    bbox: Option<BBox>,
) -> Result<()> {
    let stations = sf::read_stations(open(stations_path)?, stations_path)?;
    let im = sf::import(open(calls_path)?, calls_path, stations, stations_path, bbox)?;
    if im.calls.kept == 0 {
        print_counts(&im, calls_path, bbox);
        anyhow::bail!(
            "{}: no incidents to import ({} unit responses, {} calls{}); nothing was written",
            calls_path.display(),
            im.rows.rows,
            im.calls.total,
            match bbox {
                Some(_) => ", none kept inside --bbox",
                None => ", none kept",
            }
        );
    }
    let staging =
        Staging::new(out)?.guarding(&[calls_path.to_path_buf(), stations_path.to_path_buf()]);
    let w = |name: &str, bytes: &[u8]| report::write_atomic(&staging.path().join(name), bytes);
    w("incidents.csv", &im.incidents_csv)?;
    w("responses.csv", &im.responses_csv)?;
    w("fragment.toml", im.fragment_toml.as_bytes())?;
    staging.commit()?;
    print_counts(&im, calls_path, bbox);
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// What was kept and left out, on stdout.
fn print_counts(im: &SfImport, calls_path: &Path, bbox: Option<BBox>) {
    let (rows, calls) = (&im.rows, &im.calls);
    println!(
        "{}: {} unit responses, {} calls",
        calls_path.display(),
        rows.rows,
        calls.total
    );
    println!(
        "kept {} incidents and {} responses of engines, trucks and rescue squads",
        calls.kept, im.responses
    );
    println!(
        "left out {} calls with no engine, truck or rescue squad, and {} without a location",
        calls.no_fire_unit, calls.no_location
    );
    let lo: Vec<String> = rows
        .other_units
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!(
        "left out {} responses of other units ({}): the model is of fire units; SF medics are a separate EMS system",
        rows.other_units.values().sum::<usize>(),
        lo.join(", ")
    );
    if rows.unknown_station > 0 {
        println!(
            "left out {} responses of units with no known station",
            rows.unknown_station
        );
    }
    if let Some(b) = bbox {
        println!(
            "box {},{},{},{}: kept {} of {} stations; left out {} calls outside the box, {} responses of units of the {} stations outside it, and {} calls inside it that only those units answered",
            b.min_lon,
            b.min_lat,
            b.max_lon,
            b.max_lat,
            im.stations.kept,
            im.stations.all,
            calls.outside_box,
            rows.outside_station_responses,
            im.stations.outside,
            calls.only_outside_units
        );
    }
    if rows.bad_times > 0 {
        println!(
            "{} unit times could not be read and were left empty",
            rows.bad_times
        );
    }
    let tc: Vec<String> = im.types.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("incident types: {}", tc.join(", "));
}
