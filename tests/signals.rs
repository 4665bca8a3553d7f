//! An interrupted run leaves nothing half-written: SIGINT or SIGTERM sent to a real, long
//! `firesim run` (setting up, simulating, writing), `compare`, `robustness` (simulating or
//! bootstrapping), `merge` or `calibrate` stops it within [`STOP_WITHIN`], with exit status
//! 130 or 143, the earlier results in the output folder untouched and no staging folder
//! left behind.
//!
//! **How the stop is timed.** The process times itself: its signal handler notes the
//! moment the signal arrives and `main` prints `stopped X s after the signal` just before
//! it exits (`ground::cancel::since_request`). That is the bound's measure, not the test's
//! wall clock, which adds the test's own polling and, on a machine loaded by parallel
//! builds, seconds of waiting for a core that say nothing about firesim. A loaded machine
//! slows the process too, so a try over the bound is repeated, up to [`TRIES`] times, and
//! the least stop time must be within it: a phase that does not poll the flag is over it
//! every time. Measured (issue 25), release build on 2 cores under a load of 6 to 11:
//! at most 0.57 s in any phase swept (before: 1.1 to 1.9 s writing the metro's
//! responses.csv, 2.2 s setting up a robustness point's districts); these tests, all at
//! once under a load of 11: at most 0.96 s (the metro's setup, a robustness point's).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The requirement (issue 25): a stop within 1 s of the signal in any phase, as the
/// process measures it.
const STOP_WITHIN: f64 = 1.0;

/// Tries per case: a try over the bound is repeated (the least stop time counts).
const TRIES: usize = 3;

/// Start `firesim args…`, wait until stderr has said `marker` (the simulating commands
/// print their work estimate just before they start) and `wait_ms` more have passed,
/// send `signal`, and return (exit code, the stop time the process reports, seconds from
/// signal to exit by the test's clock).
fn interrupt_once(
    args: &[&str],
    signal: i32,
    marker: &str,
    wait_ms: u64,
) -> (Option<i32>, f64, f64) {
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
        .any(|l| l.contains(marker));
    assert!(started, "firesim never said `{marker}`");
    // Let it get properly under way.
    std::thread::sleep(Duration::from_millis(wait_ms));
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
    let own: f64 = said
        .lines()
        .find_map(|l| {
            l.strip_prefix("stopped ")?
                .strip_suffix(" s after the signal")
        })
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("firesim did not report its stop time; stderr: {said}"));
    eprintln!(
        "firesim {} stopped {own:.3} s after signal {signal} (by its own clock; {took:.3} s by the test's)",
        args[0]
    );
    (status.code(), own, took)
}

/// [`interrupt_once`], repeated while the stop takes longer than [`STOP_WITHIN`] (up to
/// [`TRIES`] times); asserts the least stop time is within it and returns the exit code.
fn interrupt_after(args: &[&str], signal: i32, marker: &str, wait_ms: u64) -> Option<i32> {
    let mut times = vec![];
    for _ in 0..TRIES {
        let (code, own, _) = interrupt_once(args, signal, marker, wait_ms);
        assert_eq!(code, Some(128 + signal), "exit status");
        times.push(own);
        if own <= STOP_WITHIN {
            return code;
        }
    }
    panic!(
        "firesim {} took {times:?} s to stop in {TRIES} tries (at most {STOP_WITHIN} s)",
        args[0]
    );
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

/// Interrupt `firesim cmd…` (`cmd` without `--out`) writing into a folder that holds an
/// earlier `file`, with `signal` once stderr has said `marker` and `wait_ms` more have
/// passed: it must exit with 128 + the signal and leave the folder as it was.
fn stops_leaving(file: &str, cmd: &[&str], signal: i32, marker: &str, wait_ms: u64) {
    let dir = earlier_results(file);
    let mut args = cmd.to_vec();
    args.extend(["--out", dir.path().to_str().expect("utf-8")]);
    let code = interrupt_after(&args, signal, marker, wait_ms);
    assert_eq!(code, Some(128 + signal));
    assert_untouched(dir.path(), file);
}

const STARTED: &str = "peak memory about";

#[test]
fn sigint_stops_a_long_compare_and_leaves_earlier_results() {
    let cmd = ["compare", "scenarios/dafeng.toml", "--reps", "20000"];
    stops_leaving("comparison.md", &cmd, libc::SIGINT, STARTED, 500);
}

#[test]
fn sigterm_stops_a_long_run_and_leaves_earlier_results() {
    let cmd = ["run", "scenarios/dafeng.toml", "--reps", "20000"];
    stops_leaving("summary.json", &cmd, libc::SIGTERM, STARTED, 500);
}

/// The synthetic metro (250 stations, a million incidents a year): its run spends about
/// 0.3 s setting up the dispatch index and crewing after the estimate, and a second or
/// more writing the million rows of responses.csv.
const METRO: &[&str] = &["run", "scenarios/bench/metro.toml", "--reps", "2"];

#[test]
fn sigint_stops_a_run_while_it_sets_up() {
    stops_leaving("summary.json", METRO, libc::SIGINT, STARTED, 0);
}

#[test]
fn sigint_stops_a_run_while_it_writes() {
    // `run` says `writing …` when the simulation is done and the files begin.
    stops_leaving("summary.json", METRO, libc::SIGINT, "writing", 100);
}

#[test]
fn sigint_stops_a_run_of_200000_replications_within_a_second() {
    let cmd = ["run", "scenarios/dafeng.toml", "--reps", "200000"];
    stops_leaving("summary.json", &cmd, libc::SIGINT, STARTED, 500);
}

/// A small study (8 design points × 3 replications) with a bootstrap long enough that
/// the signal comes while it resamples.
const LONG_BOOTSTRAP: &[&str] = &[
    "robustness",
    "tests/fixtures/shard_small.toml",
    "--uncertain",
    "tests/fixtures/uncertain/shard-small-staffing.toml",
    "--uncertain-only",
    "--points",
    "2",
    "--reps",
    "3",
    "--bootstrap",
    "2000000",
];

#[test]
fn sigint_stops_robustness_in_its_bootstrap() {
    stops_leaving(
        "robustness.json",
        LONG_BOOTSTRAP,
        libc::SIGINT,
        STARTED,
        3000,
    );
}

#[test]
fn sigint_stops_robustness_while_it_simulates() {
    let cmd = [
        "robustness",
        "scenarios/dafeng.toml",
        "--points",
        "64",
        "--reps",
        "16",
    ];
    stops_leaving("robustness.json", &cmd, libc::SIGINT, STARTED, 500);
}

#[test]
fn sigint_stops_a_merge_in_its_bootstrap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let parts = dir.path().join("parts");
    for k in ["0/2", "1/2"] {
        let mut args = LONG_BOOTSTRAP.to_vec();
        args.extend(["--shard", k, "--out", parts.to_str().expect("utf-8")]);
        let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("firesim runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let earlier = earlier_results("robustness.json");
    let out = earlier.path().to_str().expect("utf-8");
    let code = interrupt_after(
        &["merge", parts.to_str().expect("utf-8"), "--out", out],
        libc::SIGINT,
        STARTED,
        3000,
    );
    assert_eq!(code, Some(130));
    assert_untouched(earlier.path(), "robustness.json");
}

#[test]
fn sigint_stops_calibrate_while_it_fits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let params = dir.path().join("params.toml");
    let code = interrupt_after(
        &[
            "calibrate",
            "scenarios/sf-2020-04-north.toml",
            "--observed",
            "data/sf-north/responses.csv",
            "--out",
            params.to_str().expect("utf-8"),
        ],
        libc::SIGINT,
        "fitting",
        300,
    );
    assert_eq!(code, Some(130));
    assert!(!params.exists(), "calibrate wrote its parameters");
}
