//! Staffing: from a rollout's dated headcount to which units are crewed when.
//!
//! At any moment a station has `floor(headcount × on_duty_fraction)` firefighters on duty
//! (the shift pattern and leave folded into one fraction). They crew the station's units in
//! its priority order, each unit taking its kind's crew; a unit that does not fit is skipped
//! and the next, smaller one tried. Before a station opens its team (if it has one) may crew
//! at most `temporary_units` units from temporary premises, at the station's location.
//! Opening times, temporary units and the on-duty share are the rollout's (its own
//! commissioning, defaulting to the station table), so a rollout can delay an opening.
//!
//! This module computes; it does not simulate. The model applies the resulting
//! [`CrewingTimeline`] as events.

use crate::engine::SimTime;
use crate::scenario::{Rollout, Scenario};

/// Which units are crewed, from each change onwards.
#[derive(Clone, Debug)]
pub struct CrewingTimeline {
    /// `(from, crewed[unit])`, sorted by time; the first entry is at time zero.
    pub changes: Vec<(SimTime, Vec<bool>)>,
}

/// Firefighters on duty at `station` at time `t` under `rollout`.
pub fn on_duty(rollout: &Rollout, station: usize, t: SimTime) -> u32 {
    on_duty_of(rollout.headcount_at(station, t), rollout.on_duty_fraction)
}

/// Firefighters on duty out of `headcount` with the share `on_duty_fraction` (floored).
pub fn on_duty_of(headcount: u32, on_duty_fraction: f64) -> u32 {
    (headcount as f64 * on_duty_fraction).floor() as u32
}

/// The units of `station` crewed at time `t` (indices into `Scenario::units`).
pub fn crewed_units(
    scenario: &Scenario,
    rollout: &Rollout,
    station: usize,
    t: SimTime,
) -> Vec<usize> {
    let cap = if t >= rollout.opens_at[station] {
        usize::MAX
    } else {
        rollout.temporary_units[station] as usize
    };
    units_crewed(scenario, station, on_duty(rollout, station, t), cap)
}

/// The units of `station` that `on_duty` firefighters crew, at most `cap` of them: the
/// crewing rule on its own, for callers that try headcounts (allocation policies).
pub fn units_crewed(scenario: &Scenario, station: usize, on_duty: u32, cap: usize) -> Vec<usize> {
    let mut left = on_duty;
    let mut out = vec![];
    for &u in &scenario.stations[station].units {
        if out.len() >= cap {
            break;
        }
        let crew = scenario.unit_kinds[scenario.units[u].kind].crew;
        if crew <= left {
            left -= crew;
            out.push(u);
        }
    }
    out
}

/// The crewing timeline of a rollout over the scenario's horizon.
pub fn crewing(scenario: &Scenario, rollout: &Rollout) -> CrewingTimeline {
    let mut times: Vec<SimTime> = vec![SimTime::ZERO];
    times.extend(
        rollout
            .headcount
            .iter()
            .flatten()
            .map(|&(t, _)| t.max(SimTime::ZERO)),
    );
    times.extend(rollout.opens_at.iter().copied());
    times.retain(|&t| t < scenario.calendar.horizon_end());
    times.sort();
    times.dedup();
    let mut changes: Vec<(SimTime, Vec<bool>)> = vec![];
    for t in times {
        let mut crewed = vec![false; scenario.units.len()];
        for s in 0..scenario.stations.len() {
            for u in crewed_units(scenario, rollout, s, t) {
                crewed[u] = true;
            }
        }
        if changes.last().is_none_or(|(_, prev)| *prev != crewed) {
            changes.push((t, crewed));
        }
    }
    CrewingTimeline { changes }
}
