//! The CA directory, laid out as the Security Pack scripts and `openssl ca` leave it:
//! `ca_conf/ca_cert.pem`, `ca_priv_key.pem`, `ca_cert.pfx`, `ca.db` (index.txt format),
//! `serial.num` (next serial, hex) and `repository/`. Writes are atomic (temporary file,
//! fsync, rename, fsync of the directory), keys are private, and a lock file serialises
//! every change.

use std::fs::{File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Component, Path, PathBuf};

use super::db::{Entry, parse, render};
use super::serial::{parse_hex, serial_text};
use crate::error::{InputError, Result};

/// The issuance journal in `ca_conf/`.
const JOURNAL: &str = ".pending";

/// Mode of `ca_conf/` (it holds the CA key) and of `repository/`.
pub(crate) const CONF_MODE: u32 = 0o700;
pub(crate) const REPOSITORY_MODE: u32 = 0o755;

/// The files of a store (and those `openssl ca` keeps beside ca.db): `--out` never names
/// one of them.
pub(crate) const STORE_FILES: &[&str] = &[
    "ca_cert.pem",
    "ca_priv_key.pem",
    "ca_cert.pfx",
    "ca_chain.pem",
    "ca.db",
    "ca.db.attr",
    "ca.db.old",
    "ca.db.attr.old",
    "serial.num",
    "serial.num.old",
    "crl.num",
    "crl.num.old",
    ".lock",
    JOURNAL,
];

pub(crate) struct Store {
    pub root: PathBuf,
}

/// Holds the CA's lock until dropped.
pub(crate) struct Lock {
    _file: File,
}

/// One certificate of an issuance, as the journal records it before any file is written.
pub(crate) struct Pending {
    pub entry: Entry,
    /// Where its files go (inside the store).
    pub files: Vec<PathBuf>,
    /// The serial it replaces (`ca renew --revoke-old`): revoked as superseded when the
    /// new entry is recorded.
    pub supersedes: Option<String>,
}

impl Store {
    /// The store of the folder that holds `ca_conf/`.
    pub(crate) fn new(dir: &Path) -> Store {
        Store::at(dir.join("ca_conf"))
    }

    /// The store whose `ca_conf/` is `root` (for `ca init`, a folder not yet in place).
    pub(crate) fn at(root: PathBuf) -> Store {
        Store { root }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub(crate) fn cert_path(&self) -> PathBuf {
        self.path("ca_cert.pem")
    }

    pub(crate) fn key_path(&self) -> PathBuf {
        self.path("ca_priv_key.pem")
    }

    pub(crate) fn repository(&self) -> PathBuf {
        self.path("repository")
    }

    pub(crate) fn exists(&self) -> bool {
        self.cert_path().exists() || self.key_path().exists()
    }

    /// Creates `ca_conf/` (0700) and `repository/` (0755) with exactly those modes,
    /// whatever the umask.
    pub(crate) fn create_dirs(&self) -> Result<()> {
        make_dir(&self.root, CONF_MODE)?;
        make_dir(&self.repository(), REPOSITORY_MODE)
    }

    /// An exclusive lock on the CA (flock on `ca_conf/.lock`), so that two `ca issue`
    /// never take the same serial or interleave writes to ca.db. The lock file is opened
    /// without following a symbolic link: a link planted there is refused, not followed.
    pub(crate) fn lock(&self) -> Result<Lock> {
        let path = self.path(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path)
            .map_err(|e| match e.raw_os_error() {
                Some(libc::ELOOP) => InputError::file(
                    &path,
                    "is a symbolic link: tlskit does not follow it; remove it",
                ),
                _ => InputError::file(&path, e),
            })?;
        // SAFETY: flock on a descriptor we own; blocking until the other holder releases.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc != 0 {
            return Err(InputError::file(&path, "cannot lock the CA"));
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

    /// A path inside the store as the journal records it: relative to `ca_conf/`, so that
    /// a run from another working directory finds the same files.
    fn relative(&self, path: &Path) -> Result<String> {
        let rel = path.strip_prefix(&self.root).map_err(|_| {
            InputError::file(
                path,
                "is outside the CA store: the journal cannot record it",
            )
        })?;
        rel.to_str()
            .map(String::from)
            .ok_or_else(|| InputError::file(path, "is not UTF-8"))
    }

    /// A journal path resolved against the store; `None` for one that could lead outside
    /// it (absolute, or with `..`), which recovery never touches.
    fn resolve(&self, rel: &str) -> Option<PathBuf> {
        let p = Path::new(rel);
        p.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then(|| self.root.join(p))
    }

    /// Records, before any file of an issuance is written, the ca.db entries it will add
    /// and the files each needs. A process killed before `end_issue` leaves the journal for
    /// the next holder of the lock, which finishes or undoes it (see `recover`).
    pub(crate) fn begin_issue(&self, items: &[Pending]) -> Result<()> {
        let mut text = String::new();
        for item in items {
            text.push_str("E\t");
            text.push_str(&render(std::slice::from_ref(&item.entry)));
            for f in &item.files {
                text.push_str(&format!("F\t{}\n", self.relative(f)?));
            }
            if let Some(old) = &item.supersedes {
                text.push_str(&format!("S\t{old}\n"));
            }
        }
        write_atomic(&self.path(JOURNAL), text.as_bytes(), 0o600, true)
    }

    /// Finishes what a killed process left: an issuance half done (so that a reader sees
    /// each serial with its record and files or with neither) or a temporary file of a
    /// write it never renamed. Locks only when there is work.
    pub(crate) fn settle(&self) -> Result<()> {
        if self.path(JOURNAL).exists() || !self.leftover_temps().is_empty() {
            drop(self.lock()?);
        }
        Ok(())
    }

    pub(crate) fn end_issue(&self) -> Result<()> {
        std::fs::remove_file(self.path(JOURNAL))
            .map_err(|e| InputError::file(&self.path(JOURNAL), e))?;
        sync_dir(&self.root);
        Ok(())
    }

    /// Finishes an issuance that was cut short: an entry whose files are all there is
    /// recorded (the certificate exists; losing track of it would be worse), one with
    /// files missing has the rest removed. Either way each serial ends with its record and
    /// all its files, or neither.
    fn recover(&self) -> Result<()> {
        let path = self.path(JOURNAL);
        let Ok(bytes) = crate::input::read::read_capped(&path, 256 * 1024 * 1024) else {
            return Ok(());
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut entries = self.read_db()?;
        let mut changed = false;
        for item in journal_items(&text) {
            let Ok(mut new) = parse(&item.line) else {
                continue;
            };
            let Some(entry) = new.pop() else { continue };
            if entries.iter().any(|e| e.serial == entry.serial) {
                continue;
            }
            let files: Option<Vec<PathBuf>> = item.files.iter().map(|f| self.resolve(f)).collect();
            let Some(files) = files else { continue };
            if files.iter().all(|f| f.exists()) {
                if let Some(old) = &item.supersedes {
                    supersede(&mut entries, old);
                }
                entries.push(entry);
                changed = true;
            } else {
                for f in files {
                    let _ = std::fs::remove_file(f);
                }
            }
        }
        if changed {
            self.write_db(&entries)?;
        }
        std::fs::remove_file(&path).map_err(|e| InputError::file(&path, e))
    }

    pub(crate) fn read(&self, name: &str) -> Result<String> {
        let p = self.path(name);
        let bytes = crate::input::read::read_capped(&p, 256 * 1024 * 1024)
            .map_err(|e| InputError::file(&p, e))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The entries of ca.db (none when there is no ca.db yet).
    pub(crate) fn read_db(&self) -> Result<Vec<Entry>> {
        let p = self.path("ca.db");
        if !p.exists() {
            return Ok(Vec::new());
        }
        parse(&self.read("ca.db")?).map_err(|e| InputError(format!("{}: {e}", p.display())))
    }

    pub(crate) fn write_db(&self, entries: &[Entry]) -> Result<()> {
        write_atomic(&self.path("ca.db"), render(entries).as_bytes(), 0o644, true)
    }

    /// The next serial (hex, as `openssl ca` writes it), without consuming it.
    pub(crate) fn next_serial(&self) -> Result<Vec<u8>> {
        let text = self.read("serial.num")?;
        let hex = text.trim();
        parse_hex(hex).ok_or_else(|| {
            InputError::file(
                &self.path("serial.num"),
                format!("`{}` is not a hexadecimal serial", super::name::shown(hex)),
            )
        })
    }

    pub(crate) fn set_next_serial(&self, serial: &[u8]) -> Result<()> {
        write_atomic(
            &self.path("serial.num"),
            format!("{}\n", serial_text(serial)).as_bytes(),
            0o644,
            true,
        )
    }
}

/// Marks the valid entry `serial` revoked as superseded (renewal with --revoke-old).
pub(crate) fn supersede(entries: &mut [Entry], serial: &str) {
    if let Some(e) = entries
        .iter_mut()
        .find(|e| e.status == 'V' && super::serial::same(&e.serial, serial))
    {
        e.revoke(Some("superseded"));
    }
}

/// One entry of the journal: its ca.db line, its files (relative to the store) and the
/// serial it supersedes.
struct JournalItem {
    line: String,
    files: Vec<String>,
    supersedes: Option<String>,
}

fn journal_items(text: &str) -> Vec<JournalItem> {
    let mut items: Vec<JournalItem> = Vec::new();
    for line in text.lines() {
        if let Some(e) = line.strip_prefix("E\t") {
            items.push(JournalItem {
                line: e.to_string(),
                files: Vec::new(),
                supersedes: None,
            });
        } else if let Some(last) = items.last_mut() {
            if let Some(f) = line.strip_prefix("F\t") {
                last.files.push(f.to_string());
            } else if let Some(s) = line.strip_prefix("S\t") {
                last.supersedes = Some(s.to_string());
            }
        }
    }
    items
}

/// Creates a folder with exactly `mode` (the umask does not apply), or sets the mode of
/// one that is already there and empty.
pub(crate) fn make_dir(dir: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match std::fs::DirBuilder::new().mode(mode).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
        Err(e) => return Err(InputError::file(dir, e)),
    }
    std::fs::set_permissions(dir, Permissions::from_mode(mode))
        .map_err(|e| InputError::file(dir, e))
}

/// Writes a file so that a crash leaves either the old file or the new one, never half of
/// one: a temporary file in the same directory, fsync, rename over the target, fsync of
/// the directory. With `replace` false an existing target is an error and is left
/// untouched.
pub(crate) fn write_atomic(path: &Path, data: &[u8], mode: u32, replace: bool) -> Result<()> {
    write_file(path, data, mode, replace)?;
    sync_dir(path.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// Like `write_atomic` for a new file, but leaves syncing the directory to the caller
/// (`sync_dir`): a batch of hundreds of files in one folder then costs one directory sync,
/// not one per file. The file itself is synced. The caller syncs the directory before
/// anything (ca.db) refers to the files.
pub(crate) fn write_new(path: &Path, data: &[u8], mode: u32) -> Result<()> {
    write_file(path, data, mode, false)
}

/// Makes the entries of `dir` (new names, renames, removals) durable.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn write_file(path: &Path, data: &[u8], mode: u32, replace: bool) -> Result<()> {
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
        // The mode exactly, whatever the umask.
        f.set_permissions(Permissions::from_mode(mode))?;
        f.write_all(data)?;
        f.sync_all()?;
        if replace {
            std::fs::rename(&tmp, path)?;
        } else {
            // link(2) fails when the target exists: no race with another writer.
            std::fs::hard_link(&tmp, path)?;
            std::fs::remove_file(&tmp)?;
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
    fn atomic_writes_never_overwrite_unless_asked() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("k.pem");
        write_atomic(&p, b"one", 0o600, false).unwrap();
        assert!(write_atomic(&p, b"two", 0o600, false).is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"three", 0o600, true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn journal_paths_stay_inside_the_store() {
        let s = Store::at(PathBuf::from("/x/ca_conf"));
        assert_eq!(
            s.resolve("repository/01_a_cert.pem"),
            Some(PathBuf::from("/x/ca_conf/repository/01_a_cert.pem"))
        );
        assert_eq!(s.resolve("../other/ca_conf/ca.db"), None);
        assert_eq!(s.resolve("/etc/passwd"), None);
        assert_eq!(
            s.relative(Path::new("/x/ca_conf/repository/01_a_cert.pem"))
                .unwrap(),
            "repository/01_a_cert.pem"
        );
        assert!(s.relative(Path::new("/y/file")).is_err());
    }
}
