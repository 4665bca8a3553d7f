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
use firesim::scenario::{self, LoadOptions, Scenario};
use firesim::study::runner::{self, KeepResponses, RunOptions};
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
    ("road_graph", road_graph),
    ("part_file", part_file),
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
    let _ = firesim::stats::fidelity::assess(&s, &out.responses, 1, s.seed);
    let observed =
        scenario::read_observed(&s, &path, skip_bad_rows()).map_err(|e| e.to_string())?;
    for kind in 0..s.unit_kinds.len() {
        let samples = firesim::stats::calibrate::samples(&s, &observed, kind);
        let _ = firesim::stats::calibrate::fit_travel(&samples.travel, 1.3);
        let _ = firesim::stats::calibrate::fit_lognormal(&samples.turnout_s);
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
    firesim::commands::import::sf_calls(&calls, &stations, &dir.join("out"))
        .map_err(|e| format!("{e:#}"))
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

/// A small road network decoded from the bytes (see below) through what a network scenario
/// builds from its extract: `RoadGraph::build` (largest strongly connected part, arcs,
/// nearest-node grid), two stations' tables, and the simplified roads layer of `firesim
/// travel`. It checks what the code promises, beyond not panicking: the nearest node of
/// every query is a scan's (least distance, ties to the lower index), and the roads layer
/// keeps every segment's time.
///
/// Bytes: the node count (1–64), then per node x and y (u16 each, in 0.1 m, so nodes may
/// coincide or line up), then ways until the input ends: a byte whose low two bits pick
/// the class (residential, primary, service, or footway, which has no speed) and next two
/// the direction (both ways, one-way, one-way against the node order), a node count
/// (2–17), and that many node indices (modulo the node count).
pub fn road_graph(data: &[u8]) -> Result<(), String> {
    use firesim::ground::geo::{LatLon, Point, Projection};
    use firesim::travel::network::{RoadGraph, Roads, Snap, Speeds, Tables, Way};
    let mut bytes = data.iter().copied();
    let n = 1 + bytes.next().ok_or("empty")? as usize % 64;
    let proj = Projection::new(LatLon {
        lat: 60.45,
        lon: 26.95,
    });
    let mut coord = || -> Option<f64> {
        let (a, b) = (bytes.next()?, bytes.next()?);
        Some(u16::from_le_bytes([a, b]) as f64 * 1e-4)
    };
    let mut points = vec![];
    for _ in 0..n {
        let (Some(x_km), Some(y_km)) = (coord(), coord()) else {
            return Err("too few node bytes".into());
        };
        points.push(Point { x_km, y_km });
    }
    let nodes: Vec<LatLon> = points.iter().map(|&p| proj.unproject(p)).collect();
    let mut ways = vec![];
    while let (Some(head), Some(len)) = (bytes.next(), bytes.next()) {
        let class = ["residential", "primary", "service", "footway"][head as usize % 4];
        let oneway = [0, 1, -1, 0][(head as usize >> 2) % 4];
        let way_nodes: Vec<u32> = (0..2 + len as usize % 16)
            .map_while(|_| bytes.next().map(|b| b as u32 % n as u32))
            .collect();
        if way_nodes.len() >= 2 {
            ways.push(Way {
                id: ways.len() as i64,
                class: class.into(),
                oneway,
                maxspeed_kmh: None,
                nodes: way_nodes,
            });
        }
    }
    let speeds = Speeds::with(&Default::default(), 1.0);
    let roads = Roads { nodes, ways };
    let Some(g) = RoadGraph::build(&roads, &speeds, &proj) else {
        return Err("no routable network".into());
    };
    // Queries: every input point, points between them, and points far outside.
    let mut queries = points.clone();
    for w in points.windows(2) {
        queries.push(w[0].lerp(w[1], 0.5));
    }
    queries.extend([
        Point {
            x_km: -50.0,
            y_km: 3.0,
        },
        Point {
            x_km: 3.0,
            y_km: 80.0,
        },
    ]);
    for q in queries {
        let mut scan = (u32::MAX, f64::INFINITY);
        for (i, &p) in g.pos.iter().enumerate() {
            let d = q.distance_km(p);
            if d < scan.1 {
                scan = (i as u32, d);
            }
        }
        assert_eq!(g.nearest(q), scan, "nearest node of {q:?}");
    }
    let snaps: Vec<Snap> = [points[0], points[n - 1]]
        .iter()
        .map(|&p| g.snap(p))
        .collect();
    let tables = Tables::compute(&g, &snaps, 15.0);
    assert_eq!(tables.fwd.len(), 2 * g.len());
    let layer = firesim::report::geo::roads(&g);
    let time_s: f64 = layer
        .iter()
        .map(|f| {
            f.properties.as_ref().expect("properties")["time_s"]
                .as_f64()
                .expect("time")
        })
        .sum();
    let segments: u64 = g.segments.iter().map(|s| s.ms as u64).sum();
    assert!(
        (time_s - segments as f64 / 1_000.0).abs() < 1e-6 * (1.0 + time_s),
        "roads layer {time_s} s, segments {segments} ms"
    );
    Ok(())
}

/// A sharded run's partial file (`part-0-of-1.fspart`), merged as `firesim merge` merges
/// it (`commands::merge::run` with the command line's own parser), twice: as given (the
/// integrity check and every header range check), and, where its header decodes, resealed
/// (the payload's length and SHA-256 recomputed, the working folder set to the fixtures'),
/// as a forger who recomputes the hash would write it, so the payload's decoding and the
/// merge's checks behind the integrity check are fuzzed too. The seeds are parts of
/// `run`, `compare` and `robustness` over `matrix.toml`.
pub fn part_file(data: &[u8]) -> Result<(), String> {
    use firesim::study::shard::{self, Header};
    let dir = workdir("part_file");
    let parts = dir.join("parts");
    let _ = std::fs::remove_dir_all(&parts);
    std::fs::create_dir_all(&parts).map_err(|e| e.to_string())?;
    let file = put(&parts, "part-0-of-1.fspart", data);
    let out = dir.join("merged");
    // `firesim merge` enters the folder the shards ran in: come back after each merge (the
    // fuzzer's corpus paths are relative).
    let merge = || {
        let here = std::env::current_dir().map_err(|e| e.to_string())?;
        let r = firesim::commands::merge::run(&parts, Some(&out), &firesim::cli::reread)
            .map_err(|e| format!("{e:#}"));
        std::env::set_current_dir(here).map_err(|e| e.to_string())?;
        r
    };
    let first = merge();
    let Some(body) = data.get(12..) else {
        return first;
    };
    let Ok((mut header, payload)) = postcard::take_from_bytes::<Header>(body) else {
        return first;
    };
    header.cwd = dir.clone();
    let Ok(mut bytes) = shard::encode_header(&header) else {
        return first;
    };
    // The payload's length and hash, as `shard::encode` sets them.
    let resealed = Header {
        payload_bytes: payload.len() as u64,
        payload_sha256: shard::sha256_hex(payload),
        ..header
    };
    if let Ok(b) = shard::encode_header(&resealed) {
        bytes = b;
    }
    bytes.extend_from_slice(payload);
    std::fs::write(&file, &bytes).map_err(|e| e.to_string())?;
    // Either merge going through counts: a seed's own header names the folder its shards
    // ran in, which exists only on the machine that made it, so as given it fails
    // elsewhere; resealed with the fixtures' folder it must go all the way.
    let second = merge();
    first.or(second)
}
