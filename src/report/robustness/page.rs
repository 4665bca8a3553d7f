//! The robustness report's charts and page: P(best) per decision and year, one small
//! panel per decision with its p90 band across the inputs (on one scale, the baseline's
//! mean dashed in each), and a tornado of what could change the choice (the total Sobol'
//! indices of the contender's difference from the baseline, beside those of the baseline's
//! own level). Every text in the report's language; a Chinese page embeds the glyphs it
//! uses of the system CJK font, as the comparison's does.

use super::super::files::{ReportError, write_atomic};
use super::super::html::{FONT_FACE_SLOT, chart_locale, font_face};
use super::super::i18n::{Lang, Msg, or_marked};
use super::super::page::{esc, inline, plot_err, style_rules};
use super::doc::{self, Block};
use super::text::{CHART_BANDS, CHART_P_BEST, CHART_TORNADO, Texts, horizon};
use crate::report::plot::{
    self, ChartLocale, ChartSize, RankedBars, RankedSeries, YearBand, YearBandChart,
    YearBandSeries, YearLineChart, YearLineSeries, YearValue,
};
use crate::scenario::Scenario;
use crate::study::robustness::{Headline, MetricResult, PeriodResult, Robustness};
use std::fmt::Write as _;
use std::path::Path;

fn p90(r: &Robustness) -> Option<&MetricResult> {
    r.metrics
        .iter()
        .find(|m| m.metric == Headline::P90FromDispatch.name())
}

fn years(m: &MetricResult) -> impl Iterator<Item = (i32, &PeriodResult)> {
    m.periods
        .iter()
        .filter_map(|p| p.year.parse::<i32>().ok().map(|y| (y, p)))
}

/// P(best) of each ranked decision, per year.
fn p_best_chart(x: &Texts) -> YearLineChart {
    let m = p90(x.r);
    let rows: Vec<(usize, &String)> = m
        .and_then(horizon)
        .map(|p| {
            p.rollouts
                .iter()
                .enumerate()
                .filter(|(_, row)| row.ranked)
                .map(|(i, row)| (i, &row.rollout))
                .collect()
        })
        .unwrap_or_default();
    YearLineChart {
        title: x.t(Msg::RobPBestTitle),
        x_label: x.t(Msg::Year),
        y_label: x.t(Msg::RobPBestY),
        series: rows
            .iter()
            .map(|&(i, name)| YearLineSeries {
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

/// One panel per rollout: its p90 band across the inputs, the baseline's mean dashed, all
/// panels on one scale.
fn band_panels(x: &Texts) -> Vec<(String, YearBandChart)> {
    let r = x.r;
    let Some(m) = p90(r) else { return vec![] };
    let b = r
        .rollouts
        .iter()
        .position(|n| *n == r.baseline)
        .unwrap_or(0);
    let band = |i: usize| -> Vec<YearBand> {
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
    };
    let all: Vec<f64> = (0..r.rollouts.len())
        .flat_map(|i| band(i).into_iter().flat_map(|p| [p.lower, p.upper]))
        .filter(|v| v.is_finite())
        .collect();
    let y_range = all
        .iter()
        .copied()
        .reduce(f64::min)
        .zip(all.iter().copied().reduce(f64::max))
        .map(|(lo, hi)| {
            let pad = ((hi - lo) * 0.06).max(0.05);
            ((lo - pad).max(0.0), hi + pad)
        });
    let base_means: Vec<YearValue> = band(b)
        .iter()
        .map(|p| YearValue {
            year: p.year,
            value: p.value,
        })
        .collect();
    r.rollouts
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let chart = YearBandChart {
                title: name.clone(),
                x_label: x.t(Msg::Year),
                y_label: x.t(Msg::RobBandY),
                primary_label: x.t(Msg::RobBandMean),
                band_label: x.t(Msg::RobBandBand),
                secondary_label: x.t(Msg::RobBandBase { base: &r.baseline }),
                y_from_zero: false,
                y_range,
                series: vec![YearBandSeries {
                    name: name.clone(),
                    points: band(i),
                    secondary: if i == b { vec![] } else { base_means.clone() },
                }],
                size: ChartSize {
                    width: 470,
                    height: 360,
                },
            };
            (stem_safe(name), chart)
        })
        .collect()
}

/// A name as part of a file name.
fn stem_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The total indices of the contender's difference from the baseline (sorted), beside
/// those of the baseline's level.
fn tornado(x: &Texts) -> Option<RankedBars> {
    let r = x.r;
    let c = r.headline.contender.as_ref()?;
    let p = p90(r).and_then(horizon)?;
    let diff = p
        .sensitivity
        .iter()
        .find(|s| s.rollout == format!("{c}-vs-base"))?;
    let level = p.sensitivity.iter().find(|s| s.rollout == r.baseline)?;
    let base = &r.baseline;
    Some(RankedBars {
        title: x.t(Msg::RobTornadoTitle { c, base }),
        x_label: x.t(Msg::RobTornadoX),
        categories: r.inputs.iter().map(|i| i.param.clone()).collect(),
        series: vec![
            RankedSeries {
                name: x.t(Msg::RobSeriesDiff { c, base }),
                values: diff.indices.iter().map(|i| i.total).collect(),
            },
            RankedSeries {
                name: x.t(Msg::RobSeriesLevel { base }),
                values: level.indices.iter().map(|i| i.total).collect(),
            },
        ],
        sort_by_series: 0,
        ascending: false,
        reference: None,
        size: ChartSize::default(),
    })
}

/// Draw chart files and give each chart's figure for the page.
struct Drawn {
    /// Per chart number, the figure's HTML.
    figures: Vec<String>,
}

fn draw(x: &Texts, out: &Path, locale: &ChartLocale) -> Result<Drawn, ReportError> {
    let charts = out.join("charts");
    let pe = |e| plot_err(out, e);
    let figure = |svgs: &[String], read: &str, panels: bool| {
        let body: String = if panels {
            let inner: String = svgs
                .iter()
                .map(|s| format!("<div class=\"panel\">{}</div>\n", inline(s.clone())))
                .collect();
            format!("<div class=\"panels\">\n{inner}</div>")
        } else {
            svgs.iter().map(|s| inline(s.clone())).collect()
        };
        format!(
            "<figure>\n{body}\n<figcaption>{}</figcaption>\n</figure>\n",
            doc::inline_html(read)
        )
    };
    let mut figures = vec![String::new(); 3];
    let pb = p_best_chart(x);
    plot::chart_files_in(&pb, &charts.join("1-p-best"), locale).map_err(pe)?;
    figures[CHART_P_BEST] = figure(
        &[plot::chart_svg_in(&pb, locale).map_err(pe)?],
        &x.t(Msg::RobPBestRead),
        false,
    );
    let mut svgs = vec![];
    for (stem, chart) in band_panels(x) {
        plot::chart_files_in(&chart, &charts.join(format!("2-p90-band-{stem}")), locale)
            .map_err(pe)?;
        svgs.push(plot::chart_svg_in(&chart, locale).map_err(pe)?);
    }
    if !svgs.is_empty() {
        let base = &x.r.baseline;
        figures[CHART_BANDS] = figure(&svgs, &x.t(Msg::RobBandRead { base }), true);
    }
    if let (Some(t), Some(c)) = (tornado(x), x.r.headline.contender.as_ref()) {
        plot::chart_files_in(&t, &charts.join("3-tornado-difference"), locale).map_err(pe)?;
        let base = &x.r.baseline;
        figures[CHART_TORNADO] = figure(
            &[plot::chart_svg_in(&t, locale).map_err(pe)?],
            &x.t(Msg::RobTornadoRead { c, base }),
            false,
        );
    }
    Ok(Drawn { figures })
}

/// What [`write_page`] wrote.
pub(super) struct PageWritten {
    /// Characters of a Chinese page that its CJK font has no glyph for.
    pub missing_glyphs: Vec<char>,
}

/// Draw the charts and write report.html (in `lang`) from the document `blocks`.
pub(super) fn write_page(
    r: &Robustness,
    scenario: &Scenario,
    blocks: &[Block],
    lang: Lang,
    files: &[&str],
    out: &Path,
) -> Result<PageWritten, ReportError> {
    let locale = chart_locale(lang)?;
    let x = Texts { r, lang };
    let drawn = draw(&x, out, &locale)?;
    let t = |m: Msg| m.text(lang);
    let title = esc(&t(Msg::RobPageTitle {
        scenario: &r.scenario,
    }));
    // The title and the opening sentence come first; the page sets them itself.
    let (lead, rest) = match blocks {
        [Block::Heading(1, _), Block::Lead(l), rest @ ..] => (l.clone(), rest),
        _ => (String::new(), blocks),
    };
    let desc = or_marked(
        lang,
        &scenario.description,
        scenario.description_zh.as_deref(),
    )
    .0;
    let mut s = format!(
        r#"<!DOCTYPE html>
<html lang="{lang_tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{FONT_FACE_SLOT}
{rules}
.lead {{ font-size: 1.12em; font-weight: bold; background: #f3f6fa; border-left: 4px solid #0072b2; padding: 0.6em 0.9em; }}
td.text {{ text-align: left; }}
code {{ font-size: 0.92em; }}
.panels {{ display: flex; flex-wrap: wrap; gap: 0.5em; }}
.panel {{ flex: 1 1 45%; min-width: 300px; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="lead">{lead}</p>
<p>{desc}</p>
<p class="meta">{meta}</p>
"#,
        lang_tag = lang.html_tag(),
        rules = style_rules(&esc(&locale.font_family)),
        lead = doc::inline_html(&lead),
        desc = esc(&desc),
        meta = t(Msg::RobMetaHtml {
            points: &r.design_points,
            reps: &r.replications,
            seed: &r.seed,
            version: &esc(env!("CARGO_PKG_VERSION")),
        }),
    );
    s.push_str(&doc::html(rest, &|n| {
        drawn.figures.get(n).cloned().unwrap_or_default()
    }));
    let _ = write!(s, "<h2>{}</h2>\n<ul>\n", t(Msg::Files));
    for f in files {
        let _ = writeln!(s, "<li><a href=\"{0}\">{0}</a></li>", esc(f));
    }
    let _ = write!(
        s,
        "</ul>\n<p class=\"meta\">{}</p>\n</body>\n</html>\n",
        t(Msg::RobFooterHtml)
    );
    let (face, _, missing_glyphs) = font_face(&s, lang, &locale.font_family)?;
    let s = s.replacen(FONT_FACE_SLOT, &face, 1);
    write_atomic(&out.join("report.html"), s.as_bytes())?;
    Ok(PageWritten { missing_glyphs })
}
