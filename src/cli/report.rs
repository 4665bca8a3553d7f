//! `firesim report DIR`: redraw the charts and report.html from a results folder's
//! report_data.toml, without simulating again; and the helper `compare` and `run` use to
//! write them in the first place.

use super::output::Staging;
use crate::compare::Comparison;
use crate::report::{self, charts::ReportData};
use crate::scenario::Scenario;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// A results folder written by `firesim compare` or `firesim run`.
    dir: PathBuf,
}

/// Build the report data of `cmp`, save it as report_data.toml, and draw charts and page.
pub(crate) fn write(
    scenario: &Scenario,
    cmp: &Comparison,
    year: Option<i32>,
    out: &Path,
    files: &[&str],
) -> Result<()> {
    report::geo::write_layers(scenario, cmp, out)?;
    let mut links: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    links.push("report_data.toml".into());
    let data = report::charts::report_data(scenario, cmp, year, links);
    report::write_atomic(
        &out.join("report_data.toml"),
        toml::to_string(&data)?.as_bytes(),
    )?;
    report::write_report(&data, out)?;
    Ok(())
}

pub(crate) fn run(args: ReportArgs) -> Result<()> {
    let path = args.dir.join("report_data.toml");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {} (run `firesim compare` or `firesim run` first)",
            path.display()
        )
    })?;
    let data: ReportData = toml::from_str(&text)
        .with_context(|| format!("{} is not a firesim report_data.toml", path.display()))?;
    let staging = Staging::new(&args.dir)?;
    let files = report::write_report(&data, staging.path())?;
    staging.commit()?;
    eprintln!(
        "wrote {} and {} charts under {}",
        args.dir.join("report.html").display(),
        files.len(),
        args.dir.join("charts").display()
    );
    Ok(())
}
