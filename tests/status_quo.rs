//! The status-quo check: with the 2016–2020 demand, the default response plans give about
//! 1.34 vehicles and about 7 firefighters per incident, as the plan reports for 2016–2020
//! (5,216 vehicle and 27,005 firefighter dispatches for 3,885 calls).
//!
//! The vehicle mix is the plans' design, so the tolerance is the sampling error of the
//! type mix over the simulated incidents (4 standard errors) plus a modelling allowance
//! of 5% ("about"); firefighters are checked at 10%, since crews are an estimate.

use firesim::prepare;
use firesim::runner::{self, KeepResponses, RunOptions};
use std::path::Path;

#[test]
fn plans_reproduce_2016_2020_dispatch_ratios() {
    let text = std::fs::read_to_string("scenarios/dafeng.toml")
        .unwrap()
        .replacen("annual_rate = 800.0", "annual_rate = 777.0", 1)
        .replacen("growth_per_year = 0.03", "growth_per_year = 0.0", 1);
    let s = prepare::from_str(&text, Path::new("scenarios/dafeng.toml")).unwrap();
    let out = runner::run(
        &s,
        &RunOptions {
            rollout: s.rollout("plan_table").unwrap(),
            replications: 4,
            seed: 7,
            keep: KeepResponses::None,
            keep_sample: false,
        },
        &|| {},
    );
    let get = |name: &str| -> (f64, f64) {
        let v: Vec<f64> = out
            .reps
            .iter()
            .map(|r| r.horizon(&out.layout, name).unwrap())
            .collect();
        let n_inc: f64 = out
            .reps
            .iter()
            .map(|r| r.horizon(&out.layout, "incidents").unwrap())
            .sum();
        (v.iter().sum::<f64>() / v.len() as f64, n_inc)
    };
    let (vehicles, n) = get("units_per_incident");
    let (firefighters, _) = get("firefighters_per_incident");
    // Per-incident vehicle counts range 1..3 with sd about 0.55: the mean of n incidents
    // has a standard error of 0.55/√n.
    let tol = 1.34 * 0.05 + 4.0 * 0.55 / n.sqrt();
    assert!(
        (vehicles - 1.34).abs() < tol,
        "vehicles per incident {vehicles:.3} vs 1.34 (±{tol:.3})"
    );
    assert!(
        (firefighters - 6.95).abs() < 0.695,
        "firefighters per incident {firefighters:.2} vs 6.95 (±10%)"
    );
}
