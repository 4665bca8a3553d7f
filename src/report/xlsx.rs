//! The workbooks (`comparison.xlsx`, `robustness.xlsx`): one sheet per [`Table`], its title
//! in the first row, its note in the second, the headers with their units in the third,
//! then the rows; numbers are stored as numbers (shares as fractions shown as percentages),
//! a NaN as a blank cell.
//!
//! Same tables, same bytes: the document's creation time is a constant (not the clock), and
//! the archive's file times are the library's fixed default.

use super::files::{ReportError, write_atomic};
use super::table::{Table, Value};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::collections::HashSet;
use std::path::Path;

/// The creation time written into every workbook, so the same tables give the same bytes.
const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// A valid sheet name from `name`: Excel's forbidden characters replaced, at most 31
/// UTF-16 units, not blank, and not one already taken (compared without case), which
/// gets a number.
fn sheet_name(name: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "*?:[]\\/".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let base = if clean.is_empty() { "table" } else { clean };
    let cut = |s: &str, max: usize| -> String {
        let mut n = 0;
        s.chars()
            .take_while(|c| {
                n += c.len_utf16();
                n <= max
            })
            .collect::<String>()
            .trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_string()
    };
    let mut name = cut(base, 31);
    let mut k = 2;
    while !taken.insert(name.to_lowercase()) {
        let suffix = format!(" {k}");
        name = cut(base, 31 - suffix.len()) + &suffix;
        k += 1;
    }
    name
}

/// The workbook of `tables`, as bytes.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = CREATED;
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?),
    );
    let bold = Format::new().set_bold();
    let mut taken = HashSet::new();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.sheet, &mut taken))?;
        ws.write_string_with_format(0, 0, &t.title, &bold)?;
        if !t.note.is_empty() {
            ws.write_string(1, 0, &t.note)?;
        }
        let shown: Vec<usize> = (0..t.columns.len())
            .filter(|&c| t.columns[c].in_workbook)
            .collect();
        for (c, &i) in shown.iter().enumerate() {
            let c = c as u16;
            let header = t.columns[i].header_with_unit(t.lang);
            ws.write_string_with_format(2, c, header, &bold)?;
            ws.set_column_width(c, if c == 0 { 24 } else { 14 })?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = 3 + r as u32;
            for (c, &i) in shown.iter().enumerate() {
                let c = c as u16;
                match row.get(i).unwrap_or(&Value::Empty) {
                    Value::Empty => {}
                    Value::Text(s) | Value::Code(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Value::Num { x, format, .. } if x.is_finite() => {
                        let f = Format::new().set_num_format(*format);
                        ws.write_number_with_format(r, c, *x, &f)?;
                    }
                    Value::Num { .. } => {}
                }
            }
        }
        ws.set_freeze_panes(3, 1)?;
    }
    wb.save_to_buffer()
}

/// Write the workbook of `tables` to `path` (atomically, like every result file).
pub fn write_workbook(path: &Path, tables: &[Table]) -> Result<(), ReportError> {
    let bytes = workbook(tables).map_err(|e| ReportError::Encode {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::sheet_name;
    use std::collections::HashSet;

    #[test]
    fn sheet_names_are_valid_and_distinct() {
        let mut taken = HashSet::new();
        let mut n = |s: &str| sheet_name(s, &mut taken);
        assert_eq!(n("p90"), "p90");
        assert_eq!(n("P90"), "P90 2");
        assert_eq!(n("a/b: [c]?"), "a_b_ _c__");
        assert_eq!(n("  "), "table");
        let long = n(&"x".repeat(40));
        assert_eq!(long.len(), 31);
        assert_eq!(n(&"x".repeat(40)), format!("{} 2", "x".repeat(29)));
        let zh = n(&"出".repeat(40));
        assert_eq!(zh.chars().count(), 31);
    }
}
