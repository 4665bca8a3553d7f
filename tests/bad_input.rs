//! Every error a user can cause with a scenario or a flag: a clear message naming the file
//! and the field (and line, where the parser knows it), a non-zero exit, and no results.

mod common;
use common::{firesim, s, stderr};
use std::path::{Path, PathBuf};

/// Dafeng's scenario text, with the files it names relative to `scenarios/` (its boundary)
/// made absolute, so a copy in a temporary folder finds them.
fn dafeng_text() -> String {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::read_to_string("scenarios/dafeng.toml")
        .unwrap()
        .replace("\"../data/", &format!("\"{}/", s(&data)))
}

/// Write the Dafeng scenario with `from` replaced by `to` (which must occur) into `dir`.
fn broken(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = dafeng_text();
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
    let text = dafeng_text()
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
    let text = dafeng_text()
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

/// Run `firesim args…` (with `--out` in `dir`), expect the run to be refused before it
/// starts, and return stderr; nothing may be written.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = dir.join("results");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", s(&out)]);
    let o = firesim(&all);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "results were written for a refused run");
    let err = stderr(&o);
    assert!(err.contains("estimate:"), "no work estimate in: {err}");
    err
}

#[test]
fn a_horizon_typo_is_refused_at_once_naming_horizon_end() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(dir.path(), "end = 2025-12-31", "end = 9999-12-31");
    for cmd in ["run", "compare"] {
        let err = refused(dir.path(), &[cmd, s(&f)]);
        assert!(err.contains("horizon.end"), "{err}");
        assert!(err.contains("7979 years"), "{err}");
        assert!(err.contains("--allow-long-horizon"), "{err}");
    }
    // Allowed, the memory estimate still refuses it (the growth alone makes it absurd).
    let err = refused(dir.path(), &["run", s(&f), "--allow-long-horizon"]);
    assert!(err.contains("the run would need about"), "{err}");
}

#[test]
fn a_billion_replications_are_refused_naming_reps() {
    let dir = tempfile::tempdir().unwrap();
    let err = refused(
        dir.path(),
        &["compare", "scenarios/dafeng.toml", "--reps", "1000000000"],
    );
    assert!(err.contains("--reps"), "{err}");
    assert!(err.contains("is available"), "{err}");
}

#[test]
fn an_absurd_annual_rate_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    // Below the possible maximum (1e8 a year: an error of its own, the error table), so
    // the budget is what refuses it.
    let f = broken(dir.path(), "annual_rate = 800.0", "annual_rate = 5e7");
    let err = refused(dir.path(), &["run", s(&f)]);
    assert!(err.contains("demand.annual_rate"), "{err}");
    assert!(err.contains("backlog"), "{err}");
}

#[test]
fn nan_and_infinity_are_errors_in_any_numeric_field() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to, field) in [
        ("cruise_kmh = 57.0", "cruise_kmh = nan", "travel.cruise_kmh"),
        (
            "annual_rate = 800.0",
            "annual_rate = inf",
            "demand.annual_rate",
        ),
        (
            "on_duty_fraction = 0.5",
            "on_duty_fraction = -inf",
            "staffing.on_duty_fraction",
        ),
    ] {
        let f = broken(dir.path(), from, to);
        let err = fails(&f, dir.path());
        assert!(err.contains(field), "{to}: {err}");
        assert!(err.contains("finite"), "{to}: {err}");
    }
}

#[test]
fn shares_that_do_not_sum_to_one_are_normalised_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // The first type's share drops from 0.08 to 0.05: the shares sum to 0.97.
    let f = broken(dir.path(), "share = 0.08\n", "share = 0.05\n");
    let v = firesim(&["validate", s(&f)]);
    assert!(v.status.success(), "{}", stderr(&v));
    let err = stderr(&v);
    assert!(
        err.contains("incident_types: shares sum to 0.97, normalised to 1"),
        "{err}"
    );
    // The shipped scenario sums to 1 and averages 1: no warning.
    let v = firesim(&["validate", "scenarios/dafeng.toml"]);
    assert!(!stderr(&v).contains("normalised"), "{}", stderr(&v));
}

#[test]
fn a_profile_that_does_not_average_one_is_normalised_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(
        dir.path(),
        "month_profile = [0.882,",
        "month_profile = [8.82,",
    );
    let v = firesim(&["validate", s(&f)]);
    assert!(v.status.success(), "{}", stderr(&v));
    assert!(
        stderr(&v).contains("demand.month_profile: factors average 1.67"),
        "{}",
        stderr(&v)
    );
}

#[test]
fn place_dependent_plans_name_the_subtype_or_squad_field() {
    let dir = tempfile::tempdir().unwrap();
    // A subtype asking for a tag no zone carries.
    let f = broken(
        dir.path(),
        "zone_tags = [\"forest\"]",
        "zone_tags = [\"jungle\"]",
    );
    let err = fails(&f, dir.path());
    assert!(
        err.contains("incident_types[1].subtypes[0].zone_tags[0]") && err.contains("jungle"),
        "{err}"
    );
    // A misspelt key of a subtype is refused, not ignored.
    let f = broken(
        dir.path(),
        "zone_tags = [\"forest\"]",
        "zone_tag = [\"forest\"]",
    );
    let err = fails(&f, dir.path());
    assert!(err.contains("zone_tag"), "{err}");
    // A squad too small to crew its unit.
    let f = broken(
        dir.path(),
        "kind = \"chemical_squad\", members = 20",
        "kind = \"chemical_squad\", members = 1",
    );
    let err = fails(&f, dir.path());
    assert!(
        err.contains("stations[0].squads[0].members") && err.contains("cannot crew"),
        "{err}"
    );
}

/// Issue 26: the travel speeds by area type and the urban-land outline name their field
/// when wrong: a speed ≤ 0, an area type no zone has (or one no declaration names), an
/// outline that does not close into a simple polygon.
#[test]
fn area_speeds_and_urban_land_name_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let f = broken(
        dir.path(),
        "name = \"built_up\"\ncruise_kmh = 35.0",
        "name = \"built_up\"\ncruise_kmh = 0.0",
    );
    let err = fails(&f, dir.path());
    assert!(
        err.contains("travel.area_types[0].cruise_kmh") && err.contains("cruise speed >= 1"),
        "{err}"
    );
    // A declared area type no zone or outline has.
    let f = broken(
        dir.path(),
        "[[travel.area_types]]\nname = \"town\"",
        "[[travel.area_types]]\nname = \"harbour\"\ncruise_kmh = 30.0\nsource = \"test\"\n\n[[travel.area_types]]\nname = \"town\"",
    );
    let err = fails(&f, dir.path());
    assert!(
        err.contains("travel.area_types[1].name") && err.contains("harbour"),
        "{err}"
    );
    // A zone naming an area type nobody declared.
    let f = broken(
        dir.path(),
        "core_area_type = \"town\"",
        "core_area_type = \"suburb\"",
    );
    let err = fails(&f, dir.path());
    assert!(
        err.contains("zones[2].core_area_type") && err.contains("suburb"),
        "{err}"
    );
    // An outline whose vertices are out of order (a bow tie) does not close.
    let f = broken(
        dir.path(),
        "polygon = [[33.22112, 120.54090], [33.22022, 120.54879]",
        "polygon = [[33.22022, 120.54879], [33.22112, 120.54090]",
    );
    let err = fails(&f, dir.path());
    assert!(
        err.contains("districts.urban_area.polygon") && err.contains("does not close"),
        "{err}"
    );
}

/// Run `firesim args…` and expect a clean refusal (exit 1, never a panic's 101) saying
/// every one of `says`.
fn refused_with(args: &[&str], says: &[&str]) {
    let o = firesim(args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    for want in says {
        assert!(
            stderr(&o).contains(want),
            "{args:?}: `{want}` not in {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_damaged_or_forged_part_is_refused_by_name() {
    use firesim::study::shard::{Shard, decode_header, encode_header};
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    for k in ["0/2", "1/2"] {
        let o = firesim(&[
            "run",
            "tests/fixtures/shard_small.toml",
            "--reps",
            "4",
            "--shard",
            k,
            "--out",
            s(&parts),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let file = parts.join("part-1-of-2.fspart");
    let good = std::fs::read(&file).unwrap();
    let out = dir.path().join("merged");
    let merge = [s(&parts), "--out", s(&out)];
    let merge: Vec<&str> = std::iter::once("merge").chain(merge).collect();
    // Three bits flipped in the payload: the SHA-256 says so.
    let mut flipped = good.clone();
    let at = flipped.len() - 40;
    flipped[at] ^= 0b1010_0001;
    std::fs::write(&file, &flipped).unwrap();
    refused_with(&merge, &["part-1-of-2.fspart: damaged part", "SHA-256"]);
    // Forged headers: shard 5 of 2, N = 2^32 - 1, more items than the payload can hold.
    let forge = |edit: &dyn Fn(&mut firesim::study::shard::Header)| {
        let (mut header, payload) = decode_header(&file, &good).unwrap();
        edit(&mut header);
        let mut bytes = encode_header(&header).unwrap();
        bytes.extend_from_slice(payload);
        std::fs::write(&file, bytes).unwrap();
    };
    forge(&|h| h.shard = Shard { index: 5, count: 2 });
    refused_with(&merge, &["part-1-of-2.fspart", "shard 5/2"]);
    forge(&|h| {
        h.shard = Shard {
            index: 1,
            count: u32::MAX,
        }
    });
    refused_with(&merge, &["part-1-of-2.fspart", "shard 1/4294967295"]);
    forge(&|h| h.items = u32::MAX);
    refused_with(&merge, &["part-1-of-2.fspart", "items"]);
    forge(&|h| h.payload_bytes += 1);
    refused_with(&merge, &["part-1-of-2.fspart", "truncated or extended"]);
    forge(&|h| h.wall_s = f64::NAN);
    refused_with(&merge, &["part-1-of-2.fspart", "cost"]);
    assert!(!out.exists(), "a damaged part was merged");
    std::fs::write(&file, &good).unwrap();
    let o = firesim(&merge);
    assert!(o.status.success(), "{}", stderr(&o));
    // --shard with N beyond the bound is refused as a flag.
    refused_with(
        &[
            "run",
            "tests/fixtures/shard_small.toml",
            "--shard",
            "0/4294967295",
            "--out",
            s(&out),
        ],
        &["--shard", "more than 65536"],
    );
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_is_refused_at_the_start_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(std::ffi::OsStr::from_bytes(b"parts-\xff"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args([
            "run",
            "tests/fixtures/shard_small.toml",
            "--shard",
            "0/2",
            "--out",
        ])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("peak memory"),
        "refused only after starting: {}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// Every file under `dir` (relative, sorted) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.push((p.strip_prefix(root).unwrap().to_path_buf(), vec![]));
                walk(root, &p, out);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p.strip_prefix(root).unwrap().to_path_buf(), bytes));
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn an_obstacle_halfway_leaves_the_earlier_results_and_no_mix() {
    let dir = tempfile::tempdir().unwrap();
    for (cmd, obstacle) in [("run", "summary.json"), ("compare", "comparison.json")] {
        let out = dir.path().join(cmd);
        std::fs::create_dir_all(out.join(obstacle)).unwrap();
        std::fs::write(out.join("performance.json"), "earlier\n").unwrap();
        std::fs::write(out.join("report.html"), "earlier\n").unwrap();
        let before = snapshot(&out);
        let args = [
            cmd,
            "tests/fixtures/two_crews.toml",
            "--reps",
            "2",
            "--out",
            s(&out),
        ];
        refused_with(
            &args,
            &[&format!("{obstacle} is a folder where a result file goes")],
        );
        assert_eq!(snapshot(&out), before, "{args:?} changed the folder");
    }
    // travel and import go through the same transaction.
    let t = dir.path().join("travel");
    std::fs::create_dir_all(t.join("roads.geojson")).unwrap();
    refused_with(
        &["travel", "tests/fixtures/two_crews.toml", "--out", s(&t)],
        &["roads.geojson is a folder"],
    );
    assert!(!t.join("travel.csv").exists(), "travel wrote some files");
    let i = dir.path().join("import");
    std::fs::create_dir_all(i.join("fragment.toml")).unwrap();
    refused_with(
        &[
            "import",
            "sf-calls",
            "data/sf/sf-fire-calls-2020-04-07_13.csv",
            "--stations",
            "data/sf/sf-fire-stations.csv",
            "--out",
            s(&i),
        ],
        &["fragment.toml is a folder"],
    );
    assert!(!i.join("incidents.csv").exists(), "import wrote some files");
}

#[test]
fn no_output_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A replay whose observed responses are called responses.csv, run into their folder.
    let text = std::fs::read_to_string("tests/fixtures/replay/one.toml").unwrap();
    std::fs::write(
        d.join("one.toml"),
        text.replace(
            "observed = \"observed.csv\"",
            "observed = \"responses.csv\"",
        ),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/replay/incidents.csv",
        d.join("incidents.csv"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/replay/observed.csv",
        d.join("responses.csv"),
    )
    .unwrap();
    let before = snapshot(d);
    let scenario = d.join("one.toml");
    refused_with(
        &["run", s(&scenario), "--reps", "2", "--out", s(d)],
        &["responses.csv would replace", "an input of this command"],
    );
    assert_eq!(snapshot(d), before, "run changed its inputs");
    // calibrate --out the scenario, directly or through a link.
    let observed = d.join("responses.csv");
    let calibrate = |out: &Path, says: &[&str]| {
        let args = [
            "calibrate",
            s(&scenario),
            "--observed",
            s(&observed),
            "--out",
            s(out),
        ];
        refused_with(&args, says);
    };
    calibrate(&scenario, &["one.toml would replace", "an input"]);
    #[cfg(unix)]
    {
        let link = d.join("link.toml");
        std::os::unix::fs::symlink(&scenario, &link).unwrap();
        let before = snapshot(d);
        calibrate(&link, &["link.toml would replace", "one.toml"]);
        assert_eq!(snapshot(d), before, "calibrate changed its inputs");
    }
    assert_eq!(
        std::fs::read_to_string(&scenario).unwrap(),
        text.replace(
            "observed = \"observed.csv\"",
            "observed = \"responses.csv\""
        )
    );
}

#[test]
fn an_import_with_no_calls_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("header-only.csv");
    let text = std::fs::read_to_string("data/sf/sf-fire-calls-2020-04-07_13.csv").unwrap();
    std::fs::write(&calls, format!("{}\n", text.lines().next().unwrap())).unwrap();
    let out = dir.path().join("out");
    refused_with(
        &[
            "import",
            "sf-calls",
            s(&calls),
            "--stations",
            "data/sf/sf-fire-stations.csv",
            "--out",
            s(&out),
        ],
        &[
            "header-only.csv: no incidents to import",
            "nothing was written",
        ],
    );
    assert!(!out.exists(), "an empty import wrote files");
}

#[test]
fn a_speed_of_the_wrong_type_is_named_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/sf-2020-04-north.toml").unwrap();
    let osm = std::fs::canonicalize("data/osm/sf-north.osm.pbf").unwrap();
    let text = text
        .replacen("../data/osm/sf-north.osm.pbf", s(&osm), 1)
        .replacen(
            "speed_factor = 1.603",
            "speed_factor = 1.603\nspeeds_kmh = { primary = 60, residential = \"slow\" }",
            1,
        );
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, text).unwrap();
    refused_with(
        &["validate", s(&path)],
        &["speeds_kmh.residential: expected a number (km/h), found a string"],
    );
}

#[test]
fn a_parameter_named_twice_in_an_uncertain_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let twice = dir.path().join("twice.toml");
    let entry = "[[uncertain]]\nparam = \"staffing.on_duty_fraction\"\ndist = \"uniform\"\nmin = 0.6\nmax = 1.0\nsource = \"test\"\n";
    std::fs::write(&twice, format!("{entry}\n{entry}")).unwrap();
    let out = dir.path().join("out");
    refused_with(
        &[
            "robustness",
            "tests/fixtures/shard_small.toml",
            "--uncertain",
            s(&twice),
            "--uncertain-only",
            "--out",
            s(&out),
        ],
        &[
            "twice.toml",
            "uncertain[1].param",
            "`staffing.on_duty_fraction` is named twice",
        ],
    );
    assert!(!out.exists());
}
