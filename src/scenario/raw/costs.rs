//! `[costs]` and `[constraints]` as written: what a rollout costs, and what the plan allows.

use super::stations::Grade;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An amount per station grade (CNY), 0 where absent.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawByGrade {
    #[serde(default)]
    pub special_duty: f64,
    #[serde(default)]
    pub first_class: f64,
    #[serde(default)]
    pub provincial_first: f64,
    #[serde(default)]
    pub provincial_second: f64,
    #[serde(default)]
    pub other: f64,
}

impl RawByGrade {
    /// The amount for `grade`.
    pub fn of(&self, grade: Grade) -> f64 {
        match grade {
            Grade::SpecialDuty => self.special_duty,
            Grade::FirstClass => self.first_class,
            Grade::ProvincialFirst => self.provincial_first,
            Grade::ProvincialSecond => self.provincial_second,
            Grade::Other => self.other,
        }
    }

    /// Every amount with its key, for validation.
    pub fn entries(&self) -> [(&'static str, f64); 5] {
        [
            ("special_duty", self.special_duty),
            ("first_class", self.first_class),
            ("provincial_first", self.provincial_first),
            ("provincial_second", self.provincial_second),
            ("other", self.other),
        ]
    }
}

/// `[costs]`: every amount in the scenario's currency (CNY for Dafeng), per year or per
/// recruit as named; what a rollout pays for its government stations and teams.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    /// The currency the amounts are in (a label for reports).
    #[serde(default = "cny")]
    pub currency: String,
    /// Pay and on-costs of one government firefighter for one year, in the first year of
    /// the horizon (recruits in induction are paid too).
    pub firefighter_year: f64,
    /// Yearly growth of `firefighter_year` (0.05: 5% a year).
    #[serde(default)]
    pub firefighter_year_growth: f64,
    /// Recruitment of one recruit (advertising, selection, medical, kit).
    #[serde(default)]
    pub recruitment_per_recruit: f64,
    /// Induction training of one recruit, beyond their pay.
    #[serde(default)]
    pub induction_per_recruit: f64,
    /// A team on temporary premises for a year (rent, adaptation, running).
    #[serde(default)]
    pub premises_per_year: f64,
    /// Running a station for a year (utilities, maintenance, fuel, consumables), by grade.
    #[serde(default)]
    pub station_running_per_year: RawByGrade,
    /// Building a station, by grade, paid in the year it opens (stations open before the
    /// horizon cost nothing here).
    #[serde(default)]
    pub station_capital: RawByGrade,
    /// Buying a vehicle, by unit kind, paid in the year its station opens.
    #[serde(default)]
    pub vehicle_capital: BTreeMap<String, f64>,
    /// Discount rate for the present value (0: none).
    #[serde(default)]
    pub discount_rate: f64,
    /// Where the figures come from.
    #[serde(default)]
    pub source: Option<String>,
}

fn cny() -> String {
    "CNY".to_string()
}

/// `[constraints]`: what a rollout must respect to be feasible.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawConstraints {
    /// Every government team with its own station at or above its grade minimum
    /// (`[staffing.grade_minimums]`) at the end of every year from the year its station
    /// opens.
    #[serde(default)]
    pub grade_minimums: bool,
    /// At least this many government firefighters employed at the end of the horizon.
    #[serde(default)]
    pub end_headcount: Option<u32>,
    /// At most this many recruits in any year (training capacity).
    #[serde(default)]
    pub max_recruits_per_year: Option<u32>,
    /// At most this much in total over the horizon (undiscounted).
    #[serde(default)]
    pub budget_total: Option<f64>,
    /// At most this much in any year.
    #[serde(default)]
    pub budget_per_year: Option<f64>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: Option<String>,
}
