//! An interrupted run leaves nothing half-written: SIGINT or SIGTERM sent to a real, long
//! `firesim run` / `compare` stops it within moments, with exit status 130 or 143, the
//! earlier results in the output folder untouched and no staging folder left behind.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Start `firesim args…`, wait until it has started simulating (it prints its work
/// estimate just before), send `signal`, and return (exit code, seconds from signal to exit).
fn interrupt(args: &[&str], signal: i32) -> (Option<i32>, f64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("firesim starts");
    let stderr = child.stderr.take().expect("piped stderr");
    let mut lines = BufReader::new(stderr).lines();
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains("peak memory about"));
    assert!(started, "firesim never said it was starting to simulate");
    // Let it get properly under way.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the run finished before it could be interrupted: make it longer"
    );
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) with the pid of our own live child and a standard signal.
    let rc = unsafe { libc::kill(pid, signal) };
    assert_eq!(rc, 0, "kill failed");
    let sent = Instant::now();
    // Drain stderr so the child never blocks on a full pipe.
    let drain = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    // A guard against a hang, not a speed target (the README states the measured time).
    let limit = Duration::from_secs(60);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if sent.elapsed() > limit {
            let _ = child.kill();
            panic!("firesim did not stop within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = sent.elapsed().as_secs_f64();
    let said = drain.join().expect("stderr").join("\n");
    assert!(said.contains("interrupted by signal"), "stderr: {said}");
    (status.code(), took)
}

/// The output folder holds exactly the one earlier file, unchanged.
fn assert_untouched(dir: &Path, earlier: &str) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec![earlier.to_string()],
        "files left in {}",
        dir.display()
    );
    let text = std::fs::read_to_string(dir.join(earlier)).expect("earlier file");
    assert_eq!(text, "earlier results\n");
}

fn earlier_results(file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(file), "earlier results\n").expect("write");
    dir
}

#[test]
fn sigint_stops_a_long_compare_and_leaves_earlier_results() {
    let dir = earlier_results("comparison.md");
    let out = dir.path().to_str().expect("utf-8");
    let (code, took) = interrupt(
        &[
            "compare",
            "scenarios/dafeng.toml",
            "--reps",
            "2000",
            "--out",
            out,
        ],
        libc::SIGINT,
    );
    eprintln!("compare stopped {took:.2} s after SIGINT");
    assert_eq!(code, Some(130));
    assert_untouched(dir.path(), "comparison.md");
}

#[test]
fn sigterm_stops_a_long_run_and_leaves_earlier_results() {
    let dir = earlier_results("summary.json");
    let out = dir.path().to_str().expect("utf-8");
    let (code, took) = interrupt(
        &[
            "run",
            "scenarios/dafeng.toml",
            "--reps",
            "20000",
            "--out",
            out,
        ],
        libc::SIGTERM,
    );
    eprintln!("run stopped {took:.2} s after SIGTERM");
    assert_eq!(code, Some(143));
    assert_untouched(dir.path(), "summary.json");
}
