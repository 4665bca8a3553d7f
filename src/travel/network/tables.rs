//! The per-station shortest-path [`Tables`] (forward and backward, node-major), computed
//! once per run in parallel.

use super::graph::{RoadGraph, Snap};
use rayon::prelude::*;
use std::sync::Arc;

/// The per-station shortest-path tables, node-major: `fwd[v · S + s]` station `s` → node
/// `v`, `rev[v · S + s]` node `v` → station `s` (S stations), ms, including the station's
/// off-road leg. Node-major because a dispatch reads one incident node's times from
/// several stations: they share cache lines (`benches/network.rs`, `dispatch`). Shared,
/// not copied, by clones of the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Tables {
    /// Station → node.
    pub fwd: Arc<[u32]>,
    /// Node → station.
    pub rev: Arc<[u32]>,
}

/// Off-road leg of `distance_m` at `off_road_ms` (m/s), whole ms rounded up.
fn off_road_ms(distance_m: f64, off_road_ms: f64) -> u32 {
    (distance_m / off_road_ms * 1_000.0).ceil() as u32
}

impl Tables {
    /// One forward and one backward Dijkstra per station, in parallel (rayon); the same
    /// tables whatever the thread count. Stations go in blocks, each block's rows written
    /// into the node-major tables before the next is searched, so the memory held is the
    /// tables and one block's rows.
    pub fn compute(graph: &RoadGraph, stations: &[Snap], off_road_kmh: f64) -> Tables {
        const BLOCK: usize = 32;
        let (n, count) = (graph.len(), stations.len());
        let v = off_road_kmh / 3.6;
        // Allocated once, in place (a Vec turned into an `Arc<[u32]>` would be copied).
        let zeros = || std::iter::repeat_n(0u32, n * count).collect::<Arc<[u32]>>();
        let (mut fwd_arc, mut rev_arc) = (zeros(), zeros());
        let fwd = Arc::get_mut(&mut fwd_arc).expect("just made: not shared");
        let rev = Arc::get_mut(&mut rev_arc).expect("just made: not shared");
        for (b, block) in stations.chunks(BLOCK).enumerate() {
            let (to, from): (Vec<Vec<u32>>, Vec<Vec<u32>>) = block
                .par_iter()
                .map(|s| {
                    let off = off_road_ms(s.distance_m, v);
                    let add = |mut d: Vec<u32>| {
                        d.iter_mut().for_each(|x| *x = x.saturating_add(off));
                        d
                    };
                    (
                        add(graph.dijkstra(s.node, false)),
                        add(graph.dijkstra(s.node, true)),
                    )
                })
                .unzip();
            let first = b * BLOCK;
            let scatter = |table: &mut [u32], rows: &[Vec<u32>]| {
                table
                    .par_chunks_mut(count.max(1))
                    .enumerate()
                    .for_each(|(node, at)| {
                        for (k, r) in rows.iter().enumerate() {
                            at[first + k] = r[node];
                        }
                    });
            };
            scatter(fwd, &to);
            scatter(rev, &from);
        }
        Tables {
            fwd: fwd_arc,
            rev: rev_arc,
        }
    }
}
