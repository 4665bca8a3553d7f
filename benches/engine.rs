//! The classic hold model on the bare event engine: `N` events pending; each step pops the
//! earliest and schedules a replacement an exponential increment later, so the queue size
//! stays `N`. Reports events (holds) per second for each [`PendingQueue`] backing.
//!
//! The increments (mean 1 s, on the millisecond clock) are drawn before timing from a fixed
//! seed and replayed from a ring, so the timed part is queue work only.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use firesim::ground::engine::{
    EventClass, EventQueue, HeapQueue, Key, PendingQueue, QuadHeap, RadixHeap, SimTime,
};

/// The `priority-queue` crate's backing (a dev-dependency; not in the library).
#[path = "../src/ground/engine/priority_queue_crate.rs"]
mod priority_queue_crate;
use priority_queue_crate::PriorityQueueCrate;
use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use std::hint::black_box;
use std::time::Duration;

/// Holds per timed iteration.
const HOLDS: usize = 10_000;
/// Length of the replayed ring of increments (a power of two).
const RING: usize = 1 << 16;

#[derive(Debug, Clone, Copy)]
struct Ev(u32);

impl EventClass for Ev {
    fn class(&self) -> u8 {
        (self.0 & 1) as u8
    }
}

fn increments() -> Vec<SimTime> {
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(7);
    let exp = Exp::new(1.0).expect("rate 1 is valid");
    (0..RING)
        .map(|_| SimTime::from_secs(exp.sample(&mut rng)))
        .collect()
}

fn hold<Q: PendingQueue<Ev>>(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    n: usize,
    inc: &[SimTime],
) {
    let mut q = EventQueue::<Ev, Q>::with_backing();
    for i in 0..n {
        q.schedule(inc[i % RING], Ev(i as u32));
    }
    let mut k = 0usize;
    c.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
        b.iter(|| {
            for _ in 0..HOLDS {
                let (t, ev) = q.pop().expect("the hold model never empties");
                q.schedule(t + inc[k & (RING - 1)], black_box(ev));
                k += 1;
            }
        })
    });
}

fn engine(c: &mut Criterion) {
    let inc = increments();
    let mut g = c.benchmark_group("hold");
    g.throughput(Throughput::Elements(HOLDS as u64));
    g.sample_size(30);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(2));
    for n in [10, 1_000, 100_000] {
        hold::<HeapQueue<Ev>>(&mut g, "binary_heap", n, &inc);
        hold::<QuadHeap<Ev>>(&mut g, "quad_heap", n, &inc);
        hold::<RadixHeap<Ev>>(&mut g, "radix_heap", n, &inc);
        hold::<PriorityQueueCrate<Ev>>(&mut g, "priority_queue_crate", n, &inc);
    }
    g.finish();
}

criterion_group! {
    name = benches;
    // No plots: the plotters backend needs system fonts this machine may lack, and the
    // numbers are what a regression check reads.
    config = Criterion::default().without_plots();
    targets = engine
}
criterion_main!(benches);
