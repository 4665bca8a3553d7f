//! firesim library (work in progress).
pub mod plot;
