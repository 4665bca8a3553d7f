//! The fire-service figures of a run: their names ([`Layout`]), one replication's values
//! ([`RepSummary`]) and their estimates across replications ([`Aggregate`]; computed over
//! every replication's row by `replications`).

use super::Estimate;
use super::metric::Figure;
use super::period::{Names, PeriodAcc};
use super::pooled::{Pooled, SampleIncident};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The names of the per-period figures, in the order every replication reports them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Dotted names.
    pub names: Vec<String>,
    /// Name → position (a big city has tens of thousands of figures).
    index: std::collections::HashMap<String, usize>,
}

impl Layout {
    /// The layout for `scenario`.
    pub fn new(scenario: &Scenario) -> Layout {
        // The names come from the code that emits the values, so they cannot disagree.
        let acc = PeriodAcc::new(scenario);
        let mut names = Names(vec![]);
        acc.emit(scenario, &[], f64::NAN, &mut names);
        if scenario.districts.is_some() {
            crate::stats::districts::emit(scenario, None, &mut |n, _| names.0.push(n()));
        }
        let index = names
            .0
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Layout {
            names: names.0,
            index,
        }
    }

    /// The index of a figure by name (for the names made by [`super::Breakdown`] and
    /// [`super::StationFigure`]; a district-wide figure: [`Layout::figure`]).
    pub fn index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The index of a district-wide figure (every layout made by [`Layout::new`] has them
    /// all; `None` only for an empty layout).
    pub fn figure(&self, f: Figure) -> Option<usize> {
        self.index(f.name())
    }
}

/// What one replication gives. The runner keeps its figures as a row of
/// `replications::RepTable` (which the partial files of sharded runs carry, see `shard`:
/// a figure added here must be added to the table's row to travel through `firesim
/// merge`), merges its histograms as the replication finishes, and keeps the sample of
/// replication 0 only.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RepSummary {
    /// Calendar years.
    pub years: Vec<i32>,
    /// Figures per period (each year, then the whole horizon), in [`Layout`] order.
    pub periods: Vec<Vec<f64>>,
    /// Share of the horizon each unit was committed.
    pub unit_utilization: Vec<f64>,
    /// Responses per unit.
    pub unit_responses: Vec<f64>,
    /// Share of the horizon each unit was crewed.
    pub unit_crewed: Vec<f64>,
    /// Histograms to pool across replications (merged and emptied by the runner).
    pub pooled: Pooled,
    /// Incidents of the last year kept for maps (when asked).
    pub sample: Vec<SampleIncident>,
}

impl RepSummary {
    /// A figure of the whole horizon by name.
    pub fn horizon(&self, layout: &Layout, name: &str) -> Option<f64> {
        Some(self.periods.last()?[layout.index(name)?])
    }
}

/// Figures across replications.
#[derive(Clone, Debug)]
pub struct Aggregate {
    /// Number of replications.
    pub replications: usize,
    /// Calendar years.
    pub years: Vec<i32>,
    /// Names of the figures.
    pub layout: Arc<Layout>,
    /// Estimates per period (each year, then the whole horizon), in layout order.
    pub periods: Vec<Vec<Estimate>>,
    /// Per unit: utilization over the horizon.
    pub unit_utilization: Vec<Estimate>,
    /// Per unit: responses over the horizon.
    pub unit_responses: Vec<Estimate>,
    /// Per unit: share of the horizon crewed.
    pub unit_crewed: Vec<Estimate>,
    /// Per unit: whether it responded in any replication.
    pub unit_ever_sent: Vec<bool>,
}

impl Aggregate {
    /// The estimate of `name` in period `p` (`years.len()` = the whole horizon).
    pub fn get(&self, p: usize, name: &str) -> Option<Estimate> {
        Some(self.periods.get(p)?[self.layout.index(name)?])
    }

    /// The estimate of the district-wide figure `f` in period `p`; NaN (no estimate) for a
    /// period past the horizon.
    pub fn figure(&self, p: usize, f: Figure) -> Estimate {
        self.layout
            .figure(f)
            .and_then(|k| self.periods.get(p).map(|est| est[k]))
            .unwrap_or(Estimate::NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_district_figure_is_in_the_layout_once_in_report_order() {
        let p = crate::prepare::synthetic::MetroParams {
            stations: 4,
            zones_per_side: 3,
            ..Default::default()
        };
        let text = crate::prepare::synthetic::metro(&p);
        let s =
            crate::scenario::from_str(&text, std::path::Path::new("metro.toml")).expect("valid");
        let layout = Layout::new(&s);
        let at: Vec<usize> = Figure::ALL
            .iter()
            .map(|&f| layout.figure(f).unwrap_or_else(|| panic!("{f:?} missing")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        assert_eq!(layout.names.len(), layout.index.len(), "a name twice");
    }
}
