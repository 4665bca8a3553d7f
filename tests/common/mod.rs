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
