//! Sharded runs (`--shard K/N` of `run`, `compare` and `robustness`) and `firesim merge`:
//! the merge of any number of shards is byte for byte the unsharded result, and every way a set of parts can be wrong is an
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
/// Two uncertain inputs that leave the demand alone (each replication's stream is drawn
/// once for the whole design): 2 rows × (2 + 2) = 8 design points × 3 replications = 24
/// work items, 2 rollouts.
const STAFFING: &str = "tests/fixtures/uncertain/shard-small-staffing.toml";
const ROBUSTNESS: &[&str] = &[
    "robustness",
    SCENARIO,
    "--uncertain",
    STAFFING,
    "--uncertain-only",
    "--points",
    "2",
    "--reps",
    "3",
    "--bootstrap",
    "20",
];

/// The unsharded results, computed once for all cases.
fn reference(cmd: &'static [&'static str]) -> &'static BTreeMap<PathBuf, Vec<u8>> {
    static RUN_REF: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    static COMPARE_REF: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    static ROBUSTNESS_REF: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    let cell = match cmd[0] {
        "run" => &RUN_REF,
        "compare" => &COMPARE_REF,
        _ => &ROBUSTNESS_REF,
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
    let rob = reference(ROBUSTNESS);
    for f in [
        "robustness.json",
        "robustness.csv",
        "sensitivity.csv",
        "voi.csv",
        "robustness.md",
        "report.html",
    ] {
        assert!(rob.contains_key(Path::new(f)), "robustness wrote no {f}");
    }
    assert!(rob.keys().any(|k| k.starts_with("charts")));
}

#[test]
fn merged_robustness_is_the_single_study_for_n_1_2_3_7() {
    // 24 work items: blocks of 24, 12, 8 and 3–4 items, so some shards end inside a design
    // point and some hold less than one point; shards run on 1 or 2 threads.
    for (n, threads) in [
        (1, &["2"][..]),
        (2, &["1", "2"]),
        (3, &["2", "1"]),
        (7, &["1", "2"]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let merged = sharded(dir.path(), ROBUSTNESS, n, threads);
        assert_same(
            reference(ROBUSTNESS),
            &merged,
            &format!("robustness, {n} shards"),
        );
    }
}

#[test]
fn a_robustness_study_over_the_demand_merges_exactly_with_more_shards_than_items() {
    // An input on the demand: the streams are drawn at every design point. 1 row × … is
    // not allowed, so 2 rows × (1 + 2) = 6 points × 2 replications = 12 items; 13 shards
    // leave one empty.
    let cmd = &[
        "robustness",
        SCENARIO,
        "--uncertain",
        "tests/fixtures/uncertain/shard-small-demand.toml",
        "--uncertain-only",
        "--points",
        "2",
        "--reps",
        "2",
        "--bootstrap",
        "20",
    ];
    let dir = tempfile::tempdir().unwrap();
    let one = single(dir.path(), cmd);
    assert!(one.contains_key(Path::new("robustness.json")));
    for n in [4, 13] {
        assert_same(
            &one,
            &sharded(dir.path(), cmd, n, &["1"]),
            &format!("demand, {n} shards"),
        );
    }
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
    let (mut header, payload) = firesim::study::shard::decode_header(&file, &bytes).unwrap();
    header.firesim_version = "0.0.1".into();
    let mut rewritten = firesim::study::shard::encode_header(&header).unwrap();
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
    merge_fails(&p, "part-1-of-2.fspart: damaged part");
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

/// The parts of the small robustness study (`ROBUSTNESS`, with `flag value` pairs in
/// `extra` replacing or adding to its own) as `n` shards (only those in `shards`) into
/// `dir`; `uncertain` replaces its --uncertain file.
fn robustness_parts(dir: &Path, uncertain: &str, n: u32, shards: &[u32], extra: &[&str]) {
    let mut base: Vec<&str> = ROBUSTNESS
        .iter()
        .map(|&a| if a == STAFFING { uncertain } else { a })
        .collect();
    for pair in extra.chunks(2) {
        match base.iter().position(|&a| a == pair[0]) {
            Some(i) => base[i + 1] = pair[1],
            None => base.extend(pair),
        }
    }
    for k in shards {
        let spec = format!("{k}/{n}");
        let mut args = base.clone();
        args.extend(["--shard", &spec, "--out", s(dir)]);
        ok(&args);
    }
}

#[test]
fn robustness_parts_missing_doubled_or_from_another_study_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("missing");
    robustness_parts(&p, STAFFING, 3, &[0, 2], &[]);
    merge_fails(&p, "missing 1 of 3 part(s): part-1-of-3.fspart");

    let p = dir.path().join("doubled");
    robustness_parts(&p, STAFFING, 2, &[0, 1], &[]);
    std::fs::copy(
        p.join("part-0-of-2.fspart"),
        p.join("part-0-of-2.again.fspart"),
    )
    .unwrap();
    merge_fails(&p, "both hold shard 0/2");

    let p = dir.path().join("seed");
    robustness_parts(&p, STAFFING, 2, &[0], &[]);
    robustness_parts(&p, STAFFING, 2, &[1], &["--seed", "99"]);
    merge_fails(&p, "seed 99 there, 11 here");

    // Another design: 3 rows × 4 = 12 points × 3 replications = 36 items, not 24.
    let p = dir.path().join("points");
    robustness_parts(&p, STAFFING, 2, &[0], &[]);
    robustness_parts(&p, STAFFING, 2, &[1], &["--points", "3"]);
    merge_fails(
        &p,
        "work items (design point × replication) 36 there, 24 here",
    );

    let p = dir.path().join("options");
    robustness_parts(&p, STAFFING, 2, &[0], &[]);
    robustness_parts(&p, STAFFING, 2, &[1], &["--bootstrap", "30"]);
    merge_fails(&p, "options");

    let p = dir.path().join("command");
    robustness_parts(&p, STAFFING, 2, &[0], &[]);
    ok(&[
        "compare",
        SCENARIO,
        "--reps",
        "4",
        "--shard",
        "1/2",
        "--out",
        s(&p),
    ]);
    merge_fails(&p, "command compare there, robustness here");
}

#[test]
fn robustness_parts_of_other_or_changed_uncertain_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inputs.toml");
    let text = std::fs::read_to_string(STAFFING).unwrap();
    let narrower = text.replace("min = 0.6", "min = 0.7");
    assert_ne!(text, narrower);

    // Shards that read different contents of the same --uncertain file.
    let p = dir.path().join("other");
    std::fs::write(&file, &text).unwrap();
    robustness_parts(&p, s(&file), 2, &[0], &[]);
    std::fs::write(&file, &narrower).unwrap();
    robustness_parts(&p, s(&file), 2, &[1], &[]);
    merge_fails(&p, "is not from the same run as");
    merge_fails(&p, "scenario");

    // The file changed after every shard ran: the merge would read other inputs.
    let p = dir.path().join("changed");
    std::fs::write(&file, &text).unwrap();
    robustness_parts(&p, s(&file), 2, &[0, 1], &[]);
    std::fs::write(&file, &narrower).unwrap();
    merge_fails(&p, "has changed since the shards ran");
    merge_fails(&p, "--uncertain");
    std::fs::write(&file, &text).unwrap();
    ok(&["merge", s(&p), "--out", s(&dir.path().join("m"))]);

    // Gone: named.
    std::fs::remove_file(&file).unwrap();
    merge_fails(&p, "inputs.toml");
}

#[test]
fn a_robustness_part_holding_other_items_or_shapes_is_named() {
    use firesim::study::robustness::ItemResult;
    use firesim::study::shard::{decode_header, decode_payload, encode};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parts");
    robustness_parts(&p, STAFFING, 2, &[0, 1], &[]);
    let read = |k: u32| {
        let file = p.join(format!("part-{k}-of-2.fspart"));
        let bytes = std::fs::read(&file).unwrap();
        let (header, payload) = decode_header(&file, &bytes).unwrap();
        let items: Vec<ItemResult> = decode_payload(&file, payload).unwrap();
        (file, header, items)
    };
    let (file1, header1, items1) = read(1);
    let (_, _, items0) = read(0);
    assert_eq!(items0.len() + items1.len(), 24);
    // Shard 1's header over shard 0's items.
    std::fs::write(&file1, encode(&header1, &items0).unwrap()).unwrap();
    merge_fails(&p, "part-1-of-2.fspart: holds 12 work item(s)");
    // The right items, one of them short of a rollout.
    let mut short = items1.clone();
    short[3].values.pop();
    std::fs::write(&file1, encode(&header1, &short).unwrap()).unwrap();
    merge_fails(&p, "part-1-of-2.fspart: the result of point");
    std::fs::write(&file1, encode(&header1, &items1).unwrap()).unwrap();
    ok(&["merge", s(&p), "--out", s(&dir.path().join("m"))]);
}

#[test]
fn robustness_shard_auto_and_bad_shard_flags() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    for k in ["0", "1"] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_firesim"))
            .args(ROBUSTNESS)
            .args(["--shard", "auto", "--out", s(&parts)])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("AWS_BATCH_JOB_ARRAY_INDEX")
            .env("JOB_COMPLETION_INDEX", k)
            .env("FIRESIM_SHARDS", "2")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("shard {k}/2: work items")),
            "{}",
            stderr(&o)
        );
    }
    let merged = dir.path().join("merged");
    ok(&["merge", s(&parts), "--out", s(&merged)]);
    assert_same(reference(ROBUSTNESS), &files(&merged), "robustness, auto");

    let out = dir.path().join("p");
    for (flags, says) in [
        (&["--shard", "2/2"][..], "K = 2 is not below N = 2"),
        (&["--shard", "1-2"][..], "`1-2` is not K/N"),
        (
            &["--shard", "0/2", "--shards", "2"][..],
            "--shards: only with --shard auto",
        ),
    ] {
        let mut args = ROBUSTNESS.to_vec();
        args.extend(["--out", s(&out)]);
        args.extend(flags);
        let o = firesim(&args);
        assert!(!o.status.success(), "{flags:?}");
        assert!(stderr(&o).contains(says), "{flags:?}: {}", stderr(&o));
        assert!(!out.exists(), "{flags:?} wrote results");
    }
}
