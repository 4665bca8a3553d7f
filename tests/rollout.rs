//! Rollout schedules: the Dafeng `plan` timeline against independent arithmetic, each
//! allocation policy on a hand-made scenario with a known answer, determinism of drawn
//! attrition, and every bad input the issue names (through the CLI: error naming the field,
//! non-zero exit, no rollout.csv).

use chrono::NaiveDate;
use firesim::ground::engine::SimTime;
use firesim::prepare;
use firesim::prepare::staffing;
use firesim::scenario::{self, Rollout, Scenario};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dafeng() -> Scenario {
    prepare::load(&root().join("scenarios/dafeng.toml")).expect("dafeng.toml is valid")
}

fn dafeng_text() -> String {
    std::fs::read_to_string(root().join("scenarios/dafeng.toml")).unwrap()
}

fn rollout<'a>(s: &'a Scenario, name: &str) -> &'a Rollout {
    &s.rollouts[s
        .rollout(name)
        .unwrap_or_else(|| panic!("no rollout {name}"))]
}

fn at(s: &Scenario, y: i32, m: u32, d: u32) -> SimTime {
    s.calendar
        .time_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// Government headcount (the plan's count) at `t`.
fn government(s: &Scenario, r: &Rollout, t: SimTime) -> u32 {
    (0..s.stations.len())
        .filter(|&i| s.stations[i].government)
        .map(|i| r.headcount_at(i, t))
        .sum()
}

fn small(rollouts: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/rollout_small.toml")).unwrap() + rollouts
}

fn small_scenario(rollouts: &str) -> Result<Scenario, scenario::ScenarioError> {
    prepare::from_str(&small(rollouts), Path::new("rollout_small.toml"))
}

const SMALL_SCHEDULE: &str = r#"
[[rollouts]]
name = "s"
kind = "schedule"
recruits = [20]
intake_date = "03-01"
induction_days = 92
attrition = { rate = 0.0 }
allocation = "opening_order"
starting_headcount = { A = 10 }
"#;

#[test]
fn plan_is_the_default_and_recruits_sum_to_384() {
    let s = dafeng();
    assert_eq!(s.rollouts[0].name, "plan");
    assert_eq!(s.rollouts.last().unwrap().name, "plan_table");
    let plan = rollout(&s, "plan");
    let sch = plan.schedule.as_ref().expect("plan is a schedule");
    assert_eq!(sch.intakes.iter().map(|i| i.recruits).sum::<u32>(), 384);
    // All of them go on duty inside the horizon, and no one else joins.
    assert_eq!(plan.flows.iter().map(|f| f.joined).sum::<u32>(), 384);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn nobody_is_on_duty_before_their_induction_ends() {
    let s = dafeng();
    let plan = rollout(&s, "plan");
    let sch = plan.schedule.as_ref().unwrap();
    let ninety_days = SimTime::from_days(90);
    for i in &sch.intakes {
        assert!(
            i.on_duty.0 - i.joins.0 >= ninety_days.0,
            "induction under 3 months"
        );
    }
    // Every join happens on an intake's on-duty day, never earlier.
    for f in plan.flows.iter().filter(|f| f.joined > 0) {
        assert!(
            sch.intakes.iter().any(|i| i.on_duty == f.at),
            "recruits joined {} on {} which is no intake's end of induction",
            s.stations[f.station].id,
            s.calendar.date_of(f.at)
        );
    }
    // The day before the first induction ends: only the starting staff, on duty per the
    // on-duty share; the day it ends: the first intake is there.
    let eve = at(&s, 2021, 5, 31);
    for st in 0..s.stations.len() {
        let start = sch.fixed[st].unwrap_or(sch.starting[st]);
        assert_eq!(plan.headcount_at(st, eve), start, "{}", s.stations[st].id);
        assert_eq!(
            staffing::on_duty(plan, st, eve),
            (start as f64 * plan.on_duty_fraction).floor() as u32
        );
    }
    assert_eq!(government(&s, plan, eve), 180);
    assert_eq!(government(&s, plan, at(&s, 2021, 6, 1)), 180 + 160);
}

#[test]
fn end_2025_headcount_is_the_arithmetic_of_recruits_attrition_and_start() {
    // Independently: 180 at the start; each 1 January from 2022, round(10%) of the
    // government staff leave; each June the year's recruits go on duty.
    let recruits = [160.0, 80.0, 80.0, 32.0, 32.0];
    let mut h: f64 = 180.0;
    for (k, r) in recruits.iter().enumerate() {
        if k > 0 {
            h -= (h * 0.10_f64).round();
        }
        h += r;
    }
    assert_eq!(h, 406.0);
    let s = dafeng();
    let plan = rollout(&s, "plan");
    assert_eq!(government(&s, plan, at(&s, 2025, 12, 31)), h as u32);
    // And nobody leaves under no_attrition: 180 + 384.
    let none = rollout(&s, "no_attrition");
    assert_eq!(government(&s, none, at(&s, 2025, 12, 31)), 564);
}

#[test]
fn plan_reproduces_plan_table_closely() {
    // The table rounds attrition per station (which takes 11–12% a year from teams of
    // 10–18); the schedule rounds once for the district. Same first year exactly; then the
    // district totals stay within 4% (13 of 393 by the end of 2025) and every station
    // within 2 firefighters.
    let s = dafeng();
    let (plan, table) = (rollout(&s, "plan"), rollout(&s, "plan_table"));
    for y in 2021..=2025 {
        let t = at(&s, y, 12, 31);
        let (p, q) = (
            government(&s, plan, t) as f64,
            government(&s, table, t) as f64,
        );
        assert!((p - q).abs() / q <= 0.04, "{y}: plan {p} vs table {q}");
        if y == 2021 {
            assert_eq!(p, q);
        }
        // The table's script fills stations opening on the same day one after another in
        // list order; the schedule now shares among them in proportion to their
        // shortfalls (issue 22: no answer depends on the order of the file). So compare
        // each group of stations opening on the same day: its total within 2 a station.
        let mut groups: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
        for st in 0..s.stations.len() {
            groups.entry(plan.opens_at[st].0).or_default().push(st);
        }
        for members in groups.values() {
            let sum = |r: &firesim::scenario::Rollout| -> u32 {
                members.iter().map(|&st| r.headcount_at(st, t)).sum()
            };
            let (a, b) = (sum(plan), sum(table));
            assert!(
                a.abs_diff(b) <= 2 * members.len() as u32,
                "{y} {:?}: plan {a} vs table {b}",
                members
                    .iter()
                    .map(|&st| &s.stations[st].id)
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn every_shipped_rollout_has_a_crewing_timeline() {
    let s = dafeng();
    let names: Vec<&str> = s.rollouts.iter().map(|r| r.name.as_str()).collect();
    for want in [
        "plan",
        "even",
        "front_loaded",
        "back_loaded",
        "stations_slip",
        "demand_first",
        "no_attrition",
        "eighteen_teams_alt",
        "plan_table",
    ] {
        assert!(names.contains(&want), "missing rollout {want}");
    }
    for r in &s.rollouts {
        let c = staffing::crewing(&s, r);
        assert!(!c.times.is_empty(), "{}", r.name);
    }
    // stations_slip delays the 2022 openings by a year, and nothing else.
    let (plan, slip) = (rollout(&s, "plan"), rollout(&s, "stations_slip"));
    for (i, st) in s.stations.iter().enumerate() {
        let year = st.opens.map(|d| chrono::Datelike::year(&d));
        if year == Some(2022) {
            assert_eq!(
                s.calendar.date_of(slip.opens_at[i]).to_string(),
                "2023-07-01"
            );
        } else {
            assert_eq!(slip.opens_at[i], plan.opens_at[i], "{}", st.id);
        }
    }
    // eighteen_teams_alt gives S20 a team; plan leaves it to S09.
    let s20 = s.stations.iter().position(|st| st.id == "S20").unwrap();
    let alt = rollout(&s, "eighteen_teams_alt");
    assert_eq!(plan.headcount_at(s20, at(&s, 2025, 12, 31)), 0);
    assert!(alt.headcount_at(s20, at(&s, 2025, 12, 31)) >= 16);
}

#[test]
fn allocation_policies_give_the_worked_answers() {
    let fixture =
        std::fs::read_to_string(root().join("tests/fixtures/rollout_policies.toml")).unwrap();
    let s = small_scenario(&fixture).unwrap_or_else(|e| panic!("{e}"));
    let june = at(&s, 2021, 6, 1);
    let may = at(&s, 2021, 5, 31);
    let heads = |name: &str, t| -> Vec<u32> {
        let r = rollout(&s, name);
        (0..3).map(|st| r.headcount_at(st, t)).collect()
    };
    // A (open, 6 short of 16), C (open, 24 short of 24), B (opens in July).
    // opening_order: A and C open on the same day (before the horizon), B later: A and C
    // are one group, their shortfalls 6 and 24 shared 20 ∝ (6, 24): A +4, C +16.
    assert_eq!(heads("opening_order", june), vec![14, 0, 16]);
    // grade_minimum_first: the open stations' shortfalls 6 and 24 shared 20 ∝ (6, 24).
    assert_eq!(heads("grade_minimum_first", june), vec![14, 0, 16]);
    // demand_weighted: demand shares 1/6, 1/2, 1/3 of 30 → targets 5, 15, 10;
    // shortfalls 0, 15, 10 share the 20 → B +12, C +8.
    assert_eq!(heads("demand_weighted", june), vec![10, 12, 8]);
    // coverage_greedy: 8 crew an engine. B's 3,000 residents (8 recruits) first, then C's
    // 2,000 (8); 4 left crew nothing more and go ∝ minimums 16/16/24: A +1, B +1, C +2.
    assert_eq!(heads("coverage_greedy", june), vec![11, 9, 10]);
    for name in [
        "opening_order",
        "grade_minimum_first",
        "demand_weighted",
        "coverage_greedy",
    ] {
        assert_eq!(
            heads(name, may),
            vec![10, 0, 0],
            "{name} before induction ends"
        );
        assert_eq!(
            heads(name, june).iter().sum::<u32>(),
            30,
            "{name} hands out 20"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_drawn_timeline() {
    let text = dafeng_text().replace(
        r#"attrition = { rate = 0.10, mode = "expected" }"#,
        r#"attrition = { rate = 0.10, mode = "drawn" }"#,
    );
    assert!(text.contains(r#"mode = "drawn""#));
    let load = |t: &str| prepare::from_str(t, &root().join("scenarios/dafeng.toml")).unwrap();
    let (a, b) = (load(&text), load(&text));
    let other = load(&text.replace("seed = 20210101", "seed = 20210102"));
    let plan = |s: &Scenario| rollout(s, "plan").headcount.clone();
    assert_eq!(plan(&a), plan(&b));
    assert_ne!(
        plan(&a),
        plan(&other),
        "the seed must matter to drawn attrition"
    );
    // Drawn departures are of the size the rate gives: `expected` has 158 over 2022–2025;
    // drawn ones also fall in 2021 and run to the end of 2025, so somewhat more.
    let left: u32 = rollout(&a, "plan").flows.iter().map(|f| f.left).sum();
    assert!((100..=250).contains(&left), "{left} departures");
}

#[test]
fn a_plan_that_falls_short_warns_and_is_not_changed() {
    // 10 recruits cannot bring A (16), B (16) and C (24) to their minimums: a warning,
    // and exactly 10 recruits still go on duty.
    let text = SMALL_SCHEDULE.replace("recruits = [20]", "recruits = [10]");
    let s = small_scenario(&text).unwrap();
    let r = &s.rollouts[0];
    assert_eq!(r.flows.iter().map(|f| f.joined).sum::<u32>(), 10);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.field == "rollouts[0].recruits" && w.message.contains("fewer")),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("below their grade minimum"))
    );
}

// ---- bad input, through the CLI ----------------------------------------------------

struct CliRun {
    code: Option<i32>,
    stderr: String,
    stdout: String,
    csv: bool,
    out: tempfile::TempDir,
}

fn cli(scenario_text: &str, extra: &[&str]) -> CliRun {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.toml");
    std::fs::write(&file, scenario_text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .arg("rollout")
        .arg(&file)
        .arg("--out")
        .arg(out.path())
        .args(extra)
        .output()
        .unwrap();
    CliRun {
        code: o.status.code(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        csv: out.path().join("rollout.csv").exists(),
        out,
    }
}

/// The scenario must be refused: non-zero exit, `field` named, no rollout.csv.
fn refused(rollouts: &str, field: &str) {
    let r = cli(&small(rollouts), &[]);
    assert_ne!(r.code, Some(0), "accepted: {}", r.stdout);
    assert!(r.stderr.contains(field), "`{field}` not in: {}", r.stderr);
    assert!(!r.csv, "rollout.csv written despite the error");
}

#[test]
fn good_small_schedule_runs_and_writes_rollout_csv() {
    let r = cli(&small(SMALL_SCHEDULE), &["--rollout", "s"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.csv);
    let csv = std::fs::read_to_string(r.out.path().join("rollout.csv")).unwrap();
    assert!(csv.starts_with("rollout,station,year,headcount_end"));
    // 3 stations + government + district, 2 years.
    assert_eq!(csv.lines().count(), 1 + 5 * 2);
    assert!(csv.contains("s,A,2021,14,"), "{csv}");
    assert!(r.stdout.contains("crewed units"));
}

#[test]
fn unknown_station_is_refused() {
    refused(
        &SMALL_SCHEDULE.replace("{ A = 10 }", "{ A = 10, Z9 = 3 }"),
        "rollouts[0].starting_headcount.Z9",
    );
}

#[test]
fn negative_recruits_are_refused() {
    refused(
        &SMALL_SCHEDULE.replace("recruits = [20]", "recruits = [20, -5]"),
        "rollouts[0].recruits[1]",
    );
}

#[test]
fn induction_longer_than_the_horizon_is_refused() {
    refused(
        &SMALL_SCHEDULE.replace("induction_days = 92", "induction_days = 800"),
        "rollouts[0].induction_days",
    );
}

#[test]
fn unknown_base_is_refused() {
    refused(
        &format!("{SMALL_SCHEDULE}\n[[rollouts]]\nname = \"t\"\nbase = \"nope\"\n"),
        "rollouts[1].base",
    );
}

#[test]
fn base_cycle_is_refused() {
    let text =
        "[[rollouts]]\nname = \"a\"\nbase = \"b\"\n\n[[rollouts]]\nname = \"b\"\nbase = \"a\"\n";
    let r = cli(&small(text), &[]);
    assert_ne!(r.code, Some(0));
    assert!(
        r.stderr.contains("rollouts[0].base") && r.stderr.contains("cycle"),
        "{}",
        r.stderr
    );
    assert!(!r.csv);
}

#[test]
fn misspelt_rollout_key_is_refused() {
    refused(
        &SMALL_SCHEDULE.replace("induction_days", "inductoin_days"),
        "inductoin_days",
    );
}

#[test]
fn delay_of_an_unknown_station_is_refused() {
    refused(
        &format!("{SMALL_SCHEDULE}opening_delays = [{{ stations = [\"B\", \"Q\"], years = 1 }}]\n"),
        "rollouts[0].opening_delays[0].stations[1]",
    );
}

#[test]
fn unknown_rollout_name_is_refused() {
    let r = cli(&small(SMALL_SCHEDULE), &["--rollout", "nope"]);
    assert_ne!(r.code, Some(0));
    assert!(
        r.stderr.contains("--rollout") && r.stderr.contains("nope"),
        "{}",
        r.stderr
    );
    assert!(!r.csv);
}

#[test]
fn shortfall_warning_is_printed_and_recorded() {
    let r = cli(
        &small(&SMALL_SCHEDULE.replace("recruits = [20]", "recruits = [10]")),
        &[],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: rollout `s`: rollouts[0].recruits"),
        "{}",
        r.stderr
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(r.out.path().join("rollout.json")).unwrap())
            .unwrap();
    let warnings = json["rollouts"][0]["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    assert_eq!(json["rollouts"][0]["checks_met"], false);
}

#[test]
fn dafeng_rollout_command_prints_the_plan_timeline() {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args([
            "rollout",
            "scenarios/dafeng.toml",
            "--rollout",
            "plan",
            "--out",
        ])
        .arg(out.path())
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    for want in [
        "headcount",
        "on duty",
        "crewed units",
        "S01",
        "government",
        "check:",
    ] {
        assert!(stdout.contains(want), "`{want}` missing");
    }
    let csv = std::fs::read_to_string(out.path().join("rollout.csv")).unwrap();
    // 20 stations + 2 aggregates, 5 years, plus the header.
    assert_eq!(csv.lines().count(), 1 + 22 * 5);
}

#[test]
fn firesim_run_works_for_every_shipped_rollout() {
    let s = dafeng();
    for r in &s.rollouts {
        let out = tempfile::tempdir().unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
            .args([
                "run",
                "scenarios/dafeng.toml",
                "--reps",
                "1",
                "--no-responses",
            ])
            .args(["--rollout", &r.name, "--out"])
            .arg(out.path())
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            r.name,
            String::from_utf8_lossy(&o.stderr)
        );
        let summary: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join("summary.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(summary["rollout"], r.name.as_str());
        assert_eq!(
            summary["rollout_warnings"].as_array().map(|w| w.len()),
            Some(r.warnings.len()),
            "{}",
            r.name
        );
    }
}
