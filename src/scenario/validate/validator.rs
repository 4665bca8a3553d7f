//! The [`Validator`] every section's checks report to (problems and warnings, each with
//! its field and the check's source line), the checks shared by sections (dates,
//! durations, coordinates, profiles), and the bounds they share.

use super::super::raw::RawDuration;
use super::super::{BadRow, Issue};
use crate::ground::geo::{LatLon, Point};
use crate::ground::random::DurationDist;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Incident-type shares must sum to 1 within this: shares written to two decimals sum
/// to 1 within a few thousandths; more is a mistake, not rounding [estimate].
pub const SHARE_SUM_TOLERANCE: f64 = 0.01;

/// Hour and month factors must average 1 within this: a 24-hour profile written to two
/// decimals by eye (Dafeng's averages 0.985) is fine; a factor typed ten times too large
/// is not [estimate].
pub const PROFILE_MEAN_TOLERANCE: f64 = 0.02;

/// A sum shown with as many decimals as it takes to see that it is not 1 (0.70, 0.995).
pub(super) fn sum_text(x: f64) -> String {
    (2..=6)
        .map(|d| format!("{x:.d$}"))
        .find(|t| t.parse::<f64>().is_ok_and(|v| v != 1.0))
        .unwrap_or_else(|| format!("{x}"))
}

/// The most units one entry of a response plan may ask for, and the most firefighters a
/// unit's crew or a plan's `min_firefighters` may count. [estimate] The largest real
/// assignments (a fifth alarm) are tens of units and a few hundred firefighters; these
/// bounds are ten times that, and keep each dispatch's list of units small (a plan of
/// 4,000,000,000 engines was accepted and filled 16 GB per dispatch before it was killed).
pub const MAX_PLAN_UNITS: u32 = 1_000;
/// See [`MAX_PLAN_UNITS`].
pub const MAX_FIREFIGHTERS: u32 = 10_000;

/// A physical quantity's bounds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Range {
    /// What the value is, for messages ("a speed", "a crew").
    pub what: &'static str,
    /// Its unit as the scenario writes it ("km/h"; "" for a plain number).
    pub unit: &'static str,
    /// The least possible value; with `above`, the value must exceed it.
    pub min: f64,
    /// Whether `min` itself is impossible (speeds > 0) or possible (durations ≥ 0).
    pub above: bool,
    /// The greatest possible value.
    pub max: f64,
    /// Inside these (inclusive) a value draws no warning.
    pub plausible: (f64, f64),
    /// Where the plausible bounds come from, shown with the warning.
    pub source: &'static str,
}

impl Range {
    fn possible(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.above {
                v > self.min
            } else {
                v >= self.min
            })
            && v <= self.max
    }
}

impl Validator {
    /// Check `value` of `field` against `range`: an error outside the possible (a value
    /// that is not a finite number is never possible), a warning outside the plausible.
    /// True when the value is possible.
    #[track_caller]
    pub(super) fn range(&mut self, field: impl Into<String>, value: f64, range: &Range) -> bool {
        let unit = |v: f64| match range.unit {
            "" => format!("{v}"),
            u => format!("{v} {u}"),
        };
        if !range.possible(value) {
            let op = if range.above { ">" } else { ">=" };
            self.issue(
                field,
                format!(
                    "must be {} {op} {} and <= {} (a finite number), found {value}",
                    range.what,
                    range.min,
                    unit(range.max),
                ),
            );
            return false;
        }
        let (low, high) = range.plausible;
        if !(low..=high).contains(&value) {
            self.warn(
                field,
                format!(
                    "{} is outside the plausible {} of {} to {} ({}): check it",
                    unit(value),
                    range
                        .what
                        .trim_start_matches("a ")
                        .trim_start_matches("an "),
                    low,
                    unit(high),
                    range.source,
                ),
            );
        }
        true
    }
}

/// Collects every problem and warning while a scenario is checked, and reads the files
/// it names relative to `dir`.
pub(super) struct Validator {
    pub(super) issues: Vec<Issue>,
    pub(super) warnings: Vec<Issue>,
    pub(super) dir: PathBuf,
    pub(super) bad: Vec<(PathBuf, Vec<BadRow>)>,
    /// Per station (in the canonical order, by id): its position in the file.
    pub(super) station_pos: Vec<usize>,
    /// Per zone (in the canonical order, by name): its position in the file.
    pub(super) zone_pos: Vec<usize>,
}

/// Sort `items` by `key` (stable: equal keys keep their file order, and are an error
/// elsewhere) and return, per sorted item, its position in the file.
pub(super) fn canonical_order<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) -> Vec<usize> {
    let mut indexed: Vec<(usize, T)> = std::mem::take(items).into_iter().enumerate().collect();
    indexed.sort_by(|a, b| key(&a.1).cmp(key(&b.1)));
    let (pos, sorted): (Vec<usize>, Vec<T>) = indexed.into_iter().unzip();
    *items = sorted;
    pos
}

impl Validator {
    /// Where station `i` (canonical order) stands in the file, for field paths.
    pub(super) fn station_at(&self, i: usize) -> usize {
        self.station_pos.get(i).copied().unwrap_or(i)
    }

    /// Where zone `i` (canonical order) stands in the file, for field paths.
    pub(super) fn zone_at(&self, i: usize) -> usize {
        self.zone_pos.get(i).copied().unwrap_or(i)
    }

    /// Record a problem; the issue remembers the caller's line (one check, one line).
    #[track_caller]
    pub(super) fn issue(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::new(field, message));
    }

    /// Record a warning: the scenario runs, but not quite as written.
    #[track_caller]
    pub(super) fn warn(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Issue::new(field, message));
    }

    /// Check `ok`, recording `message` against `field` when it fails.
    #[track_caller]
    pub(super) fn check(
        &mut self,
        ok: bool,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> bool {
        if !ok {
            self.issue(field, message);
        }
        ok
    }

    pub(super) fn date(&mut self, d: &toml::value::Datetime, field: String) -> Option<NaiveDate> {
        match (d.date, d.time) {
            (Some(date), None) => {
                let nd =
                    NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32);
                if nd.is_none() {
                    self.issue(field, format!("{d} is not a calendar date"));
                }
                nd
            }
            _ => {
                self.issue(field, format!("expected a date like 2021-01-01, found {d}"));
                None
            }
        }
    }

    /// A duration distribution, its mean (for a uniform: its maximum) held to `range`.
    pub(super) fn duration(
        &mut self,
        d: &RawDuration,
        field: &str,
        range: &Range,
    ) -> Option<DurationDist> {
        let dist = self.duration_dist(d, field)?;
        let (key, mean) = match *d {
            RawDuration::Fixed { value_s } => ("value_s", value_s),
            RawDuration::Exponential { mean_s } | RawDuration::Lognormal { mean_s, .. } => {
                ("mean_s", mean_s)
            }
            RawDuration::Uniform { max_s, .. } => ("max_s", max_s),
        };
        self.range(format!("{field}.{key}"), mean, range)
            .then_some(dist)
    }

    fn duration_dist(&mut self, d: &RawDuration, field: &str) -> Option<DurationDist> {
        let bad = |v: f64| !v.is_finite() || v < 0.0;
        match *d {
            RawDuration::Fixed { value_s } => self
                .check(
                    !bad(value_s),
                    format!("{field}.value_s"),
                    "must be a finite number >= 0",
                )
                .then(|| DurationDist::fixed(value_s)),
            RawDuration::Exponential { mean_s } => {
                let d = DurationDist::exponential(mean_s).filter(|_| mean_s.is_finite());
                self.check(
                    d.is_some(),
                    format!("{field}.mean_s"),
                    "must be a finite number > 0",
                );
                d
            }
            RawDuration::Lognormal { mean_s, cv } => {
                self.check(
                    mean_s.is_finite() && mean_s > 0.0,
                    format!("{field}.mean_s"),
                    "must be a finite number > 0",
                );
                self.check(
                    !bad(cv),
                    format!("{field}.cv"),
                    "must be a finite number >= 0",
                );
                DurationDist::lognormal(mean_s, cv)
            }
            RawDuration::Uniform { min_s, max_s } => self
                .check(
                    !bad(min_s) && !bad(max_s) && min_s <= max_s,
                    field.to_string(),
                    "needs 0 <= min_s <= max_s",
                )
                .then_some(DurationDist::Uniform { min_s, max_s }),
        }
    }

    pub(super) fn latlon(&mut self, lat: f64, lon: f64, field: &str) -> LatLon {
        self.check(
            (-90.0..=90.0).contains(&lat),
            format!("{field}.lat"),
            format!("{lat} is not a latitude in degrees"),
        );
        self.check(
            (-180.0..=180.0).contains(&lon),
            format!("{field}.lon"),
            format!("{lon} is not a longitude in degrees"),
        );
        LatLon { lat, lon }
    }

    /// How far `location` (projected: `pos`) lies from the scenario's origin, held to
    /// `range` when it is a place on Earth (else [`Self::latlon`] has said so).
    #[track_caller]
    pub(super) fn off_origin(&mut self, field: &str, location: LatLon, pos: Point, range: &Range) {
        if (-90.0..=90.0).contains(&location.lat) && (-180.0..=180.0).contains(&location.lon) {
            self.range(field, pos.distance_km(Point::default()), range);
        }
    }

    /// A profile of `N` non-negative factors, normalised to a weighted mean of 1 (weights:
    /// the length of each period, e.g. days per month).
    pub(super) fn profile<const N: usize>(
        &mut self,
        p: &Option<Vec<f64>>,
        field: &str,
        lengths: [f64; N],
    ) -> [f64; N] {
        let mut out = [1.0; N];
        if let Some(p) = p {
            if !self.check(
                p.len() == N,
                field,
                format!("needs {N} numbers, found {}", p.len()),
            ) {
                return out;
            }
            if !self.check(
                p.iter().all(|x| x.is_finite() && *x >= 0.0) && p.iter().sum::<f64>() > 0.0,
                field,
                "factors must be >= 0 and not all zero",
            ) {
                return out;
            }
            let mean = p.iter().zip(&lengths).map(|(x, l)| x * l).sum::<f64>()
                / lengths.iter().sum::<f64>();
            if (mean - 1.0).abs() > PROFILE_MEAN_TOLERANCE {
                self.warn(
                    field,
                    format!(
                        "factors average {} (weighted by period length), normalised to 1",
                        sum_text(mean)
                    ),
                );
            }
            for (o, x) in out.iter_mut().zip(p) {
                *o = x / mean;
            }
        }
        out
    }
}
