//! The files of `firesim robustness`: robustness.json, robustness.csv, sensitivity.csv,
//! voi.csv, robustness.md, robustness.xlsx (robustness.md's tables, one sheet each), and
//! report.html with its charts.
//!
//! robustness.md and report.html are one document ([`text`], through [`doc`]) in the
//! language asked for: the decision to take in one sentence, then P(best) and regret among
//! the decisions, P(milestone met), what could change the choice (the indices and EVPPI of
//! the contender's difference from the baseline), what moves the baseline's level, and the
//! inputs. The JSON and CSV files are the same in every language.

mod doc;
mod page;
mod text;

use super::{ReportError, write_atomic, write_workbook};
use crate::report::i18n::{Lang, UNTRANSLATED};
use crate::scenario::Scenario;
use crate::study::robustness::Robustness;
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

/// robustness.csv: one row per rollout × metric × period (`ranked`: a decision the plan
/// allows; `headline`: `true` on the decision to take's row of the headline figure over
/// the horizon), then one per rollout × milestone × year (`metric` =
/// `milestone.<name>`, `p_met` the share of design points meeting it).
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
        "ranked",
        "p_met",
        "headline",
    ])?;
    for m in &r.metrics {
        for p in &m.periods {
            for row in &p.rollouts {
                let s = &row.summary;
                let headline = m.metric == r.headline.metric
                    && p.year == "all"
                    && r.headline.decision.as_ref() == Some(&row.rollout);
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
                    row.ranked.to_string(),
                    String::new(),
                    if headline {
                        "true".into()
                    } else {
                        String::new()
                    },
                ])?;
            }
        }
    }
    for c in &r.milestones {
        let blank = String::new;
        w.write_record([
            c.rollout.clone(),
            format!("milestone.{}", c.milestone.name()),
            c.year.to_string(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            num(c.p_met),
            blank(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// sensitivity.csv: one row per metric × period × output × input (outputs: each rollout's
/// figure, then each rollout's difference from the baseline, `name-vs-base`).
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

/// voi.csv: per metric × period × choice × input, the EVPPI. `choice`: `decisions` (the
/// choice among every ranked decision) or `<contender>-vs-base` (between the headline's
/// contender and the baseline: what could change the choice).
pub fn voi_csv(r: &Robustness) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "metric",
        "year",
        "choice",
        "param",
        "evppi",
        "evpi",
        "evppi_share_of_evpi",
    ])?;
    for m in &r.metrics {
        for p in &m.periods {
            let mut choices = vec![("decisions".to_string(), p.evpi, &p.evppi)];
            if let Some(v) = &p.versus_baseline {
                choices.push((format!("{}-vs-base", v.rollout), v.evpi, &v.evppi));
            }
            for (choice, evpi, evppi) in choices {
                for (inp, e) in r.inputs.iter().zip(evppi) {
                    let share = if evpi > 0.0 { e / evpi } else { 0.0 };
                    w.write_record([
                        m.metric.clone(),
                        p.year.clone(),
                        choice.clone(),
                        inp.param.clone(),
                        num(*e),
                        num(evpi),
                        num(share),
                    ])?;
                }
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// robustness.md in `lang`: the document [`text`] makes, as markdown.
pub fn robustness_md(r: &Robustness, lang: Lang) -> String {
    doc::markdown(&text::document(r, lang))
}

/// The opening sentence of robustness.md and report.html, in `lang`.
pub fn headline_sentence(r: &Robustness, lang: Lang) -> String {
    text::Texts { r, lang }.headline()
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

/// What [`write_all`] wrote.
#[derive(Debug)]
pub struct RobustnessWritten {
    /// robustness.md (to print).
    pub md: String,
    /// Characters of a Chinese page that its CJK font has no glyph for.
    pub missing_glyphs: Vec<char>,
    /// Scenario texts (input sources, choice labels, the description) a Chinese report
    /// shows in English for want of a translation.
    pub untranslated: usize,
}

/// Write every file of a robustness analysis into `out`, robustness.md and report.html
/// in `lang`.
pub fn write_all(
    r: &Robustness,
    scenario: &Scenario,
    out: &Path,
    lang: Lang,
) -> Result<RobustnessWritten, ReportError> {
    let json = serde_json::to_string(r).map_err(|e| ReportError::Encode {
        file: out.join("robustness.json"),
        message: e.to_string(),
    })?;
    let blocks = text::document(r, lang);
    let md = doc::markdown(&blocks);
    let f = |n: &str| out.join(n);
    let rc = robustness_csv(r).map_err(csv_err(&f("robustness.csv")))?;
    let sc = sensitivity_csv(r).map_err(csv_err(&f("sensitivity.csv")))?;
    let vc = voi_csv(r).map_err(csv_err(&f("voi.csv")))?;
    write_atomic(&f("robustness.json"), (json + "\n").as_bytes())?;
    write_atomic(&f("robustness.csv"), &rc)?;
    write_atomic(&f("sensitivity.csv"), &sc)?;
    write_atomic(&f("voi.csv"), &vc)?;
    write_atomic(&f("robustness.md"), md.as_bytes())?;
    write_workbook(&f("robustness.xlsx"), &doc::workbook(&blocks, lang))?;
    let page = page::write_page(r, scenario, &blocks, lang, &FILES, out)?;
    let description_untranslated = lang == Lang::Zh
        && scenario
            .description_zh
            .as_deref()
            .is_none_or(|z| z.trim().is_empty());
    Ok(RobustnessWritten {
        untranslated: md.matches(UNTRANSLATED).count() + usize::from(description_untranslated),
        md,
        missing_glyphs: page.missing_glyphs,
    })
}
