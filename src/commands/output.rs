//! Where results go: a run writes every file into a staging folder inside the output
//! folder and moves them into place only once all are written, so an error or an
//! interruption (SIGINT, SIGTERM) leaves earlier results untouched and no half-written set.

use crate::ground::cancel;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// A staging folder for the results bound for `out`.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
}

impl Staging {
    /// Create `out` (if needed) and a hidden staging folder inside it.
    pub fn new(out: &Path) -> Result<Staging> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create the output folder {}", out.display()))?;
        let dir = tempfile::Builder::new()
            .prefix(".firesim-partial-")
            .tempdir_in(out)
            .with_context(|| format!("cannot write in {}", out.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Move every staged file into the output folder (replacing files of the same name),
    /// unless a stop was asked for: then nothing moves and the staging folder is removed.
    pub fn commit(self) -> Result<()> {
        cancel::check()?;
        let mut files = vec![];
        collect_files(self.dir.path(), &mut files)
            .with_context(|| format!("cannot list {}", self.dir.path().display()))?;
        files.sort();
        for from in files {
            let rel = from.strip_prefix(self.dir.path()).unwrap_or(&from);
            let to = self.out.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::rename(&from, &to)
                .with_context(|| format!("cannot move {} into place", to.display()))?;
        }
        Ok(())
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
