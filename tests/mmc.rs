//! The M/M/c validation scenario against Erlang C.
//!
//! For several (c, a = λ/μ) the share of calls that wait and the mean wait are estimated
//! over independent replications of one simulated year each; the tolerance is four
//! standard errors of the replication mean (from the replications' own spread), so a
//! correct engine fails with probability about 6e-5 per check, and a biased one (say a
//! wrong tie-break, a lost event, a unit double-booked) fails.

use firesim::prepare;
use firesim::scenario;
use firesim::study::runner::{self, KeepResponses, RunOptions};
use std::path::Path;

/// Erlang C: probability that an arrival waits in M/M/c with offered load `a`.
fn erlang_c(c: u32, a: f64) -> f64 {
    // Erlang B by the stable recursion, then C = B / (1 − ρ(1 − B)).
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    let rho = a / c as f64;
    b / (1.0 - rho * (1.0 - b))
}

fn mmc_scenario(c: u32, a: f64, service_s: f64) -> scenario::Scenario {
    let text = std::fs::read_to_string("scenarios/validation/mmc.toml").unwrap();
    let rate_per_year = a / service_s * 365.25 * 86_400.0;
    let units = vec!["\"server\""; c as usize].join(", ");
    let text = text
        .replace(
            "annual_rate = 17532.0",
            &format!("annual_rate = {rate_per_year}"),
        )
        .replace("mean_s = 3600.0", &format!("mean_s = {service_s}"))
        .replace(
            r#"units = ["server", "server", "server"]"#,
            &format!("units = [{units}]"),
        )
        .replace("firefighters = 3 }", &format!("firefighters = {c} }}"));
    prepare::from_str(&text, Path::new("scenarios/validation/mmc.toml")).unwrap()
}

fn values(out: &runner::RunOutput, name: &str) -> Vec<f64> {
    out.reps
        .iter()
        .map(|r| r.horizon(&out.layout, name).unwrap())
        .collect()
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let s = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    (m, s)
}

fn check(c: u32, a: f64, service_s: f64, reps: u32) {
    let s = mmc_scenario(c, a, service_s);
    let opts = RunOptions {
        rollout: 0,
        replications: reps,
        seed: 4242,
        keep: KeepResponses::None,
        keep_sample: false,
    };
    let out = runner::run(&s, &opts, &|| {});
    let pw = erlang_c(c, a);
    let mu = 1.0 / service_s;
    let wq = pw / (c as f64 * mu - a * mu);

    let (m, sd) = mean_sd(&values(&out, "queue.share_waited"));
    let tol = 4.0 * sd / (reps as f64).sqrt();
    assert!(
        (m - pw).abs() < tol,
        "c={c} a={a}: share waited {m:.4} vs Erlang C {pw:.4} (tolerance {tol:.4})"
    );
    let (m, sd) = mean_sd(&values(&out, "queue.mean_wait_s"));
    let tol = 4.0 * sd / (reps as f64).sqrt();
    assert!(
        (m - wq).abs() < tol,
        "c={c} a={a}: mean wait {m:.1} s vs Erlang C {wq:.1} s (tolerance {tol:.1})"
    );
    // Utilisation of the servers is ρ = a / c.
    let (m, _) = mean_sd(&values(&out, "units_per_incident"));
    assert_eq!(m, 1.0);
}

#[test]
fn erlang_c_formula_matches_a_textbook_value() {
    // c = 2, a = 1: C = 1/3 (e.g. Gross & Harris).
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
    assert!((erlang_c(1, 0.5) - 0.5).abs() < 1e-12);
}

#[test]
fn mm1_light_load() {
    check(1, 0.5, 600.0, 30);
}

#[test]
fn mm3_shipped_scenario() {
    check(3, 2.0, 3_600.0, 30);
}

#[test]
fn mm5_heavy_load() {
    check(5, 4.0, 1_800.0, 30);
}
