//! Helpers shared by the integration tests: run the built binary, make temporary folders.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Run `firesim` with `args` in the crate root.
pub fn firesim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the firesim binary runs")
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Path as &str.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// A small `firesim robustness` of Dafeng into `out`: cruise speed and call processing
/// uncertain, 4 rows × (2 + 2) points × 3 replications, `plan` and `even`, 50 bootstrap
/// replicates, then `extra` flags.
pub fn small_robustness(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "robustness",
        "scenarios/dafeng.toml",
        "--uncertain",
        "tests/fixtures/uncertain/cruise-and-call.toml",
        "--uncertain-only",
        "--points",
        "4",
        "--reps",
        "3",
        "--rollouts",
        "plan,even",
        "--bootstrap",
        "50",
        "--out",
        s(out),
    ];
    args.extend(extra);
    firesim(&args)
}

/// The CJK font Chinese reports need, or `None` after printing SKIPPED when it is missing
/// and FIRESIM_REQUIRE_CJK_FONT=1 (set by `.ci/run`) does not demand it.
pub fn cjk_font_or_skip(what: &str) -> Option<&'static firesim::report::font::CjkFont> {
    match firesim::report::font::cjk_font() {
        Ok(f) => Some(f),
        Err(e) if std::env::var("FIRESIM_REQUIRE_CJK_FONT").as_deref() != Ok("1") => {
            // Straight to stderr, which the test harness does not capture, so the skip
            // shows in `cargo test`'s output (as the browser tests' does).
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {what}: no CJK font ({e}) (install fonts-wqy-microhei, or run .ci/run)"
            );
            None
        }
        Err(e) => panic!("FIRESIM_REQUIRE_CJK_FONT=1 but {e}"),
    }
}

/// `firesim report DIR --lang zh --out OUT` on a copy of the committed Dafeng comparison's
/// saved data: DIR is `tmp/compare`, OUT (returned) `tmp/compare-zh`.
pub fn dafeng_report_zh(tmp: &Path) -> std::path::PathBuf {
    let (src, out) = (tmp.join("compare"), tmp.join("compare-zh"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("results/dafeng/compare/report_data.toml"),
        src.join("report_data.toml"),
    )
    .unwrap();
    let o = firesim(&["report", s(&src), "--lang", "zh", "--out", s(&out)]);
    assert!(
        o.status.success(),
        "firesim report --lang zh failed: {}",
        stderr(&o)
    );
    out
}

/// Records every response and incident a replication reports.
#[derive(Default)]
pub struct Log {
    /// Unit responses, in the order reported (sorted by [`play`]).
    pub responses: Vec<firesim::sim::model::ResponseRecord>,
    /// Incident outcomes, in the order reported (sorted by [`play`]).
    pub incidents: Vec<firesim::sim::model::IncidentRecord>,
}

impl firesim::sim::model::Observer for Log {
    fn response(&mut self, r: &firesim::sim::model::ResponseRecord) {
        self.responses.push(*r);
    }
    fn incident(&mut self, r: &firesim::sim::model::IncidentRecord) {
        self.incidents.push(*r);
    }
}

/// An incident of the first type at `x_km` east of the origin, called at `call_s`, with 30 s
/// of call processing and 1,000 s on scene.
pub fn incident(id: u32, call_s: f64, x_km: f64) -> firesim::prepare::demand::Incident {
    firesim::prepare::demand::Incident {
        id,
        call: firesim::ground::engine::SimTime::from_secs(call_s),
        zone: 0,
        kind: 0,
        pos: firesim::ground::geo::Point { x_km, y_km: 0.0 },
        call_processing_s: 30.0,
        on_scene_s: 1000.0,
    }
}

/// One replication (`seed`, replication 0) of `incidents` against `crewing` with `policy`.
pub fn run_model(
    s: &firesim::scenario::Scenario,
    crewing: &firesim::prepare::staffing::CrewingTimeline,
    incidents: &[firesim::prepare::demand::Incident],
    policy: &firesim::sim::dispatch::Closest,
    seed: u64,
) -> Log {
    let mut log = Log::default();
    firesim::sim::model::Model::new(
        s,
        crewing,
        incidents.iter().copied(),
        policy,
        &mut log,
        seed,
        0,
    )
    .run();
    log
}

/// [`run_model`] with the first rollout's nominal crewing and seed 1; responses sorted by
/// (incident, dispatch slot), incidents by id.
pub fn play(
    s: &firesim::scenario::Scenario,
    incidents: &[firesim::prepare::demand::Incident],
    policy: &firesim::sim::dispatch::Closest,
) -> Log {
    let crewing = firesim::prepare::staffing::crewing(s, &s.rollouts[0]);
    let mut log = run_model(s, &crewing, incidents, policy, 1);
    log.responses.sort_by_key(|r| (r.incident, r.slot));
    log.incidents.sort_by_key(|r| r.id);
    log
}
