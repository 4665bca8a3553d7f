#![no_main]
//! `cargo +nightly fuzz run report_data`: see firesim_fuzz::report_data.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::report_data(data);
});
