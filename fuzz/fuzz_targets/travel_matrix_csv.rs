#![no_main]
//! `cargo +nightly fuzz run travel_matrix_csv`: see firesim_fuzz::travel_matrix_csv.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::travel_matrix_csv(data);
});
