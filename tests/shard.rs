//! Sharded runs (`--shard K/N`) and `firesim merge`: the merge of any number of shards is
//! byte for byte the unsharded result, and every way a set of parts can be wrong is an
//! error that names the problem and writes nothing.

mod common;
use common::{firesim, s, stderr};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const SCENARIO: &str = "tests/fixtures/shard_small.toml";

/// Every file under `dir` but performance.json, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.file_name().unwrap() != "performance.json" {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn ok(args: &[&str]) -> std::process::Output {
    let o = firesim(args);
    assert!(o.status.success(), "firesim {args:?}: {}", stderr(&o));
    o
}

/// `cmd` run in one process, into a fresh folder under `root`.
fn single(root: &Path, cmd: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = root.join("single");
    let mut args = cmd.to_vec();
    args.extend(["--out", s(&out)]);
    ok(&args);
    files(&out)
}

/// `cmd` run as `n` shards into `parts`, then merged into `merged`.
fn sharded(root: &Path, cmd: &[&str], n: u32, threads: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    let (parts, merged) = (
        root.join(format!("parts-{n}")),
        root.join(format!("merged-{n}")),
    );
    for k in 0..n {
        let spec = format!("{k}/{n}");
        let mut args = cmd.to_vec();
        args.extend(["--shard", &spec, "--out", s(&parts)]);
        // Shards may run with different thread counts: results do not depend on it.
        args.extend(["--threads", threads[k as usize % threads.len()]]);
        ok(&args);
    }
    let o = ok(&["merge", s(&parts), "--out", s(&merged)]);
    assert!(stderr(&o).contains("wrote"), "{}", stderr(&o));
    let perf: serde_json::Value =
        serde_json::from_slice(&std::fs::read(merged.join("performance.json")).unwrap()).unwrap();
    assert_eq!(perf["shards"], n);
    files(&merged)
}

const RUN: &[&str] = &[
    "run",
    SCENARIO,
    "--reps",
    "5",
    "--rollout",
    "four",
    "--all-responses",
];
const COMPARE: &[&str] = &["compare", SCENARIO, "--reps", "5"];

/// The unsharded results, computed once for all cases.
fn reference(cmd: &'static [&'static str]) -> &'static BTreeMap<PathBuf, Vec<u8>> {
    static RUN_REF: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    static COMPARE_REF: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    let cell = if cmd[0] == "run" {
        &RUN_REF
    } else {
        &COMPARE_REF
    };
    cell.get_or_init(|| single(tempfile::tempdir().unwrap().path(), cmd))
}

fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{what}: {} differs", name.display());
    }
}

proptest! {
    // Each case runs up to 9 processes; a handful of random N covers the space 1..=8.
    #![proptest_config(ProptestConfig { cases: 5, ..ProptestConfig::default() })]

    #[test]
    fn merged_run_is_the_single_run_for_any_n(n in 1u32..=8) {
        let dir = tempfile::tempdir().unwrap();
        let merged = sharded(dir.path(), RUN, n, &["1", "2"]);
        assert_same(reference(RUN), &merged, &format!("run, {n} shards"));
    }

    #[test]
    fn merged_comparison_is_the_single_comparison_for_any_n(n in 1u32..=8) {
        let dir = tempfile::tempdir().unwrap();
        let merged = sharded(dir.path(), COMPARE, n, &["2", "1"]);
        assert_same(reference(COMPARE), &merged, &format!("compare, {n} shards"));
    }
}

#[test]
fn the_reference_writes_what_the_commands_write() {
    // Guards the property tests against comparing two empty folders.
    let run = reference(RUN);
    for f in [
        "summary.json",
        "responses.csv",
        "report.html",
        "report_data.toml",
    ] {
        assert!(run.contains_key(Path::new(f)), "run wrote no {f}");
    }
    let cmp = reference(COMPARE);
    for f in [
        "comparison.json",
        "comparison.csv",
        "comparison.md",
        "report.html",
    ] {
        assert!(cmp.contains_key(Path::new(f)), "compare wrote no {f}");
    }
    assert!(cmp.keys().any(|k| k.starts_with("charts")));
}

#[test]
fn a_replay_with_validation_merges_exactly() {
    // validation.json needs every replication's responses, and names the observed file
    // relative to the folder the command ran in.
    let dir = tempfile::tempdir().unwrap();
    let cmd = &["run", "tests/fixtures/replay/one.toml", "--reps", "3"];
    let one = single(dir.path(), cmd);
    assert!(one.contains_key(Path::new("validation.json")));
    assert_same(&one, &sharded(dir.path(), cmd, 2, &["1"]), "replay");
}

#[test]
fn shard_auto_reads_the_job_array_environment() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    let run = |env: &[(&str, &str)], extra: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_firesim"));
        c.args([
            "run",
            SCENARIO,
            "--reps",
            "3",
            "--no-responses",
            "--shard",
            "auto",
        ])
        .args(extra)
        .args(["--out", s(&parts)])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("AWS_BATCH_JOB_ARRAY_INDEX")
        .env_remove("FIRESIM_SHARDS");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let o = run(
        &[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(parts.join("part-1-of-3.fspart").is_file());
    let o = run(&[("JOB_COMPLETION_INDEX", "2")], &["--shards", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(parts.join("part-2-of-3.fspart").is_file());
    let o = run(
        &[("AWS_BATCH_JOB_ARRAY_INDEX", "0"), ("FIRESIM_SHARDS", "3")],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    ok(&["merge", s(&parts), "--out", s(&dir.path().join("m"))]);

    let o = run(&[("JOB_COMPLETION_INDEX", "0")], &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--shards N or set FIRESIM_SHARDS"),
        "{}",
        stderr(&o)
    );
    let o = run(&[], &["--shards", "3"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("SLURM_ARRAY_TASK_ID"), "{}", stderr(&o));
}

#[test]
fn bad_shard_flags_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    for (flags, says) in [
        (&["--shard", "4/4"][..], "K = 4 is not below N = 4"),
        (&["--shard", "two"][..], "`two` is not K/N"),
        (
            &["--shard", "1/2", "--shards", "2"][..],
            "--shards: only with --shard auto",
        ),
    ] {
        let mut args = vec!["compare", SCENARIO, "--reps", "2", "--out", s(&out)];
        args.extend(flags);
        let o = firesim(&args);
        assert!(!o.status.success(), "{flags:?}");
        assert!(stderr(&o).contains(says), "{flags:?}: {}", stderr(&o));
        assert!(!out.exists(), "{flags:?} wrote results");
    }
}

/// The parts of `firesim compare SCENARIO --reps 4` as `n` shards (only those in
/// `shards`), with `extra` flags, into `dir`.
fn parts(dir: &Path, scenario: &str, n: u32, shards: &[u32], extra: &[&str]) {
    for k in shards {
        let spec = format!("{k}/{n}");
        let mut args = vec![
            "compare",
            scenario,
            "--reps",
            "4",
            "--shard",
            &spec,
            "--out",
            s(dir),
        ];
        args.extend(extra);
        ok(&args);
    }
}

/// `firesim merge dir` fails, says `says`, and writes nothing.
fn merge_fails(dir: &Path, says: &str) {
    let out = dir.parent().unwrap().join("merged");
    let o = firesim(&["merge", s(dir), "--out", s(&out)]);
    assert!(!o.status.success(), "merge succeeded; expected: {says}");
    assert!(
        stderr(&o).contains(says),
        "expected `{says}` in: {}",
        stderr(&o)
    );
    assert!(!out.exists(), "a failed merge wrote {}", out.display());
}

#[test]
fn a_missing_part_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 4, &[0, 2], &[]);
    merge_fails(
        &p,
        "missing 2 of 4 part(s): part-1-of-4.fspart, part-3-of-4.fspart",
    );
}

#[test]
fn a_duplicate_part_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0, 1], &[]);
    std::fs::copy(
        p.join("part-1-of-2.fspart"),
        p.join("part-1-of-2.copy.fspart"),
    )
    .unwrap();
    merge_fails(&p, "both hold shard 1/2");
}

#[test]
fn parts_of_a_different_scenario_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    let other = dir.path().join("other.toml");
    let text = std::fs::read_to_string(SCENARIO).unwrap();
    std::fs::write(&other, text.replace("8760.0", "8000.0")).unwrap();
    parts(&p, SCENARIO, 2, &[0], &[]);
    parts(&p, s(&other), 2, &[1], &[]);
    merge_fails(&p, "is not from the same run as");
    merge_fails(&p, "scenario");
}

#[test]
fn a_scenario_changed_since_the_shards_ran_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    let sc = dir.path().join("sc.toml");
    let text = std::fs::read_to_string(SCENARIO).unwrap();
    std::fs::write(&sc, &text).unwrap();
    parts(&p, s(&sc), 2, &[0, 1], &[]);
    std::fs::write(&sc, text.replace("8760.0", "8000.0")).unwrap();
    merge_fails(&p, "has changed since the shards ran");
}

#[test]
fn parts_of_a_different_seed_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0], &[]);
    parts(&p, SCENARIO, 2, &[1], &["--seed", "99"]);
    merge_fails(&p, "seed 99 there, 11 here");
}

#[test]
fn parts_of_a_different_command_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0], &[]);
    ok(&[
        "run",
        SCENARIO,
        "--reps",
        "4",
        "--shard",
        "1/2",
        "--out",
        s(&p),
    ]);
    merge_fails(&p, "command run there, compare here");
}

#[test]
fn parts_of_a_different_n_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0, 1], &[]);
    parts(&p, SCENARIO, 3, &[2], &[]);
    merge_fails(&p, "N (shards) 3 there, 2 here");
}

#[test]
fn parts_with_different_options_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0], &[]);
    parts(&p, SCENARIO, 2, &[1], &["--baseline", "four"]);
    merge_fails(&p, "options");
    // Flags that may differ between shards do not count.
    let q = dir.path().join("q");
    parts(&q, SCENARIO, 2, &[0], &["--threads", "1"]);
    parts(&q, SCENARIO, 2, &[1], &["--threads", "2"]);
    ok(&["merge", s(&q), "--out", s(&dir.path().join("mq"))]);
}

#[test]
fn parts_of_a_different_firesim_version_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0, 1], &[]);
    let file = p.join("part-1-of-2.fspart");
    let bytes = std::fs::read(&file).unwrap();
    let (mut header, payload) = firesim::shard::decode_header(&file, &bytes).unwrap();
    header.firesim_version = "0.0.1".into();
    let mut rewritten = firesim::shard::encode_header(&header).unwrap();
    rewritten.extend_from_slice(payload);
    std::fs::write(&file, rewritten).unwrap();
    merge_fails(&p, "firesim version 0.0.1 there");
}

#[test]
fn a_damaged_or_foreign_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    parts(&p, SCENARIO, 2, &[0, 1], &[]);
    let file = p.join("part-1-of-2.fspart");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    merge_fails(&p, "part-1-of-2.fspart: damaged results");
    let mut other_version = bytes.clone();
    other_version[8] = 9;
    std::fs::write(&file, &other_version).unwrap();
    merge_fails(&p, "partial-file format version 9");
    std::fs::write(&file, b"not a part").unwrap();
    merge_fails(&p, "part-1-of-2.fspart: not a firesim partial file");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    merge_fails(&empty, "no partial files");
}
