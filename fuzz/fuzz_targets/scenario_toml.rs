#![no_main]
//! `cargo +nightly fuzz run scenario_toml`: see firesim_fuzz::scenario_toml.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::scenario_toml(data);
});
