//! Property tests (proptest) of the engine's and the statistics' invariants, over generated
//! schedules and samples rather than a few hand-picked ones:
//!
//! - events pop in `(time, class, sequence)` order, for any schedule, with cancellations
//!   and with scheduling interleaved with popping (checked against a plain reference
//!   model: the smallest pending key, found by a linear scan);
//! - every queue backing (`QuadHeap`, `HeapQueue`, `RadixHeap`, `PriorityQueueCrate`)
//!   pops the same events in the same order;
//! - histogram merging is commutative and associative, and merging the histograms of two
//!   samples gives the histogram of the concatenated sample.
//!
//! Times are drawn both from a narrow range (many equal times, so the class and sequence
//! tie-breaks decide) and from the whole non-negative clock. A failing case is shrunk by
//! proptest to a minimal schedule and printed.

use firesim::ground::engine::{
    EventClass, EventQueue, HeapQueue, Key, PendingQueue, QuadHeap, RadixHeap, SimTime,
};

/// The `priority-queue` crate's backing (a dev-dependency; not in the library).
#[path = "../src/ground/engine/priority_queue_crate.rs"]
mod priority_queue_crate;
use firesim::stats::Histogram;
use priority_queue_crate::PriorityQueueCrate;
use proptest::prelude::*;

/// A test event: its tie-break class and the order it was scheduled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ev {
    class: u8,
    seq: u64,
}

impl EventClass for Ev {
    fn class(&self) -> u8 {
        self.class
    }
}

/// One step of a schedule.
#[derive(Clone, Debug)]
enum Op {
    /// Schedule an event `delay` ms after the current time, of `class`.
    Schedule { delay: i64, class: u8 },
    /// Cancel the `k`-th scheduled event (modulo the number scheduled so far).
    Cancel(usize),
    /// Pop the next event.
    Pop,
}

/// Delays: mostly short (ties), sometimes anywhere up to 2^50 ms (35,000 years).
fn delay() -> impl Strategy<Value = i64> {
    prop_oneof![4 => 0..20i64, 1 => 0..(1i64 << 50)]
}

/// Classes: a few (ties within a class) or any.
fn class() -> impl Strategy<Value = u8> {
    prop_oneof![3 => 0..3u8, 1 => any::<u8>()]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (delay(), class()).prop_map(|(delay, class)| Op::Schedule { delay, class }),
        1 => any::<usize>().prop_map(Op::Cancel),
        3 => Just(Op::Pop),
    ]
}

/// Play `ops` on an event queue over backing `Q`, then drain it; the popped
/// `(time, event)` in order.
fn play<Q: PendingQueue<Ev>>(ops: &[Op]) -> Vec<(i64, Ev)> {
    let mut q = EventQueue::<Ev, Q>::with_backing();
    let mut ids = vec![];
    let mut out = vec![];
    for op in ops {
        match *op {
            Op::Schedule { delay, class } => {
                let ev = Ev {
                    class,
                    seq: ids.len() as u64,
                };
                ids.push(q.schedule(SimTime(q.now().0 + delay), ev));
            }
            Op::Cancel(k) if !ids.is_empty() => q.cancel(ids[k % ids.len()]),
            Op::Cancel(_) => {}
            Op::Pop => out.extend(q.pop().map(|(t, e)| (t.0, e))),
        }
    }
    while let Some((t, e)) = q.pop() {
        out.push((t.0, e));
    }
    out
}

/// The reference: pending events in a plain list, each pop takes the smallest
/// `(time, class, seq)` by a linear scan; a cancelled event is dropped from the list at once
/// (cancelling one that already fired has no effect).
fn reference(ops: &[Op]) -> Vec<(i64, Ev)> {
    fn pop_min(pending: &mut Vec<(i64, Ev)>) -> Option<(i64, Ev)> {
        let i = (0..pending.len())
            .min_by_key(|&i| (pending[i].0, pending[i].1.class, pending[i].1.seq))?;
        Some(pending.swap_remove(i))
    }
    let mut pending: Vec<(i64, Ev)> = vec![];
    let (mut now, mut scheduled) = (0i64, 0u64);
    let mut out = vec![];
    for op in ops {
        match *op {
            Op::Schedule { delay, class } => {
                let seq = scheduled;
                pending.push((now + delay, Ev { class, seq }));
                scheduled += 1;
            }
            Op::Cancel(k) if scheduled > 0 => {
                let seq = (k % scheduled as usize) as u64;
                pending.retain(|(_, e)| e.seq != seq);
            }
            Op::Cancel(_) => {}
            Op::Pop => {
                if let Some((t, e)) = pop_min(&mut pending) {
                    now = t;
                    out.push((t, e));
                }
            }
        }
    }
    while let Some(next) = pop_min(&mut pending) {
        out.push(next);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Everything scheduled first, then drained: the pops are the scheduled events less the
    /// cancelled ones, sorted by (time, class, seq).
    #[test]
    fn a_full_schedule_pops_sorted_by_time_class_seq(
        events in prop::collection::vec((prop_oneof![3 => 0..10i64, 1 => 0..i64::MAX], class()), 0..200),
        cancel in prop::collection::vec(any::<prop::sample::Index>(), 0..20),
    ) {
        let mut q = EventQueue::<Ev>::new();
        let mut ids = vec![];
        for (seq, &(t, class)) in events.iter().enumerate() {
            ids.push(q.schedule(SimTime(t), Ev { class, seq: seq as u64 }));
        }
        let mut gone = std::collections::HashSet::new();
        if !ids.is_empty() {
            for c in &cancel {
                let k = c.index(ids.len());
                q.cancel(ids[k]);
                gone.insert(k as u64);
            }
        }
        let mut popped = vec![];
        while let Some((t, e)) = q.pop() {
            popped.push((t.0, e.class, e.seq));
        }
        let mut want: Vec<(i64, u8, u64)> = events
            .iter()
            .enumerate()
            .map(|(seq, &(t, class))| (t, class, seq as u64))
            .filter(|(_, _, seq)| !gone.contains(seq))
            .collect();
        want.sort();
        prop_assert_eq!(popped, want);
        prop_assert!(q.is_empty());
    }

    /// Scheduling, cancelling and popping interleaved: every pop is the smallest pending
    /// (time, class, seq), the clock never runs backwards, and the count is right.
    #[test]
    fn interleaved_schedules_pop_the_smallest_pending_key(ops in prop::collection::vec(op(), 0..300)) {
        let got = play::<QuadHeap<Ev>>(&ops);
        prop_assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "the clock ran backwards");
        prop_assert_eq!(got, reference(&ops));
    }

    /// Every backing pops the same events in the same order (so the backing can never
    /// change results).
    #[test]
    fn every_backing_pops_the_same_order(ops in prop::collection::vec(op(), 0..300)) {
        let quad = play::<QuadHeap<Ev>>(&ops);
        prop_assert_eq!(&quad, &play::<HeapQueue<Ev>>(&ops));
        prop_assert_eq!(&quad, &play::<RadixHeap<Ev>>(&ops));
        prop_assert_eq!(&quad, &play::<PriorityQueueCrate<Ev>>(&ops));
    }
}

/// Samples for histograms: mostly within the range, some beyond it (overflow), some
/// negative (counted in the first bin), and the odd non-finite value.
fn sample() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            8 => 0.0..120.0f64,
            1 => 120.0..1e9f64,
            1 => -50.0..0.0f64,
            1 => prop_oneof![Just(f64::INFINITY), Just(f64::NAN), Just(f64::NEG_INFINITY)],
        ],
        0..300,
    )
}

/// A histogram shape: 1 s bins up to 120 s (so overflow is common), or the report's
/// 10 s breakdown bins.
fn shape() -> impl Strategy<Value = fn() -> Histogram> {
    prop_oneof![
        Just((|| Histogram::new(1.0, 120.0)) as fn() -> Histogram),
        Just(Histogram::breakdown as fn() -> Histogram),
    ]
}

fn hist(new: fn() -> Histogram, xs: &[f64]) -> Histogram {
    let mut h = new();
    for &x in xs {
        h.record(x);
    }
    h
}

fn merged(a: &Histogram, b: &Histogram) -> Histogram {
    let mut m = a.clone();
    m.merge(b);
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// a + b == b + a.
    #[test]
    fn histogram_merge_is_commutative(new in shape(), a in sample(), b in sample()) {
        let (ha, hb) = (hist(new, &a), hist(new, &b));
        prop_assert_eq!(merged(&ha, &hb), merged(&hb, &ha));
    }

    /// (a + b) + c == a + (b + c).
    #[test]
    fn histogram_merge_is_associative(new in shape(), a in sample(), b in sample(), c in sample()) {
        let (ha, hb, hc) = (hist(new, &a), hist(new, &b), hist(new, &c));
        prop_assert_eq!(merged(&merged(&ha, &hb), &hc), merged(&ha, &merged(&hb, &hc)));
    }

    /// hist(a) + hist(b) == hist(a ++ b), down to every quantile and share, and the
    /// empty histogram is the identity.
    #[test]
    fn merging_histograms_equals_the_histogram_of_the_concatenation(
        new in shape(), a in sample(), b in sample(),
    ) {
        let both: Vec<f64> = a.iter().chain(&b).copied().collect();
        let (m, whole) = (merged(&hist(new, &a), &hist(new, &b)), hist(new, &both));
        prop_assert_eq!(&m, &whole);
        prop_assert_eq!(m.len(), both.len() as u64);
        let qs = [0.0, 0.1, 0.5, 0.9, 0.99, 1.0];
        let (qm, qw) = (m.quantiles(&qs), whole.quantiles(&qs));
        prop_assert!(qm.iter().zip(&qw).all(|(x, y)| x == y || (x.is_nan() && y.is_nan())));
        for x in [0.0, 30.0, 60.0, 119.0, 1e4] {
            let (sm, sw) = (m.share_below(x), whole.share_below(x));
            prop_assert!(sm == sw || (sm.is_nan() && sw.is_nan()));
        }
        prop_assert_eq!(merged(&m, &new()), m.clone());
        prop_assert_eq!(merged(&new(), &m), m);
    }
}
