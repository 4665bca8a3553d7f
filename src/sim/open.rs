//! The incidents still open, by incident id: the model looks one up a dozen times in an
//! incident's life (its site, its response state, its record), so a lookup is an index
//! into a ring rather than a hash.
//!
//! Incidents are called in id order and mostly finish in about that order, so the open
//! ones lie in a short window of ids. The window is a ring of slots (a power of two;
//! id `i` sits at `i & mask`) that starts small and doubles as needed up to
//! [`MAX_WINDOW`]; an incident left open so long that the window cannot reach back to it
//! (one waiting all day for a kind that is never crewed) moves to a hash map of its own.
//! So memory follows the incidents open at once, never the length of the stream.

use nohash_hasher::IntMap;

/// Slots of a new window.
const FIRST_WINDOW: usize = 64;
/// The widest window (ids from the oldest open incident it holds to the newest): 16,384
/// slots, a few MB per model at most [estimate: a window that wide means an incident
/// open while 16,000 later ones were called, i.e. one that waits for days].
const MAX_WINDOW: usize = 1 << 14;

/// Open incidents keyed by id, ids inserted in increasing order.
pub(super) struct OpenIncidents<T> {
    /// Id `i` of the window `[base, base + slots.len())` is at `slots[i & mask]`.
    slots: Vec<Option<T>>,
    /// The oldest id the window holds (every id below it is closed or in `old`).
    base: u32,
    /// Incidents older than the window.
    old: IntMap<u32, T>,
}

impl<T> Default for OpenIncidents<T> {
    fn default() -> Self {
        OpenIncidents {
            slots: (0..FIRST_WINDOW).map(|_| None).collect(),
            base: 0,
            old: IntMap::default(),
        }
    }
}

impl<T> OpenIncidents<T> {
    /// Where id `i` sits in the window, if the window covers it.
    #[inline]
    fn slot(&self, i: u32) -> Option<usize> {
        let offset = i.wrapping_sub(self.base) as usize;
        (offset < self.slots.len()).then(|| i as usize & (self.slots.len() - 1))
    }

    /// The open incident `i`, if it is open.
    #[inline]
    pub(super) fn get(&self, i: u32) -> Option<&T> {
        match self.slot(i) {
            Some(s) => self.slots[s].as_ref(),
            None => self.old.get(&i),
        }
    }

    /// The open incident `i`, if it is open, to change.
    #[inline]
    pub(super) fn get_mut(&mut self, i: u32) -> Option<&mut T> {
        match self.slot(i) {
            Some(s) => self.slots[s].as_mut(),
            None => self.old.get_mut(&i),
        }
    }

    /// Whether incident `i` is open.
    pub(super) fn contains(&self, i: u32) -> bool {
        self.get(i).is_some()
    }

    /// Open incident `i` (the model opens incidents in id order).
    ///
    /// # Panics
    /// If `i` is open already, or older than the window (opened out of order).
    pub(super) fn insert(&mut self, i: u32, value: T) {
        assert!(i >= self.base, "incident {i} opened out of order");
        loop {
            // Closed incidents at the old end leave the window.
            while self.base < i && self.slots[self.base as usize & (self.slots.len() - 1)].is_none()
            {
                self.base += 1;
            }
            if ((i - self.base) as usize) < self.slots.len() {
                break;
            }
            if self.slots.len() < MAX_WINDOW {
                self.grow();
            } else {
                self.retire_oldest();
            }
        }
        let s = i as usize & (self.slots.len() - 1);
        assert!(self.slots[s].is_none(), "incident {i} opened twice");
        self.slots[s] = Some(value);
    }

    /// Close incident `i`, returning it if it was open.
    pub(super) fn remove(&mut self, i: u32) -> Option<T> {
        match self.slot(i) {
            Some(s) => self.slots[s].take(),
            None => self.old.remove(&i),
        }
    }

    /// Twice the slots, every open incident moved to its place in the wider ring.
    fn grow(&mut self) {
        let wider = self.slots.len() * 2;
        let mut slots: Vec<Option<T>> = (0..wider).map(|_| None).collect();
        let mask = self.slots.len() - 1;
        for offset in 0..self.slots.len() as u32 {
            let id = self.base.wrapping_add(offset);
            if let Some(v) = self.slots[id as usize & mask].take() {
                slots[id as usize & (wider - 1)] = Some(v);
            }
        }
        self.slots = slots;
    }

    /// The oldest incident of the window (open: closed ones have left) moves to `old`.
    fn retire_oldest(&mut self) {
        let s = self.base as usize & (self.slots.len() - 1);
        if let Some(v) = self.slots[s].take() {
            self.old.insert(self.base, v);
        }
        self.base += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use std::collections::HashMap;

    /// Random opening and closing, with some incidents left open for very long (so the
    /// window grows to its limit and retires them), against a plain hash map.
    #[test]
    fn agrees_with_a_hash_map() {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(5);
        let mut open = OpenIncidents::default();
        let mut reference: HashMap<u32, u64> = HashMap::new();
        let mut next = 0u32;
        for step in 0..200_000u64 {
            if rng.random::<f64>() < 0.5 {
                open.insert(next, step);
                reference.insert(next, step);
                next += 1;
            } else if next > 0 {
                // Mostly recent incidents close; 1 in 50 picks any id at all.
                let back = if rng.random::<f64>() < 0.02 {
                    rng.random_range(0..next)
                } else {
                    rng.random_range(0..next.min(20))
                };
                let i = next - 1 - back;
                assert_eq!(open.remove(i), reference.remove(&i), "remove {i}");
            }
            let probe = rng.random_range(0..next + 5);
            assert_eq!(open.get(probe), reference.get(&probe), "get {probe}");
            assert_eq!(open.contains(probe), reference.contains_key(&probe));
            if let Some(v) = open.get_mut(probe) {
                *v += 1;
                *reference.get_mut(&probe).expect("both hold it") += 1;
            }
        }
        assert!(open.slots.len() <= MAX_WINDOW);
        assert!(!open.old.is_empty(), "the test reaches the retiring path");
        for i in 0..next {
            assert_eq!(open.get(i), reference.get(&i), "final {i}");
        }
    }

    #[test]
    #[should_panic(expected = "out of order")]
    fn an_older_id_than_the_window_is_refused() {
        let mut open = OpenIncidents::default();
        open.insert(3, ());
        open.remove(3);
        open.insert(4, ());
        open.insert(2, ());
    }
}
