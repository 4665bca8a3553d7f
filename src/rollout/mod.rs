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
//!   leaving within a year is the rate) from the staffing stream of the scenario seed,
//!   replication 0, drawn in date order; one timeline for all replications.
//!
//! This module computes; it reads and writes nothing.

mod allocate;
mod areas;
mod timeline;

pub use areas::{DemandPoint, demand_points, first_due_demand};
pub use timeline::{BelowMinimum, Checks, Row, Timeline, timeline};

use crate::engine::SimTime;
use crate::random::{Purpose, stream};
use crate::scenario::{AllocationPolicy, AttritionMode, Issue, Rollout, Scenario};
use chrono::{Datelike, NaiveDate};
use rand_distr::{Distribution, Exp1};
use serde::Serialize;
use std::collections::BTreeMap;

/// The inputs of a `schedule` rollout, validated and resolved to station indices.
#[derive(Clone, Debug, Serialize)]
pub struct Schedule {
    /// Intakes in file order.
    pub intakes: Vec<Intake>,
    /// Share of government firefighters leaving per year.
    pub attrition_rate: f64,
    /// How attrition becomes departures.
    pub attrition_mode: AttritionMode,
    /// How recruits are assigned to teams.
    pub allocation: AllocationPolicy,
    /// Per station: government firefighters at the start of the horizon.
    pub starting: Vec<u32>,
    /// Per station: a constant team outside the rollout (the national team).
    pub fixed: Vec<Option<u32>>,
    /// Seed of the `drawn` attrition stream (the scenario's).
    pub seed: u64,
    /// The rollout's field path, e.g. `rollouts[0]`, for warnings.
    pub field: String,
    /// The field path the recruits came from (it may be a base rollout's).
    pub recruits_field: String,
}

/// One intake of recruits.
#[derive(Clone, Debug, Serialize)]
pub struct Intake {
    /// The day they join (and start induction).
    pub joins: SimTime,
    /// The day they go on duty.
    pub on_duty: SimTime,
    /// How many.
    pub recruits: u32,
    /// Field path, for warnings.
    pub field: String,
}

/// Firefighters joining or leaving a station on one day.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Flow {
    /// When.
    pub at: SimTime,
    /// Station index.
    pub station: usize,
    /// Recruits going on duty there.
    pub joined: u32,
    /// Firefighters leaving.
    pub left: u32,
}

/// What a station's team is in a schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A government team: starts with its starting headcount, takes recruits, loses staff.
    Team,
    /// A constant team outside the rollout.
    Fixed(u32),
    /// No team of its own: another station's team covers it.
    Covered,
    /// Not a government station and no fixed team: never staffed.
    Idle,
}

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

pub(crate) fn roles(scenario: &Scenario, rollout: &Rollout, fixed: &[Option<u32>]) -> Vec<Role> {
    (0..scenario.stations.len())
        .map(
            |s| match (fixed.get(s).copied().flatten(), rollout.covered_by[s]) {
                (Some(n), _) => Role::Fixed(n),
                (None, Some(_)) => Role::Covered,
                (None, None) if scenario.stations[s].government => Role::Team,
                _ => Role::Idle,
            },
        )
        .collect()
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

/// Derive the dated headcount of `schedule` under `rollout`'s commissioning.
pub fn derive(scenario: &Scenario, rollout: &Rollout, schedule: &Schedule) -> Derived {
    let n = scenario.stations.len();
    let cal = &scenario.calendar;
    let end = cal.horizon_end();
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
    let mut warnings = vec![];

    // The agenda: (time, rank, sequence) → action. Departures before arrivals on a day.
    let mut agenda: BTreeMap<(SimTime, u8, u64), Action> = BTreeMap::new();
    let mut seq = 0u64;
    let mut push = |agenda: &mut BTreeMap<(SimTime, u8, u64), Action>, t: SimTime, a: Action| {
        agenda.insert((t, a.rank(), seq), a);
        seq += 1;
    };
    let rate = schedule.attrition_rate;
    let mut rng = stream(schedule.seed, 0, Purpose::Staffing);
    // Per-day hazard that makes P(leave within 365.25 days) = rate.
    let drawn = schedule.attrition_mode == AttritionMode::Drawn;
    let hazard_per_day = if drawn && rate > 0.0 && rate < 1.0 {
        -(1.0 - rate).ln() / 365.25
    } else {
        0.0
    };
    let mut draw_departure = |from: SimTime| -> Option<SimTime> {
        if hazard_per_day <= 0.0 {
            return None;
        }
        let e: f64 = Exp1.sample(&mut rng);
        let days = (e / hazard_per_day).ceil().max(1.0);
        let t = from + SimTime::from_days(days.min(1e6) as i64);
        (t < end).then_some(t)
    };

    match schedule.attrition_mode {
        AttritionMode::Expected if rate > 0.0 => {
            let mut last = cal.start;
            for y in cal.start.year() + 1..=cal.end.year() {
                let Some(jan1) = NaiveDate::from_ymd_opt(y, 1, 1) else {
                    continue;
                };
                let days_in_prev =
                    NaiveDate::from_ymd_opt(y - 1, 1, 1).map_or(365, |d| (jan1 - d).num_days());
                let fraction_of_year = (jan1 - last).num_days() as f64 / days_in_prev as f64;
                last = jan1;
                push(
                    &mut agenda,
                    cal.time_of(jan1),
                    Action::Attrition { fraction_of_year },
                );
            }
        }
        AttritionMode::Drawn => {
            for s in 0..n {
                if roles[s] == Role::Team {
                    for _ in 0..head[s] {
                        if let Some(t) = draw_departure(SimTime::ZERO) {
                            push(&mut agenda, t, Action::Depart(s));
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
            push(&mut agenda, intake.on_duty, Action::OnDuty(i));
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

    let mut ctx = allocate::Context::new(scenario, rollout, &roles);
    while let Some(((t, _, _), action)) = agenda.pop_first() {
        let mut delta_join = vec![0u32; n];
        let mut delta_left = vec![0u32; n];
        match action {
            Action::Attrition { fraction_of_year } => {
                let r = 1.0 - (1.0 - rate).powf(fraction_of_year);
                let teams: Vec<f64> = (0..n)
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
                        delta_left[s] = k.min(head[s]);
                    }
                }
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
                        if let Some(d) = draw_departure(t) {
                            push(&mut agenda, d, Action::Depart(s));
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
    // Merge flows of one station on one day (several departures drawn for the same day).
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

    warnings.extend(shortfalls(scenario, schedule, &roles, &head));
    Derived {
        headcount: steps,
        flows,
        warnings,
    }
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
