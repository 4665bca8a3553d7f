//! `comparison.xlsx`'s tables, from the report data `comparison.md` is written from: the
//! p90 and the share within the standard per rollout and period (each period's value, its
//! difference from the baseline and whether that is significant), the first-action and
//! district tables when the scenario has them, and the milestones; in one language, rollouts
//! under their display names.

use super::data::{Cell, ReportData, TableRow};
use super::i18n::{Lang, Msg};
use super::table::{Column, Table, Value};

const SECONDS: &str = "0";
const SECONDS_DIFF: &str = "+0.0;-0.0;0.0";
const SHARE: &str = "0.0%";
const SHARE_DIFF: &str = "+0.00%;-0.00%;0.00%";

/// The period labels: the years, then "all years".
fn periods(d: &ReportData, lang: Lang) -> Vec<String> {
    let n_years = d.periods.len().saturating_sub(1);
    let mut p = d.periods[..n_years].to_vec();
    p.push(Msg::AllYears.text(lang));
    p
}

/// A table of one estimate per rollout and period, with its difference from the baseline.
struct Estimates<'a> {
    sheet: String,
    title: String,
    unit: Msg<'a>,
    diff_unit: Msg<'a>,
    format: &'static str,
    diff_format: &'static str,
    cells: &'a dyn Fn(&TableRow) -> &Vec<Cell>,
}

fn estimates(d: &ReportData, lang: Lang, e: Estimates) -> Table {
    let t = |m: Msg| m.text(lang);
    let (unit, diff_unit) = (e.unit.text(lang), e.diff_unit.text(lang));
    let mut columns = vec![Column::text(t(Msg::Rollout))];
    for p in periods(d, lang) {
        columns.push(Column::num(p.clone(), unit.clone()));
        columns.push(Column::num(
            t(Msg::XlsxDiff { period: &p }),
            diff_unit.clone(),
        ));
        columns.push(Column::text(t(Msg::XlsxSignificant { period: &p })));
    }
    let rows = d
        .table
        .iter()
        .map(|r| {
            let baseline = r.rollout == d.baseline;
            let name = d.rollout_name(&r.rollout, lang);
            let label = if baseline {
                t(Msg::MdBaseline { name: &name })
            } else {
                name
            };
            let mut row = vec![Value::Text(label)];
            for c in (e.cells)(r).iter().take(d.periods.len()) {
                row.push(Value::x(c.mean, e.format));
                if baseline {
                    row.extend([Value::Empty, Value::Empty]);
                } else {
                    row.push(Value::x(c.diff, e.diff_format));
                    row.push(match c.significant {
                        true => Value::text("*"),
                        false => Value::Empty,
                    });
                }
            }
            row
        })
        .collect();
    Table {
        sheet: e.sheet,
        title: e.title,
        note: t(Msg::XlsxNote {
            reps: &d.replications,
            seed: &d.seed,
            base: &d.rollout_name(&d.baseline, lang),
        }),
        lang,
        columns,
        rows,
    }
}

/// The first-action table: per period, the share with a first action and the share the
/// units alone reach.
fn first_action(d: &ReportData, lang: Lang) -> Option<Table> {
    let pr = d
        .plan_rule
        .as_ref()
        .filter(|p| !p.first_action.is_empty())?;
    let t = |m: Msg| m.text(lang);
    let pct = t(Msg::UnitShare);
    let mut columns = vec![Column::text(t(Msg::Rollout))];
    for p in periods(d, lang) {
        columns.push(Column::num(t(Msg::XlsxFirstAction { period: &p }), &pct));
        columns.push(Column::num(t(Msg::XlsxUnitsOnly { period: &p }), &pct));
    }
    let rows = pr
        .first_action
        .iter()
        .map(|r| {
            let mut row = vec![Value::Text(d.rollout_name(&r.rollout, lang))];
            for (a, b) in r.first_action.iter().zip(&r.first_arrival) {
                row.extend([Value::x(a.mean, SHARE), Value::x(b.mean, SHARE)]);
            }
            row
        })
        .collect();
    Some(Table {
        sheet: t(Msg::SheetFirstAction),
        title: t(Msg::FirstActionHeading),
        note: t(Msg::FirstActionIntro),
        lang,
        columns,
        rows,
    })
}

/// The districts of the baseline against the plan's rule.
fn districts(d: &ReportData, lang: Lang) -> Option<Table> {
    let pr = d.plan_rule.as_ref().filter(|p| !p.districts.is_empty())?;
    let t = |m: Msg| m.text(lang);
    let year = pr.district_year.to_string();
    let km2 = |m: Msg| Column::num(t(m), "");
    let columns = vec![
        Column::text(t(Msg::DistrictStation)),
        Column::text(t(Msg::XlsxStationName)),
        km2(Msg::DistrictArea),
        km2(Msg::DistrictBuiltUp),
        km2(Msg::DistrictLimit),
        Column::text(t(Msg::XlsxMeetsLimit)),
        Column::num(t(Msg::DistrictEdge), ""),
        Column::num(t(Msg::DistrictEdgeWithin), t(Msg::UnitShare)),
        Column::num(t(Msg::DistrictAreaWithin), t(Msg::UnitShare)),
    ];
    let rows = pr
        .districts
        .iter()
        .map(|r| {
            let name = match (lang, &r.name_zh) {
                (Lang::Zh, Some(z)) => z.clone(),
                _ => r.name.clone(),
            };
            let limit = r.limit_km2.filter(|_| r.judged);
            let meets = match limit {
                Some(l) if r.built_up_km2 <= l => Msg::DistrictMeetsLimit,
                Some(_) => Msg::DistrictExceedsLimit,
                None => Msg::DistrictRuleInformation,
            };
            vec![
                Value::text(&r.station),
                Value::Text(name),
                Value::x(r.area_km2, "0.0"),
                Value::x(r.built_up_km2, "0.0"),
                Value::x(limit.unwrap_or(f64::NAN), "0"),
                Value::Text(t(meets)),
                Value::x(r.edge_s, SECONDS),
                Value::x(r.edge_within, SHARE),
                Value::x(r.area_within, SHARE),
            ]
        })
        .collect();
    Some(Table {
        sheet: t(Msg::SheetDistricts { year: &year }),
        title: t(Msg::DistrictHeading { year: &year }),
        note: t(Msg::DistrictIntro {
            std_s: &format!("{:.0}", d.standard_s),
            urban_km2: &format!("{:.0}", pr.urban_area_km2),
        }),
        lang,
        columns,
        rows,
    })
}

/// The milestones: the first year each is reached (a number), or "not reached".
fn milestones(d: &ReportData, lang: Lang) -> Table {
    let t = |m: Msg| m.text(lang);
    let std_s = format!("{:.0}", d.standard_s);
    let year = t(Msg::UnitYear);
    let mut columns = vec![
        Column::text(t(Msg::Rollout)),
        Column::num(t(Msg::MdMilestoneUrbanCore { std_s: &std_s }), &year),
        Column::num(t(Msg::MdConfident), &year),
        Column::num(
            t(Msg::MdMilestoneCompliance {
                target_pct: &format!("{:.0}", 100.0 * d.compliance_target),
                std_s: &std_s,
            }),
            &year,
        ),
        Column::num(t(Msg::MdConfident), &year),
    ];
    if d.district_rule {
        let edge = t(Msg::MdMilestoneDistrictEdge { std_s: &std_s });
        columns.push(Column::num(edge, &year));
    }
    let y = |v: Option<i32>| match v {
        Some(y) => Value::x(f64::from(y), "0"),
        None => Value::Text(t(Msg::NotReached)),
    };
    let rows = d
        .milestones
        .iter()
        .map(|m| {
            let mut row = vec![
                Value::Text(d.rollout_name(&m.rollout, lang)),
                y(m.urban_core_p90),
                y(m.urban_core_p90_confident),
                y(m.compliance),
                y(m.compliance_confident),
            ];
            if d.district_rule {
                row.push(y(m.district_edge));
            }
            row
        })
        .collect();
    Table {
        sheet: t(Msg::Milestones),
        title: t(Msg::Milestones),
        note: String::new(),
        lang,
        columns,
        rows,
    }
}

/// Every table of `comparison.md`, in its order, for the workbook.
pub fn comparison_tables(d: &ReportData, lang: Lang) -> Vec<Table> {
    let t = |m: Msg| m.text(lang);
    let std_s = format!("{:.0}", d.standard_s);
    let mut tables = vec![
        estimates(
            d,
            lang,
            Estimates {
                sheet: t(Msg::SheetP90),
                title: t(Msg::MdP90Heading),
                unit: Msg::UnitSeconds,
                diff_unit: Msg::UnitSeconds,
                format: SECONDS,
                diff_format: SECONDS_DIFF,
                cells: &|r| &r.p90_s,
            },
        ),
        estimates(
            d,
            lang,
            Estimates {
                sheet: t(Msg::SheetWithin { std_s: &std_s }),
                title: t(Msg::MdWithinHeading { std_s: &std_s }),
                unit: Msg::UnitShare,
                diff_unit: Msg::UnitPoints,
                format: SHARE,
                diff_format: SHARE_DIFF,
                cells: &|r| &r.within,
            },
        ),
    ];
    tables.extend(first_action(d, lang));
    tables.extend(districts(d, lang));
    tables.push(milestones(d, lang));
    tables.extend(super::economics::table(d, lang));
    tables
}
