//! Issuing certificates into a store, the one way `issue`, `sign` and `renew` all do it:
//! under the lock, serials taken before any file is written, a journal naming every file,
//! files written and synced, then one atomic ca.db write. Every failure after the serials
//! were taken gives back those that nothing was recorded under; a kill at any moment
//! leaves what `Store::recover` finishes or undoes.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::db::Entry;
use super::fault;
use super::serial::{advance, increment};
use super::store::{Pending, Store, supersede, sync_dir, write_new};
use crate::error::{InputError, Result};

/// One certificate's files, ready to write, and its ca.db entry.
pub(crate) struct Prepared {
    /// The host it is for, as reports show it.
    pub host: String,
    /// `repository/<serial>_<label>`: each file is the stem and a suffix.
    pub stem: PathBuf,
    /// Suffix (`_cert.pem`), content and mode of each file.
    pub files: Vec<(&'static str, Content, u32)>,
    pub entry: Entry,
    /// The serial this certificate replaces, revoked as superseded when it is recorded.
    pub supersedes: Option<String>,
}

/// What a file holds: its bytes, or a PKCS#12 file made just before it is written. The
/// PFX's key derivation (PBKDF2 for its two bags and its MAC) is most of the CPU an
/// issuance costs: made on the writing threads, it overlaps the other files' fsyncs.
pub(crate) enum Content {
    Bytes(Vec<u8>),
    /// Certificate, key (PKCS#8), chain, and whether in the legacy (3DES) form; the
    /// password is the scripts' empty one.
    Pfx {
        cert: Vec<u8>,
        key_pkcs8: Vec<u8>,
        chain: Vec<Vec<u8>>,
        legacy: bool,
    },
}

impl Content {
    fn bytes(&self) -> Result<Cow<'_, [u8]>> {
        match self {
            Content::Bytes(b) => Ok(Cow::Borrowed(b)),
            Content::Pfx {
                cert,
                key_pkcs8,
                chain,
                legacy,
            } => super::issue::pfx(cert, key_pkcs8, chain, "", *legacy).map(Cow::Owned),
        }
    }
}

impl Prepared {
    pub(crate) fn file(&self, suffix: &str) -> PathBuf {
        PathBuf::from(format!("{}{suffix}", self.stem.display()))
    }

    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|(s, ..)| self.file(s)).collect()
    }

    /// Makes and writes every file, or none: a failure removes what was written.
    /// `passage` numbers its first file among all the files of the run (from 1), for the
    /// fault hooks.
    fn write(&self, passage: usize) -> Result<()> {
        let data = self
            .files
            .iter()
            .map(|(_, c, _)| c.bytes())
            .collect::<Result<Vec<_>>>()?;
        let mut written = Vec::new();
        for (k, ((suffix, _, mode), data)) in self.files.iter().zip(&data).enumerate() {
            let path = self.file(suffix);
            let result = write_new(&path, data, *mode).and_then(|()| {
                written.push(path.clone());
                fault::point_nth("issue-write", passage + k)
            });
            if let Err(e) = result {
                for p in written {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
            fault::kill_point("issue-file-written");
        }
        Ok(())
    }

    fn remove(&self) {
        for f in self.paths() {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// What an issuance did: the certificates recorded in ca.db, and the failure that stopped
/// it early (the ones before it are recorded; the serials after it were given back).
pub(crate) struct Issued {
    pub done: Vec<Prepared>,
    /// The positions in `jobs` of the jobs chosen under the lock, in order: `done[i]` is
    /// the certificate of job `chosen[i]`.
    pub chosen: Vec<usize>,
    pub failure: Option<InputError>,
}

/// How progress is shown on a terminal: `\r<verb> i/n` on stderr.
pub(crate) struct Progress {
    pub verb: &'static str,
    pub show: bool,
}

/// Issues one certificate per job: `prepare` makes a job's files for its serial (on every
/// core); they are written in order and recorded together.
pub(crate) fn issue_all<J: Sync>(
    store: &Store,
    jobs: &[J],
    progress: &Progress,
    prepare: impl Fn(&J, &[u8]) -> Result<Prepared> + Sync,
) -> Result<Issued> {
    issue_chosen(store, jobs, progress, |_| vec![true; jobs.len()], prepare)
}

/// Like `issue_all`, but which jobs to issue is decided under the lock: `choose` sees
/// ca.db as it is once the lock is held (what another run recorded meanwhile included)
/// and says, job by job, whether to issue it. A decision made before the lock could be
/// stale by the time the lock is held.
pub(crate) fn issue_chosen<J: Sync>(
    store: &Store,
    jobs: &[J],
    progress: &Progress,
    choose: impl FnOnce(&[Entry]) -> Vec<bool>,
    prepare: impl Fn(&J, &[u8]) -> Result<Prepared> + Sync,
) -> Result<Issued> {
    let _lock = store.lock()?;
    let entries = store.read_db()?;
    let chosen: Vec<usize> = choose(&entries)
        .into_iter()
        .enumerate()
        .filter_map(|(i, keep)| keep.then_some(i))
        .collect();
    if chosen.is_empty() {
        return Ok(Issued {
            done: Vec::new(),
            chosen,
            failure: None,
        });
    }
    let jobs: Vec<&J> = chosen.iter().map(|&i| &jobs[i]).collect();
    let first = store.next_serial()?;
    fault::point("issue-db-read")?;
    // Every serial of the batch is taken before any file is written: a crash leaves a gap,
    // never a reused serial.
    store.set_next_serial(&advance(&first, jobs.len()))?;
    fault::kill_point("issue-serials-taken");
    let mut recorded = 0;
    let result = prepare_and_write(
        store,
        &first,
        entries,
        &jobs,
        progress,
        &|j: &&J, s: &[u8]| prepare(j, s),
        &mut recorded,
    );
    if recorded < jobs.len() {
        // Give back the serials nothing was recorded under. Should this write fail too,
        // they stay a gap: never a reused serial.
        let _ = store.set_next_serial(&advance(&first, recorded));
    }
    result.map(|(done, failure)| Issued {
        done,
        chosen,
        failure,
    })
}

fn prepare_and_write<J: Sync>(
    store: &Store,
    first: &[u8],
    mut entries: Vec<Entry>,
    jobs: &[J],
    progress: &Progress,
    prepare: &(impl Fn(&J, &[u8]) -> Result<Prepared> + Sync),
    recorded: &mut usize,
) -> Result<(Vec<Prepared>, Option<InputError>)> {
    let mut next = first.to_vec();
    let work: Vec<(&J, Vec<u8>)> = jobs
        .iter()
        .map(|j| {
            let serial = next.clone();
            next = increment(&serial);
            (j, serial)
        })
        .collect();
    fault::point("issue-prepare")?;
    // Signing is CPU work: on every core. The PFX files are made as they are written.
    let prepared = crate::par::map(&work, |(j, s)| prepare(j, s))
        .into_iter()
        .collect::<Result<Vec<Prepared>>>()?;
    store.begin_issue(&pending(&prepared))?;
    fault::kill_point("issue-journal");
    let (written, failure) = write_files(prepared, progress);
    sync_dir(&store.repository());
    fault::kill_point("issue-files");
    for p in &written {
        if let Some(old) = &p.supersedes {
            supersede(&mut entries, old);
        }
        entries.push(p.entry.clone());
    }
    if let Err(e) = fault::point("issue-db-write").and_then(|()| store.write_db(&entries)) {
        // Nothing of this run is recorded: none of its files may stay.
        for p in &written {
            p.remove();
        }
        sync_dir(&store.repository());
        store.end_issue()?;
        return Err(e);
    }
    *recorded = written.len();
    store.end_issue()?;
    Ok((written, failure))
}

fn pending(prepared: &[Prepared]) -> Vec<Pending> {
    prepared
        .iter()
        .map(|p| Pending {
            entry: p.entry.clone(),
            files: p.paths(),
            supersedes: p.supersedes.clone(),
        })
        .collect()
}

/// Writes each certificate's files (its PFX made first) on several threads, taking the
/// certificates in order: the PFX's key derivation is CPU work and each file's fsync waits
/// on the disk, so the two overlap, and a thread slowed down by another process does not
/// hold back a fixed share of the batch. The outcome is the one of writing them in order:
/// the certificates before the first that failed are kept, the files of any after it are
/// removed, and no new one is started once one failed.
fn write_files(
    prepared: Vec<Prepared>,
    progress: &Progress,
) -> (Vec<Prepared>, Option<InputError>) {
    let total = prepared.len();
    let mut passages = Vec::with_capacity(total);
    let mut passage = 1;
    for p in &prepared {
        passages.push(passage);
        passage += p.files.len();
    }
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Vec<Mutex<Option<Result<()>>>> = (0..total).map(|_| Mutex::new(None)).collect();
    let threads = writer_threads().min(total);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let result = prepared[i].write(passages[i]);
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    } else if progress.show {
                        let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
                        eprint!("\r{} {n}/{total}", progress.verb);
                    }
                    *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
                }
            });
        }
    });
    let mut written = Vec::with_capacity(total);
    let mut failure = None;
    for (p, result) in prepared.into_iter().zip(results) {
        let result = result.into_inner().unwrap_or_else(|p| p.into_inner());
        match (failure.is_some(), result) {
            (false, Some(Ok(()))) => written.push(p),
            (false, Some(Err(e))) => failure = Some(e),
            // Never started: a thread stopped after an earlier failure.
            (false, None) => {}
            // Written after the first failure: not recorded, so not kept.
            (true, Some(Ok(()))) => p.remove(),
            (true, _) => {}
        }
    }
    if progress.show && !written.is_empty() {
        eprintln!();
    }
    (written, failure)
}

/// How many threads write certificates: twice the cores, so that the key derivation of
/// some keeps the cores busy while others wait for the disk.
fn writer_threads() -> usize {
    2 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A private key as PEM: PKCS#1 (`RSA PRIVATE KEY`) for native applications when `pkcs1`
/// and the key is RSA, else PKCS#8.
pub(crate) fn key_pem(key: &rcgen::KeyPair, pkcs1: bool) -> String {
    let pkcs8 = super::issue::portable_pkcs8(key.serialize_der());
    match super::issue::pkcs8_to_pkcs1(&pkcs8) {
        Some(rsa) if pkcs1 => crate::pki::pem::encode("RSA PRIVATE KEY", &rsa),
        _ => crate::pki::pem::encode("PRIVATE KEY", &pkcs8),
    }
}

/// How a host's files are written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileOptions {
    /// PKCS#1 key file (else PKCS#8).
    pub pkcs1: bool,
    /// The PFX with 3DES and SHA-1 for old Windows.
    pub pfx_legacy: bool,
    /// Also `_chain.pem`.
    pub chain_file: bool,
}

/// A host's files: key (0600), certificate, PFX (empty password, 0600) and, when asked,
/// the chain.
pub(crate) fn host_files(
    cert: &rcgen::Certificate,
    key: &rcgen::KeyPair,
    chain: &[Vec<u8>],
    o: FileOptions,
) -> Vec<(&'static str, Content, u32)> {
    let pfx = Content::Pfx {
        cert: cert.der().to_vec(),
        key_pkcs8: super::issue::portable_pkcs8(key.serialize_der()),
        chain: chain.to_vec(),
        legacy: o.pfx_legacy,
    };
    let mut files = vec![
        (
            "_priv_key.pem",
            Content::Bytes(key_pem(key, o.pkcs1).into_bytes()),
            0o600,
        ),
        ("_cert.pem", Content::Bytes(cert.pem().into_bytes()), 0o644),
        ("_cert.pfx", pfx, 0o600),
    ];
    if o.chain_file {
        let mut text = cert.pem();
        for c in chain {
            text.push_str(&crate::pki::pem::encode("CERTIFICATE", c));
        }
        files.push(("_chain.pem", Content::Bytes(text.into_bytes()), 0o644));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(dir: &std::path::Path, i: u8) -> Prepared {
        Prepared {
            host: format!("h{i}"),
            stem: dir.join(format!("{i:02X}_h{i}")),
            files: vec![
                ("_a.pem", Content::Bytes(vec![i; 10]), 0o644),
                ("_b.pem", Content::Bytes(vec![i; 20]), 0o600),
            ],
            entry: Entry::valid(&[i], time::OffsetDateTime::UNIX_EPOCH, format!("/CN=h{i}")),
            supersedes: None,
        }
    }

    #[test]
    fn files_written_on_threads_end_as_if_written_in_order() {
        let d = tempfile::tempdir().unwrap();
        let quiet = Progress {
            verb: "issued",
            show: false,
        };
        let all: Vec<Prepared> = (0..12).map(|i| host(d.path(), i)).collect();
        let (written, failure) = write_files(all, &quiet);
        assert!(failure.is_none());
        let serials: Vec<&str> = written.iter().map(|p| p.entry.serial.as_str()).collect();
        assert_eq!(
            serials,
            (0..12u8).map(|i| format!("{i:02X}")).collect::<Vec<_>>()
        );
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 24);
        assert_eq!(
            std::fs::read(written[5].file("_b.pem")).unwrap(),
            vec![5; 20]
        );

        // The fourth host's second file cannot be written (its folder is missing), after a
        // first file large enough that the other threads write every later host
        // meanwhile: the three hosts before it are kept, nothing of it or of any host
        // after it stays.
        let d = tempfile::tempdir().unwrap();
        let mut all: Vec<Prepared> = (0..12).map(|i| host(d.path(), i)).collect();
        all[3].files = vec![
            ("_a.pem", Content::Bytes(vec![3; 32 << 20]), 0o644),
            ("/missing.pem", Content::Bytes(vec![3]), 0o644),
        ];
        let (written, failure) = write_files(all, &quiet);
        assert!(failure.is_some());
        assert_eq!(written.len(), 3);
        let mut left: Vec<String> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "00_h0_a.pem",
                "00_h0_b.pem",
                "01_h1_a.pem",
                "01_h1_b.pem",
                "02_h2_a.pem",
                "02_h2_b.pem"
            ]
        );
    }
}
