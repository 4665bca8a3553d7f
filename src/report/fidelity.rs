//! The charts of a fidelity report (`firesim run` on a replay with observed responses):
//! first-unit travel and response times, simulated vs observed, as ECDF chart data.

use crate::report::plot::{EcdfChart, EcdfSeries};
use crate::stats::fidelity::{Comparison, FidelityReport};

/// The ECDF charts of a report: `(file stem, chart)`: first-engine (or the first kind's)
/// travel and response, simulated vs observed.
pub fn charts(report: &FidelityReport) -> Vec<(&'static str, EcdfChart)> {
    let Some((kind, v)) = report
        .unit_kinds
        .get_key_value("engine")
        .or_else(|| report.unit_kinds.iter().next())
    else {
        return vec![];
    };
    let chart = |what: &str, c: &Comparison| EcdfChart {
        title: format!(
            "{}: first {kind} {what}, simulated vs observed",
            report.scenario
        ),
        x_label: format!("First-{kind} {what} (min)"),
        y_label: "Incidents (%)".into(),
        series: vec![
            EcdfSeries {
                name: "observed".into(),
                values_s: c.observed_values().to_vec(),
                count: None,
            },
            EcdfSeries {
                name: format!("simulated ({} replications)", report.replications),
                values_s: c.simulated_values().to_vec(),
                count: None,
            },
        ],
        ..Default::default()
    };
    vec![
        ("validation_travel", chart("travel time", &v.travel_s)),
        ("validation_response", chart("response time", &v.response_s)),
    ]
}
