//! Specialist units in the response plans (issue 13): place-dependent subtypes pick the
//! right plan, and every crewed unit kind of the Dafeng scenario is sent, aerials to
//! high-rise fires.

use firesim::prepare;
use firesim::prepare::demand;
use firesim::scenario::Scenario;
use firesim::study::runner::{self, KeepResponses, RunOptions};
use std::path::Path;

fn dafeng() -> Scenario {
    prepare::load(Path::new("scenarios/dafeng.toml")).unwrap()
}

fn type_index(s: &Scenario, name: &str) -> usize {
    s.incident_types
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no incident type `{name}`"))
}

fn kind_index(s: &Scenario, name: &str) -> usize {
    s.unit_kinds.iter().position(|k| k.name == name).unwrap()
}

/// Each subtype occurs only where its place matches, and in a matching zone takes its
/// share of the parent's incidents (within 4 binomial standard errors).
#[test]
fn place_conditions_select_the_right_plan() {
    let s = dafeng();
    let has_tag = |z: u32, tag: &str| s.zones[z as usize].tags.iter().any(|t| t == tag);
    let structure = type_index(&s, "structure_fire");
    let high_rise = type_index(&s, "high_rise_fire");
    let rural = type_index(&s, "rural_structure_fire");
    let chemical = type_index(&s, "chemical_plant_fire");
    let hazmat = type_index(&s, "hazmat");
    let chem_hazmat = type_index(&s, "chemical_park_hazmat");
    assert_eq!(s.incident_types[high_rise].parent, Some(structure));
    // The subtype's plan is its own: aerial for high-rise, tender for rural fires.
    let requests = |t: usize, kind: &str| {
        let k = kind_index(&s, kind);
        s.incident_types[t]
            .plan
            .requirements
            .iter()
            .any(|&(kk, _)| kk == k)
    };
    assert!(requests(high_rise, "aerial") && !requests(structure, "aerial"));
    assert!(requests(rural, "water_tender") && !requests(structure, "water_tender"));
    assert!(requests(chem_hazmat, "chemical_squad") && !requests(hazmat, "chemical_squad"));

    let (mut urban_structure, mut urban_high_rise) = (0u32, 0u32);
    let mut chemical_park_hazmat_plain = 0;
    for rep in 0..20 {
        for inc in demand::generate(&s, 11, rep) {
            let t = inc.kind as usize;
            if t == high_rise {
                assert!(
                    has_tag(inc.zone, "urban"),
                    "high-rise fire outside the urban zones"
                );
            }
            if t == rural {
                assert!(has_tag(inc.zone, "no_hydrants"));
            }
            if t == chemical || t == chem_hazmat {
                assert!(has_tag(inc.zone, "chemical_park"));
            }
            if t == hazmat && has_tag(inc.zone, "chemical_park") {
                chemical_park_hazmat_plain += 1;
            }
            if has_tag(inc.zone, "urban") && (t == structure || t == high_rise) {
                urban_structure += 1;
                urban_high_rise += (t == high_rise) as u32;
            }
        }
    }
    // share = 1.0: no plain hazmat incident is left in the chemical parks.
    assert_eq!(chemical_park_hazmat_plain, 0);
    let n = urban_structure as f64;
    assert!(n > 200.0, "too few urban structure fires to test: {n}");
    let p = urban_high_rise as f64 / n;
    let tol = 4.0 * (0.3 * 0.7 / n).sqrt();
    assert!(
        (p - 0.3).abs() < tol,
        "high-rise share {p:.3} vs 0.3 ± {tol:.3} (n {n})"
    );
}

/// Over 20 replications of `plan` (seed 7), every unit kind that is ever crewed responds,
/// and aerials respond to high-rise fires and to nothing else (no plan or substitute rule
/// sends them elsewhere). A kind is tested only when its expected requests (plans' requests
/// per incident × incidents × the largest share of the horizon one of its units is crewed)
/// are at least 21, so that a kind that should respond fails to with probability below
/// e^-21 ≈ 1e-9 (Poisson); the test asserts that every crewed Dafeng kind qualifies.
#[test]
fn every_crewed_kind_is_sent() {
    let s = dafeng();
    let reps = 20;
    let out = runner::run(
        &s,
        &RunOptions {
            rollout: s.rollout("plan").unwrap(),
            replications: reps,
            seed: 7,
            keep: KeepResponses::All,
            keep_sample: false,
        },
        &|| {},
    );
    let incidents: f64 = out
        .reps
        .iter()
        .map(|r| r.horizon(&out.layout, "incidents").unwrap())
        .sum();
    for (k, kind) in s.unit_kinds.iter().enumerate() {
        let units: Vec<usize> = (0..s.units.len())
            .filter(|&u| s.units[u].kind == k)
            .collect();
        let crewed = units
            .iter()
            .map(|&u| out.reps.iter().map(|r| r.unit_crewed[u]).sum::<f64>() / reps as f64)
            .fold(0.0, f64::max);
        if crewed == 0.0 {
            continue;
        }
        let expected = kind.requests_per_incident * incidents * crewed;
        assert!(
            expected >= 21.0,
            "`{}`: only {expected:.1} requests expected; the test needs more replications",
            kind.name
        );
        let responses: f64 = units
            .iter()
            .map(|&u| out.reps.iter().map(|r| r.unit_responses[u]).sum::<f64>())
            .sum();
        assert!(
            responses > 0.0,
            "`{}` is crewed ({crewed:.2} of the horizon) but never sent ({expected:.0} requests expected)",
            kind.name
        );
    }
    // Every kind of the scenario is crewed at some time (none is left unrequested).
    for (k, kind) in s.unit_kinds.iter().enumerate() {
        assert!(kind.requestable, "`{}` is not requestable", kind.name);
        let _ = k;
    }
    let aerial = kind_index(&s, "aerial") as u32;
    let high_rise = type_index(&s, "high_rise_fire") as u32;
    let aerial_to: Vec<u32> = out
        .responses
        .iter()
        .filter(|(_, r)| {
            r.unit
                .is_some_and(|u| s.units[u as usize].kind as u32 == aerial)
        })
        .map(|(_, r)| r.kind)
        .collect();
    assert!(!aerial_to.is_empty(), "no aerial responded");
    assert!(
        aerial_to.iter().all(|&t| t == high_rise),
        "aerials sent to other types"
    );
}
