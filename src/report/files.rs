//! Writing results: the error every exporter returns, the one atomic write they all go
//! through, and reading back a results folder's report data.

use super::data::ReportData;
use std::path::{Path, PathBuf};

/// Why results could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output folder or a file in it could not be written.
    #[error("cannot write {file}: {source}")]
    Io {
        /// The file or folder.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A Chinese report's font is missing or unreadable (the message names the package).
    #[error("{message}")]
    Font {
        /// What is missing and how to install it.
        message: String,
    },
    /// A stop was asked for (SIGINT, SIGTERM) before this file was written.
    #[error(transparent)]
    Interrupted(#[from] crate::ground::cancel::Interrupted),
    /// A record could not be encoded.
    #[error("cannot encode {file}: {message}")]
    Encode {
        /// The file.
        file: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A results folder's report_data.toml could not be read.
    #[error("cannot read {file} (run `firesim compare` or `firesim run` first): {source}")]
    Read {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A results folder's report_data.toml is not report data.
    #[error("{file} is not a firesim report_data.toml: {message}")]
    Parse {
        /// The file.
        file: PathBuf,
        /// What the TOML reader said.
        message: String,
    },
}

/// The report data of a results folder `dir` (its report_data.toml), which `firesim report
/// DIR` redraws the charts and report.html from ([`write_report`]) without simulating again.
pub fn read_report_data(dir: &Path) -> Result<ReportData, ReportError> {
    let file = dir.join("report_data.toml");
    let text = std::fs::read_to_string(&file).map_err(|source| ReportError::Read {
        file: file.clone(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ReportError::Parse {
        file,
        message: e.to_string().trim_end().to_string(),
    })
}

/// Write `bytes` to `path` atomically ([`crate::ground::atomic_file`]), unless a stop was asked for.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    crate::ground::cancel::check()?;
    crate::ground::atomic_file::write(path, bytes).map_err(|source| ReportError::Io {
        file: path.to_path_buf(),
        source,
    })
}
