#![no_main]
//! `cargo +nightly fuzz run road_graph`: see firesim_fuzz::road_graph.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::road_graph(data);
});
