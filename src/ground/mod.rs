//! The ground: generic pieces that know no fire service, which every layer above may use.

pub mod atomic_file;
pub mod cancel;
pub mod engine;
pub mod geo;
pub mod random;
pub mod ring;
