//! The [`Observer`] that summarises one replication ([`Collector`]): per-period
//! accumulators, unit and station time shares, pooled histograms and the incident sample
//! for maps.

use super::Histogram;
use super::figures::{Layout, RepSummary};
use super::period::{OPEN_BUCKETS, PeriodAcc, Values};
use super::pooled::{Pooled, SampleIncident};
use crate::ground::engine::SimTime;
use crate::prepare::coverage::FirstDue;
use crate::scenario::{Category, Scenario};
use crate::sim::model::{IncidentRecord, Observer, ResponseRecord};
use std::sync::Arc;

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
    pub districts: Option<crate::stats::districts::DistrictFigures>,
}

impl RunContext {
    /// The context for `scenario` under the rollout whose crewing is given.
    pub fn new(
        scenario: &Scenario,
        crewing: &crate::prepare::staffing::CrewingTimeline,
        keep_sample: bool,
    ) -> RunContext {
        let first_due = Arc::new(FirstDue::new(scenario));
        RunContext {
            districts: RunContext::districts(scenario, &first_due, crewing),
            first_due,
            coverage_by_year: crate::prepare::coverage::coverage_by_year(scenario, crewing),
            layout: Arc::new(Layout::new(scenario)),
            keep_sample,
        }
    }

    /// The district figures under `crewing`, when the scenario has `[districts]`.
    pub fn districts(
        scenario: &Scenario,
        first_due: &FirstDue,
        crewing: &crate::prepare::staffing::CrewingTimeline,
    ) -> Option<crate::stats::districts::DistrictFigures> {
        let rule = scenario.districts.as_ref()?;
        let d = crate::stats::districts::Districts::new(scenario, rule, first_due)?;
        Some(Arc::new(d).figures(scenario, crewing))
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

/// The period (year) holding `t`, given `bounds` (each year's start, then the horizon end):
/// the number of later years begun by `t`, so time before the horizon falls in the first
/// year and time after it in the last. A walk over the few year starts rather than a
/// binary search: simulated time moves forward, so its exit is nearly always where it was
/// the time before (the search's branches mispredicted), and it runs for every incident,
/// response and change in the number of open incidents.
#[inline]
fn period_index(bounds: &[SimTime], t: SimTime) -> usize {
    let years = bounds.len() - 1;
    bounds[1..years].iter().take_while(|&&b| b <= t).count()
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
        let p = period_index(self.bounds, self.t);
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
    micro: Option<crate::ground::random::DispatchStreams>,
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
            micro: (!scenario.micro.is_empty()).then(|| crate::stats::micro::streams(seed, rep)),
            scenario,
            ctx,
        }
    }

    fn period_of(&self, t: SimTime) -> usize {
        period_index(&self.bounds, t)
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
                crate::stats::districts::emit(self.scenario, Some((d, p)), &mut |_, x| v.0.push(x));
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
            crate::stats::districts::emit(self.scenario, Some((d, p)), &mut |_, x| v.0.push(x));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk over year starts is the binary search it replaced, capped at the last
    /// year, for times before, on, between and after the bounds.
    #[test]
    fn period_index_is_the_capped_partition_point() {
        let bounds: Vec<SimTime> = [0, 100, 250, 400, 500].map(SimTime).to_vec();
        let years = bounds.len() - 1;
        for t in (-10..=520).map(SimTime) {
            let searched = bounds[1..].partition_point(|&b| b <= t).min(years - 1);
            assert_eq!(period_index(&bounds, t), searched, "at {t}");
        }
        assert_eq!(period_index(&[SimTime(0), SimTime(9)], SimTime(50)), 0);
    }
}
