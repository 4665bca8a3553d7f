//! Rollouts as schedules: from recruits, induction, attrition and an allocation policy to the
//! dated headcount per station that the simulation plays against, and the plan's checks.
//!
//! A `schedule` rollout ([`Schedule`]) states the plan the way planners do: recruits per
//! intake, an induction period before they go on duty, an annual attrition rate, who starts
//! where, and a policy ([`crate::scenario::AllocationPolicy`]) for which team each recruit
//! joins. [`derive`] walks the horizon in date order (departures before arrivals on the same
//! day) and writes the result as the same headcount steps a literal `table` rollout gives,
//! so the model never knows which kind it plays. [`timeline`] then summarises any rollout
//! per station and year, with the plan's checks.
//!
//! Rules, each a reading to keep in mind:
//! - Recruits count in a station's headcount from the day their induction ends; before
//!   that they are "in induction" (employed, never on duty).
//! - Attrition touches government teams only (not fixed teams such as the national team)
//!   and only firefighters on station, not recruits in induction.
//! - `expected` attrition: on each 1 January inside the horizon, `round(H · r)` leave, `H`
//!   the teams' total and `r` the rate (prorated for a partial first year); the departures
//!   are shared by largest remainder in proportion to headcount, ties to the earlier
//!   station. `drawn`: each firefighter gets an exponential time to leaving (the chance of
//!   leaving within a year is the rate) from the staffing stream of the run's seed
//!   (`--seed`, default the scenario's), replication 0, drawn in date order; one timeline
//!   for all replications.
//!
//! This module computes; it reads and writes nothing.

mod allocate;
mod areas;
pub mod constraints;
pub mod costs;
mod roles;
mod timeline;

pub use areas::{DemandPoint, demand_points, first_due_demand};
pub use constraints::{Violation, violations};
pub use costs::{RolloutCosts, YearCost, costs};
pub(crate) use roles::{Role, roles};
pub use timeline::{BelowMinimum, Checks, Row, Timeline, timeline};

use crate::ground::engine::SimTime;
use crate::ground::random::{Purpose, StreamRng, stream};
pub use crate::scenario::schedule::{Flow, Intake, Schedule};
use crate::scenario::{AttritionMode, Issue, Rollout, Scenario};
use chrono::{Datelike, NaiveDate};
use rand_distr::{Distribution, Exp1};
use std::collections::BTreeMap;

/// The derived staffing of a schedule.
#[derive(Clone, Debug)]
pub struct Derived {
    /// Per station headcount steps, as [`Rollout::headcount`].
    pub headcount: Vec<Vec<(SimTime, u32)>>,
    /// Dated joins and departures.
    pub flows: Vec<Flow>,
    /// Where the plan falls short.
    pub warnings: Vec<Issue>,
}

#[derive(Clone, Copy, Debug)]
enum Action {
    Attrition { fraction_of_year: f64 },
    Depart(usize),
    OnDuty(usize),
}

impl Action {
    fn rank(&self) -> u8 {
        match self {
            Action::Attrition { .. } | Action::Depart(_) => 0,
            Action::OnDuty(_) => 1,
        }
    }
}

/// The agenda of a derivation: `(time, rank, sequence)` → action, so departures come
/// before arrivals on a day and equal keys keep the order they were added in.
#[derive(Default)]
struct Agenda {
    actions: BTreeMap<(SimTime, u8, u64), Action>,
    seq: u64,
}

impl Agenda {
    fn push(&mut self, t: SimTime, a: Action) {
        self.actions.insert((t, a.rank(), self.seq), a);
        self.seq += 1;
    }
}

/// Dated departures of `drawn` attrition: an exponential time to leaving per firefighter,
/// from the run's staffing stream (replication 0), drawn in the order they are asked for.
struct Departures {
    rng: StreamRng,
    /// Per-day hazard that makes P(leave within 365.25 days) = rate (0: none drawn).
    hazard_per_day: f64,
    end: SimTime,
}

impl Departures {
    fn new(schedule: &Schedule, seed: u64, end: SimTime) -> Departures {
        let rate = schedule.attrition_rate;
        let drawn = schedule.attrition_mode == AttritionMode::Drawn;
        Departures {
            rng: stream(seed, 0, Purpose::Staffing),
            hazard_per_day: if drawn && rate > 0.0 && rate < 1.0 {
                -(1.0 - rate).ln() / 365.25
            } else {
                0.0
            },
            end,
        }
    }

    /// When a firefighter on duty from `from` leaves, if inside the horizon.
    fn draw(&mut self, from: SimTime) -> Option<SimTime> {
        if self.hazard_per_day <= 0.0 {
            return None;
        }
        let e: f64 = Exp1.sample(&mut self.rng);
        let days = (e / self.hazard_per_day).ceil().max(1.0);
        let t = from + SimTime::from_days(days.min(1e6) as i64);
        (t < self.end).then_some(t)
    }
}

/// Derive the dated headcount of `schedule` under `rollout`'s commissioning; `drawn`
/// attrition draws from the run's `seed`.
pub fn derive(scenario: &Scenario, rollout: &Rollout, schedule: &Schedule, seed: u64) -> Derived {
    let n = scenario.stations.len();
    let end = scenario.calendar.horizon_end();
    let roles = roles(scenario, rollout, &schedule.fixed);
    let mut head: Vec<u32> = (0..n)
        .map(|s| match roles[s] {
            Role::Team => schedule.starting[s],
            Role::Fixed(k) => k,
            Role::Covered | Role::Idle => 0,
        })
        .collect();
    let mut steps: Vec<Vec<(SimTime, u32)>> =
        head.iter().map(|&h| vec![(SimTime::ZERO, h)]).collect();
    let mut flows = vec![];
    let mut departures = Departures::new(schedule, seed, end);
    let mut agenda = Agenda::default();
    let mut warnings = first_agenda(
        scenario,
        schedule,
        &roles,
        &head,
        &mut agenda,
        &mut departures,
    );

    let mut ctx = allocate::Context::new(scenario, rollout, &roles);
    while let Some(((t, _, _), action)) = agenda.actions.pop_first() {
        let mut delta_join = vec![0u32; n];
        let mut delta_left = vec![0u32; n];
        match action {
            Action::Attrition { fraction_of_year } => {
                delta_left =
                    expected_departures(schedule.attrition_rate, fraction_of_year, &roles, &head);
            }
            Action::Depart(s) => {
                if head[s] > 0 {
                    delta_left[s] = 1;
                }
            }
            Action::OnDuty(i) => {
                let recruits = schedule.intakes[i].recruits;
                let add = allocate::allocate(&mut ctx, schedule.allocation, &head, recruits, t);
                for s in 0..n {
                    delta_join[s] = add[s];
                    for _ in 0..add[s] {
                        if let Some(d) = departures.draw(t) {
                            agenda.push(d, Action::Depart(s));
                        }
                    }
                }
            }
        }
        for s in 0..n {
            if delta_join[s] == 0 && delta_left[s] == 0 {
                continue;
            }
            head[s] = head[s] + delta_join[s] - delta_left[s];
            flows.push(Flow {
                at: t,
                station: s,
                joined: delta_join[s],
                left: delta_left[s],
            });
            let st = &mut steps[s];
            match st.last_mut() {
                Some(last) if last.0 == t => last.1 = head[s],
                _ => st.push((t, head[s])),
            }
        }
    }
    for st in &mut steps {
        st.dedup_by(|b, a| a.1 == b.1);
    }
    merge_flows(&mut flows);
    warnings.extend(shortfalls(scenario, schedule, &roles, &head));
    Derived {
        headcount: steps,
        flows,
        warnings,
    }
}

/// The agenda before the first day: every 1 January's `expected` attrition, or the drawn
/// departures of the starting teams, and every intake going on duty inside the horizon.
/// Returns the warnings about intakes that never go on duty.
fn first_agenda(
    scenario: &Scenario,
    schedule: &Schedule,
    roles: &[Role],
    head: &[u32],
    agenda: &mut Agenda,
    departures: &mut Departures,
) -> Vec<Issue> {
    let cal = &scenario.calendar;
    let end = cal.horizon_end();
    let mut warnings = vec![];
    match schedule.attrition_mode {
        AttritionMode::Expected if schedule.attrition_rate > 0.0 => {
            let mut last = cal.start;
            for y in cal.start.year() + 1..=cal.end.year() {
                let Some(jan1) = NaiveDate::from_ymd_opt(y, 1, 1) else {
                    continue;
                };
                let days_in_prev =
                    NaiveDate::from_ymd_opt(y - 1, 1, 1).map_or(365, |d| (jan1 - d).num_days());
                let fraction_of_year = (jan1 - last).num_days() as f64 / days_in_prev as f64;
                last = jan1;
                agenda.push(cal.time_of(jan1), Action::Attrition { fraction_of_year });
            }
        }
        AttritionMode::Drawn => {
            for s in 0..roles.len() {
                if roles[s] == Role::Team {
                    for _ in 0..head[s] {
                        if let Some(t) = departures.draw(SimTime::ZERO) {
                            agenda.push(t, Action::Depart(s));
                        }
                    }
                }
            }
        }
        AttritionMode::Expected => {}
    }
    for (i, intake) in schedule.intakes.iter().enumerate() {
        if intake.recruits == 0 {
            continue;
        }
        if intake.on_duty < end {
            agenda.push(intake.on_duty, Action::OnDuty(i));
        } else {
            warnings.push(Issue::new(
                intake.field.clone(),
                format!(
                    "these {} recruits finish induction on {}, after the horizon: they are never on duty",
                    intake.recruits,
                    cal.date_of(intake.on_duty)
                ),
            ));
        }
    }
    warnings
}

/// `expected` attrition on a 1 January: `round(H · r)` of the teams' total `H` leave (`r`
/// the rate prorated for `fraction_of_year`), shared by largest remainder in proportion to
/// headcount.
fn expected_departures(rate: f64, fraction_of_year: f64, roles: &[Role], head: &[u32]) -> Vec<u32> {
    let mut left = vec![0u32; roles.len()];
    let r = 1.0 - (1.0 - rate).powf(fraction_of_year);
    let teams: Vec<f64> = (0..roles.len())
        .map(|s| {
            if roles[s] == Role::Team {
                head[s] as f64
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = teams.iter().sum();
    let leaving = (total * r).round() as u32;
    if leaving > 0 {
        for (s, k) in allocate::share(leaving, &teams).into_iter().enumerate() {
            left[s] = k.min(head[s]);
        }
    }
    left
}

/// Merge the flows of one station on one day (several departures drawn for the same day).
fn merge_flows(flows: &mut Vec<Flow>) {
    flows.sort_by_key(|f| (f.at, f.station));
    flows.dedup_by(|b, a| {
        if a.at == b.at && a.station == b.station {
            a.joined += b.joined;
            a.left += b.left;
            true
        } else {
            false
        }
    });
}

/// The warnings of a legitimate schedule that falls short of the grade minimums.
fn shortfalls(
    scenario: &Scenario,
    schedule: &Schedule,
    roles: &[Role],
    head: &[u32],
) -> Vec<Issue> {
    let mut out = vec![];
    let minimum = |s: usize| scenario.grade_minimums.of(scenario.stations[s].grade);
    let teams: Vec<usize> = (0..roles.len())
        .filter(|&s| roles[s] == Role::Team)
        .collect();
    let need: u32 = teams.iter().map(|&s| minimum(s)).sum();
    let have: u32 = teams.iter().map(|&s| schedule.starting[s]).sum::<u32>()
        + schedule.intakes.iter().map(|i| i.recruits).sum::<u32>();
    if have < need {
        out.push(Issue::new(
            schedule.recruits_field.clone(),
            format!(
                "starting staff and recruits ({have}) are fewer than the {} teams' grade minimums need ({need}), even before attrition",
                teams.len()
            ),
        ));
    }
    let below: Vec<String> = teams
        .iter()
        .filter(|&&s| head[s] < minimum(s))
        .map(|&s| format!("{} ({} < {})", scenario.stations[s].id, head[s], minimum(s)))
        .collect();
    if !below.is_empty() {
        out.push(Issue::new(
            schedule.field.clone(),
            format!(
                "{} team(s) end the horizon below their grade minimum: {}",
                below.len(),
                below.join(", ")
            ),
        ));
    }
    for (s, r) in roles.iter().enumerate() {
        if *r == Role::Idle && !scenario.stations[s].units.is_empty() {
            out.push(Issue::new(
                schedule.field.clone(),
                format!(
                    "station {} is not a government station and has no fixed team: it is never crewed",
                    scenario.stations[s].id
                ),
            ));
        }
    }
    out
}
