//! Fair choices (issue 22): what a rollout costs, whether the plan allows it, and that no
//! figure depends on the order of the scenario file.

use firesim::ground::engine::SimTime;
use firesim::prepare::{self, rollout};
use firesim::report::comparison_json;
use firesim::study::compare;
use std::path::{Path, PathBuf};

fn dafeng_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml")
}

fn dafeng_text() -> String {
    std::fs::read_to_string(dafeng_path()).unwrap()
}

/// `plan`'s firefighter-years are the integral of its dated government headcount (on
/// station and in induction), summed here day by day at noon, independently of the
/// step-wise integral the cost model takes (every step of the plan falls on a midnight).
#[test]
fn plan_firefighter_years_are_the_integral_of_its_headcount() {
    let s = prepare::load(&dafeng_path()).unwrap();
    let r = s.rollout("plan").unwrap();
    let ro = &s.rollouts[r];
    let costs = rollout::costs(&s, ro).expect("dafeng states [costs]");
    let day = 86_400_000i64;
    let mut total = 0.0;
    for (k, y) in costs.years.iter().enumerate() {
        let (from, to) = s.calendar.year_span(y.year);
        let days_in_year = if chrono::NaiveDate::from_ymd_opt(y.year, 2, 29).is_some() {
            366.0
        } else {
            365.0
        };
        let mut sum = 0.0;
        let mut t = from.0 + day / 2;
        while t < to.0 {
            let gov: u32 = (0..s.stations.len())
                .filter(|&st| s.stations[st].government)
                .map(|st| ro.headcount_at(st, SimTime(t)))
                .sum();
            let induction: u32 = ro
                .schedule
                .as_ref()
                .unwrap()
                .intakes
                .iter()
                .filter(|i| i.joins.0 <= t && t < i.on_duty.0)
                .map(|i| i.recruits)
                .sum();
            sum += (gov + induction) as f64;
            t += day;
        }
        let daily = sum / days_in_year;
        assert!(
            (daily - y.firefighter_years).abs() < 1e-6,
            "{}: {daily} by days against {} by steps (year {k})",
            y.year,
            y.firefighter_years
        );
        total += daily;
    }
    assert!((total - costs.total.firefighter_years).abs() < 1e-6);
    // The plan's 384 recruits spend 3 months each in induction: 96 firefighter-years on
    // top of the on-station years (1,816 in the committed rollout.csv of the plan).
    assert!(total > 1_800.0 && total < 2_000.0, "{total}");
    // Pay is firefighter-years at the year's rate (growing 5% a year).
    let c = s.costs.as_ref().unwrap();
    for (k, y) in costs.years.iter().enumerate() {
        let rate = c.firefighter_year * (1.0 + c.firefighter_year_growth).powi(k as i32);
        assert!((y.personnel - y.firefighter_years * rate).abs() < 1e-3);
    }
}

/// Rollouts below a grade minimum are infeasible, with the station-years named; the plan
/// is feasible.
#[test]
fn rollouts_below_a_grade_minimum_are_infeasible_by_station_and_year() {
    let s = prepare::load(&dafeng_path()).unwrap();
    let check = |name: &str| {
        let ro = &s.rollouts[s.rollout(name).unwrap()];
        let costs = rollout::costs(&s, ro);
        rollout::violations(&s, ro, costs.as_ref())
    };
    assert!(check("plan").is_empty(), "{:?}", check("plan"));
    let v = check("demand_first");
    let s01: Vec<_> = v
        .iter()
        .filter(|v| {
            v.constraint == "constraints.grade_minimums" && v.station.as_deref() == Some("S01")
        })
        .collect();
    assert!(!s01.is_empty(), "{v:?}");
    assert!(s01.iter().all(|v| v.value < v.limit && v.limit == 45.0));
    let line = s01[0].describe("demand_first");
    assert!(line.contains("S01") && line.contains("below 45"), "{line}");
}

/// Reverse the order of the `[[name]]` tables of a TOML document.
fn reversed(text: &str, names: &[&str]) -> String {
    let mut doc: toml::Table = text.parse().unwrap();
    for name in names {
        if let Some(toml::Value::Array(items)) = doc.get_mut(*name) {
            items.reverse();
        }
    }
    toml::to_string(&doc).unwrap()
}

/// With `[[stations]]`, `[[zones]]` and `[[rollouts]]` in reverse order, a comparison gives
/// the same figures: stations and zones are taken by id and name, never by position, and
/// rollouts are paired by name.
#[test]
fn the_order_of_the_file_changes_no_figure() {
    let text = dafeng_text();
    let path = dafeng_path();
    let run = |text: &str| {
        let s = prepare::from_str(text, &path).unwrap();
        let names = ["plan", "front_loaded", "demand_first"];
        let idx: Vec<usize> = names.iter().map(|n| s.rollout(n).unwrap()).collect();
        let c = compare::compare(
            &s,
            &idx,
            0,
            100,
            s.seed,
            false,
            &firesim::stats::in_memory,
            &|| {},
        )
        .unwrap();
        let mut json = comparison_json(&s, &c);
        // A warning names its field by its position in the file (`rollouts[5]`), which
        // moves with the order; every figure must not.
        for r in json["rollouts"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("warnings");
        }
        json
    };
    let a = run(&text);
    let b = run(&reversed(&text, &["stations", "zones", "rollouts"]));
    assert!(a == b, "a reversed file changes the comparison");
}

/// The permutation check can fail: without canonical order a reversed station list would
/// give other indices; the scenario's stations are in id order whatever the file says.
#[test]
fn stations_and_zones_are_in_canonical_order() {
    let s = prepare::from_str(
        &reversed(&dafeng_text(), &["stations", "zones"]),
        &dafeng_path(),
    )
    .unwrap();
    let ids: Vec<&str> = s.stations.iter().map(|st| st.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let zones: Vec<&str> = s.zones.iter().map(|z| z.name.as_str()).collect();
    let mut sorted = zones.clone();
    sorted.sort();
    assert_eq!(zones, sorted);
}

/// Costs or constraints that cannot hold are errors naming the field.
#[test]
fn impossible_costs_and_constraints_name_their_field() {
    let text = dafeng_text();
    let path = dafeng_path();
    for (from, to, field) in [
        (
            "firefighter_year = 100000.0",
            "firefighter_year = -5.0",
            "costs.firefighter_year",
        ),
        (
            "premises_per_year = 300000.0",
            "premises_per_year = nan",
            "costs.premises_per_year",
        ),
        (
            "discount_rate = 0.03",
            "discount_rate = 2.0",
            "costs.discount_rate",
        ),
        (
            "max_recruits_per_year = 200",
            "max_recruits_per_year = 0",
            "constraints.max_recruits_per_year",
        ),
        (
            "vehicle_capital = { engine = 1500000.0,",
            "vehicle_capital = { fire_boat = 1.0, engine = 1500000.0,",
            "costs.vehicle_capital.fire_boat",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let bad = text.replacen(from, to, 1);
        let err = prepare::from_str(&bad, &path).unwrap_err().to_string();
        assert!(err.contains(field), "{field}: {err}");
    }
    // A budget no rollout meets, and a minimum above any headcount: the constraints
    // cannot hold, whichever rollout is chosen.
    for (from, to, field) in [
        (
            "max_recruits_per_year = 200",
            "max_recruits_per_year = 200\nbudget_total = 1000.0",
            "constraints.budget_total",
        ),
        (
            "special_duty = 45,",
            "special_duty = 4500,",
            "constraints.grade_minimums",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let s = prepare::from_str(&text.replacen(from, to, 1), &path).unwrap();
        let problems = rollout::constraints::unmeetable(&s).expect("no rollout can be feasible");
        assert!(problems.iter().any(|p| p.contains(field)), "{problems:?}");
    }
    let s = prepare::from_str(&text, &path).unwrap();
    assert!(rollout::constraints::unmeetable(&s).is_none());
}
