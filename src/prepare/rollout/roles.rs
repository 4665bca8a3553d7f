//! What each station's team is in a schedule: a government team taking recruits, a constant
//! team outside the rollout, covered by another station's team, or never staffed.

use crate::scenario::{Rollout, Scenario};

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
