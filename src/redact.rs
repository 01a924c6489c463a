//! Secrets in configuration files are the admin's, not the report's: the value of an option
//! that holds a password or a secret (`password`, `db_password`, `*-password`, `secret`,
//! `passphrase`, …) is shown as `***` wherever a report would show it — in a quoted source
//! line, and in any message that happens to contain it.

use std::borrow::Cow;

/// Whether an option (or transport parameter) holds a secret, by its name.
pub(crate) fn is_secret_key(key: &str) -> bool {
    let k = key.trim().to_ascii_lowercase();
    // Policy switches name passwords without holding one: `allow-empty-password`,
    // `force-password-reset`, `password-min-length`.
    let switch = [
        "allow-", "force-", "enable-", "disable-", "require-", "no-", "hide-", "use-",
    ]
    .iter()
    .any(|p| k.starts_with(p));
    let holds = [
        "password",
        "passwd",
        "passphrase",
        "secret",
        "-pass",
        "_pass",
        "pwd",
    ]
    .iter()
    .any(|w| k.ends_with(w))
        || k == "pass";
    holds && !switch
}

pub(crate) const MASK: &str = "***";

/// A source line with the value of every secret option on it masked: `key=value` and
/// `key = value` lines of option files, `"key": "value"` members of JSON.
pub(crate) fn mask_line(line: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(line);
    // An option file line: the key before the first `=`.
    if let Some(eq) = line.find('=')
        && !line.trim_start().starts_with(['"', '{', '['])
        && is_secret_key(line[..eq].trim_start_matches(['#', ';', ' ', '\t']))
    {
        let value = &line[eq + 1..];
        let lead = value.len() - value.trim_start().len();
        return Cow::Owned(format!("{}{}{MASK}", &line[..=eq], &value[..lead]));
    }
    // JSON members: `"key"` then `:` then a string.
    let mut from = 0;
    while let Some(q) = out[from..].find('"').map(|q| q + from) {
        let Some(end) = out[q + 1..].find('"').map(|e| e + q + 1) else {
            break;
        };
        let key = out[q + 1..end].to_string();
        let rest = &out[end + 1..];
        let after_colon = rest.trim_start().strip_prefix(':').map(str::trim_start);
        match after_colon {
            Some(v) if is_secret_key(&key) && v.starts_with('"') => {
                let vstart = out.len() - v.len() + 1;
                let vend = string_end(&out, vstart);
                let masked = format!("{}{MASK}{}", &out[..vstart], &out[vend..]);
                from = vstart + MASK.len() + 1;
                out = Cow::Owned(masked);
            }
            _ => from = end + 1,
        }
        if from >= out.len() {
            break;
        }
    }
    out
}

/// The byte index of a JSON string's closing quote, from just after its opening one.
fn string_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    s.len()
}

/// Text with every secret value of the run replaced by the mask. Values shorter than four
/// characters are not searched for: they would mask words of the message itself.
pub(crate) fn redact<'a>(text: &'a str, secrets: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for s in secrets.iter().filter(|s| s.chars().count() >= 4) {
        if out.contains(s.as_str()) {
            out = Cow::Owned(out.replace(s.as_str(), MASK));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_known_by_their_words() {
        for k in [
            "password",
            "db_password",
            "dbpassword",
            "ldap-password",
            "client-secret",
            "Passphrase",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "certificate-key",
            "trusted-ca",
            "tls",
            "password-min-length",
            "allow-empty-password",
            "force-password-reset",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn lines_show_no_secret_values() {
        assert_eq!(mask_line("db_password=hunter2"), "db_password=***");
        assert_eq!(mask_line("  password = hunter2 #x"), "  password = ***");
        assert_eq!(mask_line("tls=1"), "tls=1");
        assert_eq!(
            mask_line(r#"{"dbpassword": "hun\"ter2", "user": "sa", "x-secret":"s"}"#),
            r#"{"dbpassword": "***", "user": "sa", "x-secret":"***"}"#
        );
        assert_eq!(
            redact("value hunter2 seen", &["hunter2".into()]),
            "value *** seen"
        );
        assert_eq!(redact("tls=1", &["1".into()]), "tls=1");
    }
}
