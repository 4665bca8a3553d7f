//! The status-quo check: with the 2016–2020 demand, the default response plans give about
//! 1.34 vehicles and about 7 firefighters per incident, as the plan reports for 2016–2020
//! (5,216 vehicle and 27,005 firefighter dispatches for 3,885 calls).
//!
//! Both are checked within 5% of the plan's figures plus the sampling error of the mean
//! over the simulated incidents (4 standard errors, from the sample's own spread); the
//! specialist plans (aerials, tenders, squads by place) count like any other.

use firesim::prepare;
use firesim::study::runner::{self, KeepResponses, RunOptions};
use std::collections::HashMap;
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
            keep: KeepResponses::All,
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
    // The spread of the per-incident counts, from the kept responses; for firefighters
    // each response counts its kind's full crew (records do not keep the drawn crew; a
    // mutual-aid unit counts as an engine's), which stands in for the drawn crews' spread.
    let full_crew = |u: Option<u32>| {
        let kind = u.map_or(0, |u| s.units[u as usize].kind);
        s.unit_kinds[kind].crew as f64
    };
    let mut per: HashMap<(u32, u32), (f64, f64)> = HashMap::new();
    for (rep, r) in &out.responses {
        let e = per.entry((*rep, r.incident)).or_default();
        e.0 += 1.0;
        e.1 += full_crew(r.unit);
    }
    let sd = |f: &dyn Fn(&(f64, f64)) -> f64| {
        let m = per.values().map(f).sum::<f64>() / per.len() as f64;
        (per.values().map(|v| (f(v) - m).powi(2)).sum::<f64>() / (per.len() - 1) as f64).sqrt()
    };
    let (sd_v, sd_f) = (sd(&|v| v.0), sd(&|v| v.1));
    let tol_v = 1.34 * 0.05 + 4.0 * sd_v / n.sqrt();
    let tol_f = 6.95 * 0.05 + 4.0 * sd_f / n.sqrt();
    println!(
        "vehicles per call {vehicles:.3} (±{tol_v:.3}), firefighters per call {firefighters:.3} (±{tol_f:.3}), {n} calls"
    );
    assert!(
        (vehicles - 1.34).abs() < tol_v,
        "vehicles per incident {vehicles:.3} vs 1.34 (±{tol_v:.3})"
    );
    assert!(
        (firefighters - 6.95).abs() < tol_f,
        "firefighters per incident {firefighters:.2} vs 6.95 (±{tol_f:.3})"
    );
}
