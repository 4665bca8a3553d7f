//! [`CrewingTimeline`]: which units are crewed, and by how many, from each change on; and
//! the builder that keeps only the instants where something changes.

use crate::ground::engine::SimTime;

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
    pub(super) fn with_capacity(units: usize, changes: usize) -> CrewingTimeline {
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

/// Builds a timeline from every unit's crews at each instant, keeping only the instants
/// where something changes (the nominal crewing: a few dozen instants; the drawn crewing
/// writes its changes directly).
pub(super) struct Builder {
    pub(super) out: CrewingTimeline,
    /// The crews in force (the last change's), every unit.
    last: Vec<u8>,
}

impl Builder {
    pub(super) fn new(units: usize, changes: usize) -> Builder {
        Builder {
            out: CrewingTimeline::with_capacity(units, changes),
            last: vec![0; units],
        }
    }

    /// Record `crews` from `t` on, unless they are the crews already in force.
    pub(super) fn push(&mut self, t: SimTime, crews: &[u8]) {
        let out = &mut self.out;
        if !out.times.is_empty() && self.last == crews {
            return;
        }
        for (u, (&c, &was)) in crews.iter().zip(&self.last).enumerate() {
            if c != was {
                out.diff.push((u as u32, c));
            }
        }
        out.diff_starts.push(out.diff.len() as u32);
        out.times.push(t);
        self.last.copy_from_slice(crews);
    }
}
