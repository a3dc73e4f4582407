//! Writing a repaired file without risking the original.
//!
//! The new content goes to a temporary file in the same directory (so the rename cannot cross
//! file systems), is flushed to disk, takes the original's permissions (and owner, when run by
//! a user who may give files away), and then replaces the original in one rename. A failure at
//! any step leaves the original as it was. A symbolic link is written through: the file it
//! points to is replaced, the link stays.
//!
//! The original is fingerprinted (device, inode, size, modification and change times, SHA-256
//! of its bytes) when the replacement is started, and again just before the rename: if another
//! program changed or replaced it in between, the rename does not happen, the temporary file
//! is removed and the change is kept.

use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sha2::Digest;

use super::input::io_message;

/// What identifies a file's state: where it is on disk, its size and times, and a hash of its
/// bytes. Any write, truncation, rename over it, `chmod` or `chown` changes one of them (the
/// change time cannot be set back), and the hash catches a same-size write within the
/// timestamps' granularity.
#[derive(Debug, PartialEq, Eq)]
struct Fingerprint {
    device: u64,
    inode: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    sha256: Vec<u8>,
}

impl Fingerprint {
    /// The file at `path` as it is now; an error when it cannot be read, or changes while it
    /// is read.
    fn of(path: &Path) -> std::io::Result<Fingerprint> {
        let mut file = std::fs::File::open(path)?;
        let stat = |m: &std::fs::Metadata| {
            (
                m.dev(),
                m.ino(),
                m.len(),
                (m.mtime(), m.mtime_nsec()),
                (m.ctime(), m.ctime_nsec()),
            )
        };
        let before = stat(&file.metadata()?);
        let mut hasher = sha2::Sha256::new();
        let mut buffer = vec![0; 1 << 16];
        loop {
            let n = match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            hasher.update(&buffer[..n]);
        }
        if stat(&file.metadata()?) != before {
            return Err(std::io::Error::other("it changed while it was read"));
        }
        let (device, inode, len, modified, changed) = before;
        Ok(Fingerprint {
            device,
            inode,
            len,
            modified,
            changed,
            sha256: hasher.finalize().to_vec(),
        })
    }
}

/// A replacement for a file, written in full before it takes the file's place.
pub struct AtomicFile {
    label: String,
    target: PathBuf,
    permissions: std::fs::Permissions,
    /// The original's owner and group, which the replacement takes where it may.
    owner: (u32, u32),
    /// The original when the replacement was started; it must be the same at the rename.
    original: Fingerprint,
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
        let owner = (metadata.uid(), metadata.gid());
        let original =
            Fingerprint::of(&target).map_err(|e| format!("{label}: {}", io_message(&e)))?;
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
            original,
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
        // Last, as close to the rename as it can be: another program's change since the
        // original was read is kept, and this repair of the old text is dropped (with the
        // temporary file, when `self.temp` goes).
        match Fingerprint::of(&self.target) {
            Ok(now) if now == self.original => {}
            Ok(_) => {
                return Err(format!(
                    "{label}: changed by another program while mtscrub was repairing it; \
                     left as it now is, not written"
                ))
            }
            Err(e) => {
                return Err(format!(
                    "{label}: changed by another program while mtscrub was repairing it \
                     ({}); not written",
                    io_message(&e)
                ))
            }
        }
        self.temp
            .persist(&self.target)
            .map_err(|e| fail("cannot replace the file", e.error))?;
        Ok(())
    }
}

/// Replaces the file at `path`, which held `read` when it was read, with `content`; refused
/// when the file no longer holds `read` (another program saved it since).
pub fn write_atomically(
    path: &Path,
    read: impl AsRef<[u8]>,
    content: impl AsRef<[u8]>,
) -> Result<(), String> {
    let mut file = AtomicFile::create(path)?;
    if file.original.sha256 != sha2::Sha256::digest(read.as_ref()).to_vec() {
        return Err(format!(
            "{}: changed since it was read; left as it is now, not written",
            file.label
        ));
    }
    file.write_all(content.as_ref())?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_saved_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, "saved by an editor meanwhile").unwrap();
        let err = write_atomically(&path, "as mtscrub read it", "repaired").unwrap_err();
        assert!(err.contains("changed since it was read"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "saved by an editor meanwhile"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&path, "saved by an editor meanwhile", "repaired").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "repaired");
    }
}
