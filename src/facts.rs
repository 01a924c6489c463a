//! Facts about the files that options point at, each file read once per run and cached by
//! path. Rules read these facts; they never open files themselves.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::input::read::{ReadError, read_capped};

/// Certificates, keys, CA bundles and CRLs larger than this are not what they claim to be.
/// A CRL of a million entries is about 40 MB.
pub const MAX_PKI_BYTES: u64 = 128 * 1024 * 1024;

/// What a referenced file turned out to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFact {
    Missing,
    Unreadable(String),
    Read(Content),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// Labels of the PEM blocks in file order (`CERTIFICATE`, `RSA PRIVATE KEY`, …).
    pub pem_labels: Vec<String>,
    /// No PEM at all but starts like DER (an ASN.1 SEQUENCE).
    pub der: bool,
    pub empty: bool,
    /// Unix permission bits.
    pub mode: u32,
}

impl Content {
    pub fn has(&self, label: &str) -> bool {
        self.pem_labels.iter().any(|l| l == label)
    }

    pub fn describe(&self) -> String {
        if self.empty {
            return "an empty file".into();
        }
        if self.pem_labels.is_empty() {
            return if self.der {
                "binary DER data".into()
            } else {
                "text without any PEM block".into()
            };
        }
        let mut uniq: Vec<&str> = Vec::new();
        for l in &self.pem_labels {
            if !uniq.contains(&l.as_str()) {
                uniq.push(l);
            }
        }
        let list: Vec<String> = uniq.iter().map(|l| format!("BEGIN {l}")).collect();
        format!("PEM blocks {}", list.join(", "))
    }
}

/// What an option expects its file to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Certificate,
    PrivateKey,
    CaList,
    Crl,
}

impl Expect {
    pub fn for_option(key: &str) -> Option<Expect> {
        match key {
            "certificate" => Some(Expect::Certificate),
            "certificate-key" => Some(Expect::PrivateKey),
            "trusted-ca" => Some(Expect::CaList),
            "crl" | "tls-crl" => Some(Expect::Crl),
            _ => None,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Expect::Certificate => "a certificate",
            Expect::PrivateKey => "a private key",
            Expect::CaList => "CA certificates",
            Expect::Crl => "a certificate revocation list",
        }
    }

    /// Whether the content can be what the option expects. DER and PKCS#12 are binary and
    /// judged by later parsing; PEM is judged by its labels here.
    pub fn accepts(self, c: &Content) -> bool {
        if c.empty {
            return false;
        }
        if c.pem_labels.is_empty() {
            return c.der;
        }
        match self {
            Expect::Certificate | Expect::CaList => {
                c.has("CERTIFICATE") || c.has("TRUSTED CERTIFICATE")
            }
            Expect::PrivateKey => c.pem_labels.iter().any(|l| l.ends_with("PRIVATE KEY")),
            Expect::Crl => c.has("X509 CRL"),
        }
    }
}

fn pem_labels(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut labels = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.trim().strip_prefix("-----BEGIN ")
            && let Some(label) = rest.strip_suffix("-----")
        {
            labels.push(label.to_string());
        }
    }
    labels
}

fn examine(path: &Path) -> FileFact {
    use std::os::unix::fs::PermissionsExt;
    match read_capped(path, MAX_PKI_BYTES) {
        Err(ReadError::NotFound) => FileFact::Missing,
        Err(e) => FileFact::Unreadable(e.to_string()),
        Ok(bytes) => {
            let mode = std::fs::metadata(path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            FileFact::Read(Content {
                pem_labels: pem_labels(&bytes),
                der: bytes.first() == Some(&0x30),
                empty: bytes.iter().all(u8::is_ascii_whitespace),
                mode,
            })
        }
    }
}

/// Files by path, each examined at most once per run.
#[derive(Debug, Default)]
pub struct FileCache {
    files: RefCell<HashMap<PathBuf, Rc<FileFact>>>,
}

impl FileCache {
    pub fn get(&self, path: &Path) -> Rc<FileFact> {
        if let Some(f) = self.files.borrow().get(path) {
            return f.clone();
        }
        let fact = Rc::new(examine(path));
        self.files
            .borrow_mut()
            .insert(path.to_path_buf(), fact.clone());
        fact
    }
}

/// `89 a0 c1 …`: a Windows certificate thumbprint rather than a file path. Anything with a
/// path separator or a file extension is a path.
pub fn looks_like_thumbprint(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.contains(['/', '\\', '.', ':', ',']) {
        return false;
    }
    v.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') && (v.contains(' ') || v.len() == 40)
}

/// A valid thumbprint is 20 bytes of hex, spaces allowed between digits.
pub fn valid_thumbprint(value: &str) -> bool {
    let digits: Vec<char> = value.chars().filter(|c| *c != ' ').collect();
    digits.len() == 40 && digits.iter().all(char::is_ascii_hexdigit)
}

/// The items of a path option: `certificate` may list several files separated by commas.
pub fn path_items(key: &str, value: &str) -> Vec<String> {
    if key == "certificate" {
        value.split(',').map(|s| s.trim().to_string()).collect()
    } else {
        vec![value.trim().to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprints_are_told_from_paths() {
        let guide = "f4 15 c5 d8 f3 17 b4 f9 4f d2 37 30 56 4b 07 ec b1 14 75 ee";
        assert!(looks_like_thumbprint(guide) && valid_thumbprint(guide));
        let typo = "61 cc b8 76 3c ap 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee";
        assert!(looks_like_thumbprint(typo) && !valid_thumbprint(typo));
        assert!(looks_like_thumbprint(
            "f415c5d8f317b4f94fd23730564b07ecb11475ee"
        ));
        for path in [
            "/etc/sec/cert.pem",
            "C:\\certs\\a.pem",
            "cert.pem",
            "a.pem,b.pem",
        ] {
            assert!(!looks_like_thumbprint(path), "{path}");
        }
    }

    #[test]
    fn expectations_follow_pem_labels() {
        let key = Content {
            pem_labels: vec!["RSA PRIVATE KEY".into()],
            der: false,
            empty: false,
            mode: 0o600,
        };
        assert!(Expect::PrivateKey.accepts(&key));
        assert!(!Expect::Certificate.accepts(&key));
        assert_eq!(key.describe(), "PEM blocks BEGIN RSA PRIVATE KEY");
    }
}
