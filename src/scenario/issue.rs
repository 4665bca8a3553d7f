//! What goes wrong loading a scenario: one [`Issue`] (a field path and a message), the
//! [`ScenarioError`] that carries them (or an unreadable file, a parse error, bad rows of a
//! recorded file), and the [`LoadOptions`].

use super::recorded::BadRow;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// One problem found in a scenario: where (a field path such as `stations[3].grade`, with a
/// line when the parser knows it) and what.
#[derive(Debug, Clone, Eq, Serialize)]
pub struct Issue {
    /// The field path, e.g. `rollouts[0].headcount.S99`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// The check in firesim's source that found it (for the test that counts which
    /// checks the error table covers; not part of the message).
    #[serde(skip)]
    pub site: &'static std::panic::Location<'static>,
}

impl Issue {
    /// A problem with `field`, found by the check at the caller's source location.
    #[track_caller]
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            field: field.into(),
            message: message.into(),
            site: std::panic::Location::caller(),
        }
    }
}

/// Equal when they say the same (where in firesim they were found does not matter).
impl PartialEq for Issue {
    fn eq(&self, other: &Issue) -> bool {
        self.field == other.field && self.message == other.message
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file (or a file it names) could not be read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a field is missing, mistyped or unknown.
    #[error("{file}: {message}")]
    Parse {
        /// The file.
        file: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The file parses but its content is inconsistent; every problem is listed.
    #[error("{file}: {} problem(s):\n{}", issues.len(), list(issues))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every problem found.
        issues: Vec<Issue>,
    },
    /// A recorded file has rows that cannot be used (and bad rows are not being skipped).
    #[error("{}", bad_rows(files))]
    BadRows {
        /// Per file, its bad rows.
        files: Vec<(PathBuf, Vec<BadRow>)>,
    },
}

/// How many bad rows an error message lists per file before summarising the rest.
const BAD_ROWS_LISTED: usize = 20;

fn bad_rows(files: &[(PathBuf, Vec<BadRow>)]) -> String {
    let mut out = vec![];
    for (file, rows) in files {
        out.push(format!("{}: {} bad row(s):", file.display(), rows.len()));
        for r in rows.iter().take(BAD_ROWS_LISTED) {
            out.push(format!("  - {r}"));
        }
        if rows.len() > BAD_ROWS_LISTED {
            out.push(format!("  - … and {} more", rows.len() - BAD_ROWS_LISTED));
        }
    }
    out.push(
        "(--skip-bad-rows of `firesim run` or `firesim calibrate` skips and counts them)".into(),
    );
    out.join("\n")
}

/// Options for loading a scenario.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Skip (and count) bad rows of recorded files instead of failing.
    pub skip_bad_rows: bool,
}

fn list(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  - {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}
