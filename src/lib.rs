//! firesim library (work in progress).
