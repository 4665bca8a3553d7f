//! Speed never changes results: the same scenario and seed give byte-identical
//! summary.json with 1 and 2 threads (every optimisation must keep this).

use std::path::Path;
use std::process::Command;

fn run(scenario: &str, threads: u32, out: &Path) -> Vec<u8> {
    let status = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            scenario,
            "--reps",
            "6",
            "--no-responses",
            "--threads",
        ])
        .arg(threads.to_string())
        .arg("--out")
        .arg(out)
        .output()
        .expect("firesim runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(out.join("summary.json")).expect("summary.json written")
}

#[test]
fn summary_is_byte_identical_with_one_and_two_threads() {
    let dir = tempfile::tempdir().expect("temp dir");
    for scenario in ["scenarios/dafeng.toml", "scenarios/validation/mmc.toml"] {
        let one = run(scenario, 1, &dir.path().join("t1"));
        let two = run(scenario, 2, &dir.path().join("t2"));
        assert!(
            one == two,
            "{scenario}: summary.json differs between 1 and 2 threads"
        );
    }
}
