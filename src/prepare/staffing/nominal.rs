//! The nominal crewing (the planning view, see the module above) and the crewing rule the
//! drawn crewing shares: which units a station's firefighters on duty crew, and its squads.

use super::timeline::{Builder, CrewingTimeline};
use crate::ground::engine::SimTime;
use crate::scenario::{Rollout, Scenario};

/// Nominal firefighters on duty at `station` at time `t` under `rollout`.
pub fn on_duty(rollout: &Rollout, station: usize, t: SimTime) -> u32 {
    on_duty_of(rollout.headcount_at(station, t), rollout.on_duty_fraction)
}

/// Nominal firefighters on duty out of `headcount` with the share `on_duty_fraction`
/// (floored).
pub fn on_duty_of(headcount: u32, on_duty_fraction: f64) -> u32 {
    (headcount as f64 * on_duty_fraction).floor() as u32
}

/// The units (and their crews) that `on_duty` firefighters crew at `station`, at most
/// `cap` of them, from the station's own units or (`premises`) its temporary premises'.
pub fn units_crewed(
    scenario: &Scenario,
    station: usize,
    on_duty: u32,
    cap: usize,
    premises: bool,
) -> Vec<(usize, u32)> {
    let mut out = vec![];
    each_unit_crewed(scenario, station, on_duty, cap, premises, |u, c| {
        out.push((u, c))
    });
    out
}

/// [`units_crewed`] without the vector: `f(unit, crew)` for each crewed unit, in order.
#[inline]
pub(super) fn each_unit_crewed(
    scenario: &Scenario,
    station: usize,
    on_duty: u32,
    cap: usize,
    premises: bool,
    mut f: impl FnMut(usize, u32),
) {
    let st = &scenario.stations[station];
    let order = if premises {
        &st.premises_crew_order
    } else {
        &st.crew_order
    };
    let mut left = on_duty;
    // Every pass crews a unit or stops, so `crewed` counts the units crewed so far.
    for (crewed, &u) in order.iter().enumerate() {
        if crewed >= cap || left == 0 {
            break;
        }
        let kind = &scenario.unit_kinds[scenario.units[u].kind];
        let crew = kind.crew.min(left);
        if crew < kind.min_crew {
            // Stop here rather than skip to a smaller unit: the crewed units are then a
            // prefix of the order, so more firefighters never uncrew a unit.
            break;
        }
        left -= crew;
        f(u, crew);
    }
}

/// Whether the station works from its temporary premises at `t`, and how many units it
/// may crew.
pub(super) fn base_at(rollout: &Rollout, station: usize, t: SimTime) -> (bool, usize) {
    if t >= rollout.opens_at[station] {
        (false, usize::MAX)
    } else {
        (true, rollout.temporary_units[station] as usize)
    }
}

/// The units of `station` nominally crewed at time `t` (indices into `Scenario::units`).
pub fn crewed_units(
    scenario: &Scenario,
    rollout: &Rollout,
    station: usize,
    t: SimTime,
) -> Vec<usize> {
    let (premises, cap) = base_at(rollout, station, t);
    units_crewed(
        scenario,
        station,
        on_duty(rollout, station, t),
        cap,
        premises,
    )
    .into_iter()
    .map(|(u, _)| u)
    .chain(
        squads_crewed(scenario, rollout, station, t, |_, m| {
            on_duty_of(m, rollout.on_duty_fraction)
        })
        .into_iter()
        .map(|(u, _)| u),
    )
    .collect()
}

/// The squads of `station` crewed at `t` under `rollout`, with their crews: a squad
/// crews its unit once the station opens (never from temporary premises), from its own
/// members, of whom `on_duty(k, members)` are on duty (`k`: the squad's index there); full, short down to the kind's
/// `min_crew`, or not at all.
pub(super) fn squads_crewed(
    scenario: &Scenario,
    rollout: &Rollout,
    station: usize,
    t: SimTime,
    on_duty: impl Fn(usize, u32) -> u32,
) -> Vec<(usize, u32)> {
    let mut out = vec![];
    each_squad_crewed(scenario, rollout, station, t, on_duty, |u, c| {
        out.push((u, c))
    });
    out
}

/// [`squads_crewed`] without the vector: `f(unit, crew)` for each crewed squad, in order.
#[inline]
pub(super) fn each_squad_crewed(
    scenario: &Scenario,
    rollout: &Rollout,
    station: usize,
    t: SimTime,
    mut on_duty: impl FnMut(usize, u32) -> u32,
    mut f: impl FnMut(usize, u32),
) {
    if t < rollout.opens_at[station] {
        return;
    }
    for (k, sq) in scenario.stations[station].squads.iter().enumerate() {
        let kind = &scenario.unit_kinds[scenario.units[sq.unit].kind];
        let crew = kind.crew.min(on_duty(k, sq.members));
        if crew >= kind.min_crew.max(1) {
            f(sq.unit, crew);
        }
    }
}

/// The absence-draw index of squad `k` of `station`: past every station's index, so a
/// squad's draws are its own and the stations' draws do not depend on squads.
pub(super) fn squad_draw_index(scenario: &Scenario, station: usize, k: usize) -> usize {
    let before: usize = scenario.stations[..station]
        .iter()
        .map(|s| s.squads.len())
        .sum();
    scenario.stations.len() + before + k
}

/// A schedule's headcount is derived by `crate::prepare` after loading: crewing one that
/// was not would silently leave its stations empty, a bug in the caller.
pub(super) fn assert_prepared(rollout: &Rollout) {
    assert!(
        rollout.is_prepared(),
        "rollout `{}` was not prepared (crate::prepare) before crewing",
        rollout.name
    );
}

/// The nominal crewing timeline of a rollout over the scenario's horizon.
pub fn crewing(scenario: &Scenario, rollout: &Rollout) -> CrewingTimeline {
    assert_prepared(rollout);
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
    let mut b = Builder::new(scenario.units.len(), 0);
    for t in times {
        let mut crews = vec![0u8; scenario.units.len()];
        for s in 0..scenario.stations.len() {
            let (premises, cap) = base_at(rollout, s, t);
            for (u, c) in units_crewed(scenario, s, on_duty(rollout, s, t), cap, premises) {
                crews[u] = c.min(255) as u8;
            }
            for (u, c) in squads_crewed(scenario, rollout, s, t, |_, m| {
                on_duty_of(m, rollout.on_duty_fraction)
            }) {
                crews[u] = c.min(255) as u8;
            }
        }
        b.push(t, &crews);
    }
    b.out
}
