//! The pending-event queue and its total order.
//!
//! Two interchangeable backings implement [`PendingQueue`]: [`HeapQueue`] over
//! `std::collections::BinaryHeap` (the default) and [`PriorityQueueCrate`] over the
//! `priority-queue` crate. The benchmark `benches/engine.rs` measures both on the classic
//! hold model; see ARCHITECTURE.md for the numbers and why the default is the binary heap.

use super::SimTime;
use priority_queue::PriorityQueue;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet};

/// Which class an event belongs to. Among events at the same instant, lower classes run first;
/// among events of the same class, the one scheduled first runs first.
pub trait EventClass {
    /// The tie-breaking class of this event (lower runs first).
    fn class(&self) -> u8;
}

/// The identity of a scheduled event, for lazy cancellation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventId(u64);

/// The total order of pending events: time, then class, then scheduling sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// When the event fires.
    pub time: SimTime,
    /// Tie-break class (lower first).
    pub class: u8,
    /// Scheduling sequence number (earlier first); unique per queue.
    pub seq: u64,
}

/// A min-queue of keyed items: the backing store of an [`EventQueue`].
pub trait PendingQueue<T>: Default {
    /// Insert an item with its key.
    fn push(&mut self, key: Key, item: T);
    /// Remove and return the item with the smallest key.
    fn pop(&mut self) -> Option<(Key, T)>;
    /// Number of items held.
    fn len(&self) -> usize;
    /// Whether no items are held.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

struct Entry<T> {
    key: Key,
    item: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<T> Eq for Entry<T> {}
impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: reverse so the smallest key surfaces first.
        other.key.cmp(&self.key)
    }
}

/// [`PendingQueue`] over `std::collections::BinaryHeap`, items stored inline.
pub struct HeapQueue<T> {
    heap: BinaryHeap<Entry<T>>,
}

impl<T> Default for HeapQueue<T> {
    fn default() -> Self {
        HeapQueue {
            heap: BinaryHeap::new(),
        }
    }
}

impl<T> PendingQueue<T> for HeapQueue<T> {
    fn push(&mut self, key: Key, item: T) {
        self.heap.push(Entry { key, item });
    }
    fn pop(&mut self) -> Option<(Key, T)> {
        self.heap.pop().map(|e| (e.key, e.item))
    }
    fn len(&self) -> usize {
        self.heap.len()
    }
}

/// [`PendingQueue`] over the `priority-queue` crate. That crate is an *indexed* priority
/// queue (it supports changing an item's priority), so items need a hashable identity: the
/// sequence number, with the payloads kept in a side map. Kept for the benchmark.
pub struct PriorityQueueCrate<T> {
    queue: PriorityQueue<u64, Reverse<Key>>,
    items: HashMap<u64, T>,
}

impl<T> Default for PriorityQueueCrate<T> {
    fn default() -> Self {
        PriorityQueueCrate {
            queue: PriorityQueue::new(),
            items: HashMap::new(),
        }
    }
}

impl<T> PendingQueue<T> for PriorityQueueCrate<T> {
    fn push(&mut self, key: Key, item: T) {
        self.queue.push(key.seq, Reverse(key));
        self.items.insert(key.seq, item);
    }
    fn pop(&mut self) -> Option<(Key, T)> {
        let (seq, Reverse(key)) = self.queue.pop()?;
        let item = self.items.remove(&seq)?;
        Some((key, item))
    }
    fn len(&self) -> usize {
        self.queue.len()
    }
}

/// The event queue a model drives: schedule events, pop them in `(time, class, seq)` order.
pub struct EventQueue<E, Q: PendingQueue<E> = HeapQueue<E>> {
    pending: Q,
    next_seq: u64,
    now: SimTime,
    cancelled: HashSet<u64>,
    popped: u64,
    _marker: std::marker::PhantomData<E>,
}

impl<E: EventClass> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: EventClass> EventQueue<E> {
    /// An empty queue over the default backing ([`HeapQueue`]).
    pub fn new() -> Self {
        Self::with_backing()
    }
}

impl<E: EventClass, Q: PendingQueue<E>> EventQueue<E, Q> {
    /// An empty queue over the backing `Q`.
    pub fn with_backing() -> Self {
        EventQueue {
            pending: Q::default(),
            next_seq: 0,
            now: SimTime::ZERO,
            cancelled: HashSet::new(),
            popped: 0,
            _marker: std::marker::PhantomData,
        }
    }

    /// The time of the last popped event.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Number of events popped so far (cancelled ones not counted).
    pub fn events_processed(&self) -> u64 {
        self.popped
    }

    /// Number of pending entries (including lazily cancelled ones not yet surfaced).
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no entries are pending.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Schedule `event` at `time`.
    ///
    /// # Panics
    /// If `time` is before the current time: the model would be rewriting the past, which is
    /// a broken engine invariant, not a user error.
    pub fn schedule(&mut self, time: SimTime, event: E) -> EventId {
        assert!(
            time >= self.now,
            "event scheduled in the past: {time} < now {}",
            self.now
        );
        let seq = self.next_seq;
        self.next_seq += 1;
        let key = Key {
            time,
            class: event.class(),
            seq,
        };
        self.pending.push(key, event);
        EventId(seq)
    }

    /// Cancel a scheduled event; it is skipped when it surfaces. Cancelling an event that
    /// already fired has no effect.
    pub fn cancel(&mut self, id: EventId) {
        if id.0 < self.next_seq {
            self.cancelled.insert(id.0);
        }
    }

    /// Remove and return the next event, advancing the clock to its time.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        loop {
            let (key, event) = self.pending.pop()?;
            if !self.cancelled.is_empty() && self.cancelled.remove(&key.seq) {
                continue;
            }
            self.now = key.time;
            self.popped += 1;
            return Some((key.time, event));
        }
    }

    /// The time of the next pending entry, if any (it may be a cancelled one).
    pub fn peek_time(&mut self) -> Option<SimTime> {
        // Both backings pop the minimum; to peek without a dedicated API, pop and re-push
        // keeps the key (and so the order) unchanged.
        let (key, event) = self.pending.pop()?;
        let t = key.time;
        self.pending.push(key, event);
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Ev {
        Low(u32),
        High(u32),
    }
    impl EventClass for Ev {
        fn class(&self) -> u8 {
            match self {
                Ev::High(_) => 0,
                Ev::Low(_) => 1,
            }
        }
    }

    fn drain<Q: PendingQueue<Ev>>(mut q: EventQueue<Ev, Q>) -> Vec<(i64, Ev)> {
        let mut out = vec![];
        while let Some((t, e)) = q.pop() {
            out.push((t.0, e));
        }
        out
    }

    fn fill<Q: PendingQueue<Ev>>() -> EventQueue<Ev, Q> {
        let mut q = EventQueue::<Ev, Q>::with_backing();
        q.schedule(SimTime(10), Ev::Low(1));
        q.schedule(SimTime(5), Ev::Low(2));
        q.schedule(SimTime(10), Ev::High(3));
        q.schedule(SimTime(10), Ev::Low(4));
        let c = q.schedule(SimTime(7), Ev::Low(5));
        q.cancel(c);
        q
    }

    #[test]
    fn orders_by_time_then_class_then_sequence() {
        let expect = vec![
            (5, Ev::Low(2)),
            (10, Ev::High(3)),
            (10, Ev::Low(1)),
            (10, Ev::Low(4)),
        ];
        assert_eq!(drain(fill::<HeapQueue<Ev>>()), expect);
        assert_eq!(drain(fill::<PriorityQueueCrate<Ev>>()), expect);
    }

    #[test]
    fn clock_follows_popped_events_and_counts_them() {
        let mut q = fill::<HeapQueue<Ev>>();
        assert_eq!(q.peek_time(), Some(SimTime(5)));
        q.pop();
        assert_eq!(q.now(), SimTime(5));
        assert_eq!(q.events_processed(), 1);
    }

    #[test]
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_is_an_invariant_violation() {
        let mut q = fill::<HeapQueue<Ev>>();
        q.pop();
        q.schedule(SimTime(1), Ev::Low(9));
    }
}
