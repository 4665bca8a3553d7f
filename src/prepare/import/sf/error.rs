//! [`SfError`]: why an SF import failed, naming the file (and line) at fault.

use std::path::PathBuf;

/// Why an SF import failed; every message names the file (and line) at fault.
#[derive(Debug, thiserror::Error)]
pub enum SfError {
    /// The CSV header row could not be read.
    #[error("{}: cannot read the header row", file.display())]
    Header {
        /// The file.
        file: PathBuf,
        /// What the CSV reader said.
        source: csv::Error,
    },
    /// A needed column is missing.
    #[error("{}: no `{column}` column{hint}", file.display())]
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// What the file probably is not (empty or ` (not an SF calls file?)`).
        hint: &'static str,
    },
    /// A row could not be read as CSV.
    #[error("{} line {line}", file.display())]
    Row {
        /// The file.
        file: PathBuf,
        /// The line (the header is line 1).
        line: usize,
        /// What the CSV reader said.
        source: csv::Error,
    },
    /// A cell holds something the importer cannot use.
    #[error("{} line {line}: {message}", file.display())]
    Cell {
        /// The file.
        file: PathBuf,
        /// The line (the header is line 1).
        line: usize,
        /// Which cell and what is wrong with it.
        message: String,
    },
    /// An output file could not be encoded.
    #[error("cannot encode {file}: {message}")]
    Encode {
        /// The output file.
        file: &'static str,
        /// What the CSV writer said.
        message: String,
    },
}
