//! A result table as the files show it: a title, columns with their units, and rows of
//! cells that are numbers or text. The Markdown writers and the workbook
//! ([`super::xlsx`]) render the same tables, so a table added to a report's Markdown
//! appears in its workbook too.

use super::i18n::Lang;

/// A column: its header and, for numbers, their unit (the workbook writes it in the
/// header, the Markdown in each cell's text).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Header, without the unit.
    pub header: String,
    /// Unit of the column's numbers (`s`, `%`, …); empty: none.
    pub unit: String,
    /// Numbers, right-aligned in Markdown.
    pub numeric: bool,
    /// Shown in the Markdown (a column may be only there, e.g. an interval as one text
    /// `[lo, hi]`, whose bounds the workbook has as two columns of numbers).
    pub in_markdown: bool,
    /// Written into the workbook.
    pub in_workbook: bool,
}

impl Column {
    /// A column of text.
    pub fn text(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            unit: String::new(),
            numeric: false,
            in_markdown: true,
            in_workbook: true,
        }
    }

    /// A column of numbers in `unit` (empty: none).
    pub fn num(header: impl Into<String>, unit: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            unit: unit.into(),
            numeric: true,
            in_markdown: true,
            in_workbook: true,
        }
    }

    /// The column only in the Markdown.
    pub fn markdown_only(self) -> Column {
        Column {
            in_workbook: false,
            ..self
        }
    }

    /// The column only in the workbook.
    pub fn workbook_only(self) -> Column {
        Column {
            in_markdown: false,
            ..self
        }
    }

    /// The header with its unit, as the workbook writes it: `mean (s)`, `均值（秒）`.
    pub fn header_with_unit(&self, lang: Lang) -> String {
        match (self.unit.is_empty(), lang) {
            (true, _) => self.header.clone(),
            (false, Lang::En) => format!("{} ({})", self.header, self.unit),
            (false, Lang::Zh) => format!("{}（{}）", self.header, self.unit),
        }
    }
}

/// A cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A name as code: in backticks in the Markdown, plain in the workbook.
    Code(String),
    /// A number: its value (the workbook stores it, with `format`; a NaN is left blank)
    /// and the text the Markdown shows.
    Num {
        /// The value, in the column's unit as stored (shares as fractions).
        x: f64,
        /// Excel number format, e.g. `0`, `0.0`, `0.0%`.
        format: &'static str,
        /// The Markdown text.
        md: String,
    },
}

impl Value {
    /// A number stored with the Excel `format`, shown as `md` in Markdown.
    pub fn num(x: f64, format: &'static str, md: impl Into<String>) -> Value {
        Value::Num {
            x,
            format,
            md: md.into(),
        }
    }

    /// A number for the workbook only (tables no Markdown renders).
    pub fn x(x: f64, format: &'static str) -> Value {
        Value::num(x, format, String::new())
    }

    /// Text.
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    fn md(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Code(s) => format!("`{s}`"),
            Value::Text(s) | Value::Num { md: s, .. } => s.clone(),
        }
    }
}

/// A table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Short name (the workbook's sheet; at most 31 characters there).
    pub sheet: String,
    /// What the table shows, in a line.
    pub title: String,
    /// A note under the title (empty: none), e.g. what a marker means.
    pub note: String,
    /// Language of the texts (the workbook writes units in the headers accordingly).
    pub lang: Lang,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// The table in Markdown: header, alignment and rows (no title: the writer puts its
    /// own prose around it).
    pub fn markdown(&self) -> String {
        let shown: Vec<usize> = (0..self.columns.len())
            .filter(|&c| self.columns[c].in_markdown)
            .collect();
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        let mut s = line(
            shown
                .iter()
                .map(|&c| self.columns[c].header.clone())
                .collect(),
        );
        s.push('|');
        for &c in &shown {
            s.push_str(if self.columns[c].numeric {
                "---:|"
            } else {
                "---|"
            });
        }
        s.push('\n');
        for row in &self.rows {
            s.push_str(&line(
                shown
                    .iter()
                    .map(|&c| row.get(c).map_or(String::new(), Value::md))
                    .collect(),
            ));
        }
        s
    }
}
