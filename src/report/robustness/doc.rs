//! A small document model for the robustness report: headings, paragraphs and tables whose
//! texts are already in the reader's language, written once as markdown (robustness.md)
//! and once as HTML (report.html), so the two say the same in the same order.
//!
//! Texts may hold `code` spans (backticks): markdown keeps them, HTML makes them `<code>`.
//! The same tables go into robustness.xlsx ([`workbook`]), one sheet each, a cell that
//! shows one number (with its unit: `s`, `%`, points) stored as that number.

use super::super::i18n::Lang;
use super::super::page::esc;
use super::super::table::{Column, Table, Value};
use std::fmt::Write as _;

/// One block of the document.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Block {
    /// A heading: level 1 (the title), 2 or 3.
    Heading(u8, String),
    /// The opening sentence (bold in markdown, set apart on the page).
    Lead(String),
    /// A paragraph.
    Para(String),
    /// A table: header cells, whether each column is numeric (right-aligned), rows.
    Table {
        /// Header cells.
        head: Vec<String>,
        /// Per column: numbers (right-aligned).
        numeric: Vec<bool>,
        /// The rows.
        rows: Vec<Vec<String>>,
    },
    /// Where the page puts chart `n` (nothing in markdown).
    Chart(usize),
}

/// A table block with the first column text and the rest numbers.
pub(super) fn table(head: Vec<String>, rows: Vec<Vec<String>>) -> Block {
    let numeric = (0..head.len()).map(|i| i > 0).collect();
    Block::Table {
        head,
        numeric,
        rows,
    }
}

/// The document as markdown.
pub(super) fn markdown(blocks: &[Block]) -> String {
    let mut s = String::new();
    let cell = |c: &str| c.replace('|', "\\|");
    for b in blocks {
        match b {
            Block::Heading(level, t) => {
                let _ = writeln!(s, "{} {t}\n", "#".repeat(usize::from(*level)));
            }
            Block::Lead(t) => {
                let _ = writeln!(s, "**{t}**\n");
            }
            Block::Para(t) => {
                let _ = writeln!(s, "{t}\n");
            }
            Block::Table {
                head,
                numeric,
                rows,
            } => {
                let _ = writeln!(
                    s,
                    "| {} |",
                    head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
                );
                s.push('|');
                for &n in numeric {
                    s.push_str(if n { "---:|" } else { "---|" });
                }
                s.push('\n');
                for r in rows {
                    let _ = writeln!(
                        s,
                        "| {} |",
                        r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                    );
                }
                s.push('\n');
            }
            Block::Chart(_) => {}
        }
    }
    // One newline at the end.
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// A text as HTML: escaped, with its `code` spans as `<code>`.
pub(super) fn inline_html(t: &str) -> String {
    t.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// The document as HTML, `chart(n)` giving the markup of chart `n`.
pub(super) fn html(blocks: &[Block], chart: &dyn Fn(usize) -> String) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Heading(level, t) => {
                let _ = writeln!(s, "<h{level}>{}</h{level}>", inline_html(t));
            }
            Block::Lead(t) => {
                let _ = writeln!(s, "<p class=\"lead\">{}</p>", inline_html(t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "<p>{}</p>", inline_html(t));
            }
            Block::Table {
                head,
                numeric,
                rows,
            } => {
                s.push_str("<table>\n<tr>");
                for h in head {
                    let _ = write!(s, "<th>{}</th>", inline_html(h));
                }
                s.push_str("</tr>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for (i, c) in r.iter().enumerate() {
                        if numeric.get(i).copied().unwrap_or(false) || i == 0 {
                            let _ = write!(s, "<td>{}</td>", inline_html(c));
                        } else {
                            let _ = write!(s, "<td class=\"text\">{}</td>", inline_html(c));
                        }
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</table>\n");
            }
            Block::Chart(n) => s.push_str(&chart(*n)),
        }
    }
    s
}

/// Excel formats by decimals shown, for plain numbers and for percentages.
const PLAIN: [&str; 5] = ["0", "0.0", "0.00", "0.000", "0.0000"];
const PERCENT: [&str; 5] = ["0%", "0.0%", "0.00%", "0.000%", "0.0000%"];

/// A document cell as a workbook cell: one number with its unit (seconds or points: the
/// number; a percentage: the fraction, shown as a percentage, to the decimals the text
/// shows), a `code` name, else the text.
fn cell(text: &str) -> Value {
    let t = text.trim();
    if t.len() > 1 && t.starts_with('`') && t.ends_with('`') && t.matches('`').count() == 2 {
        return Value::Code(t[1..t.len() - 1].to_string());
    }
    let (digits, percent) = match t.strip_suffix('%') {
        Some(d) => (d, true),
        None => (
            [" s", " 秒", " pts", " 个百分点"]
                .iter()
                .find_map(|u| t.strip_suffix(u))
                .unwrap_or(t),
            false,
        ),
    };
    let Ok(x) = digits.trim().replace('−', "-").parse::<f64>() else {
        return Value::text(text);
    };
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len()).min(4);
    if percent {
        Value::num(x / 100.0, PERCENT[decimals], text)
    } else {
        Value::num(x, PLAIN[decimals], text)
    }
}

/// The document's tables as workbook tables, each named by the heading above it (and its
/// position among that heading's tables, when it has several).
pub(super) fn workbook(blocks: &[Block], lang: Lang) -> Vec<Table> {
    let mut out = vec![];
    let mut heading = String::new();
    let mut under = 0;
    for b in blocks {
        match b {
            Block::Heading(_, t) => {
                heading = t.replace('`', "");
                under = 0;
            }
            Block::Table {
                head,
                numeric,
                rows,
            } => {
                under += 1;
                let title = if under == 1 {
                    heading.clone()
                } else {
                    format!("{heading} ({under})")
                };
                out.push(Table {
                    sheet: title.clone(),
                    title,
                    note: String::new(),
                    lang,
                    columns: head
                        .iter()
                        .zip(numeric)
                        .map(|(h, &n)| {
                            let h = h.replace('`', "");
                            if n {
                                Column::num(h, "")
                            } else {
                                Column::text(h)
                            }
                        })
                        .collect(),
                    rows: rows
                        .iter()
                        .map(|r| r.iter().map(|c| cell(c)).collect())
                        .collect(),
                });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_html_say_the_same() {
        let doc = vec![
            Block::Heading(1, "Title `x`".into()),
            Block::Lead("Take `a`.".into()),
            table(
                vec!["name".into(), "value".into()],
                vec![vec!["`a|b` <i>".into(), "1".into()]],
            ),
            Block::Chart(0),
        ];
        let md = markdown(&doc);
        assert_eq!(
            md,
            "# Title `x`\n\n**Take `a`.**\n\n| name | value |\n|---|---:|\n| `a\\|b` <i> | 1 |\n"
        );
        let h = html(&doc, &|n| format!("<figure>{n}</figure>\n"));
        assert!(h.contains("<h1>Title <code>x</code></h1>"), "{h}");
        assert!(
            h.contains("<p class=\"lead\">Take <code>a</code>.</p>"),
            "{h}"
        );
        assert!(
            h.contains("<td><code>a|b</code> &lt;i&gt;</td><td>1</td>"),
            "{h}"
        );
        assert!(h.ends_with("<figure>0</figure>\n"));
    }

    #[test]
    fn workbook_cells_are_numbers_with_the_shown_decimals() {
        let n = |t: &str| match cell(t) {
            Value::Num { x, format, .. } => (x, format),
            v => panic!("{t}: {v:?}"),
        };
        assert_eq!(n("123 s"), (123.0, "0"));
        assert_eq!(n("45.5%"), (0.455, "0.0%"));
        assert_eq!(n("−1.25 pts"), (-1.25, "0.00"));
        assert_eq!(n("0.412"), (0.412, "0.000"));
        assert_eq!(n("12 秒"), (12.0, "0"));
        assert_eq!(
            cell("`travel.cruise_kmh`"),
            Value::Code("travel.cruise_kmh".into())
        );
        assert_eq!(cell("[0.1, 0.2]"), Value::text("[0.1, 0.2]"));
        assert_eq!(cell("plan (baseline)"), Value::text("plan (baseline)"));
        let doc = vec![
            Block::Heading(2, "P(best) `p90`".into()),
            table(
                vec!["rollout".into(), "P".into()],
                vec![vec!["a".into(), "50%".into()]],
            ),
            table(
                vec!["input".into(), "x".into()],
                vec![vec!["b".into(), "1.0 s".into()]],
            ),
        ];
        let w = workbook(&doc, Lang::En);
        assert_eq!(w.len(), 2);
        assert_eq!(
            (w[0].sheet.as_str(), w[1].sheet.as_str()),
            ("P(best) p90", "P(best) p90 (2)")
        );
        assert_eq!(w[1].rows[0][1], Value::num(1.0, "0.0", "1.0 s"));
    }
}
