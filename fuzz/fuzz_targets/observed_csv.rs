#![no_main]
//! `cargo +nightly fuzz run observed_csv`: see firesim_fuzz::observed_csv.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::observed_csv(data);
});
