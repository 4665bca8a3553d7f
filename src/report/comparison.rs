//! The comparison files: `comparison.json` (everything, nested), `comparison.csv` (one tidy
//! row per rollout × year × figure, for pandas and R) and `comparison.md` (the headline
//! table, also printed to the terminal).

use super::data::{Cell, ReportData, TableRow};
use super::i18n::{Lang, Msg};
use super::summary::insert_path;
use crate::scenario::Scenario;
use crate::stats::Estimate;
use crate::study::compare::Comparison;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

fn period_label(c: &Comparison, p: usize) -> String {
    let years = &c.rollouts[0].agg.years;
    years.get(p).map_or("all".to_string(), |y| y.to_string())
}

fn leaf(e: &Estimate, d: &Estimate) -> Value {
    json!({
        "mean": e,
        "diff_vs_baseline": {
            "mean": d,
            "significant": d.excludes_zero(),
        },
    })
}

/// `comparison.json`.
pub fn comparison_json(scenario: &Scenario, c: &Comparison) -> Value {
    let baseline = &scenario.rollouts[c.rollouts[c.baseline].index].name;
    let econ = super::economics::applies(scenario)
        .then(|| crate::study::economics::economics(scenario, c));
    let rollouts: Vec<Value> = c
        .rollouts
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let ro = &scenario.rollouts[r.index];
            let mut periods = vec![];
            for (p, (est, diff)) in r.agg.periods.iter().zip(&r.diffs).enumerate() {
                let mut m = Map::new();
                m.insert("period".into(), json!(period_label(c, p)));
                for ((name, e), d) in c.layout.names.iter().zip(est).zip(diff) {
                    // `mean` holds the estimate {mean, ci95}; flatten it for readers.
                    let mut v = leaf(e, d);
                    if let Some(obj) = v.as_object_mut()
                        && let Some(Value::Object(inner)) = obj.remove("mean")
                    {
                        for (k, x) in inner {
                            obj.insert(k, x);
                        }
                    }
                    insert_path(&mut m, name, v);
                }
                periods.push(Value::Object(m));
            }
            let horizon = periods.pop().unwrap_or(Value::Null);
            let units: Vec<Value> = scenario
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    json!({
                        "id": u.id,
                        "station": scenario.stations[u.station].id,
                        "utilization": r.agg.unit_utilization[i],
                        "responses": r.agg.unit_responses[i],
                        "crewed_share": r.agg.unit_crewed[i],
                        "ever_sent": r.agg.unit_ever_sent[i],
                    })
                })
                .collect();
            let mut economics = econ
                .as_ref()
                .map_or(Value::Null, |e| super::economics::json(&e[k]));
            if economics.is_null() {
                economics = json!({});
            }
            json!({
                "name": ro.name,
                "role": ro.role,
                "description": ro.description,
                "warnings": ro.warnings,
                "feasible": economics.get("feasible").cloned().unwrap_or(Value::Bool(true)),
                "violations": economics.get("violations").cloned().unwrap_or(json!([])),
                "costs": economics.get("costs").cloned().unwrap_or(Value::Null),
                "vs_baseline": economics.get("vs_baseline").cloned().unwrap_or(Value::Null),
                "milestones": r.milestones,
                "years": periods,
                "horizon": horizon,
                "units": units,
            })
        })
        .collect();
    json!({
        "scenario": scenario.name,
        "seed": c.seed,
        "replications": c.replications,
        "firesim_version": env!("CARGO_PKG_VERSION"),
        "baseline": baseline,
        "standard_s": scenario.standard_s,
        "method": {
            "estimates": "mean over replications of the per-replication figure, Student-t 95% interval",
            "differences": "paired by replication (common random numbers): interval on the per-replication differences; significant when it excludes zero",
            "percentiles": "per replication from 1 s histograms (breakdowns: 10 s), within half a bin of exact",
        },
        "rollouts": rollouts,
    })
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// `comparison.csv`: columns rollout, year, metric, mean, ci95_lo, ci95_hi,
/// diff_vs_baseline, diff_ci95_lo, diff_ci95_hi (empty where undefined), role (`decision`,
/// or `world`: a state of the world, not a choice).
pub fn comparison_csv(scenario: &Scenario, c: &Comparison) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "rollout",
        "year",
        "metric",
        "mean",
        "ci95_lo",
        "ci95_hi",
        "diff_vs_baseline",
        "diff_ci95_lo",
        "diff_ci95_hi",
        "role",
    ])?;
    let ci = |e: &Estimate| match e.ci95 {
        Some([lo, hi]) => (num(lo), num(hi)),
        None => (String::new(), String::new()),
    };
    for r in &c.rollouts {
        let name = &scenario.rollouts[r.index].name;
        let role = scenario.rollouts[r.index].role.name();
        for (p, (est, diff)) in r.agg.periods.iter().zip(&r.diffs).enumerate() {
            let label = period_label(c, p);
            for ((metric, e), d) in c.layout.names.iter().zip(est).zip(diff) {
                let (lo, hi) = ci(e);
                let (dlo, dhi) = ci(d);
                w.write_record([
                    name,
                    &label,
                    metric,
                    &num(e.mean),
                    &lo,
                    &hi,
                    &num(d.mean),
                    &dlo,
                    &dhi,
                    role,
                ])?;
            }
        }
        for (i, u) in scenario.units.iter().enumerate() {
            let e = &r.agg.unit_utilization[i];
            let (lo, hi) = ci(e);
            w.write_record([
                name,
                "all",
                &format!("unit.{}.utilization", u.id),
                &num(e.mean),
                &lo,
                &hi,
                "",
                "",
                "",
                role,
            ])?;
        }
    }
    if super::economics::applies(scenario) {
        cost_rows(&mut w, scenario, c)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// comparison.csv's cost rows: per rollout and year (then `all`), firefighter-years,
/// recruits and cost by item (metric `cost.<item>`, in the scenario's currency), and
/// `feasible` (1 or 0) with `violations` (their count) over the horizon.
fn cost_rows(
    w: &mut csv::Writer<Vec<u8>>,
    scenario: &Scenario,
    c: &Comparison,
) -> Result<(), csv::Error> {
    for (e, r) in crate::study::economics::economics(scenario, c)
        .into_iter()
        .zip(&c.rollouts)
    {
        let role = scenario.rollouts[r.index].role.name();
        if let Some(k) = &e.costs {
            for y in k.years.iter().chain(std::iter::once(&k.total)) {
                let year = if y.year == 0 {
                    "all".to_string()
                } else {
                    y.year.to_string()
                };
                for (metric, v) in [
                    ("firefighter_years", y.firefighter_years),
                    ("recruits", y.recruits as f64),
                    ("employed_end", y.employed_end as f64),
                    ("cost.personnel", y.personnel),
                    ("cost.recruitment", y.recruitment),
                    ("cost.premises", y.premises),
                    ("cost.running", y.running),
                    ("cost.capital", y.capital),
                    ("cost.total", y.total),
                    ("cost.present_value", y.present_value),
                ] {
                    w.write_record([&e.rollout, &year, metric, &num(v), "", "", "", "", "", role])?;
                }
            }
        }
        let feasible = if e.feasible { "1" } else { "0" };
        let n = e.violations.len().to_string();
        for (metric, v) in [("feasible", feasible), ("violations", n.as_str())] {
            w.write_record([&e.rollout, "all", metric, v, "", "", "", "", "", role])?;
        }
    }
    Ok(())
}

/// `comparison.md`: the headline tables and the milestones, in `lang`, from the report's
/// data (so `firesim report --lang` can write it without the comparison).
pub fn comparison_md(d: &ReportData, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang);
    let name = |r: &str| d.rollout_name(r, lang);
    let n_years = d.periods.len().saturating_sub(1);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n\n{}\n",
        t(Msg::MdTitle {
            scenario: &d.scenario
        }),
        t(Msg::MdIntro {
            reps: &d.replications,
            seed: &d.seed,
            base: &name(&d.baseline)
        })
    );
    let table = |s: &mut String,
                 title: &str,
                 cells: &dyn Fn(&TableRow) -> &Vec<Cell>,
                 fmt: &dyn Fn(f64) -> String,
                 dfmt: &dyn Fn(f64) -> String| {
        let _ = writeln!(s, "## {title}\n");
        let _ = write!(s, "| {} |", t(Msg::Rollout));
        for y in &d.periods[..n_years] {
            let _ = write!(s, " {y} |");
        }
        let _ = write!(s, " {} |\n|---|", t(Msg::AllYears));
        for _ in 0..=n_years {
            let _ = write!(s, "---:|");
        }
        s.push('\n');
        for r in &d.table {
            let baseline = r.rollout == d.baseline;
            let label = if baseline {
                t(Msg::MdBaseline {
                    name: &name(&r.rollout),
                })
            } else if r.world {
                t(Msg::MdWorld {
                    name: &name(&r.rollout),
                })
            } else {
                name(&r.rollout)
            };
            let _ = write!(s, "| {label} |");
            for c in cells(r).iter().take(n_years + 1) {
                if baseline {
                    let _ = write!(s, " {} |", fmt(c.mean));
                } else {
                    let star = if c.significant { "*" } else { "" };
                    let _ = write!(s, " {} ({}{star}) |", fmt(c.mean), dfmt(c.diff));
                }
            }
            s.push('\n');
        }
        s.push('\n');
    };
    table(
        &mut s,
        &t(Msg::MdP90Heading),
        &|r| &r.p90_s,
        &|x| format!("{x:.0}"),
        &|d| {
            if d.abs() < 9.95 {
                format!("{d:+.1}")
            } else {
                format!("{d:+.0}")
            }
        },
    );
    let std_s = format!("{:.0}", d.standard_s);
    table(
        &mut s,
        &t(Msg::MdWithinHeading { std_s: &std_s }),
        &|r| &r.within,
        &|x| format!("{:.1}%", 100.0 * x),
        &|d| {
            if (100.0 * d).abs() < 0.95 {
                format!("{:+.2}", 100.0 * d)
            } else {
                format!("{:+.1}", 100.0 * d)
            }
        },
    );
    super::economics::markdown(&mut s, d, lang, &|r| d.rollout_name(r, lang));
    super::plan_rule::markdown(&mut s, d, lang);
    let confident = t(Msg::MdConfident);
    let (edge_head, edge_rule) = if d.district_rule {
        (
            format!(" {} |", t(Msg::MdMilestoneDistrictEdge { std_s: &std_s })),
            "---:|",
        )
    } else {
        (String::new(), "")
    };
    let _ = writeln!(
        s,
        "## {}\n\n| {} | {} | {confident} | {} | {confident} |{edge_head}\n|---|---:|---:|---:|---:|{edge_rule}",
        t(Msg::Milestones),
        t(Msg::Rollout),
        t(Msg::MdMilestoneUrbanCore { std_s: &std_s }),
        t(Msg::MdMilestoneCompliance {
            target_pct: &format!("{:.0}", 100.0 * d.compliance_target),
            std_s: &std_s
        }),
    );
    let y = |v: Option<i32>| v.map_or(t(Msg::NotReached), |y| y.to_string());
    for m in &d.milestones {
        let edge = if d.district_rule {
            format!(" {} |", y(m.district_edge))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |{edge}",
            name(&m.rollout),
            y(m.urban_core_p90),
            y(m.urban_core_p90_confident),
            y(m.compliance),
            y(m.compliance_confident)
        );
    }
    s
}
