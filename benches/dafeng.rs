//! One replication of the Dafeng default 5-year plan rollout (`scenarios/dafeng.toml`, its
//! first rollout, seed from the file, replication 0): incident stream, the whole model and
//! the per-replication statistics, reported in incidents per second: `replication` with
//! the drawn crewing (daily rota and absence) built outside the timed part, as before, and
//! `replication_with_crewing` with it inside, as `firesim run` does per replication.
//! Loading the scenario and the dispatch station order (once per run) are outside both.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firesim::prepare::{self, staffing};
use firesim::stats;
use firesim::study::runner;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn dafeng(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml");
    let s = prepare::load(&path).expect("scenarios/dafeng.toml loads");
    let crewing = staffing::crewing_drawn(&s, &s.rollouts[0], s.seed, 0);
    let policy = runner::policy(&s);
    let ctx = stats::RunContext::new(&s, &crewing, false);
    let (_, _, counts) = runner::replication_with(&s, &crewing, &policy, &ctx, s.seed, 0, false);
    let mut g = c.benchmark_group("dafeng");
    g.throughput(Throughput::Elements(counts.incidents));
    g.sample_size(50);
    g.measurement_time(Duration::from_secs(4));
    g.bench_function("replication", |b| {
        b.iter(|| {
            black_box(runner::replication_with(
                &s, &crewing, &policy, &ctx, s.seed, 0, false,
            ))
        })
    });
    g.bench_function("replication_with_crewing", |b| {
        b.iter(|| {
            let drawn = staffing::crewing_drawn(&s, &s.rollouts[0], s.seed, 0);
            black_box(runner::replication_with(
                &s, &drawn, &policy, &ctx, s.seed, 0, false,
            ))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = dafeng
}
criterion_main!(benches);
