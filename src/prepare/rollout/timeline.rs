//! A rollout per station and calendar year (end of year and year average) and the plan's
//! own checks, for `firesim rollout` and rollout.csv.
//!
//! "End of year" is the last instant of the year inside the horizon; "mean" is the
//! time-weighted average over the year's simulated days. Two aggregate rows per year:
//! `government` (the government stations, what the plan counts) and `district` (every
//! station, what the simulation dispatches).

use super::Flow;
use crate::ground::engine::SimTime;
use crate::prepare::staffing;
use crate::scenario::{Rollout, Scenario};
use chrono::NaiveDate;
use serde::Serialize;

/// One row of rollout.csv: a station (or an aggregate) in one year.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    /// Rollout name.
    pub rollout: String,
    /// Station id, or `government` / `district` for the aggregates.
    pub station: String,
    /// Calendar year.
    pub year: i32,
    /// Firefighters on station (after induction) at the end of the year.
    pub headcount_end: u32,
    /// Time-weighted mean headcount over the year.
    pub headcount_mean: f64,
    /// Firefighters on duty at the end of the year.
    pub on_duty_end: u32,
    /// Time-weighted mean on duty.
    pub on_duty_mean: f64,
    /// Crewed units at the end of the year.
    pub crewed_units_end: u32,
    /// Time-weighted mean crewed units.
    pub crewed_units_mean: f64,
    /// The station's grade minimum (stations only; empty for a team covered by another).
    pub grade_minimum: Option<u32>,
    /// Recruits who went on duty there in the year (schedules only).
    pub joined: Option<u32>,
    /// Firefighters who left in the year (schedules only).
    pub left: Option<u32>,
    /// Recruits still in induction at the end of the year (aggregates of schedules only).
    pub in_induction_end: Option<u32>,
    /// Teams below their grade minimum at the end of the year (`government` row only).
    pub below_minimum: Option<u32>,
    /// Government firefighters employed (on station and in induction), in years
    /// (`government` row, with `[costs]`).
    pub firefighter_years: Option<f64>,
    /// Pay (`government` row, with `[costs]`; amounts in the scenario's currency).
    pub cost_personnel: Option<f64>,
    /// Recruitment and induction.
    pub cost_recruitment: Option<f64>,
    /// Temporary premises.
    pub cost_premises: Option<f64>,
    /// Running the open stations.
    pub cost_running: Option<f64>,
    /// Stations and vehicles opened.
    pub cost_capital: Option<f64>,
    /// The year's total.
    pub cost_total: Option<f64>,
}

/// A team below its grade minimum.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BelowMinimum {
    /// Station id.
    pub station: String,
    /// Its headcount.
    pub headcount: u32,
    /// Its grade minimum.
    pub minimum: u32,
}

/// The plan's checks at the end of the horizon.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Checks {
    /// The last day of the horizon.
    pub at: NaiveDate,
    /// Government firefighters employed (on station plus in induction).
    pub government_firefighters: u32,
    /// The plan's target, if the scenario states one.
    pub target_government_firefighters: Option<u32>,
    /// Government stations with a team of their own below their grade minimum.
    pub below_minimum: Vec<BelowMinimum>,
    /// Residents (zones whose weight is population).
    pub population: f64,
    /// Government firefighters per 1,000 residents.
    pub per_1000_residents: f64,
    /// The plan's target, if stated.
    pub target_per_1000_residents: Option<f64>,
}

impl Checks {
    /// Whether every stated target is met and no team is below its minimum.
    pub fn all_met(&self) -> bool {
        self.target_government_firefighters
            .is_none_or(|t| self.government_firefighters >= t)
            && self
                .target_per_1000_residents
                .is_none_or(|t| self.per_1000_residents >= t)
            && self.below_minimum.is_empty()
    }
}

/// A rollout summarised per station and year, with its checks and warnings.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    /// Rollout name.
    pub rollout: String,
    /// Per station and year, then the aggregates per year.
    pub rows: Vec<Row>,
    /// The plan's checks.
    pub checks: Checks,
    /// Its costs per year (`None` without `[costs]`).
    pub costs: Option<super::costs::RolloutCosts>,
    /// Where it breaks `[constraints]` (empty: feasible).
    pub violations: Vec<super::constraints::Violation>,
}

/// Recruits in induction at `t` (`None` for a table, which states no intakes).
fn in_induction(rollout: &Rollout, t: SimTime) -> Option<u32> {
    rollout
        .schedule
        .as_ref()
        .map(|_| super::costs::in_induction(rollout, t))
}

/// Summarise `rollout` per station and calendar year.
pub fn timeline(scenario: &Scenario, rollout: &Rollout) -> Timeline {
    let cal = &scenario.calendar;
    let n = scenario.stations.len();
    let has_team = |s: usize| rollout.covered_by[s].is_none();
    let minimum = |s: usize| scenario.grade_minimums.of(scenario.stations[s].grade);
    let flows_in = |s: Option<usize>, from: SimTime, to: SimTime| -> (u32, u32) {
        rollout
            .flows
            .iter()
            .filter(|f: &&Flow| s.is_none_or(|s| f.station == s) && from <= f.at && f.at < to)
            .filter(|f| s.is_some() || scenario.stations[f.station].government)
            .fold((0, 0), |(j, l), f| (j + f.joined, l + f.left))
    };
    let is_schedule = rollout.schedule.is_some();
    let costs = super::costs::costs(scenario, rollout);
    let mut rows = vec![];
    let mut aggregates = vec![];
    for year in cal.years() {
        let (from, to) = cal.year_span(year);
        if to <= from {
            continue;
        }
        let last = SimTime(to.0 - 1);
        let mut gov = Row::empty(&rollout.name, "government", year);
        let mut all = Row::empty(&rollout.name, "district", year);
        let mut below = 0;
        for s in 0..n {
            let st = &scenario.stations[s];
            let (h_mean, d_mean, c_mean) = means(scenario, rollout, s, from, to);
            let h_end = rollout.headcount_at(s, last);
            let row = Row {
                rollout: rollout.name.clone(),
                station: st.id.clone(),
                year,
                headcount_end: h_end,
                headcount_mean: h_mean,
                on_duty_end: staffing::on_duty(rollout, s, last),
                on_duty_mean: d_mean,
                crewed_units_end: staffing::crewed_units(scenario, rollout, s, last).len() as u32,
                crewed_units_mean: c_mean,
                grade_minimum: has_team(s).then(|| minimum(s)),
                joined: is_schedule.then(|| flows_in(Some(s), from, to).0),
                left: is_schedule.then(|| flows_in(Some(s), from, to).1),
                in_induction_end: None,
                below_minimum: None,
                ..Row::empty(&rollout.name, &st.id, year)
            };
            if st.government && has_team(s) && h_end < minimum(s) {
                below += 1;
            }
            if st.government {
                gov.add(&row);
            }
            all.add(&row);
            rows.push(row);
        }
        if let Some(y) = costs
            .as_ref()
            .and_then(|k| k.years.iter().find(|y| y.year == year))
        {
            gov.firefighter_years = Some(y.firefighter_years);
            gov.cost_personnel = Some(y.personnel);
            gov.cost_recruitment = Some(y.recruitment);
            gov.cost_premises = Some(y.premises);
            gov.cost_running = Some(y.running);
            gov.cost_capital = Some(y.capital);
            gov.cost_total = Some(y.total);
        }
        let (j, l) = flows_in(None, from, to);
        gov.joined = is_schedule.then_some(j);
        gov.left = is_schedule.then_some(l);
        gov.in_induction_end = in_induction(rollout, last);
        gov.below_minimum = Some(below);
        all.in_induction_end = in_induction(rollout, last);
        aggregates.push(gov);
        aggregates.push(all);
    }
    rows.extend(aggregates);

    let end = SimTime(cal.horizon_end().0 - 1);
    let employed = super::costs::employed(scenario, rollout, end);
    let population = scenario.population();
    let checks = Checks {
        at: cal.end,
        government_firefighters: employed,
        target_government_firefighters: scenario.targets.government_firefighters,
        below_minimum: (0..n)
            .filter(|&s| scenario.stations[s].government && has_team(s))
            .filter(|&s| rollout.headcount_at(s, end) < minimum(s))
            .map(|s| BelowMinimum {
                station: scenario.stations[s].id.clone(),
                headcount: rollout.headcount_at(s, end),
                minimum: minimum(s),
            })
            .collect(),
        population,
        per_1000_residents: if population > 0.0 {
            employed as f64 / population * 1000.0
        } else {
            0.0
        },
        target_per_1000_residents: scenario.targets.per_1000_residents,
    };
    Timeline {
        rollout: rollout.name.clone(),
        rows,
        checks,
        violations: super::constraints::violations(scenario, rollout, costs.as_ref()),
        costs,
    }
}

impl Row {
    fn empty(rollout: &str, station: &str, year: i32) -> Row {
        Row {
            rollout: rollout.to_string(),
            station: station.to_string(),
            year,
            headcount_end: 0,
            headcount_mean: 0.0,
            on_duty_end: 0,
            on_duty_mean: 0.0,
            crewed_units_end: 0,
            crewed_units_mean: 0.0,
            grade_minimum: None,
            joined: None,
            left: None,
            in_induction_end: None,
            below_minimum: None,
            firefighter_years: None,
            cost_personnel: None,
            cost_recruitment: None,
            cost_premises: None,
            cost_running: None,
            cost_capital: None,
            cost_total: None,
        }
    }

    fn add(&mut self, r: &Row) {
        self.headcount_end += r.headcount_end;
        self.headcount_mean += r.headcount_mean;
        self.on_duty_end += r.on_duty_end;
        self.on_duty_mean += r.on_duty_mean;
        self.crewed_units_end += r.crewed_units_end;
        self.crewed_units_mean += r.crewed_units_mean;
    }
}

/// Time-weighted means of headcount, on duty and crewed units of station `s` over
/// `[from, to)`.
fn means(
    scenario: &Scenario,
    rollout: &Rollout,
    s: usize,
    from: SimTime,
    to: SimTime,
) -> (f64, f64, f64) {
    let mut cuts: Vec<SimTime> = vec![from, to];
    cuts.extend(rollout.headcount[s].iter().map(|&(t, _)| t));
    cuts.push(rollout.opens_at[s]);
    cuts.retain(|&t| from <= t && t <= to);
    cuts.sort();
    cuts.dedup();
    let span = (to.0 - from.0) as f64;
    let (mut h, mut d, mut c) = (0.0, 0.0, 0.0);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let f = (b.0 - a.0) as f64 / span;
        h += f * rollout.headcount_at(s, a) as f64;
        d += f * staffing::on_duty(rollout, s, a) as f64;
        c += f * staffing::crewed_units(scenario, rollout, s, a).len() as f64;
    }
    (h, d, c)
}
