//! The one atomic file writer: bytes go to a temporary file in the target's folder (the
//! `tempfile` crate), which is then renamed over the target (`persist`), so a reader never
//! sees a half-written file and a failed write leaves the old one. `report` and `plot`
//! write every result through it; it knows nothing else of the crate.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically, creating its folder if needed. The file is an
/// ordinary one (mode 0644 on Unix), not private like the temporary file it was.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
