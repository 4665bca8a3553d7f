//! `firesim run` end to end: the files it writes, what they hold, and that the same seed
//! gives the same bytes whatever the thread count.

mod common;
use common::{firesim, s, stderr};
use serde_json::Value;

#[test]
fn run_writes_summary_responses_and_performance() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("res");
    let o = firesim(&[
        "run",
        "scenarios/dafeng.toml",
        "--reps",
        "3",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["scenario"], "dafeng");
    assert_eq!(summary["replications"], 3);
    assert_eq!(summary["seed"], 20210101);
    assert_eq!(summary["firesim_version"], env!("CARGO_PKG_VERSION"));
    let years = summary["years"].as_array().unwrap();
    assert_eq!(
        years
            .iter()
            .map(|y| y["year"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![2021, 2022, 2023, 2024, 2025]
    );
    for y in years {
        let p50 = y["first_arrival_s"]["p50"]["mean"].as_f64().unwrap();
        let p90 = y["first_arrival_s"]["p90"]["mean"].as_f64().unwrap();
        assert!(0.0 < p50 && p50 < p90, "{y}");
        let share = y["within_5min"]["mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&share));
        assert!(y["queue"]["share_waited"]["mean"].is_number());
        assert!(y["queue"]["mean_wait_s"]["mean"].is_number());
        assert!(y["first_arrival_s"]["p90"]["ci95"].is_array());
    }
    let units = summary["units"].as_array().unwrap();
    // 80 station units, 5 specialist squads and 16 engines at the temporary premises of
    // the stations that open during the horizon with a team before.
    assert_eq!(units.len(), 101);
    assert_eq!(units.iter().filter(|u| u["premises"] == true).count(), 16);
    assert!(
        units
            .iter()
            .all(|u| u["id"].is_string() && u["station"].is_string())
    );
    for u in units {
        let crewed = u["crewed_share"]["mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&crewed), "{u}");
    }
    // Every unit kind has its per-kind figures, and the national team's aerial (the one
    // crewed after its engines, rescue vehicle and tender) is sent to high-rise fires.
    let by_kind = summary["by_kind"].as_object().unwrap();
    assert_eq!(by_kind.len(), 10);
    assert!(
        by_kind["engine"]["responses_per_replication"]
            .as_f64()
            .unwrap()
            > 1000.0
    );
    let s02_aerial = units.iter().find(|u| u["id"] == "S02-aerial-1").unwrap();
    assert!(s02_aerial["crewed_share"]["mean"].as_f64().unwrap() > 0.0);
    for y in years {
        let share = y["by_station"]["S02"]["engine_available_share"]["mean"]
            .as_f64()
            .unwrap();
        assert!(0.5 < share && share <= 1.0, "{y}");
    }
    assert!(
        units
            .iter()
            .any(|u| u["utilization"]["mean"].as_f64().unwrap() > 0.0)
    );

    // responses.csv: the first replication only, one row per unit response.
    let mut rd = csv::Reader::from_path(out.join("responses.csv")).unwrap();
    let headers = rd.headers().unwrap().clone();
    for h in [
        "incident",
        "incident_type",
        "zone",
        "call_s",
        "dispatched_s",
        "unit",
        "station",
        "turnout_s",
        "travel_s",
        "arrival_s",
        "on_scene_s",
        "clear_s",
    ] {
        assert!(headers.iter().any(|x| x == h), "missing column {h}");
    }
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert!(rows.len() > 3_000, "{} rows", rows.len());
    assert!(rows.iter().all(|r| &r[0] == "0"));

    let perf: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("performance.json")).unwrap())
            .unwrap();
    assert!(perf["incidents"].as_u64().unwrap() > 10_000);
    assert!(summary.get("wall_s").is_none());
}

#[test]
fn same_seed_gives_the_same_bytes_with_one_or_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}"));
        let o = firesim(&[
            "run",
            "scenarios/dafeng.toml",
            "--reps",
            "6",
            "--threads",
            threads,
            "--all-responses",
            "--out",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (
            std::fs::read(out.join("summary.json")).unwrap(),
            std::fs::read(out.join("responses.csv")).unwrap(),
        )
    };
    let one = run("1");
    let two = run("2");
    assert!(
        one.0 == two.0,
        "summary.json differs between 1 and 2 threads"
    );
    assert!(
        one.1 == two.1,
        "responses.csv differs between 1 and 2 threads"
    );
}

#[test]
fn a_different_seed_gives_different_results() {
    let dir = tempfile::tempdir().unwrap();
    let run = |seed: &str| {
        let out = dir.path().join(seed);
        let o = firesim(&[
            "run",
            "scenarios/dafeng.toml",
            "--reps",
            "2",
            "--seed",
            seed,
            "--no-responses",
            "--out",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!out.join("responses.csv").exists());
        std::fs::read(out.join("summary.json")).unwrap()
    };
    assert_ne!(run("1"), run("2"));
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    for f in ["scenarios/dafeng.toml", "scenarios/validation/mmc.toml"] {
        let o = firesim(&["validate", f]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
    }
}
