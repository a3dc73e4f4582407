//! Writing a repaired file without risking the original.
//!
//! The new content goes to a temporary file in the same directory (so the rename cannot cross
//! file systems), is flushed to disk, takes the original's permissions (and owner, when run by
//! a user who may give files away), and then replaces the original in one rename. A failure at any step leaves the original as it was. A symbolic
//! link is written through: the file it points to is replaced, the link stays.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::input::io_message;

/// A replacement for a file, written in full before it takes the file's place.
pub struct AtomicFile {
    label: String,
    target: PathBuf,
    permissions: std::fs::Permissions,
    /// The original's owner and group, which the replacement takes where it may.
    owner: (u32, u32),
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
        let label = path.display().to_string();
        let target =
            std::fs::canonicalize(path).map_err(|e| format!("{label}: {}", io_message(&e)))?;
        let dir = target
            .parent()
            .ok_or_else(|| format!("{label}: has no parent directory"))?;
        let metadata =
            std::fs::metadata(&target).map_err(|e| format!("{label}: {}", io_message(&e)))?;
        let permissions = metadata.permissions();
        let owner = {
            use std::os::unix::fs::MetadataExt;
            (metadata.uid(), metadata.gid())
        };
        let temp = tempfile::Builder::new()
            .prefix(".mtscrub-")
            .tempfile_in(dir)
            .map_err(|e| {
                format!(
                    "{label}: cannot create a temporary file: {}",
                    io_message(&e)
                )
            })?;
        Ok(AtomicFile {
            label,
            target,
            permissions,
            owner,
            temp,
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.temp.write_all(bytes).map_err(|e| {
            format!(
                "{}: cannot write the temporary file: {}",
                self.label,
                io_message(&e)
            )
        })
    }

    /// Flushes the new content to disk and puts it in the original's place.
    pub fn commit(self) -> Result<(), String> {
        let label = self.label;
        let fail = |step: &str, e: std::io::Error| format!("{label}: {step}: {}", io_message(&e));
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| fail("cannot flush the temporary file", e))?;
        // Only a privileged user can give a file away; anyone else's files are their own.
        let _ = std::os::unix::fs::chown(self.temp.path(), Some(self.owner.0), Some(self.owner.1));
        std::fs::set_permissions(self.temp.path(), self.permissions)
            .map_err(|e| fail("cannot copy permissions", e))?;
        self.temp
            .persist(&self.target)
            .map_err(|e| fail("cannot replace the file", e.error))?;
        Ok(())
    }
}

pub fn write_atomically(path: &Path, content: impl AsRef<[u8]>) -> Result<(), String> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(content.as_ref())?;
    file.commit()
}
