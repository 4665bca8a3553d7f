//! Calibration: fit the Kolesar travel model, its spread and the turnout distribution to
//! observed unit responses.
//!
//! **Data.** For each observed response of one unit kind (engines by default): the
//! straight-line distance from the unit's home station to the incident, the observed travel
//! time (en route → on scene) and turnout (dispatch → en route). Left out: times outside
//! (0, 30 min] (bad records), responses of a unit that cleared its previous incident less
//! than [`ON_THE_ROAD_S`] before this dispatch, or had not cleared it yet (it was probably
//! on the road, not at its station: its distance is unknown and it has no turnout), and,
//! for travel only, trips shorter than [`MIN_DISTANCE_KM`] (the model says 0 s there).
//! Units away from quarters for other reasons (training, inspections, fuel) cannot be
//! detected in the record and stay in.
//!
//! **Travel.** `T = f(d; v, a, k) · ε` with `f` the Kolesar curve on road distance `k·d`
//! and `ε` lognormal with mean 1. Only `k/a` and `k/v` are identified by (distance, time)
//! pairs (a longer road at a higher speed takes the same time), so the detour factor `k`
//! is fixed (default 1.3) and `v`, `a` are fitted. The fit is the conditional median:
//! least absolute deviations of `log T − log f(d)` over a log grid of `(v, a)` refined
//! around the best point, with `v` kept in [`CRUISE_KMH_RANGE`] (a city's trips may all be
//! shorter than the critical distance `v²/a`, leaving `v` unidentified: the fit then says
//! so by sitting at a bound). The log residuals of travel times are skewed (a long right
//! tail: units held up, wrong addresses, traffic); planners care about the upper tail, so
//! the spread `σ` of `log ε` is taken from the upper half, `σ = (q90 − q50)/z(0.9)` of the
//! residuals, and `cv = √(exp σ² − 1)`. Since `ε` has mean 1 (median `exp(−σ²/2)`), the
//! median curve is scaled up by `c = exp(σ²/2)`, which the Kolesar family absorbs exactly:
//! `c·f(d; v, a) = f(d; v/c, a/c²)`. The simulated median and 90th percentile at a given
//! distance then equal the fitted ones.
//!
//! **Turnout.** A lognormal by the moments of the log turnout times: `μ`, `s` → mean
//! `exp(μ + s²/2)`, `cv = √(exp s² − 1)`.
//!
//! This module does no IO.

use crate::scenario::Scenario;
use crate::scenario::recorded::{Observed, ObservedResponse};
use crate::stats::fidelity::{MAX_TRAVEL_S, percentile};
use crate::travel::Kolesar;
use serde::Serialize;
use std::collections::HashMap;

/// A unit that cleared its previous incident less than this before a dispatch is taken to
/// be on the road, not at its station, seconds.
pub const ON_THE_ROAD_S: f64 = 900.0;
/// Trips shorter than this (straight line) are left out of the travel fit, km.
pub const MIN_DISTANCE_KM: f64 = 0.05;
/// Range the cruise speed is kept in, km/h.
pub const CRUISE_KMH_RANGE: (f64, f64) = (15.0, 90.0);
/// Range the acceleration is kept in, m/s².
pub const ACCEL_MS2_RANGE: (f64, f64) = (0.01, 5.0);
/// The standard normal 0.9 quantile.
pub const Z90: f64 = 1.281_551_565_544_600_4;

/// One travel observation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TravelSample {
    /// The unit's station.
    pub station: usize,
    /// The incident's projected position.
    pub site: crate::ground::geo::Point,
    /// Straight-line distance from the unit's station to the incident, km.
    pub distance_km: f64,
    /// Observed travel time, seconds.
    pub travel_s: f64,
}

/// The observations calibration uses, and what it left out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Samples {
    /// Responses of the kind in the file.
    pub responses: usize,
    /// Left out: no travel time, or outside (0, 30 min].
    pub bad_travel: usize,
    /// Left out: no turnout, or outside (0, 30 min].
    pub bad_turnout: usize,
    /// Left out: the unit was probably not at its station.
    pub not_at_station: usize,
    /// Left out of the travel fit: trips shorter than [`MIN_DISTANCE_KM`].
    pub too_short: usize,
    /// Travel observations used.
    #[serde(skip)]
    pub travel: Vec<TravelSample>,
    /// Turnout observations used, seconds.
    #[serde(skip)]
    pub turnout_s: Vec<f64>,
}

/// Collect the observations of unit kind `kind` from observed responses.
pub fn samples(scenario: &Scenario, observed: &Observed, kind: usize) -> Samples {
    let mut s = Samples::default();
    let Some(rec) = scenario.recorded() else {
        return s;
    };
    // Per unit, responses in dispatch order, to spot units sent while on the road.
    let mut by_unit: HashMap<&str, Vec<&ObservedResponse>> = HashMap::new();
    for r in &observed.responses {
        by_unit.entry(r.unit.as_str()).or_default().push(r);
    }
    let mut on_road: HashMap<u64, bool> = HashMap::new();
    for rs in by_unit.values_mut() {
        rs.sort_by_key(|r| (r.dispatch, r.line));
        let mut last_clear = None;
        for r in rs.iter() {
            let road = match (r.dispatch, last_clear) {
                (Some(d), Some(c)) => (d - c).as_secs() < ON_THE_ROAD_S,
                _ => false,
            };
            on_road.insert(r.line, road);
            if let Some(c) = r.clear {
                last_clear =
                    Some(last_clear.map_or(c, |l: crate::ground::engine::SimTime| l.max(c)));
            }
        }
    }
    let good = |x: Option<f64>| x.filter(|&x| x > 0.0 && x <= MAX_TRAVEL_S);
    for r in observed.responses.iter().filter(|r| r.kind == kind) {
        s.responses += 1;
        if on_road.get(&r.line).copied().unwrap_or(false) {
            s.not_at_station += 1;
            continue;
        }
        match good(r.turnout_s) {
            Some(t) => s.turnout_s.push(t),
            None => s.bad_turnout += 1,
        }
        let Some(travel_s) = good(r.travel_s) else {
            s.bad_travel += 1;
            continue;
        };
        let d = scenario.stations[r.station]
            .pos
            .distance_km(rec.incidents[r.incident].pos);
        if d < MIN_DISTANCE_KM {
            s.too_short += 1;
            continue;
        }
        s.travel.push(TravelSample {
            station: r.station,
            site: rec.incidents[r.incident].pos,
            distance_km: d,
            travel_s,
        });
    }
    s
}

/// The fitted travel model.
#[derive(Clone, Debug, Serialize)]
pub struct TravelFit {
    /// Cruise speed for the scenario (mean-1 spread), km/h.
    pub cruise_kmh: f64,
    /// Acceleration for the scenario, m/s².
    pub accel_ms2: f64,
    /// The fixed detour factor.
    pub detour_factor: f64,
    /// Coefficient of variation of the lognormal factor around the model.
    pub spread_cv: f64,
    /// σ of the log residuals (upper-half estimate).
    pub sigma_log: f64,
    /// The median curve's parameters before scaling for the mean-1 spread.
    pub median_cruise_kmh: f64,
    /// See `median_cruise_kmh`.
    pub median_accel_ms2: f64,
    /// Whether the cruise speed sits at a bound of [`CRUISE_KMH_RANGE`] (not identified).
    pub cruise_at_bound: bool,
    /// Observations.
    pub n: usize,
    /// Percentiles (10, 25, 50, 75, 90) of observed / median-model time.
    pub residual_ratio_pct: [f64; 5],
    /// The same percentiles of observed − median-model time, seconds.
    pub residual_s_pct: [f64; 5],
    /// Observed travel p50 and p90 over the observations, seconds.
    pub observed_p50_p90: [f64; 2],
    /// The median model without spread at the same distances: p50 and p90, seconds.
    pub no_spread_p50_p90: [f64; 2],
}

fn lad(samples: &[TravelSample], v_kmh: f64, a: f64, detour: f64) -> f64 {
    let k = Kolesar::new(v_kmh, a, detour, 0.0);
    samples
        .iter()
        .map(|s| (s.travel_s.ln() - k.time_for_km(s.distance_km).max(1e-3).ln()).abs())
        .sum()
}

/// Fit the travel model to `samples` with the detour factor fixed; `None` with fewer than
/// 10 observations.
pub fn fit_travel(samples: &[TravelSample], detour: f64) -> Option<TravelFit> {
    if samples.len() < 10 {
        return None;
    }
    let (vlo, vhi) = (CRUISE_KMH_RANGE.0.ln(), CRUISE_KMH_RANGE.1.ln());
    let (alo, ahi) = (ACCEL_MS2_RANGE.0.ln(), ACCEL_MS2_RANGE.1.ln());
    // Coarse log grid, then zoom in around the best point.
    let mut best = (f64::INFINITY, 0.0, 0.0);
    let (mut lv, mut hv, mut la, mut ha) = (vlo, vhi, alo, ahi);
    let steps = 24;
    for _round in 0..6 {
        for i in 0..=steps {
            if stopped() {
                break;
            }
            for j in 0..=steps {
                let v = lv + (hv - lv) * i as f64 / steps as f64;
                let a = la + (ha - la) * j as f64 / steps as f64;
                let obj = lad(samples, v.exp(), a.exp(), detour);
                if obj < best.0 {
                    best = (obj, v, a);
                }
            }
        }
        let (wv, wa) = ((hv - lv) / 6.0, (ha - la) / 6.0);
        lv = (best.1 - wv).max(vlo);
        hv = (best.1 + wv).min(vhi);
        la = (best.2 - wa).max(alo);
        ha = (best.2 + wa).min(ahi);
    }
    let (v_med, a_med) = (best.1.exp(), best.2.exp());
    let median = Kolesar::new(v_med, a_med, detour, 0.0);
    let mut ratio: Vec<f64> = samples
        .iter()
        .map(|s| s.travel_s / median.time_for_km(s.distance_km).max(1e-3))
        .collect();
    ratio.sort_by(f64::total_cmp);
    let mut diff: Vec<f64> = samples
        .iter()
        .map(|s| s.travel_s - median.time_for_km(s.distance_km))
        .collect();
    diff.sort_by(f64::total_cmp);
    let pct = |v: &[f64]| [0.1, 0.25, 0.5, 0.75, 0.9].map(|q| percentile(v, q).unwrap_or(f64::NAN));
    let q = |p: f64| percentile(&ratio, p).unwrap_or(1.0).ln();
    let sigma = ((q(0.9) - q(0.5)) / Z90).max(0.0);
    let c = (sigma * sigma / 2.0).exp();
    let mut obs: Vec<f64> = samples.iter().map(|s| s.travel_s).collect();
    obs.sort_by(f64::total_cmp);
    let mut model: Vec<f64> = samples
        .iter()
        .map(|s| median.time_for_km(s.distance_km))
        .collect();
    model.sort_by(f64::total_cmp);
    let p = |v: &[f64]| [0.5, 0.9].map(|q| percentile(v, q).unwrap_or(f64::NAN));
    Some(TravelFit {
        cruise_kmh: v_med / c,
        accel_ms2: a_med / (c * c),
        detour_factor: detour,
        spread_cv: (sigma * sigma).exp_m1().sqrt(),
        sigma_log: sigma,
        median_cruise_kmh: v_med,
        median_accel_ms2: a_med,
        cruise_at_bound: (best.1 - vlo).abs() < 1e-3 || (vhi - best.1).abs() < 1e-3,
        n: samples.len(),
        residual_ratio_pct: pct(&ratio),
        residual_s_pct: pct(&diff),
        observed_p50_p90: p(&obs),
        no_spread_p50_p90: p(&model),
    })
}

/// One trip for the network fit: the observed time and what the model makes of the trip at
/// speed factor 1 (seconds).
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkTrip {
    /// Observed travel time.
    pub observed_s: f64,
    /// Time on the road per road class at speed factor 1.
    pub road_s_by_class: Vec<f64>,
    /// Time off the road (both legs) at the off-road speed the fit is given.
    pub off_s: f64,
}

/// A road class gets a speed factor of its own when it carries at least this share of the
/// trips' road time... [estimate] below it, a class's factor rests on a few seconds of a few
/// trips and mostly fits their noise; 5% of ~350 SF trips is ~18 trips' worth of road time.
pub const MIN_CLASS_SHARE: f64 = 0.05;
/// ...and is driven on by at least this many trips. [estimate] the spread of one factor's
/// median fit shrinks as 1/√n; below ~30 trips it is wider than the differences between
/// classes the fit is meant to find.
pub const MIN_CLASS_TRIPS: usize = 30;

/// Per-class factors are fitted on paths chosen at given factors; re-routed at the fitted
/// ones, the paths (and so the fit) may change. `firesim calibrate` re-routes and refits
/// until the factors repeat within this relative tolerance... [estimate] well inside their
/// sampling error (a few per cent at a few hundred trips: `recovers_per_class_speed_factors`
/// derives it), so stopping there changes no conclusion.
pub const ROUTE_TOLERANCE: f64 = 0.01;
/// ...for at most this many re-routings, else the trips do not identify per-class factors
/// (they move with the route choice they induce) and one factor is fitted for every class.
/// [estimate] factors that route choice does not move repeat after one re-routing (a
/// network whose paths do not depend on them); a handful more allows a few paths to settle.
pub const ROUTE_PASSES: usize = 5;

/// The fitted network model: `T = (Σ_c road_c / f_c + off + start) · ε`, with `road_c` the
/// shortest path's time on road class `c` at speed factor 1, `f_c` the factor of the class's
/// group (each class the data identifies, [`MIN_CLASS_SHARE`] and [`MIN_CLASS_TRIPS`], is
/// its own group; the rest share one), `off` the off-road legs and `start` a fixed time per
/// trip.
#[derive(Clone, Debug, Serialize)]
pub struct NetworkFit {
    /// Speed factor for the scenario (mean-1 spread): the factor of the classes without
    /// one of their own.
    pub speed_factor: f64,
    /// Per road class (the trips' order): its factor relative to `speed_factor` for the
    /// scenario's `class_factors`; `None` for a class without a factor of its own.
    pub class_factors: Vec<Option<f64>>,
    /// Per road class: the median model's whole factor on its speeds.
    pub median_class_factors: Vec<f64>,
    /// Per road class: its share of the trips' road time at speed factor 1.
    pub class_share: Vec<f64>,
    /// Off-road speed for the scenario (mean-1 spread), km/h.
    pub off_road_kmh: f64,
    /// Fixed time per trip for the scenario (mean-1 spread), seconds.
    pub start_s: f64,
    /// The median model's fixed time per trip, seconds.
    pub median_start_s: f64,
    /// Coefficient of variation of the lognormal factor.
    pub spread_cv: f64,
    /// σ of the log residuals (upper-half estimate).
    pub sigma_log: f64,
    /// The median model's factor on the classes without one of their own (all classes'
    /// when none has); before scaling for the mean-1 spread.
    pub median_speed_factor: f64,
    /// Whether a factor or the fixed time sits at a bound of its range.
    pub at_bound: bool,
    /// Observations.
    pub n: usize,
    /// Share of the median model's time spent on the road (the rest is off-road legs).
    pub road_share: f64,
    /// Percentiles (10, 25, 50, 75, 90) of observed / median-model time.
    pub residual_ratio_pct: [f64; 5],
    /// Observed travel p50 and p90 over the observations, seconds.
    pub observed_p50_p90: [f64; 2],
    /// The median model without spread at the same trips: p50 and p90, seconds.
    pub no_spread_p50_p90: [f64; 2],
}

/// Range the network model's speed factor is kept in.
pub const SPEED_FACTOR_RANGE: (f64, f64) = (0.2, 5.0);
/// Range the fixed time per trip is kept in, seconds.
pub const START_S_RANGE: (f64, f64) = (0.0, 180.0);

/// The value in `[lo, hi]` minimising `f`: a grid of 24 steps, zoomed in five times around
/// the best point (deterministic; the objectives here are sums of absolute deviations,
/// piecewise smooth, so a derivative-free search).
fn grid_min(lo: f64, hi: f64, f: impl Fn(f64) -> f64) -> (f64, f64) {
    let (mut a, mut b) = (lo, hi);
    let mut best = (f64::INFINITY, lo);
    let steps = 24;
    for _round in 0..6 {
        for i in 0..=steps {
            if stopped() {
                break;
            }
            let x = a + (b - a) * i as f64 / steps as f64;
            let v = f(x);
            if v < best.0 {
                best = (v, x);
            }
        }
        let w = (b - a) / 6.0;
        a = (best.1 - w).max(lo);
        b = (best.1 + w).min(hi);
    }
    best
}

/// Each road class's share of the trips' road time, its group (0: the classes without a
/// factor of their own; then one group per class the data identifies: at least
/// `MIN_CLASS_SHARE` of the road time and `MIN_CLASS_TRIPS` trips), and the number of groups.
fn class_groups(trips: &[NetworkTrip]) -> (Vec<f64>, Vec<usize>, usize) {
    let classes = trips
        .iter()
        .map(|t| t.road_s_by_class.len())
        .max()
        .unwrap_or(0);
    let class_road: Vec<f64> = (0..classes)
        .map(|c| {
            trips
                .iter()
                .map(|t| t.road_s_by_class.get(c).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let total_road: f64 = class_road.iter().sum();
    let class_share: Vec<f64> = class_road
        .iter()
        .map(|r| {
            if total_road > 0.0 {
                r / total_road
            } else {
                0.0
            }
        })
        .collect();
    let class_trips: Vec<usize> = (0..classes)
        .map(|c| {
            trips
                .iter()
                .filter(|t| t.road_s_by_class.get(c).is_some_and(|&r| r > 0.0))
                .count()
        })
        .collect();
    // Group 0: the classes without a factor of their own; then one group per identified
    // class.
    let mut group = vec![0usize; classes];
    let mut groups = 1;
    for c in 0..classes {
        if class_share[c] >= MIN_CLASS_SHARE && class_trips[c] >= MIN_CLASS_TRIPS {
            group[c] = groups;
            groups += 1;
        }
    }
    (class_share, group, groups)
}

/// The one-factor fit: a coarse grid over (log speed factor, start), zoomed in six times,
/// minimising `lad`; (objective, log factor, start).
fn one_factor_grid(lad: &dyn Fn(&[f64], f64) -> f64, groups: usize) -> (f64, f64, f64) {
    let (lo0, hi0) = (SPEED_FACTOR_RANGE.0.ln(), SPEED_FACTOR_RANGE.1.ln());
    let (s0, s1) = START_S_RANGE;
    // One factor for all: coarse grid over (log factor, start), zoomed in.
    let (mut lo, mut hi, mut slo, mut shi) = (lo0, hi0, s0, s1);
    let mut best = (f64::INFINITY, 0.0, 0.0);
    let steps = 24;
    for _round in 0..6 {
        for i in 0..=steps {
            if stopped() {
                break;
            }
            for j in 0..=steps {
                let lf = lo + (hi - lo) * i as f64 / steps as f64;
                let st = slo + (shi - slo) * j as f64 / steps as f64;
                let v = lad(&vec![lf; groups], st);
                if v < best.0 {
                    best = (v, lf, st);
                }
            }
        }
        let (w, ws) = ((hi - lo) / 6.0, (shi - slo) / 6.0);
        lo = (best.1 - w).max(lo0);
        hi = (best.1 + w).min(hi0);
        slo = (best.2 - ws).max(s0);
        shi = (best.2 + ws).min(s1);
    }
    best
}

/// Fit the network model's speed factors, fixed time per trip and spread to `trips`. The
/// fit is the conditional median, as for Kolesar: least absolute deviations of the log
/// times, first with one factor for every class over a grid of (log factor, start), then,
/// from there, each identified class's factor and the fixed time in turn (one-dimensional
/// searches, repeated until the fit stops improving); the spread from the upper half of the
/// residuals; then the median model is scaled by `c = exp(σ²/2)` (road and off-road speeds
/// divided by `c`, the fixed time multiplied by it) so the simulated mean-1 spread keeps
/// the fitted median. `off_road_kmh` is the speed the trips' off-road times are at. Without
/// `per_class`, one factor for every class. `None` with fewer than 10 observations.
pub fn fit_network(
    trips: &[NetworkTrip],
    off_road_kmh: f64,
    per_class: bool,
) -> Option<NetworkFit> {
    if trips.len() < 10 {
        return None;
    }
    let (class_share, mut group, mut groups) = class_groups(trips);
    if !per_class {
        group.fill(0);
        groups = 1;
    }
    let classes = group.len();
    // Per trip: road time per group, off-road time, observed time's log.
    let rows: Vec<(Vec<f64>, f64, f64)> = trips
        .iter()
        .map(|t| {
            let mut r = vec![0.0; groups];
            for (c, &s) in t.road_s_by_class.iter().enumerate() {
                r[group[c]] += s;
            }
            (r, t.off_s, t.observed_s.ln())
        })
        .collect();
    let model = |lf: &[f64], st: f64, (r, off, _): &(Vec<f64>, f64, f64)| {
        let road: f64 = r.iter().zip(lf).map(|(r, lf)| r / lf.exp()).sum();
        (road + off + st).max(1e-3)
    };
    let lad = |lf: &[f64], st: f64| -> f64 {
        rows.iter()
            .map(|row| (row.2 - model(lf, st, row).ln()).abs())
            .sum()
    };
    let (lo0, hi0) = (SPEED_FACTOR_RANGE.0.ln(), SPEED_FACTOR_RANGE.1.ln());
    let (s0, s1) = START_S_RANGE;
    let best = one_factor_grid(&lad, groups);
    let mut lf = vec![best.1; groups];
    let mut st = best.2;
    let mut obj = best.0;
    // Then each group's factor and the start in turn, while the fit improves. The classes
    // without a factor of their own keep the one-factor fit's when together they carry too
    // little of the road time to identify one.
    let rest_share: f64 = (0..classes)
        .filter(|&c| group[c] == 0)
        .map(|c| class_share[c])
        .sum();
    let first = if rest_share >= MIN_CLASS_SHARE { 0 } else { 1 };
    if groups > 1 {
        for _sweep in 0..50 {
            if stopped() {
                break;
            }
            let before = obj;
            for g in first..groups {
                let (v, x) = grid_min(lo0, hi0, |x| {
                    let mut f = lf.clone();
                    f[g] = x;
                    lad(&f, st)
                });
                if v < obj {
                    (obj, lf[g]) = (v, x);
                }
            }
            let (v, x) = grid_min(s0, s1, |x| lad(&lf, x));
            if v < obj {
                (obj, st) = (v, x);
            }
            if before - obj <= 1e-9 * before {
                break;
            }
        }
    }
    let st_med = st;
    let fitted_of = |row: &(Vec<f64>, f64, f64)| model(&lf, st_med, row);
    let mut ratio: Vec<f64> = rows.iter().map(|r| r.2.exp() / fitted_of(r)).collect();
    ratio.sort_by(f64::total_cmp);
    let q = |p: f64| percentile(&ratio, p).unwrap_or(1.0).ln();
    let sigma = ((q(0.9) - q(0.5)) / Z90).max(0.0);
    let c = (sigma * sigma / 2.0).exp();
    let mut obs: Vec<f64> = trips.iter().map(|t| t.observed_s).collect();
    obs.sort_by(f64::total_cmp);
    let mut fitted: Vec<f64> = rows.iter().map(fitted_of).collect();
    fitted.sort_by(f64::total_cmp);
    let road: f64 = rows
        .iter()
        .map(|(r, ..)| r.iter().zip(&lf).map(|(r, lf)| r / lf.exp()).sum::<f64>())
        .sum();
    let total: f64 = fitted.iter().sum();
    let p = |v: &[f64]| [0.5, 0.9].map(|q| percentile(v, q).unwrap_or(f64::NAN));
    // The classes without a factor of their own set the speed factor; the others are
    // relative to it.
    let base = lf[0];
    let at = |x: f64, lo: f64, hi: f64| (x - lo).abs() < 1e-3 || (hi - x).abs() < 1e-3;
    Some(NetworkFit {
        speed_factor: base.exp() / c,
        class_factors: group
            .iter()
            .map(|&g| (g > 0).then(|| (lf[g] - base).exp()))
            .collect(),
        median_class_factors: group.iter().map(|&g| lf[g].exp()).collect(),
        class_share,
        off_road_kmh: off_road_kmh / c,
        start_s: st_med * c,
        median_start_s: st_med,
        spread_cv: (sigma * sigma).exp_m1().sqrt(),
        sigma_log: sigma,
        median_speed_factor: base.exp(),
        at_bound: lf.iter().any(|&x| at(x, lo0, hi0)) || (s1 - st_med).abs() < 1e-3,
        n: trips.len(),
        road_share: road / total,
        residual_ratio_pct: [0.1, 0.25, 0.5, 0.75, 0.9]
            .map(|q| percentile(&ratio, q).unwrap_or(f64::NAN)),
        observed_p50_p90: p(&obs),
        no_spread_p50_p90: p(&fitted),
    })
}

/// The network fit with route choice: the per-class fit, re-routed at its own factors and
/// refitted until they repeat ([`ROUTE_TOLERANCE`], at most [`ROUTE_PASSES`] times).
#[derive(Clone, Debug)]
pub struct RoutedFit {
    /// The per-class fit on the first paths.
    pub first: NetworkFit,
    /// The last per-class fit.
    pub per_class: NetworkFit,
    /// One factor for every class on the first paths, when the per-class factors did not
    /// settle; `None` when they did.
    pub one_factor: Option<NetworkFit>,
    /// Per re-routing, the largest relative change of a class's factor (infinite when
    /// which classes have factors of their own changed); empty when the first fit had no
    /// per-class factor, so nothing to re-route.
    pub changes: Vec<f64>,
}

impl RoutedFit {
    /// Whether the per-class factors repeated within the tolerance.
    pub fn settled(&self) -> bool {
        self.one_factor.is_none()
    }

    /// The fit to use: the settled per-class fit, or else one factor for every class.
    pub fn fit(&self) -> &NetworkFit {
        self.one_factor.as_ref().unwrap_or(&self.per_class)
    }
}

/// The largest relative change between two fits' per-class median factors; infinite when
/// they do not give the same classes factors of their own.
fn factor_change(a: &NetworkFit, b: &NetworkFit) -> f64 {
    let own = |f: &NetworkFit| {
        f.class_factors
            .iter()
            .map(Option::is_some)
            .collect::<Vec<_>>()
    };
    if own(a) != own(b) {
        return f64::INFINITY;
    }
    a.median_class_factors
        .iter()
        .zip(&b.median_class_factors)
        .map(|(x, y)| (y / x - 1.0).abs())
        .fold(0.0, f64::max)
}

/// [`fit_network`] with route choice. `trips_at(route)` gives the trips on the paths the
/// model routes at `route` (a speed factor per class; empty: the paths the trips were
/// first given on). A per-class fit changes the relative speeds of the classes, so the
/// shortest paths, so the trips' time per class: the fit is re-routed at its own factors
/// and refitted until the factors repeat. If they have not after [`ROUTE_PASSES`], the
/// trips do not identify them and the fit is one factor for every class on the first
/// paths (which one factor does not change).
pub fn fit_network_routed(
    trips_at: impl Fn(&[f64]) -> Vec<NetworkTrip>,
    off_road_kmh: f64,
) -> Option<RoutedFit> {
    let first = trips_at(&[]);
    let first_fit = fit_network(&first, off_road_kmh, true)?;
    let mut per_class = first_fit.clone();
    let mut changes = vec![];
    if per_class.class_factors.iter().any(Option::is_some) {
        while changes.len() < ROUTE_PASSES && !stopped() {
            let next = fit_network(
                &trips_at(&per_class.median_class_factors),
                off_road_kmh,
                true,
            )?;
            changes.push(factor_change(&per_class, &next));
            per_class = next;
            if changes.last().is_some_and(|&c| c <= ROUTE_TOLERANCE) {
                break;
            }
        }
    }
    let settled = changes.last().is_none_or(|&c| c <= ROUTE_TOLERANCE);
    Some(RoutedFit {
        one_factor: if settled {
            None
        } else {
            Some(fit_network(&first, off_road_kmh, false)?)
        },
        first: first_fit,
        per_class,
        changes,
    })
}

/// Whether a stop was asked for ([`crate::ground::cancel`]): every grid, sweep and
/// re-routing pass polls it and ends early; the command then writes nothing.
fn stopped() -> bool {
    crate::ground::cancel::requested().is_some()
}

/// A lognormal fitted by the moments of the logs.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct LognormalFit {
    /// Mean, seconds.
    pub mean_s: f64,
    /// Coefficient of variation.
    pub cv: f64,
    /// Observations.
    pub n: usize,
}

/// Fit a lognormal to positive values; `None` with fewer than 2.
pub fn fit_lognormal(values: &[f64]) -> Option<LognormalFit> {
    let logs: Vec<f64> = values
        .iter()
        .filter(|x| **x > 0.0)
        .map(|x| x.ln())
        .collect();
    let n = logs.len();
    if n < 2 {
        return None;
    }
    let mu = logs.iter().sum::<f64>() / n as f64;
    let s2 = logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / (n - 1) as f64;
    Some(LognormalFit {
        mean_s: (mu + s2 / 2.0).exp(),
        cv: s2.exp_m1().sqrt(),
        n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::random::{DurationDist, Purpose, stream};
    use rand::RngExt;

    #[test]
    fn recovers_known_parameters_from_a_synthetic_stream() {
        // Truth: v = 40 km/h, a = 0.3 m/s², detour 1.3, spread cv 0.35 (σ = 0.34), with the
        // mean-1 factor of the simulation. Distances 0.1–5 km cover both regimes (critical
        // straight-line distance v²/a/k = 0.32 km).
        let (v, a, k, cv) = (40.0, 0.3, 1.3, 0.35);
        let truth = Kolesar::new(v, a, k, 0.0);
        let spread = DurationDist::lognormal(1.0, cv).unwrap();
        let mut rng = stream(11, 0, Purpose::Places);
        let n = 4_000;
        let samples: Vec<TravelSample> = (0..n)
            .map(|_| {
                let d = 0.1 + 4.9 * rng.random::<f64>().powi(2);
                TravelSample {
                    station: 0,
                    site: crate::ground::geo::Point::default(),
                    distance_km: d,
                    travel_s: truth.time_for_km(d) * spread.sample(&mut rng),
                }
            })
            .collect();
        let fit = fit_travel(&samples, k).unwrap();
        // Tolerances: σ from two sample quantiles has a standard error of about
        // (1.71 + 1.25)/√n · σ / z(0.9) = 3.7% of σ for n = 4000; we allow 4 standard
        // errors (15%) on σ, hence ~16% on cv. The curve's log-level is pinned to about
        // 1.25·σ/√n = 0.7%; v (the linear piece) and a (the square-root piece) each rest on
        // part of the sample and inherit the σ error through the mean-1 scaling
        // (c = exp(σ²/2), a scales with c²), so 6% on v and 12% on a.
        let rel = |x: f64, t: f64| (x - t).abs() / t;
        assert!(rel(fit.spread_cv, cv) < 0.16, "cv {}", fit.spread_cv);
        assert!(rel(fit.cruise_kmh, v) < 0.06, "v {}", fit.cruise_kmh);
        assert!(rel(fit.accel_ms2, a) < 0.12, "a {}", fit.accel_ms2);
        assert!(!fit.cruise_at_bound);
    }

    #[test]
    fn recovers_per_class_speed_factors() {
        // Truth: three road classes at median factors 1.6, 1.0 and 0.6 (at speed factor 1),
        // 40 s per trip, off-road legs as given, and a median-1 lognormal factor with
        // σ = 0.3 (so the median model is the truth). A fourth class carries 1% of the road
        // time: too little for a factor of its own, it shares the others'.
        let truth = [1.6, 1.0, 0.6];
        let (start, sigma, n): (f64, f64, usize) = (40.0, 0.3, 3_000);
        let mut rng = stream(12, 0, Purpose::Places);
        // Median 1: mean exp(σ²/2).
        let eps =
            DurationDist::lognormal((sigma * sigma / 2.0).exp(), (sigma * sigma).exp_m1().sqrt())
                .unwrap();
        let trips: Vec<NetworkTrip> = (0..n)
            .map(|_| {
                let mut road: Vec<f64> = (0..3)
                    .map(|_| 200.0 * rng.random::<f64>().powi(2))
                    .collect();
                road.push(2.0 * rng.random::<f64>());
                let off = 20.0 * rng.random::<f64>();
                let model: f64 = road[..3].iter().zip(truth).map(|(r, f)| r / f).sum::<f64>()
                    + road[3] / 1.0
                    + off
                    + start;
                NetworkTrip {
                    observed_s: model * eps.sample(&mut rng),
                    road_s_by_class: road,
                    off_s: off,
                }
            })
            .collect();
        let fit = fit_network(&trips, 15.0, true).unwrap();
        assert_eq!(
            fit.class_factors
                .iter()
                .map(Option::is_some)
                .collect::<Vec<_>>(),
            [true, true, true, false]
        );
        // Tolerance from the sample: least absolute deviations on log times has the
        // asymptotic covariance (π σ²/2) (XᵀX)⁻¹ (density of the log residual at its median
        // 1/(σ√2π)), with X the gradient of the log model in (log f₁, log f₂, log f₃,
        // start) at the truth. Allow 4 standard errors.
        let grad = |t: &NetworkTrip| {
            let m: f64 = t.road_s_by_class[..3]
                .iter()
                .zip(truth)
                .map(|(r, f)| r / f)
                .sum::<f64>()
                + t.road_s_by_class[3]
                + t.off_s
                + start;
            let mut g: Vec<f64> = (0..3)
                .map(|c| -t.road_s_by_class[c] / truth[c] / m)
                .collect();
            g.push(1.0 / m);
            g
        };
        let k = 4;
        let mut xtx = vec![vec![0.0; k]; k];
        for t in &trips {
            let g = grad(t);
            for i in 0..k {
                for j in 0..k {
                    xtx[i][j] += g[i] * g[j];
                }
            }
        }
        let inv = invert(xtx);
        let var = std::f64::consts::PI * sigma * sigma / 2.0;
        for c in 0..3 {
            let se = (var * inv[c][c]).sqrt();
            let err = (fit.median_class_factors[c] / truth[c]).ln();
            assert!(
                err.abs() < 4.0 * se,
                "class {c}: factor {} vs {} (log error {err:.4}, se {se:.4})",
                fit.median_class_factors[c],
                truth[c]
            );
        }
        let se_start = (var * inv[3][3]).sqrt();
        assert!(
            (fit.median_start_s - start).abs() < 4.0 * se_start,
            "start {} (se {se_start})",
            fit.median_start_s
        );
        // Relative factors for the scenario, against the shared one.
        for c in 0..3 {
            let rel = fit.class_factors[c].unwrap();
            assert!((rel * fit.median_speed_factor - fit.median_class_factors[c]).abs() < 1e-9);
        }
    }

    /// Gauss–Jordan inverse of a small symmetric positive definite matrix.
    fn invert(mut a: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
        let k = a.len();
        let mut inv: Vec<Vec<f64>> = (0..k)
            .map(|i| (0..k).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect();
        for i in 0..k {
            let p = a[i][i];
            for j in 0..k {
                a[i][j] /= p;
                inv[i][j] /= p;
            }
            for r in 0..k {
                if r != i {
                    let f = a[r][i];
                    for j in 0..k {
                        a[r][j] -= f * a[i][j];
                        inv[r][j] -= f * inv[i][j];
                    }
                }
            }
        }
        inv
    }

    #[test]
    fn lognormal_fit_recovers_mean_and_cv() {
        let d = DurationDist::lognormal(80.0, 0.4).unwrap();
        let mut rng = stream(5, 0, Purpose::Turnout);
        let xs: Vec<f64> = (0..10_000).map(|_| d.sample(&mut rng)).collect();
        let f = fit_lognormal(&xs).unwrap();
        // Standard error of the mean: 0.4·80/√10000 = 0.32 s; 4 se = 1.3 s.
        assert!((f.mean_s - 80.0).abs() < 1.3, "{}", f.mean_s);
        assert!((f.cv - 0.4).abs() < 0.02, "{}", f.cv);
    }
    /// `n` trips on two road classes at median factors `truth`, 30 s per trip, median-1
    /// lognormal noise σ = 0.2.
    fn two_class_trips(truth: [f64; 2], seed: u64, n: usize) -> Vec<NetworkTrip> {
        let mut rng = stream(seed, 0, Purpose::Places);
        let eps = DurationDist::lognormal((0.02f64).exp(), (0.04f64).exp_m1().sqrt()).unwrap();
        (0..n)
            .map(|_| {
                let road: Vec<f64> = (0..2)
                    .map(|_| 200.0 * rng.random::<f64>().powi(2))
                    .collect();
                let model = road[0] / truth[0] + road[1] / truth[1] + 30.0;
                NetworkTrip {
                    observed_s: model * eps.sample(&mut rng),
                    road_s_by_class: road,
                    off_s: 0.0,
                }
            })
            .collect()
    }

    #[test]
    fn per_class_factors_that_route_choice_does_not_move_are_kept() {
        // Paths that do not depend on the factors (a tree-like network): one re-routing
        // gives the very same trips, so the factors repeat exactly.
        let trips = two_class_trips([1.5, 0.8], 21, 1_000);
        let r = fit_network_routed(|_| trips.clone(), 15.0).unwrap();
        assert!(r.settled());
        assert_eq!(r.changes.len(), 1);
        assert_eq!(r.changes, [0.0]);
        assert!(r.fit().class_factors.iter().all(Option::is_some));
        assert_eq!(
            r.fit().median_class_factors,
            r.per_class.median_class_factors
        );
    }

    #[test]
    fn per_class_factors_that_route_choice_keeps_moving_fall_back_to_one_factor() {
        // Route choice that undoes the fit: routed with class 0 the faster, the trips are
        // those of a city where it is the slower, and the other way round; the per-class
        // fit swings between the two for ever.
        let slow0 = two_class_trips([0.6, 1.6], 22, 1_000);
        let fast0 = two_class_trips([1.6, 0.6], 23, 1_000);
        let trips_at = |route: &[f64]| {
            if route.is_empty() || route[0] > route[1] {
                slow0.clone()
            } else {
                fast0.clone()
            }
        };
        let r = fit_network_routed(trips_at, 15.0).unwrap();
        assert!(!r.settled());
        assert_eq!(r.changes.len(), ROUTE_PASSES);
        assert!(
            r.changes.iter().all(|&c| c > ROUTE_TOLERANCE),
            "{:?}",
            r.changes
        );
        // The fit used: one factor, on the first paths.
        let one = fit_network(&slow0, 15.0, false).unwrap();
        assert!(r.fit().class_factors.iter().all(Option::is_none));
        assert_eq!(r.fit().speed_factor, one.speed_factor);
        assert_eq!(r.fit().start_s, one.start_s);
    }
}
