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
/// path separator or a file extension is a path. Invisible characters do not make a
/// thumbprint a path: the Certificates console (MMC) puts a U+200E LEFT-TO-RIGHT MARK in
/// front of a thumbprint copied from it, and editors turn spaces into no-break spaces.
pub(crate) fn looks_like_thumbprint(value: &str) -> bool {
    let v = value.trim_matches(|c: char| c.is_whitespace() || invisible(c).is_some());
    if v.is_empty() || v.contains(['/', '\\', '.', ':', ',']) {
        return false;
    }
    let visible: String = v.chars().filter(|c| invisible(*c).is_none()).collect();
    visible
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && (v.contains(|c: char| c == ' ' || invisible(c).is_some()) || visible.len() == 40)
}

/// A valid thumbprint is 20 bytes of hex, spaces allowed between digits.
pub(crate) fn valid_thumbprint(value: &str) -> bool {
    let digits: Vec<char> = value.chars().filter(|c| *c != ' ').collect();
    digits.len() == 40 && digits.iter().all(char::is_ascii_hexdigit)
}

/// The name of a character that shows as nothing or as a space but is neither a hex digit
/// nor the ASCII space a thumbprint may hold: Unicode format characters (bidirectional
/// marks, embeddings and isolates, zero-width characters, the byte order mark) and the
/// no-break and other Unicode spaces.
pub(crate) fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{2007}' => "FIGURE SPACE",
        '\u{2009}' => "THIN SPACE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        _ => return None,
    })
}

/// A thumbprint without its invisible characters, the spaces among them made ASCII spaces
/// (a no-break space between two digits stands for the space Windows shows there).
pub(crate) fn cleaned_thumbprint(value: &str) -> String {
    let spaced: String = value
        .chars()
        .filter_map(|c| match invisible(c) {
            None => Some(c),
            Some(name) if name.ends_with("SPACE") && !name.starts_with("ZERO") => Some(' '),
            Some(_) => None,
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn a_thumbprint_copied_from_mmc_is_still_a_thumbprint_but_not_a_valid_one() {
        let mmc = "\u{200E}f4 15 c5 d8 f3 17 b4 f9 4f d2 37 30 56 4b 07 ec b1 14 75 ee";
        assert!(looks_like_thumbprint(mmc) && !valid_thumbprint(mmc));
        assert_eq!(
            cleaned_thumbprint(mmc),
            "f4 15 c5 d8 f3 17 b4 f9 4f d2 37 30 56 4b 07 ec b1 14 75 ee"
        );
        let nbsp = "f4\u{A0}15 c5 d8 f3 17 b4 f9 4f d2 37 30 56 4b 07 ec b1 14 75 ee";
        assert!(looks_like_thumbprint(nbsp) && !valid_thumbprint(nbsp));
        assert!(valid_thumbprint(&cleaned_thumbprint(nbsp)));
        assert!(!looks_like_thumbprint("\u{200E}/etc/sec/cert.pem"));
    }
}
