//! Road-network travel at city scale: a synthetic 500 × 500 grid of streets (250,000 nodes,
//! 100 m blocks, every tenth street a primary road, every third residential street one-way
//! in alternating directions) with 250 stations on a regular lattice.
//!
//! - `network/build`: the graph (largest strongly connected component, both directions in
//!   compressed rows, nearest-node grid) and every station's forward and backward Dijkstra table, on
//!   the rayon pool (all cores), as a scenario load does without a cache hit.
//! - `estimate/network_lookup` vs `estimate/kolesar`: one dispatch estimate from a station
//!   to an incident site whose road node is known (the model looks nodes up once per
//!   incident), against today's Kolesar estimate for the same pairs (random pairs).
//! - `dispatch/*`: the estimates a dispatch makes, one site then its 16 nearest stations,
//!   for both models (throughput per estimate).
//! - `incident/network_locate`: an incident's road node and off-road leg (once per
//!   incident).
//!
//! The memory the model holds is printed once (tables: 2 × stations × nodes × 4 bytes).

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use firesim::ground::geo::{LatLon, Point, Projection};
use firesim::travel::network::{RoadGraph, Roads, Snap, Speeds, Tables, Way};
use firesim::travel::{Kolesar, Network, Place, TravelModel};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const SIDE: usize = 500;
const BLOCK_KM: f64 = 0.1;
const STATIONS_PER_SIDE: usize = 16; // 256 lattice points, the first 250 used
const STATIONS: usize = 250;

fn grid() -> (Roads, Projection) {
    let proj = Projection::new(LatLon { lat: 0.0, lon: 0.0 });
    let mut nodes = Vec::with_capacity(SIDE * SIDE);
    for y in 0..SIDE {
        for x in 0..SIDE {
            nodes.push(proj.unproject(Point {
                x_km: x as f64 * BLOCK_KM,
                y_km: y as f64 * BLOCK_KM,
            }));
        }
    }
    let mut ways = vec![];
    for line in 0..SIDE {
        let (class, oneway) = if line % 10 == 0 {
            ("primary", 0)
        } else if line % 3 == 0 {
            ("residential", if line % 2 == 0 { 1 } else { -1 })
        } else {
            ("residential", 0)
        };
        let row: Vec<u32> = (0..SIDE).map(|x| (line * SIDE + x) as u32).collect();
        let col: Vec<u32> = (0..SIDE).map(|y| (y * SIDE + line) as u32).collect();
        for nodes in [row, col] {
            ways.push(Way {
                id: ways.len() as i64,
                class: class.into(),
                oneway,
                maxspeed_kmh: None,
                nodes,
            });
        }
    }
    (Roads { nodes, ways }, proj)
}

fn station_points() -> Vec<Point> {
    let step = SIDE as f64 * BLOCK_KM / STATIONS_PER_SIDE as f64;
    (0..STATIONS)
        .map(|i| Point {
            x_km: (i % STATIONS_PER_SIDE) as f64 * step + step / 2.0 + 0.013,
            y_km: (i / STATIONS_PER_SIDE) as f64 * step + step / 2.0 + 0.007,
        })
        .collect()
}

fn build(roads: &Roads, proj: &Projection) -> Network {
    let speeds = Speeds::with(&BTreeMap::new(), 1.0);
    let g = RoadGraph::build(roads, &speeds, proj).expect("grid is routable");
    let snaps: Vec<Snap> = station_points().iter().map(|&p| g.snap(p)).collect();
    let t = Tables::compute(&g, &snaps, 15.0);
    Network::new(Arc::new(g), snaps, t, 15.0, 0.0, [1.0; 24])
}

fn bench_network(c: &mut Criterion) {
    let (roads, proj) = grid();
    let mut g = c.benchmark_group("network");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(1));
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("build", |b| b.iter(|| black_box(build(&roads, &proj))));
    g.finish();

    let net = build(&roads, &proj);
    let n = net.graph().len();
    let tables_mb = (2 * STATIONS * n * 4) as f64 / 1e6;
    let graph_mb = (net.graph().arcs() * 2 * 8 + n * (2 * 4 + 16 + 16 + 24)) as f64 / 1e6;
    eprintln!(
        "network: {n} nodes, {} arcs, {STATIONS} stations; tables {tables_mb:.0} MB, graph about {graph_mb:.0} MB",
        net.graph().arcs()
    );
    let stations: Vec<Place> = station_points()
        .iter()
        .enumerate()
        .map(|(s, &pos)| Place {
            pos,
            station: Some(s),
            zone: None,
            node: None,
        })
        .collect();
    let kolesar = Kolesar::new(57.0, 0.4, 1.3, 0.0);
    // Incident sites spread over the grid, their nodes looked up once: 4,096 (their rows of
    // the tables, 4 MB, stay in the processor's cache) and 131,072 (128 MB of rows: each
    // site's first read goes to memory, as in a long run over a large city).
    let mut warm = vec![];
    for count in [4_096usize, 131_072] {
        let sites = sites(&net, count);
        let mut g = c.benchmark_group("estimate");
        g.bench_function(format!("network_lookup/{count}_sites"), |b| {
            let mut f = random_pairs(&sites, &stations, |a, b| net.estimate_s(a, b));
            b.iter(|| black_box(f()))
        });
        g.bench_function(format!("kolesar/{count}_sites"), |b| {
            let mut f = random_pairs(&sites, &stations, |a, b| kolesar.estimate_s(a, b));
            b.iter(|| black_box(f()))
        });
        g.finish();

        // As a dispatch makes them: one incident site, then its nearest stations in turn
        // (the dispatch index's row for the site's node holds its 16 nearest by table
        // time; a dispatch stops after the first few of them). Per estimate.
        const ROW: usize = 16;
        let rows: Vec<[usize; ROW]> = sites
            .iter()
            .map(|site| {
                let v = site.node.expect("located").node;
                let mut by_time: Vec<(u32, usize)> = (0..STATIONS)
                    .map(|s| (net.from_station_ms(s, v), s))
                    .collect();
                by_time.sort_unstable();
                std::array::from_fn(|k| by_time[k].1)
            })
            .collect();
        let mut g = c.benchmark_group("dispatch");
        g.throughput(criterion::Throughput::Elements(ROW as u64));
        g.bench_function(format!("network_16_nearest/{count}_sites"), |b| {
            let mut f = per_site(&sites, &rows, &stations, |a, b| net.estimate_s(a, b));
            b.iter(|| black_box(f()))
        });
        g.bench_function(format!("kolesar_16_nearest/{count}_sites"), |b| {
            let mut f = per_site(&sites, &rows, &stations, |a, b| kolesar.estimate_s(a, b));
            b.iter(|| black_box(f()))
        });
        g.finish();
        if warm.is_empty() {
            warm = sites;
        }
    }
    let sites = warm;

    // Each incident's road node, looked up once per incident (the nearest-node grid).
    let mut g = c.benchmark_group("incident");
    g.bench_function("network_locate", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % sites.len();
            black_box(net.locate(black_box(sites[(i * 31) % sites.len()].pos)))
        })
    });
    g.finish();
}

/// `count` incident sites spread over the grid, each with its road node looked up.
fn sites(net: &Network, count: usize) -> Vec<Place> {
    let span = SIDE * 100 - 100; // metres: the grid's extent
    (0..count)
        .map(|i| {
            let pos = Point {
                x_km: (i * 7_919 % span) as f64 / 1_000.0 + 0.031,
                // (Shifted each period of the x sequence, so every site is a new place.)
                y_km: ((i * 6_373 + i / span * 1_237) % span) as f64 / 1_000.0 + 0.017,
            };
            Place {
                pos,
                station: None,
                zone: Some(0),
                node: Some(net.locate(pos)),
            }
        })
        .collect()
}

/// One estimate after another, from station `i mod S` to site `31 i mod sites` (i = 1, 2, …).
fn random_pairs<'a>(
    sites: &'a [Place],
    stations: &'a [Place],
    model: impl Fn(Place, Place) -> f64 + 'a,
) -> impl FnMut() -> f64 + 'a {
    let mut i = 0usize;
    move || {
        i = i.wrapping_add(1);
        let from = stations[i % stations.len()];
        let to = sites[(i * 31) % sites.len()];
        model(black_box(from), black_box(to))
    }
}

/// One dispatch's estimates after another: site by site (a stride through `sites`), from
/// each of the site's nearest stations in `rows`; the sum of the estimates.
fn per_site<'a, const ROW: usize>(
    sites: &'a [Place],
    rows: &'a [[usize; ROW]],
    stations: &'a [Place],
    model: impl Fn(Place, Place) -> f64 + 'a,
) -> impl FnMut() -> f64 + 'a {
    let mut i = 0usize;
    move || {
        i = (i + 1) % sites.len();
        let k = (i * 31) % sites.len();
        rows[k]
            .iter()
            .map(|&s| model(black_box(stations[s]), black_box(sites[k])))
            .sum()
    }
}

criterion_group!(benches, bench_network);
criterion_main!(benches);
