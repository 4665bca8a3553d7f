//! The drawn crewing of one replication (what the model plays; the rule is in the module
//! above): each day, each station's firefighters on duty from its rota and the day's
//! absence draw, and the units they crew. A replication meets every station on every day
//! of the horizon (Dafeng: 20 stations × 1,826 days), so the day's work is kept to the
//! draw itself: a station's crews for each count on duty are built once
//! ([`StationCrews`]), and only the units whose crew changes are written.

use super::nominal::{assert_prepared, each_squad_crewed, each_unit_crewed, squad_draw_index};
use super::rota::{
    Absence, AbsenteeTable, rostered_count, rostered_counts, rota_fixed, rota_share,
};
use super::timeline::CrewingTimeline;
use crate::ground::engine::SimTime;
use crate::scenario::{Rollout, Scenario};

/// The crewing of replication `rep` (seed `seed`) under `rollout`: daily rota and absence,
/// changing at midnight (headcount steps and openings fall on dates).
pub fn crewing_drawn(
    scenario: &Scenario,
    rollout: &Rollout,
    seed: u64,
    rep: u64,
) -> CrewingTimeline {
    let mut draws = Draws::new(scenario, rollout, seed, rep);
    let days = scenario.calendar.days();
    let mut out = CrewingTimeline::with_capacity(scenario.units.len(), days as usize);
    for day in 0..days {
        let start = out.diff.len();
        draws.day(day, |u, c| out.diff.push((u as u32, c)));
        // Station by station: in unit order unless a station's units interleave with
        // another's (a change lists its units in unit order).
        let changed = &mut out.diff[start..];
        if !changed.is_sorted_by_key(|&(u, _)| u) {
            changed.sort_unstable_by_key(|&(u, _)| u);
        }
        // The first day always (from no crew at all), then only the days that change.
        if day == 0 || out.diff.len() > start {
            out.diff_starts.push(out.diff.len() as u32);
            out.times.push(SimTime::from_days(day));
        }
    }
    out
}

/// A replication's draws under one rollout, day by day, with the crews in force.
struct Draws<'a> {
    scenario: &'a Scenario,
    rollout: &'a Rollout,
    on_duty: OnDuty,
    stations: Vec<StationDraw<'a>>,
    /// The squads' crews in force and a day's being worked out, by unit (a station's own
    /// units' crews are its row in force).
    crews: Vec<u8>,
    squads: Vec<u8>,
}

/// One station's part of the draws: what a day needs of it, kept together.
struct StationDraw<'a> {
    /// Its headcount steps (sorted by time), the next one's index and time
    /// ([`SimTime::MAX`] after the last), and the headcount in force.
    steps: &'a [(SimTime, u32)],
    next_step: usize,
    next_step_at: SimTime,
    headcount: u32,
    /// When it opens (before: its temporary premises).
    opens_at: SimTime,
    /// Whether it has squads, and the absence-draw index of its first.
    squads: bool,
    squad_base: usize,
    own: StationCrews,
    /// The row of `own` in force: before the first day, nobody on duty at the station
    /// (a row of zeros, as the crews start).
    in_force: (bool, usize),
}

impl StationDraw<'_> {
    /// The headcount in force at `t` (days in order).
    #[inline]
    fn headcount_at(&mut self, t: SimTime) -> u32 {
        while t >= self.next_step_at {
            self.headcount = self.steps[self.next_step].1;
            self.next_step += 1;
            self.next_step_at = self.steps.get(self.next_step).map_or(SimTime::MAX, |s| s.0);
        }
        self.headcount
    }
}

/// Who is on duty: the rota share, the absentee table and each draw index's part of the
/// day's absence key.
struct OnDuty {
    table: AbsenteeTable,
    /// The rota share in fixed point.
    share: Option<u64>,
    /// Per absence-draw index (stations, then squads), its part of the day's key
    /// ([`Absence::station_key`]).
    keys: Vec<u64>,
}

impl OnDuty {
    /// Firefighters on duty on `day` out of `headcount` (absence-draw index `index`).
    #[inline]
    fn on_duty(&self, index: usize, headcount: u32, day: i64) -> u32 {
        let n = rostered_count(headcount, day, self.share);
        n - self
            .table
            .absentees(n, Absence::bits_of(self.keys[index], day as u64))
    }
}

impl<'a> Draws<'a> {
    fn new(scenario: &'a Scenario, rollout: &'a Rollout, seed: u64, rep: u64) -> Draws<'a> {
        assert_prepared(rollout);
        let share = rota_fixed(rota_share(scenario, rollout));
        // Every count the rota can roster: from each station's headcount steps and each
        // squad's members.
        let headcounts = (rollout.headcount.iter().flatten().map(|&(_, h)| h)).chain(
            scenario
                .stations
                .iter()
                .flat_map(|st| st.squads.iter().map(|q| q.members)),
        );
        let table = AbsenteeTable::new(
            scenario.absence_rate,
            headcounts.flat_map(|h| rostered_counts(h, share)),
        );
        let stations = scenario.stations.len();
        let draws = squad_draw_index(scenario, stations, 0);
        let absence = Absence::new(seed, rep);
        Draws {
            scenario,
            rollout,
            on_duty: OnDuty {
                table,
                share,
                keys: (0..draws as u64).map(|i| absence.station_key(i)).collect(),
            },
            stations: (0..stations)
                .map(|s| {
                    let steps = &rollout.headcount[s][..];
                    StationDraw {
                        steps,
                        next_step: 0,
                        next_step_at: steps.first().map_or(SimTime::MAX, |s| s.0),
                        headcount: 0,
                        opens_at: rollout.opens_at[s],
                        squads: !scenario.stations[s].squads.is_empty(),
                        squad_base: squad_draw_index(scenario, s, 0),
                        own: StationCrews::new(scenario, rollout, s),
                        in_force: StationCrews::NOBODY,
                    }
                })
                .collect(),
            crews: vec![0; scenario.units.len()],
            squads: vec![0; scenario.units.len()],
        }
    }

    /// Day `day` (days in order): `changed(unit, crew)` for each unit whose crew it
    /// changes, station by station.
    fn day(&mut self, day: i64, mut changed: impl FnMut(usize, u8)) {
        let t = SimTime::from_days(day);
        let (scenario, rollout) = (self.scenario, self.rollout);
        for (s, sd) in self.stations.iter_mut().enumerate() {
            let h = sd.headcount_at(t);
            if sd.squads {
                let st = &scenario.stations[s];
                let squads = &mut self.squads;
                for q in &st.squads {
                    squads[q.unit] = 0;
                }
                let (draw, base) = (&self.on_duty, sd.squad_base);
                let on_duty = |k: usize, m: u32| draw.on_duty(base + k, m, day);
                each_squad_crewed(scenario, rollout, s, t, on_duty, |u, c| {
                    squads[u] = c.min(255) as u8
                });
                for q in &st.squads {
                    if squads[q.unit] != self.crews[q.unit] {
                        self.crews[q.unit] = squads[q.unit];
                        changed(q.unit, squads[q.unit]);
                    }
                }
            }
            // Nobody to roster: no draw (the draws are per station and day, so skipping
            // one moves no other).
            let n = if h == 0 {
                0
            } else {
                self.on_duty.on_duty(s, h, day)
            };
            let key = sd.own.key(t < sd.opens_at, n);
            let was = std::mem::replace(&mut sd.in_force, key);
            if was != key {
                // The station's units hold the crews of the row in force (no other station
                // and no squad sets them), so the old row says which change.
                let (old, new) = (sd.own.row(was), sd.own.row(key));
                for ((&u, &a), &c) in sd.own.slots.iter().zip(old).zip(new) {
                    if a != c {
                        changed(u, c);
                    }
                }
            }
        }
    }
}

/// What a station's own crewing (not its squads') gives each unit it may crew, for every
/// count on duty, from the station or its temporary premises: [`each_unit_crewed`] walked
/// once per crewing rather than per station and day. Counts beyond every unit's full crew
/// crew the same as that count, so a station has at most `Σ crew + 1` rows per base,
/// whatever its headcount.
struct StationCrews {
    /// The units the station's crewing sets (its crewing order and its premises'), in
    /// unit order.
    slots: Vec<usize>,
    /// Per base (0: the station, 1: its temporary premises), per count on duty, the crews
    /// of `slots`.
    rows: [Vec<Vec<u8>>; 2],
}

impl StationCrews {
    fn new(scenario: &Scenario, rollout: &Rollout, s: usize) -> StationCrews {
        let st = &scenario.stations[s];
        let mut slots: Vec<usize> = st
            .crew_order
            .iter()
            .chain(&st.premises_crew_order)
            .copied()
            .collect();
        slots.sort_unstable();
        slots.dedup();
        debug_assert!(st.squads.iter().all(|q| !slots.contains(&q.unit)));
        let rows = [false, true].map(|premises| {
            let order = if premises {
                &st.premises_crew_order
            } else {
                &st.crew_order
            };
            let cap = if premises {
                rollout.temporary_units[s] as usize
            } else {
                usize::MAX
            };
            let full: u64 = order
                .iter()
                .map(|&u| scenario.unit_kinds[scenario.units[u].kind].crew as u64)
                .sum();
            (0..=full.min(u32::MAX as u64) as u32)
                .map(|n| {
                    let mut row = vec![0u8; slots.len()];
                    each_unit_crewed(scenario, s, n, cap, premises, |u, c| {
                        let i = slots.binary_search(&u).expect("a unit of the order");
                        row[i] = c.min(255) as u8
                    });
                    row
                })
                .collect()
        });
        let crews = StationCrews { slots, rows };
        debug_assert!(crews.row(StationCrews::NOBODY).iter().all(|&c| c == 0));
        crews
    }

    /// The row of nobody on duty at the station: every unit uncrewed.
    const NOBODY: (bool, usize) = (false, 0);

    /// The row for `n` on duty at the station (`premises`: at its temporary premises).
    #[inline]
    fn key(&self, premises: bool, n: u32) -> (bool, usize) {
        (
            premises,
            (n as usize).min(self.rows[premises as usize].len() - 1),
        )
    }

    #[inline]
    fn row(&self, (premises, n): (bool, usize)) -> &[u8] {
        &self.rows[premises as usize][n]
    }
}

#[cfg(test)]
mod tests {
    use super::super::nominal::base_at;
    use super::super::rota::on_duty_fixed;
    use super::*;

    /// Every day's crews of every unit the plain way (the rule as the module states it,
    /// walked for every station and day): what [`crewing_drawn`] must reproduce.
    fn every_day(scenario: &Scenario, rollout: &Rollout, seed: u64, rep: u64) -> Vec<Vec<u8>> {
        let absence = Absence::new(seed, rep);
        let share = rota_fixed(rota_share(scenario, rollout));
        let counts = (0..=200).flat_map(|h| rostered_counts(h, share));
        let table = AbsenteeTable::new(scenario.absence_rate, counts);
        (0..scenario.calendar.days())
            .map(|day| {
                let t = SimTime::from_days(day);
                let mut crews = vec![0u8; scenario.units.len()];
                for s in 0..scenario.stations.len() {
                    let on_duty = |k: usize, m: u32| {
                        let i = squad_draw_index(scenario, s, k);
                        on_duty_fixed(&absence, &table, i, m, day, share)
                    };
                    each_squad_crewed(scenario, rollout, s, t, on_duty, |u, c| {
                        crews[u] = c.min(255) as u8
                    });
                    let h = rollout.headcount_at(s, t);
                    if h > 0 {
                        let n = on_duty_fixed(&absence, &table, s, h, day, share);
                        let (premises, cap) = base_at(rollout, s, t);
                        each_unit_crewed(scenario, s, n, cap, premises, |u, c| {
                            crews[u] = c.min(255) as u8
                        });
                    }
                }
                crews
            })
            .collect()
    }

    #[test]
    fn the_timeline_is_every_drawn_day_that_changes_something() {
        // Replayed, the timeline must give the crews of every day that differ from the day
        // before, and only those.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml");
        let s = crate::prepare::load(&path).unwrap();
        for r in s.rollouts.iter().take(3) {
            let mut days: Vec<(SimTime, Vec<u8>)> = vec![];
            for (day, crews) in every_day(&s, r, s.seed, 2).into_iter().enumerate() {
                if days.last().is_none_or(|(_, last)| *last != crews) {
                    days.push((SimTime::from_days(day as i64), crews));
                }
            }
            let c = crewing_drawn(&s, r, s.seed, 2);
            assert!(days.len() > 1000, "{}: {} changes", r.name, days.len());
            assert_eq!(c.states().collect::<Vec<_>>(), days, "{}", r.name);
            let (t, crews) = &days[days.len() / 2];
            assert_eq!(&c.crews_at(*t), crews, "{}", r.name);
            assert_eq!(&c.crews_at(*t + SimTime::from_secs(3600.0)), crews);
        }
    }
}
