//! Statistics: bounded-memory summaries within a replication, and estimates with confidence
//! intervals across replications.
//!
//! **Within a replication** response times go into fixed-bin histograms ([`Histogram`]):
//! 1 s bins up to 4 h for the headline figures, 10 s bins up to 2 h for the breakdowns (by
//! incident type, zone, first-due station area, urban core). A percentile read from one is
//! the midpoint of the bin holding the exact order statistic ("type 1" inverse CDF), so it
//! is within half a bin (0.5 s, resp. 5 s) of the exact sample percentile; memory does not
//! grow with the number of incidents.
//!
//! **Across replications** every figure is one number per replication; the estimate is their
//! mean with a Student-t 95% interval `mean ± t(0.975, n−1)·s/√n`. Replications are
//! independent and identically distributed, so this is exact for normal figures and
//! asymptotically right otherwise (a per-replication percentile or share over hundreds of
//! incidents is close to normal). **Paired differences** between two rollouts use the same
//! interval on the per-replication differences: replication `k` of every rollout plays the
//! same incidents, so the pairing removes the incident-to-incident noise.
//!
//! Every period (each calendar year, and the whole horizon) reports the same figures, in the
//! same order; their dotted names (`first_arrival_s.p90`, `by_zone.Xinfeng.p90_from_dispatch_s`)
//! are made once per run ([`Layout`]) and nest in the JSON export.
//!
//! This module knows incidents only through the model's records; it does no IO.

pub mod calibrate;
mod collector;
pub mod districts;
mod estimate;
pub mod fidelity;
mod figures;
mod histogram;
mod metric;
pub mod micro;
mod period;
mod pooled;
mod replications;

pub use collector::{Collector, RunContext, first_due_kind};
pub use estimate::{Estimate, t_975};
pub use figures::{Aggregate, Layout, RepSummary};
pub use histogram::Histogram;
pub use metric::{Breakdown, Figure, GroupFigure, StationFigure, Unit};
pub use pooled::{Pooled, SampleIncident};
pub use replications::{RepTable, RowBacking, aggregate, in_memory, paired_differences};
