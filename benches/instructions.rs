//! The workloads of the instruction-count gate (`benches/gate.sh`), run one at a time under
//! Valgrind's callgrind. Each workload's setup (loading the scenario, the dispatch station
//! order, the ring of hold increments) happens first; only the call of a `gate_measured_*`
//! function is counted (`--toggle-collect='*gate_measured_*'`), so the count is the work
//! of the simulation itself.
//!
//! ```sh
//! target/release/deps/instructions-<hash> hold     # one workload, no Valgrind: a smoke run
//! benches/gate.sh                                  # all three under callgrind, checked
//! ```
//!
//! - `hold`: the engine's hold model (the model's `QuadHeap` backing) at 1,000 pending
//!   events, 100,000 holds after 10,000 unmeasured ones;
//! - `mmc5`: one replication of `benches/peers/mmc5.toml` over its first 10 days (about
//!   27,000 customers) instead of the year;
//! - `dafeng`: one replication of `scenarios/dafeng.toml`'s first rollout, the whole 5-year
//!   horizon, drawn crewing included (as `firesim run` plays a replication).
//!
//! Without a workload name (as `cargo bench` runs every bench) it does nothing.

use firesim::ground::engine::{EventClass, EventQueue, QuadHeap, SimTime};
use firesim::prepare::{self, staffing};
use firesim::scenario::Scenario;
use firesim::sim::dispatch::Closest;
use firesim::stats;
use firesim::study::runner;
use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use std::hint::black_box;
use std::path::Path;

/// Pending events in the hold model.
const PENDING: usize = 1_000;
/// Measured holds.
const HOLDS: usize = 100_000;
/// Length of the replayed ring of increments (a power of two).
const RING: usize = 1 << 16;

#[derive(Debug, Clone, Copy)]
struct Ev(u32);

impl EventClass for Ev {
    fn class(&self) -> u8 {
        (self.0 & 1) as u8
    }
}

type Queue = EventQueue<Ev, QuadHeap<Ev>>;

fn holds(q: &mut Queue, inc: &[SimTime], k: &mut usize, n: usize) {
    for _ in 0..n {
        let (t, ev) = q.pop().expect("the hold model never empties");
        q.schedule(t + inc[*k & (RING - 1)], black_box(ev));
        *k += 1;
    }
}

#[inline(never)]
fn gate_measured_hold(q: &mut Queue, inc: &[SimTime], k: &mut usize) {
    holds(q, inc, k, HOLDS);
}

fn hold() -> u64 {
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(7);
    let exp = Exp::new(1.0).expect("rate 1 is valid");
    let inc: Vec<SimTime> = (0..RING)
        .map(|_| SimTime::from_secs(exp.sample(&mut rng)))
        .collect();
    let mut q = Queue::with_backing();
    for (i, &t) in inc.iter().take(PENDING).enumerate() {
        q.schedule(t, Ev(i as u32));
    }
    let mut k = 0;
    holds(&mut q, &inc, &mut k, HOLDS / 10);
    gate_measured_hold(&mut q, &inc, &mut k);
    HOLDS as u64
}

/// A scenario file with its horizon's last day replaced by `end` (if given).
fn load(file: &str, end: Option<&str>) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let mut text = std::fs::read_to_string(&path).expect("the scenario file reads");
    if let Some(end) = end {
        let line = text
            .lines()
            .find(|l| l.starts_with("end = "))
            .expect("a horizon end line")
            .to_string();
        text = text.replacen(&line, &format!("end = {end}"), 1);
    }
    prepare::from_str(&text, &path).expect("the scenario loads")
}

#[inline(never)]
fn gate_measured_replication(
    s: &Scenario,
    policy: &Closest,
    ctx: &stats::RunContext,
    drawn: bool,
) -> u64 {
    let crewing = if drawn {
        staffing::crewing_drawn(s, &s.rollouts[0], s.seed, 0)
    } else {
        staffing::crewing(s, &s.rollouts[0])
    };
    let (summary, _, counts) = runner::replication_with(s, &crewing, policy, ctx, s.seed, 0, false);
    black_box(summary);
    counts.incidents
}

fn replication(file: &str, end: Option<&str>, drawn: bool) -> u64 {
    let s = load(file, end);
    let policy = runner::policy(&s);
    let nominal = staffing::crewing(&s, &s.rollouts[0]);
    let ctx = stats::RunContext::new(&s, &nominal, false);
    gate_measured_replication(&s, &policy, &ctx, drawn)
}

fn main() {
    let name = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let n = match name.as_deref() {
        Some("hold") => hold(),
        Some("mmc5") => replication("benches/peers/mmc5.toml", Some("2021-01-10"), false),
        Some("dafeng") => replication("scenarios/dafeng.toml", None, true),
        _ => return,
    };
    println!("{} {n}", name.unwrap_or_default());
}
