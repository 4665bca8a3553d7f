//! The hold model of `benches/engine.rs` as a plain program, for instruction counts under
//! `valgrind --tool=callgrind` (criterion's own loop would drown the signal) and for quick
//! timings: `cargo run --release --example hold -- binary_heap 1000 10000000`.
//!
//! Prints the backing, the queue size, the holds done, the seconds taken and events/s.

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
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
struct Ev(u32);

impl EventClass for Ev {
    fn class(&self) -> u8 {
        (self.0 & 1) as u8
    }
}

const RING: usize = 1 << 16;

fn run<Q: PendingQueue<Ev>>(n: usize, holds: usize) -> f64 {
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(7);
    let exp = Exp::new(1.0).expect("rate 1 is valid");
    let inc: Vec<SimTime> = (0..RING)
        .map(|_| SimTime::from_secs(exp.sample(&mut rng)))
        .collect();
    let mut q = EventQueue::<Ev, Q>::with_backing();
    for i in 0..n {
        q.schedule(inc[i % RING], Ev(i as u32));
    }
    let started = Instant::now();
    for k in 0..holds {
        let (t, ev) = q.pop().expect("the hold model never empties");
        q.schedule(t + inc[k & (RING - 1)], black_box(ev));
    }
    started.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let backing = args.get(1).map_or("binary_heap", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000);
    let holds: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let secs = match backing {
        "binary_heap" => run::<HeapQueue<Ev>>(n, holds),
        "quad_heap" => run::<QuadHeap<Ev>>(n, holds),
        "priority_queue_crate" => run::<PriorityQueueCrate<Ev>>(n, holds),
        "radix_heap" => run::<RadixHeap<Ev>>(n, holds),
        other => {
            eprintln!("unknown backing `{other}` (binary_heap, quad_heap, priority_queue_crate)");
            std::process::exit(2);
        }
    };
    println!(
        "{backing} N={n}: {holds} holds in {secs:.3} s = {:.1} M events/s",
        holds as f64 / secs / 1e6
    );
}
