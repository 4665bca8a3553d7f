//! Every error a user can cause with a scenario or a flag: a clear message naming the file
//! and the field (and line, where the parser knows it), a non-zero exit, and no results.

mod common;
use common::{firesim, s, stderr};
use std::path::{Path, PathBuf};

/// Write the Dafeng scenario with `from` replaced by `to` (which must occur) into `dir`.
fn broken(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string("scenarios/dafeng.toml").unwrap();
    assert!(
        text.contains(from),
        "fixture text `{from}` not in dafeng.toml"
    );
    let path = dir.join("broken.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// Run `firesim run` on `scenario`, expect failure, and return stderr; check that nothing
/// was written.
fn fails(scenario: &Path, dir: &Path) -> String {
    let out = dir.join("results");
    let o = firesim(&["run", s(scenario), "--reps", "1", "--out", s(&out)]);
    assert!(!o.status.success(), "expected failure");
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "results were written for a bad scenario");
    let v = firesim(&["validate", s(scenario)]);
    assert!(!v.status.success(), "validate accepted a bad scenario");
    let err = stderr(&o);
    assert!(
        err.contains("broken.toml"),
        "error does not name the file: {err}"
    );
    err
}

#[test]
fn missing_field() {
    let dir = tempfile::tempdir().unwrap();
    // The first unit kind (engine) loses its crew: serde names the field and the line of
    // the table it belongs to.
    let f = broken(dir.path(), "crew = 5\n", "");
    let err = fails(&f, dir.path());
    assert!(err.contains("missing field `crew`"), "{err}");
    assert!(err.contains("line"), "{err}");
}

#[test]
fn missing_demand_rate() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(dir.path(), "annual_rate = 800.0", "");
    let err = fails(&f, dir.path());
    assert!(err.contains("demand.annual_rate"), "{err}");
}

#[test]
fn wrong_type() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(dir.path(), "cruise_kmh = 57.0", "cruise_kmh = \"fast\"");
    let err = fails(&f, dir.path());
    assert!(err.contains("line"), "{err}");
    assert!(
        err.contains("fast") || err.contains("invalid type"),
        "{err}"
    );
}

#[test]
fn unknown_key_is_an_error_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(dir.path(), "cruise_kmh = 57.0", "cruise_kph = 57.0");
    let err = fails(&f, dir.path());
    assert!(err.contains("cruise_kph"), "{err}");
}

#[test]
fn unknown_station_in_the_staffing_table() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(
        dir.path(),
        "S02 = [{ from = 2021-01-01, firefighters = 50 }]",
        "S99 = [{ from = 2021-01-01, firefighters = 50 }]",
    );
    let err = fails(&f, dir.path());
    assert!(err.contains("headcount.S99"), "{err}");
    assert!(err.contains("unknown station `S99`"), "{err}");
}

#[test]
fn negative_rate() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(dir.path(), "annual_rate = 800.0", "annual_rate = -5.0");
    let err = fails(&f, dir.path());
    assert!(err.contains("demand.annual_rate"), "{err}");
    assert!(err.contains("-5"), "{err}");
}

#[test]
fn unknown_unit_kind_in_a_response_plan() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(
        dir.path(),
        r#"plan = { units = [{ kind = "rescue", count = 1 }] }"#,
        r#"plan = { units = [{ kind = "hovercraft", count = 1 }] }"#,
    );
    let err = fails(&f, dir.path());
    assert!(err.contains("plan.units[0].kind"), "{err}");
    assert!(err.contains("hovercraft"), "{err}");
}

#[test]
fn unknown_zone_in_an_incident_type() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(
        dir.path(),
        r#"zone_factor = { "Port EDZ" = 3.0,"#,
        r#"zone_factor = { "Atlantis" = 3.0,"#,
    );
    let err = fails(&f, dir.path());
    assert!(err.contains("zone_factor.Atlantis"), "{err}");
}

#[test]
fn not_toml() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("broken.toml");
    std::fs::write(&f, "this is not = = toml [").unwrap();
    let err = fails(&f, dir.path());
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/dafeng.toml")
        .unwrap()
        .replacen("annual_rate = 800.0", "annual_rate = -1.0", 1)
        .replacen("on_duty_fraction = 0.5", "on_duty_fraction = 1.5", 1);
    let f = dir.path().join("broken.toml");
    std::fs::write(&f, text).unwrap();
    let err = fails(&f, dir.path());
    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(err.contains("demand.annual_rate") && err.contains("staffing.on_duty_fraction"));
}

#[test]
fn missing_file() {
    let o = firesim(&["run", "no/such/scenario.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/scenario.toml"));
}

#[test]
fn bad_flags() {
    let o = firesim(&["run", "scenarios/dafeng.toml", "--reps", "0"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--reps"));
    let o = firesim(&["run", "scenarios/dafeng.toml", "--rollout", "nope"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
    let o = firesim(&["run", "scenarios/dafeng.toml", "--threads", "0"]);
    assert!(!o.status.success());
    let o = firesim(&["run", "scenarios/dafeng.toml", "--reps", "many"]);
    assert_eq!(o.status.code(), Some(2), "clap usage errors exit with 2");
}

#[test]
fn crew_fields_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/dafeng.toml")
        .unwrap()
        .replacen("min_crew = 4\n", "min_crew = 6\n", 1)
        .replacen("absence_rate = 0.08", "absence_rate = 1.2", 1)
        .replacen("availability = 0.8", "availability = 2.0", 1)
        .replacen(
            "temporary_units = 1\nnote = \"chemical",
            "temporary_units = 1\npremises = { units = [\"hovercraft\"] }\nnote = \"chemical",
            1,
        );
    let f = dir.path().join("broken.toml");
    std::fs::write(&f, text).unwrap();
    let err = fails(&f, dir.path());
    for field in [
        "unit_kinds[0].min_crew",
        "staffing.absence_rate",
        "mutual_aid.stations[0].availability",
        "stations[0].premises.units[0]",
    ] {
        assert!(err.contains(field), "{field} not named: {err}");
    }
}
