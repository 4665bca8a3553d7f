//! The M/M/c queue as a firesim scenario with about 1,000,000 arrivals:
//! `benches/peers/mmc5.toml` (c = 5, λ/μ = 4, FIFO, one replication), the model SimPy runs
//! in `benches/peers/`. Whole replication (stream, model, statistics), customers per second.

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use firesim::prepare::{self, staffing};
use firesim::stats;
use firesim::study::runner;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn mmc(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/mmc5.toml");
    let s = prepare::load(&path).expect("benches/peers/mmc5.toml loads");
    let crewing = staffing::crewing(&s, &s.rollouts[0]);
    let policy = runner::policy(&s);
    let ctx = stats::RunContext::new(&s, &crewing, false);
    let (_, _, counts) = runner::replication_with(&s, &crewing, &policy, &ctx, s.seed, 0, false);
    let mut g = c.benchmark_group("mmc");
    g.throughput(Throughput::Elements(counts.incidents));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(6));
    g.bench_function("m_m_5_1e6_arrivals", |b| {
        b.iter(|| {
            black_box(runner::replication_with(
                &s, &crewing, &policy, &ctx, s.seed, 0, false,
            ))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = mmc
}
criterion_main!(benches);
