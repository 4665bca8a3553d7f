#![no_main]
//! `cargo +nightly fuzz run incident_csv`: see firesim_fuzz::incident_csv.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::incident_csv(data);
});
