//! firesim: a fire & rescue dispatch and staffing-rollout simulator.
//!
//! One folder per layer, lowest first (ARCHITECTURE.md has the picture and the code map;
//! `tests/structure.rs` holds the order): `ground` (generic: the event engine, geometry,
//! random streams, the stop flag, atomic files) < `travel` < `scenario` (what the planner
//! wrote, validated) < `prepare` (what is derived from it before a run) < `sim` (dispatch and
//! the fire-service model) < `stats` (what a replication measures) < `study` (replications,
//! comparisons, robustness, shards) < `report` (files, charts) < `commands` (each command's
//! work) < `cli` (flags).

pub mod cli;
pub mod commands;
pub mod ground;
pub mod prepare;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod stats;
pub mod study;
pub mod travel;
