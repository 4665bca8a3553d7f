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
