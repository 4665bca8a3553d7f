//! The road-network travel model, [`Network`]: trips read from the station tables plus
//! the off-road legs and the fixed start time, and a resumable backward search for units
//! on the road.

use super::graph::{RoadGraph, Snap};
use super::roads::Speeds;
use super::tables::Tables;
use crate::ground::geo::Point;
use crate::travel::{Area, CellHint, Located, Place, RoadTrip, TravelModel};
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

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
