//! `firesim report DIR`: redraw the charts and report.html (and comparison.md and
//! comparison.xlsx, for a comparison) from a results folder's report_data.toml, without
//! simulating again, in English or Chinese; and the helper `compare` and `run` use to write
//! them in the first place.

use super::output::Staging;
use crate::report::{self, Lang, charts::ReportData};
use crate::scenario::Scenario;
use crate::study::compare::Comparison;
use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};

/// Stop before any work when `lang` needs a font the machine lacks.
pub(crate) fn check_lang(lang: Lang) -> Result<()> {
    if lang == Lang::Zh {
        report::font::cjk_font()?;
    }
    Ok(())
}

/// Build the report data of `cmp`, save it as report_data.toml, and draw charts and page
/// in `lang`. Returns the data (comparison.md is made from it).
pub(crate) fn write(
    scenario: &Scenario,
    cmp: &Comparison,
    year: Option<i32>,
    out: &Path,
    files: &[&str],
    lang: Lang,
) -> Result<ReportData> {
    report::geo::write_layers(scenario, cmp, out)?;
    let mut links: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    links.push("report_data.toml".into());
    let data = report::charts::report_data(scenario, cmp, year, links);
    report::write_atomic(
        &out.join("report_data.toml"),
        toml::to_string(&data)?.as_bytes(),
    )?;
    let written = report::write_report(&data, out, lang)?;
    report_notes(&written);
    Ok(data)
}

/// Warn about what a Chinese report could not show as asked.
fn report_notes(w: &report::Written) {
    notes(w.untranslated, &w.missing_glyphs);
}

/// Warn about `untranslated` scenario texts a Chinese report shows in English and the
/// characters its CJK font has no glyph for.
pub(crate) fn notes(untranslated: usize, missing_glyphs: &[char]) {
    if untranslated > 0 {
        eprintln!(
            "note: {} scenario texts have no Chinese translation; the report shows them in \
             English, marked {}",
            untranslated,
            report::i18n::UNTRANSLATED
        );
    }
    if !missing_glyphs.is_empty() {
        let chars: String = missing_glyphs.iter().collect();
        eprintln!(
            "warning: the CJK font has no glyph for {chars:?}; browsers draw them with \
             another font, the PNG charts as boxes"
        );
    }
}

/// `to` relative to `from` (both folders), by their absolute forms.
fn relative(from: &Path, to: &Path) -> Result<PathBuf> {
    let abs = |p: &Path| -> Result<PathBuf> {
        let p = std::path::absolute(p).with_context(|| format!("bad path {}", p.display()))?;
        // Lexically normalised (no `.`/`..`), like the paths a person types.
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        Ok(out)
    };
    let (from, to) = (abs(from)?, abs(to)?);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel = PathBuf::new();
    for _ in common..from.components().count() {
        rel.push("..");
    }
    for c in to.components().skip(common) {
        rel.push(c);
    }
    Ok(rel)
}

/// Redraw the report of the results folder `dir` in `lang` into `out` (default: `dir`).
pub fn run(dir: &Path, lang: Lang, out: Option<&Path>) -> Result<()> {
    check_lang(lang)?;
    let mut data = report::read_report_data(dir)?;
    let out = out.unwrap_or(dir).to_path_buf();
    let with_md = data.files.iter().any(|f| f == "comparison.md");
    // Links to the data files stay valid from another folder; comparison.md and
    // comparison.xlsx are written beside the page in its language.
    let rel = relative(&out, dir)?;
    if !rel.as_os_str().is_empty() {
        for f in &mut data.files {
            if !(with_md && (f == "comparison.md" || f == "comparison.xlsx")) {
                *f = rel.join(&*f).to_string_lossy().replace('\\', "/");
            }
        }
    }
    let staging = Staging::new(&out)?;
    let written = report::write_report(&data, staging.path(), lang)?;
    if with_md {
        report::write_atomic(
            &staging.path().join("comparison.md"),
            report::comparison_md(&data, lang).as_bytes(),
        )?;
        report::write_workbook(
            &staging.path().join("comparison.xlsx"),
            &report::comparison_tables(&data, lang),
        )?;
    }
    staging.commit()?;
    report_notes(&written);
    eprintln!(
        "wrote {} and {} charts under {}",
        out.join("report.html").display(),
        written.charts.len(),
        out.join("charts").display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::{Path, PathBuf};

    #[test]
    fn relative_paths_between_folders() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b)).unwrap();
        assert_eq!(
            r("/x/compare-zh", "/x/compare"),
            PathBuf::from("../compare")
        );
        assert_eq!(r("/x/a", "/x/a"), PathBuf::new());
        assert_eq!(r("/x/a/b", "/x"), PathBuf::from("../.."));
        assert_eq!(r("/x/./a/../b", "/x/c"), PathBuf::from("../c"));
    }
}
