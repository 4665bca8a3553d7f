//! `firesim robustness`: uncertain-input errors, the issue's cruise-vs-call-processing check
//! (an input that cannot affect a figure gets indices within their interval of 0), P(best)
//! summing to 1, byte-identical results for any thread count; decisions apart from the
//! world (world rollouts are never ranked, what they vary is among the inputs: a choice
//! takes only its values, the construction delay and plan's attrition reach every
//! decision); the headline sentence, P(milestone met) against a direct count, and the
//! Chinese report.

mod common;
use common::{firesim, s, stderr};
use firesim::scenario::{LoadOptions, ScenarioError, UncertainScenario};
use firesim::study::robustness::{self, Headline, Plan, design::Design};
use std::path::{Path, PathBuf};

const DAFENG: &str = "scenarios/dafeng.toml";
const CRUISE_AND_CALL: &str = "tests/fixtures/uncertain/cruise-and-call.toml";
/// Cruise speed, the 2022 construction delay and the reading of "18 teams" (a choice).
const WORLD: &str = "tests/fixtures/uncertain/world.toml";

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
        "rollout,metric,year,mean,p05,p95,p_best,p_better_than_baseline,expected_regret,ranked,p_met,headline\n"
    ));
}

/// Dafeng's world rollouts are states of the world: the default study leaves them out
/// (and says so), naming one is refused, and the inputs carry what they vary to every
/// decision: plan's attrition down to 0, the construction delay, the reading of 18 teams.
#[test]
fn dafeng_world_rollouts_become_inputs_of_every_decision() {
    let us = load(&[], false).unwrap();
    let s = &us.nominal;
    let world: Vec<&str> = s
        .rollouts
        .iter()
        .filter(|r| !r.is_decision())
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        world,
        [
            "stations_slip",
            "no_attrition",
            "eighteen_teams_alt",
            "plan_table"
        ]
    );
    let decisions: Vec<&str> = s
        .rollouts
        .iter()
        .filter(|r| r.is_decision())
        .map(|r| r.name.as_str())
        .collect();
    let input = |p: &str| us.inputs.iter().find(|i| i.param == p).unwrap();
    // Attrition from 0 (no_attrition), reaching every decision through `base`.
    let a = input("rollouts.plan.attrition.rate");
    assert_eq!(a.dist.quantile(0.0), 0.0);
    for d in &decisions {
        assert!(
            a.applies_to.iter().any(|x| x == d),
            "{d}: {:?}",
            a.applies_to
        );
    }
    assert!(!a.applies_to.iter().any(|x| x == "no_attrition"));
    // At a point with attrition 0, every decision's schedule has rate 0.
    let k = us.inputs.iter().position(|i| i.param == a.param).unwrap();
    let mut values: Vec<f64> = us.inputs.iter().map(|i| i.nominal).collect();
    values[k] = 0.0;
    let at = us.scenario_at(&values).unwrap();
    for d in &decisions {
        let r = at.rollouts.iter().find(|r| r.name == *d).unwrap();
        assert_eq!(r.schedule.as_ref().unwrap().attrition_rate, 0.0, "{d}");
    }
    // The construction delay covers stations_slip's year and moves every decision's
    // openings of the 2022 stations alike; the 2021 ones stay.
    let delay = input("construction.delay_days.2022");
    assert_eq!(delay.dist.quantile(1.0), 365.0);
    let k = us
        .inputs
        .iter()
        .position(|i| i.param == delay.param)
        .unwrap();
    let mut values: Vec<f64> = us.inputs.iter().map(|i| i.nominal).collect();
    values[k] = 365.0;
    let late = us.scenario_at(&values).unwrap();
    let year = firesim::ground::engine::SimTime::from_days(365);
    let s06 = s.stations.iter().position(|x| x.id == "S06").unwrap();
    let s03 = s.stations.iter().position(|x| x.id == "S03").unwrap();
    for r in late.rollouts.iter().filter(|r| r.is_decision()) {
        let nominal = s.rollouts.iter().find(|x| x.name == r.name).unwrap();
        assert_eq!(r.opens_at[s06], nominal.opens_at[s06] + year, "{}", r.name);
        assert_eq!(r.opens_at[s03], nominal.opens_at[s03], "{}", r.name);
    }
    // As stations_slip has it for the plan (a year is 365 days from 1 July 2022).
    let slip = s
        .rollouts
        .iter()
        .find(|r| r.name == "stations_slip")
        .unwrap();
    let plan = late.rollouts.iter().find(|r| r.name == "plan").unwrap();
    assert_eq!(plan.opens_at[s06], slip.opens_at[s06]);
    // The reading of 18 teams is a choice among its two values.
    let c = input("rollouts.plan.covered_by");
    assert!(c.dist.is_choice());
    assert_eq!(c.nominal, 0.0);
}

/// A choice takes only its listed values, whatever the design's coordinate; a table value
/// replaces the field whole in the scenario at that point, in every decision that
/// inherits it.
#[test]
fn a_choice_input_takes_only_its_listed_values() {
    let us = load(&[WORLD], true).unwrap();
    let k = us
        .inputs
        .iter()
        .position(|i| i.param == "rollouts.plan.covered_by")
        .unwrap();
    let s20 = us
        .nominal
        .stations
        .iter()
        .position(|x| x.id == "S20")
        .unwrap();
    let s09 = us
        .nominal
        .stations
        .iter()
        .position(|x| x.id == "S09")
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for j in 0..50 {
        let u = j as f64 / 50.0;
        let mut coords = vec![0.5; us.inputs.len()];
        coords[k] = u;
        let values = us.values_at(&coords);
        let v = values[k];
        assert!(v == 0.0 || v == 1.0, "{v} at {u}");
        seen.insert(v as u8);
        if j % 10 == 0 {
            let at = us.scenario_at(&values).unwrap();
            for r in at.rollouts.iter().filter(|r| r.is_decision()) {
                let want = (v == 0.0).then_some(s09);
                assert_eq!(r.covered_by[s20], want, "{} at {v}", r.name);
            }
        }
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), [0, 1]);
    // A numeric choice: only its numbers.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("numeric.toml");
    std::fs::write(
        &f,
        "[[uncertain]]\nparam = \"demand.growth_per_year\"\ndist = \"choice\"\nvalues = [0.0, 0.03, 0.05]\nsource = \"test\"\n",
    )
    .unwrap();
    let us = load(&[s(&f)], true).unwrap();
    for j in 0..30 {
        let v = us.values_at(&[j as f64 / 30.0])[0];
        assert!([0.0, 0.03, 0.05].contains(&v), "{v}");
    }
}

#[test]
fn bad_choices_are_errors_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    std::fs::write(
        &f,
        r#"
[[uncertain]]
param = "rollouts.plan.covered_by"
dist = "choice"
values = [{ S20 = "S09" }, { S20 = "S09" }]
source = "listed twice"

[[uncertain]]
param = "rollouts.even.recruits"
dist = "choice"
values = [[1, 2, 3, 4, 5]]
source = "the file's value is not among them"

[[uncertain]]
param = "rollouts.plan.allocation"
dist = "choice"
values = ["opening_order", "by_lottery"]
source = "an allocation the validator refuses"

[[uncertain]]
param = "demand.growth_per_year"
dist = "choice"
values = [0.0, 0.03]
labels = ["flat"]
source = "one label for two values"

[[uncertain]]
param = "travel.cruise_kmh"
dist = "uniform"
min = 45.0
max = 70.0
values = [50.0]
source = "values belong to choice"

[[uncertain]]
param = "travel.model"
dist = "choice"
values = []
source = "no values"

[[uncertain]]
param = "staffing.absence_rate"
dist = "triangular"
min = 0.04
mode = 0.08
max = 0.14
labels = ["a", "b", "c"]
source = "labels belong to choice"
"#,
    )
    .unwrap();
    let err = load(&[s(&f)], true).unwrap_err().to_string();
    for want in [
        "uncertain[0] (`rollouts.plan.covered_by`): `values[1]` ({ S20 = \"S09\" }) is listed twice",
        "uncertain[1] (`rollouts.even.recruits`): the file's value [77, 77, 77, 77, 76] is not among the `values`",
        "uncertain[2] (`rollouts.plan.allocation`): the scenario is invalid with the field at \"by_lottery\"",
        "uncertain[3] (`demand.growth_per_year`): `labels` has 1 entries for 2 `values`",
        "uncertain[4] (`travel.cruise_kmh`): `values` does not belong to `uniform` (it takes `min`, `max`)",
        "uncertain[5] (`travel.model`): `choice` needs a non-empty list of `values`",
        "uncertain[6] (`staffing.absence_rate`): `labels` does not belong to `triangular`",
    ] {
        assert!(err.contains(want), "missing «{want}» in:\n{err}");
    }
}

/// The small study of `WORLD` over `rollouts` (names), baseline first.
fn world_study(rollouts: &[&str]) -> (UncertainScenario, Plan, Vec<robustness::ItemResult>) {
    let us = load(&[WORLD], true).unwrap();
    let idx = rollouts
        .iter()
        .map(|n| us.nominal.rollout(n).unwrap())
        .collect();
    let plan = Plan {
        design: Design::saltelli(2, us.inputs.len(), 3),
        reps: 2,
        rollouts: idx,
        baseline: 0,
        seed: 11,
        bootstrap: 20,
    };
    let results = robustness::run_items(&us, &plan, &plan.items(), &|| {}).unwrap();
    (us, plan, results)
}

/// A world rollout run beside decisions is never ranked: P(best) 0 in every period, out of
/// the value of information and the headline; the headline names a decision with its
/// P(best) and regret, and the sentence says them. P(milestone met) is the direct count of
/// design points past the line.
#[test]
fn world_rollouts_are_not_ranked_and_milestones_are_counted() {
    let (us, plan, results) = world_study(&["plan", "no_attrition", "front_loaded"]);
    let r = robustness::reduce(&us, &plan, &results);
    assert!(r.world_rollouts.iter().any(|w| w == "no_attrition"));
    for m in &r.metrics {
        for p in &m.periods {
            let row = &p.rollouts[1];
            assert_eq!(row.rollout, "no_attrition");
            assert!(!row.ranked && p.rollouts[0].ranked && p.rollouts[2].ranked);
            assert_eq!(row.summary.p_best, 0.0, "{} {}", m.metric, p.year);
            let total: f64 = p.rollouts.iter().map(|x| x.summary.p_best).sum();
            assert!((total - 1.0).abs() < 1e-9);
        }
    }
    let h = &r.headline;
    assert_eq!(h.candidates, ["plan", "front_loaded"]);
    let d = h.decision.as_deref().unwrap();
    assert!(d == "plan" || d == "front_loaded", "{d}");
    assert!((0.0..=1.0).contains(&h.p_best) && h.expected_regret >= 0.0);
    assert_eq!(h.cost_cny, None);
    let sentence = firesim::report::robustness::headline_sentence(&r, firesim::report::Lang::En);
    assert!(
        sentence.starts_with(&format!("Take `{d}`: among the 2 decisions,")),
        "{sentence}"
    );
    assert!(
        sentence.contains(&format!("with probability {:.0}%", 100.0 * h.p_best)),
        "{sentence}"
    );
    assert!(
        sentence.contains(&format!("expected regret of {:.1} s", h.expected_regret)),
        "{sentence}"
    );
    // P(milestone met) against a direct count over the design points.
    let years = us.nominal.calendar.years();
    assert!(!r.milestones.is_empty());
    for c in &r.milestones {
        assert!((0.0..=1.0).contains(&c.p_met), "{c:?}");
        let ri = r.rollouts.iter().position(|n| *n == c.rollout).unwrap();
        let t = years.iter().position(|y| *y == c.year).unwrap();
        let f = match c.milestone {
            robustness::Milestone::UrbanCoreP90WithinStandard => robustness::URBAN_CORE_P90,
            robustness::Milestone::ComplianceTargetReached => 1,
            robustness::Milestone::UrbanDistrictEdgesWithinStandard => robustness::DISTRICT_EDGES,
        };
        let met = results
            .chunks(plan.reps as usize)
            .filter(|point| {
                let x =
                    point.iter().map(|it| it.values[ri][t][f]).sum::<f64>() / point.len() as f64;
                c.milestone
                    .met(x, r.standard_s, r.compliance_target)
                    .unwrap()
            })
            .count();
        assert_eq!(c.p_met, met as f64 / plan.design.len() as f64, "{c:?}");
    }
    // Every decision dearer than the baseline: it is the only candidate.
    let elig = robustness::Eligibility {
        cost_cny: Some(vec![1e8, 1e8, 1.2e8]),
        feasible: None,
    };
    let r = robustness::reduce_with(&us, &plan, &results, &elig);
    assert_eq!(r.headline.decision.as_deref(), Some("plan"));
    assert_eq!(r.headline.p_best, 1.0);
    let sentence = firesim::report::robustness::headline_sentence(&r, firesim::report::Lang::En);
    assert!(
        sentence.starts_with(
            "Take `plan`, at 100.0 M CNY against `plan`'s 100.0 M CNY: it is the only one of the decisions costing no more than `plan`,"
        ),
        "{sentence}"
    );
}

/// The command: the default study runs decisions only and says which rollouts it leaves
/// out; robustness.md opens with the headline sentence; robustness.csv holds the same
/// decision, its P(best) and regret, and the milestones; naming a world rollout is refused.
#[test]
fn the_command_ranks_decisions_only_and_opens_with_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = [
        "robustness",
        DAFENG,
        "--uncertain",
        WORLD,
        "--uncertain-only",
        "--points",
        "2",
        "--reps",
        "2",
        "--bootstrap",
        "10",
        "--out",
        s(&out),
    ];
    let o = firesim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("× 6 decisions ×"), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("robustness.md")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("robustness.json")).unwrap()).unwrap();
    let h = &json["headline"];
    let d = h["decision"].as_str().unwrap();
    let lines: Vec<&str> = md.lines().collect();
    assert!(lines[0].starts_with("# dafeng: decisions"), "{md}");
    // Of the 6 decisions, `plan` is the only feasible one at no more than its own cost
    // (front_loaded costs more; even, back_loaded, demand_first and coverage_first leave
    // teams under their grade minimums).
    let candidates = h["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 1, "{h}");
    assert_eq!(h["feasible_only"], true);
    assert_eq!(h["within_baseline_cost"], true);
    let cost = h["cost_cny"].as_f64().unwrap() / 1e6;
    let want = format!(
        "**Take `{d}`, feasible, at {cost:.1} M CNY against `plan`'s {cost:.1} M CNY: it is the only one of the feasible decisions costing no more than `plan`"
    );
    assert!(lines[2].starts_with(&want), "{}\nwant {want}", lines[2]);
    for w in [
        "stations_slip",
        "no_attrition",
        "eighteen_teams_alt",
        "plan_table",
    ] {
        assert!(md.contains(&format!("`{w}`")), "{w} not named");
    }
    assert!(md.find("## What could change the choice") < md.find("## What moves the level"));
    assert!(md.find("## Milestones") < md.find("## What could change the choice"));
    let csv = std::fs::read_to_string(out.join("robustness.csv")).unwrap();
    assert!(csv.starts_with(
        "rollout,metric,year,mean,p05,p95,p_best,p_better_than_baseline,expected_regret,ranked,p_met,headline\n"
    ));
    for w in [
        "stations_slip",
        "no_attrition",
        "eighteen_teams_alt",
        "plan_table",
    ] {
        assert!(!csv.lines().any(|l| l.starts_with(&format!("{w},"))), "{w}");
    }
    let chosen: Vec<&str> = csv.lines().filter(|l| l.ends_with(",true")).collect();
    assert_eq!(chosen.len(), 1, "{chosen:?}");
    assert!(chosen[0].starts_with(&format!("{d},first_arrival_from_dispatch_s.p90,all,")));
    assert!(csv.contains(",milestone.urban_core_p90_within_standard,2021,"));
    let voi = std::fs::read_to_string(out.join("voi.csv")).unwrap();
    assert!(voi.contains(",decisions,"), "{voi}");
    assert!(voi.contains("-vs-base,"), "{voi}");
    // A world rollout named: refused, nothing written.
    let out2 = dir.path().join("out2");
    let mut bad = args.to_vec();
    bad.extend(["--rollouts", "plan,no_attrition"]);
    let last = bad.iter().position(|a| *a == s(&out)).unwrap();
    bad[last] = s(&out2);
    let o = firesim(&bad);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--rollouts: `no_attrition` is a state of the world"),
        "{}",
        stderr(&o)
    );
    assert!(!out2.exists());
}

/// `--lang zh`: robustness.md and report.html in Chinese (every heading and table header
/// has Chinese or is a name or number), the JSON and CSV as in English.
#[test]
fn the_chinese_report_has_no_english_headings() {
    if common::cjk_font_or_skip("Chinese robustness report").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = |lang: &str| {
        let out = dir.path().join(lang);
        let o = firesim(&[
            "robustness",
            DAFENG,
            "--uncertain",
            WORLD,
            "--uncertain-only",
            "--points",
            "2",
            "--reps",
            "2",
            "--bootstrap",
            "10",
            "--lang",
            lang,
            "--out",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        out
    };
    let (en, zh) = (run("en"), run("zh"));
    for f in [
        "robustness.json",
        "robustness.csv",
        "sensitivity.csv",
        "voi.csv",
    ] {
        assert!(
            std::fs::read(en.join(f)).unwrap() == std::fs::read(zh.join(f)).unwrap(),
            "{f} differs between languages"
        );
    }
    let cjk = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    // Only names and numbers may be without Chinese: code, digits, signs.
    let bare = |t: &str| {
        let t: String = t
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, x)| x)
            .collect();
        t.chars().all(|c| !c.is_ascii_alphabetic())
    };
    let html = std::fs::read_to_string(zh.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for tag in ["h1", "h2", "h3", "th", "figcaption", "title"] {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        for el in html
            .split(&open)
            .skip(1)
            .filter_map(|x| x.split(&close).next())
        {
            let text = el.replace("<code>", "`").replace("</code>", "`");
            assert!(
                cjk(&text) || bare(&text),
                "<{tag}> without Chinese: {text:?}"
            );
        }
    }
    let lead = html.split("<p class=\"lead\">").nth(1).unwrap();
    assert!(lead.starts_with("建议采用"), "{lead:.80}");
    let md = std::fs::read_to_string(zh.join("robustness.md")).unwrap();
    for line in md.lines().filter(|l| l.starts_with('#')) {
        assert!(cjk(line), "heading without Chinese: {line}");
    }
    assert!(md.lines().nth(2).unwrap().starts_with("**建议采用"));
}

/// An infeasible decision (`even` leaves teams below their grade minimums) is shown but not
/// ranked; `--include-infeasible` ranks it.
#[test]
fn include_infeasible_ranks_the_decisions_the_plan_forbids() {
    let dir = tempfile::tempdir().unwrap();
    let ranked = |extra: &[&str], name: &str| -> String {
        let out = dir.path().join(name);
        let o = common::small_robustness(&out, extra);
        assert!(o.status.success(), "{}", stderr(&o));
        let csv = std::fs::read_to_string(out.join("robustness.csv")).unwrap();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let col = header.iter().position(|h| *h == "ranked").unwrap();
        let row = csv
            .lines()
            .find(|l| l.starts_with("even,first_arrival_from_dispatch_s.p90,all,"))
            .unwrap_or_else(|| panic!("{csv}"));
        row.split(',').nth(col).unwrap().to_string()
    };
    assert_eq!(ranked(&[], "default"), "false");
    assert_eq!(ranked(&["--include-infeasible"], "included"), "true");
}
