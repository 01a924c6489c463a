//! Reading certificate, key, CA and CRL files once per run: PEM bundles (any mix of blocks),
//! DER, PKCS#12/PFX, with every problem kept as a sentence.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cert::Certificate;
use super::crl::Crl;
use super::key::PrivateKey;
use super::pem;
use crate::input::read::{
    ReadError, open_regular, open_regular_noting_link, read_capped, read_opened,
};

/// Certificates, keys and CRLs larger than this are not what they claim to be. A CRL of a
/// million entries is about 40 MB.
pub(crate) const MAX_PKI_BYTES: u64 = 128 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Container {
    Pem,
    Der,
    Pkcs12,
}

/// What one file holds.
#[derive(Debug, Clone)]
pub(crate) struct PkiFile {
    pub container: Container,
    pub certs: Vec<Arc<Certificate>>,
    pub keys: Vec<PrivateKey>,
    pub crls: Vec<Arc<Crl>>,
    /// Labels of PEM blocks that are none of the above (`CERTIFICATE REQUEST`, …).
    pub other_labels: Vec<String>,
    /// Blocks or parts that could not be read, as sentences with their line.
    pub problems: Vec<String>,
    /// Unix permission bits of the file.
    pub mode: u32,
}

impl PkiFile {
    fn new(container: Container) -> PkiFile {
        PkiFile {
            container,
            certs: Vec::new(),
            keys: Vec::new(),
            crls: Vec::new(),
            other_labels: Vec::new(),
            problems: Vec::new(),
            mode: 0,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.certs.is_empty() && self.keys.is_empty() && self.crls.is_empty()
    }

    /// What the file holds, for messages: "2 certificates and an RSA private key".
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        let n = |count: usize, one: &str, many: &str| match count {
            1 => one.to_string(),
            c => format!("{c} {many}"),
        };
        if !self.certs.is_empty() {
            parts.push(n(self.certs.len(), "a certificate", "certificates"));
        }
        for k in &self.keys {
            parts.push(format!("a {} private key", k.format.describe()));
        }
        if !self.crls.is_empty() {
            parts.push(n(self.crls.len(), "a CRL", "CRLs"));
        }
        for l in &self.other_labels {
            parts.push(format!("a `{l}` block"));
        }
        if parts.is_empty() {
            if self.problems.is_empty() {
                "nothing readable".into()
            } else {
                format!(
                    "nothing readable ({})",
                    crate::error::listed(&self.problems, "; ")
                )
            }
        } else {
            crate::error::listed(&parts, ", ")
        }
    }
}

/// Certificates parsed so far in this process, by the last bytes of their DER (the
/// signature's, which look random) and then compared in full: the root and intermediate
/// that every chain file of a deployment repeats are parsed once.
type Parsed = HashMap<[u8; 16], Vec<Arc<Certificate>>>;

static PARSED: std::sync::LazyLock<std::sync::Mutex<Parsed>> =
    std::sync::LazyLock::new(Default::default);

/// `Certificate::from_der`, once per distinct DER in a process (a certificate is a pure
/// function of its DER; errors are not kept, as they are rare and cheap).
pub(crate) fn certificate(der: &[u8]) -> Result<Arc<Certificate>, String> {
    let mut tail = [0u8; 16];
    let n = der.len().min(16);
    tail[..n].copy_from_slice(&der[der.len() - n..]);
    let known = PARSED
        .lock()
        .expect("not poisoned")
        .get(&tail)
        .and_then(|v| v.iter().find(|c| c.der == der).cloned());
    if let Some(c) = known {
        return Ok(c);
    }
    let c = Arc::new(Certificate::from_der(der)?);
    PARSED
        .lock()
        .expect("not poisoned")
        .entry(tail)
        .or_default()
        .push(c.clone());
    Ok(c)
}

/// Reads what a file holds. `password` opens PKCS#12 files; without one the empty password
/// (what the Security Pack scripts write) is tried.
pub(crate) fn parse(bytes: &[u8], password: Option<&str>, hint_pkcs12: bool) -> PkiFile {
    if pem::looks_like_pem(bytes) {
        return parse_pem(bytes);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let mut f = PkiFile::new(Container::Der);
        f.problems.push("the file is empty".into());
        return f;
    }
    if hint_pkcs12 {
        // A .pfx/.p12 file is PKCS#12: its reason for not opening is the one to report.
        return parse_pkcs12(bytes, password);
    }
    let mut f = PkiFile::new(Container::Der);
    match certificate(bytes) {
        Ok(c) => {
            f.certs.push(c);
            return f;
        }
        Err(cert_err) => {
            if let Ok(crl) = Crl::from_der(bytes) {
                f.crls.push(Arc::new(crl));
                return f;
            }
            if let Ok(k) = PrivateKey::parse(None, bytes, false) {
                f.keys.push(k);
                return f;
            }
            if !hint_pkcs12 {
                let p = parse_pkcs12(bytes, password);
                if !p.is_empty() || !p.problems.is_empty() && p.problems[0].contains("password") {
                    return p;
                }
            }
            let text = bytes
                .iter()
                .take(512)
                .all(|b| b.is_ascii() && (*b >= 0x20 || b.is_ascii_whitespace()));
            f.problems.push(if text {
                "text without any PEM block".to_string()
            } else {
                format!("binary data that is no certificate, CRL, key or PKCS#12 ({cert_err})")
            });
        }
    }
    f
}

/// Only the certificates of a file (PEM blocks or one DER certificate), for a folder that
/// stands for a Windows certificate store: its CRLs, keys and bundles of other things are
/// not parsed at all (a folder of large CRLs must not cost their indexes).
pub(crate) fn certificates_in(path: &Path) -> Vec<Arc<Certificate>> {
    let Ok(bytes) = read_capped(path, MAX_PKI_BYTES) else {
        return Vec::new();
    };
    if !pem::looks_like_pem(&bytes) {
        return certificate(&bytes).map(|c| vec![c]).unwrap_or_default();
    }
    pem::parse(&bytes)
        .blocks
        .into_iter()
        .filter(|b| matches!(b.label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE"))
        .filter_map(|b| certificate(&b.der).ok())
        .collect()
}

fn parse_pem(bytes: &[u8]) -> PkiFile {
    let mut f = PkiFile::new(Container::Pem);
    let parsed = pem::parse(bytes);
    if parsed.too_many {
        f.problems
            .push(format!("more than {} PEM blocks", pem::MAX_BLOCKS));
    }
    for b in parsed.bad {
        f.problems.push(format!(
            "the {} block at line {}: {}",
            b.label, b.line, b.reason
        ));
    }
    for b in parsed.blocks {
        match b.label.as_str() {
            "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
                // OpenSSL's TRUSTED CERTIFICATE appends trust settings after the certificate.
                let der = if b.label == "TRUSTED CERTIFICATE" {
                    match super::der::tlv(&b.der) {
                        Some((_, _, rest)) => &b.der[..b.der.len() - rest.len()],
                        None => &b.der[..],
                    }
                } else {
                    &b.der[..]
                };
                match certificate(der) {
                    Ok(c) => f.certs.push(c),
                    Err(e) => f
                        .problems
                        .push(format!("the certificate at line {}: {e}", b.line)),
                }
            }
            "X509 CRL" => match Crl::from_der_vec(b.der) {
                Ok(c) => f.crls.push(Arc::new(c)),
                Err(e) => f.problems.push(format!("the CRL at line {}: {e}", b.line)),
            },
            l if l.ends_with("PRIVATE KEY") => {
                match PrivateKey::parse(Some(l), &b.der, b.encrypted) {
                    Ok(k) => f.keys.push(k),
                    Err(e) => f.problems.push(format!("the key at line {}: {e}", b.line)),
                }
            }
            other => f.other_labels.push(other.to_string()),
        }
    }
    f
}

fn parse_pkcs12(bytes: &[u8], password: Option<&str>) -> PkiFile {
    use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};
    let mut f = PkiFile::new(Container::Pkcs12);
    // The file states what its derivations cost: judged before any is run.
    if let Err(why) = super::kdf::check_pkcs12(bytes, password.unwrap_or("")) {
        f.problems.push(format!("a PKCS#12 file refused: {why}"));
        return f;
    }
    let store = match KeyStore::from_pkcs12(bytes, password.unwrap_or(""), Pkcs12ImportPolicy::Raw)
    {
        Ok(s) => s,
        Err(e) => {
            let msg = e.to_string();
            f.problems.push(
                if msg.to_lowercase().contains("mac") || msg.to_lowercase().contains("password") {
                    if password.is_some() {
                        "a PKCS#12 file that the password given does not open".to_string()
                    } else {
                        "a PKCS#12 file protected by a password (give it with --passin)".to_string()
                    }
                } else {
                    format!("not a readable PKCS#12 file: {}", pkcs12_words(&msg))
                },
            );
            return f;
        }
    };
    for (_, entry) in store.entries() {
        match entry {
            KeyStoreEntry::PrivateKeyChain(chain) => {
                match PrivateKey::parse(Some("PRIVATE KEY"), chain.key().as_der(), false) {
                    Ok(k) => f.keys.push(k),
                    Err(e) => f.problems.push(format!("the PKCS#12 key: {e}")),
                }
                for c in chain.certs() {
                    match Certificate::from_der(c.as_der()) {
                        Ok(c) => f.certs.push(Arc::new(c)),
                        Err(e) => f.problems.push(format!("a PKCS#12 certificate: {e}")),
                    }
                }
            }
            KeyStoreEntry::Certificate(c) => match Certificate::from_der(c.as_der()) {
                Ok(c) => f.certs.push(Arc::new(c)),
                Err(e) => f.problems.push(format!("a PKCS#12 certificate: {e}")),
            },
            KeyStoreEntry::Secret(_) => {}
        }
    }
    f
}

/// Why a referenced file could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LoadError {
    Missing,
    Unreadable(String),
}

pub(crate) type LoadResult = Result<Arc<PkiFile>, LoadError>;

/// Reads a file from disk (regular files only, capped) and parses it.
pub(crate) fn load(path: &Path, password: Option<&str>) -> LoadResult {
    load_plain(path, password).map(Arc::new)
}

/// `load` without the `Rc`, so that files can be parsed on other threads.
fn load_plain(path: &Path, password: Option<&str>) -> Result<PkiFile, LoadError> {
    load_opened(path, open_regular(path), password)
}

/// `load_plain` of a file `open_regular` opened (or failed to).
fn load_opened(
    path: &Path,
    opened: Result<(std::fs::File, std::fs::Metadata), ReadError>,
    password: Option<&str>,
) -> Result<PkiFile, LoadError> {
    use std::os::unix::fs::PermissionsExt;
    let read = opened.and_then(|(file, meta)| Ok((read_opened(file, &meta, MAX_PKI_BYTES)?, meta)));
    let (bytes, meta) = match read {
        Ok(b) => b,
        Err(ReadError::NotFound) => return Err(LoadError::Missing),
        Err(e) => return Err(LoadError::Unreadable(e.to_string())),
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mut f = parse(&bytes, password, ext == "pfx" || ext == "p12");
    f.mode = meta.permissions().mode() & 0o777;
    Ok(f)
}

/// Files loaded on another core while the model is built: the paths an export seems to
/// name, read before the facts know which option names which. The facts take what was
/// loaded for the paths they want (by canonical path, so a wrong guess is only work
/// wasted) and load the rest themselves.
pub(crate) struct Preload {
    queue: Arc<Queue>,
    worker: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

/// A preloaded path's canonical path and load.
type Preloaded = (PathBuf, Result<PkiFile, LoadError>);

struct Queue {
    paths: Vec<PathBuf>,
    next: std::sync::atomic::AtomicUsize,
    /// Each path's load, with its canonical path (the cache's key, found on the loading
    /// thread: a system call or two per file).
    loaded: Vec<std::sync::Mutex<Option<Preloaded>>>,
    /// The files taken so far, by device and inode: one file under many spellings
    /// (`d/../f`, links) is read once, as the facts would read it.
    taken: std::sync::Mutex<rustc_hash::FxHashSet<(u64, u64)>>,
    /// Whether to verify each file's certificates under their issuers in the same file
    /// (`verify_within`), on the loading thread.
    signatures: bool,
}

impl Queue {
    fn work(&self) {
        let mut folders = Folders::default();
        loop {
            let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(path) = self.paths.get(i) else {
                return;
            };
            let opened = open_regular_noting_link(path);
            // Opened without following a link: the last component exists and is none.
            let plain = matches!(opened, Ok((_, _, false)));
            let opened = opened.map(|(file, meta, _)| (file, meta));
            if let Ok((_, meta)) = &opened {
                use std::os::unix::fs::MetadataExt;
                let mut taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
                if !taken.insert((meta.dev(), meta.ino())) {
                    continue;
                }
            }
            let file = load_opened(path, opened, None);
            if let Ok(f) = &file
                && self.signatures
            {
                super::verify::verify_within(&f.certs);
            }
            let key = folders.canonical(path, plain);
            *self.loaded[i].lock().unwrap_or_else(|e| e.into_inner()) = Some((key, file));
        }
    }
}

impl Preload {
    /// Starts loading `paths` (each once) on a thread of its own; None when they are too
    /// few to be worth one, or no thread can be had.
    pub(crate) fn start(mut paths: Vec<PathBuf>, signatures: bool) -> Option<Preload> {
        let mut seen = rustc_hash::FxHashSet::default();
        paths.retain(|p| seen.insert(p.clone()));
        if paths.len() < 16 {
            return None;
        }
        let queue = Arc::new(Queue {
            loaded: paths.iter().map(|_| Default::default()).collect(),
            paths,
            next: Default::default(),
            taken: Default::default(),
            signatures,
        });
        let mine = queue.clone();
        let worker = std::thread::Builder::new()
            .spawn(move || mine.work())
            .ok()?;
        Some(Preload {
            queue,
            worker: std::sync::Mutex::new(Some(worker)),
        })
    }

    /// Loads what is left on this thread too, waits for the other, and hands over every
    /// file loaded (once: a second call finds none).
    fn finish(&self) -> Vec<(PathBuf, PathBuf, Result<PkiFile, LoadError>)> {
        self.queue.work();
        let worker = self.worker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(w) = worker
            && let Err(panic) = w.join()
        {
            std::panic::resume_unwind(panic);
        }
        self.queue
            .paths
            .iter()
            .zip(&self.queue.loaded)
            .filter_map(|(p, slot)| {
                let (key, file) = slot.lock().unwrap_or_else(|e| e.into_inner()).take()?;
                Some((p.clone(), key, file))
            })
            .collect()
    }
}

/// Every referenced file of a run, loaded once, by path.
#[derive(Debug, Default)]
pub(crate) struct PkiCache {
    files: RefCell<HashMap<PathBuf, LoadResult>>,
    /// Paths as written → canonical path: canonicalising costs system calls, and the same
    /// few paths are asked for once per port and connection.
    canonical: RefCell<HashMap<PathBuf, PathBuf>>,
    folders: RefCell<Folders>,
}

/// Folders → canonical folders (None: cannot be canonicalised): a deployment's thousand
/// files sit in a few folders, and canonicalising a path reads every component's link.
#[derive(Debug, Default)]
struct Folders(HashMap<PathBuf, Option<PathBuf>>);

impl Folders {
    /// `path.canonicalize()`, or the path as it is when it cannot be canonicalised.
    /// `known_plain`: its last component is known to exist and be no link (else asked).
    fn canonical(&mut self, path: &Path, known_plain: bool) -> PathBuf {
        self.in_folder(path, known_plain)
            .unwrap_or_else(|| path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }

    /// `path.canonicalize()` by way of its folder's, known once per folder, when its last
    /// component is a name that exists and is no link; else None (and `canonicalize` says).
    fn in_folder(&mut self, path: &Path, known_plain: bool) -> Option<PathBuf> {
        let name = match path.components().next_back()? {
            std::path::Component::Normal(n) => n,
            _ => return None,
        };
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty())?;
        let plain = || std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink());
        if !(known_plain || plain()) {
            return None;
        }
        let folder = match self.0.get(parent) {
            Some(known) => known.clone(),
            None => {
                let c = parent.canonicalize().ok();
                self.0.insert(parent.to_path_buf(), c.clone());
                c
            }
        }?;
        Some(folder.join(name))
    }
}

impl PkiCache {
    fn canonical(&self, path: &Path) -> PathBuf {
        let known = self.canonical.borrow().get(path).cloned();
        known.unwrap_or_else(|| {
            let key = self.folders.borrow_mut().canonical(path, false);
            self.canonical
                .borrow_mut()
                .insert(path.to_path_buf(), key.clone());
            key
        })
    }

    /// Takes in what a preload loaded.
    pub(crate) fn seed(&self, preload: &Preload) {
        for (path, key, file) in preload.finish() {
            self.canonical.borrow_mut().insert(path, key.clone());
            self.files
                .borrow_mut()
                .entry(key)
                .or_insert_with(|| file.map(Arc::new));
        }
    }

    /// Loads every file of `paths` not loaded yet, parsing on every core: a deployment
    /// names hundreds of certificate files, and parsing them is a fifth of a lint.
    pub(crate) fn prefetch(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut todo: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        for p in paths {
            let key = self.canonical(&p);
            if !self.files.borrow().contains_key(&key) && seen.insert(key.clone()) {
                todo.push((key, p));
            }
        }
        if todo.len() < 16 {
            return; // not worth threads; `get` loads them as asked
        }
        let loaded = crate::par::map(&todo, |(key, p)| (key.clone(), load_plain(p, None)));
        let mut files = self.files.borrow_mut();
        for (key, r) in loaded {
            files.insert(key, r.map(Arc::new));
        }
    }

    /// One load per file: paths that differ in spelling (`a/../b.pem`, symlinks) but name
    /// the same file share the entry.
    pub(crate) fn get(&self, path: &Path) -> LoadResult {
        let key = self.canonical(path);
        if let Some(f) = self.files.borrow().get(&key) {
            return f.clone();
        }
        let loaded = load(path, None);
        self.files.borrow_mut().insert(key, loaded.clone());
        loaded
    }
}

/// Why a PKCS#12 file does not open, in words: the DER library's account ("unknown/
/// unsupported ASN.1 DER tag: 0x00 at DER byte 5") is not for users.
fn pkcs12_words(msg: &str) -> String {
    if !(msg.contains("DER") || msg.contains("ASN.1")) {
        return msg.to_string();
    }
    let at = msg
        .rsplit_once("byte ")
        .and_then(|(_, n)| n.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty())
        .map(|n| format!(" at byte {n}"))
        .unwrap_or_default();
    format!("its DER encoding is broken{at}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A leaf and its CA, each under a fresh key (so that no other test has verified the
    /// signature before), as one chain file's PEM.
    fn chain_pem() -> (String, Vec<u8>, Vec<u8>) {
        let ca_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Preload CA");
        let ca = p.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::from_ca_cert_der(ca.der(), &ca_key).unwrap();
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let leaf = rcgen::CertificateParams::new(vec!["host.example.com".to_string()])
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        (
            format!("{}{}", leaf.pem(), ca.pem()),
            leaf.der().to_vec(),
            ca.der().to_vec(),
        )
    }

    /// Sixteen chain files (fewer are not worth a preload thread), preloaded; the DER of
    /// each file's leaf and CA.
    fn preloaded(dir: &Path, signatures: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut paths = Vec::new();
        let mut ders = Vec::new();
        for i in 0..16 {
            let (pem, leaf, ca) = chain_pem();
            let path = dir.join(format!("chain-{signatures}-{i}.pem"));
            std::fs::write(&path, pem).unwrap();
            paths.push(path);
            ders.push((leaf, ca));
        }
        let preload = Preload::start(paths, signatures).expect("sixteen files preload");
        let loaded = preload.finish();
        assert_eq!(loaded.len(), 16);
        assert!(
            loaded
                .iter()
                .all(|(_, _, f)| f.as_ref().is_ok_and(|f| f.certs.len() == 2))
        );
        ders
    }

    #[test]
    fn a_lint_preload_verifies_each_chain_file_under_its_own_ca_as_it_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        for (leaf, ca) in preloaded(dir.path(), true) {
            assert!(super::super::sigmemo::remembers(&leaf, &ca));
        }
    }

    #[test]
    fn a_resolve_preload_verifies_no_signature() {
        let dir = tempfile::tempdir().unwrap();
        for (leaf, ca) in preloaded(dir.path(), false) {
            assert!(!super::super::sigmemo::remembers(&leaf, &ca));
        }
    }

    #[test]
    fn a_preloaded_file_is_found_under_its_canonical_path() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("sub");
        std::fs::create_dir(&nested).unwrap();
        let mut paths = Vec::new();
        for i in 0..16 {
            std::fs::write(nested.join(format!("c{i}.pem")), chain_pem().0).unwrap();
            // Spelled through the folder and back: one file, its canonical key.
            paths.push(nested.join("..").join("sub").join(format!("c{i}.pem")));
        }
        let cache = PkiCache::default();
        cache.seed(&Preload::start(paths, false).unwrap());
        let plain = nested.canonicalize().unwrap().join("c3.pem");
        assert!(cache.files.borrow().contains_key(&plain));
        assert!(cache.get(&plain).is_ok_and(|f| f.certs.len() == 2));
    }

    #[test]
    fn a_preloaded_link_is_found_under_its_targets_path() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..16 {
            let target = dir.path().join(format!("t{i}.pem"));
            std::fs::write(&target, chain_pem().0).unwrap();
            let link = dir.path().join(format!("l{i}.pem"));
            std::os::unix::fs::symlink(&target, &link).unwrap();
            paths.push(link);
        }
        let cache = PkiCache::default();
        cache.seed(&Preload::start(paths, false).unwrap());
        let (target, link) = (
            dir.path().canonicalize().unwrap().join("t7.pem"),
            dir.path().join("l7.pem"),
        );
        let files = cache.files.borrow();
        assert!(files.contains_key(&target) && !files.contains_key(&link));
    }
}
