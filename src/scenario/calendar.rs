//! The simulated calendar: the horizon's days, and simulation time to dates, months and
//! years.

use crate::ground::engine::SimTime;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The simulated calendar: a first and last day, days counted from the first.
#[derive(Clone, Debug, Serialize)]
pub struct Calendar {
    /// First simulated day (00:00 local time).
    pub start: NaiveDate,
    /// Last simulated day (inclusive).
    pub end: NaiveDate,
    /// Month (0–11) of each simulated day.
    #[serde(skip)]
    month_of_day: Vec<u8>,
}

impl Calendar {
    pub(super) fn new(start: NaiveDate, end: NaiveDate) -> Calendar {
        let month_of_day = start
            .iter_days()
            .take_while(|d| *d <= end)
            .map(|d| d.month0() as u8)
            .collect();
        Calendar {
            start,
            end,
            month_of_day,
        }
    }

    /// Number of simulated days.
    pub fn days(&self) -> i64 {
        self.month_of_day.len() as i64
    }

    /// The end of the horizon (midnight after the last day).
    pub fn horizon_end(&self) -> SimTime {
        SimTime::from_days(self.days())
    }

    /// Simulation time of 00:00 on `date` (may be before zero or after the horizon).
    pub fn time_of(&self, date: NaiveDate) -> SimTime {
        SimTime::from_days((date - self.start).num_days())
    }

    /// The date a simulation time falls on.
    pub fn date_of(&self, t: SimTime) -> NaiveDate {
        self.start + chrono::Days::new(t.day_index().max(0) as u64)
    }

    /// Calendar year of a simulation time.
    pub fn year_of(&self, t: SimTime) -> i32 {
        self.date_of(t).year()
    }

    /// Month (0–11) of a simulation time inside the horizon.
    pub fn month0_of(&self, t: SimTime) -> usize {
        let d = t.day_index().clamp(0, self.days() - 1) as usize;
        self.month_of_day[d] as usize
    }

    /// The calendar years the horizon touches, in order.
    pub fn years(&self) -> Vec<i32> {
        (self.start.year()..=self.end.year()).collect()
    }

    /// Simulated span of `year` inside the horizon, as `[from, to)`.
    pub fn year_span(&self, year: i32) -> (SimTime, SimTime) {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).map_or(self.start, |d| d.max(self.start));
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(self.end, |d| d);
        let to = self.time_of(next).min(self.horizon_end());
        (self.time_of(first).max(SimTime::ZERO), to)
    }
}
