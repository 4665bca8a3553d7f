//! `report.html` and the chart files: one self-contained page (charts inlined as SVG, the
//! font embedded, no scripts, no network requests) and each chart as PNG and SVG under
//! `charts/`.

use super::charts::{Cell, ReportData};
use super::{ReportError, write_atomic};
use crate::plot::{self, ChartFiles, PlotError};
use base64::Engine;
use std::fmt::Write as _;
use std::path::Path;

pub(super) const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn plot_err(dir: &Path, e: PlotError) -> ReportError {
    ReportError::Encode {
        file: dir.join("charts"),
        message: e.to_string(),
    }
}

/// Strip an XML declaration so the SVG can sit inside HTML.
pub(super) fn inline(svg: String) -> String {
    match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    }
}

/// Draw every chart of `data` into `dir/charts/` (PNG and SVG) and write `dir/report.html`.
pub fn write_report(data: &ReportData, dir: &Path) -> Result<Vec<ChartFiles>, ReportError> {
    let c = &data.charts;
    let charts_dir = dir.join("charts");
    let mut files = vec![];
    let mut svgs: Vec<(&String, String)> = vec![];
    // Each chart once to files (PNG + SVG) and once to an SVG string for the page.
    macro_rules! draw {
        ($c:expr, $files:path, $svg:path) => {
            files
                .push($files(&$c.chart, &charts_dir.join(&$c.stem)).map_err(|x| plot_err(dir, x))?);
            svgs.push((&$c.caption, $svg(&$c.chart).map_err(|x| plot_err(dir, x))?));
        };
    }
    draw!(c.ecdf, plot::ecdf_chart, plot::ecdf_svg_string);
    draw!(c.years, plot::year_band_chart, plot::year_band_svg_string);
    draw!(
        c.compliance,
        plot::year_line_chart,
        plot::year_line_svg_string
    );
    draw!(
        c.histogram,
        plot::split_histogram,
        plot::split_histogram_svg_string
    );
    draw!(
        c.segments,
        plot::stacked_bars,
        plot::stacked_bars_svg_string
    );
    draw!(
        c.staffing,
        plot::staffing_timeline,
        plot::staffing_timeline_svg_string
    );
    draw!(c.map, plot::map_chart, plot::map_svg_string);
    draw!(c.zones, plot::ranked_bars, plot::ranked_bars_svg_string);
    let html = page(data, &svgs);
    write_atomic(&dir.join("report.html"), html.as_bytes())?;
    Ok(files)
}

/// The page's style sheet, with the font embedded (`font`: base64 of the TTF).
pub(super) fn style(font: &str) -> String {
    STYLE.replace("FONT_BASE64", font)
}

const STYLE: &str = r#"@font-face { font-family: "DejaVu Sans"; src: url(data:font/ttf;base64,FONT_BASE64) format("truetype"); }
body { font-family: "DejaVu Sans", sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
.ci { color: #777; font-size: 0.85em; display: block; }
.sig { color: #b30000; font-weight: bold; }
.ns { color: #777; }
figure { margin: 2em 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { margin-top: 0.5em; }
.meta { color: #555; }
"#;

fn cell(
    c: &Cell,
    baseline: bool,
    fmt: &dyn Fn(f64) -> String,
    dfmt: &dyn Fn(f64) -> String,
) -> String {
    let ci = if c.lo.is_finite() && c.hi.is_finite() {
        format!("<span class=ci>[{}–{}]</span>", fmt(c.lo), fmt(c.hi))
    } else {
        String::new()
    };
    let diff = if baseline || !c.diff.is_finite() {
        String::new()
    } else {
        let class = if c.significant { "sig" } else { "ns" };
        let star = if c.significant { "*" } else { "" };
        format!("<br><span class={class}>{}{star}</span>", dfmt(c.diff))
    };
    format!(
        "<td>{}{ci}{diff}</td>",
        if c.mean.is_finite() {
            fmt(c.mean)
        } else {
            "–".into()
        }
    )
}

fn page(d: &ReportData, svgs: &[(&String, String)]) -> String {
    let font = base64::engine::general_purpose::STANDARD.encode(FONT);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>firesim report: {name}</title>
<style>
{style}</style>
</head>
<body>
<h1>firesim report: {name}</h1>
<p>{desc}</p>
<p class="meta">{reps} replications per rollout · seed {seed} · baseline <code>{base}</code> · firesim {ver}</p>
"#,
        style = style(&font),
        name = esc(&d.scenario),
        desc = esc(&d.description),
        reps = d.replications,
        seed = d.seed,
        base = esc(&d.baseline),
        ver = esc(&d.firesim_version),
    );
    let std_min = d.standard_s / 60.0;
    let head = |s: &mut String| {
        s.push_str("<tr><th>rollout</th>");
        for p in &d.periods {
            let _ = write!(s, "<th>{}</th>", esc(p));
        }
        s.push_str("</tr>\n");
    };
    let _ = write!(
        s,
        "<h2>Results</h2>\n<p>Means over replications with their 95% intervals in brackets; \
         below, the paired difference against <code>{}</code> (common random numbers), in \
         red with <b>*</b> where its 95% interval excludes zero.</p>\n\
         <h3>90th-percentile first arrival after the dispatch order (seconds)</h3>\n<table>\n",
        esc(&d.baseline)
    );
    let rows = |s: &mut String,
                cells: &dyn Fn(&super::charts::TableRow) -> &Vec<Cell>,
                fmt: &dyn Fn(f64) -> String,
                dfmt: &dyn Fn(f64) -> String| {
        head(s);
        for row in &d.table {
            let _ = write!(
                s,
                "<tr><td title=\"{}\">{}</td>",
                esc(&row.description),
                esc(&row.rollout)
            );
            for c in cells(row) {
                s.push_str(&cell(c, row.rollout == d.baseline, fmt, dfmt));
            }
            s.push_str("</tr>\n");
        }
    };
    rows(&mut s, &|r| &r.p90_s, &|x| format!("{x:.0}"), &|x| {
        if x.abs() < 9.95 {
            format!("{x:+.1} s")
        } else {
            format!("{x:+.0} s")
        }
    });
    let _ = write!(
        s,
        "</table>\n<h3>Incidents reached within {std_min:.0} minutes of the dispatch order (%)</h3>\n<table>\n"
    );
    rows(
        &mut s,
        &|r| &r.within,
        &|x| format!("{:.1}", 100.0 * x),
        &|x| {
            if (100.0 * x).abs() < 0.95 {
                format!("{:+.2} pts", 100.0 * x)
            } else {
                format!("{:+.1} pts", 100.0 * x)
            }
        },
    );
    let y = |v: &Option<i32>| v.map_or("not reached".to_string(), |y| y.to_string());
    let _ = write!(
        s,
        "</table>\n<h3>Milestones</h3>\n<table>\n<tr><th>rollout</th><th>urban-core p90 ≤ {std_min:.0} min</th><th>{:.0}% within {std_min:.0} min</th></tr>\n",
        100.0 * d.compliance_target
    );
    for m in &d.milestones {
        let (r, a, b) = (&m.rollout, &m.urban_core_p90, &m.compliance);
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(r),
            y(a),
            y(b)
        );
    }
    s.push_str("</table>\n<h3>What each rollout asks</h3>\n<ul>\n");
    for row in &d.table {
        let _ = writeln!(
            s,
            "<li><code>{}</code>: {}</li>",
            esc(&row.rollout),
            esc(&row.description)
        );
    }
    s.push_str("</ul>\n<h2>Charts</h2>\n");
    for (caption, svg) in svgs {
        let _ = write!(
            s,
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            inline(svg.clone()),
            esc(caption)
        );
    }
    s.push_str("<h2>Assumptions</h2>\n<p>What the scenario file labels as assumptions (not stated by the plan):</p>\n<table>\n<tr><th>assumption</th><th>value</th><th>source</th></tr>\n");
    for a in &d.assumptions {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td style=\"text-align:left\">{}</td><td style=\"text-align:left\">{}</td></tr>",
            esc(&a.name),
            esc(&a.value),
            esc(&a.source)
        );
    }
    s.push_str("</table>\n<h2>Files</h2>\n<ul>\n");
    for f in &d.files {
        let _ = writeln!(s, "<li><a href=\"{0}\">{0}</a></li>", esc(f));
    }
    s.push_str("</ul>\n<p class=\"meta\">Charts as PNG and SVG are in <code>charts/</code>. Made by firesim; rerun with the same scenario and seed for the same numbers.</p>\n</body>\n</html>\n");
    s
}
