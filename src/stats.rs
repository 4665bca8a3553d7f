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

use crate::coverage::FirstDue;
use crate::engine::SimTime;
use crate::geo::Point;
use crate::model::{IncidentRecord, Observer, ResponseRecord};
use crate::scenario::{Category, Scenario};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::sync::Arc;

/// A fixed-bin histogram of non-negative values (seconds), with an overflow count.
///
/// The bins are allocated only up to the largest value seen (most response times are a
/// small part of the range), so an empty histogram costs nothing and a full one at most
/// `max_s / bin_s` counters.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Histogram {
    bin_s: f64,
    bins: usize,
    counts: Vec<u32>,
    overflow: u64,
    n: u64,
}

/// Equal when they hold the same counts: how far the bins happen to be allocated (trailing
/// empty bins) does not matter.
impl PartialEq for Histogram {
    fn eq(&self, other: &Self) -> bool {
        fn trimmed(c: &[u32]) -> &[u32] {
            let end = c.iter().rposition(|&x| x != 0).map_or(0, |i| i + 1);
            &c[..end]
        }
        self.bin_s == other.bin_s
            && self.bins == other.bins
            && self.overflow == other.overflow
            && self.n == other.n
            && trimmed(&self.counts) == trimmed(&other.counts)
    }
}

impl Histogram {
    /// Bins of `bin_s` seconds covering `[0, max_s)`.
    pub fn new(bin_s: f64, max_s: f64) -> Histogram {
        Histogram {
            bin_s,
            bins: (max_s / bin_s).ceil() as usize,
            counts: vec![],
            overflow: 0,
            n: 0,
        }
    }

    /// The headline response-time histogram: 1 s bins up to 4 hours.
    pub fn response_times() -> Histogram {
        Histogram::new(1.0, 4.0 * 3_600.0)
    }

    /// The breakdown histogram: 10 s bins up to 2 hours.
    pub fn breakdown() -> Histogram {
        Histogram::new(10.0, 2.0 * 3_600.0)
    }

    /// The number of bins a full histogram holds (values beyond count as overflow).
    pub fn max_bins(&self) -> usize {
        self.bins
    }

    /// Add a value.
    #[inline]
    pub fn record(&mut self, x_s: f64) {
        let b = (x_s.max(0.0) / self.bin_s) as usize;
        if b >= self.bins {
            self.overflow += 1;
        } else {
            if b >= self.counts.len() {
                self.counts.resize(b + 1, 0);
            }
            self.counts[b] += 1;
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
        self.quantiles(&[q])[0]
    }

    /// Several quantiles (ascending `qs`) in one pass over the bins.
    pub fn quantiles(&self, qs: &[f64]) -> Vec<f64> {
        if self.n == 0 {
            return vec![f64::NAN; qs.len()];
        }
        let mut out = Vec::with_capacity(qs.len());
        let mut seen = 0u64;
        let mut bins = self.counts.iter().enumerate();
        for &q in qs {
            let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
            let mut found = f64::INFINITY;
            if seen >= rank {
                found = out.last().copied().unwrap_or(f64::INFINITY);
            } else {
                for (b, &c) in bins.by_ref() {
                    seen += c as u64;
                    if seen >= rank {
                        found = (b as f64 + 0.5) * self.bin_s;
                        break;
                    }
                }
            }
            out.push(found);
        }
        out
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
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
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

    /// Counts per bin, up to the last non-empty one (bins beyond it are empty).
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

    /// Whether the interval excludes zero (a difference that is not chance).
    pub fn excludes_zero(&self) -> bool {
        self.ci95.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0)
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
pub fn t_975(df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(1.959_963_984_540_054)
}

/// What the collector needs to know beyond the scenario, computed once per run.
#[derive(Clone, Debug)]
pub struct RunContext {
    /// Station areas.
    pub first_due: Arc<FirstDue>,
    /// Population coverage within the standard, per year of the horizon.
    pub coverage_by_year: Vec<f64>,
    /// Names of the per-period figures.
    pub layout: Arc<Layout>,
    /// Keep a sample of the incidents (positions and response times) for maps.
    pub keep_sample: bool,
    /// Station districts and their reach per period (`[districts]`; `None` without).
    pub districts: Option<crate::districts::DistrictFigures>,
}

impl RunContext {
    /// The context for `scenario` under the rollout whose crewing is given.
    pub fn new(
        scenario: &Scenario,
        crewing: &crate::staffing::CrewingTimeline,
        keep_sample: bool,
    ) -> RunContext {
        let first_due = Arc::new(FirstDue::new(scenario));
        RunContext {
            districts: RunContext::districts(scenario, &first_due, crewing),
            first_due,
            coverage_by_year: crate::coverage::coverage_by_year(scenario, crewing),
            layout: Arc::new(Layout::new(scenario)),
            keep_sample,
        }
    }

    /// The district figures under `crewing`, when the scenario has `[districts]`.
    pub fn districts(
        scenario: &Scenario,
        first_due: &FirstDue,
        crewing: &crate::staffing::CrewingTimeline,
    ) -> Option<crate::districts::DistrictFigures> {
        let rule = scenario.districts.as_ref()?;
        let d = crate::districts::Districts::new(scenario, rule, first_due)?;
        Some(Arc::new(d).figures(scenario, crewing))
    }
}

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
        let acc = PeriodAcc::new(scenario);
        let mut names = Names(vec![]);
        acc.emit(scenario, &[], f64::NAN, &mut names);
        if scenario.districts.is_some() {
            crate::districts::emit(scenario, None, &mut |n, _| names.0.push(n));
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

    /// The index of a figure by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

/// Receives a period's figures in order (names once per run, values once per replication).
trait Emit {
    fn put(&mut self, name: &dyn Fn() -> String, value: f64);
}

struct Names(Vec<String>);
impl Emit for Names {
    fn put(&mut self, name: &dyn Fn() -> String, _: f64) {
        self.0.push(name());
    }
}

struct Values(Vec<f64>);
impl Emit for Values {
    fn put(&mut self, _: &dyn Fn() -> String, value: f64) {
        self.0.push(value);
    }
}

fn key(s: &str) -> String {
    s.replace('.', "_")
}

/// A breakdown group's accumulator (incidents of one type, zone, station area, …).
#[derive(Clone, Debug)]
struct GroupAcc {
    n: u64,
    hist: Histogram,
    sum: f64,
    within: u64,
}

impl GroupAcc {
    fn new() -> GroupAcc {
        GroupAcc {
            n: 0,
            hist: Histogram::breakdown(),
            sum: 0.0,
            within: 0,
        }
    }

    fn record(&mut self, from_dispatch: Option<f64>, standard_s: f64) {
        self.n += 1;
        if let Some(x) = from_dispatch {
            self.hist.record(x);
            self.sum += x;
            self.within += (x <= standard_s) as u64;
        }
    }

    fn merge(&mut self, o: &GroupAcc) {
        self.n += o.n;
        self.hist.merge(&o.hist);
        self.sum += o.sum;
        self.within += o.within;
    }

    fn emit(&self, prefix: &str, out: &mut dyn Emit) {
        let q = self.hist.quantiles(&[0.5, 0.9]);
        let n = self.n as f64;
        out.put(&|| format!("{prefix}.incidents"), n);
        out.put(&|| format!("{prefix}.p50_from_dispatch_s"), q[0]);
        out.put(&|| format!("{prefix}.p90_from_dispatch_s"), q[1]);
        out.put(
            &|| format!("{prefix}.mean_from_dispatch_s"),
            self.sum / self.hist.len() as f64,
        );
        out.put(
            &|| format!("{prefix}.within_standard"),
            self.within as f64 / n,
        );
    }
}

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
    within_thresholds: Vec<u64>,
    erf: Histogram,
    erf_n: u64,
    erf_sum: f64,
    waited: u64,
    sum_wait: f64,
    mutual_aid: u64,
    units_sent: u64,
    firefighters_sent: u64,
    urban_core: GroupAcc,
    by_type: Vec<GroupAcc>,
    by_zone: Vec<GroupAcc>,
    by_first_due: Vec<GroupAcc>,
    /// First micro station or unit on scene (`[micro_stations]`; `None` without).
    first_action: Option<crate::micro::FirstActionAcc>,
    station_responses: Vec<u64>,
    station_drawdown_ms: Vec<i64>,
    /// Per station: time with at least one first-due unit (engine) crewed and free, ms.
    station_engine_ms: Vec<i64>,
    /// Time spent with `k` incidents open (the last bucket: that many or more), ms.
    open_ms: Vec<i64>,
    open_max: u32,
    span_ms: i64,
}

const OPEN_BUCKETS: usize = 64;

impl PeriodAcc {
    fn new(s: &Scenario) -> PeriodAcc {
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
            within_thresholds: vec![0; s.thresholds_s.len()],
            erf: Histogram::response_times(),
            erf_n: 0,
            erf_sum: 0.0,
            waited: 0,
            sum_wait: 0.0,
            mutual_aid: 0,
            units_sent: 0,
            firefighters_sent: 0,
            urban_core: GroupAcc::new(),
            by_type: vec![GroupAcc::new(); s.incident_types.len()],
            by_zone: vec![GroupAcc::new(); s.zones.len()],
            by_first_due: vec![GroupAcc::new(); s.stations.len()],
            first_action: (!s.micro.is_empty()).then(Default::default),
            station_responses: vec![0; s.stations.len()],
            station_drawdown_ms: vec![0; s.stations.len()],
            station_engine_ms: vec![0; s.stations.len()],
            open_ms: vec![0; OPEN_BUCKETS],
            open_max: 0,
            span_ms: 0,
        }
    }

    fn record(
        &mut self,
        r: &IncidentRecord,
        (fire, urban, area): (bool, bool, usize),
        action: Option<crate::micro::FirstAction>,
        s: &Scenario,
    ) {
        if let (Some(acc), Some(a)) = (&mut self.first_action, action) {
            acc.record(fire, r.call, r.dispatch_order, r.first_arrival, a);
        }
        self.incidents += 1;
        self.fire += fire as u64;
        self.units_sent += r.units_sent as u64;
        self.firefighters_sent += r.firefighters_sent as u64;
        self.waited += r.waited as u64;
        self.sum_wait += r.wait_s;
        self.mutual_aid += r.mutual_aid as u64;
        let mut from_dispatch = None;
        if let Some(first) = r.first_arrival {
            let from_call = (first - r.call).as_secs();
            let fd = (first - r.dispatch_order).as_secs();
            from_dispatch = Some(fd);
            self.served += 1;
            self.from_call.record(from_call);
            self.from_dispatch.record(fd);
            self.sum_from_call += from_call;
            self.sum_from_dispatch += fd;
            self.sum_call_processing += (r.dispatch_order - r.call).as_secs();
            self.sum_turnout += r.first_turnout_s;
            self.sum_travel += r.first_travel_s;
            self.within_5min += (fd <= 300.0) as u64;
            self.within_standard += (fd <= s.standard_s) as u64;
            for (c, t) in self.within_thresholds.iter_mut().zip(&s.thresholds_s) {
                *c += (fd <= *t) as u64;
            }
        }
        if let Some(full) = r.full_arrival {
            let x = (full - r.dispatch_order).as_secs();
            self.erf.record(x);
            self.erf_n += 1;
            self.erf_sum += x;
        }
        if urban {
            self.urban_core.record(from_dispatch, s.standard_s);
        }
        self.by_type[r.kind as usize].record(from_dispatch, s.standard_s);
        self.by_zone[r.zone as usize].record(from_dispatch, s.standard_s);
        self.by_first_due[area].record(from_dispatch, s.standard_s);
    }

    /// Add another period (the whole horizon is the sum of its years).
    fn merge(&mut self, o: &PeriodAcc) {
        self.incidents += o.incidents;
        self.fire += o.fire;
        self.served += o.served;
        self.from_call.merge(&o.from_call);
        self.from_dispatch.merge(&o.from_dispatch);
        self.sum_from_call += o.sum_from_call;
        self.sum_from_dispatch += o.sum_from_dispatch;
        self.sum_call_processing += o.sum_call_processing;
        self.sum_turnout += o.sum_turnout;
        self.sum_travel += o.sum_travel;
        self.within_5min += o.within_5min;
        self.within_standard += o.within_standard;
        add_all(&mut self.within_thresholds, &o.within_thresholds);
        self.erf.merge(&o.erf);
        self.erf_n += o.erf_n;
        self.erf_sum += o.erf_sum;
        self.waited += o.waited;
        self.sum_wait += o.sum_wait;
        self.mutual_aid += o.mutual_aid;
        self.units_sent += o.units_sent;
        self.firefighters_sent += o.firefighters_sent;
        self.urban_core.merge(&o.urban_core);
        if let (Some(a), Some(b)) = (&mut self.first_action, &o.first_action) {
            a.merge(b);
        }
        for (a, b) in [
            (&mut self.by_type, &o.by_type),
            (&mut self.by_zone, &o.by_zone),
            (&mut self.by_first_due, &o.by_first_due),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
        add_all(&mut self.station_responses, &o.station_responses);
        add_all(&mut self.station_drawdown_ms, &o.station_drawdown_ms);
        add_all(&mut self.station_engine_ms, &o.station_engine_ms);
        add_all(&mut self.open_ms, &o.open_ms);
        self.open_max = self.open_max.max(o.open_max);
    }

    /// The period's figures; `unit_busy_ms` is per unit for this period.
    fn emit(&self, s: &Scenario, unit_busy_ms: &[i64], coverage: f64, out: &mut dyn Emit) {
        let n = self.incidents as f64;
        let served = self.served as f64;
        const QS: [f64; 4] = [0.5, 0.8, 0.9, 0.95];
        out.put(&|| "incidents".into(), n);
        out.put(&|| "fire_share".into(), self.fire as f64 / n);
        for (prefix, h, sum) in [
            ("first_arrival_s", &self.from_call, self.sum_from_call),
            (
                "first_arrival_from_dispatch_s",
                &self.from_dispatch,
                self.sum_from_dispatch,
            ),
        ] {
            let q = h.quantiles(&QS);
            for (qq, v) in QS.iter().zip(q) {
                out.put(&|| format!("{prefix}.p{:.0}", qq * 100.0), v);
            }
            out.put(&|| format!("{prefix}.mean"), sum / served);
        }
        if let Some(a) = &self.first_action {
            a.emit(&mut |n, v| out.put(n, v));
        }
        out.put(
            &|| "segments_s.call_processing".into(),
            self.sum_call_processing / served,
        );
        out.put(&|| "segments_s.turnout".into(), self.sum_turnout / served);
        out.put(&|| "segments_s.travel".into(), self.sum_travel / served);
        out.put(&|| "within_5min".into(), self.within_5min as f64 / n);
        out.put(
            &|| "within_standard".into(),
            self.within_standard as f64 / n,
        );
        for (t, c) in s.thresholds_s.iter().zip(&self.within_thresholds) {
            out.put(&|| format!("within_s.{t:.0}"), *c as f64 / n);
        }
        let q = self.erf.quantiles(&[0.5, 0.9]);
        out.put(&|| "effective_response_force_s.p50".into(), q[0]);
        out.put(&|| "effective_response_force_s.p90".into(), q[1]);
        out.put(
            &|| "effective_response_force_s.mean".into(),
            self.erf_sum / self.erf_n as f64,
        );
        out.put(
            &|| "effective_response_force_s.complete_share".into(),
            self.erf_n as f64 / n,
        );
        out.put(&|| "queue.share_waited".into(), self.waited as f64 / n);
        out.put(&|| "queue.mean_wait_s".into(), self.sum_wait / n);
        out.put(
            &|| "queue.mean_wait_if_waited_s".into(),
            self.sum_wait / self.waited as f64,
        );
        out.put(&|| "mutual_aid_share".into(), self.mutual_aid as f64 / n);
        out.put(&|| "unserved".into(), n - served);
        out.put(&|| "units_per_incident".into(), self.units_sent as f64 / n);
        out.put(
            &|| "firefighters_per_incident".into(),
            self.firefighters_sent as f64 / n,
        );
        out.put(&|| "coverage_within_standard".into(), coverage);
        let span = self.span_ms.max(1) as f64;
        let mean_open = self
            .open_ms
            .iter()
            .enumerate()
            .map(|(k, &ms)| k as f64 * ms as f64)
            .sum::<f64>()
            / span;
        out.put(&|| "concurrency.mean_open".into(), mean_open);
        out.put(
            &|| "concurrency.share_two_or_more".into(),
            self.open_ms[2..].iter().sum::<i64>() as f64 / span,
        );
        out.put(&|| "concurrency.max_open".into(), self.open_max as f64);
        self.urban_core.emit("urban_core", out);
        for (t, g) in s.incident_types.iter().zip(&self.by_type) {
            g.emit(&format!("by_type.{}", key(&t.name)), out);
        }
        for (z, g) in s.zones.iter().zip(&self.by_zone) {
            g.emit(&format!("by_zone.{}", key(&z.name)), out);
        }
        for (st, g) in s.stations.iter().zip(&self.by_first_due) {
            g.emit(&format!("by_first_due.{}", key(&st.id)), out);
        }
        for (i, st) in s.stations.iter().enumerate() {
            let id = key(&st.id);
            let units = st.units.len().max(1) as f64;
            let busy: i64 = st
                .units
                .iter()
                .map(|&u| unit_busy_ms.get(u).copied().unwrap_or(0))
                .fold(0, i64::saturating_add);
            out.put(
                &|| format!("by_station.{id}.responses"),
                self.station_responses[i] as f64,
            );
            out.put(
                &|| format!("by_station.{id}.utilization"),
                busy as f64 / units / span,
            );
            out.put(
                &|| format!("by_station.{id}.drawdown_share"),
                self.station_drawdown_ms[i] as f64 / span,
            );
            out.put(
                &|| format!("by_station.{id}.engine_available_share"),
                self.station_engine_ms[i] as f64 / span,
            );
        }
    }
}

fn add_all<T: Copy + std::ops::AddAssign>(a: &mut [T], b: &[T]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += *y;
    }
}

/// An incident kept for maps: where, how fast, fire or not.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleIncident {
    /// Projected position.
    pub pos: Point,
    /// Dispatch order → first arrival, seconds (NaN: never served).
    pub from_dispatch_s: f64,
    /// A fire (not a non-fire call).
    pub fire: bool,
}

/// Histograms pooled over replications (merged with integer adds, so the order of merging
/// cannot change them).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Pooled {
    /// First arrival from dispatch per year: fires.
    pub from_dispatch_fire: Vec<Histogram>,
    /// The same, non-fire incidents.
    pub from_dispatch_non_fire: Vec<Histogram>,
}

impl Pooled {
    /// Add another replication's histograms.
    pub fn merge(&mut self, other: &Pooled) {
        if self.from_dispatch_fire.is_empty() {
            *self = other.clone();
            return;
        }
        for (a, b) in [
            (&mut self.from_dispatch_fire, &other.from_dispatch_fire),
            (
                &mut self.from_dispatch_non_fire,
                &other.from_dispatch_non_fire,
            ),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
    }

    /// All incidents of year index `y` (fires and non-fires together).
    pub fn from_dispatch(&self, y: usize) -> Option<Histogram> {
        let mut h = self.from_dispatch_fire.get(y)?.clone();
        h.merge(self.from_dispatch_non_fire.get(y)?);
        Some(h)
    }
}

/// Per unit: `(crewed, committed)`; per station: crewed units and crewed free units.
#[derive(Clone, Debug)]
struct StationState {
    crewed: u32,
    crewed_free: u32,
    drawn_since: Option<SimTime>,
    /// Crewed free units of the first-due kind (the engines), and since when there is one.
    engines_free: u32,
    engine_since: Option<SimTime>,
}

/// The first-due kind: the kind the response plans request most (the engine). Its
/// availability per station is `by_station.<id>.engine_available_share`.
pub fn first_due_kind(scenario: &Scenario) -> Option<usize> {
    (0..scenario.unit_kinds.len()).max_by(|&a, &b| {
        let k = &scenario.unit_kinds;
        k[a].requests_per_incident
            .total_cmp(&k[b].requests_per_incident)
            .then(b.cmp(&a))
    })
}

/// The parts of `[from, to)` in each period, as `(period, ms)`: `bounds` holds each
/// year's start and then the horizon end; time after the horizon (while the last incidents
/// clear) counts in the last year. No allocation: this runs for every response.
struct Parts<'b> {
    bounds: &'b [SimTime],
    t: SimTime,
    to: SimTime,
}

impl<'b> Parts<'b> {
    fn new(bounds: &'b [SimTime], from: SimTime, to: SimTime) -> Parts<'b> {
        Parts {
            bounds,
            t: from,
            to,
        }
    }
}

impl Iterator for Parts<'_> {
    type Item = (usize, i64);
    fn next(&mut self) -> Option<(usize, i64)> {
        if self.t >= self.to {
            return None;
        }
        let years = self.bounds.len() - 1;
        let p = self.bounds[1..]
            .partition_point(|&b| b <= self.t)
            .min(years - 1);
        let end = if p + 1 < years {
            self.bounds[p + 1].min(self.to)
        } else {
            self.to
        };
        let ms = (end - self.t).0;
        self.t = end;
        Some((p, ms))
    }
}

/// The [`Observer`] that summarises one replication.
pub struct Collector<'a> {
    scenario: &'a Scenario,
    ctx: &'a RunContext,
    years: Vec<i32>,
    /// Start of each year (first entry: horizon start), plus the horizon end.
    bounds: Vec<SimTime>,
    fire: Vec<bool>,
    periods: Vec<PeriodAcc>,
    horizon: PeriodAcc,
    busy_ms: Vec<Vec<i64>>,
    responses: Vec<u64>,
    unit_state: Vec<(bool, bool)>,
    /// Per unit: crewed time so far, and since when it is crewed.
    crewed_ms: Vec<i64>,
    crewed_since: Vec<Option<SimTime>>,
    engine_kind: Option<usize>,
    stations: Vec<StationState>,
    open: (SimTime, u32),
    pooled: Pooled,
    sample: Vec<SampleIncident>,
    /// The micro stations' streams (`None`: no micro tier).
    micro: Option<crate::random::DispatchStreams>,
}

/// Most incidents kept for maps.
const SAMPLE_MAX: usize = 5_000;

impl<'a> Collector<'a> {
    /// A collector for `scenario`'s calendar, units and stations, in replication `rep` of
    /// a run with `seed` (which key the micro stations' draws).
    pub fn new(scenario: &'a Scenario, ctx: &'a RunContext, seed: u64, rep: u64) -> Collector<'a> {
        let years = scenario.calendar.years();
        let mut bounds: Vec<SimTime> = years
            .iter()
            .map(|&y| scenario.calendar.year_span(y).0)
            .collect();
        bounds.push(scenario.calendar.horizon_end());
        let hists = || vec![Histogram::response_times(); years.len()];
        Collector {
            periods: vec![PeriodAcc::new(scenario); years.len()],
            busy_ms: vec![vec![0; scenario.units.len()]; years.len()],
            pooled: Pooled {
                from_dispatch_fire: hists(),
                from_dispatch_non_fire: hists(),
            },
            years,
            bounds,
            fire: scenario
                .incident_types
                .iter()
                .map(|t| t.category == Category::Fire)
                .collect(),
            horizon: PeriodAcc::new(scenario),
            responses: vec![0; scenario.units.len()],
            unit_state: vec![(false, false); scenario.units.len()],
            crewed_ms: vec![0; scenario.units.len()],
            crewed_since: vec![None; scenario.units.len()],
            engine_kind: first_due_kind(scenario),
            stations: vec![
                StationState {
                    crewed: 0,
                    crewed_free: 0,
                    drawn_since: None,
                    engines_free: 0,
                    engine_since: None,
                };
                scenario.stations.len()
            ],
            open: (SimTime::ZERO, 0),
            sample: vec![],
            micro: (!scenario.micro.is_empty()).then(|| crate::micro::streams(seed, rep)),
            scenario,
            ctx,
        }
    }

    fn period_of(&self, t: SimTime) -> usize {
        self.bounds[1..]
            .partition_point(|&b| b <= t)
            .min(self.years.len() - 1)
    }

    fn add_engine(&mut self, station: usize, from: SimTime, to: SimTime) {
        let to = to.min(self.bounds[self.years.len()]);
        for (p, ms) in Parts::new(&self.bounds, from, to) {
            self.periods[p].station_engine_ms[station] += ms;
        }
    }

    fn add_drawdown(&mut self, station: usize, from: SimTime, to: SimTime) {
        let to = to.min(self.bounds[self.years.len()]);
        for (p, ms) in Parts::new(&self.bounds, from, to) {
            self.periods[p].station_drawdown_ms[station] += ms;
        }
    }

    /// The replication's figures.
    pub fn finish(mut self) -> RepSummary {
        let end = self.bounds[self.years.len()];
        // Close what is still open at the end of the horizon.
        for s in 0..self.stations.len() {
            if let Some(since) = self.stations[s].drawn_since.take() {
                self.add_drawdown(s, since, end);
            }
            if let Some(since) = self.stations[s].engine_since.take() {
                self.add_engine(s, since, end);
            }
        }
        for u in 0..self.crewed_ms.len() {
            if let Some(since) = self.crewed_since[u].take() {
                self.crewed_ms[u] += (end.max(since) - since).0;
            }
        }
        self.open_incidents(end, self.open.1);
        let spans: Vec<i64> = self.bounds.windows(2).map(|w| (w[1] - w[0]).0).collect();
        for (p, span) in self.periods.iter_mut().zip(&spans) {
            p.span_ms = *span;
        }
        // The whole horizon is the sum of its years (exact for counts and histograms).
        for p in &self.periods {
            self.horizon.merge(p);
        }
        self.horizon.span_ms = spans.iter().sum();
        let total = self.horizon.span_ms as f64;
        let units = self.responses.len();
        let horizon_busy: Vec<i64> = (0..units)
            .map(|u| {
                self.busy_ms
                    .iter()
                    .map(|b| b[u])
                    .fold(0, i64::saturating_add)
            })
            .collect();
        let mut periods = Vec::with_capacity(self.years.len() + 1);
        let cov = &self.ctx.coverage_by_year;
        for (p, acc) in self.periods.iter().enumerate() {
            let mut v = Values(Vec::with_capacity(self.ctx.layout.names.len()));
            acc.emit(
                self.scenario,
                &self.busy_ms[p],
                cov.get(p).copied().unwrap_or(f64::NAN),
                &mut v,
            );
            if let Some(d) = &self.ctx.districts {
                crate::districts::emit(self.scenario, Some((d, p)), &mut |_, x| v.0.push(x));
            }
            periods.push(v.0);
        }
        let horizon_cov = cov
            .iter()
            .zip(&spans)
            .map(|(c, s)| c * *s as f64)
            .sum::<f64>()
            / total;
        let mut v = Values(Vec::with_capacity(self.ctx.layout.names.len()));
        self.horizon
            .emit(self.scenario, &horizon_busy, horizon_cov, &mut v);
        if let Some(d) = &self.ctx.districts {
            let p = self.years.len();
            crate::districts::emit(self.scenario, Some((d, p)), &mut |_, x| v.0.push(x));
        }
        periods.push(v.0);
        debug_assert!(
            periods
                .iter()
                .all(|p| p.len() == self.ctx.layout.names.len())
        );
        RepSummary {
            years: self.years.clone(),
            periods,
            unit_utilization: horizon_busy.iter().map(|&ms| ms as f64 / total).collect(),
            unit_responses: self.responses.iter().map(|&r| r as f64).collect(),
            unit_crewed: self.crewed_ms.iter().map(|&ms| ms as f64 / total).collect(),
            pooled: self.pooled,
            sample: self.sample,
        }
    }
}

impl Observer for Collector<'_> {
    fn incident(&mut self, r: &IncidentRecord) {
        let p = self.period_of(r.call);
        let fire = self.fire[r.kind as usize];
        // The urban core: the scenario's built-up area where it gives one, else its
        // `urban_core` zones.
        let urban = match &self.scenario.districts {
            Some(d) => d.urban_area.contains(r.pos),
            None => self.scenario.zones[r.zone as usize].urban_core,
        };
        let area = self.ctx.first_due.station(r.pos, r.zone as usize);
        let action = self.micro.as_ref().map(|m| {
            self.scenario.micro.first_action(
                m,
                &self.scenario.zones,
                self.scenario.demand.location,
                r.id,
                fire,
                r.zone as usize,
                r.pos,
                r.dispatch_order,
                r.first_arrival,
            )
        });
        self.periods[p].record(r, (fire, urban, area), action, self.scenario);
        let fd = r.first_arrival.map(|f| (f - r.dispatch_order).as_secs());
        if let Some(x) = fd {
            if fire {
                self.pooled.from_dispatch_fire[p].record(x);
            } else {
                self.pooled.from_dispatch_non_fire[p].record(x);
            }
        }
        if self.ctx.keep_sample && p + 1 == self.years.len() && self.sample.len() < SAMPLE_MAX {
            self.sample.push(SampleIncident {
                pos: r.pos,
                from_dispatch_s: fd.unwrap_or(f64::NAN),
                fire,
            });
        }
    }

    fn response(&mut self, r: &ResponseRecord) {
        if let Some(u) = r.unit {
            self.responses[u as usize] += 1;
            let st = self.scenario.units[u as usize].station;
            let p = self.period_of(r.dispatched);
            self.periods[p].station_responses[st] += 1;
        }
    }

    fn busy(&mut self, unit: usize, from: SimTime, to: SimTime) {
        // Busy time after the horizon counts in the last year, so it is not bounded by the
        // horizon: a commitment to the end of the clock (an absurd duration in the input
        // saturates the clock at `SimTime::MAX`) must saturate, not overflow.
        for (p, ms) in Parts::new(&self.bounds, from, to) {
            let b = &mut self.busy_ms[p][unit];
            *b = b.saturating_add(ms);
        }
    }

    fn unit_state(&mut self, unit: usize, t: SimTime, crewed: bool, committed: bool) {
        let s = self.scenario.units[unit].station;
        let (was_crewed, was_committed) = self.unit_state[unit];
        self.unit_state[unit] = (crewed, committed);
        let end = self.bounds[self.years.len()];
        match (self.crewed_since[unit], crewed) {
            (None, true) => self.crewed_since[unit] = Some(t.min(end)),
            (Some(since), false) => {
                self.crewed_since[unit] = None;
                self.crewed_ms[unit] += (t.min(end).max(since) - since).0;
            }
            _ => {}
        }
        if Some(self.scenario.units[unit].kind) == self.engine_kind {
            let st = &mut self.stations[s];
            let free = (crewed && !committed) as u32;
            let was_free = (was_crewed && !was_committed) as u32;
            st.engines_free = st.engines_free + free - was_free;
            match (st.engine_since, st.engines_free > 0) {
                (None, true) => st.engine_since = Some(t),
                (Some(since), false) => {
                    st.engine_since = None;
                    self.add_engine(s, since, t);
                }
                _ => {}
            }
        }
        let st = &mut self.stations[s];
        st.crewed = st.crewed + crewed as u32 - was_crewed as u32;
        st.crewed_free =
            st.crewed_free + (crewed && !committed) as u32 - (was_crewed && !was_committed) as u32;
        let drawn = st.crewed > 0 && st.crewed_free == 0;
        match (st.drawn_since, drawn) {
            (None, true) => st.drawn_since = Some(t),
            (Some(since), false) => {
                st.drawn_since = None;
                self.add_drawdown(s, since, t);
            }
            _ => {}
        }
    }

    fn open_incidents(&mut self, t: SimTime, open: u32) {
        let (since, n) = self.open;
        let to = t.min(self.bounds[self.years.len()]);
        let bucket = (n as usize).min(OPEN_BUCKETS - 1);
        for (p, ms) in Parts::new(&self.bounds, since, to) {
            self.periods[p].open_ms[bucket] += ms;
        }
        let p = self.period_of(t);
        self.periods[p].open_max = self.periods[p].open_max.max(open);
        self.open = (t.max(since), open);
    }
}

/// What one replication gives (serialised as is into the partial files of sharded runs,
/// see `shard`: a field added here travels through `firesim merge` unchanged).
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
}

/// Combine replications (in replication order, so the result does not depend on threads).
pub fn aggregate(layout: &Arc<Layout>, reps: &[RepSummary]) -> Aggregate {
    let years = reps.first().map(|r| r.years.clone()).unwrap_or_default();
    let n_periods = years.len() + 1;
    let periods = (0..n_periods)
        .map(|p| {
            (0..layout.names.len())
                .map(|m| {
                    Estimate::from_values(&reps.iter().map(|r| r.periods[p][m]).collect::<Vec<_>>())
                })
                .collect()
        })
        .collect();
    let units = reps.first().map_or(0, |r| r.unit_utilization.len());
    let per_unit = |f: &dyn Fn(&RepSummary) -> &Vec<f64>| -> Vec<Estimate> {
        (0..units)
            .map(|u| Estimate::from_values(&reps.iter().map(|r| f(r)[u]).collect::<Vec<_>>()))
            .collect()
    };
    Aggregate {
        replications: reps.len(),
        years,
        layout: layout.clone(),
        periods,
        unit_utilization: per_unit(&|r| &r.unit_utilization),
        unit_responses: per_unit(&|r| &r.unit_responses),
        unit_crewed: per_unit(&|r| &r.unit_crewed),
        unit_ever_sent: (0..units)
            .map(|u| reps.iter().any(|r| r.unit_responses[u] > 0.0))
            .collect(),
    }
}

/// Paired differences `other − base`, replication by replication, per period and figure.
///
/// Both runs must have the same layout and replication count (the same scenario and seed
/// with another rollout). A figure missing in either replication (NaN) drops that pair.
pub fn paired_differences(base: &[RepSummary], other: &[RepSummary]) -> Vec<Vec<Estimate>> {
    let n_periods = base.first().map_or(0, |r| r.periods.len());
    (0..n_periods)
        .map(|p| {
            let n_metrics = base[0].periods[p].len();
            (0..n_metrics)
                .map(|m| {
                    let d: Vec<f64> = base
                        .iter()
                        .zip(other)
                        .map(|(b, o)| o.periods[p][m] - b.periods[p][m])
                        .collect();
                    Estimate::from_values(&d)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles_are_within_half_a_bin_of_exact() {
        let mut rng = crate::random::stream(3, 0, crate::random::Purpose::Arrivals);
        let d = crate::random::DurationDist::lognormal(400.0, 0.6).unwrap();
        let mut xs: Vec<f64> = (0..5_001).map(|_| d.sample(&mut rng)).collect();
        for (mut h, name) in [
            (Histogram::response_times(), "1 s"),
            (Histogram::breakdown(), "10 s"),
        ] {
            xs.iter().for_each(|&x| h.record(x));
            xs.sort_by(f64::total_cmp);
            let qs = [0.1, 0.5, 0.8, 0.9, 0.95];
            let many = h.quantiles(&qs);
            for (q, got) in qs.iter().zip(many) {
                let exact = xs[((q * xs.len() as f64).ceil() as usize).max(1) - 1];
                assert!(
                    (got - exact).abs() <= h.error_bound_s(),
                    "{name} q={q}: {got} vs {exact}"
                );
                assert_eq!(got, h.quantile(*q));
            }
        }
    }

    #[test]
    fn histograms_with_the_same_counts_are_equal_however_far_allocated() {
        let mut a = Histogram::new(1.0, 100.0);
        let mut b = Histogram::new(1.0, 100.0);
        a.record(3.0);
        b.record(50.0);
        let mut c = Histogram::new(1.0, 100.0);
        c.record(3.0);
        c.merge(&Histogram::new(1.0, 100.0));
        let mut d = Histogram::new(1.0, 100.0);
        d.merge(&b); // allocates 51 bins
        d.counts[50] = 0;
        d.n = 0;
        d.record(3.0);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_ne!(a, b);
    }

    #[test]
    fn quantiles_of_an_empty_or_overflowing_histogram() {
        let mut h = Histogram::new(1.0, 10.0);
        assert!(h.quantile(0.5).is_nan());
        h.record(3.2);
        h.record(50.0);
        assert_eq!(h.quantiles(&[0.5, 0.9]), vec![3.5, f64::INFINITY]);
    }

    #[test]
    fn t_interval_matches_the_textbook() {
        // Values 1..=5: mean 3, s = 1.5811, t(0.975, 4) = 2.7764, half-width 1.9632.
        let e = Estimate::from_values(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        let [lo, hi] = e.ci95.unwrap();
        assert!((hi - 3.0 - 1.963_2).abs() < 1e-3 && (3.0 - lo - 1.963_2).abs() < 1e-3);
        assert!(Estimate::from_values(&[2.0]).ci95.is_none());
        assert!(e.excludes_zero());
        assert!(!Estimate::from_values(&[-1.0, 1.0, 0.5]).excludes_zero());
    }
}
