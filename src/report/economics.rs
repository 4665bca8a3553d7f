//! The cost table of a comparison: each rollout's firefighter-years, cost, feasibility and
//! cost-effectiveness against the baseline ([`crate::study::economics`]), built into the
//! report's data and written as Markdown, HTML and JSON/CSV fields.

use super::data::{Captioned, Cell, EconomicsRow, ReportData, TableRow};
use super::i18n::{Lang, Msg};
use super::page::esc;
use super::table::{Column, Table, Value};
use crate::report::plot::{ChartSize, CostChart, CostPoint};
use crate::scenario::Scenario;
use crate::study::compare::Comparison;
use crate::study::economics::{self, Economics, Quadrant};
use serde_json::json;
use std::fmt::Write as _;

/// Whether the scenario states costs or constraints (the cost table is shown).
pub fn applies(scenario: &Scenario) -> bool {
    scenario.costs.is_some() || scenario.constraints.any()
}

fn quadrant_key(q: Quadrant) -> &'static str {
    match q {
        Quadrant::Baseline => "baseline",
        Quadrant::Dominates => "dominates",
        Quadrant::Dominated => "dominated",
        Quadrant::TradeOff => "trade-off",
        Quadrant::SameCost => "same-cost",
    }
}

/// 9. Cost against the all-years p90 from the dispatch order, with its 95% interval, one
///    point per rollout that has a cost (none without `[costs]`); texts by `localize`.
pub fn cost_chart(
    table: &[TableRow],
    econ: &[EconomicsRow],
    baseline: &str,
) -> Option<Captioned<CostChart>> {
    let points: Vec<CostPoint> = econ
        .iter()
        .filter(|e| e.cost_million.is_finite())
        .filter_map(|e| {
            let row = table.iter().find(|r| r.rollout == e.rollout)?;
            let all = row.p90_s.last()?;
            Some(CostPoint {
                name: e.rollout.clone(),
                cost: e.cost_million,
                value: all.mean,
                lo: all.lo,
                hi: all.hi,
                feasible: e.feasible,
                baseline: e.rollout == baseline,
                world: row.world,
            })
        })
        .collect();
    (!points.is_empty()).then(|| Captioned {
        stem: "9-cost".into(),
        caption: String::new(),
        chart: CostChart {
            points,
            size: ChartSize::default(),
            ..CostChart::default()
        },
    })
}

/// The report's cost rows (empty when the scenario states no costs or constraints).
pub fn rows(scenario: &Scenario, c: &Comparison) -> Vec<EconomicsRow> {
    if !applies(scenario) {
        return vec![];
    }
    economics::economics(scenario, c)
        .into_iter()
        .map(|e| {
            let (ffy, cost, pv) = e
                .costs
                .as_ref()
                .map_or((f64::NAN, f64::NAN, f64::NAN), |k| {
                    (
                        k.total.firefighter_years,
                        k.total.total / 1e6,
                        k.total.present_value / 1e6,
                    )
                });
            EconomicsRow {
                firefighter_years: ffy,
                cost_million: cost,
                present_value_million: pv,
                cost_diff_million: e.cost_diff.map_or(f64::NAN, |d| d / 1e6),
                p90_diff: Cell::new(e.p90_diff_s, e.p90_diff_s),
                within_diff: Cell::new(e.within_diff_points, e.within_diff_points),
                p90_s_per_million: e.p90_s_per_million.unwrap_or(f64::NAN),
                points_per_million: e.points_per_million.unwrap_or(f64::NAN),
                quadrant: quadrant_key(e.quadrant).to_string(),
                feasible: e.feasible,
                violations: e
                    .violations
                    .iter()
                    .map(|v| v.describe(&e.rollout))
                    .collect(),
                rollout: e.rollout,
            }
        })
        .collect()
}

/// One rollout's economics as `comparison.json` holds it.
pub fn json(e: &Economics) -> serde_json::Value {
    json!({
        "feasible": e.feasible,
        "violations": e.violations,
        "costs": e.costs,
        "vs_baseline": {
            "cost_diff": e.cost_diff,
            "p90_diff_s": e.p90_diff_s,
            "within_diff_points": e.within_diff_points,
            "p90_s_per_million": e.p90_s_per_million,
            "points_per_million": e.points_per_million,
            "quadrant": e.quadrant,
        },
    })
}

fn f(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        "–".to_string()
    }
}

fn signed(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:+.digits$}")
    } else {
        "–".to_string()
    }
}

fn quadrant_text(lang: Lang, q: &str) -> String {
    match q {
        "baseline" => Msg::QuadrantBaseline.text(lang),
        "dominates" => Msg::QuadrantDominates.text(lang),
        "dominated" => Msg::QuadrantDominated.text(lang),
        "trade-off" => Msg::QuadrantTradeOff.text(lang),
        _ => Msg::QuadrantSameCost.text(lang),
    }
}

/// The cells of one row, in the order of [`headers`].
fn cells(
    d: &ReportData,
    r: &EconomicsRow,
    lang: Lang,
    display: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let star = |c: &Cell| if c.significant { "*" } else { "" };
    let feasible = if r.feasible {
        Msg::Feasible.text(lang)
    } else {
        Msg::Infeasible {
            n: &r.violations.len(),
        }
        .text(lang)
    };
    let base = r.rollout == d.baseline;
    vec![
        display(&r.rollout),
        f(r.firefighter_years, 0),
        f(r.cost_million, 1),
        f(r.present_value_million, 1),
        if base {
            "–".into()
        } else {
            signed(r.cost_diff_million, 1)
        },
        if base {
            "–".into()
        } else {
            format!("{}{}", signed(r.p90_diff.mean, 1), star(&r.p90_diff))
        },
        if base {
            "–".into()
        } else {
            format!("{}{}", signed(r.within_diff.mean, 2), star(&r.within_diff))
        },
        if base {
            "–".into()
        } else {
            signed(r.p90_s_per_million, 2)
        },
        if base {
            "–".into()
        } else {
            signed(r.points_per_million, 3)
        },
        quadrant_text(lang, &r.quadrant),
        feasible,
    ]
}

fn headers(d: &ReportData, lang: Lang) -> Vec<String> {
    // Chinese reports write yuan as 元, as the plan does.
    let cur = match (lang, d.currency.as_str()) {
        (Lang::Zh, "CNY") => "元".to_string(),
        _ => d.currency.clone(),
    };
    let cur = &cur;
    vec![
        Msg::Rollout.text(lang),
        Msg::CostFirefighterYears.text(lang),
        Msg::CostTotal { cur }.text(lang),
        Msg::CostPresentValue { cur }.text(lang),
        Msg::CostDiff { cur }.text(lang),
        Msg::CostP90Diff.text(lang),
        Msg::CostWithinDiff.text(lang),
        Msg::CostP90PerMillion { cur }.text(lang),
        Msg::CostPointsPerMillion { cur }.text(lang),
        Msg::CostQuadrant.text(lang),
        Msg::Feasibility.text(lang),
    ]
}

/// The cost table for the workbook: numbers as numbers (amounts in millions), the
/// quadrant and feasibility as text, rollouts under their display names.
pub fn table(d: &ReportData, lang: Lang) -> Option<Table> {
    if d.economics.is_empty() {
        return None;
    }
    let h = headers(d, lang);
    let columns = h
        .iter()
        .enumerate()
        .map(|(k, name)| match k {
            0 | 9 | 10 => Column::text(name.clone()),
            _ => Column::num(name.clone(), ""),
        })
        .collect();
    let rows = d
        .economics
        .iter()
        .map(|r| {
            let base = r.rollout == d.baseline;
            let vs = |x: f64| if base { f64::NAN } else { x };
            let feasible = if r.feasible {
                Msg::Feasible.text(lang)
            } else {
                Msg::Infeasible {
                    n: &r.violations.len(),
                }
                .text(lang)
            };
            vec![
                Value::Text(d.rollout_name(&r.rollout, lang)),
                Value::x(r.firefighter_years, "0"),
                Value::x(r.cost_million, "0.0"),
                Value::x(r.present_value_million, "0.0"),
                Value::x(vs(r.cost_diff_million), "+0.0;-0.0"),
                Value::x(vs(r.p90_diff.mean), "+0.0;-0.0"),
                Value::x(vs(r.within_diff.mean), "+0.00;-0.00"),
                Value::x(vs(r.p90_s_per_million), "+0.00;-0.00"),
                Value::x(vs(r.points_per_million), "+0.000;-0.000"),
                Value::Text(quadrant_text(lang, &r.quadrant)),
                Value::Text(feasible),
            ]
        })
        .collect();
    Some(Table {
        sheet: Msg::SheetCosts.text(lang),
        title: Msg::CostHeading.text(lang),
        note: Msg::CostIntro.text(lang),
        lang,
        columns,
        rows,
    })
}

/// The cost section of `comparison.md` (nothing when the report has no cost rows).
pub fn markdown(s: &mut String, d: &ReportData, lang: Lang, display: &dyn Fn(&str) -> String) {
    if d.economics.is_empty() {
        return;
    }
    let h = headers(d, lang);
    let _ = writeln!(
        s,
        "## {}\n\n{}\n",
        Msg::CostHeading.text(lang),
        Msg::CostIntro.text(lang)
    );
    let _ = writeln!(s, "| {} |", h.join(" | "));
    let _ = writeln!(s, "|---|{}", "---:|".repeat(h.len() - 1));
    for r in &d.economics {
        let _ = writeln!(s, "| {} |", cells(d, r, lang, display).join(" | "));
    }
    let broken: Vec<&String> = d.economics.iter().flat_map(|r| &r.violations).collect();
    if !broken.is_empty() {
        let _ = writeln!(s, "\n{}\n", Msg::ViolationsHeading.text(lang));
        for v in broken {
            let _ = writeln!(s, "- {v}");
        }
    }
    s.push('\n');
}

/// The cost section of the report page (nothing when the report has no cost rows).
pub fn html(s: &mut String, d: &ReportData, lang: Lang, display: &dyn Fn(&str) -> String) {
    if d.economics.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<p>{}</p>\n<table>\n<tr>",
        esc(&Msg::CostHeading.text(lang)),
        esc(&Msg::CostIntro.text(lang))
    );
    for h in headers(d, lang) {
        let _ = write!(s, "<th>{}</th>", esc(&h));
    }
    s.push_str("</tr>\n");
    for r in &d.economics {
        let class = if r.feasible { "" } else { " class=ns" };
        let _ = write!(s, "<tr{class}>");
        for c in cells(d, r, lang, display) {
            let _ = write!(s, "<td>{}</td>", esc(&c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    let broken: Vec<&String> = d.economics.iter().flat_map(|r| &r.violations).collect();
    if !broken.is_empty() {
        let _ = writeln!(
            s,
            "<p>{}</p>\n<ul>",
            esc(&Msg::ViolationsHeading.text(lang))
        );
        for v in broken {
            let _ = writeln!(s, "<li>{}</li>", esc(v));
        }
        s.push_str("</ul>\n");
    }
}
