//! Building the routable [`RoadGraph`] from the roads (arcs in compressed rows, the
//! largest strongly connected component, the nearest-node grid) and searching it:
//! Dijkstra from a node, paths by road class, a station's [`Snap`].

use super::roads::{Roads, Speeds};
use crate::ground::geo::{LatLon, Point, Projection};
use crate::travel::group_rows;
use crate::travel::node_grid::NodeGrid;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};

/// A directed graph in compressed rows.
#[derive(Clone, Debug, Default)]
pub(super) struct Csr {
    pub(super) first: Vec<u32>,
    pub(super) head: Vec<u32>,
    pub(super) ms: Vec<u32>,
    /// Each arc's road class (index into [`RoadGraph::classes`]).
    class: Vec<u16>,
}

/// An arc: tail, head, time (ms), road class.
type Arc4 = (u32, u32, u32, u16);

impl Csr {
    fn new(n: usize, arcs: &[Arc4]) -> Csr {
        let (first, order) = group_rows(n, arcs.iter().map(|a| a.0 as usize));
        let arc = |k: &u32| arcs[*k as usize];
        Csr {
            first,
            head: order.iter().map(|k| arc(k).1).collect(),
            ms: order.iter().map(|k| arc(k).2).collect(),
            class: order.iter().map(|k| arc(k).3).collect(),
        }
    }
}

/// A road segment kept in the graph, for maps and calibration.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    /// End nodes (graph indices).
    pub a: u32,
    /// See `a`.
    pub b: u32,
    /// Index into [`RoadGraph::classes`].
    pub class: u16,
    /// One-way (along `a → b`).
    pub oneway: bool,
    /// Arc time, ms.
    pub ms: u32,
}

static GRAPH_IDS: AtomicU64 = AtomicU64::new(1);

/// The routable network: the largest strongly connected component of the drivable roads.
pub struct RoadGraph {
    pub(super) id: u64,
    /// Node positions, WGS84.
    pub lonlat: Vec<LatLon>,
    /// Node positions, projected.
    pub pos: Vec<Point>,
    fwd: Csr,
    pub(super) rev: Csr,
    /// Segments (one per way piece, whatever its directions).
    pub segments: Vec<Segment>,
    /// The `highway` classes of the segments.
    pub classes: Vec<String>,
    /// The fastest arc speed, km/h (bounds).
    pub top_kmh: f64,
    /// Nearest-node index.
    grid: NodeGrid,
}

impl std::fmt::Debug for RoadGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RoadGraph({} nodes, {} arcs)",
            self.pos.len(),
            self.fwd.head.len()
        )
    }
}

impl RoadGraph {
    /// The graph of `roads` at `speeds`; `None` when no drivable arc is left.
    pub fn build(roads: &Roads, speeds: &Speeds, projection: &Projection) -> Option<RoadGraph> {
        let pos: Vec<Point> = roads.nodes.iter().map(|&p| projection.project(p)).collect();
        let mut classes: Vec<String> = vec![];
        let mut arcs = vec![];
        let mut segs = vec![];
        let mut top_kmh: f64 = 0.0;
        for w in &roads.ways {
            let Some(kmh) = speeds.of(w).filter(|v| *v > 0.0) else {
                continue;
            };
            top_kmh = top_kmh.max(kmh);
            let class = match classes.iter().position(|c| *c == w.class) {
                Some(c) => c,
                None => {
                    classes.push(w.class.clone());
                    classes.len() - 1
                }
            } as u16;
            for pair in w.nodes.windows(2) {
                let (a, b) = if w.oneway < 0 {
                    (pair[1], pair[0])
                } else {
                    (pair[0], pair[1])
                };
                if a == b {
                    continue;
                }
                let m = pos[a as usize].distance_km(pos[b as usize]) * 1_000.0;
                let ms = ((m / (kmh / 3.6) * 1_000.0).ceil() as u32).max(1);
                arcs.push((a, b, ms, class));
                if w.oneway == 0 {
                    arcs.push((b, a, ms, class));
                }
                segs.push(Segment {
                    a,
                    b,
                    class,
                    oneway: w.oneway != 0,
                    ms,
                });
            }
        }
        let keep = largest_component(roads.nodes.len(), &arcs)?;
        let mut new_id = vec![u32::MAX; roads.nodes.len()];
        let mut lonlat = vec![];
        let mut kept_pos = vec![];
        for (i, &k) in keep.iter().enumerate() {
            if k {
                new_id[i] = lonlat.len() as u32;
                lonlat.push(roads.nodes[i]);
                kept_pos.push(pos[i]);
            }
        }
        let remap = |a: u32| new_id[a as usize];
        let arcs: Vec<Arc4> = arcs
            .iter()
            .filter(|&&(a, b, ..)| keep[a as usize] && keep[b as usize])
            .map(|&(a, b, w, c)| (remap(a), remap(b), w, c))
            .collect();
        let rev_arcs: Vec<Arc4> = arcs.iter().map(|&(a, b, w, c)| (b, a, w, c)).collect();
        let segments = segs
            .into_iter()
            .filter(|s| keep[s.a as usize] && keep[s.b as usize])
            .map(|s| Segment {
                a: remap(s.a),
                b: remap(s.b),
                ..s
            })
            .collect();
        let n = lonlat.len();
        let grid = NodeGrid::new(&kept_pos);
        Some(RoadGraph {
            id: GRAPH_IDS.fetch_add(1, Ordering::Relaxed),
            lonlat,
            pos: kept_pos,
            fwd: Csr::new(n, &arcs),
            rev: Csr::new(n, &rev_arcs),
            segments,
            classes,
            top_kmh,
            grid,
        })
    }

    /// Nodes.
    pub fn len(&self) -> usize {
        self.pos.len()
    }

    /// Whether the graph has no node (never, once built).
    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }

    /// Arcs.
    pub fn arcs(&self) -> usize {
        self.fwd.head.len()
    }

    /// The node nearest `p` (ties: the lower index) and its distance, km.
    pub fn nearest(&self, p: Point) -> (u32, f64) {
        self.grid.nearest(&self.pos, p)
    }

    /// Where a station at `p` joins the network: its nearest node.
    pub fn snap(&self, p: Point) -> Snap {
        let (node, km) = self.nearest(p);
        Snap {
            node,
            distance_m: km * 1_000.0,
        }
    }

    /// Shortest times (ms) from `source` to every node (`backward`: to `source`).
    pub fn dijkstra(&self, source: u32, backward: bool) -> Vec<u32> {
        self.dijkstra_tree(source, backward, false, None).0
    }

    /// The time on the road per class (ms, at the graph's speeds) of a shortest path from
    /// `source` to `target` (indices into [`RoadGraph::classes`]). With `weight` (one per
    /// class), the path is the shortest with each arc's time multiplied by its class's
    /// weight (rounded to whole ms); the times returned are still the graph's.
    pub fn path_ms_by_class(&self, source: u32, target: u32, weight: Option<&[f64]>) -> Vec<u64> {
        let (_, via) = self.dijkstra_tree(source, false, true, weight);
        let mut by_class = vec![0u64; self.classes.len()];
        let mut v = target;
        while v != source {
            let k = via[v as usize];
            if k == u32::MAX {
                break; // unreachable: never in the strongly connected graph
            }
            let k = k as usize;
            by_class[self.fwd.class[k] as usize] += self.fwd.ms[k] as u64;
            // The arc's tail: the row `k` lies in.
            v = (self.fwd.first.partition_point(|&f| f as usize <= k) - 1) as u32;
        }
        by_class
    }

    /// [`RoadGraph::dijkstra`], with (when `tree`) the arc each node was reached by
    /// (`u32::MAX`: none), on arc times multiplied by their class's `weight` (none: the
    /// graph's times).
    fn dijkstra_tree(
        &self,
        source: u32,
        backward: bool,
        tree: bool,
        weight: Option<&[f64]>,
    ) -> (Vec<u32>, Vec<u32>) {
        let g = if backward { &self.rev } else { &self.fwd };
        let cost = |k: usize| match weight {
            Some(w) => (g.ms[k] as f64 * w[g.class[k] as usize]).round() as u32,
            None => g.ms[k],
        };
        let mut via = if tree {
            vec![u32::MAX; self.len()]
        } else {
            vec![]
        };
        let mut dist = vec![u32::MAX; self.len()];
        let mut heap = BinaryHeap::new();
        dist[source as usize] = 0;
        heap.push(Reverse((0u32, source)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u as usize] {
                continue;
            }
            let (lo, hi) = (
                g.first[u as usize] as usize,
                g.first[u as usize + 1] as usize,
            );
            for k in lo..hi {
                let v = g.head[k] as usize;
                let nd = d.saturating_add(cost(k));
                if nd < dist[v] {
                    dist[v] = nd;
                    if tree {
                        via[v] = k as u32;
                    }
                    heap.push(Reverse((nd, v as u32)));
                }
            }
        }
        (dist, via)
    }
}

/// Which nodes belong to the largest strongly connected component (ties: the one with the
/// lowest node); `None` when there is no arc.
fn largest_component(n: usize, arcs: &[Arc4]) -> Option<Vec<bool>> {
    if arcs.is_empty() {
        return None;
    }
    let mut g = petgraph::graph::DiGraph::<(), ()>::with_capacity(n, arcs.len());
    for _ in 0..n {
        g.add_node(());
    }
    for &(a, b, ..) in arcs {
        g.add_edge(a.into(), b.into(), ());
    }
    let sccs = petgraph::algo::kosaraju_scc(&g);
    let best = sccs
        .iter()
        .max_by_key(|c| (c.len(), Reverse(c.iter().map(|n| n.index()).min())))?;
    if best.len() < 2 {
        return None;
    }
    let mut keep = vec![false; n];
    for v in best {
        keep[v.index()] = true;
    }
    Some(keep)
}

/// Where a station joins the road network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    /// Nearest node.
    pub node: u32,
    /// Straight-line distance to it, m.
    pub distance_m: f64,
}

#[cfg(test)]
mod tests {
    use super::super::roads::{Roads, Speeds, Way};
    use super::super::{Network, Tables};
    use super::*;
    use crate::ground::geo::{LatLon, Point, Projection};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    /// A 3 × 3 grid of 100 m blocks, all residential (25 km/h) but one one-way street.
    fn grid() -> (Roads, Projection) {
        let proj = Projection::new(LatLon { lat: 0.0, lon: 0.0 });
        let mut nodes = vec![];
        for y in 0..3 {
            for x in 0..3 {
                nodes.push(proj.unproject(Point {
                    x_km: x as f64 * 0.1,
                    y_km: y as f64 * 0.1,
                }));
            }
        }
        let way = |id, nodes: Vec<u32>, oneway| Way {
            id,
            class: "residential".into(),
            oneway,
            maxspeed_kmh: None,
            nodes,
        };
        let ways = vec![
            way(1, vec![0, 1, 2], 1),
            way(2, vec![3, 4, 5], 0),
            way(3, vec![6, 7, 8], 0),
            way(4, vec![0, 3, 6], 0),
            way(5, vec![1, 4, 7], 0),
            way(6, vec![2, 5, 8], 0),
        ];
        (Roads { nodes, ways }, proj)
    }

    #[test]
    fn one_way_streets_are_honoured() {
        let (roads, proj) = grid();
        let g = RoadGraph::build(&roads, &Speeds::with(&BTreeMap::new(), 1.0), &proj).unwrap();
        assert_eq!(g.len(), 9);
        // 100 m at 25 km/h = 14.4 s.
        let fwd = g.dijkstra(0, false);
        assert_eq!(fwd[2], 2 * 14_400);
        // 2 → 0 must go round: up, across, down (4 blocks).
        let back = g.dijkstra(0, true);
        assert_eq!(back[2], 4 * 14_400);
    }

    #[test]
    fn paths_can_be_routed_at_other_class_weights() {
        // The middle row a primary road: 0 → 8 takes it at the graph's speeds (two blocks
        // of residential, two of primary); weighted 10× slower, it goes round on
        // residential streets (four blocks).
        let (mut roads, proj) = grid();
        roads.ways[1].class = "primary".into();
        let g = RoadGraph::build(&roads, &Speeds::with(&BTreeMap::new(), 1.0), &proj).unwrap();
        let class = |name: &str| g.classes.iter().position(|c| c == name).unwrap();
        let (res, pri) = (class("residential"), class("primary"));
        // Blocks of 100 m on the projection, each arc's time rounded to the ms.
        let blocks = |ms: u64, kmh: f64| ms as f64 / (100.0 / (kmh / 3.6) * 1_000.0);
        let at_built = g.path_ms_by_class(0, 8, None);
        assert!(
            (blocks(at_built[res], 25.0) - 2.0).abs() < 1e-3,
            "{at_built:?}"
        );
        assert!(
            (blocks(at_built[pri], 65.0) - 2.0).abs() < 1e-3,
            "{at_built:?}"
        );
        let mut weight = vec![1.0; g.classes.len()];
        weight[pri] = 10.0;
        let rerouted = g.path_ms_by_class(0, 8, Some(&weight));
        assert!(
            (blocks(rerouted[res], 25.0) - 4.0).abs() < 1e-3,
            "{rerouted:?}"
        );
        assert_eq!(rerouted[pri], 0);
    }

    #[test]
    fn resumed_search_equals_fresh_search() {
        let (roads, proj) = grid();
        let g = Arc::new(
            RoadGraph::build(&roads, &Speeds::with(&BTreeMap::new(), 1.0), &proj).unwrap(),
        );
        let t = Tables::compute(&g, &[], 10.0);
        let net = Network::new(g.clone(), vec![], t, 10.0, 0.0, [1.0; 24]);
        for target in 0..9u32 {
            let back = g.dijkstra(target, true);
            for source in (0..9u32).rev() {
                assert_eq!(net.point_to_point_ms(source, target), back[source as usize]);
            }
        }
    }
}
