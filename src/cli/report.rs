//! `firesim report DIR`: redraw the charts and report.html (and comparison.md, for a
//! comparison) from a results folder's report_data.toml, without simulating again, in
//! English or Chinese; and the helper `compare` and `run` use to write them in the first
//! place.

use super::output::Staging;
use crate::report::{self, Lang, charts::ReportData};
use crate::scenario::Scenario;
use crate::study::compare::Comparison;
use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// A results folder written by `firesim compare` or `firesim run`.
    dir: PathBuf,
    /// Language of the page, the charts and comparison.md (`zh` needs a CJK font: Debian's
    /// fonts-wqy-microhei, or FIRESIM_CJK_FONT).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Folder to write into (default: DIR); its links to DIR's data files are relative.
    #[arg(long)]
    out: Option<PathBuf>,
}

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
    super::report_notes(&written);
    Ok(data)
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

pub(crate) fn run(args: ReportArgs) -> Result<()> {
    check_lang(args.lang)?;
    let mut data = report::read_report_data(&args.dir)?;
    let out = args.out.clone().unwrap_or_else(|| args.dir.clone());
    let with_md = data.files.iter().any(|f| f == "comparison.md");
    // Links to the data files stay valid from another folder; comparison.md is written
    // beside the page in its language.
    let rel = relative(&out, &args.dir)?;
    if !rel.as_os_str().is_empty() {
        for f in &mut data.files {
            if !(with_md && f == "comparison.md") {
                *f = rel.join(&*f).to_string_lossy().replace('\\', "/");
            }
        }
    }
    let staging = Staging::new(&out)?;
    let written = report::write_report(&data, staging.path(), args.lang)?;
    if with_md {
        report::write_atomic(
            &staging.path().join("comparison.md"),
            report::comparison_md(&data, args.lang).as_bytes(),
        )?;
    }
    staging.commit()?;
    super::report_notes(&written);
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
