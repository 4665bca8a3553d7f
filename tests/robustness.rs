//! `firesim robustness`: uncertain-input errors, the issue's cruise-vs-call-processing check
//! (an input that cannot affect a figure gets indices within their interval of 0), P(best)
//! summing to 1, and byte-identical results for any thread count.

mod common;
use common::{firesim, s, stderr};
use firesim::scenario::{LoadOptions, ScenarioError, UncertainScenario};
use firesim::study::robustness::{self, Headline, Plan, design::Design};
use std::path::{Path, PathBuf};

const DAFENG: &str = "scenarios/dafeng.toml";
const CRUISE_AND_CALL: &str = "tests/fixtures/uncertain/cruise-and-call.toml";

fn load(extra: &[&str], only: bool) -> Result<UncertainScenario, ScenarioError> {
    let extra: Vec<PathBuf> = extra.iter().map(PathBuf::from).collect();
    UncertainScenario::load(Path::new(DAFENG), &extra, only, LoadOptions::default())
}

#[test]
fn dafeng_ships_valid_uncertain_inputs_with_sources() {
    let us = load(&[], false).unwrap();
    assert!(us.inputs.len() >= 8, "{}", us.inputs.len());
    for want in [
        "staffing.on_duty_fraction",
        "travel.cruise_kmh",
        "travel.detour_factor",
        "travel.spread_cv",
        "response.turnout.mean_s",
        "rollouts.plan.attrition.rate",
        "demand.growth_per_year",
    ] {
        let i = us.inputs.iter().find(|i| i.param == want);
        assert!(i.is_some_and(|i| !i.source.is_empty()), "{want}");
    }
    // An --uncertain file replaces the entry of the same parameter and adds the others.
    let more = load(&[CRUISE_AND_CALL], false).unwrap();
    assert_eq!(more.inputs.len(), us.inputs.len() + 1);
    let cruise = more
        .inputs
        .iter()
        .find(|i| i.param == "travel.cruise_kmh")
        .unwrap();
    assert!(cruise.source.starts_with("issue 14"));
}

#[test]
fn bad_entries_are_errors_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    std::fs::write(
        &f,
        r#"
[[uncertain]]
param = "travel.cruise_mph"
dist = "uniform"
min = 40.0
max = 60.0
source = "a typo"

[[uncertain]]
param = "travel.model"
dist = "uniform"
min = 1.0
max = 2.0
source = "not a number"

[[uncertain]]
param = "staffing.on_duty_fraction"
dist = "uniform"
min = 0.5
max = 1.5
source = "outside its valid range"

[[uncertain]]
param = "travel.cruise_kmh"
dist = "uniform"
min = 0.0
max = 50.0
source = "the validator rejects 0 km/h"

[[uncertain]]
param = "incident_types.no_such_type.share"
dist = "triangular"
min = 0.1
mode = 0.3
max = 0.2
source = "unknown element and an inverted triangle"
"#,
    )
    .unwrap();
    let err = load(&[s(&f)], true).unwrap_err().to_string();
    for want in [
        "uncertain[0] (`travel.cruise_mph`): `travel` has no `cruise_mph`",
        "uncertain[1] (`travel.model`): the field is not a number",
        "uncertain[2] (`staffing.on_duty_fraction`): the range reaches outside",
        "uncertain[3] (`travel.cruise_kmh`): the scenario is invalid with the field at 0",
        "uncertain[4] (`incident_types.no_such_type.share`): `incident_types` has no `no_such_type`",
    ] {
        assert!(err.contains(want), "missing «{want}» in:\n{err}");
    }
    // The command line: exit 1, the same message, nothing written.
    let out = dir.path().join("out");
    let o = firesim(&[
        "robustness",
        DAFENG,
        "--uncertain",
        s(&f),
        "--uncertain-only",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("uncertain[0] (`travel.cruise_mph`)"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn a_scenario_without_uncertain_inputs_is_an_error() {
    let o = firesim(&[
        "robustness",
        "scenarios/validation/mmc.toml",
        "--out",
        "/nonexistent/x",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no [[uncertain]] entries"),
        "{}",
        stderr(&o)
    );
}

/// The issue's check: with only cruise speed (45–70 km/h) and call processing (20–90 s)
/// uncertain, cruise speed carries the p90 from the dispatch order and call processing,
/// which happens before the dispatch order, gets indices within their interval of 0.
#[test]
fn cruise_speed_matters_and_call_processing_does_not() {
    let us = load(&[CRUISE_AND_CALL], true).unwrap();
    let s = &us.nominal;
    let rollouts = vec![
        s.rollout("plan").unwrap(),
        s.rollout("front_loaded").unwrap(),
    ];
    let plan = Plan {
        design: Design::saltelli(32, 2, 5),
        reps: 4,
        rollouts,
        baseline: 0,
        seed: 17,
        bootstrap: 300,
    };
    let items = plan.items();
    let results = robustness::run_items(&us, &plan, &items, &|| {}).unwrap();
    let r = robustness::reduce(&us, &plan, &results);
    let p90 = r
        .metrics
        .iter()
        .find(|m| m.metric == Headline::P90FromDispatch.name())
        .unwrap();
    for p in &p90.periods {
        for sens in &p.sensitivity {
            let (cruise, call) = (&sens.indices[0], &sens.indices[1]);
            eprintln!(
                "{} {}: cruise {cruise:?}\n  call {call:?}",
                p.year, sens.rollout
            );
            if !sens.rollout.ends_with("-vs-base") {
                assert!(
                    cruise.total > 0.8 && cruise.total_ci95[0] > 0.6,
                    "{cruise:?}"
                );
                assert!(cruise.first_order > 0.8, "{cruise:?}");
                // Within its interval of 0: the interval's width bounds the index, and the
                // index is a small share of the variance.
                let width = call.total_ci95[1] - call.total_ci95[0];
                assert!(
                    call.total <= width.max(1e-12) && call.total < 0.05,
                    "{call:?}"
                );
                assert!(
                    call.first_order.abs()
                        <= (call.first_order_ci95[1] - call.first_order_ci95[0]).max(1e-12) + 0.02,
                    "{call:?}"
                );
            }
        }
    }
    // P(best) sums to 1 for every figure and period.
    for m in &r.metrics {
        for p in &m.periods {
            let total: f64 = p.rollouts.iter().map(|x| x.summary.p_best).sum();
            assert!(
                (total - 1.0).abs() < 1e-9,
                "{} {}: {total}",
                m.metric,
                p.year
            );
            for e in &p.evppi {
                assert!(*e >= 0.0 && *e <= p.evpi + 1e-12, "{e} vs {}", p.evpi);
            }
        }
    }
}

#[test]
fn same_bytes_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out = dir.path().join(threads);
        let o = common::small_robustness(&out, &["--threads", threads]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("= 96 rollout simulations"),
            "{}",
            stderr(&o)
        );
        out
    };
    let (a, b) = (run("1"), run("2"));
    for f in [
        "robustness.json",
        "robustness.csv",
        "sensitivity.csv",
        "voi.csv",
        "robustness.md",
        "report.html",
    ] {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs between 1 and 2 threads");
    }
    let csv = std::fs::read_to_string(a.join("sensitivity.csv")).unwrap();
    assert!(
        csv.starts_with("metric,year,rollout,param,first_order,total,total_ci95_lo,total_ci95_hi")
    );
    assert!(csv.contains(",even-vs-base,travel.cruise_kmh,"));
    let csv = std::fs::read_to_string(a.join("robustness.csv")).unwrap();
    assert!(csv.starts_with(
        "rollout,metric,year,mean,p05,p95,p_best,p_better_than_baseline,expected_regret\n"
    ));
}
