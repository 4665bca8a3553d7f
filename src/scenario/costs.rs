//! `[costs]` and `[constraints]` as validated: what a rollout's government stations and
//! teams cost, and what the plan allows a rollout to do.

use super::raw::RawByGrade;
use serde::Serialize;

/// An amount per station grade.
pub type ByGrade = RawByGrade;

/// What rollouts cost (every amount in [`Costs::currency`]).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Costs {
    /// The currency label.
    pub currency: String,
    /// One government firefighter for one year, in the horizon's first year.
    pub firefighter_year: f64,
    /// Yearly growth of `firefighter_year`.
    pub firefighter_year_growth: f64,
    /// Recruitment of one recruit.
    pub recruitment_per_recruit: f64,
    /// Induction training of one recruit, beyond their pay.
    pub induction_per_recruit: f64,
    /// A team on temporary premises for a year.
    pub premises_per_year: f64,
    /// Running a station for a year, by grade.
    pub station_running_per_year: ByGrade,
    /// Building a station, by grade, in the year it opens.
    pub station_capital: ByGrade,
    /// Per unit kind (index): buying one vehicle, in the year its station opens.
    pub vehicle_capital: Vec<f64>,
    /// Discount rate for the present value.
    pub discount_rate: f64,
    /// Where the figures come from.
    pub source: Option<String>,
}

/// What a rollout must respect to be feasible.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Constraints {
    /// Every government team with a station of its own at or above its grade minimum at
    /// the end of every year from the year its station opens.
    pub grade_minimums: bool,
    /// At least this many government firefighters employed at the end of the horizon.
    pub end_headcount: Option<u32>,
    /// At most this many recruits in any year.
    pub max_recruits_per_year: Option<u32>,
    /// At most this much in total (undiscounted).
    pub budget_total: Option<f64>,
    /// At most this much in any year.
    pub budget_per_year: Option<f64>,
    /// Where the figures come from.
    pub source: Option<String>,
}

impl Constraints {
    /// Whether any constraint is stated.
    pub fn any(&self) -> bool {
        self.grade_minimums
            || self.end_headcount.is_some()
            || self.max_recruits_per_year.is_some()
            || self.budget_total.is_some()
            || self.budget_per_year.is_some()
    }
}
