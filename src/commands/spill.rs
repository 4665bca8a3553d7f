//! Every replication's figures in a temporary file ([`file_rows`]), so that the memory of
//! `firesim run` and `firesim compare` stays flat in replications: each replication adds
//! one row of the scenario's figures (about 4,200 `f64` for Dafeng: 33 KB) to the file
//! instead of to memory, and the estimates read the rows back a block at a time.
//!
//! The file is unnamed (`tempfile::tempfile`, in the system's temporary folder: `TMPDIR`
//! when set), so the operating system removes it when the run ends, however it ends. Its
//! size is the rows': replications × rollouts held at once × the row's bytes (Dafeng:
//! 6.7 GB for 200,000 replications of one rollout).

use crate::stats::RowBacking;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Rows kept in a temporary file, written and read as little-endian `f64` (every bit).
struct FileRows {
    file: Mutex<File>,
    /// Values written.
    values: u64,
    /// The first failure: the values are then void and the command stops with it.
    error: Mutex<Option<String>>,
}

impl FileRows {
    fn fail(&self, what: &str, e: std::io::Error) {
        if let Ok(mut slot) = self.error.lock()
            && slot.is_none()
        {
            *slot = Some(format!(
                "{what} the replications' figures in a temporary file in {}: {e}",
                std::env::temp_dir().display()
            ));
        }
    }
}

/// A backing that keeps a table's rows in a new temporary file; `Err` names the folder
/// when the file cannot be made.
pub(super) fn file_rows() -> anyhow::Result<Box<dyn RowBacking>> {
    let file = tempfile::tempfile().map_err(|e| {
        anyhow::anyhow!(
            "cannot make a temporary file for the replications' figures in {} (set TMPDIR \
             to a folder with room): {e}",
            std::env::temp_dir().display()
        )
    })?;
    Ok(Box::new(FileRows {
        file: Mutex::new(file),
        values: 0,
        error: Mutex::new(None),
    }))
}

/// [`file_rows`] for a caller that makes backings as it goes (one per rollout): a file
/// that cannot be made gives a backing that holds its error (the table's `error`).
pub(super) fn file_rows_or_failed() -> Box<dyn RowBacking> {
    file_rows().unwrap_or_else(|e| Box::new(Failed(e.to_string())))
}

/// A backing whose file could not be made.
struct Failed(String);

impl RowBacking for Failed {
    fn append(&mut self, _: &[f64]) {}

    fn read(&self, _: usize, out: &mut [f64]) {
        out.fill(f64::NAN);
    }

    fn error(&self) -> Option<String> {
        Some(self.0.clone())
    }
}

impl RowBacking for FileRows {
    fn append(&mut self, values: &[f64]) {
        if self.error().is_some() {
            return;
        }
        let bytes: Vec<u8> = values.iter().flat_map(|x| x.to_le_bytes()).collect();
        let at = self.values * 8;
        let written = match self.file.get_mut() {
            Ok(f) => f
                .seek(SeekFrom::Start(at))
                .and_then(|_| f.write_all(&bytes)),
            Err(_) => Err(std::io::Error::other("the file's lock was poisoned")),
        };
        match written {
            Ok(()) => self.values += values.len() as u64,
            Err(e) => self.fail("cannot write", e),
        }
    }

    fn read(&self, at: usize, out: &mut [f64]) {
        let mut bytes = vec![0u8; out.len() * 8];
        let read = match self.file.lock() {
            Ok(mut f) => f
                .seek(SeekFrom::Start(at as u64 * 8))
                .and_then(|_| f.read_exact(&mut bytes)),
            Err(_) => Err(std::io::Error::other("the file's lock was poisoned")),
        };
        match read {
            Ok(()) => {
                for (x, b) in out.iter_mut().zip(bytes.chunks_exact(8)) {
                    *x = f64::from_le_bytes(b.try_into().expect("8 bytes"));
                }
            }
            Err(e) => {
                out.fill(f64::NAN);
                self.fail("cannot read", e);
            }
        }
    }

    fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gives_back_every_bit_it_was_given() {
        let mut rows = file_rows().expect("a temporary file");
        let values = [
            0.1,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE / 3.0,
            1e300,
        ];
        rows.append(&values);
        rows.append(&values[..2]);
        let mut back = [0.0; 4];
        rows.read(4, &mut back);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&[values[4], values[5], 0.1, -0.0]));
        assert_eq!(rows.error(), None);
        // Reading past what was written is a failure, not silent zeros.
        let mut past = [0.0; 2];
        rows.read(7, &mut past);
        assert!(past.iter().all(|x| x.is_nan()));
        assert!(rows.error().is_some_and(|e| e.contains("cannot read")));
    }
}
