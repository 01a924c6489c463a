//! Entry points for the fuzz targets (`fuzz/`) and for the test that replays their
//! regression corpus: each takes arbitrary bytes through one reader the way the commands
//! do. None may panic, whatever the bytes.
#![doc(hidden)]

use std::path::Path;

use crate::input::source::{FileId, Sources, Span};
use crate::input::{ini, json, read::decode_text, transport};
use crate::load::mutagen;
use crate::pki::{crl::Crl, key::PrivateKey, load, verify};
use crate::tls::cipherstring;

pub fn ini(data: &[u8]) {
    if let Ok(text) = decode_text(data.to_vec()) {
        let _ = ini::parse(FileId(0), &text);
    }
}

pub fn transport(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let start = Span {
        file: FileId(0),
        line: 1,
        col: 1,
        len: 0,
    };
    let _ = transport::split(text, start);
}

/// Decoding, JSON with spans, and the mutagen model of a deployment export.
pub fn deployment_json(data: &[u8]) {
    let Ok(text) = decode_text(data.to_vec()) else {
        return;
    };
    let mut sources = Sources::default();
    let id = sources.add(Path::new("fuzz.json"), "fuzz.json".into(), text);
    let Ok(doc) = json::parse(id, sources.get(id)) else {
        return;
    };
    if !mutagen::is_export(doc.root()) {
        return;
    }
    let mut merged = mutagen::Merged::default();
    if merged.add_export(&sources, doc.root()).is_ok() {
        let _ = merged.build();
    }
}

pub fn cipher_string(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = cipherstring::syntax_problem(s);
    let _ = cipherstring::evaluate(s);
    let _ = cipherstring::ciphersuites(s);
}

/// PEM bundles (certificates, keys, CRLs mixed) and bare DER, as `cert inspect` reads them.
pub fn cert_bundle(data: &[u8]) {
    let f = load::parse(data, None, false);
    let _ = f.describe();
    for c in &f.certs {
        let _ = c.short_name();
        let _ = c.key.describe();
        let _ = c.thumbprint();
        let _ = c.signed_by(c);
    }
    if !f.certs.is_empty() {
        let _ = verify::order_problem(&f.certs);
    }
}

/// The first byte picks the PEM label the rest is read under.
pub fn key(data: &[u8]) {
    const LABELS: [Option<&str>; 5] = [
        None,
        Some("PRIVATE KEY"),
        Some("RSA PRIVATE KEY"),
        Some("EC PRIVATE KEY"),
        Some("ENCRYPTED PRIVATE KEY"),
    ];
    let Some((&which, der)) = data.split_first() else {
        return;
    };
    let _ = PrivateKey::parse(LABELS[which as usize % LABELS.len()], der, false);
}

pub fn crl(data: &[u8]) {
    if let Ok(crl) = Crl::from_der(data) {
        let _ = crl.lookup(&[1]);
    }
}

pub fn pkcs12(data: &[u8]) {
    let _ = load::parse(data, None, true).describe();
}

pub fn server_hello(data: &[u8]) {
    let _ = crate::probe::hello::parse_answer(data);
}

/// One entry point: bytes in, nothing out, no panic.
pub type Entry = fn(&[u8]);

/// Every target by its name in `fuzz/`.
pub const TARGETS: &[(&str, Entry)] = &[
    ("ini", ini),
    ("transport", transport),
    ("deployment_json", deployment_json),
    ("cipher_string", cipher_string),
    ("cert_bundle", cert_bundle),
    ("key", key),
    ("crl", crl),
    ("pkcs12", pkcs12),
    ("server_hello", server_hello),
];
