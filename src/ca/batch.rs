//! Issuing certificates into a store, the one way `issue`, `sign` and `renew` all do it:
//! under the lock, serials taken before any file is written, a journal naming every file,
//! files written and synced, then one atomic ca.db write. Every failure after the serials
//! were taken gives back those that nothing was recorded under; a kill at any moment
//! leaves what `Store::recover` finishes or undoes.

use std::path::PathBuf;

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
    pub files: Vec<(&'static str, Vec<u8>, u32)>,
    pub entry: Entry,
    /// The serial this certificate replaces, revoked as superseded when it is recorded.
    pub supersedes: Option<String>,
}

impl Prepared {
    pub(crate) fn file(&self, suffix: &str) -> PathBuf {
        PathBuf::from(format!("{}{suffix}", self.stem.display()))
    }

    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|(s, ..)| self.file(s)).collect()
    }

    /// Writes every file, or none: a failure removes what was written.
    fn write(&self) -> Result<()> {
        let mut written = Vec::new();
        for (suffix, data, mode) in &self.files {
            let path = self.file(suffix);
            let result = write_new(&path, data, *mode).and_then(|()| {
                written.push(path.clone());
                fault::point("issue-write")
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
    // Signing and the PFX's key derivation are CPU work: on every core, then the files are
    // written in order.
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

/// Writes each certificate's files in order, stopping at the first that fails.
fn write_files(
    prepared: Vec<Prepared>,
    progress: &Progress,
) -> (Vec<Prepared>, Option<InputError>) {
    let total = prepared.len();
    let mut written = Vec::with_capacity(total);
    let mut failure = None;
    for p in prepared {
        if let Err(e) = p.write() {
            failure = Some(e);
            break;
        }
        written.push(p);
        if progress.show {
            eprint!("\r{} {}/{total}", progress.verb, written.len());
        }
    }
    if progress.show && !written.is_empty() {
        eprintln!();
    }
    (written, failure)
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
) -> Result<Vec<(&'static str, Vec<u8>, u32)>> {
    let pfx = super::issue::pfx(
        cert.der(),
        &super::issue::portable_pkcs8(key.serialize_der()),
        chain,
        "",
        o.pfx_legacy,
    )?;
    let mut files = vec![
        ("_priv_key.pem", key_pem(key, o.pkcs1).into_bytes(), 0o600),
        ("_cert.pem", cert.pem().into_bytes(), 0o644),
        ("_cert.pfx", pfx, 0o600),
    ];
    if o.chain_file {
        let mut text = cert.pem();
        for c in chain {
            text.push_str(&crate::pki::pem::encode("CERTIFICATE", c));
        }
        files.push(("_chain.pem", text.into_bytes(), 0o644));
    }
    Ok(files)
}
