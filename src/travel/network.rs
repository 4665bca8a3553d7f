//! Road-network travel: exact shortest paths on a directed road graph read from
//! OpenStreetMap.
//!
//! **Graph.** Every drivable way (its `highway` class has a speed in the table) becomes one
//! arc per pair of consecutive nodes, in both directions unless the way is one-way
//! (`oneway=yes|true|1|-1|reverse`, `junction=roundabout|circular`, `highway=motorway`, as in
//! OSRM's car profile). An arc's time is its length (on the scenario's projection) at the
//! way's speed: `maxspeed` × [`MAXSPEED_REDUCTION`] where the way has a readable one, else
//! the class's speed, times the lights-and-sirens `speed_factor`; times are whole
//! milliseconds rounded *up*, so sums are exact integers (the same path gives the same time
//! whatever order it is found in) and never shorter than the straight line at the top speed
//! (the dispatch index's bounds rely on it). Only the largest strongly connected component
//! is kept, so every node reaches every other: a fragment cut off by one-way streets or the
//! extract's edge would otherwise give infinite times.
//!
//! **Trips.** A place off the road reaches its nearest kept node in a straight line at
//! `off_road_kmh` (the "off-road leg"). From each station, one Dijkstra forward (station →
//! every node) and one backward (every node → station), computed once per run in parallel;
//! a dispatch from a station or a return to it is then two table reads and one off-road leg.
//! Every trip also takes a fixed `start_s` (starting from rest and stopping at the address:
//! what Kolesar's acceleration term stands for; fitted by `firesim calibrate`).
//! A unit on the road routes from its (interpolated) position's nearest node: a backward
//! Dijkstra from the incident's node, kept per thread and resumed, answers every unit on
//! the road for that incident.
//!
//! This module does no IO: [`crate::scenario`] reads the OSM file and the table cache.

use crate::ground::geo::{LatLon, Point, Projection};
use crate::travel::node_grid::NodeGrid;
use crate::travel::{Area, CellHint, Located, Place, RoadTrip, TravelModel, group_rows};
use rayon::prelude::*;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Default speeds by OSM `highway` class, km/h: OSRM's car profile
/// (`profiles/car.lua`, `speeds.highway`, OSRM 5.x).
pub const DEFAULT_SPEEDS_KMH: [(&str, f64); 14] = [
    ("motorway", 90.0),
    ("motorway_link", 45.0),
    ("trunk", 85.0),
    ("trunk_link", 40.0),
    ("primary", 65.0),
    ("primary_link", 30.0),
    ("secondary", 55.0),
    ("secondary_link", 25.0),
    ("tertiary", 40.0),
    ("tertiary_link", 20.0),
    ("unclassified", 25.0),
    ("residential", 25.0),
    ("living_street", 10.0),
    ("service", 15.0),
];

/// A way's posted `maxspeed` is driven at this share of it: OSRM's car profile
/// (`speed_reduction = 0.8`).
pub const MAXSPEED_REDUCTION: f64 = 0.8;

/// One drivable OSM way as read from the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Way {
    /// The OSM way id.
    pub id: i64,
    /// Its `highway` class.
    pub class: String,
    /// `1`: one-way along the node order, `-1`: against it, `0`: both ways.
    pub oneway: i8,
    /// Its readable `maxspeed`, km/h.
    pub maxspeed_kmh: Option<f64>,
    /// Indices into [`Roads::nodes`].
    pub nodes: Vec<u32>,
}

/// The drivable roads of an OSM extract.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roads {
    /// Node positions.
    pub nodes: Vec<LatLon>,
    /// Ways whose class has a speed.
    pub ways: Vec<Way>,
}

/// The parameters that set arc times.
#[derive(Clone, Debug, PartialEq)]
pub struct Speeds {
    /// Speed by `highway` class, km/h (a class not in the table is not drivable).
    pub by_class_kmh: BTreeMap<String, f64>,
    /// Lights-and-sirens factor on every road speed.
    pub speed_factor: f64,
    /// Factors by class on top of `speed_factor` (a class not in it: 1).
    pub class_factor: BTreeMap<String, f64>,
}

impl Speeds {
    /// The default table with `overrides` and `speed_factor`.
    pub fn with(overrides: &BTreeMap<String, f64>, speed_factor: f64) -> Speeds {
        let mut by_class_kmh: BTreeMap<String, f64> = DEFAULT_SPEEDS_KMH
            .iter()
            .map(|(c, v)| (c.to_string(), *v))
            .collect();
        by_class_kmh.extend(overrides.iter().map(|(c, v)| (c.clone(), *v)));
        Speeds {
            by_class_kmh,
            speed_factor,
            class_factor: BTreeMap::new(),
        }
    }

    /// With factors by class on top of the speed factor.
    pub fn with_class_factors(mut self, factors: &BTreeMap<String, f64>) -> Speeds {
        self.class_factor = factors.clone();
        self
    }

    /// The whole factor on a class's speed: the speed factor times the class's own.
    pub fn factor(&self, class: &str) -> f64 {
        self.speed_factor * self.class_factor.get(class).copied().unwrap_or(1.0)
    }

    /// The speed of a way, km/h (`None`: not drivable).
    fn of(&self, w: &Way) -> Option<f64> {
        let class = *self.by_class_kmh.get(&w.class)?;
        Some(w.maxspeed_kmh.map_or(class, |m| m * MAXSPEED_REDUCTION) * self.factor(&w.class))
    }
}

/// A directed graph in compressed rows.
#[derive(Clone, Debug, Default)]
struct Csr {
    first: Vec<u32>,
    head: Vec<u32>,
    ms: Vec<u32>,
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
    id: u64,
    /// Node positions, WGS84.
    pub lonlat: Vec<LatLon>,
    /// Node positions, projected.
    pub pos: Vec<Point>,
    fwd: Csr,
    rev: Csr,
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

/// Road-network travel times.
#[derive(Clone, Debug)]
pub struct Network {
    graph: Arc<RoadGraph>,
    tables: Tables,
    stations: Vec<Snap>,
    off_road_kmh: f64,
    /// Off-road speed, km per second.
    off_road_km_s: f64,
    spread_cv: f64,
    hour_factors: [f64; 24],
    /// The speed factor the arc times were built with (for calibration).
    speed_factor: f64,
    /// The whole factor on each graph class's speeds (speed factor × class factor), in
    /// [`RoadGraph::classes`] order (for calibration).
    class_factor: Vec<f64>,
    /// Fixed time per trip (starting and stopping), seconds.
    start_s: f64,
}

thread_local! {
    static SEARCH: RefCell<Option<BackSearch>> = const { RefCell::new(None) };
}

/// A backward Dijkstra towards one target, resumed as further sources are asked for.
struct BackSearch {
    graph: u64,
    target: u32,
    dist: Vec<u32>,
    done: Vec<bool>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl BackSearch {
    fn reset(&mut self, graph: &RoadGraph, target: u32) {
        if self.graph != graph.id || self.dist.len() != graph.len() {
            self.dist = vec![u32::MAX; graph.len()];
            self.done = vec![false; graph.len()];
            self.touched.clear();
        }
        for &t in &self.touched {
            self.dist[t as usize] = u32::MAX;
            self.done[t as usize] = false;
        }
        self.touched.clear();
        self.heap.clear();
        self.graph = graph.id;
        self.target = target;
        self.dist[target as usize] = 0;
        self.touched.push(target);
        self.heap.push(Reverse((0, target)));
    }

    /// The time from `source` to the target, ms, searching on until `source` is settled.
    /// The settled times are those of one uninterrupted search: resuming changes nothing.
    fn time_from(&mut self, graph: &RoadGraph, source: u32) -> u32 {
        let g = &graph.rev;
        while !self.done[source as usize] {
            let Some(Reverse((d, u))) = self.heap.pop() else {
                return u32::MAX;
            };
            if self.done[u as usize] {
                continue;
            }
            self.done[u as usize] = true;
            let (lo, hi) = (
                g.first[u as usize] as usize,
                g.first[u as usize + 1] as usize,
            );
            for k in lo..hi {
                let v = g.head[k] as usize;
                let nd = d.saturating_add(g.ms[k]);
                if nd < self.dist[v] {
                    if self.dist[v] == u32::MAX {
                        self.touched.push(v as u32);
                    }
                    self.dist[v] = nd;
                    self.heap.push(Reverse((nd, v as u32)));
                }
            }
        }
        self.dist[source as usize]
    }
}

impl Network {
    /// A network model from its graph, station snaps and tables (computed or cached).
    pub fn new(
        graph: Arc<RoadGraph>,
        stations: Vec<Snap>,
        tables: Tables,
        off_road_kmh: f64,
        spread_cv: f64,
        hour_factors: [f64; 24],
    ) -> Network {
        Network {
            graph,
            tables,
            stations,
            off_road_kmh,
            off_road_km_s: off_road_kmh / 3_600.0,
            spread_cv,
            hour_factors,
            speed_factor: 1.0,
            class_factor: vec![],
            start_s: 0.0,
        }
    }

    /// Add a fixed time per trip for starting and stopping, seconds.
    pub fn with_start_s(mut self, start_s: f64) -> Network {
        self.start_s = start_s;
        self
    }

    /// The fixed time per trip, seconds.
    pub fn start_s(&self) -> f64 {
        self.start_s
    }

    /// Record the speed factor the graph's arc times were built with.
    pub fn with_speed_factor(mut self, f: f64) -> Network {
        self.speed_factor = f;
        self
    }

    /// Record the speed and class factors the graph's arc times were built with.
    pub fn with_speed_factors(mut self, speeds: &Speeds) -> Network {
        self.speed_factor = speeds.speed_factor;
        self.class_factor = self
            .graph
            .classes
            .iter()
            .map(|c| speeds.factor(c))
            .collect();
        self
    }

    /// The speed factor the graph's arc times were built with.
    pub fn speed_factor(&self) -> f64 {
        self.speed_factor
    }

    /// The road graph.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// Where each station joins the network.
    pub fn stations(&self) -> &[Snap] {
        &self.stations
    }

    /// Off-road speed, km/h.
    pub fn off_road_kmh(&self) -> f64 {
        self.off_road_kmh
    }

    /// Time from station `s` to node `v`, ms (station's off-road leg included).
    #[inline]
    pub fn from_station_ms(&self, s: usize, v: u32) -> u32 {
        self.tables.fwd[v as usize * self.stations.len() + s]
    }

    /// Time from node `v` to station `s`, ms.
    #[inline]
    pub fn to_station_ms(&self, s: usize, v: u32) -> u32 {
        self.tables.rev[v as usize * self.stations.len() + s]
    }

    /// The node a place joins the network at, and its off-road leg, seconds.
    #[inline]
    fn join(&self, p: Place) -> (u32, f64) {
        let at = p.node.unwrap_or_else(|| self.locate(p.pos));
        (at.node, at.off_s)
    }

    /// The node nearest `pos`, and the off-road leg to it.
    pub fn locate(&self, pos: Point) -> Located {
        let (v, d) = self.graph.nearest(pos);
        Located {
            node: v,
            off_s: d / self.off_road_km_s,
        }
    }

    /// Expected travel time, seconds (see the module comment for the cases).
    #[inline]
    pub fn estimate_s(&self, from: Place, to: Place) -> f64 {
        match (from.station, from.node, to.station, to.node) {
            // A unit at its station to a site.
            (Some(s), None, None, _) => {
                let (v, off) = self.join(to);
                // The dispatch index's bound is the first term alone: adding non-negative
                // terms after it never makes the sum smaller.
                self.from_station_ms(s, v) as f64 * 0.001 + off + self.start_s
            }
            // A site back to a station (a place of the station with a node of its own is
            // not the station: its temporary premises, routed below).
            (None, _, Some(s), None) => {
                let (v, off) = self.join(from);
                off + self.to_station_ms(s, v) as f64 * 0.001 + self.start_s
            }
            // From anywhere else (a unit on the road): route from its nearest node.
            _ => {
                let (u, off_u) = self.join(from);
                let (v, off_v) = self.join(to);
                let ms = self.point_to_point_ms(u, v);
                off_u + ms as f64 * 0.001 + off_v + self.start_s
            }
        }
    }

    /// Shortest time from node `u` to node `v`, ms.
    pub fn point_to_point_ms(&self, u: u32, v: u32) -> u32 {
        SEARCH.with(|s| {
            let mut s = s.borrow_mut();
            let search = s.get_or_insert_with(|| BackSearch {
                graph: 0,
                target: u32::MAX,
                dist: vec![],
                done: vec![],
                touched: vec![],
                heap: BinaryHeap::new(),
            });
            if search.graph != self.graph.id || search.target != v {
                search.reset(&self.graph, v);
            }
            search.time_from(&self.graph, u)
        })
    }

    /// Coefficient of variation of the per-trip factor.
    pub fn spread_cv(&self) -> f64 {
        self.spread_cv
    }

    /// Speed factor on travel times at hour `h` of the day (1 = as estimated).
    pub fn hour_factor(&self, h: usize) -> f64 {
        self.hour_factors[h % 24]
    }
}

impl TravelModel for Network {
    #[inline]
    fn estimate_s(&self, from: Place, to: Place) -> f64 {
        Network::estimate_s(self, from, to)
    }
    fn spread_cv(&self) -> f64 {
        self.spread_cv
    }
    #[inline]
    fn locate(&self, pos: Point) -> Option<Located> {
        Some(Network::locate(self, pos))
    }
    fn hour_factor(&self, h: usize) -> f64 {
        Network::hour_factor(self, h)
    }
    fn cells(&self) -> CellHint {
        CellHint::Nodes(self.graph.len())
    }
    /// To a node from a station: the table time (the estimate's first term; the site's own
    /// off-road leg and the fixed time only add to it). From anywhere else (temporary
    /// premises): the off-road leg to its node, then the straight line to the node at the
    /// network's top speed (arc times are never shorter), lowered by a relative 1e-9
    /// against rounding. Other areas: 0.
    fn lower_bound_s(&self, from: Place, to: Area) -> f64 {
        let Area::Node(v) = to else {
            return 0.0;
        };
        match (from.station, from.node) {
            (Some(s), None) => self.from_station_ms(s, v) as f64 * 0.001,
            _ => {
                let (u, off) = self.join(from);
                let top_km_s = self.graph.top_kmh / 3_600.0;
                let road = self.graph.pos[u as usize].distance_km(self.graph.pos[v as usize]);
                (off + road / top_km_s) * (1.0 - 1e-9)
            }
        }
    }
    fn road_graph(&self) -> Option<&RoadGraph> {
        Some(&self.graph)
    }
    fn station_snap_m(&self, s: usize) -> Option<f64> {
        self.stations.get(s).map(|sn| sn.distance_m)
    }
    fn road_classes(&self) -> &[String] {
        &self.graph.classes
    }
    /// The shortest path from the station's node to the site's (per class, at speed factor
    /// 1: the graph's arc times × the factors they were built with), and both off-road legs.
    /// With `route_factors`, the path is the shortest at those factors instead of the
    /// built ones: each arc's time × built factor / route factor.
    fn road_trip(&self, s: usize, site: Point, route_factors: &[f64]) -> Option<RoadTrip> {
        let snap = *self.stations.get(s)?;
        let (v, d_km) = self.graph.nearest(site);
        let built: Vec<f64> = (0..self.graph.classes.len())
            .map(|c| {
                self.class_factor
                    .get(c)
                    .copied()
                    .unwrap_or(self.speed_factor)
            })
            .collect();
        let weight: Option<Vec<f64>> = (!route_factors.is_empty()).then(|| {
            built
                .iter()
                .zip(route_factors)
                .map(|(b, r)| b / r)
                .collect()
        });
        let by_class = self.graph.path_ms_by_class(snap.node, v, weight.as_deref());
        Some(RoadTrip {
            road_s_by_class: by_class
                .iter()
                .zip(&built)
                .map(|(&ms, f)| ms as f64 * 0.001 * f)
                .collect(),
            off_road_km: snap.distance_m / 1_000.0 + d_km,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
