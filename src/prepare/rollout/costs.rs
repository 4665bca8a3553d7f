//! What a rollout costs, per calendar year and by item, from its dated headcount and the
//! scenario's `[costs]`: the firefighter-years it pays for, its recruits, its temporary
//! premises, its stations' running costs and the capital of the stations and vehicles it
//! opens within the horizon.
//!
//! Only government stations and teams count: the plan's 100,000 CNY per firefighter-year
//! funds government full-time firefighters (plan ch.3 item 12); a national team is paid
//! from elsewhere and is the same under every rollout. A firefighter is paid from the day
//! they join, so recruits in induction count; a firefighter-year is a year's employment
//! (a day is 1/365 or 1/366 of its calendar year). Running costs are flat over the years,
//! pay grows by `firefighter_year_growth` a year from the horizon's first year, capital is
//! paid in the year a station opens, and every amount of year `y` is discounted by
//! `(1 + discount_rate)^-(y - first year)` in the present value.

use crate::ground::engine::SimTime;
use crate::scenario::{Costs, Rollout, Scenario};
use serde::Serialize;

/// One calendar year of a rollout's costs (amounts in the scenario's currency).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct YearCost {
    /// Calendar year (0 in a total).
    pub year: i32,
    /// Government firefighters employed (on station and in induction), in years.
    pub firefighter_years: f64,
    /// Government firefighters employed at the end of the year.
    pub employed_end: u32,
    /// Recruits who joined in the year.
    pub recruits: u32,
    /// Pay: firefighter-years × the year's cost of a firefighter-year.
    pub personnel: f64,
    /// Recruitment and induction of the year's recruits.
    pub recruitment: f64,
    /// Teams on temporary premises.
    pub premises: f64,
    /// Running the open stations.
    pub running: f64,
    /// Stations and vehicles opened in the year.
    pub capital: f64,
    /// Sum of the items.
    pub total: f64,
    /// `total` discounted to the first year.
    pub present_value: f64,
}

/// A rollout's costs: per year, and over the horizon.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RolloutCosts {
    /// Rollout name.
    pub rollout: String,
    /// The currency of every amount.
    pub currency: String,
    /// Per calendar year of the horizon.
    pub years: Vec<YearCost>,
    /// The sums over the horizon (`employed_end`: at the end of the horizon).
    pub total: YearCost,
}

/// The instants in `[from, to)` where `value` may change, and `from`: the headcount steps
/// of `stations`, the intakes' joining and on-duty days, and `extra` (station openings).
fn breakpoints(
    rollout: &Rollout,
    stations: &[usize],
    extra: &[SimTime],
    from: SimTime,
    to: SimTime,
) -> Vec<SimTime> {
    let mut at = vec![from];
    for &s in stations {
        at.extend(rollout.headcount[s].iter().map(|&(t, _)| t));
    }
    if let Some(schedule) = &rollout.schedule {
        for i in &schedule.intakes {
            at.extend([i.joins, i.on_duty]);
        }
    }
    at.extend_from_slice(extra);
    at.retain(|&t| from <= t && t < to);
    at.sort();
    at.dedup();
    at
}

/// The integral of a step function over `[from, to)` whose steps are at `at` (sorted,
/// starting at `from`), in milliseconds × value.
fn integral(at: &[SimTime], to: SimTime, value: impl Fn(SimTime) -> f64) -> f64 {
    at.iter()
        .enumerate()
        .map(|(k, &a)| {
            let b = at.get(k + 1).copied().unwrap_or(to);
            value(a) * (b.0 - a.0) as f64
        })
        .sum()
}

/// Recruits in induction at `t` (a table rollout has no intakes: 0).
pub fn in_induction(rollout: &Rollout, t: SimTime) -> u32 {
    rollout.schedule.as_ref().map_or(0, |s| {
        s.intakes
            .iter()
            .filter(|i| i.joins <= t && t < i.on_duty)
            .map(|i| i.recruits)
            .sum()
    })
}

/// Government firefighters employed at `t`: on government stations plus in induction.
pub fn employed(scenario: &Scenario, rollout: &Rollout, t: SimTime) -> u32 {
    (0..scenario.stations.len())
        .filter(|&s| scenario.stations[s].government)
        .map(|s| rollout.headcount_at(s, t))
        .sum::<u32>()
        + in_induction(rollout, t)
}

/// Recruits joining in `[from, to)`: a schedule's intakes; for a table (which states
/// headcount, not intakes), the rises of the government headcount.
pub fn recruits(scenario: &Scenario, rollout: &Rollout, from: SimTime, to: SimTime) -> u32 {
    if let Some(schedule) = &rollout.schedule {
        return schedule
            .intakes
            .iter()
            .filter(|i| from <= i.joins && i.joins < to)
            .map(|i| i.recruits)
            .sum();
    }
    let gov: Vec<usize> = (0..scenario.stations.len())
        .filter(|&s| scenario.stations[s].government)
        .collect();
    let mut steps = breakpoints(rollout, &gov, &[], from, to);
    steps.retain(|&t| t > from || from > SimTime::ZERO);
    steps
        .iter()
        .map(|&t| {
            let before = SimTime(t.0 - 1);
            let now = employed(scenario, rollout, t);
            let then = if t.0 > 0 {
                employed(scenario, rollout, before)
            } else {
                now
            };
            now.saturating_sub(then)
        })
        .sum()
}

/// Government firefighter-years employed in `[from, to)` of a year spanning `year_ms`.
pub fn firefighter_years(
    scenario: &Scenario,
    rollout: &Rollout,
    from: SimTime,
    to: SimTime,
    year_ms: f64,
) -> f64 {
    let gov: Vec<usize> = (0..scenario.stations.len())
        .filter(|&s| scenario.stations[s].government)
        .collect();
    let at = breakpoints(rollout, &gov, &[], from, to);
    integral(&at, to, |t| employed(scenario, rollout, t) as f64) / year_ms
}

/// Milliseconds in calendar year `year` (its full length, not only the simulated part).
fn year_length_ms(year: i32) -> f64 {
    let days = if chrono::NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366.0
    } else {
        365.0
    };
    days * 86_400_000.0
}

/// One calendar year's costs.
fn year_cost(scenario: &Scenario, rollout: &Rollout, c: &Costs, year: i32, y0: i32) -> YearCost {
    let (from, to) = scenario.calendar.year_span(year);
    let year_ms = year_length_ms(year);
    let gov: Vec<usize> = (0..scenario.stations.len())
        .filter(|&s| scenario.stations[s].government)
        .collect();
    let ffy = firefighter_years(scenario, rollout, from, to, year_ms);
    let recruits = recruits(scenario, rollout, from, to);
    let pay = c.firefighter_year * (1.0 + c.firefighter_year_growth).powi(year - y0);
    let mut premises_ms = 0.0;
    let mut running = 0.0;
    let mut capital = 0.0;
    for &s in &gov {
        let st = &scenario.stations[s];
        let opens = rollout.opens_at[s];
        let own_team = rollout.covered_by[s].is_none();
        if own_team && rollout.temporary_units[s] > 0 {
            let at = breakpoints(rollout, &[s], &[opens], from, to);
            premises_ms += integral(&at, to, |t| {
                (t < opens && rollout.headcount_at(s, t) > 0) as u8 as f64
            });
        }
        let open_ms = (to.0 - opens.0.clamp(from.0, to.0)) as f64;
        running += c.station_running_per_year.of(st.grade) * open_ms / year_ms;
        if opens > SimTime::ZERO && from <= opens && opens < to {
            capital += c.station_capital.of(st.grade);
            capital += scenario
                .units
                .iter()
                .filter(|u| u.station == s && !u.premises)
                .map(|u| c.vehicle_capital[u.kind])
                .sum::<f64>();
        }
    }
    let personnel = ffy * pay;
    let recruitment = recruits as f64 * (c.recruitment_per_recruit + c.induction_per_recruit);
    let premises = c.premises_per_year * premises_ms / year_ms;
    let total = personnel + recruitment + premises + running + capital;
    YearCost {
        year,
        firefighter_years: ffy,
        employed_end: employed(scenario, rollout, SimTime(to.0 - 1)),
        recruits,
        personnel,
        recruitment,
        premises,
        running,
        capital,
        total,
        present_value: total / (1.0 + c.discount_rate).powi(year - y0),
    }
}

/// A prepared rollout's costs (`None` when the scenario has no `[costs]`).
pub fn costs(scenario: &Scenario, rollout: &Rollout) -> Option<RolloutCosts> {
    let c = scenario.costs.as_ref()?;
    let years = scenario.calendar.years();
    let y0 = *years.first()?;
    let per_year: Vec<YearCost> = years
        .iter()
        .filter(|&&y| {
            let (from, to) = scenario.calendar.year_span(y);
            to > from
        })
        .map(|&y| year_cost(scenario, rollout, c, y, y0))
        .collect();
    let mut total = YearCost::default();
    for y in &per_year {
        total.firefighter_years += y.firefighter_years;
        total.recruits += y.recruits;
        total.personnel += y.personnel;
        total.recruitment += y.recruitment;
        total.premises += y.premises;
        total.running += y.running;
        total.capital += y.capital;
        total.total += y.total;
        total.present_value += y.present_value;
    }
    total.employed_end = per_year.last().map_or(0, |y| y.employed_end);
    Some(RolloutCosts {
        rollout: rollout.name.clone(),
        currency: c.currency.clone(),
        years: per_year,
        total,
    })
}
