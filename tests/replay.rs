//! Recorded incident streams: a one-incident replay against a hand-computed response, the
//! validation output, bad rows (each reported with its line, non-zero exit, nothing
//! written; `--skip-bad-rows` counts them), bootstrap, and the shipped SF week.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/replay")
        .join(name)
}

fn firesim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args(args)
        .output()
        .expect("the firesim binary runs")
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The fixture scenario and observed file copied into `dir`, with `incidents` as its
/// incident CSV.
fn scenario_with(dir: &Path, incidents: &str) -> PathBuf {
    for f in ["one.toml", "observed.csv"] {
        std::fs::copy(fixture(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("incidents.csv"), incidents).unwrap();
    dir.join("one.toml")
}

#[test]
fn one_incident_gives_the_hand_computed_response() {
    // Call 10:00:00 (36,000 s); call processing 30 s (fixed: the row leaves it empty);
    // turnout 60 s; travel over 1 km at v = 10 m/s, a = 1 m/s²: v/a + d/v = 110 s;
    // arrival 36,200 s; on scene 600 s (the row's) → clear 36,800 s.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = firesim(&[
        "run",
        fixture("one.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("responses.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let recs: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), 1);
    let get = |name: &str| -> f64 {
        let i = headers.iter().position(|h| h == name).unwrap();
        recs[0][i].parse().unwrap()
    };
    let close = |name: &str, want: f64| {
        assert!(
            (get(name) - want).abs() < 0.002,
            "{name}: {} vs {want}",
            get(name)
        );
    };
    close("call_s", 36_000.0);
    close("dispatch_order_s", 36_030.0);
    close("turnout_s", 60.0);
    close("travel_s", 110.0);
    close("arrival_s", 36_200.0);
    close("response_from_call_s", 200.0);
    close("on_scene_s", 600.0);
    close("clear_s", 36_800.0);
    assert_eq!(json(&out.join("summary.json"))["skipped_rows"], 0);

    // Validation: observed travel 100 s (10:01:40 → 10:03:20), response 200 s.
    let v = json(&out.join("validation.json"));
    let e = &v["unit_kinds"]["engine"];
    assert_eq!(e["incidents"], 1);
    assert_eq!(e["travel_s"]["observed"]["p50"], 100.0);
    assert!((e["travel_s"]["simulated"]["p50"].as_f64().unwrap() - 110.0).abs() < 0.002);
    assert_eq!(e["travel_s"]["simulated"]["n"], 2); // two replications pooled
    assert!((e["travel_s"]["ks_distance"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert!((e["response_s"]["simulated"]["p50"].as_f64().unwrap() - 200.0).abs() < 0.002);
    assert_eq!(e["response_s"]["ks_distance"], 0.0);
    for f in ["validation_travel.png", "validation_travel.svg"] {
        assert!(out.join(f).exists(), "{f}");
    }
}

const GOOD: &str = "A1,2021-01-01T10:00:00,30.0,120.0,,fire,,\n";

/// Each bad-row case: the row, and what the error must say about it.
const BAD: &[(&str, &str)] = &[
    (
        "B1,2021-13-01T10:00:00,30.0,120.0,,fire,,",
        "not an ISO 8601",
    ),
    ("B2,yesterday,30.0,120.0,,fire,,", "not an ISO 8601"),
    (
        "B3,2021-01-01T11:00:00,31.0,120.0,,fire,,",
        "outside the region",
    ),
    (
        "B4,2021-01-01T11:00:00,30.0,120.0,,alien_landing,,",
        "unknown incident type `alien_landing`",
    ),
    (
        "B5,2021-01-05T11:00:00,30.0,120.0,,fire,,",
        "outside the period",
    ),
    (
        "B6,2021-01-01T11:00:00,,,nowhere,fire,,",
        "unknown zone `nowhere`",
    ),
    ("B7,2021-01-01T11:00:00,30.0,120.0,,fire,-5,", "negative"),
];

const HEADER: &str = "id,time,lat,lon,zone,incident_type,call_processing_s,on_scene_s\n";

#[test]
fn each_bad_row_is_reported_with_its_line_and_nothing_is_written() {
    for (row, why) in BAD {
        let dir = tempfile::tempdir().unwrap();
        // The header is line 1, the good row line 2, the bad row line 3.
        let sc = scenario_with(dir.path(), &format!("{HEADER}{GOOD}{row}\n"));
        let out = dir.path().join("out");
        let o = firesim(&["run", sc.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{row}: should fail");
        assert!(err.contains("incidents.csv"), "{row}: {err}");
        assert!(err.contains("line 3:"), "{row}: {err}");
        assert!(err.contains(why), "{row}: {err}");
        assert!(!err.contains("panicked"), "{row}: {err}");
        assert!(!out.exists(), "{row}: nothing may be written");
    }
}

#[test]
fn skip_bad_rows_counts_them_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = BAD.iter().map(|(r, _)| format!("{r}\n")).collect();
    let sc = scenario_with(dir.path(), &format!("{HEADER}{GOOD}{rows}"));
    let out = dir.path().join("out");
    let o = firesim(&[
        "run",
        sc.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--skip-bad-rows",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = json(&out.join("summary.json"));
    assert_eq!(s["skipped_rows"], BAD.len() as u64);
    assert_eq!(s["horizon"]["incidents"]["mean"], 1.0);
}

#[test]
fn a_bad_observed_row_stops_the_run_too() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_with(dir.path(), &format!("{HEADER}{GOOD}"));
    std::fs::write(
        dir.path().join("observed.csv"),
        "incident_id,unit,unit_kind,station,dispatch,en_route,on_scene,clear\n\
         A1,E1,engine,S1,,,,\n\
         ZZ,E1,engine,S1,,,,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = firesim(&["run", sc.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("observed.csv") && err.contains("line 3:"),
        "{err}"
    );
    assert!(err.contains("unknown incident `ZZ`"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_missing_column_names_the_file_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_with(dir.path(), "id,when,lat,lon,incident_type\n");
    let o = firesim(&["validate", sc.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("demand.file") && err.contains("`time`"),
        "{err}"
    );
}

#[test]
fn recorded_keys_in_generated_demand_are_errors() {
    let text = std::fs::read_to_string(fixture("one.toml"))
        .unwrap()
        .replace("source = \"recorded\"\n", "annual_rate = 100.0\n")
        .replace("[validation]\nobserved = \"observed.csv\"\n", "");
    let err = firesim::prepare::from_str(&text, &fixture("one.toml"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("demand.file") && err.contains("demand.mode"),
        "{err}"
    );
}

#[test]
fn bootstrap_fills_the_horizon_with_recorded_days() {
    // A 2-day record (3 incidents on day 1, 1 on day 2) bootstrapped by day over 28 days:
    // every day is a copy of one of the two, times of day kept.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("incidents.csv"),
        format!(
            "{HEADER}a,2020-06-01T01:00:00,30.0,120.0,,fire,,\n\
             b,2020-06-01T02:00:00,30.0,120.0,,fire,,\n\
             c,2020-06-01T03:00:00,30.0,120.0,,fire,,\n\
             d,2020-06-02T04:00:00,30.0,120.0,,fire,,\n"
        ),
    )
    .unwrap();
    let text = std::fs::read_to_string(fixture("one.toml"))
        .unwrap()
        .replace("end = 2021-01-02", "end = 2021-01-28")
        .replace(
            "mode = \"replay\"",
            "mode = \"bootstrap\"\nbootstrap = { block = \"day\", from = 2020-06-01, to = 2020-06-02 }",
        )
        .replace("[validation]\nobserved = \"observed.csv\"\n", "");
    let path = dir.path().join("boot.toml");
    let s = firesim::prepare::from_str(&text, &path).unwrap();
    let a = firesim::study::runner::incident_stream(&s, 7, 0);
    assert_eq!(a, firesim::study::runner::incident_stream(&s, 7, 0));
    assert_ne!(a, firesim::study::runner::incident_stream(&s, 7, 1));
    let mut per_day = [0u32; 28];
    for i in &a {
        let day = i.call.day_index() as usize;
        per_day[day] += 1;
        let hour = (i.call.as_secs() / 3_600.0) as i64 % 24;
        assert!((1..=4).contains(&hour));
    }
    assert!(per_day.iter().all(|&n| n == 3 || n == 1), "{per_day:?}");
    // Both blocks drawn over 28 days (the chance one never is, 2·2^-28, is negligible).
    assert!(per_day.contains(&3) && per_day.contains(&1));
    assert!(a.windows(2).all(|w| w[0].call <= w[1].call));
}

#[test]
fn shipped_sf_week_replays_and_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sf");
    let o = firesim(&[
        "run",
        root.join("scenarios/sf-2020-04.toml").to_str().unwrap(),
        "--reps",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = json(&out.join("summary.json"));
    assert_eq!(s["horizon"]["incidents"]["mean"], 1486.0);
    let e = &json(&out.join("validation.json"))["unit_kinds"]["engine"]["travel_s"];
    // The bar: simulated first-engine travel p50 and p90 within 15% of observed.
    for q in ["p50_rel_diff", "p90_rel_diff"] {
        let d = e[q].as_f64().unwrap();
        assert!(d.abs() < 0.15, "{q} = {d}");
    }
}

#[test]
fn calibrate_writes_the_parameters_the_sf_scenario_uses() {
    // Honesty check: the shipped scenario's [travel] and turnout are what calibrate fits.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("params.toml");
    let o = firesim(&[
        "calibrate",
        root.join("scenarios/sf-2020-04.toml").to_str().unwrap(),
        "--observed",
        root.join("data/sf/responses.csv").to_str().unwrap(),
        "--out",
        params.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("residuals observed/model"), "{stdout}");
    let fitted: toml::Table = std::fs::read_to_string(&params).unwrap().parse().unwrap();
    let scenario: toml::Table = std::fs::read_to_string(root.join("scenarios/sf-2020-04.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(fitted["travel"], scenario["travel"]);
    assert_eq!(
        fitted["response"]["turnout"],
        scenario["response"]["turnout"]
    );
}

#[test]
fn calibrate_needs_a_replayed_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = firesim(&[
        "calibrate",
        root.join("scenarios/dafeng.toml").to_str().unwrap(),
        "--observed",
        root.join("data/sf/responses.csv").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("replays a recorded stream"), "{err}");
}

/// Issue 26: a recorded stream from another period (here a constructed fixture dated
/// 14–20 April 2020) with calls in a zone the calibration week never saw (`area-22`)
/// replays against the shipped northern-SF scenario without `--skip-bad-rows`: each such
/// row is placed by its position, and the load warns with the count.
#[test]
fn another_weeks_stream_with_unseen_zones_replays_with_a_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root.join("scenarios/sf-2020-04-north.toml")).unwrap();
    let data = root.join("data");
    let fixture_csv = fixture("sf-north-2020-04-14_20.csv");
    let text = text
        .replace("start = 2020-04-07", "start = 2020-04-14")
        .replace("end = 2020-04-13", "end = 2020-04-20")
        .replace(
            "file = \"../data/sf-north/incidents.csv\"",
            &format!("file = {:?}", fixture_csv.to_str().unwrap()),
        )
        // The observed responses belong to the calibration week's incidents.
        .replace(
            "[validation]\nobserved = \"../data/sf-north/responses.csv\"",
            "",
        )
        .replace("\"../data/", &format!("\"{}/", data.display()));
    assert!(!text.contains("2020-04-07\n") && text.contains("sf-north-2020-04-14_20"));
    let scenario = dir.path().join("other-week.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = dir.path().join("out");
    let o = firesim(&[
        "run",
        scenario.to_str().unwrap(),
        "--reps",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("3 row(s) name a zone the scenario lacks (`area-22`)"),
        "{stderr}"
    );
    let s = json(&out.join("summary.json"));
    assert_eq!(s["horizon"]["incidents"]["mean"], 8.0);
}
