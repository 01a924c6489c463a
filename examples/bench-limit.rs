//! The "limit" of `scripts/bench.sh`: only the work that linting a benchmark deployment
//! cannot avoid, with the crates tlskit uses — read the export and tlskit.toml, build a JSON
//! tree, read every file the deployment names (paths under `/etc/sec` mapped to `pki/`),
//! decode their PEM, parse each distinct certificate and the CRL once, and verify each
//! distinct certificate's signature and the CRL's once. No model, no rules, no report:
//! `lint` is measured against this.
//!
//!   cargo run --release --example bench-limit -- DEPLOYMENT_DIR
//!
//! The files are read and parsed on two threads, as `lint` may.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rustls_pki_types::pem::SectionKind;
use x509_parser::prelude::*;

fn paths(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    (
                        "certificate" | "certificate-key" | "trusted-ca" | "crl",
                        serde_json::Value::String(s),
                    ) => out.push(s.clone()),
                    _ => paths(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| paths(v, out)),
        _ => {}
    }
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
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: bench-limit DEPLOYMENT_DIR"),
    );
    let _toml = std::fs::read_to_string(dir.join("tlskit.toml")).expect("tlskit.toml");
    let text = std::fs::read(dir.join("export/deployment.json")).expect("deployment.json");
    let json: serde_json::Value = serde_json::from_slice(&text).expect("JSON");
    let mut named = Vec::new();
    paths(&json, &mut named);
    let mut seen = HashSet::new();
    let files: Vec<PathBuf> = named
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .map(|p| dir.join("pki").join(p.trim_start_matches("/etc/sec/")))
        .collect();
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
    let mut ders: Vec<&[u8]> = Vec::new();
    let mut distinct = HashSet::new();
    let mut crls = Vec::new();
    for (kind, der) in &sections {
        match kind {
            SectionKind::Certificate if distinct.insert(der.as_slice()) => ders.push(der),
            SectionKind::Crl => crls.push(der.as_slice()),
            _ => {}
        }
    }
    let certs: Vec<X509Certificate> = ders
        .iter()
        .map(|d| X509Certificate::from_der(d).expect("certificate").1)
        .collect();
    let by_subject: HashMap<&[u8], &X509Certificate> =
        certs.iter().map(|c| (c.subject().as_raw(), c)).collect();
    // Each signature verified once: every certificate by its issuer, and the CRLs.
    let mut verified = 0;
    for c in &certs {
        // A root's own signature is not checked (a trust anchor is trusted as it is).
        let Some(issuer) = by_subject.get(c.issuer().as_raw()) else {
            continue;
        };
        if c.issuer().as_raw() == c.subject().as_raw() {
            continue;
        }
        c.verify_signature(Some(issuer.public_key()))
            .expect("signature");
        verified += 1;
    }
    let mut revoked = 0;
    for der in crls.iter().collect::<HashSet<_>>() {
        let (_, crl) = CertificateRevocationList::from_der(der).expect("CRL");
        let issuer = by_subject.get(crl.issuer().as_raw()).expect("CRL issuer");
        crl.verify_signature(issuer.public_key())
            .expect("CRL signature");
        revoked += crl.iter_revoked_certificates().count();
    }
    eprintln!(
        "{} files, {} distinct certificates, {verified} signatures and {} CRL(s) of {revoked} entries verified",
        files.len(),
        certs.len(),
        crls.iter().collect::<HashSet<_>>().len()
    );
}
