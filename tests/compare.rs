//! Comparisons: paired differences, monotonicity with common random numbers, interval
//! coverage on figures whose true value is known, and `firesim compare` end to end.

mod common;
use common::{firesim, s, stderr, stdout};
use firesim::prepare;
use firesim::scenario;
use firesim::stats;
use firesim::study::compare;
use firesim::study::runner::{self, KeepResponses, RunOptions};
use std::path::Path;

fn load(path: &str) -> scenario::Scenario {
    prepare::load(Path::new(path)).unwrap()
}

fn opts(rollout: usize, reps: u32, seed: u64) -> RunOptions {
    RunOptions {
        rollout,
        replications: reps,
        seed,
        keep: KeepResponses::None,
        keep_sample: false,
    }
}

#[test]
fn a_rollout_compared_with_itself_differs_by_exactly_zero() {
    let s = load("scenarios/dafeng.toml");
    let out = runner::run(&s, &opts(0, 4, 3), &|| {});
    let d = stats::paired_differences(&out.reps, &out.reps);
    for period in &d {
        for e in period {
            assert!(e.mean == 0.0 || e.mean.is_nan(), "{e:?}");
            if let Some([lo, hi]) = e.ci95 {
                assert_eq!((lo, hi), (0.0, 0.0));
            }
            assert!(!e.excludes_zero());
        }
    }
}

#[test]
fn an_extra_unit_never_makes_the_mean_wait_worse() {
    // M/M/3 vs M/M/4 with the same arrivals and service times: FIFO multi-server queues
    // are monotone in the number of servers along every sample path, so each paired
    // replication's mean wait must not increase.
    let s = load("tests/fixtures/two_crews.toml");
    let cmp = compare::compare(&s, &[0, 1], 0, 20, 5, false, &stats::in_memory, &|| {}).unwrap();
    let m = cmp.layout.index("queue.mean_wait_s").unwrap();
    let three = runner::run(&s, &opts(0, 20, 5), &|| {});
    let four = runner::run(&s, &opts(1, 20, 5), &|| {});
    for (a, b) in three.reps.iter().zip(&four.reps) {
        let (wa, wb) = (a.periods.last().unwrap()[m], b.periods.last().unwrap()[m]);
        assert!(wb <= wa + 1e-9, "four units waited longer: {wb} > {wa}");
    }
    let d = cmp.rollouts[1].diffs.last().unwrap()[m];
    assert!(d.mean < 0.0 && d.excludes_zero(), "{d:?}");
}

/// Share of `trials` runs (seeds 1..=trials, `reps` replications each) whose 95% interval
/// for `name` (whole horizon) covers `truth`.
fn coverage(s: &scenario::Scenario, name: &str, truth: f64, trials: u64, reps: u32) -> f64 {
    let mut covered = 0;
    for seed in 1..=trials {
        let out = runner::run(s, &opts(0, reps, seed), &|| {});
        let agg = stats::aggregate(&out.layout, &out.reps);
        let e = agg.get(agg.years.len(), name).unwrap();
        let [lo, hi] = e.ci95.unwrap();
        covered += (lo <= truth && truth <= hi) as u32;
    }
    covered as f64 / trials as f64
}

#[test]
fn intervals_cover_known_answers_at_about_their_nominal_rate() {
    // 200 independent runs of 10 replications: the number of intervals covering the truth
    // is Binomial(200, 0.95) if the method is right, with sd √(200·0.95·0.05) = 3.1 runs
    // (1.5 points); we accept within 3.5 sd. A method without the t quantile (z = 1.96 at
    // n = 10) covers about 92%, one using the replication sd as if it were the standard
    // error covers about 100%: both would fail.
    let s = load("tests/fixtures/known_answers.toml");
    let trials = 200;
    let tol = 3.5 * (0.95f64 * 0.05 / trials as f64).sqrt();
    let incidents = 500.0 * 365.0 / 365.25;
    let c = coverage(&s, "incidents", incidents, trials, 10);
    eprintln!("coverage of the incident count: {c}");
    assert!((c - 0.95).abs() < tol, "incidents: coverage {c}");
    let share = 1.0 - (-1.5f64).exp();
    let c = coverage(&s, "within_5min", share, trials, 10);
    eprintln!("coverage of the 5-minute share: {c}");
    assert!((c - 0.95).abs() < tol, "within 5 min: coverage {c}");
}

#[test]
fn compare_writes_json_csv_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let o = firesim(&[
        "compare",
        "scenarios/dafeng.toml",
        "--rollouts",
        "plan,stations_slip,front_loaded",
        "--reps",
        "4",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(stdout(&o).contains(&md));
    assert!(md.contains("| plan (baseline) |") && md.contains("| stations_slip |"));
    // A state of the world is run and marked as such, not offered as a choice.
    assert!(
        md.contains("| stations_slip (state of the world) |"),
        "{md}"
    );
    assert!(!md.contains("front_loaded (state of the world)"));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    assert_eq!(json["baseline"], "plan");
    let rollouts = json["rollouts"].as_array().unwrap();
    assert_eq!(rollouts.len(), 3);
    let y = &rollouts[1]["years"][1];
    assert_eq!(y["period"], "2022");
    let p90 = &y["first_arrival_from_dispatch_s"]["p90"];
    assert!(p90["mean"].is_number() && p90["ci95"].is_array());
    assert!(p90["diff_vs_baseline"]["significant"].is_boolean());
    assert!(rollouts[0]["milestones"]["compliance_target"].is_number());
    let roles: Vec<&str> = rollouts
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["decision", "world", "decision"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("stations_slip <span class=\"world\">state of the world</span>"));

    let mut rd = csv::Reader::from_path(out.join("comparison.csv")).unwrap();
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        vec![
            "rollout",
            "year",
            "metric",
            "mean",
            "ci95_lo",
            "ci95_hi",
            "diff_vs_baseline",
            "diff_ci95_lo",
            "diff_ci95_hi",
            "role"
        ]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let base_p90: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[0] == "plan" && &r[2] == "first_arrival_from_dispatch_s.p90")
        .collect();
    assert_eq!(base_p90.len(), 6);
    assert!(base_p90.iter().all(|r| &r[6] == "0"));
    for r in &rows {
        let want = if &r[0] == "stations_slip" {
            "world"
        } else {
            "decision"
        };
        assert_eq!(&r[9], want, "{r:?}");
    }
}

#[test]
fn compare_rejects_bad_flags_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    for args in [
        vec!["--rollouts", "plan,nope"],
        vec!["--rollouts", "plan,plan"],
        vec!["--rollouts", "plan,even", "--baseline", "front_loaded"],
        vec!["--reps", "1"],
    ] {
        let mut a = vec!["compare", "scenarios/dafeng.toml", "--out", s(&out)];
        a.extend(args.iter().copied());
        let o = firesim(&a);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(!out.exists(), "{args:?} wrote results");
    }
}

#[test]
fn report_redraws_the_same_page_from_saved_data() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let o = firesim(&[
        "run",
        "tests/fixtures/two_crews.toml",
        "--reps",
        "3",
        "--out",
        s(&a),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read(a.join("report.html")).unwrap();
    let chart = std::fs::read(a.join("charts/2-p90-by-year.svg")).unwrap();
    std::fs::remove_file(a.join("report.html")).unwrap();
    std::fs::remove_dir_all(a.join("charts")).unwrap();
    let o = firesim(&["report", s(&a)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(a.join("report.html")).unwrap() == html);
    assert!(std::fs::read(a.join("charts/2-p90-by-year.svg")).unwrap() == chart);
    // A folder without report data is a clear error.
    let o = firesim(&["report", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("report_data.toml"));
}
