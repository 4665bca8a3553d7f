//! City scale: one replication-year of the synthetic city `scenarios/bench/metro.toml`
//! (40 km square, 250 stations, ~700 units, ~1,000,000 incidents a year; written by
//! `examples/gen_metro.rs`), and the same city over 3, 6 and 24 months (0.25, 0.5 and 2
//! million incidents: the generator with only `days` changed, built in memory) to show time
//! growing linearly with incidents. Whole replication, no response records kept;
//! incidents per second.

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use firesim::prepare::synthetic::{MetroParams, metro};
use firesim::prepare::{self, staffing};
use firesim::stats;
use firesim::study::runner;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn bench_metro(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench/metro.toml");
    let mut g = c.benchmark_group("metro");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.measurement_time(Duration::from_secs(10));
    for (label, days) in [("0.25M", 91), ("0.5M", 182), ("1M", 365), ("2M", 730)] {
        let s = if days == 365 {
            prepare::load(&path).expect("scenarios/bench/metro.toml loads")
        } else {
            let p = MetroParams {
                days,
                ..MetroParams::default()
            };
            prepare::from_str(&metro(&p), &path).expect("generated city is valid")
        };
        let crewing = staffing::crewing(&s, &s.rollouts[0]);
        let policy = runner::policy(&s);
        let ctx = stats::RunContext::new(&s, &crewing, false);
        let (_, _, counts) =
            runner::replication_with(&s, &crewing, &policy, &ctx, s.seed, 0, false);
        g.throughput(Throughput::Elements(counts.incidents));
        g.bench_with_input(BenchmarkId::new("replication", label), &days, |b, _| {
            b.iter(|| {
                black_box(runner::replication_with(
                    &s, &crewing, &policy, &ctx, s.seed, 0, false,
                ))
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = bench_metro
}
criterion_main!(benches);
