//! Where results go: the one output transaction of every command. A command writes every
//! file into a staging folder beside its targets (inside the output folder, so on the
//! same file system) and [`Staging::commit`] swaps them in with renames only once all
//! are written: an error or an interruption (SIGINT, SIGTERM) before then leaves earlier
//! results untouched; an obstacle (a folder where a file goes, a target that is one of
//! the command's inputs) is found before anything moves; and a rename that fails halfway
//! is rolled back, the earlier files restored, so either every file appears or none.

use crate::ground::cancel;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// A staging folder for the results bound for `out`.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    /// The command's inputs, links resolved: no result may replace one.
    inputs: Vec<(PathBuf, PathBuf)>,
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
            inputs: vec![],
        })
    }

    /// These results may replace none of `inputs` (the files the command read; checked,
    /// links resolved, before anything moves).
    pub fn guarding(mut self, inputs: &[PathBuf]) -> Staging {
        self.inputs = inputs
            .iter()
            .filter_map(|p| Some((p.clone(), std::fs::canonicalize(p).ok()?)))
            .collect();
        self
    }

    /// Refuse now, before the work, what [`Staging::commit`] would refuse for the results
    /// `names` (relative to the output folder) that the command knows it will write.
    pub fn refuse_obstacles(&self, names: &[&std::ffi::OsStr]) -> Result<()> {
        names
            .iter()
            .try_for_each(|n| self.obstacle(&self.out.join(n)))
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Swap every staged file into the output folder (replacing files of the same name),
    /// all or none: unless a stop was asked for (then nothing moves and the staging folder
    /// is removed), every target is checked first, and a rename that fails halfway puts
    /// the earlier files back.
    pub fn commit(self) -> Result<()> {
        cancel::check()?;
        let mut files = vec![];
        collect_files(self.dir.path(), &mut files)
            .with_context(|| format!("cannot list {}", self.dir.path().display()))?;
        files.sort();
        let moves: Vec<(PathBuf, PathBuf)> = files
            .into_iter()
            .map(|from| {
                let rel = from
                    .strip_prefix(self.dir.path())
                    .unwrap_or(&from)
                    .to_path_buf();
                (from, self.out.join(rel))
            })
            .collect();
        for (_, to) in &moves {
            self.obstacle(to)?;
        }
        let old = tempfile::Builder::new()
            .prefix(".firesim-old-")
            .tempdir_in(&self.out)
            .with_context(|| format!("cannot write in {}", self.out.display()))?;
        let mut done: Vec<Swap> = vec![];
        for (i, (from, to)) in moves.iter().enumerate() {
            match swap(from, to, &old.path().join(i.to_string())) {
                Ok(s) => done.push(s),
                Err(e) => {
                    for s in done.into_iter().rev() {
                        s.undo();
                    }
                    return Err(e.context(format!(
                        "cannot move {} into place; the earlier results in {} are as they were",
                        to.display(),
                        self.out.display()
                    )));
                }
            }
        }
        Ok(())
    }

    /// Why `to` cannot take a result: it is one of the inputs (links resolved), a folder,
    /// or below a file.
    fn obstacle(&self, to: &Path) -> Result<()> {
        if let Ok(real) = std::fs::canonicalize(to)
            && let Some((input, _)) = self.inputs.iter().find(|(_, c)| *c == real)
        {
            bail!(
                "{} would replace {}, an input of this command: choose another output \
                 (nothing was written)",
                to.display(),
                input.display()
            );
        }
        if to.is_dir() {
            bail!(
                "{} is a folder where a result file goes: move it away (nothing was written)",
                to.display()
            );
        }
        let mut up = to.parent();
        while let Some(dir) = up {
            if dir == self.out {
                break;
            }
            if dir.exists() && !dir.is_dir() {
                bail!(
                    "{} is a file where a folder of results goes: move it away (nothing was \
                     written)",
                    dir.display()
                );
            }
            up = dir.parent();
        }
        Ok(())
    }
}

/// One file swapped in: where it went and, if it replaced one, where the earlier file
/// waits.
struct Swap {
    to: PathBuf,
    from: PathBuf,
    kept: Option<PathBuf>,
}

impl Swap {
    /// Put the earlier file back (or remove the new one where there was none).
    fn undo(self) {
        let _ = std::fs::rename(&self.to, &self.from);
        if let Some(kept) = self.kept {
            let _ = std::fs::rename(kept, &self.to);
        }
    }
}

/// Move `from` to `to`, the file at `to` (if any) first to `keep`.
fn swap(from: &Path, to: &Path, keep: &Path) -> Result<Swap> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let kept = if to.symlink_metadata().is_ok() {
        std::fs::rename(to, keep).with_context(|| format!("cannot set {} aside", to.display()))?;
        Some(keep.to_path_buf())
    } else {
        None
    };
    if let Err(e) = std::fs::rename(from, to) {
        if let Some(k) = &kept {
            let _ = std::fs::rename(k, to);
        }
        return Err(e.into());
    }
    Ok(Swap {
        to: to.to_path_buf(),
        from: from.to_path_buf(),
        kept,
    })
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
