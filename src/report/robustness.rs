//! The files of `firesim robustness`: robustness.json, robustness.csv, sensitivity.csv,
//! voi.csv, robustness.md, robustness.xlsx (the Markdown's tables, one sheet each: both
//! render the same [`Table`]s), and report.html with its charts (a tornado of total indices,
//! P(best) per rollout and year, each rollout's p90 band across the inputs).

use super::i18n::Lang;
use super::page::{esc, inline, plot_err, style};
use super::table::{Column, Table, Value};
use super::{ReportError, write_atomic, write_workbook};
use crate::report::plot::{self, ChartSize, RankedBars, RankedSeries, YearBand, YearBandChart};
use crate::report::plot::{YearBandSeries, YearLineChart, YearLineSeries, YearValue};
use crate::scenario::Scenario;
use crate::study::robustness::{Headline, MetricResult, PeriodResult, Robustness};
use std::fmt::Write as _;
use std::path::Path;

fn csv_err(file: &Path) -> impl Fn(csv::Error) -> ReportError + '_ {
    move |e| ReportError::Encode {
        file: file.to_path_buf(),
        message: e.to_string(),
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// robustness.csv: one row per rollout × metric × period.
pub fn robustness_csv(r: &Robustness) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "rollout",
        "metric",
        "year",
        "mean",
        "p05",
        "p95",
        "p_best",
        "p_better_than_baseline",
        "expected_regret",
    ])?;
    for m in &r.metrics {
        for p in &m.periods {
            for row in &p.rollouts {
                let s = &row.summary;
                w.write_record([
                    row.rollout.clone(),
                    m.metric.clone(),
                    p.year.clone(),
                    num(s.mean),
                    num(s.p05),
                    num(s.p95),
                    num(s.p_best),
                    num(s.p_better_than_baseline),
                    num(s.expected_regret),
                ])?;
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// sensitivity.csv: one row per metric × period × output × input.
pub fn sensitivity_csv(r: &Robustness) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "metric",
        "year",
        "rollout",
        "param",
        "first_order",
        "total",
        "total_ci95_lo",
        "total_ci95_hi",
        "first_order_ci95_lo",
        "first_order_ci95_hi",
    ])?;
    for m in &r.metrics {
        for p in &m.periods {
            for s in &p.sensitivity {
                for (inp, ix) in r.inputs.iter().zip(&s.indices) {
                    w.write_record([
                        m.metric.clone(),
                        p.year.clone(),
                        s.rollout.clone(),
                        inp.param.clone(),
                        num(ix.first_order),
                        num(ix.total),
                        num(ix.total_ci95[0]),
                        num(ix.total_ci95[1]),
                        num(ix.first_order_ci95[0]),
                        num(ix.first_order_ci95[1]),
                    ])?;
                }
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// voi.csv: per metric × period × input, the EVPPI for the choice of rollout.
pub fn voi_csv(r: &Robustness) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "metric",
        "year",
        "param",
        "evppi",
        "evpi",
        "evppi_share_of_evpi",
    ])?;
    for m in &r.metrics {
        for p in &m.periods {
            for (inp, e) in r.inputs.iter().zip(&p.evppi) {
                let share = if p.evpi > 0.0 { e / p.evpi } else { 0.0 };
                w.write_record([
                    m.metric.clone(),
                    p.year.clone(),
                    inp.param.clone(),
                    num(*e),
                    num(p.evpi),
                    num(share),
                ])?;
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn metric(r: &Robustness, h: Headline) -> Option<&MetricResult> {
    r.metrics.iter().find(|m| m.metric == h.name())
}

fn horizon(m: &MetricResult) -> Option<&PeriodResult> {
    m.periods.last()
}

/// Inputs ranked by total index on the baseline's figure over the horizon: `(param,
/// total, [lo, hi])`.
pub fn ranked_inputs(r: &Robustness, h: Headline) -> Vec<(String, f64, [f64; 2])> {
    let Some(p) = metric(r, h).and_then(horizon) else {
        return vec![];
    };
    let Some(s) = p.sensitivity.iter().find(|s| s.rollout == r.baseline) else {
        return vec![];
    };
    let mut v: Vec<_> = r
        .inputs
        .iter()
        .zip(&s.indices)
        .map(|(i, x)| (i.param.clone(), x.total, x.total_ci95))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn fmt_value(h: Headline, x: f64) -> String {
    match h {
        Headline::P90FromDispatch => format!("{x:.0} s"),
        Headline::WithinStandard => format!("{:.1}%", 100.0 * x),
    }
}

/// How a headline figure is named in sheet names.
fn short(h: Headline) -> &'static str {
    match h {
        Headline::P90FromDispatch => "p90",
        Headline::WithinStandard => "within standard",
    }
}

/// A figure of `h` (seconds, or a share): its unit, Excel format and Markdown text.
fn value(h: Headline, x: f64) -> Value {
    match h {
        Headline::P90FromDispatch => Value::num(x, "0", fmt_value(h, x)),
        Headline::WithinStandard => Value::num(x, "0.0%", fmt_value(h, x)),
    }
}

fn value_unit(h: Headline) -> &'static str {
    match h {
        Headline::P90FromDispatch => "s",
        Headline::WithinStandard => "%",
    }
}

/// A loss in `h`'s unit (regret, EVPI): seconds, or points of the share.
fn loss(h: Headline, x: f64, digits: usize) -> Value {
    match h {
        Headline::P90FromDispatch => {
            let f = if digits == 1 { "0.0" } else { "0.00" };
            Value::num(x, f, format!("{x:.digits$} s"))
        }
        Headline::WithinStandard => {
            let f = if digits == 1 { "0.00%" } else { "0.000%" };
            let pts = 100.0 * x;
            Value::num(x, f, format!("{pts:.0$} pts", digits + 1))
        }
    }
}

fn loss_unit(h: Headline) -> &'static str {
    match h {
        Headline::P90FromDispatch => "s",
        Headline::WithinStandard => "percentage points",
    }
}

fn pct(x: f64, digits: usize, format: &'static str) -> Value {
    Value::num(x, format, format!("{:.digits$}%", 100.0 * x))
}

fn table(sheet: String, title: String, columns: Vec<Column>, rows: Vec<Vec<Value>>) -> Table {
    Table {
        sheet,
        title,
        note: String::new(),
        lang: Lang::En,
        columns,
        rows,
    }
}

/// The rollouts across the inputs, whole horizon.
fn summary_table(r: &Robustness, m: &MetricResult, p: &PeriodResult, h: Headline) -> Table {
    let unit = value_unit(h);
    let columns = vec![
        Column::text("rollout"),
        Column::num("mean", unit),
        Column::num("p05", unit),
        Column::num("p95", unit),
        Column::num("P(best)", "%"),
        Column::num(format!("P(better than {})", r.baseline), "%"),
        Column::num("expected regret", loss_unit(h)),
        Column::num("input share of variance", "%"),
    ];
    let rows = p
        .rollouts
        .iter()
        .map(|row| {
            let x = &row.summary;
            vec![
                Value::text(&row.rollout),
                value(h, x.mean),
                value(h, x.p05),
                value(h, x.p95),
                pct(x.p_best, 1, "0.0%"),
                pct(x.p_better_than_baseline, 1, "0.0%"),
                loss(h, x.expected_regret, 1),
                pct(row.variance.input_share, 0, "0%"),
            ]
        })
        .collect();
    table(
        format!("{} across inputs", short(h)),
        format!("`{}`, whole horizon, across the uncertain inputs", m.metric),
        columns,
        rows,
    )
}

/// P(best) per rollout and year.
fn p_best_table(r: &Robustness, m: &MetricResult, h: Headline) -> Table {
    let mut columns = vec![Column::text("rollout")];
    columns.extend(m.periods.iter().map(|q| Column::num(&q.year, "%")));
    let rows = r
        .rollouts
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut row = vec![Value::text(name)];
            row.extend(
                m.periods
                    .iter()
                    .map(|q| pct(q.rollouts[i].summary.p_best, 0, "0%")),
            );
            row
        })
        .collect();
    table(
        format!("{} P(best) by year", short(h)),
        format!("`{}`: P(best) per year", m.metric),
        columns,
        rows,
    )
}

/// EVPPI per input, largest first.
fn voi_table(r: &Robustness, m: &MetricResult, p: &PeriodResult, h: Headline) -> Table {
    let columns = vec![
        Column::text("input"),
        Column::num("EVPPI", loss_unit(h)),
        Column::num("share of EVPI", "%"),
    ];
    let mut voi: Vec<(usize, f64)> = p.evppi.iter().copied().enumerate().collect();
    voi.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let rows = voi
        .into_iter()
        .map(|(i, e)| {
            let share = if p.evpi > 0.0 { e / p.evpi } else { 0.0 };
            vec![
                Value::Code(r.inputs[i].param.clone()),
                loss(h, e, 2),
                pct(share, 0, "0%"),
            ]
        })
        .collect();
    table(
        format!("{} value of information", short(h)),
        format!(
            "`{}`, whole horizon: value of information for the choice of rollout",
            m.metric
        ),
        columns,
        rows,
    )
}

/// Sobol' indices of the baseline's figure, largest total first.
fn sobol_table(r: &Robustness, m: &MetricResult, p: &PeriodResult, h: Headline) -> Table {
    let columns = vec![
        Column::text("input"),
        Column::num("first order", ""),
        Column::num("total", ""),
        Column::num("95% interval", "").markdown_only(),
        Column::num("total, 95% low", "").workbook_only(),
        Column::num("total, 95% high", "").workbook_only(),
    ];
    let base = p.sensitivity.iter().find(|x| x.rollout == r.baseline);
    let index = |x: f64| Value::num(x, "0.000", format!("{x:.3}"));
    let rows = ranked_inputs(r, h)
        .into_iter()
        .map(|(param, total, ci)| {
            let i = r.inputs.iter().position(|x| x.param == param).unwrap_or(0);
            let first = base.map_or(f64::NAN, |b| b.indices[i].first_order);
            vec![
                Value::Code(param),
                index(first),
                index(total),
                Value::text(format!("[{:.3}, {:.3}]", ci[0], ci[1])),
                index(ci[0]),
                index(ci[1]),
            ]
        })
        .collect();
    table(
        format!("{} Sobol' of baseline", short(h)),
        format!(
            "Total Sobol' indices of the baseline's `{}` (whole horizon), with bootstrap 95% intervals",
            m.metric
        ),
        columns,
        rows,
    )
}

/// The uncertain inputs.
fn inputs_table(r: &Robustness) -> Table {
    let columns = vec![
        Column::text("input"),
        Column::text("distribution"),
        Column::num("nominal", ""),
        Column::text("source"),
    ];
    let rows = r
        .inputs
        .iter()
        .map(|i| {
            vec![
                Value::Code(i.param.clone()),
                Value::Code(serde_json::to_string(&i.dist).unwrap_or_default()),
                Value::num(i.nominal, "General", i.nominal.to_string()),
                Value::text(&i.source),
            ]
        })
        .collect();
    table("inputs".into(), "Inputs".into(), columns, rows)
}

/// The tables of one headline figure, whole horizon: the rollouts across the inputs,
/// P(best) per year, the value of information, the Sobol' indices of the baseline.
fn metric_tables(r: &Robustness, m: &MetricResult, h: Headline) -> Option<[Table; 4]> {
    let p = horizon(m)?;
    Some([
        summary_table(r, m, p, h),
        p_best_table(r, m, h),
        voi_table(r, m, p, h),
        sobol_table(r, m, p, h),
    ])
}

/// Every table of robustness.md, in its order (the workbook's sheets).
pub fn robustness_tables(r: &Robustness) -> Vec<Table> {
    let mut v: Vec<Table> = Headline::ALL
        .into_iter()
        .filter_map(|h| metric(r, h).and_then(|m| metric_tables(r, m, h)))
        .flatten()
        .collect();
    v.push(inputs_table(r));
    v
}

fn md_metric(s: &mut String, r: &Robustness, m: &MetricResult, h: Headline) {
    let (Some(p), Some([summary, p_best, voi, sobol])) = (horizon(m), metric_tables(r, m, h))
    else {
        return;
    };
    let better = if h.lower_is_better() {
        "lower"
    } else {
        "higher"
    };
    let unit = |x: f64| match h {
        Headline::P90FromDispatch => format!("{x:.2} s"),
        Headline::WithinStandard => format!("{:.3} pts", 100.0 * x),
    };
    let _ = write!(
        s,
        "\n## `{}`, whole horizon ({better} is better)\n\n{}\nP(best) per year:\n\n{}\nValue of information for the choice of rollout (whole horizon): EVPI {} (expected regret of choosing on today's knowledge).\n\n{}\nTotal Sobol' indices of the baseline's `{}` (whole horizon), with bootstrap 95% intervals:\n\n{}",
        m.metric,
        summary.markdown(),
        p_best.markdown(),
        unit(p.evpi),
        voi.markdown(),
        m.metric,
        sobol.markdown()
    );
}

/// robustness.md: the headline, per metric the rollouts across the inputs, P(best) per
/// year, value of information and the inputs that matter.
pub fn robustness_md(r: &Robustness) -> String {
    let mut s = format!(
        "# {}: rollouts under input uncertainty\n\n{} uncertain inputs; Saltelli design of {} rows × ({} + 2) = {} points; {} replications per point (the same seeds at every point); {} rollouts; seed {}; {} incidents simulated. Each rollout's figure at a point is its mean over the point's replications; the columns below are across the points.\n",
        r.scenario,
        r.inputs.len(),
        r.rows,
        r.inputs.len(),
        r.design_points,
        r.replications,
        r.rollouts.len(),
        r.seed,
        r.incidents
    );
    if let Some(p) = metric(r, Headline::P90FromDispatch).and_then(horizon)
        && let Some(best) = p
            .rollouts
            .iter()
            .max_by(|a, b| a.summary.p_best.total_cmp(&b.summary.p_best))
    {
        let top: Vec<String> = ranked_inputs(r, Headline::P90FromDispatch)
            .iter()
            .take(3)
            .map(|(p, t, _)| format!("`{p}` ({t:.2})"))
            .collect();
        let _ = writeln!(
            s,
            "\n**Headline:** over the whole horizon, `{}` has the lowest p90 from the dispatch order with probability {:.0}%; the inputs that move the baseline's p90 most (total Sobol' index) are {}.",
            best.rollout,
            100.0 * best.summary.p_best,
            top.join(", ")
        );
    }
    for h in Headline::ALL {
        if let Some(m) = metric(r, h) {
            md_metric(&mut s, r, m, h);
        }
    }
    s.push_str("\n## Inputs\n\n");
    s.push_str(&inputs_table(r).markdown());
    s
}

fn tornado(r: &Robustness) -> RankedBars {
    let ranked = ranked_inputs(r, Headline::P90FromDispatch);
    RankedBars {
        title: format!(
            "What moves {}'s p90 (whole horizon): total Sobol' index",
            r.baseline
        ),
        x_label: "Total index (share of variance, with interactions)".into(),
        categories: ranked.iter().map(|x| x.0.clone()).collect(),
        series: vec![
            RankedSeries {
                name: "total index".into(),
                values: ranked.iter().map(|x| x.1).collect(),
            },
            RankedSeries {
                name: "upper end of its 95% interval".into(),
                values: ranked.iter().map(|x| x.2[1]).collect(),
            },
        ],
        sort_by_series: 0,
        ascending: false,
        reference: None,
        size: ChartSize::default(),
    }
}

fn years(m: &MetricResult) -> impl Iterator<Item = (i32, &PeriodResult)> {
    m.periods
        .iter()
        .filter_map(|p| p.year.parse::<i32>().ok().map(|y| (y, p)))
}

fn p_best_chart(r: &Robustness) -> YearLineChart {
    let m = metric(r, Headline::P90FromDispatch);
    YearLineChart {
        title: "Probability each rollout has the lowest p90, per year".into(),
        x_label: "Year".into(),
        y_label: "P(best) across the uncertain inputs (%)".into(),
        series: r
            .rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| YearLineSeries {
                name: name.clone(),
                points: m.map_or(vec![], |m| {
                    years(m)
                        .map(|(year, p)| YearValue {
                            year,
                            value: p.rollouts[i].summary.p_best,
                        })
                        .collect()
                }),
            })
            .collect(),
        target: None,
        y_range_pct: Some((0.0, 100.0)),
        size: ChartSize::default(),
    }
}

fn band_chart(r: &Robustness) -> YearBandChart {
    let m = metric(r, Headline::P90FromDispatch);
    YearBandChart {
        title: "p90 from the dispatch order across the uncertain inputs".into(),
        x_label: "Year".into(),
        y_label: "90th percentile (min)".into(),
        primary_label: "mean across the inputs".into(),
        band_label: "5%–95% across the inputs".into(),
        secondary_label: String::new(),
        y_from_zero: false,
        series: r
            .rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| YearBandSeries {
                name: name.clone(),
                points: m.map_or(vec![], |m| {
                    years(m)
                        .map(|(year, p)| {
                            let s = &p.rollouts[i].summary;
                            YearBand {
                                year,
                                value: s.mean / 60.0,
                                lower: s.p05 / 60.0,
                                upper: s.p95 / 60.0,
                            }
                        })
                        .collect()
                }),
                secondary: vec![],
            })
            .collect(),
        size: ChartSize::default(),
    }
}

const TORNADO_READ: &str = "How to read it: each bar is the share of the uncertainty in the baseline's p90 (whole horizon) that goes away if that input were known, interactions included; inputs at the top are the estimates worth measuring first. The lighter bar is the upper end of its bootstrap 95% interval.";
const PBEST_READ: &str = "How to read it: at each year, the share of the input space (design points) in which the rollout has the lowest p90; a rollout near 100% is best whatever the estimates turn out to be, lines that cross mean the answer depends on them.";
const BAND_READ: &str = "How to read it: the line is a rollout's p90 averaged over the uncertain inputs, the band holds 90% of the input space (5%–95%); bands of two rollouts that overlap can still rank the same way at every point: P(best) says.";

/// Draw the charts, write report.html; returns nothing but errors.
fn write_page(
    r: &Robustness,
    scenario: &Scenario,
    md: &str,
    out: &Path,
) -> Result<(), ReportError> {
    let charts = out.join("charts");
    let t = tornado(r);
    let pb = p_best_chart(r);
    let band = band_chart(r);
    let pe = |e| plot_err(out, e);
    plot::ranked_bars(&t, &charts.join("1-tornado")).map_err(pe)?;
    plot::year_line_chart(&pb, &charts.join("2-p-best")).map_err(pe)?;
    plot::year_band_chart(&band, &charts.join("3-p90-band")).map_err(pe)?;
    let svgs = [
        (plot::ranked_bars_svg_string(&t).map_err(pe)?, TORNADO_READ),
        (plot::year_line_svg_string(&pb).map_err(pe)?, PBEST_READ),
        (plot::year_band_svg_string(&band).map_err(pe)?, BAND_READ),
    ];
    let font = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        super::page::FONT,
    );
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>firesim robustness: {name}</title>\n<style>\n{style}</style>\n</head>\n<body>\n<h1>firesim robustness: {name}</h1>\n<p>{desc}</p>\n",
        name = esc(&r.scenario),
        desc = esc(&scenario.description),
        style = style(&font),
    );
    s.push_str("<h2>Charts</h2>\n");
    for (svg, read) in svgs {
        let _ = write!(
            s,
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            inline(svg),
            esc(read)
        );
    }
    let _ = write!(
        s,
        "<h2>Tables</h2>\n<pre style=\"white-space: pre-wrap; font-size: 0.8em\">{}</pre>\n<h2>Files</h2>\n<ul>\n",
        esc(md)
    );
    for f in FILES {
        let _ = writeln!(s, "<li><a href=\"{0}\">{0}</a></li>", f);
    }
    s.push_str("</ul>\n</body>\n</html>\n");
    write_atomic(&out.join("report.html"), s.as_bytes())
}

const FILES: [&str; 7] = [
    "robustness.md",
    "robustness.xlsx",
    "robustness.csv",
    "sensitivity.csv",
    "voi.csv",
    "robustness.json",
    "performance.json",
];

/// Write every file of a robustness analysis into `out`; returns the markdown (to print).
pub fn write_all(r: &Robustness, scenario: &Scenario, out: &Path) -> Result<String, ReportError> {
    let json = serde_json::to_string(r).map_err(|e| ReportError::Encode {
        file: out.join("robustness.json"),
        message: e.to_string(),
    })?;
    let md = robustness_md(r);
    let f = |n: &str| out.join(n);
    let rc = robustness_csv(r).map_err(csv_err(&f("robustness.csv")))?;
    let sc = sensitivity_csv(r).map_err(csv_err(&f("sensitivity.csv")))?;
    let vc = voi_csv(r).map_err(csv_err(&f("voi.csv")))?;
    write_atomic(&f("robustness.json"), (json + "\n").as_bytes())?;
    write_atomic(&f("robustness.csv"), &rc)?;
    write_atomic(&f("sensitivity.csv"), &sc)?;
    write_atomic(&f("voi.csv"), &vc)?;
    write_atomic(&f("robustness.md"), md.as_bytes())?;
    write_workbook(&f("robustness.xlsx"), &robustness_tables(r))?;
    write_page(r, scenario, &md, out)?;
    Ok(md)
}
