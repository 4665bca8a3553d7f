//! `report.html` of `firesim optimise`: one self-contained page in English or Chinese (the
//! font embedded, the Pareto chart inlined as SVG, no link fetched) with the headline
//! recommendation, the objective and its guarantee, the recommended choices, every
//! finalist, the check against the base and every rollout of the scenario, the search's
//! summary and its trace. The text is optimise.md's (so the two never disagree), rendered
//! by the few Markdown forms it uses (headings, list items, tables, `code`, **bold**).

use super::files::{ReportError, write_atomic};
use super::html::{FONT_FACE_SLOT, chart_locale, font_face};
use super::i18n::{Lang, Msg};
use super::optimise::{OptimiseReport, est, money, optimise_md, pareto_chart};
use super::page::{esc, head, inline, plot_err, style_rules};
use crate::study::optimise::TraceRow;
use std::path::Path;

/// Inline Markdown (`code`, **bold**) of escaped text as HTML.
fn inline_md(text: &str) -> String {
    let mut out = String::new();
    let mut code = false;
    let mut bold = false;
    let escaped = esc(text);
    let mut rest = escaped.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("**") {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('`') {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
            rest = r;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The body of optimise.md as HTML, with `figure` where it shows the chart.
fn md_html(md: &str, figure: &str) -> String {
    let mut out = String::new();
    let mut lines = md.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            out += &format!("<h2>{}</h2>\n", inline_md(h));
        } else if line.starts_with("# ") {
            // The page sets its title itself.
        } else if line.starts_with("![") {
            out += figure;
        } else if line.starts_with("- ") {
            out += "<ul>\n";
            let mut item = Some(line);
            while let Some(l) = item {
                out += &format!("<li>{}</li>\n", inline_md(&l[2..]));
                item = lines.next_if(|l| l.starts_with("- "));
            }
            out += "</ul>\n";
        } else if line.starts_with('|') {
            out += "<table>\n";
            let mut row = Some(line);
            let mut header = true;
            while let Some(l) = row {
                let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
                if !cells
                    .iter()
                    .all(|c| c.trim().trim_matches(':').trim_matches('-').is_empty())
                {
                    let tag = if header { "th" } else { "td" };
                    out += "<tr>";
                    for c in cells {
                        out += &format!("<{tag}>{}</{tag}>", inline_md(c.trim()));
                    }
                    out += "</tr>\n";
                    header = false;
                }
                row = lines.next_if(|l| l.starts_with('|'));
            }
            out += "</table>\n";
        } else if !line.trim().is_empty() {
            out += &format!("<p>{}</p>\n", inline_md(line));
        }
    }
    out
}

/// The search trace as a Markdown table (in `lang`).
fn trace_md(trace: &[TraceRow], lang: Lang) -> String {
    let mut s = Msg::OptTrace.text(lang) + "\n\n" + &Msg::OptTraceHeader.text(lang);
    s += "\n|---:|---|---:|---:|---:|---:|\n";
    for r in trace {
        s += &format!(
            "| {} | {} | {:.2} | {} | {} | {} |\n",
            r.iteration, r.candidate, r.objective, r.evaluations, r.replications, r.infeasible
        );
    }
    s
}

/// The headline sentence: the recommendation, its cost and its difference from the base
/// on the check's fresh replications.
fn lead(r: &OptimiseReport, lang: Lang) -> String {
    let recruits: Vec<String> = r.recommended_recruits.iter().map(u32::to_string).collect();
    let opens = if r.recommended_opens.is_empty() {
        String::new()
    } else {
        let o: Vec<String> = r
            .recommended_opens
            .iter()
            .map(|(id, date)| format!("{id} {date}"))
            .collect();
        let sep = if lang == Lang::Zh { "；" } else { "; " };
        let colon = if lang == Lang::Zh { "：" } else { ": " };
        format!("{sep}{}{colon}{}", Msg::OptOpens.text(lang), o.join(", "))
    };
    let diff = r.check.last().map_or("–".to_string(), |c| est(&c.vs_base));
    Msg::OptLead {
        recruits: &recruits.join("/"),
        allocation: &r.recommended_allocation,
        opens: &opens,
        cost: &format!("{} {}", money(r.recommended_cost), r.currency)
            .trim()
            .to_string(),
        base: &r.base,
        diff: &diff,
        unit: &r.unit,
    }
    .text(lang)
}

/// Write `report.html` into `dir` in `lang`; the characters the CJK font lacks (for a
/// Chinese page).
pub fn write_page(
    r: &OptimiseReport,
    trace: &[TraceRow],
    dir: &Path,
    lang: Lang,
) -> Result<Vec<char>, ReportError> {
    let locale = chart_locale(lang)?;
    let figure = if r.points.is_empty() {
        String::new()
    } else {
        let svg = super::plot::chart_svg_in(&pareto_chart(r, lang), &locale)
            .map_err(|e| plot_err(dir, e))?;
        format!("<figure>\n{}\n</figure>\n", inline(svg))
    };
    let md = optimise_md(r, lang) + "\n" + &trace_md(trace, lang);
    let title = esc(&Msg::OptPageTitle {
        scenario: &r.scenario,
    }
    .text(lang));
    let style = format!(
        "{FONT_FACE_SLOT}\n{}\n.lead {{ font-size: 1.12em; font-weight: bold; background: \
         #f3f6fa; border-left: 4px solid #0072b2; padding: 0.6em 0.9em; }}\n\
         code {{ font-size: 0.92em; }}\n",
        style_rules(&esc(&locale.font_family))
    );
    let mut s = head(lang.html_tag(), &title, &style);
    s += &format!(
        "<h1>{title}</h1>\n<p class=\"lead\">{}</p>\n<p class=\"meta\">firesim {} · seed {}</p>\n",
        inline_md(&lead(r, lang)),
        esc(&r.version),
        r.seed
    );
    s += &md_html(&md, &figure);
    s += "</body>\n</html>\n";
    let (face, _, missing) = font_face(&s, lang, &locale.font_family)?;
    let s = s.replacen(FONT_FACE_SLOT, &face, 1);
    write_atomic(&dir.join("report.html"), s.as_bytes())?;
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_forms_become_html() {
        let md =
            "# T\n\nA `x` and **y** < z.\n\n## H\n\n- a\n- b\n\n| c | d |\n|---|---:|\n| 1 | 2 |\n";
        let h = md_html(md, "<figure></figure>");
        assert!(
            h.contains("<p>A <code>x</code> and <strong>y</strong> &lt; z.</p>"),
            "{h}"
        );
        assert!(h.contains("<h2>H</h2>") && !h.contains(">T<"), "{h}");
        assert!(h.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"), "{h}");
        assert!(
            h.contains("<tr><th>c</th><th>d</th></tr>\n<tr><td>1</td><td>2</td></tr>"),
            "{h}"
        );
    }
}
