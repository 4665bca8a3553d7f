//! The work and memory a run will take, estimated before it starts, so that a typo (a
//! horizon ending in 9999, a billion replications, an annual rate with six zeros too many)
//! ends at once with an error naming the cause instead of eating the machine.
//!
//! The estimate is an upper bound built from the shapes the run will allocate, not a
//! measurement: every per-period histogram counted full, every replication's figures kept
//! (a comparison pairs them), and, where the incidents offer more unit-hours than the
//! scenario has units, the backlog that would pile up. What does not grow with the
//! horizon (the incident stream is drawn as it is consumed, open incidents only are held)
//! is counted per worker thread.
//!
//! This module does no IO: the caller supplies the memory available.

use super::runner::REPS_IN_FLIGHT_PER_THREAD;
use crate::scenario::Scenario;
use crate::sim::model::expand_plan;
use crate::stats::{Histogram, Layout};
use std::fmt;

/// Horizons longer than this many years need `--allow-long-horizon`.
pub const MAX_HORIZON_YEARS: usize = 100;

/// Bytes one open incident costs the model (its record, response state, map slot and
/// waiting entry), rounded up.
const OPEN_INCIDENT_BYTES: f64 = 256.0;
/// Bytes of one kept response record.
const RESPONSE_BYTES: f64 = 96.0;

/// What a run asks for.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    /// Replications per rollout.
    pub replications: u64,
    /// Rollouts played over the same replications.
    pub rollouts: u64,
    /// Worker threads.
    pub threads: u64,
    /// Replications whose every response record is kept (0, 1 or all).
    pub kept_response_reps: u64,
    /// Whether horizons over [`MAX_HORIZON_YEARS`] were allowed (`--allow-long-horizon`).
    pub allow_long_horizon: bool,
    /// Figures kept per replication, rollout and period (`None`: every figure of the
    /// layout, as `run` and `compare` keep them; `robustness` keeps its two headlines).
    pub kept_figures: Option<u64>,
    /// Whether the kept figures are held in memory (shards, merges, `robustness`); an
    /// unsharded `run` or `compare` keeps them in a temporary file and holds only the
    /// replications in flight (`runner::REPS_IN_FLIGHT_PER_THREAD` per thread).
    pub figures_in_memory: bool,
    /// Resampling's bytes besides the simulation (`robustness`: the design, its work
    /// items and the bootstrap's resamples), with the flags behind them.
    pub resample: Resample,
}

/// What a resampling step (the bootstrap of `robustness`) holds at its peak.
#[derive(Clone, Copy, Debug, Default)]
pub struct Resample {
    /// Bootstrap replicates (`--bootstrap`).
    pub replicates: u64,
    /// Rows resampled by each (`--points`).
    pub rows: u64,
    /// Design points (the design's coordinates and work items, `--points`).
    pub design_points: u64,
    /// Inputs (coordinates per design point).
    pub inputs: u64,
}

impl Resample {
    /// Bytes: each replicate's row indices (4 bytes a row, and its vector's 48) and, per
    /// output, its two indices (16 bytes a replicate); the design's coordinates and items.
    pub fn bytes(&self) -> f64 {
        let r = self.replicates as f64;
        r * (self.rows as f64 * 4.0 + 48.0)
            + r * 16.0
            + self.design_points as f64 * (self.inputs as f64 * 16.0 + 64.0)
    }
}

/// The estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// Expected incidents in one replication.
    pub incidents_per_rep: f64,
    /// Incidents over every replication and rollout.
    pub incidents_total: f64,
    /// Years (periods) of the horizon.
    pub years: usize,
    /// Peak bytes per worker for one replication's statistics.
    pub working_bytes: f64,
    /// Bytes of the open-incident backlog per worker (0 unless demand exceeds capacity).
    pub backlog_bytes: f64,
    /// Bytes of every replication's figures kept for the estimates.
    pub summaries_bytes: f64,
    /// Bytes of the temporary files that hold the figures when they are not in memory
    /// (a comparison holds two rollouts' at once).
    pub spill_bytes: f64,
    /// Bytes of kept response records.
    pub responses_bytes: f64,
    /// Bytes of resampling (the bootstrap) and of the design.
    pub resample_bytes: f64,
    /// Demand over capacity: busy unit-seconds offered per unit-second of the units there
    /// are (above 1 the backlog grows without end).
    pub load: f64,
}

/// Why a run cannot start.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BudgetError {
    /// The horizon is longer than [`MAX_HORIZON_YEARS`] and that was not allowed.
    #[error(
        "horizon.end: the horizon runs {years} years ({start} to {end}), more than \
         {MAX_HORIZON_YEARS}; is the end year a typo? (--allow-long-horizon runs it anyway)\n  \
         estimate: {work}"
    )]
    LongHorizon {
        /// Years of the horizon.
        years: usize,
        /// First day.
        start: String,
        /// Last day.
        end: String,
        /// The work and memory estimate.
        work: String,
    },
    /// The run would need more memory than the machine has.
    #[error(
        "{cause}: the run would need about {need} of memory, and {available} is available\n  \
         estimate: {work}"
    )]
    Memory {
        /// The field or flag behind most of it, with why.
        cause: String,
        /// Estimated peak.
        need: Bytes,
        /// Available.
        available: Bytes,
        /// The work and memory estimate.
        work: String,
    },
    /// The run's temporary files would not fit in the temporary folder.
    #[error(
        "--reps: {reps} replications × {rollouts} rollout(s) would need about {need} of \
         temporary files for their figures, and {available} is available in the temporary \
         folder (TMPDIR): fewer replications, or TMPDIR on a larger disk\n  estimate: {work}"
    )]
    Disk {
        /// Replications asked for.
        reps: String,
        /// Rollouts simulated.
        rollouts: u64,
        /// Estimated size of the temporary files.
        need: Bytes,
        /// Free in the temporary folder.
        available: Bytes,
        /// The work and memory estimate.
        work: String,
    },
}

/// A byte count, shown with a binary prefix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bytes(pub f64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        let mut x = self.0;
        if x >= 1024f64.powi(7) {
            return write!(f, "{x:.2e} B");
        }
        let mut u = 0;
        while x >= 1024.0 && u + 1 < units.len() {
            x /= 1024.0;
            u += 1;
        }
        if u == 0 {
            write!(f, "{x:.0} {}", units[u])
        } else {
            write!(f, "{x:.1} {}", units[u])
        }
    }
}

/// A count in words a person reads at a glance (12.3 M, 4.5 G).
fn count(x: f64) -> String {
    match x {
        x if x >= 1e15 => format!("{x:.2e}"),
        x if x >= 1e12 => format!("{:.3} T", x / 1e12),
        x if x >= 1e9 => format!("{:.3} G", x / 1e9),
        x if x >= 1e6 => format!("{:.1} M", x / 1e6),
        x if x >= 1e4 => format!("{:.0} k", x / 1e3),
        x => format!("{x:.0}"),
    }
}

impl Budget {
    /// Estimate the run `req` of `scenario`.
    pub fn estimate(scenario: &Scenario, req: &Request) -> Budget {
        let years = scenario.calendar.years().len();
        let incidents_per_rep = expected_incidents(scenario);
        let response_hist = bytes_of(&Histogram::response_times());
        let breakdown_hist = bytes_of(&Histogram::breakdown());
        let groups =
            (scenario.incident_types.len() + scenario.zones.len() + scenario.stations.len() + 1)
                as f64;
        let units = scenario.units.len() as f64;
        let stations = scenario.stations.len() as f64;
        // One year's accumulator, all histograms full: from call, from dispatch, effective
        // response force; one breakdown per type, zone, first-due area and the urban core;
        // per-station and per-unit counters; the open-incident buckets and thresholds.
        let period = 3.0 * response_hist
            + groups * (breakdown_hist + 48.0)
            + stations * 24.0
            + units * 8.0
            + 64.0 * 8.0
            + scenario.thresholds_s.len() as f64 * 8.0
            + 512.0;
        // The years and the horizon, plus the pooled fire / non-fire histograms per year.
        let working_bytes = (years + 1) as f64 * period + 2.0 * years as f64 * response_hist;
        let figures = match req.kept_figures {
            Some(n) => n as f64,
            None => Layout::new(scenario).names.len() as f64,
        };
        let per_rep_summary = (years + 1) as f64 * (figures * 8.0 + 24.0) + units * 16.0 + 256.0;
        let reps = req.replications as f64;
        let rollouts = req.rollouts as f64;
        let held_reps = if req.figures_in_memory {
            reps * rollouts
        } else {
            reps.min((req.threads.max(1) as usize * REPS_IN_FLIGHT_PER_THREAD) as f64)
        };
        let summaries_bytes =
            held_reps * per_rep_summary + rollouts * 2.0 * years as f64 * response_hist;
        let row_bytes = ((years + 1) as f64 * figures + 3.0 * units) * 8.0;
        let spill_bytes = if req.figures_in_memory {
            0.0
        } else {
            reps * rollouts.min(2.0) * row_bytes
        };
        let load = offered_load(scenario);
        let backlog_bytes = if load > 1.0 {
            incidents_per_rep * (1.0 - 1.0 / load) * OPEN_INCIDENT_BYTES
        } else {
            0.0
        };
        let responses_per_incident = mean_units_per_incident(scenario);
        let responses_bytes = req.kept_response_reps as f64
            * rollouts
            * incidents_per_rep
            * responses_per_incident
            * RESPONSE_BYTES;
        Budget {
            incidents_per_rep,
            incidents_total: incidents_per_rep * reps * rollouts,
            years,
            working_bytes: working_bytes * req.threads.max(1) as f64,
            backlog_bytes: backlog_bytes * req.threads.max(1) as f64,
            summaries_bytes,
            spill_bytes,
            responses_bytes,
            resample_bytes: req.resample.bytes(),
            load,
        }
    }

    /// The estimated peak, bytes.
    pub fn peak_bytes(&self) -> f64 {
        self.working_bytes
            + self.backlog_bytes
            + self.summaries_bytes
            + self.responses_bytes
            + self.resample_bytes
    }

    /// One line: the work and the memory.
    pub fn describe(&self, req: &Request) -> String {
        format!(
            "{} rollout(s) × {} replication(s) × {} incidents over {} year(s) = {} incidents; \
             peak memory about {}",
            req.rollouts,
            count(req.replications as f64),
            count(self.incidents_per_rep),
            self.years,
            count(self.incidents_total),
            Bytes(self.peak_bytes()),
        )
    }

    /// Refuse a run that cannot fit: a horizon over [`MAX_HORIZON_YEARS`] unless allowed,
    /// or a peak over `available_bytes` (when known), naming what makes it so large.
    pub fn check(
        &self,
        scenario: &Scenario,
        req: &Request,
        available_bytes: Option<f64>,
    ) -> Result<(), BudgetError> {
        let work = self.describe(req);
        if self.years > MAX_HORIZON_YEARS && !req.allow_long_horizon {
            return Err(BudgetError::LongHorizon {
                years: self.years,
                start: scenario.calendar.start.to_string(),
                end: scenario.calendar.end.to_string(),
                work,
            });
        }
        let Some(available) = available_bytes else {
            return Ok(());
        };
        if self.peak_bytes() <= available {
            return Ok(());
        }
        Err(BudgetError::Memory {
            cause: self.cause(scenario, req),
            need: Bytes(self.peak_bytes()),
            available: Bytes(available),
            work,
        })
    }

    /// Refuse a run whose temporary files (the figures of an unsharded `run` or
    /// `compare`) would not fit in the `available_bytes` of the temporary folder (when
    /// known).
    pub fn check_disk(
        &self,
        req: &Request,
        available_bytes: Option<f64>,
    ) -> Result<(), BudgetError> {
        match available_bytes {
            Some(available) if self.spill_bytes > available => Err(BudgetError::Disk {
                reps: count(req.replications as f64),
                rollouts: req.rollouts,
                need: Bytes(self.spill_bytes),
                available: Bytes(available),
                work: self.describe(req),
            }),
            _ => Ok(()),
        }
    }

    /// The field or flag behind the largest part of the estimate.
    fn cause(&self, scenario: &Scenario, req: &Request) -> String {
        let parts = [
            self.backlog_bytes,
            self.summaries_bytes,
            self.responses_bytes,
            self.working_bytes,
            self.resample_bytes,
        ];
        let largest = (0..parts.len())
            .max_by(|&a, &b| parts[a].total_cmp(&parts[b]))
            .unwrap_or(3);
        match largest {
            0 => format!(
                "demand.annual_rate: {} incidents a year offer {:.1}× the busy time the \
                 scenario's {} units can give, so a backlog of open incidents grows without end",
                count(scenario.demand.annual_rate),
                self.load,
                scenario.units.len()
            ),
            1 => format!(
                "--reps{}: {} replications × {} rollout(s) each keep {} years of figures",
                if req.kept_figures.is_some() {
                    ", --points"
                } else {
                    ""
                },
                count(req.replications as f64),
                req.rollouts,
                self.years + 1
            ),
            2 => format!(
                "--all-responses: every response of {} incidents is kept",
                count(self.incidents_total)
            ),
            4 if req.resample.replicates > 0 => format!(
                "--bootstrap, --points: {} bootstrap replicates × {} rows, and {} design points",
                count(req.resample.replicates as f64),
                count(req.resample.rows as f64),
                count(req.resample.design_points as f64)
            ),
            4 => format!(
                "--points: {} design points",
                count(req.resample.design_points as f64)
            ),
            _ => format!(
                "horizon.end: {} years of statistics per replication and worker",
                self.years
            ),
        }
    }
}

/// The heap bytes a full histogram holds.
fn bytes_of(h: &Histogram) -> f64 {
    (h.max_bins() * std::mem::size_of::<u32>()) as f64 + 64.0
}

/// Expected incidents of one replication: `annual_rate` grown continuously over the
/// horizon (∫ (1+g)^t dt), the profiles averaging 1.
pub fn expected_incidents(scenario: &Scenario) -> f64 {
    let years = scenario.calendar.horizon_end().as_secs() / crate::prepare::demand::YEAR_S;
    let d = &scenario.demand;
    let ln_g = (1.0 + d.growth_per_year).ln();
    let integral = if ln_g.abs() < 1e-12 {
        years
    } else {
        ((ln_g * years).exp() - 1.0) / ln_g
    };
    d.annual_rate * integral
}

/// Units sent per incident on average (each plan's units, weighted by type share).
fn mean_units_per_incident(scenario: &Scenario) -> f64 {
    scenario
        .incident_types
        .iter()
        .map(|t| t.share * expand_plan(scenario, &t.plan).len() as f64)
        .sum()
}

/// Busy unit-seconds the incidents of the horizon's last year offer per second, over the
/// number of units: on-scene work only (travel adds more), so an estimate above 1 is
/// certainly more than the units can serve.
fn offered_load(scenario: &Scenario) -> f64 {
    let d = &scenario.demand;
    let years = scenario.calendar.horizon_end().as_secs() / crate::prepare::demand::YEAR_S;
    let peak_rate = d.annual_rate * (1.0 + d.growth_per_year).powf(years).max(1.0);
    let busy_s_per_incident: f64 = scenario
        .incident_types
        .iter()
        .map(|t| t.share * expand_plan(scenario, &t.plan).len() as f64 * t.on_scene.mean_s())
        .sum();
    let units = scenario.units.len().max(1) as f64;
    peak_rate / crate::prepare::demand::YEAR_S * busy_s_per_incident / units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_a_person_would() {
        assert_eq!(Bytes(512.0).to_string(), "512 B");
        assert_eq!(Bytes(1536.0).to_string(), "1.5 KiB");
        assert_eq!(Bytes(3.0 * 1024f64.powi(3)).to_string(), "3.0 GiB");
        assert_eq!(Bytes(2e30).to_string(), "2.00e30 B");
        assert_eq!(count(1.5e6), "1.5 M");
        assert_eq!(count(7.2e97), "7.20e97");
    }

    /// With the figures in temporary files, the memory estimate does not grow with the
    /// replications (the files do, and are checked against the free disk).
    #[test]
    fn figures_in_files_keep_the_memory_flat_in_replications() {
        let p = crate::prepare::synthetic::MetroParams {
            stations: 4,
            zones_per_side: 3,
            ..Default::default()
        };
        let text = crate::prepare::synthetic::metro(&p);
        let s = crate::scenario::from_str(&text, std::path::Path::new("metro.toml"))
            .expect("a valid synthetic city");
        let est = |replications: u64, figures_in_memory: bool| {
            let req = Request {
                replications,
                rollouts: 3,
                threads: 2,
                kept_response_reps: 0,
                allow_long_horizon: false,
                kept_figures: None,
                figures_in_memory,
                resample: Resample::default(),
            };
            (Budget::estimate(&s, &req), req)
        };
        let (few, _) = est(2_000, false);
        let (many, req) = est(200_000, false);
        assert_eq!(few.peak_bytes(), many.peak_bytes());
        assert!(many.spill_bytes > 99.0 * few.spill_bytes);
        let (held, _) = est(200_000, true);
        assert!(held.summaries_bytes > 100.0 * many.summaries_bytes);
        assert_eq!(held.spill_bytes, 0.0);
        // Two rollouts' files at once, each a row of (years + 1) × figures + 3 per unit.
        let periods = s.calendar.years().len() + 1;
        let row = (periods * Layout::new(&s).names.len() + 3 * s.units.len()) as f64 * 8.0;
        assert_eq!(many.spill_bytes, 200_000.0 * 2.0 * row);
        assert!(many.check_disk(&req, Some(many.spill_bytes)).is_ok());
        let err = many.check_disk(&req, Some(many.spill_bytes / 2.0));
        assert!(err.is_err_and(|e| e.to_string().contains("--reps")));
        assert!(many.check_disk(&req, None).is_ok());
    }
}
