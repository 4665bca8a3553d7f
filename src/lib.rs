//! firesim: a fire & rescue dispatch and staffing-rollout simulator.
//!
//! See ARCHITECTURE.md for the bird's-eye view and the code map.

pub mod cli;
pub mod demand;
pub mod dispatch;
pub mod engine;
pub mod geo;
pub mod model;
pub mod plot;
pub mod random;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod staffing;
pub mod stats;
pub mod synthetic;
pub mod travel;
