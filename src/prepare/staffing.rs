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

use crate::ground::engine::SimTime;
use crate::ground::random::{Purpose, mix64};
use crate::scenario::{Rollout, Scenario};

/// Which units are crewed, and by how many, from each change onwards: the changes' times
/// and, per change, only the units it changes (a drawn crewing changes most days; storing
/// every unit's crew per change cost a copy and two allocations a day).
#[derive(Clone, Debug, PartialEq)]
pub struct CrewingTimeline {
    /// When each change takes effect, sorted; the first is time zero.
    pub times: Vec<SimTime>,
    /// Per change `k`, the units whose crew it changes, with their new crew, in unit order:
    /// `diff[diff_starts[k]..diff_starts[k + 1]]` (change 0: from no crew at all). The
    /// model applies a day's change to these units only (a few of them, not every unit).
    pub diff: Vec<(u32, u8)>,
    /// Where each change's units start in `diff` (one more entry than changes).
    pub diff_starts: Vec<u32>,
    /// The number of units (the length of [`CrewingTimeline::states`]' crews).
    pub units: usize,
}

impl CrewingTimeline {
    /// An empty timeline of `units` units with room for `changes` changes.
    fn with_capacity(units: usize, changes: usize) -> CrewingTimeline {
        CrewingTimeline {
            times: Vec::with_capacity(changes),
            diff: vec![],
            diff_starts: vec![0],
            units,
        }
    }

    /// The units change `k` sets, with their new crew (see [`CrewingTimeline::diff`]).
    pub fn changed(&self, k: usize) -> &[(u32, u8)] {
        &self.diff[self.diff_starts[k] as usize..self.diff_starts[k + 1] as usize]
    }

    /// Each change's time with the firefighters on every unit from then on (0: not
    /// crewed), replayed from the changes.
    pub fn states(&self) -> impl Iterator<Item = (SimTime, Vec<u8>)> + '_ {
        let mut crews = vec![0u8; self.units];
        self.times.iter().enumerate().map(move |(k, &t)| {
            for &(u, c) in self.changed(k) {
                crews[u as usize] = c;
            }
            (t, crews.clone())
        })
    }

    /// The firefighters on every unit at time `t` (0: not crewed; before the first change,
    /// none).
    pub fn crews_at(&self, t: SimTime) -> Vec<u8> {
        let k = self.times.partition_point(|&from| from <= t);
        let mut crews = vec![0u8; self.units];
        for &(u, c) in &self.diff[..self.diff_starts[k] as usize] {
            crews[u as usize] = c;
        }
        crews
    }

    /// The span of change `k`: from its time to the next change's, or to `end`.
    pub fn span(&self, k: usize, end: SimTime) -> (SimTime, SimTime) {
        (self.times[k], self.times.get(k + 1).copied().unwrap_or(end))
    }

    /// Share of the horizon `[0, end)` each unit is crewed.
    pub fn crewed_share(&self, end: SimTime) -> Vec<f64> {
        let mut ms = vec![0i64; self.units];
        for (k, (t, crews)) in self.states().enumerate() {
            let next = self.span(k, end).1.min(end);
            for (u, &c) in crews.iter().enumerate() {
                if c > 0 && next > t {
                    ms[u] += (next - t).0;
                }
            }
        }
        let span = end.0.max(1) as f64;
        ms.into_iter().map(|m| m as f64 / span).collect()
    }
}

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
fn each_unit_crewed(
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
fn base_at(rollout: &Rollout, station: usize, t: SimTime) -> (bool, usize) {
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
fn squads_crewed(
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
fn each_squad_crewed(
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
fn squad_draw_index(scenario: &Scenario, station: usize, k: usize) -> usize {
    let before: usize = scenario.stations[..station]
        .iter()
        .map(|s| s.squads.len())
        .sum();
    scenario.stations.len() + before + k
}

/// Builds a timeline, keeping only the instants where something changes.
struct Builder {
    out: CrewingTimeline,
    /// The crews in force (the last change's), every unit.
    last: Vec<u8>,
}

impl Builder {
    fn new(units: usize, changes: usize) -> Builder {
        Builder {
            out: CrewingTimeline::with_capacity(units, changes),
            last: vec![0; units],
        }
    }

    /// Record `crews` from `t` on, unless they are the crews already in force.
    fn push(&mut self, t: SimTime, crews: &[u8]) {
        let out = &mut self.out;
        if !out.times.is_empty() && self.last == crews {
            return;
        }
        // Eight units at a time: a word's changed bytes are the non-zero bytes of its
        // exclusive or, visited lowest first (unit order; the word is little-endian).
        let word = |b: &[u8]| {
            let mut w = [0u8; 8];
            w[..b.len()].copy_from_slice(b);
            u64::from_le_bytes(w)
        };
        let words = crews.chunks(8).zip(self.last.chunks(8));
        for (w, (now, was)) in words.enumerate() {
            let mut x = word(now) ^ word(was);
            while x != 0 {
                let i = x.trailing_zeros() as usize / 8;
                out.diff.push(((w * 8 + i) as u32, now[i]));
                x &= !(0xFF << (i * 8));
            }
        }
        out.diff_starts.push(out.diff.len() as u32);
        out.times.push(t);
        self.last.copy_from_slice(crews);
    }
}

/// A schedule's headcount is derived by `crate::prepare` after loading: crewing one that
/// was not would silently leave its stations empty, a bug in the caller.
fn assert_prepared(rollout: &Rollout) {
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

/// The daily draws of one replication: one uniform per station × day (absentee counts,
/// [`AbsenteeTable`]), or per station × slot × day for other purposes.
#[derive(Clone, Copy, Debug)]
pub struct Absence {
    base: u64,
}

impl Absence {
    /// The draws of replication `rep` of a run with `seed` (the same for every rollout).
    pub fn new(seed: u64, rep: u64) -> Absence {
        Absence::for_purpose(seed, rep, Purpose::Absence)
    }

    /// Daily draws of the same shape for another purpose (neighbouring stations' availability).
    pub fn for_purpose(seed: u64, rep: u64, purpose: Purpose) -> Absence {
        Absence {
            base: mix64(mix64(mix64(seed) ^ rep) ^ purpose as u64),
        }
    }

    /// The uniform in `[0, 1)` of `slot` at `station` on `day`.
    #[inline]
    pub fn uniform(&self, station: u64, slot: u64, day: u64) -> f64 {
        Absence::uniform_of(self.day_key(station, day), slot)
    }

    /// The part of [`Absence::uniform`] shared by every slot of `station` on `day`.
    #[inline]
    fn day_key(&self, station: u64, day: u64) -> u64 {
        mix64(mix64(self.base ^ station) ^ day)
    }

    /// The uniform of `slot` from its station's [`Absence::day_key`].
    #[inline]
    fn uniform_of(day_key: u64, slot: u64) -> f64 {
        let z = mix64(day_key ^ slot);
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// The uniform of `station` on `day` as its 53 bits: the uniform is this times `2⁻⁵³`.
    #[inline]
    fn day_bits(&self, station: u64, day: u64) -> u64 {
        self.day_key(station, day) >> 11
    }
}

/// Whether slot `slot` is rostered on `day` when the rota rosters the share `r`:
/// `frac((day + slot)·r) < r`, in 32-bit fixed point so that a rational share (0.5 / 0.92
/// = 25/46) is not tipped over its boundary by rounding.
#[inline]
pub fn rostered(slot: u32, day: i64, r: f64) -> bool {
    match rota_fixed(r) {
        None => true,
        Some(share) => {
            let k = (day.max(0) as u64).wrapping_add(slot as u64);
            k.wrapping_mul(share) & 0xFFFF_FFFF < share
        }
    }
}

/// The rota share `r` in 32-bit fixed point, `None` when every slot is rostered (`r ≥ 1`).
#[inline]
fn rota_fixed(r: f64) -> Option<u64> {
    if r >= 1.0 {
        None
    } else {
        Some((r.max(0.0) * 4_294_967_296.0).round() as u64)
    }
}

/// Firefighters on duty on `day` at a station with `headcount` slots (numbered `station`
/// in the absence draws) under the rota share `r` and `absence_rate`.
pub fn on_duty_on_day(
    absence: &Absence,
    station: usize,
    headcount: u32,
    day: i64,
    r: f64,
    absence_rate: f64,
) -> u32 {
    let share = rota_fixed(r);
    let table = AbsenteeTable::new(absence_rate, rostered_counts(headcount, share));
    on_duty_fixed(absence, &table, station, headcount, day, share)
}

/// The slots of `0..headcount` the rota rosters on `day` ([`rostered`]), counted without
/// visiting them: `frac(k·r) < r` holds exactly when `⌊k·r⌋ − ⌊(k − 1)·r⌋ = 1` (for
/// `0 ≤ r < 1`), so over `k = day .. day + headcount` the count telescopes.
#[inline]
fn rostered_count(headcount: u32, day: i64, share: Option<u64>) -> u32 {
    let Some(share) = share else {
        return headcount;
    };
    let d = day.max(0) as i128;
    let floor = |k: i128| (k * share as i128) >> 32; // ⌊k·r⌋ in 32-bit fixed point
    (floor(d + headcount as i128 - 1) - floor(d - 1)) as u32
}

/// The rostered counts a headcount `h` can have under the share (in fixed point): the
/// telescoping count of [`rostered_count`] is `⌊x + h·r⌋ − ⌊x⌋`, so `⌊h·r⌋` or one more
/// (never above `h`); every slot when no share is given.
fn rostered_counts(h: u32, share: Option<u64>) -> [u32; 2] {
    match share {
        None => [h, h],
        Some(s) => {
            let lo = ((h as u64 * s) >> 32) as u32;
            [lo, (lo + 1).min(h)]
        }
    }
}

/// The binomial distribution of a day's absentees among `n` rostered firefighters, for
/// the counts `n` a crewing meets: `rows[n][j]` is `P(A ≤ j)` for `A ~ B(n, rate)`, scaled
/// to the 53 bits of a uniform, and the absentees are the least `j` whose threshold exceeds
/// the day's uniform (its inverse distribution function). Rows are built only for the
/// counts asked for (a station of any size costs one row per count it can roster, not a
/// row per count below it).
#[derive(Clone, Debug)]
pub struct AbsenteeTable {
    rows: Vec<Vec<u64>>,
}

impl AbsenteeTable {
    /// The table for `absence_rate`, with a row for each rostered count in `counts`.
    pub fn new(absence_rate: f64, counts: impl IntoIterator<Item = u32>) -> AbsenteeTable {
        let mut rows: Vec<Vec<u64>> = vec![];
        for n in counts {
            let n = n as usize;
            if rows.len() <= n {
                rows.resize(n + 1, Vec::new());
            }
            if rows[n].is_empty() {
                rows[n] = threshold_row(absence_rate, n);
            }
        }
        AbsenteeTable { rows }
    }

    /// The absentees among `n` rostered (a count the table was built for) at the uniform
    /// `bits · 2⁻⁵³`.
    #[inline]
    fn absentees(&self, n: u32, bits: u64) -> u32 {
        let t = &self.rows[n as usize];
        debug_assert_eq!(t.len(), n as usize + 1, "no absentee row for {n} rostered");
        if t.len() > 64 {
            // A large station: search the rising thresholds rather than walk them.
            return t.partition_point(|&tj| tj <= bits) as u32;
        }
        let mut j = 0;
        while bits >= t[j] {
            j += 1;
        }
        j as u32
    }
}

/// The thresholds `⌈P(A ≤ j)·2⁵³⌉` for `A ~ B(n, rate)`, `j = 0..=n` (the last is `2⁵³`).
/// The probabilities are built outwards from the mode (weight 1) by the ratio of successive
/// terms and then normalised, by multiplication and division only (the same bits on every
/// machine): terms far from the mode underflow to zero, as they are negligible, where a
/// start from `(1 − rate)ⁿ` would underflow for a large station and lose every term.
fn threshold_row(rate: f64, n: usize) -> Vec<u64> {
    const ONE: u64 = 1 << 53;
    let mut t = vec![ONE; n + 1];
    if rate >= 1.0 || rate.is_nan() {
        // everyone absent (a rate of 1; NaN never validates)
        t[..n].fill(0);
        return t;
    }
    if rate <= 0.0 || n == 0 {
        return t; // nobody absent
    }
    let ratio = rate / (1.0 - rate); // P(A = j + 1) / P(A = j) = (n − j)/(j + 1) · ratio
    let mode = (((n + 1) as f64 * rate).floor() as usize).min(n);
    let mut w = vec![0.0f64; n + 1];
    w[mode] = 1.0;
    for j in mode..n {
        w[j + 1] = w[j] * (n - j) as f64 / (j + 1) as f64 * ratio;
    }
    for j in (1..=mode).rev() {
        w[j - 1] = w[j] * j as f64 / ((n - j + 1) as f64 * ratio);
    }
    let total: f64 = w.iter().sum();
    let mut cdf = 0.0;
    for (tj, &wj) in t.iter_mut().zip(&w).take(n) {
        cdf += wj;
        *tj = (cdf / total * ONE as f64).ceil().min(ONE as f64) as u64;
    }
    t
}

/// [`on_duty_on_day`] with the share in fixed point ([`rota_fixed`]) and the absentee
/// table built once (it must reach `headcount`).
#[inline]
fn on_duty_fixed(
    absence: &Absence,
    table: &AbsenteeTable,
    station: usize,
    headcount: u32,
    day: i64,
    share: Option<u64>,
) -> u32 {
    let n = rostered_count(headcount, day, share);
    n - table.absentees(n, absence.day_bits(station as u64, day as u64))
}

/// The rota share of a rollout: the share of slots rostered each day.
pub fn rota_share(scenario: &Scenario, rollout: &Rollout) -> f64 {
    (rollout.on_duty_fraction / (1.0 - scenario.absence_rate)).min(1.0)
}

/// The crewing of replication `rep` (seed `seed`) under `rollout`: daily rota and absence,
/// changing at midnight (headcount steps and openings fall on dates).
pub fn crewing_drawn(
    scenario: &Scenario,
    rollout: &Rollout,
    seed: u64,
    rep: u64,
) -> CrewingTimeline {
    let days = scenario.calendar.days();
    let mut b = Builder::new(scenario.units.len(), days as usize);
    drawn_days(scenario, rollout, seed, rep, |t, crews| b.push(t, crews));
    b.out
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
                        row[slots.binary_search(&u).expect("a unit of the order")] =
                            c.min(255) as u8
                    });
                    row
                })
                .collect()
        });
        StationCrews { slots, rows }
    }

    /// The row for `n` on duty at the station (`premises`: at its temporary premises).
    fn key(&self, premises: bool, n: u32) -> (bool, usize) {
        (
            premises,
            (n as usize).min(self.rows[premises as usize].len() - 1),
        )
    }

    fn row(&self, (premises, n): (bool, usize)) -> &[u8] {
        &self.rows[premises as usize][n]
    }
}

/// [`crewing_drawn`] day by day: `day(midnight, crews of every unit)` for each day.
fn drawn_days(
    scenario: &Scenario,
    rollout: &Rollout,
    seed: u64,
    rep: u64,
    mut day_crews: impl FnMut(SimTime, &[u8]),
) {
    assert_prepared(rollout);
    let absence = Absence::new(seed, rep);
    let r = rota_share(scenario, rollout);
    let days = scenario.calendar.days();
    let share = rota_fixed(r);
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
    // Per station, the index of its headcount step in force (steps are sorted by time), and
    // the absence-draw index of its first squad.
    let mut step = vec![0usize; scenario.stations.len()];
    let squad_base: Vec<usize> = (0..scenario.stations.len())
        .map(|s| squad_draw_index(scenario, s, 0))
        .collect();
    let own: Vec<StationCrews> = (0..scenario.stations.len())
        .map(|s| StationCrews::new(scenario, rollout, s))
        .collect();
    // Per station, the row of `own` in force: its units' crews are rewritten only when
    // the row changes.
    let mut in_force: Vec<Option<(bool, usize)>> = vec![None; scenario.stations.len()];
    // One day's crews, reused: the timeline copies them only when they change.
    let mut crews = vec![0u8; scenario.units.len()];
    for day in 0..days {
        let t = SimTime::from_days(day);
        for s in 0..scenario.stations.len() {
            let steps = &rollout.headcount[s];
            while step[s] < steps.len() && steps[step[s]].0 <= t {
                step[s] += 1;
            }
            let h = if step[s] == 0 {
                0
            } else {
                steps[step[s] - 1].1
            };
            let on_duty = |k: usize, m: u32| {
                on_duty_fixed(&absence, &table, squad_base[s] + k, m, day, share)
            };
            for q in &scenario.stations[s].squads {
                crews[q.unit] = 0;
            }
            each_squad_crewed(scenario, rollout, s, t, on_duty, |u, c| {
                crews[u] = c.min(255) as u8
            });
            // Nobody to roster: no draw (the draws are per station and day, so skipping
            // one moves no other).
            let n = if h == 0 {
                0
            } else {
                on_duty_fixed(&absence, &table, s, h, day, share)
            };
            let key = own[s].key(t < rollout.opens_at[s], n);
            if in_force[s] != Some(key) {
                in_force[s] = Some(key);
                for (&u, &c) in own[s].slots.iter().zip(own[s].row(key)) {
                    crews[u] = c;
                }
            }
        }
        day_crews(t, &crews);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rota_rosters_its_share_of_slots_and_days() {
        for r in [0.45, 0.5, 0.543, 0.6] {
            for h in [9u32, 10, 17] {
                let counts: Vec<u32> = (0..1000)
                    .map(|d| (0..h).filter(|&i| rostered(i, d, r)).count() as u32)
                    .collect();
                let mean = counts.iter().sum::<u32>() as f64 / counts.len() as f64;
                assert!((mean - r * h as f64).abs() < 0.01, "r {r} h {h}: {mean}");
                let lo = (r * h as f64).floor() as u32;
                assert!(
                    counts.iter().all(|&c| c == lo || c == lo + 1),
                    "r {r} h {h}"
                );
            }
        }
        // r = 1/2: alternate days, alternate slots.
        assert!(rostered(0, 0, 0.5) && !rostered(0, 1, 0.5) && !rostered(1, 0, 0.5));
    }

    #[test]
    fn absence_uniforms_are_uniform_and_reproducible() {
        let a = Absence::new(7, 3);
        assert_eq!(a.uniform(1, 2, 3), Absence::new(7, 3).uniform(1, 2, 3));
        assert_ne!(a.uniform(1, 2, 3), Absence::new(7, 4).uniform(1, 2, 3));
        let n = 100_000;
        let below = (0..n)
            .filter(|&i| a.uniform(i % 20, i / 20, i % 7) < 0.1)
            .count();
        // Binomial(100000, 0.1): sd ≈ 95; 5 sd.
        assert!((below as i64 - 10_000).abs() < 475, "{below}");
    }

    #[test]
    fn the_rostered_count_is_the_slots_rostered() {
        for r in [0.0, 0.3, 0.5, 0.543, 0.9999, 1.0] {
            for h in 0..40 {
                for day in [0i64, 1, 2, 7, 365, 1826, 40_000] {
                    let slots = (0..h).filter(|&i| rostered(i, day, r)).count() as u32;
                    // The table holds a row for every count a day can roster.
                    assert!(
                        rostered_counts(h, rota_fixed(r)).contains(&slots),
                        "r {r} h {h}"
                    );
                    assert_eq!(
                        rostered_count(h, day, rota_fixed(r)),
                        slots,
                        "r {r} h {h} d {day}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_timeline_is_every_drawn_day_that_changes_something() {
        // The timeline keeps only the units each change sets; replayed, it must give the
        // crews of every day that differ from the day before, and only those.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml");
        let s = crate::prepare::load(&path).unwrap();
        for r in s.rollouts.iter().take(3) {
            let mut days: Vec<(SimTime, Vec<u8>)> = vec![];
            drawn_days(&s, r, s.seed, 2, |t, crews| {
                if days.last().is_none_or(|(_, last)| last.as_slice() != crews) {
                    days.push((t, crews.to_vec()));
                }
            });
            let c = crewing_drawn(&s, r, s.seed, 2);
            assert!(days.len() > 1000, "{}: {} changes", r.name, days.len());
            assert_eq!(c.states().collect::<Vec<_>>(), days, "{}", r.name);
            let (t, crews) = &days[days.len() / 2];
            assert_eq!(&c.crews_at(*t), crews, "{}", r.name);
            assert_eq!(&c.crews_at(*t + SimTime::from_secs(3600.0)), crews);
        }
    }

    #[test]
    fn absentees_are_binomial() {
        // Over 200,000 station-days, the on-duty count among 12 rostered (r = 1: every
        // slot) has the binomial mean and variance, and each count its binomial frequency.
        let (n, rate) = (12u32, 0.08);
        let a = Absence::new(3, 1);
        let table = AbsenteeTable::new(rate, [n]);
        let draws = 200_000;
        let mut freq = vec![0u32; n as usize + 1];
        for i in 0..draws {
            let k = on_duty_fixed(&a, &table, (i % 20) as usize, n, i / 20, None);
            freq[(n - k) as usize] += 1;
        }
        let mut pmf = (0..n).fold(1.0, |p: f64, _| p * (1.0 - rate));
        for (j, &f) in freq.iter().enumerate().take(6) {
            // each frequency within 5 binomial standard deviations of draws·P(A = j)
            let e = draws as f64 * pmf;
            let sd = (e * (1.0 - pmf)).sqrt();
            assert!(
                (f as f64 - e).abs() < 5.0 * sd + 1.0,
                "j {j}: {f} vs {e:.0}"
            );
            pmf *= (n - j as u32) as f64 / (j + 1) as f64 * rate / (1.0 - rate);
        }
        // The edges: nobody absent at rate 0, everybody at rate 1.
        assert_eq!(
            on_duty_fixed(&a, &AbsenteeTable::new(0.0, [n]), 0, n, 5, None),
            n
        );
        assert_eq!(
            on_duty_fixed(&a, &AbsenteeTable::new(1.0, [n]), 0, n, 5, None),
            0
        );
    }

    #[test]
    fn a_large_station_draws_its_absentees_too() {
        // 20,000 rostered at 8%: (1 − 0.08)^20000 underflows, yet the absentees keep their
        // binomial mean 1,600 and standard deviation 38.4 (mean of 2,000 days within 5
        // standard errors, 4.3).
        let (n, rate) = (20_000u32, 0.08);
        let a = Absence::new(5, 2);
        let table = AbsenteeTable::new(rate, [n]);
        let days = 2_000;
        let total: u64 = (0..days)
            .map(|d| (n - on_duty_fixed(&a, &table, 1, n, d, None)) as u64)
            .sum();
        let mean = total as f64 / days as f64;
        assert!(
            (mean - 1_600.0).abs() < 5.0 * 38.4 / (days as f64).sqrt(),
            "{mean}"
        );
    }

    #[test]
    fn more_firefighters_never_fewer_on_duty() {
        let a = Absence::new(1, 0);
        for day in 0..400 {
            let mut prev = 0;
            for h in 0..40 {
                let n = on_duty_on_day(&a, 3, h, day, 0.55, 0.08);
                assert!(n >= prev, "day {day} h {h}");
                prev = n;
            }
        }
    }
}
