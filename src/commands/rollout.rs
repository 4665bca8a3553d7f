//! `firesim rollout`: print a rollout's staffing per station and year with the plan's
//! checks, and write rollout.csv (one row per rollout × station × year, plus the
//! `government` and `district` aggregates) and rollout.json (checks and warnings).
//!
//! The numbers come from [`crate::prepare::rollout::timeline`]; this file only prints and writes.
//! Per unit, it also plays [`UNIT_REPS`] replications of the model (the scenario's seed)
//! for the share of the horizon each unit was crewed and whether it was ever sent.

use super::output::Staging;
use super::setup::{load, rollout_index};
use crate::prepare::rollout::{self, Row, Timeline};
use crate::report;
use crate::scenario::Scenario;
use anyhow::{Context, Result};
use std::path::Path;

/// Replications played for the per-unit figures (crewed share, ever sent).
pub const UNIT_REPS: u32 = 20;

/// Per unit of rollout `r`: crewed share (mean over [`UNIT_REPS`] replications), responses
/// per replication, and whether any replication sent it.
fn unit_figures(scenario: &Scenario, r: usize) -> Vec<serde_json::Value> {
    let opts = crate::study::runner::RunOptions {
        rollout: r,
        replications: UNIT_REPS,
        seed: scenario.seed,
        keep: crate::study::runner::KeepResponses::None,
        keep_sample: false,
    };
    let out = crate::study::runner::run(scenario, &opts, &|| {});
    let agg = crate::stats::aggregate(&out.layout, &out.reps);
    scenario
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            serde_json::json!({
                "id": u.id,
                "station": scenario.stations[u.station].id,
                "kind": scenario.unit_kinds[u.kind].name,
                "premises": u.premises,
                "can_be_requested": scenario.unit_kinds[u.kind].requestable,
                "crewed_share": agg.unit_crewed[i].mean,
                "responses_per_replication": agg.unit_responses[i].mean,
                "ever_sent": agg.unit_ever_sent[i],
            })
        })
        .collect()
}

/// The per-unit table of one rollout.
fn print_units(units: &[serde_json::Value]) {
    println!(
        "units over {UNIT_REPS} replications: share of the horizon crewed, responses per replication, ever sent"
    );
    println!(
        "{:<28} {:>8} {:>10} {:>6}",
        "unit", "crewed", "responses", "sent"
    );
    for u in units {
        let f = |k: &str| u[k].as_f64().unwrap_or(f64::NAN);
        println!(
            "{:<28} {:>7.1}% {:>10.1} {:>6}",
            u["id"].as_str().unwrap_or(""),
            100.0 * f("crewed_share"),
            f("responses_per_replication"),
            if u["ever_sent"].as_bool().unwrap_or(false) {
                "yes"
            } else {
                "no"
            }
        );
    }
    println!();
}

/// Show the rollout called `rollout` (default: every rollout, in brief) of the scenario at
/// `path` and write rollout.csv and rollout.json into `out` (default:
/// `results/<scenario name>/`).
pub fn run(path: &Path, rollout: Option<&str>, out: Option<&Path>) -> Result<()> {
    let scenario = load(path)?;
    let chosen: Vec<usize> = match rollout {
        Some(name) => vec![rollout_index(&scenario, name, path, "--rollout")?],
        None => (0..scenario.rollouts.len()).collect(),
    };
    let timelines: Vec<Timeline> = chosen
        .iter()
        .map(|&r| rollout::timeline(&scenario, &scenario.rollouts[r]))
        .collect();
    let out = out.map_or_else(
        || Path::new("results").join(&scenario.name),
        Path::to_path_buf,
    );

    let units: Vec<Vec<serde_json::Value>> =
        chosen.iter().map(|&r| unit_figures(&scenario, r)).collect();
    for ((&r, tl), u) in chosen.iter().zip(&timelines).zip(&units) {
        if rollout.is_some() {
            print_stations(&scenario, tl);
            print_units(u);
        }
        print_district(&scenario, r, tl);
    }

    let mut csv = csv::Writer::from_writer(vec![]);
    for row in timelines.iter().flat_map(|t| &t.rows) {
        csv.serialize(row).context("cannot encode rollout.csv")?;
    }
    let bytes = csv.into_inner().context("cannot encode rollout.csv")?;
    let json = serde_json::json!({
        "scenario": scenario.name,
        "seed": scenario.seed,
        "firesim_version": env!("CARGO_PKG_VERSION"),
        "rollouts": chosen.iter().zip(&timelines).zip(&units).map(|((&r, t), u)| serde_json::json!({
            "rollout": t.rollout,
            "units": u,
            "description": scenario.rollouts[r].description,
            "checks": t.checks,
            "checks_met": t.checks.all_met(),
            "warnings": scenario.rollouts[r].warnings,
            "feasible": t.violations.is_empty(),
            "violations": t.violations,
            "costs": t.costs,
        })).collect::<Vec<_>>(),
    });
    let staging = Staging::new(&out)?.guarding(&crate::scenario::input_files(path));
    report::write_atomic(&staging.path().join("rollout.csv"), &bytes)?;
    report::write_atomic(
        &staging.path().join("rollout.json"),
        (serde_json::to_string_pretty(&json)? + "\n").as_bytes(),
    )?;
    staging.commit()?;
    eprintln!("wrote {} (rollout.csv, rollout.json)", out.display());
    Ok(())
}

/// Per station: headcount, on duty and crewed units, end of year (year mean).
fn print_stations(scenario: &Scenario, tl: &Timeline) {
    let years: Vec<i32> = scenario.calendar.years();
    type Pick = fn(&Row) -> (f64, f64);
    let blocks: [(&str, Pick); 3] = [
        ("headcount", |r| (r.headcount_end as f64, r.headcount_mean)),
        ("on duty", |r| (r.on_duty_end as f64, r.on_duty_mean)),
        ("crewed units", |r| {
            (r.crewed_units_end as f64, r.crewed_units_mean)
        }),
    ];
    println!(
        "{} — rollout `{}`: end of year (year mean)",
        scenario.name, tl.rollout
    );
    for (what, get) in blocks {
        print!("\n{what:<14}{:>5}", "min");
        for y in &years {
            print!("{y:>13}");
        }
        println!();
        let mut last_station = true;
        for row_station in
            tl.rows
                .iter()
                .map(|r| r.station.as_str())
                .fold(vec![], |mut v: Vec<&str>, s| {
                    if !v.contains(&s) {
                        v.push(s);
                    }
                    v
                })
        {
            let rows: Vec<&Row> = tl
                .rows
                .iter()
                .filter(|r| r.station == row_station)
                .collect();
            let is_station = scenario.stations.iter().any(|s| s.id == row_station);
            if !is_station && last_station {
                println!("{}", "-".repeat(19 + 13 * years.len()));
            }
            last_station = is_station;
            let min = rows
                .first()
                .and_then(|r| r.grade_minimum)
                .filter(|m| *m > 0)
                .map_or(String::new(), |m| m.to_string());
            print!("{row_station:<14}{min:>5}");
            for r in &rows {
                let (end, mean) = get(r);
                print!("{:>13}", format!("{end:.0} ({mean:.1})"));
            }
            println!();
        }
    }
    println!();
}

/// Government totals per year, the plan's checks and the warnings.
fn print_district(scenario: &Scenario, r: usize, tl: &Timeline) {
    let ro = &scenario.rollouts[r];
    println!("rollout `{}`: {}", ro.name, ro.description);
    println!(
        "  {:>6} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7} {:>6} {:>9}",
        "year", "gov. end", "in ind.", "joined", "left", "on duty", "crewed", "below", "district"
    );
    let opt = |v: Option<u32>| v.map_or("-".to_string(), |v| v.to_string());
    for gov in tl.rows.iter().filter(|r| r.station == "government") {
        let all = tl
            .rows
            .iter()
            .find(|r| r.station == "district" && r.year == gov.year);
        println!(
            "  {:>6} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7} {:>6} {:>9}",
            gov.year,
            gov.headcount_end,
            opt(gov.in_induction_end),
            opt(gov.joined),
            opt(gov.left),
            gov.on_duty_end,
            gov.crewed_units_end,
            opt(gov.below_minimum),
            all.map_or(String::new(), |a| format!(
                "{}/{}",
                a.on_duty_end, a.crewed_units_end
            )),
        );
    }
    println!(
        "  (gov. = government stations at year end; district = every station's on duty / crewed units)"
    );
    let c = &tl.checks;
    let mark = |ok: bool| if ok { "ok" } else { "NOT MET" };
    match c.target_government_firefighters {
        Some(t) => println!(
            "  check: government firefighters on {}: {} (plan: at least {t}) {}",
            c.at,
            c.government_firefighters,
            mark(c.government_firefighters >= t)
        ),
        None => println!(
            "  check: government firefighters on {}: {}",
            c.at, c.government_firefighters
        ),
    }
    if c.below_minimum.is_empty() {
        println!("  check: no team below its grade minimum ok");
    } else {
        println!(
            "  check: {} team(s) below their grade minimum: {} NOT MET",
            c.below_minimum.len(),
            c.below_minimum
                .iter()
                .map(|b| format!("{} {}<{}", b.station, b.headcount, b.minimum))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let per = format!(
        "{:.2} per 1,000 residents ({:.0} residents)",
        c.per_1000_residents, c.population
    );
    match c.target_per_1000_residents {
        Some(t) => println!(
            "  check: {per} (plan: at least {t}) {}",
            mark(c.per_1000_residents >= t)
        ),
        None => println!("  check: {per}"),
    }
    print_costs(tl);
    for w in &ro.warnings {
        eprintln!("warning: rollout `{}`: {w}", ro.name);
    }
    println!();
}

/// Firefighter-years and cost per year, and every constraint the rollout breaks.
fn print_costs(tl: &Timeline) {
    if let Some(k) = &tl.costs {
        let m = |x: f64| format!("{:.1}", x / 1e6);
        println!(
            "  cost (M {}): {}; total {} over {:.0} firefighter-years (present value {})",
            k.currency,
            k.years
                .iter()
                .map(|y| format!("{} {}", y.year, m(y.total)))
                .collect::<Vec<_>>()
                .join(", "),
            m(k.total.total),
            k.total.firefighter_years,
            m(k.total.present_value)
        );
    }
    if tl.violations.is_empty() {
        println!("  constraints: feasible");
    } else {
        println!(
            "  constraints: INFEASIBLE, {} violation(s):",
            tl.violations.len()
        );
        for v in &tl.violations {
            println!("    {}", v.describe(&tl.rollout));
        }
    }
}
