//! The report's tables for the plan's own rule and the micro fire stations: per rollout
//! and year, the share of fires with a first action (micro station or unit) within 3
//! minutes of the dispatch order; per station of the baseline, its district against the
//! 5-minute edge rule and 建标152's area limit (last year), judged only for districts on
//! urban construction land (GB 51080-2015 §4.1.3); the others are information. Written into `comparison.md`
//! and `report.html` only when the scenario has `[micro_stations]` or `[districts]`, so
//! other scenarios' reports do not change.

use super::data::{Cell, ReportData};
pub use super::data::{DistrictRow, FirstActionRow, PlanRuleData};
use super::i18n::{Lang, Msg};
use super::page::esc;
use crate::scenario::Scenario;
use crate::stats::Estimate;
use crate::study::compare::Comparison;
use std::fmt::Write as _;

/// The plan-rule data of a comparison (`None` when the scenario has neither section).
pub fn plan_rule_data(scenario: &Scenario, c: &Comparison) -> Option<PlanRuleData> {
    if scenario.micro.is_empty() && scenario.districts.is_none() {
        return None;
    }
    let n_periods = c.rollouts[0].agg.periods.len();
    let nan = Estimate {
        mean: f64::NAN,
        ci95: None,
    };
    let cell = |r: usize, p: usize, m: &str| {
        let k = c.layout.index(m);
        Cell::new(
            k.map_or(nan, |k| c.rollouts[r].agg.periods[p][k]),
            k.map_or(nan, |k| c.rollouts[r].diffs[p][k]),
        )
    };
    let mut d = PlanRuleData::default();
    if !scenario.micro.is_empty() {
        d.first_action = (0..c.rollouts.len())
            .map(|r| FirstActionRow {
                rollout: scenario.rollouts[c.rollouts[r].index].name.clone(),
                first_action: (0..n_periods)
                    .map(|p| cell(r, p, "first_action_within_3min"))
                    .collect(),
                first_arrival: (0..n_periods)
                    .map(|p| cell(r, p, "first_arrival_fire_within_3min"))
                    .collect(),
            })
            .collect();
    }
    if let Some(rule) = &scenario.districts {
        let base = c.baseline;
        let last = n_periods.saturating_sub(2);
        d.district_year = c.rollouts[base].agg.years.get(last).copied().unwrap_or(0);
        d.urban_area_km2 = rule.land().area_km2;
        d.districts = scenario
            .stations
            .iter()
            .map(|st| {
                let id = st.id.replace('.', "_");
                let v = |f: &str| cell(base, last, &format!("by_station.{id}.{f}")).mean;
                DistrictRow {
                    station: st.id.clone(),
                    name: st.name.clone(),
                    name_zh: st.name_zh.clone(),
                    area_km2: v("district_area_km2"),
                    built_up_km2: v("district_built_up_km2"),
                    judged: v("district_judged") > 0.5,
                    limit_km2: Some(v("district_area_limit_km2")).filter(|x| x.is_finite()),
                    edge_s: v("district_edge_s"),
                    edge_within: v("district_edge_within_standard"),
                    area_within: v("district_area_within_standard"),
                }
            })
            .collect();
    }
    Some(d)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn name(lang: Lang, r: &DistrictRow) -> String {
    match (lang, &r.name_zh) {
        (Lang::Zh, Some(z)) => z.clone(),
        _ => r.name.clone(),
    }
}

/// A district row's verdict cells: whether the rule judges it, its limit with ✓/✗ (a dash
/// for information rows), and its edge-within share (in brackets for information rows: no
/// standard applies to it).
fn verdict(lang: Lang, r: &DistrictRow) -> [String; 3] {
    match r.limit_km2.filter(|_| r.judged) {
        Some(limit) => {
            let meets = if r.built_up_km2 <= limit {
                Msg::DistrictMeetsLimit
            } else {
                Msg::DistrictExceedsLimit
            };
            [
                Msg::DistrictRuleJudged.text(lang),
                format!("{limit:.0} {}", meets.text(lang)),
                pct(r.edge_within),
            ]
        }
        None => [
            Msg::DistrictRuleInformation.text(lang),
            "—".into(),
            format!("({})", pct(r.edge_within)),
        ],
    }
}

/// The tables in Markdown (`comparison.md`), rollouts under their display names; nothing when
/// the report has no plan-rule data.
pub fn markdown(s: &mut String, report: &ReportData, lang: Lang) {
    let Some(d) = &report.plan_rule else { return };
    let (periods, std_s) = (&report.periods, report.standard_s);
    let rollout = |r: &str| report.rollout_name(r, lang);
    let t = |m: Msg| m.text(lang);
    let n_years = periods.len().saturating_sub(1);
    if !d.first_action.is_empty() {
        let _ = writeln!(
            s,
            "## {}\n\n{}\n",
            t(Msg::FirstActionHeading),
            t(Msg::FirstActionIntro)
        );
        let _ = write!(s, "| {} |", t(Msg::Rollout));
        for y in &periods[..n_years] {
            let _ = write!(s, " {y} |");
        }
        let _ = write!(s, " {} |\n|---|", t(Msg::AllYears));
        for _ in 0..=n_years {
            let _ = write!(s, "---:|");
        }
        s.push('\n');
        for r in &d.first_action {
            let _ = write!(s, "| {} |", rollout(&r.rollout));
            for (a, b) in r.first_action.iter().zip(&r.first_arrival) {
                let _ = write!(s, " {} ({}) |", pct(a.mean), pct(b.mean));
            }
            s.push('\n');
        }
        s.push('\n');
    }
    if !d.districts.is_empty() {
        let _ = writeln!(
            s,
            "## {}\n\n{}\n",
            t(Msg::DistrictHeading {
                year: &d.district_year.to_string()
            }),
            t(Msg::DistrictIntro {
                std_s: &format!("{std_s:.0}"),
                urban_km2: &format!("{:.0}", d.urban_area_km2),
            })
        );
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---:|---:|---:|---:|---:|---:|",
            t(Msg::DistrictStation),
            t(Msg::DistrictJudged),
            t(Msg::DistrictArea),
            t(Msg::DistrictBuiltUp),
            t(Msg::DistrictLimit),
            t(Msg::DistrictEdge),
            t(Msg::DistrictEdgeWithin),
            t(Msg::DistrictAreaWithin),
        );
        for r in &d.districts {
            let [judged, limit, edge_within] = verdict(lang, r);
            let _ = writeln!(
                s,
                "| {} {} | {judged} | {:.1} | {:.1} | {limit} | {:.0} | {edge_within} | {} |",
                r.station,
                name(lang, r),
                r.area_km2,
                r.built_up_km2,
                r.edge_s,
                pct(r.area_within),
            );
        }
        s.push('\n');
    }
}

/// The tables in HTML (`report.html`), rollouts under their display names; nothing when
/// the report has no plan-rule data.
pub fn html(s: &mut String, report: &ReportData, lang: Lang) {
    let Some(d) = &report.plan_rule else { return };
    let (periods, std_s) = (&report.periods, report.standard_s);
    let rollout = |r: &str| report.rollout_name(r, lang);
    let t = |m: Msg| m.text(lang);
    if !d.first_action.is_empty() {
        let _ = write!(
            s,
            "<h3>{}</h3>\n<p>{}</p>\n<table>\n<tr><th>{}</th>",
            esc(&t(Msg::FirstActionHeading)),
            esc(&t(Msg::FirstActionIntro)),
            t(Msg::Rollout)
        );
        for p in periods {
            let label = if p.is_empty() {
                t(Msg::AllYears)
            } else {
                p.clone()
            };
            let _ = write!(s, "<th>{}</th>", esc(&label));
        }
        s.push_str("</tr>\n");
        for r in &d.first_action {
            let _ = write!(s, "<tr><td>{}</td>", esc(&rollout(&r.rollout)));
            for (a, b) in r.first_action.iter().zip(&r.first_arrival) {
                let _ = write!(s, "<td>{} ({})</td>", pct(a.mean), pct(b.mean));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</table>\n");
    }
    if !d.districts.is_empty() {
        let _ = write!(
            s,
            "<h3>{}</h3>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
            esc(&t(Msg::DistrictHeading {
                year: &d.district_year.to_string()
            })),
            esc(&t(Msg::DistrictIntro {
                std_s: &format!("{std_s:.0}"),
                urban_km2: &format!("{:.0}", d.urban_area_km2),
            })),
            esc(&t(Msg::DistrictStation)),
            esc(&t(Msg::DistrictJudged)),
            esc(&t(Msg::DistrictArea)),
            esc(&t(Msg::DistrictBuiltUp)),
            esc(&t(Msg::DistrictLimit)),
            esc(&t(Msg::DistrictEdge)),
            esc(&t(Msg::DistrictEdgeWithin)),
            esc(&t(Msg::DistrictAreaWithin)),
        );
        for r in &d.districts {
            let [judged, limit, edge_within] = verdict(lang, r);
            let _ = writeln!(
                s,
                "<tr><td>{} {}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td><td>{:.0}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.station),
                esc(&name(lang, r)),
                esc(&judged),
                r.area_km2,
                r.built_up_km2,
                esc(&limit),
                r.edge_s,
                esc(&edge_within),
                pct(r.area_within),
            );
        }
        s.push_str("</table>\n");
    }
}
