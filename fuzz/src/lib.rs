//! The fuzz harness: one function per input format, each feeding arbitrary bytes through
//! the library entry point the command line uses for that input, and on through the
//! simulation where the input's numbers reach it.
//!
//! Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`, nightly) and by the stable
//! replay test (`tests/fuzz_corpus.rs` includes this file by path), so a committed corpus
//! or crash file is replayed through exactly the code that fuzzed it. Each function
//! returns `Ok` or the error the user would see; a panic, hang or runaway allocation is
//! the bug being looked for.
//!
//! Files the input is written to live in a temporary folder per thread and target, next
//! to the fixed companion files (`fuzz/fixtures/`) the scenario names.

use firesim::prepare;
use firesim::runner::{self, KeepResponses, RunOptions};
use firesim::scenario::{self, LoadOptions, Scenario};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Fixed companion files: (name, contents).
const FIXTURES: &[(&str, &str)] = &[
    ("recorded.toml", include_str!("../fixtures/recorded.toml")),
    ("matrix.toml", include_str!("../fixtures/matrix.toml")),
    ("incidents.csv", include_str!("../fixtures/incidents.csv")),
    ("observed.csv", include_str!("../fixtures/observed.csv")),
    ("matrix.csv", include_str!("../fixtures/matrix.csv")),
    (
        "sf-stations.csv",
        include_str!("../fixtures/sf-stations.csv"),
    ),
];

/// Separates a stations CSV from the calls CSV in an `sf_calls` input.
const SF_SPLIT: &[u8] = b"\n%%\n";

/// A harness: one input through its entry point; `Err` is a clean error, never a panic.
pub type Harness = fn(&[u8]) -> Result<(), String>;

/// The targets: name (= fuzz target and corpus folder) and harness function.
pub const TARGETS: &[(&str, Harness)] = &[
    ("scenario_toml", scenario_toml),
    ("incident_csv", incident_csv),
    ("observed_csv", observed_csv),
    ("travel_matrix_csv", travel_matrix_csv),
    ("sf_calls", sf_calls),
    ("report_data", report_data),
];

thread_local! {
    static DIRS: RefCell<HashMap<&'static str, tempfile::TempDir>> = RefCell::new(HashMap::new());
}

/// The folder of `target` on this thread (with the fixtures), created on first use.
fn workdir(target: &'static str) -> PathBuf {
    DIRS.with(|d| {
        d.borrow_mut()
            .entry(target)
            .or_insert_with(|| {
                let dir = tempfile::Builder::new()
                    .prefix(&format!("firesim-fuzz-{target}-"))
                    .tempdir()
                    .expect("a temporary folder");
                for (name, text) in FIXTURES {
                    std::fs::write(dir.path().join(name), text).expect("fixture written");
                }
                dir
            })
            .path()
            .to_path_buf()
    })
}

/// Write `bytes` as `name` in `dir`.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("fuzz input written");
    path
}

fn skip_bad_rows() -> LoadOptions {
    #[allow(clippy::needless_update)]
    LoadOptions {
        skip_bad_rows: true,
        ..LoadOptions::default()
    }
}

/// One replication of the scenario's first rollout, as `firesim run --reps 1` plays it.
fn simulate(s: &Scenario, keep: KeepResponses) -> runner::RunOutput {
    let opts = RunOptions {
        rollout: 0,
        replications: 1,
        seed: s.seed,
        keep,
        keep_sample: true,
    };
    runner::run(s, &opts, &|| {})
}

/// A scenario file through `firesim validate` (reading, parsing, every check, rollout
/// derivation). File names in it resolve next to the fixtures; inputs naming device or
/// kernel files (`/dev/zero`) are skipped: reading those is not parsing.
pub fn scenario_toml(data: &[u8]) -> Result<(), String> {
    const SYSTEM: &[&[u8]] = &[b"dev/", b"/dev", b"proc/", b"/proc", b"sys/", b"/sys"];
    if SYSTEM
        .iter()
        .any(|p| data.windows(p.len()).any(|w| w == *p))
    {
        return Ok(());
    }
    let dir = workdir("scenario_toml");
    let path = put(&dir, "scenario.toml", data);
    prepare::load(&path).map(|_| ()).map_err(|e| e.to_string())
}

/// An incident CSV through a recorded scenario's loading (bad rows skipped, as
/// `--skip-bad-rows` does), then one replication replaying the good rows.
pub fn incident_csv(data: &[u8]) -> Result<(), String> {
    let dir = workdir("incident_csv");
    put(&dir, "incidents.csv", data);
    let s = prepare::load_with(&dir.join("recorded.toml"), skip_bad_rows())
        .map_err(|e| e.to_string())?;
    simulate(&s, KeepResponses::None);
    Ok(())
}

/// An observed-responses CSV through a recorded scenario's loading (`[validation]`), then
/// what `firesim run` (validation against one replication) and `firesim calibrate`
/// (`read_observed`, samples and fits per unit kind) do with it.
pub fn observed_csv(data: &[u8]) -> Result<(), String> {
    let dir = workdir("observed_csv");
    let path = put(&dir, "observed.csv", data);
    let s = prepare::load_with(&dir.join("recorded.toml"), skip_bad_rows())
        .map_err(|e| e.to_string())?;
    let out = simulate(&s, KeepResponses::All);
    let _ = firesim::fidelity::assess(&s, &out.responses, 1, s.seed);
    let observed =
        scenario::read_observed(&s, &path, skip_bad_rows()).map_err(|e| e.to_string())?;
    for kind in 0..s.unit_kinds.len() {
        let samples = firesim::calibrate::samples(&s, &observed, kind);
        let _ = firesim::calibrate::fit_travel(&samples.travel, 1.3);
        let _ = firesim::calibrate::fit_lognormal(&samples.turnout_s);
    }
    Ok(())
}

/// A `zone,station,travel_s` CSV through a matrix-travel scenario's loading, then one
/// replication using it.
pub fn travel_matrix_csv(data: &[u8]) -> Result<(), String> {
    let dir = workdir("travel_matrix_csv");
    put(&dir, "matrix.csv", data);
    let s = prepare::load(&dir.join("matrix.toml")).map_err(|e| e.to_string())?;
    simulate(&s, KeepResponses::None);
    Ok(())
}

/// `firesim import sf-calls`: the input is the calls CSV (with the fixture stations), or
/// a stations CSV, a line `%%`, and the calls CSV.
pub fn sf_calls(data: &[u8]) -> Result<(), String> {
    let dir = workdir("sf_calls");
    let (stations, calls) = match data.windows(SF_SPLIT.len()).position(|w| w == SF_SPLIT) {
        Some(i) => (
            put(&dir, "stations.csv", &data[..i]),
            put(&dir, "calls.csv", &data[i + SF_SPLIT.len()..]),
        ),
        None => (dir.join("sf-stations.csv"), put(&dir, "calls.csv", data)),
    };
    firesim::cli::import_sf_calls(&calls, &stations, &dir.join("out")).map_err(|e| format!("{e:#}"))
}

/// A results folder's report_data.toml through `firesim report`: `read_report_data`, then
/// `write_report` (charts as PNG and SVG, and report.html).
pub fn report_data(data: &[u8]) -> Result<(), String> {
    let dir = workdir("report_data");
    put(&dir, "report_data.toml", data);
    let data = firesim::report::read_report_data(&dir).map_err(|e| e.to_string())?;
    firesim::report::write_report(&data, &dir, firesim::report::Lang::En)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
