//! What options expect of the files they name, and how their values are read: thumbprints,
//! comma-separated path lists. The files themselves are loaded once by `pki::load`.

use crate::pki::load::PkiFile;

/// What an option expects its file to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Certificate,
    PrivateKey,
    CaList,
    Crl,
}

impl Expect {
    pub(crate) fn for_option(key: &str) -> Option<Expect> {
        match key {
            "certificate" => Some(Expect::Certificate),
            "certificate-key" => Some(Expect::PrivateKey),
            "trusted-ca" => Some(Expect::CaList),
            "crl" | "tls-crl" => Some(Expect::Crl),
            _ => None,
        }
    }

    pub(crate) fn noun(self) -> &'static str {
        match self {
            Expect::Certificate => "a certificate",
            Expect::PrivateKey => "a private key",
            Expect::CaList => "CA certificates",
            Expect::Crl => "a certificate revocation list",
        }
    }

    /// Whether a file holds what the option expects.
    pub(crate) fn accepts(self, f: &PkiFile) -> bool {
        match self {
            Expect::Certificate | Expect::CaList => !f.certs.is_empty(),
            Expect::PrivateKey => !f.keys.is_empty(),
            Expect::Crl => !f.crls.is_empty(),
        }
    }
}

/// `89 a0 c1 …`: a Windows certificate thumbprint rather than a file path. Anything with a
/// path separator or a file extension is a path.
pub(crate) fn looks_like_thumbprint(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.contains(['/', '\\', '.', ':', ',']) {
        return false;
    }
    v.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') && (v.contains(' ') || v.len() == 40)
}

/// A valid thumbprint is 20 bytes of hex, spaces allowed between digits.
pub(crate) fn valid_thumbprint(value: &str) -> bool {
    let digits: Vec<char> = value.chars().filter(|c| *c != ' ').collect();
    digits.len() == 40 && digits.iter().all(char::is_ascii_hexdigit)
}

/// The items of a path option: `certificate` may list several files separated by commas.
pub(crate) fn path_items(key: &str, value: &str) -> Vec<String> {
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
}
