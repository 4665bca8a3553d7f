//! Who is on duty on a day: the rota's rostered slots, the day's absence draw (one uniform
//! per station and day) and the binomial absentee table it is inverted through.

use crate::ground::random::{Purpose, mix64};
use crate::scenario::{Rollout, Scenario};

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
        mix64(self.station_key(station) ^ day)
    }

    /// The part of [`Absence::day_key`] shared by every day of `station`.
    #[inline]
    pub(super) fn station_key(&self, station: u64) -> u64 {
        mix64(self.base ^ station)
    }

    /// [`Absence::day_bits`] from the station's [`Absence::station_key`].
    #[inline]
    pub(super) fn bits_of(station_key: u64, day: u64) -> u64 {
        mix64(station_key ^ day) >> 11
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
        Absence::bits_of(self.station_key(station), day)
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
pub(super) fn rota_fixed(r: f64) -> Option<u64> {
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
pub(super) fn rostered_count(headcount: u32, day: i64, share: Option<u64>) -> u32 {
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
pub(super) fn rostered_counts(h: u32, share: Option<u64>) -> [u32; 2] {
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
    pub(super) fn absentees(&self, n: u32, bits: u64) -> u32 {
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
pub(super) fn threshold_row(rate: f64, n: usize) -> Vec<u64> {
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
pub(super) fn on_duty_fixed(
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
