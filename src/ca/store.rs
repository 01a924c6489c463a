//! The CA directory, laid out as the Security Pack scripts and `openssl ca` leave it:
//! `ca_conf/ca_cert.pem`, `ca_priv_key.pem`, `ca_cert.pfx`, `ca.db` (index.txt format),
//! `serial.num` (next serial, hex) and `repository/`. Writes are atomic (temporary file,
//! fsync, rename), keys are private, and a lock file serialises every change.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use super::db::{Entry, parse, render};
use crate::error::{InputError, Result};

/// The issuance journal in `ca_conf/`.
const JOURNAL: &str = ".pending";

pub struct Store {
    pub root: PathBuf,
}

/// Holds the CA's lock until dropped.
pub struct Lock {
    _file: File,
}

impl Store {
    pub fn new(dir: &Path) -> Store {
        Store {
            root: dir.join("ca_conf"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub fn cert_path(&self) -> PathBuf {
        self.path("ca_cert.pem")
    }

    pub fn key_path(&self) -> PathBuf {
        self.path("ca_priv_key.pem")
    }

    pub fn repository(&self) -> PathBuf {
        self.path("repository")
    }

    pub fn exists(&self) -> bool {
        self.cert_path().exists() || self.key_path().exists()
    }

    /// An exclusive lock on the CA (flock on `ca_conf/.lock`), so that two `ca issue`
    /// never take the same serial or interleave writes to ca.db.
    pub fn lock(&self) -> Result<Lock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(self.path(".lock"))
            .map_err(|e| InputError::file(&self.path(".lock"), e))?;
        // SAFETY: flock on a descriptor we own; blocking until the other holder releases.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc != 0 {
            return Err(InputError::file(&self.path(".lock"), "cannot lock the CA"));
        }
        // Every write happens under this lock, so temporary files found now were left by a
        // process that was killed mid-write: they are garbage.
        for t in self.leftover_temps() {
            let _ = std::fs::remove_file(t);
        }
        self.recover()?;
        Ok(Lock { _file: file })
    }

    /// Temporary files of `write_atomic` (`.NAME.tmp.PID`) in the CA's folders.
    fn leftover_temps(&self) -> Vec<PathBuf> {
        [self.root.clone(), self.repository()]
            .iter()
            .flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten().flatten())
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with('.') && name.contains(".tmp.")
            })
            .map(|e| e.path())
            .collect()
    }

    /// Records, before any file of an issuance is written, the ca.db entries it will add
    /// and the files each needs. A process killed before `end_issue` leaves the journal for
    /// the next holder of the lock, which finishes or undoes it (see `recover`).
    pub fn begin_issue(&self, items: &[(Entry, Vec<PathBuf>)]) -> Result<()> {
        let mut text = String::new();
        for (entry, files) in items {
            text.push_str("E\t");
            text.push_str(&render(std::slice::from_ref(entry)));
            for f in files {
                text.push_str(&format!("F\t{}\n", f.display()));
            }
        }
        write_atomic(&self.path(JOURNAL), text.as_bytes(), 0o600, true)
    }

    /// Finishes what a killed process left: an issuance half done (so that a reader sees
    /// each serial with its record and files or with neither) or a temporary file of a
    /// write it never renamed. Locks only when there is work.
    pub fn settle(&self) -> Result<()> {
        if self.path(JOURNAL).exists() || !self.leftover_temps().is_empty() {
            drop(self.lock()?);
        }
        Ok(())
    }

    pub fn end_issue(&self) -> Result<()> {
        std::fs::remove_file(self.path(JOURNAL))
            .map_err(|e| InputError::file(&self.path(JOURNAL), e))
    }

    /// Finishes an issuance that was cut short: an entry whose files are all there is
    /// recorded (the certificate exists; losing track of it would be worse), one with
    /// files missing has the rest removed. Either way each serial ends with its record and
    /// all its files, or neither.
    fn recover(&self) -> Result<()> {
        let path = self.path(JOURNAL);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(());
        };
        let mut items: Vec<(String, Vec<PathBuf>)> = Vec::new();
        for line in text.lines() {
            if let Some(e) = line.strip_prefix("E\t") {
                items.push((e.to_string(), Vec::new()));
            } else if let (Some(f), Some(last)) = (line.strip_prefix("F\t"), items.last_mut()) {
                last.1.push(PathBuf::from(f));
            }
        }
        let db_path = self.path("ca.db");
        let db_text = std::fs::read_to_string(&db_path).unwrap_or_default();
        let mut entries =
            parse(&db_text).map_err(|e| InputError(format!("{}: {e}", db_path.display())))?;
        let mut changed = false;
        for (line, files) in items {
            let Ok(mut new) = parse(&line) else { continue };
            let Some(entry) = new.pop() else { continue };
            if entries.iter().any(|e| e.serial == entry.serial) {
                continue;
            }
            if files.iter().all(|f| f.exists()) {
                entries.push(entry);
                changed = true;
            } else {
                for f in files {
                    let _ = std::fs::remove_file(f);
                }
            }
        }
        if changed {
            write_atomic(&db_path, render(&entries).as_bytes(), 0o644, true)?;
        }
        std::fs::remove_file(&path).map_err(|e| InputError::file(&path, e))
    }

    pub fn read(&self, name: &str) -> Result<String> {
        let p = self.path(name);
        let bytes = crate::input::read::read_capped(&p, 256 * 1024 * 1024)
            .map_err(|e| InputError::file(&p, e))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The next serial (hex, as `openssl ca` writes it), without consuming it.
    pub fn next_serial(&self) -> Result<Vec<u8>> {
        let text = self.read("serial.num")?;
        let hex = text.trim();
        parse_hex(hex).ok_or_else(|| {
            InputError::file(
                &self.path("serial.num"),
                format!("`{hex}` is not a hexadecimal serial"),
            )
        })
    }

    pub fn set_next_serial(&self, serial: &[u8]) -> Result<()> {
        write_atomic(
            &self.path("serial.num"),
            format!("{}\n", serial_text(serial)).as_bytes(),
            0o644,
            true,
        )
    }
}

pub fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let padded = if s.len() % 2 == 1 {
        format!("0{s}")
    } else {
        s.to_string()
    };
    (0..padded.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&padded[i..i + 2], 16).ok())
        .collect()
}

/// Serials as `openssl ca` writes them: upper-case hex, whole bytes.
pub fn serial_text(serial: &[u8]) -> String {
    let start = serial
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(serial.len().saturating_sub(1));
    let s: String = serial[start..].iter().map(|b| format!("{b:02X}")).collect();
    if s.is_empty() { "00".into() } else { s }
}

pub fn increment(serial: &[u8]) -> Vec<u8> {
    let mut out = serial.to_vec();
    for b in out.iter_mut().rev() {
        if *b == 0xFF {
            *b = 0;
        } else {
            *b += 1;
            return out;
        }
    }
    out.insert(0, 1);
    out
}

/// Writes a file so that a crash leaves either the old file or the new one, never half of
/// one: a temporary file in the same directory, fsync, then rename over the target. With
/// `replace` false an existing target is an error and is left untouched.
pub fn write_atomic(path: &Path, data: &[u8], mode: u32, replace: bool) -> Result<()> {
    write_file(path, data, mode, replace, true)
}

/// Like `write_atomic` for a new file, but leaves making it durable to the caller
/// (`sync_fs`): a batch of hundreds of files then costs one sync, not one per file. The
/// caller syncs before anything (ca.db) refers to the files.
pub fn write_new(path: &Path, data: &[u8], mode: u32) -> Result<()> {
    write_file(path, data, mode, false, false)
}

/// Flushes the file system that holds `dir`, and the directory itself.
pub fn sync_fs(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        // SAFETY: syncfs on a descriptor we own.
        unsafe { libc::syncfs(d.as_raw_fd()) };
        let _ = d.sync_all();
    }
}

fn write_file(path: &Path, data: &[u8], mode: u32, replace: bool, durable: bool) -> Result<()> {
    if !replace && path.exists() {
        return Err(InputError::file(
            path,
            "already exists; tlskit never overwrites it",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)?;
        f.write_all(data)?;
        if durable {
            f.sync_all()?;
        }
        if replace {
            std::fs::rename(&tmp, path)?;
        } else {
            // link(2) fails when the target exists: no race with another writer.
            std::fs::hard_link(&tmp, path)?;
            std::fs::remove_file(&tmp)?;
        }
        if durable && let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(InputError::file(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_count_in_hex_like_openssl() {
        assert_eq!(parse_hex("1000"), Some(vec![0x10, 0x00]));
        assert_eq!(parse_hex("abc"), Some(vec![0x0a, 0xbc]));
        assert_eq!(serial_text(&increment(&[0x10, 0xFF])), "1100");
        assert_eq!(serial_text(&increment(&[0xFF])), "0100");
        assert_eq!(parse_hex("xyz"), None);
    }

    #[test]
    fn atomic_writes_never_overwrite_unless_asked() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("k.pem");
        write_atomic(&p, b"one", 0o600, false).unwrap();
        assert!(write_atomic(&p, b"two", 0o600, false).is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"three", 0o600, true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
