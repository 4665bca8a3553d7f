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

mod graph;
mod roads;
mod routing;
mod tables;

pub use graph::{RoadGraph, Segment, Snap};
pub use roads::{DEFAULT_SPEEDS_KMH, MAXSPEED_REDUCTION, Roads, Speeds, Way};
pub use routing::Network;
pub use tables::Tables;
