//! The fidelity output of `firesim run` on a replayed stream with observed responses:
//! `validation.json` and the ECDF charts (simulated vs observed first-unit times).

use crate::report;
use crate::scenario::Scenario;
use crate::sim::model::ResponseRecord;
use crate::stats::fidelity;
use crate::study::runner::RunOptions;
use anyhow::{Context, Result};
use std::path::Path;

/// Compare every replication's `responses` with the observed ones and write the results.
pub(crate) fn write(
    scenario: &Scenario,
    responses: &[(u32, ResponseRecord)],
    opts: &RunOptions,
    out: &Path,
) -> Result<()> {
    let Some(v) = fidelity::assess(scenario, responses, opts.replications, opts.seed) else {
        return Ok(());
    };
    report::write_atomic(
        &out.join("validation.json"),
        (serde_json::to_string_pretty(&v)? + "\n").as_bytes(),
    )?;
    for (stem, chart) in report::fidelity::charts(&v) {
        crate::report::plot::ecdf_chart(&chart, &out.join(stem))
            .with_context(|| format!("cannot draw {stem}"))?;
    }
    for (kind, k) in &v.unit_kinds {
        let f = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.0}"));
        println!(
            "validation, first {kind} travel (s): p50 {} simulated vs {} observed, p90 {} vs {}, KS {:.3} ({} incidents)",
            f(k.travel_s.simulated.p50),
            f(k.travel_s.observed.p50),
            f(k.travel_s.simulated.p90),
            f(k.travel_s.observed.p90),
            k.travel_s.ks_distance.unwrap_or(f64::NAN),
            k.incidents
        );
    }
    Ok(())
}
