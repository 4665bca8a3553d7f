//! Replays every committed fuzz input — the seed and minimised corpora (`fuzz/corpus/`) and
//! every input that once crashed, hung or ran out of memory (`fuzz/regressions/`) — through
//! the fuzz harness on stable, as part of `cargo test`. Each must end in success or a clean
//! error: no panic. The harness is the fuzz crate's own `src/lib.rs`, so these are the same
//! entry points the fuzzers drove (docs/fuzzing.md).

#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

/// Every file under `fuzz/<kind>/<target>/`, sorted.
fn inputs(kind: &str, target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return vec![];
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("a readable folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Replay the corpus and regressions of one target; panics name every failing file.
fn replay(target: &str) {
    let (_, run) = harness::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a harness target of that name");
    let corpus = inputs("corpus", target);
    let regressions = inputs("regressions", target);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target} holds no seed inputs"
    );
    let (mut ok, mut errors, mut panics) = (0, 0, vec![]);
    for file in corpus.iter().chain(&regressions) {
        let data = std::fs::read(file).expect("a readable corpus file");
        match std::panic::catch_unwind(|| run(&data)) {
            Ok(Ok(())) => ok += 1,
            Ok(Err(_)) => errors += 1,
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panics.push(format!("{}: {msg}", file.display()));
            }
        }
    }
    println!(
        "{target}: {} corpus + {} regression inputs: {ok} ok, {errors} clean errors, {} panics",
        corpus.len(),
        regressions.len(),
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "inputs that panic:\n{}",
        panics.join("\n")
    );
}

#[test]
fn scenario_toml_inputs_never_panic() {
    replay("scenario_toml");
}

#[test]
fn incident_csv_inputs_never_panic() {
    replay("incident_csv");
}

#[test]
fn observed_csv_inputs_never_panic() {
    replay("observed_csv");
}

#[test]
fn travel_matrix_csv_inputs_never_panic() {
    replay("travel_matrix_csv");
}

#[test]
fn sf_calls_inputs_never_panic() {
    replay("sf_calls");
}

#[test]
fn report_data_inputs_never_panic() {
    replay("report_data");
}

#[test]
fn road_graph_inputs_never_panic() {
    replay("road_graph");
}

/// The seeds are valid inputs: each target's seed corpus must contain at least one input
/// that goes all the way through (otherwise the fuzzer would only ever see errors).
#[test]
fn every_target_has_a_seed_that_succeeds() {
    for (target, run) in harness::TARGETS {
        let good = inputs("corpus", target)
            .iter()
            .filter(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
            })
            .filter(|f| run(&std::fs::read(f).unwrap()).is_ok())
            .count();
        assert!(good > 0, "no seed of {target} loads cleanly");
    }
}

#[test]
fn part_file_inputs_never_panic() {
    replay("part_file");
}
