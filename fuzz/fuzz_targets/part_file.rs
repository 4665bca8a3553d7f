#![no_main]
//! `cargo +nightly fuzz run part_file`: see firesim_fuzz::part_file.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = firesim_fuzz::part_file(data);
});
