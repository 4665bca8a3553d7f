//! City scale: one replication-year of the synthetic city `scenarios/bench/metro.toml`
//! (40 km square, 250 stations, ~700 units; written by `examples/gen_metro.rs`), at its own
//! demand of 1,000,000 incidents a year and scaled to 0.25, 0.5 and 2 million (the same
//! city with `annual_rate` changed in memory), to show time growing linearly with
//! incidents. Whole replication, no response records kept; incidents per second.

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use firesim::{runner, scenario, staffing};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn metro(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench/metro.toml");
    let base = scenario::load(&path).expect("scenarios/bench/metro.toml loads");
    let mut g = c.benchmark_group("metro");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.measurement_time(Duration::from_secs(10));
    for millions in [0.25, 0.5, 1.0, 2.0] {
        let mut s = base.clone();
        s.demand.annual_rate = millions * 1e6;
        let crewing = staffing::crewing(&s, &s.rollouts[0]);
        let policy = runner::policy(&s);
        let (_, _, counts) = runner::replication_with(&s, &crewing, &policy, s.seed, 0, false);
        g.throughput(Throughput::Elements(counts.incidents));
        g.bench_with_input(
            BenchmarkId::new("replication_year", format!("{millions}M")),
            &millions,
            |b, _| {
                b.iter(|| {
                    black_box(runner::replication_with(
                        &s, &crewing, &policy, s.seed, 0, false,
                    ))
                })
            },
        );
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = metro
}
criterion_main!(benches);
