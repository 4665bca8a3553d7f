//! Staffing: from a rollout's dated headcount to which units are crewed when, and by how
//! many firefighters.
//!
//! **The drawn crewing** (what the model plays, [`crewing_drawn`]). A station's
//! firefighters hold numbered slots `0..headcount` (a recruit takes the next free slot, so
//! adding a firefighter adds a slot and never moves another). Each day the rota rosters a
//! share `r = on_duty_fraction / (1 − absence_rate)` of the slots: slot `i` is rostered on
//! day `d` when `frac((d + i)·r) < r` (computed in fixed point; with `r = 1/2` that is 24 hours on, 24 hours off,
//! alternating slots; each slot is rostered on a share `r` of days and each day holds
//! `floor` or `ceil` of `r × headcount` rostered slots). Each rostered firefighter is
//! absent that day with probability `absence_rate`, independently, so the day's absentees
//! among `n` rostered are binomial `B(n, absence_rate)`; their number is drawn by inverting
//! that distribution at one uniform per station × day from the replication's own `Absence`
//! stream ([`AbsenteeTable`]: one hash a station-day rather than one per rostered slot).
//! The mean share on duty is `on_duty_fraction`, on-duty counts are whole people, and two
//! rollouts see the same uniform (common random numbers): the inverse is monotone in `n`,
//! so a rollout with more firefighters at a station has, every day, at least as many on
//! duty there.
//!
//! **Which units they crew.** Only units of kinds a response plan (or a substitute rule of
//! a requested kind) can request are crewed, most requested kind first
//! ([`crate::scenario::Station::crew_order`]). Each unit takes its full crew while enough
//! are left, else rides short with what is left if that is at least its `min_crew`; the
//! first unit that cannot take its `min_crew` ends the crewing (the crewed units are a
//! prefix of the order, so more firefighters never uncrew a unit). Before its station opens (under
//! the rollout) a team crews at most `temporary_units` units at its temporary premises.
//!
//! **Squads** (`[[stations]] squads`) crew their own unit from their own members, under
//! the same rota and with their own absence draws, once their station opens; they are not
//! part of the station's headcount or of its crewing order.
//!
//! **The nominal crewing** ([`crewing`], [`crewed_units`], [`on_duty`]): the same rule on
//! `floor(headcount × on_duty_fraction)` firefighters, no rota and no absence. It is the
//! planning view: `firesim rollout`'s tables, the allocation policies, the staffing chart
//! and `coverage_within_standard` use it.
//!
//! This module computes; it does not simulate. The model applies a [`CrewingTimeline`] as
//! events.

mod drawn;
mod nominal;
mod rota;
mod timeline;

pub use drawn::crewing_drawn;
pub use nominal::{crewed_units, crewing, on_duty, on_duty_of, units_crewed};
pub use rota::{Absence, AbsenteeTable, on_duty_on_day, rostered, rota_share};
pub use timeline::CrewingTimeline;
