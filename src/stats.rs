//! Statistics: bounded-memory summaries within a replication, and estimates with confidence
//! intervals across replications.
//!
//! Within a replication, response times go into fixed-bin histograms ([`Histogram`], 1 s
//! bins up to 4 h), so memory does not grow with the number of incidents; a percentile read
//! from one is the midpoint of the bin that holds the exact order statistic, so it is within
//! half a bin (0.5 s) of the exact sample percentile (inverse-CDF definition, "type 1").
//!
//! Across replications each figure (a percentile, a mean, a share) is one number per
//! replication; the estimate is their mean with a Student-t 95% interval
//! `mean ± t(0.975, n−1)·s/√n` (replications are independent, and with tens of them the
//! replication means are close to normal). With one replication there is no interval.
//!
//! This module knows incidents only through the model's records; it does no IO.

use crate::engine::SimTime;
use crate::model::{IncidentRecord, Observer, ResponseRecord};
use crate::scenario::{Category, Scenario};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A fixed-bin histogram of non-negative values (seconds), with an overflow count.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    bin_s: f64,
    counts: Vec<u32>,
    overflow: u64,
    n: u64,
}

impl Histogram {
    /// Bins of `bin_s` seconds covering `[0, max_s)`.
    pub fn new(bin_s: f64, max_s: f64) -> Histogram {
        Histogram {
            bin_s,
            counts: vec![0; (max_s / bin_s).ceil() as usize],
            overflow: 0,
            n: 0,
        }
    }

    /// The standard response-time histogram: 1 s bins up to 4 hours.
    pub fn response_times() -> Histogram {
        Histogram::new(1.0, 4.0 * 3_600.0)
    }

    /// Add a value.
    #[inline]
    pub fn record(&mut self, x_s: f64) {
        let b = (x_s.max(0.0) / self.bin_s) as usize;
        match self.counts.get_mut(b) {
            Some(c) => *c += 1,
            None => self.overflow += 1,
        }
        self.n += 1;
    }

    /// Number of values.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Half a bin: the largest difference between [`Histogram::quantile`] and the exact
    /// sample quantile, for quantiles below the histogram's range.
    pub fn error_bound_s(&self) -> f64 {
        self.bin_s / 2.0
    }

    /// The `q`-quantile (smallest value with at least a share `q` at or below it), as the
    /// midpoint of its bin; `+inf` if it falls in the overflow, NaN if empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0u64;
        for (b, &c) in self.counts.iter().enumerate() {
            seen += c as u64;
            if seen >= rank {
                return (b as f64 + 0.5) * self.bin_s;
            }
        }
        f64::INFINITY
    }

    /// Share of values strictly below `x_s` (exact when `x_s` is a bin edge).
    pub fn share_below(&self, x_s: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let edge = ((x_s / self.bin_s).floor() as usize).min(self.counts.len());
        self.counts[..edge].iter().map(|&c| c as u64).sum::<u64>() as f64 / self.n as f64
    }

    /// Add another histogram of the same shape.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.overflow += other.overflow;
        self.n += other.n;
    }

    /// Bin width, seconds.
    pub fn bin_s(&self) -> f64 {
        self.bin_s
    }

    /// Counts per bin.
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Count beyond the last bin.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }
}

/// A figure estimated over replications: the mean with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over replications (null when no replication had a value).
    #[serde(serialize_with = "finite_or_null")]
    pub mean: f64,
    /// Student-t 95% interval of the mean; null with fewer than two values.
    pub ci95: Option<[f64; 2]>,
}

fn finite_or_null<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        s.serialize_none()
    }
}

impl Estimate {
    /// From per-replication values; non-finite values (a year with no waits has no mean
    /// wait of those that waited) are left out.
    pub fn from_values(values: &[f64]) -> Estimate {
        let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let n = v.len();
        if n == 0 {
            return Estimate {
                mean: f64::NAN,
                ci95: None,
            };
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        if n < 2 {
            return Estimate { mean, ci95: None };
        }
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let half = t_975(n - 1) * (var / n as f64).sqrt();
        Estimate {
            mean,
            ci95: Some([mean - half, mean + half]),
        }
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
pub fn t_975(df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(1.959_963_984_540_054)
}

/// The figures one replication gives for one period, in a fixed order; names are dotted
/// paths (`first_arrival_s.p90`) that the JSON export nests.
pub type Metrics = Vec<(&'static str, f64)>;

/// Accumulates one period (a year, or the whole horizon) of one replication.
#[derive(Clone, Debug)]
struct PeriodAcc {
    incidents: u64,
    fire: u64,
    served: u64,
    from_call: Histogram,
    from_dispatch: Histogram,
    sum_from_call: f64,
    sum_from_dispatch: f64,
    sum_call_processing: f64,
    sum_turnout: f64,
    sum_travel: f64,
    within_5min: u64,
    within_standard: u64,
    waited: u64,
    sum_wait: f64,
    mutual_aid: u64,
    units_sent: u64,
    firefighters_sent: u64,
}

impl PeriodAcc {
    fn new() -> PeriodAcc {
        PeriodAcc {
            incidents: 0,
            fire: 0,
            served: 0,
            from_call: Histogram::response_times(),
            from_dispatch: Histogram::response_times(),
            sum_from_call: 0.0,
            sum_from_dispatch: 0.0,
            sum_call_processing: 0.0,
            sum_turnout: 0.0,
            sum_travel: 0.0,
            within_5min: 0,
            within_standard: 0,
            waited: 0,
            sum_wait: 0.0,
            mutual_aid: 0,
            units_sent: 0,
            firefighters_sent: 0,
        }
    }

    fn record(&mut self, r: &IncidentRecord, fire: bool, standard_s: f64) {
        self.incidents += 1;
        self.fire += fire as u64;
        self.units_sent += r.units_sent as u64;
        self.firefighters_sent += r.firefighters_sent as u64;
        self.waited += r.waited as u64;
        self.sum_wait += r.wait_s;
        self.mutual_aid += r.mutual_aid as u64;
        if let Some(first) = r.first_arrival {
            let from_call = (first - r.call).as_secs();
            let from_dispatch = (first - r.dispatch_order).as_secs();
            self.served += 1;
            self.from_call.record(from_call);
            self.from_dispatch.record(from_dispatch);
            self.sum_from_call += from_call;
            self.sum_from_dispatch += from_dispatch;
            self.sum_call_processing += (r.dispatch_order - r.call).as_secs();
            self.sum_turnout += r.first_turnout_s;
            self.sum_travel += r.first_travel_s;
            self.within_5min += (from_dispatch <= 300.0) as u64;
            self.within_standard += (from_dispatch <= standard_s) as u64;
        }
    }

    fn metrics(&self) -> Metrics {
        let n = self.incidents as f64;
        let s = self.served as f64;
        vec![
            ("incidents", n),
            ("fire_share", self.fire as f64 / n),
            ("first_arrival_s.p50", self.from_call.quantile(0.5)),
            ("first_arrival_s.p90", self.from_call.quantile(0.9)),
            ("first_arrival_s.mean", self.sum_from_call / s),
            (
                "first_arrival_from_dispatch_s.p50",
                self.from_dispatch.quantile(0.5),
            ),
            (
                "first_arrival_from_dispatch_s.p90",
                self.from_dispatch.quantile(0.9),
            ),
            (
                "first_arrival_from_dispatch_s.mean",
                self.sum_from_dispatch / s,
            ),
            ("segments_s.call_processing", self.sum_call_processing / s),
            ("segments_s.turnout", self.sum_turnout / s),
            ("segments_s.travel", self.sum_travel / s),
            ("within_5min", self.within_5min as f64 / n),
            ("within_standard", self.within_standard as f64 / n),
            ("queue.share_waited", self.waited as f64 / n),
            ("queue.mean_wait_s", self.sum_wait / n),
            (
                "queue.mean_wait_if_waited_s",
                self.sum_wait / self.waited as f64,
            ),
            ("mutual_aid_share", self.mutual_aid as f64 / n),
            ("unserved", n - s),
            ("units_per_incident", self.units_sent as f64 / n),
            (
                "firefighters_per_incident",
                self.firefighters_sent as f64 / n,
            ),
        ]
    }
}

/// The [`Observer`] that summarises one replication.
pub struct Collector {
    years: Vec<i32>,
    /// Start of each year (first entry: horizon start), plus the horizon end.
    bounds: Vec<SimTime>,
    fire: Vec<bool>,
    standard_s: f64,
    periods: Vec<PeriodAcc>,
    horizon: PeriodAcc,
    busy_ms: Vec<Vec<i64>>,
    responses: Vec<u64>,
}

impl Collector {
    /// A collector for `scenario`'s calendar and units.
    pub fn new(scenario: &Scenario) -> Collector {
        let years = scenario.calendar.years();
        let mut bounds: Vec<SimTime> = years
            .iter()
            .map(|&y| scenario.calendar.year_span(y).0)
            .collect();
        bounds.push(scenario.calendar.horizon_end());
        Collector {
            periods: vec![PeriodAcc::new(); years.len()],
            busy_ms: vec![vec![0; scenario.units.len()]; years.len()],
            years,
            bounds,
            fire: scenario
                .incident_types
                .iter()
                .map(|t| t.category == Category::Fire)
                .collect(),
            standard_s: scenario.standard_s,
            horizon: PeriodAcc::new(),
            responses: vec![0; scenario.units.len()],
        }
    }

    fn period_of(&self, t: SimTime) -> usize {
        self.bounds[1..]
            .partition_point(|&b| b <= t)
            .min(self.years.len() - 1)
    }

    /// The replication's figures.
    pub fn finish(self) -> RepSummary {
        let spans: Vec<f64> = self
            .bounds
            .windows(2)
            .map(|w| (w[1] - w[0]).0 as f64)
            .collect();
        let total: f64 = spans.iter().sum();
        let units = self.responses.len();
        let utilization_by_year = self
            .busy_ms
            .iter()
            .zip(&spans)
            .map(|(b, span)| b.iter().map(|&ms| ms as f64 / span).collect())
            .collect();
        let utilization = (0..units)
            .map(|u| self.busy_ms.iter().map(|b| b[u] as f64).sum::<f64>() / total)
            .collect();
        RepSummary {
            years: self.years.clone(),
            year_metrics: self.periods.iter().map(PeriodAcc::metrics).collect(),
            horizon_metrics: self.horizon.metrics(),
            unit_utilization: utilization,
            unit_utilization_by_year: utilization_by_year,
            unit_responses: self.responses.iter().map(|&r| r as f64).collect(),
            from_dispatch: self
                .periods
                .iter()
                .map(|p| p.from_dispatch.clone())
                .collect(),
        }
    }
}

impl Observer for Collector {
    fn incident(&mut self, r: &IncidentRecord) {
        let p = self.period_of(r.call);
        let fire = self.fire[r.kind as usize];
        self.periods[p].record(r, fire, self.standard_s);
        self.horizon.record(r, fire, self.standard_s);
    }

    fn response(&mut self, r: &ResponseRecord) {
        if let Some(u) = r.unit {
            self.responses[u as usize] += 1;
        }
    }

    fn busy(&mut self, unit: usize, from: SimTime, to: SimTime) {
        // Split the committed interval at year boundaries (time after the horizon, while
        // the last incidents are cleared, counts in the last year).
        let mut t = from;
        while t < to {
            let p = self.period_of(t);
            let end = if p + 1 < self.years.len() {
                self.bounds[p + 1].min(to)
            } else {
                to
            };
            self.busy_ms[p][unit] += (end - t).0;
            t = end;
        }
    }
}

/// What one replication gives.
#[derive(Clone, Debug)]
pub struct RepSummary {
    /// Calendar years.
    pub years: Vec<i32>,
    /// Figures per year.
    pub year_metrics: Vec<Metrics>,
    /// Figures over the whole horizon.
    pub horizon_metrics: Metrics,
    /// Share of the horizon each unit was committed.
    pub unit_utilization: Vec<f64>,
    /// Share of each year each unit was committed.
    pub unit_utilization_by_year: Vec<Vec<f64>>,
    /// Responses per unit.
    pub unit_responses: Vec<f64>,
    /// First arrival from dispatch order, per year (pooled across replications for plots).
    pub from_dispatch: Vec<Histogram>,
}

/// Estimates of named figures.
pub type Estimates = Vec<(&'static str, Estimate)>;

/// Figures across replications.
#[derive(Clone, Debug)]
pub struct Aggregate {
    /// Number of replications.
    pub replications: usize,
    /// Calendar years.
    pub years: Vec<i32>,
    /// Estimates per year.
    pub year_estimates: Vec<Estimates>,
    /// Estimates over the whole horizon.
    pub horizon_estimates: Estimates,
    /// Per unit: utilization and responses.
    pub unit_utilization: Vec<Estimate>,
    /// Per unit: responses over the horizon.
    pub unit_responses: Vec<Estimate>,
    /// Pooled histograms of first arrival from dispatch, per year.
    pub from_dispatch: Vec<Histogram>,
}

fn estimate_metrics(per_rep: &[&Metrics]) -> Estimates {
    let Some(first) = per_rep.first() else {
        return vec![];
    };
    first
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let v: Vec<f64> = per_rep.iter().map(|m| m[i].1).collect();
            (*name, Estimate::from_values(&v))
        })
        .collect()
}

/// Combine replications (in replication order, so the result does not depend on threads).
pub fn aggregate(reps: &[RepSummary]) -> Aggregate {
    let years = reps.first().map(|r| r.years.clone()).unwrap_or_default();
    let year_estimates = (0..years.len())
        .map(|y| estimate_metrics(&reps.iter().map(|r| &r.year_metrics[y]).collect::<Vec<_>>()))
        .collect();
    let horizon_estimates =
        estimate_metrics(&reps.iter().map(|r| &r.horizon_metrics).collect::<Vec<_>>());
    let units = reps.first().map_or(0, |r| r.unit_utilization.len());
    let per_unit = |f: &dyn Fn(&RepSummary) -> &Vec<f64>| -> Vec<Estimate> {
        (0..units)
            .map(|u| Estimate::from_values(&reps.iter().map(|r| f(r)[u]).collect::<Vec<_>>()))
            .collect()
    };
    let mut from_dispatch: Vec<Histogram> = reps
        .first()
        .map(|r| r.from_dispatch.clone())
        .unwrap_or_default();
    for r in reps.iter().skip(1) {
        for (a, b) in from_dispatch.iter_mut().zip(&r.from_dispatch) {
            a.merge(b);
        }
    }
    Aggregate {
        replications: reps.len(),
        years,
        year_estimates,
        horizon_estimates,
        unit_utilization: per_unit(&|r| &r.unit_utilization),
        unit_responses: per_unit(&|r| &r.unit_responses),
        from_dispatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles_are_within_half_a_bin_of_exact() {
        let mut rng = crate::random::stream(3, 0, crate::random::Purpose::Arrivals);
        let d = crate::random::DurationDist::lognormal(400.0, 0.6).unwrap();
        let mut xs: Vec<f64> = (0..5_001).map(|_| d.sample(&mut rng)).collect();
        let mut h = Histogram::response_times();
        xs.iter().for_each(|&x| h.record(x));
        xs.sort_by(f64::total_cmp);
        for q in [0.1, 0.5, 0.8, 0.9, 0.95] {
            let exact = xs[((q * xs.len() as f64).ceil() as usize).max(1) - 1];
            assert!(
                (h.quantile(q) - exact).abs() <= h.error_bound_s(),
                "q={q}: {} vs {exact}",
                h.quantile(q)
            );
        }
    }

    #[test]
    fn t_interval_matches_the_textbook() {
        // Values 1..=5: mean 3, s = 1.5811, t(0.975, 4) = 2.7764, half-width 1.9632.
        let e = Estimate::from_values(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        let [lo, hi] = e.ci95.unwrap();
        assert!((hi - 3.0 - 1.963_2).abs() < 1e-3 && (3.0 - lo - 1.963_2).abs() < 1e-3);
        assert!(Estimate::from_values(&[2.0]).ci95.is_none());
    }
}
