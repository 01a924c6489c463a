//! The "limit" of `scripts/bench.sh`: only the work that linting a benchmark deployment
//! cannot avoid, with the crates tlskit uses — read the export and tlskit.toml, build a JSON
//! tree, read every file the deployment names (paths under `/etc/sec` mapped to `pki/`),
//! decode their PEM, parse each distinct certificate and the CRL once, and verify each
//! distinct certificate's signature and the CRL's once. No model, no rules, no report:
//! `lint` is measured against this.
//!
//!   cargo run --release --example bench-limit -- DEPLOYMENT_DIR [--both-cores]
//!
//! The files are read and parsed on two threads, as `lint` may. With `--both-cores`, every
//! step after the JSON tree runs on both cores, each taking the next item as it is free
//! (CRLs first, as their one item is the longest): the floor of the work on this machine,
//! against which no program doing it can be faster. Only the JSON tree stays on one thread:
//! the files to read are known only once it is built.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rustls_pki_types::pem::SectionKind;
use x509_parser::prelude::*;

/// The path values of the tree: CRLs into `crls`, the others into `out`.
fn paths(v: &serde_json::Value, crls: &mut Vec<String>, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("crl", serde_json::Value::String(s)) => crls.push(s.clone()),
                    (
                        "certificate" | "certificate-key" | "trusted-ca",
                        serde_json::Value::String(s),
                    ) => out.push(s.clone()),
                    _ => paths(v, crls, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| paths(v, crls, out)),
        _ => {}
    }
}

/// `f` over `items` on two threads, each taking the next item when it is free; results in
/// input order.
fn on_both<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break mine;
                        };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The distinct CRLs and certificates among the sections, in order.
fn distinct(sections: &[(SectionKind, Vec<u8>)]) -> (Vec<&[u8]>, Vec<&[u8]>) {
    let mut seen = HashSet::new();
    let (mut crls, mut certs) = (Vec::new(), Vec::new());
    for (kind, der) in sections {
        match kind {
            SectionKind::Crl if seen.insert(der.as_slice()) => crls.push(der.as_slice()),
            SectionKind::Certificate if seen.insert(der.as_slice()) => certs.push(der.as_slice()),
            _ => {}
        }
    }
    (crls, certs)
}

/// Verifies `c` under its issuer among `by_subject`; whether there was one to verify under
/// (a root's own signature is not checked: a trust anchor is trusted as it is).
fn verify_cert(c: &X509Certificate, by_subject: &HashMap<&[u8], &X509Certificate>) -> bool {
    let Some(issuer) = by_subject.get(c.issuer().as_raw()) else {
        return false;
    };
    if c.issuer().as_raw() == c.subject().as_raw() {
        return false;
    }
    c.verify_signature(Some(issuer.public_key()))
        .expect("signature");
    true
}

/// Verifies `crl` under its issuer; its number of entries.
fn verify_crl(
    crl: &CertificateRevocationList,
    by_subject: &HashMap<&[u8], &X509Certificate>,
) -> usize {
    let issuer = by_subject.get(crl.issuer().as_raw()).expect("CRL issuer");
    crl.verify_signature(issuer.public_key())
        .expect("CRL signature");
    crl.iter_revoked_certificates().count()
}

// Nearly every item is a certificate: boxing them would only add an allocation each.
#[allow(clippy::large_enum_variant)]
enum Parsed<'a> {
    Cert(X509Certificate<'a>),
    Crl(CertificateRevocationList<'a>),
}

/// The `--both-cores` run: the same work as `main`'s, each step on both cores.
fn both_cores(files: &[PathBuf]) {
    let sections: Vec<(SectionKind, Vec<u8>)> =
        on_both(files, |p| read(p)).into_iter().flatten().collect();
    let (crl_ders, ders) = distinct(&sections);
    let n_crls = crl_ders.len();
    // (whether a CRL, DER)
    let items: Vec<(bool, &[u8])> = crl_ders
        .into_iter()
        .map(|d| (true, d))
        .chain(ders.into_iter().map(|d| (false, d)))
        .collect();
    let parsed = on_both(&items, |&(crl, der)| {
        if crl {
            Parsed::Crl(CertificateRevocationList::from_der(der).expect("CRL").1)
        } else {
            Parsed::Cert(X509Certificate::from_der(der).expect("certificate").1)
        }
    });
    let certs: Vec<&X509Certificate> = parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Cert(c) => Some(c),
            Parsed::Crl(_) => None,
        })
        .collect();
    let by_subject: HashMap<&[u8], &X509Certificate> =
        certs.iter().map(|c| (c.subject().as_raw(), *c)).collect();
    let verdicts = on_both(&parsed, |p| match p {
        Parsed::Cert(c) => (usize::from(verify_cert(c, &by_subject)), 0),
        Parsed::Crl(crl) => (0, verify_crl(crl, &by_subject)),
    });
    let (verified, revoked) = verdicts
        .iter()
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    eprintln!(
        "{} files, {} distinct certificates, {verified} signatures and {n_crls} CRL(s) of {revoked} entries verified, on both cores",
        files.len(),
        certs.len(),
    );
}

/// The PEM sections of one file: (kind, DER).
fn read(path: &Path) -> Vec<(SectionKind, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rd = &bytes[..];
    let mut out = Vec::new();
    while let Some(section) = rustls_pki_types::pem::from_buf(&mut rd)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
    {
        out.push(section);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spread = args.iter().any(|a| a == "--both-cores");
    let dir = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .expect("usage: bench-limit DEPLOYMENT_DIR [--both-cores]"),
    );
    let _toml = std::fs::read_to_string(dir.join("tlskit.toml")).expect("tlskit.toml");
    let text = std::fs::read(dir.join("export/deployment.json")).expect("deployment.json");
    let json: serde_json::Value = serde_json::from_slice(&text).expect("JSON");
    let (mut named, mut others) = (Vec::new(), Vec::new());
    paths(&json, &mut named, &mut others);
    named.append(&mut others);
    let mut seen = HashSet::new();
    let files: Vec<PathBuf> = named
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .map(|p| dir.join("pki").join(p.trim_start_matches("/etc/sec/")))
        .collect();
    if spread {
        both_cores(&files);
        return;
    }
    // Read and decode on two threads.
    let half = files.len().div_ceil(2);
    let sections: Vec<(SectionKind, Vec<u8>)> = std::thread::scope(|s| {
        let parts: Vec<_> = files
            .chunks(half.max(1))
            .map(|chunk| s.spawn(move || chunk.iter().flat_map(|p| read(p)).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|h| h.join().expect("reader"))
            .collect()
    });
    // Each distinct certificate parsed once; the CRL(s) parsed once each.
    let (crls, ders) = distinct(&sections);
    let certs: Vec<X509Certificate> = ders
        .iter()
        .map(|d| X509Certificate::from_der(d).expect("certificate").1)
        .collect();
    let by_subject: HashMap<&[u8], &X509Certificate> =
        certs.iter().map(|c| (c.subject().as_raw(), c)).collect();
    // Each signature verified once: every certificate by its issuer, and the CRLs.
    let verified = certs.iter().filter(|c| verify_cert(c, &by_subject)).count();
    let mut revoked = 0;
    for der in &crls {
        let (_, crl) = CertificateRevocationList::from_der(der).expect("CRL");
        revoked += verify_crl(&crl, &by_subject);
    }
    eprintln!(
        "{} files, {} distinct certificates, {verified} signatures and {} CRL(s) of {revoked} entries verified",
        files.len(),
        certs.len(),
        crls.len()
    );
}
