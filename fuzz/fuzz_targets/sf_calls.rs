#![no_main]
//! `cargo +nightly fuzz run sf_calls`: see firesim_fuzz::sf_calls.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::sf_calls(data);
});
