//! `report.html` and the chart files: one self-contained page (charts inlined as SVG, the
//! font embedded, no scripts, no network requests) and each chart as PNG and SVG under
//! `charts/`, in English or Chinese. Every text comes from the message catalogue
//! ([`super::i18n`]); a Chinese page embeds only the glyphs it uses of the system's CJK
//! font ([`super::font`]).

use super::data::{Cell, ReportData, TableRow};
use super::files::{ReportError, write_atomic};
use super::font;
use super::i18n::{Lang, Msg, UNTRANSLATED, chart_words, or_marked};
use super::localize::localize;
use super::page::{FONT, esc, font_face_rule, inline, plot_err, style_rules};
use crate::report::plot::{self, ChartFiles, ChartLocale};
use base64::Engine;
use std::fmt::Write as _;
use std::path::Path;

/// Where the page's `@font-face` rule goes once the page's characters are known.
const FONT_FACE_SLOT: &str = "\u{0}FONT-FACE\u{0}";

/// The charts' font and words for `lang`; for Chinese, the system CJK font registered
/// with the charts (an error naming the package when it is missing).
pub(super) fn chart_locale(lang: Lang) -> Result<ChartLocale, ReportError> {
    Ok(match lang {
        Lang::En => ChartLocale::default(),
        Lang::Zh => {
            let f = font::cjk_font()?;
            plot::register_font(&f.family, f.bytes).map_err(|e| ReportError::Font {
                message: format!("cannot use the CJK font {}: {e}", f.path.display()),
            })?;
            ChartLocale {
                font_family: f.family.clone(),
                words: chart_words(lang),
            }
        }
    })
}

/// What [`write_report`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The chart files.
    pub charts: Vec<ChartFiles>,
    /// Characters of a Chinese page that its CJK font has no glyph for (drawn by the
    /// browser with another font, and as a box in the PNG charts).
    pub missing_glyphs: Vec<char>,
    /// How many scenario texts a Chinese page shows in English for want of a translation.
    pub untranslated: usize,
    /// Size of the embedded font in bytes (before base64).
    pub font_bytes: usize,
}

/// Draw every chart of `data` into `dir/charts/` (PNG and SVG) and write `dir/report.html`,
/// every text in `lang`.
pub fn write_report(data: &ReportData, dir: &Path, lang: Lang) -> Result<Written, ReportError> {
    let locale = chart_locale(lang)?;
    let mut data = data.clone();
    localize(&mut data, lang);
    let c = &data.charts;
    let charts_dir = dir.join("charts");
    let mut files = vec![];
    let mut svgs: Vec<(&String, String)> = vec![];
    // Each chart once to files (PNG + SVG) and once to an SVG string for the page.
    macro_rules! draw {
        ($($c:ident),*) => {$(
            files.push(
                plot::chart_files_in(&c.$c.chart, &charts_dir.join(&c.$c.stem), &locale)
                    .map_err(|x| plot_err(dir, x))?,
            );
            svgs.push((
                &c.$c.caption,
                plot::chart_svg_in(&c.$c.chart, &locale).map_err(|x| plot_err(dir, x))?,
            ));
        )*};
    }
    draw!(
        ecdf, years, compliance, histogram, segments, staffing, map, zones
    );
    let (html, untranslated) = page(&data, &svgs, lang);
    let (face, font_bytes, missing_glyphs) = font_face(&html, lang, &locale.font_family)?;
    let html = html.replacen(FONT_FACE_SLOT, &face, 1);
    write_atomic(&dir.join("report.html"), html.as_bytes())?;
    Ok(Written {
        charts: files,
        missing_glyphs,
        untranslated,
        font_bytes,
    })
}

/// The `@font-face` rule: the bundled DejaVu Sans for English; for Chinese, the CJK font
/// cut down to the characters of `html`. Returns the rule, the font's size in bytes and the
/// characters the font lacks.
fn font_face(
    html: &str,
    lang: Lang,
    family: &str,
) -> Result<(String, usize, Vec<char>), ReportError> {
    let (bytes, missing) = match lang {
        Lang::En => (FONT.to_vec(), vec![]),
        Lang::Zh => font::subset_for(font::cjk_font()?, html)?,
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok((font_face_rule(family, &b64), bytes.len(), missing))
}

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

/// A scenario text in `lang`, escaped, with the untranslated marker (counted in `n`) where
/// a Chinese page has only the English.
fn scenario_text(lang: Lang, en: &str, zh: Option<&str>, n: &mut usize) -> String {
    let (text, marked) = or_marked(lang, en, zh);
    if !marked {
        return esc(&text);
    }
    *n += 1;
    let rest = text.strip_prefix(UNTRANSLATED).unwrap_or(&text);
    format!(
        "<span class=\"untranslated\" title=\"{}\">{UNTRANSLATED}</span>{}",
        esc(&Msg::UntranslatedTitle.text(lang)),
        esc(rest)
    )
}

/// The page, with [`FONT_FACE_SLOT`] where the font goes, and how many scenario texts it
/// shows untranslated.
fn page(d: &ReportData, svgs: &[(&String, String)], lang: Lang) -> (String, usize) {
    let t = |m: Msg| m.text(lang);
    let mut untranslated = 0;
    let mut s = String::new();
    let family = match lang {
        Lang::En => plot::FONT_FAMILY.to_string(),
        Lang::Zh => font::cjk_font().map_or(String::new(), |f| f.family.clone()),
    };
    let title = esc(&t(Msg::PageTitle {
        scenario: &d.scenario,
    }));
    let _ = write!(
        s,
        r#"<!DOCTYPE html>
<html lang="{lang_tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{FONT_FACE_SLOT}
{rules}{untranslated_css}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{desc}</p>
<p class="meta">{meta}</p>
"#,
        lang_tag = lang.html_tag(),
        rules = style_rules(&esc(&family)),
        untranslated_css = match lang {
            Lang::En => "",
            Lang::Zh =>
                "\n.untranslated { color: #b35900; font-size: 0.8em; margin-right: 0.3em; }",
        },
        desc = scenario_text(
            lang,
            &d.description,
            d.description_zh.as_deref(),
            &mut untranslated
        ),
        meta = t(Msg::MetaHtml {
            reps: &d.replications,
            seed: &d.seed,
            base: &esc(&d.rollout_name(&d.baseline, lang)),
            version: &esc(&d.firesim_version)
        }),
    );
    results(&mut s, d, lang, &mut untranslated);
    let _ = writeln!(s, "<h2>{}</h2>", t(Msg::Charts));
    for (caption, svg) in svgs {
        let _ = write!(
            s,
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            inline(svg.clone()),
            esc(caption)
        );
    }
    tail(&mut s, d, lang, &mut untranslated);
    (s, untranslated)
}

/// The results: the two headline tables, the milestones and what each rollout asks.
fn results(s: &mut String, d: &ReportData, lang: Lang, untranslated: &mut usize) {
    let t = |m: Msg| m.text(lang);
    let std_min = format!("{:.0}", d.standard_s / 60.0);
    let head = |s: &mut String| {
        let _ = write!(s, "<tr><th>{}</th>", t(Msg::Rollout));
        for p in &d.periods {
            let _ = write!(s, "<th>{}</th>", esc(p));
        }
        s.push_str("</tr>\n");
    };
    let _ = write!(
        s,
        "<h2>{}</h2>\n<p>{}</p>\n<h3>{}</h3>\n<table>\n",
        t(Msg::Results),
        t(Msg::ResultsIntroHtml {
            base: &esc(&d.rollout_name(&d.baseline, lang))
        }),
        t(Msg::P90TableHeading)
    );
    let rows = |s: &mut String,
                cells: &dyn Fn(&TableRow) -> &Vec<Cell>,
                fmt: &dyn Fn(f64) -> String,
                dfmt: &dyn Fn(f64) -> String| {
        head(s);
        for row in &d.table {
            let (desc, _) = or_marked(lang, &row.description, row.description_zh.as_deref());
            let _ = write!(
                s,
                "<tr><td title=\"{}\">{}</td>",
                esc(&desc),
                esc(&d.rollout_name(&row.rollout, lang))
            );
            for c in cells(row) {
                s.push_str(&cell(c, row.rollout == d.baseline, fmt, dfmt));
            }
            s.push_str("</tr>\n");
        }
    };
    rows(s, &|r| &r.p90_s, &|x| format!("{x:.0}"), &|x| {
        t(Msg::Seconds {
            x: &if x.abs() < 9.95 {
                format!("{x:+.1}")
            } else {
                format!("{x:+.0}")
            },
        })
    });
    let _ = write!(
        s,
        "</table>\n<h3>{}</h3>\n<table>\n",
        t(Msg::WithinTableHeading { std_min: &std_min })
    );
    rows(s, &|r| &r.within, &|x| format!("{:.1}", 100.0 * x), &|x| {
        t(Msg::Points {
            x: &if (100.0 * x).abs() < 0.95 {
                format!("{:+.2}", 100.0 * x)
            } else {
                format!("{:+.1}", 100.0 * x)
            },
        })
    });
    let y = |v: &Option<i32>| v.map_or(t(Msg::NotReached), |y| y.to_string());
    s.push_str("</table>\n");
    super::economics::html(s, d, lang, &|r| d.rollout_name(r, lang));
    super::plan_rule::html(s, d, lang);
    let edge_head = if d.district_rule {
        format!(
            "<th>{}</th>",
            esc(&t(Msg::MilestoneDistrictEdge { std_min: &std_min }))
        )
    } else {
        String::new()
    };
    let _ = write!(
        s,
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th>{edge_head}</tr>\n",
        t(Msg::Milestones),
        t(Msg::Rollout),
        esc(&t(Msg::MilestoneUrbanCore { std_min: &std_min })),
        esc(&t(Msg::MilestoneCompliance {
            target_pct: &format!("{:.0}", 100.0 * d.compliance_target),
            std_min: &std_min
        })),
    );
    for m in &d.milestones {
        let (r, a, b) = (&m.rollout, &m.urban_core_p90, &m.compliance);
        let edge = if d.district_rule {
            format!("<td>{}</td>", y(&m.district_edge))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td>{edge}</tr>",
            esc(&d.rollout_name(r, lang)),
            y(a),
            y(b)
        );
    }
    let _ = write!(s, "</table>\n<h3>{}</h3>\n<ul>\n", t(Msg::RolloutsAsk));
    for row in &d.table {
        // The display name, then the name the JSON and CSV files use.
        let shown = d.rollout_name(&row.rollout, lang);
        let label = if shown == row.rollout {
            format!("<code>{}</code>", esc(&row.rollout))
        } else {
            format!("{} (<code>{}</code>)", esc(&shown), esc(&row.rollout))
        };
        let _ = writeln!(
            s,
            "<li>{label}: {}</li>",
            scenario_text(
                lang,
                &row.description,
                row.description_zh.as_deref(),
                untranslated
            )
        );
    }
    s.push_str("</ul>\n");
}

/// The assumptions, the files and the footer.
fn tail(s: &mut String, d: &ReportData, lang: Lang, untranslated: &mut usize) {
    let t = |m: Msg| m.text(lang);
    let _ = write!(
        s,
        "<h2>{}</h2>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        t(Msg::Assumptions),
        t(Msg::AssumptionsIntro),
        t(Msg::Assumption),
        t(Msg::Value),
        t(Msg::Source)
    );
    for a in &d.assumptions {
        let mut text =
            |en: &str, zh: &Option<String>| scenario_text(lang, en, zh.as_deref(), untranslated);
        let (name, value, source) = (
            text(&a.name, &a.name_zh),
            text(&a.value, &a.value_zh),
            text(&a.source, &a.source_zh),
        );
        let _ = writeln!(
            s,
            "<tr><td>{name}</td><td style=\"text-align:left\">{value}</td><td style=\"text-align:left\">{source}</td></tr>"
        );
    }
    let _ = write!(s, "</table>\n<h2>{}</h2>\n<ul>\n", t(Msg::Files));
    for f in &d.files {
        let _ = writeln!(s, "<li><a href=\"{0}\">{0}</a></li>", esc(f));
    }
    let _ = write!(
        s,
        "</ul>\n<p class=\"meta\">{}</p>\n</body>\n</html>\n",
        t(Msg::FooterHtml)
    );
}
