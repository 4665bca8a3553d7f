//! Staffing: from a rollout's dated headcount to which units are crewed when.
//!
//! At any moment a station has `floor(headcount × on_duty_fraction)` firefighters on duty
//! (the shift pattern and leave folded into one fraction). They crew the station's units in
//! its priority order, each unit taking its kind's crew; a unit that does not fit is skipped
//! and the next, smaller one tried. Before a station opens its team (if it has one) may crew
//! at most `temporary_units` units from temporary premises, at the station's location.
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
pub fn on_duty(scenario: &Scenario, rollout: &Rollout, station: usize, t: SimTime) -> u32 {
    (rollout.headcount_at(station, t) as f64 * scenario.on_duty_fraction).floor() as u32
}

/// The units of `station` crewed at time `t` (indices into `Scenario::units`).
pub fn crewed_units(
    scenario: &Scenario,
    rollout: &Rollout,
    station: usize,
    t: SimTime,
) -> Vec<usize> {
    let st = &scenario.stations[station];
    let mut left = on_duty(scenario, rollout, station, t);
    let cap = if t >= st.opens_at {
        usize::MAX
    } else {
        st.temporary_units as usize
    };
    let mut out = vec![];
    for &u in &st.units {
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
    times.extend(scenario.stations.iter().map(|s| s.opens_at));
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
