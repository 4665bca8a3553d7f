//! One period (a year, or the whole horizon) of one replication: what it accumulates from
//! the model's records, and the figures it emits, in [`Layout`](super::Layout) order.

use super::Histogram;
use super::metric::{Breakdown, Figure, GroupFigure, StationFigure};
use crate::scenario::Scenario;
use crate::sim::model::IncidentRecord;

/// Receives a period's figures in order (names once per run, values once per replication).
pub(super) trait Emit {
    fn put(&mut self, name: &dyn Fn() -> String, value: f64);

    /// A district-wide figure.
    fn figure(&mut self, f: Figure, value: f64) {
        self.put(&|| f.name().into(), value);
    }
}

/// Collects the names (to make the [`Layout`](super::Layout)).
pub(super) struct Names(pub Vec<String>);
impl Emit for Names {
    fn put(&mut self, name: &dyn Fn() -> String, _: f64) {
        self.0.push(name());
    }
}

/// Collects the values (a replication's figures).
pub(super) struct Values(pub Vec<f64>);
impl Emit for Values {
    fn put(&mut self, _: &dyn Fn() -> String, value: f64) {
        self.0.push(value);
    }
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

    /// One incident, with its response time from dispatch and that time's bin in
    /// [`Histogram::breakdown`] (the same in every group, so binned once).
    fn record(&mut self, from_dispatch: Option<(f64, usize)>, standard_s: f64) {
        self.n += 1;
        if let Some((x, bin)) = from_dispatch {
            self.hist.record_bin(bin);
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

    fn emit(&self, group: Breakdown, out: &mut dyn Emit) {
        let q = self.hist.quantiles(&[0.5, 0.9]);
        let n = self.n as f64;
        let mut put = |f: GroupFigure, v: f64| out.put(&|| group.name(f), v);
        put(GroupFigure::Incidents, n);
        put(GroupFigure::P50FromDispatch, q[0]);
        put(GroupFigure::P90FromDispatch, q[1]);
        put(
            GroupFigure::MeanFromDispatch,
            self.sum / self.hist.len() as f64,
        );
        put(GroupFigure::WithinStandard, self.within as f64 / n);
    }
}

/// Accumulates one period (a year, or the whole horizon) of one replication.
#[derive(Clone, Debug)]
pub(super) struct PeriodAcc {
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
    first_action: Option<crate::stats::micro::FirstActionAcc>,
    pub(super) station_responses: Vec<u64>,
    pub(super) station_drawdown_ms: Vec<i64>,
    /// Per station: time with at least one first-due unit (engine) crewed and free, ms.
    pub(super) station_engine_ms: Vec<i64>,
    /// Time spent with `k` incidents open (the last bucket: that many or more), ms.
    pub(super) open_ms: Vec<i64>,
    pub(super) open_max: u32,
    pub(super) span_ms: i64,
}

pub(super) const OPEN_BUCKETS: usize = 64;

impl PeriodAcc {
    pub(super) fn new(s: &Scenario) -> PeriodAcc {
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

    pub(super) fn record(
        &mut self,
        r: &IncidentRecord,
        (fire, urban, area): (bool, bool, usize),
        action: Option<crate::stats::micro::FirstAction>,
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
        debug_assert!(
            self.urban_core
                .hist
                .same_bins(&self.by_type[r.kind as usize].hist)
        );
        let from_dispatch = from_dispatch.map(|x| (x, self.urban_core.hist.bin_of(x)));
        if urban {
            self.urban_core.record(from_dispatch, s.standard_s);
        }
        self.by_type[r.kind as usize].record(from_dispatch, s.standard_s);
        self.by_zone[r.zone as usize].record(from_dispatch, s.standard_s);
        self.by_first_due[area].record(from_dispatch, s.standard_s);
    }

    /// Add another period (the whole horizon is the sum of its years).
    pub(super) fn merge(&mut self, o: &PeriodAcc) {
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
    pub(super) fn emit(
        &self,
        s: &Scenario,
        unit_busy_ms: &[i64],
        coverage: f64,
        out: &mut dyn Emit,
    ) {
        let n = self.incidents as f64;
        out.figure(Figure::Incidents, n);
        out.figure(Figure::FireShare, self.fire as f64 / n);
        self.emit_response_times(s, out);
        self.emit_load(coverage, out);
        self.urban_core.emit(Breakdown::UrbanCore, out);
        for (t, g) in s.incident_types.iter().zip(&self.by_type) {
            g.emit(Breakdown::Type(&t.name), out);
        }
        for (z, g) in s.zones.iter().zip(&self.by_zone) {
            g.emit(Breakdown::Zone(&z.name), out);
        }
        for (st, g) in s.stations.iter().zip(&self.by_first_due) {
            g.emit(Breakdown::FirstDue(&st.id), out);
        }
        self.emit_stations(s, unit_busy_ms, out);
    }

    /// First arrival from the call and from the dispatch order, its segments, the shares
    /// within the standard and thresholds, and the effective response force.
    fn emit_response_times(&self, s: &Scenario, out: &mut dyn Emit) {
        use Figure::*;
        let n = self.incidents as f64;
        let served = self.served as f64;
        const QS: [f64; 4] = [0.5, 0.8, 0.9, 0.95];
        for (figures, h, sum) in [
            (
                [
                    FromCallP50,
                    FromCallP80,
                    FromCallP90,
                    FromCallP95,
                    FromCallMean,
                ],
                &self.from_call,
                self.sum_from_call,
            ),
            (
                [
                    FromDispatchP50,
                    FromDispatchP80,
                    FromDispatchP90,
                    FromDispatchP95,
                    FromDispatchMean,
                ],
                &self.from_dispatch,
                self.sum_from_dispatch,
            ),
        ] {
            for (f, v) in figures.iter().zip(h.quantiles(&QS)) {
                out.figure(*f, v);
            }
            out.figure(figures[4], sum / served);
        }
        if let Some(a) = &self.first_action {
            a.emit(&mut |n, v| out.put(n, v));
        }
        out.figure(CallProcessing, self.sum_call_processing / served);
        out.figure(Turnout, self.sum_turnout / served);
        out.figure(Travel, self.sum_travel / served);
        out.figure(Within5Min, self.within_5min as f64 / n);
        out.figure(WithinStandard, self.within_standard as f64 / n);
        for (t, c) in s.thresholds_s.iter().zip(&self.within_thresholds) {
            out.put(&|| super::metric::within_threshold(*t), *c as f64 / n);
        }
        let q = self.erf.quantiles(&[0.5, 0.9]);
        out.figure(ErfP50, q[0]);
        out.figure(ErfP90, q[1]);
        out.figure(ErfMean, self.erf_sum / self.erf_n as f64);
        out.figure(ErfCompleteShare, self.erf_n as f64 / n);
    }

    /// Queueing, mutual aid, what was sent, coverage and how many incidents were open at
    /// once.
    fn emit_load(&self, coverage: f64, out: &mut dyn Emit) {
        use Figure::*;
        let n = self.incidents as f64;
        out.figure(ShareWaited, self.waited as f64 / n);
        out.figure(MeanWait, self.sum_wait / n);
        out.figure(MeanWaitIfWaited, self.sum_wait / self.waited as f64);
        out.figure(MutualAidShare, self.mutual_aid as f64 / n);
        out.figure(Unserved, n - self.served as f64);
        out.figure(UnitsPerIncident, self.units_sent as f64 / n);
        out.figure(FirefightersPerIncident, self.firefighters_sent as f64 / n);
        out.figure(CoverageWithinStandard, coverage);
        let span = self.span_ms.max(1) as f64;
        let mean_open = self
            .open_ms
            .iter()
            .enumerate()
            .map(|(k, &ms)| k as f64 * ms as f64)
            .sum::<f64>()
            / span;
        out.figure(MeanOpen, mean_open);
        out.figure(
            ShareTwoOrMore,
            self.open_ms[2..].iter().sum::<i64>() as f64 / span,
        );
        out.figure(MaxOpen, self.open_max as f64);
    }

    /// Per station: responses, utilization, drawdown and engine availability.
    fn emit_stations(&self, s: &Scenario, unit_busy_ms: &[i64], out: &mut dyn Emit) {
        let span = self.span_ms.max(1) as f64;
        for (i, st) in s.stations.iter().enumerate() {
            let units = st.units.len().max(1) as f64;
            let busy: i64 = st
                .units
                .iter()
                .map(|&u| unit_busy_ms.get(u).copied().unwrap_or(0))
                .fold(0, i64::saturating_add);
            let mut put = |f: StationFigure, v: f64| out.put(&|| f.name(&st.id), v);
            put(StationFigure::Responses, self.station_responses[i] as f64);
            put(StationFigure::Utilization, busy as f64 / units / span);
            put(
                StationFigure::DrawdownShare,
                self.station_drawdown_ms[i] as f64 / span,
            );
            put(
                StationFigure::EngineAvailableShare,
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
