//! What each command does, with files: load, check the budget, simulate (or one shard),
//! and write its results in one transaction. `cli` parses the flags and calls one entry
//! point here (each file's `run`); this layer names no `cli` item.
//!
//! The sharded commands (`run`, `compare`, `robustness`) each implement
//! [`crate::study::shard::Shardable`] and write their parts through `part`; `merge` is the
//! one file that names them.

pub mod calibrate;
pub mod compare;
mod fidelity;
pub mod import;
pub mod merge;
pub mod optimise;
mod output;
mod part;
pub mod report;
pub mod robustness;
pub mod rollout;
pub mod run;
mod setup;
pub mod sim;
mod spill;
mod timing;
pub mod travel;
pub mod validate;
