//! Writing a repaired file without risking the original.
//!
//! The new content goes to a temporary file in the same directory (so the rename cannot cross
//! file systems), is flushed to disk, takes the original's permissions, and then replaces the
//! original in one rename. A failure at any step leaves the original as it was. A symbolic
//! link is written through: the file it points to is replaced, the link stays.

use std::io::Write;
use std::path::Path;

use super::input::io_message;

pub fn write_atomically(path: &Path, content: &str) -> Result<(), String> {
    let label = path.display().to_string();
    let target = std::fs::canonicalize(path).map_err(|e| format!("{label}: {}", io_message(&e)))?;
    let dir = target
        .parent()
        .ok_or_else(|| format!("{label}: has no parent directory"))?;
    let permissions = std::fs::metadata(&target)
        .map_err(|e| format!("{label}: {}", io_message(&e)))?
        .permissions();
    let fail = |step: &str, e: std::io::Error| format!("{label}: {step}: {}", io_message(&e));

    let mut temp = tempfile::Builder::new()
        .prefix(".mtscrub-")
        .tempfile_in(dir)
        .map_err(|e| fail("cannot create a temporary file", e))?;
    temp.write_all(content.as_bytes())
        .map_err(|e| fail("cannot write the temporary file", e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| fail("cannot flush the temporary file", e))?;
    std::fs::set_permissions(temp.path(), permissions)
        .map_err(|e| fail("cannot copy permissions", e))?;
    temp.persist(&target)
        .map_err(|e| fail("cannot replace the file", e.error))?;
    Ok(())
}
