//! The simulation proper: the dispatch policies and the fire-service model on the engine.

pub mod dispatch;
mod fleet;
pub mod model;
pub mod observer;
mod open;
