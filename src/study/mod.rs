//! Studies over many replications: the runner, the budget a run is checked against, the
//! comparison of rollouts, the robustness study and sharded runs.

pub mod budget;
pub mod compare;
pub mod economics;
pub mod optimise;
pub mod robustness;
pub mod runner;
pub mod shard;
