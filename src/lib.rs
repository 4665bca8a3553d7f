//! firesim: a fire & rescue dispatch and staffing-rollout simulator.
//!
//! See ARCHITECTURE.md for the bird's-eye view and the code map.

pub mod atomic_file;
pub mod budget;
pub mod calibrate;
pub mod cancel;
pub mod cli;
pub mod compare;
pub mod coverage;
pub mod demand;
pub mod dispatch;
pub mod engine;
pub mod fidelity;
pub mod geo;
pub mod import;
pub mod model;
pub mod plot;
pub mod prepare;
pub mod random;
pub mod replay;
pub mod report;
pub mod robustness;
pub mod rollout;
pub mod runner;
pub mod scenario;
pub mod shard;
pub mod staffing;
pub mod stats;
pub mod synthetic;
pub mod travel;
