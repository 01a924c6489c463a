//! Names: what tlskit accepts as a host name or subject field, and how a certificate's
//! subject is written into `ca.db`, byte for byte as `openssl ca` writes it into index.txt.

use crate::error::{InputError, Result};

/// A value as an error message may show it: one line, control characters escaped.
pub(crate) fn shown(value: &str) -> String {
    value.escape_debug().to_string()
}

/// Refuses control characters (C0, DEL and C1) in a name or subject field: they have no
/// place in a certificate and would break the lines of ca.db and of every report.
pub(crate) fn check_text(what: &str, value: &str) -> Result<()> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(InputError(format!(
            "{what} \"{}\": control character U+{:04X} is not allowed in a name",
            shown(value),
            c as u32
        ))),
        None => Ok(()),
    }
}

/// Accepts a DNS host name in RFC 1123 syntax: labels of letters, digits and inner
/// hyphens, 1 to 63 characters each, 253 in all. No wildcard (Genesys does not support
/// them), no IP address (`ip_flag` says where an address goes), no trailing dot.
pub(crate) fn check_dns(what: &str, name: &str, ip_flag: &str) -> Result<()> {
    check_text(what, name)?;
    let bad = |why: String| Err(InputError(format!("{what} `{name}`: {why}")));
    if name.is_empty() {
        return Err(InputError(format!("{what}: the host name is empty")));
    }
    if name.parse::<std::net::IpAddr>().is_ok() {
        return bad(format!(
            "an IP address, not a DNS name: give addresses with {ip_flag}"
        ));
    }
    if name.contains('*') {
        return bad(
            "wildcards are not supported (Genesys does not accept them): name each host".into(),
        );
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return bad(format!(
            "`{}` is not allowed in a DNS name (RFC 1123: letters, digits and hyphens, labels separated by dots)",
            c.escape_debug()
        ));
    }
    if name.len() > 253 {
        return bad("longer than 253 characters".into());
    }
    for label in name.split('.') {
        if label.is_empty() {
            return bad("an empty label (two dots, or a dot at an end)".into());
        }
        if label.len() > 63 {
            return bad(format!("label `{label}` is longer than 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return bad(format!("label `{label}` starts or ends with a hyphen"));
        }
    }
    Ok(())
}

/// The part of a host name used in file names (`<serial>_<label>_cert.pem`): its first
/// label, with anything but letters, digits, `-` and `_` made `_`.
pub(crate) fn file_label(host: &str) -> String {
    let first = host.split('.').next().unwrap_or(host);
    let label: String = first
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if label.is_empty() {
        "host".into()
    } else {
        label
    }
}

/// OpenSSL's short names of the attributes a subject may hold (OBJ_nid2sn).
fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "name",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "1.2.840.113549.1.9.2" => "unstructuredName",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    })
}

/// A value's bytes as X509_NAME_oneline writes them: bytes below space or above `~` as
/// `\xHH` (upper-case hex), `/` and `+` preceded by a backslash, the rest as they are. No
/// tab or newline can survive, so a subject never splits a ca.db line.
pub(crate) fn escape_value(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'/' | b'+' => {
                s.push('\\');
                s.push(b as char);
            }
            b' '..=b'~' => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02X}")),
        }
    }
    s
}

/// The subject of a certificate (DER) as `openssl ca` writes it into index.txt:
/// `/C=US/O=…/CN=…`, every attribute of every RDN after a `/`.
pub(crate) fn subject_oneline(cert_der: &[u8]) -> Result<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der)
        .map_err(|e| InputError(format!("cannot read the certificate just made: {e}")))?;
    let mut s = String::new();
    for rdn in cert.subject().iter() {
        for attr in rdn.iter() {
            let oid = attr.attr_type().to_id_string();
            s.push('/');
            s.push_str(short_name(&oid).unwrap_or(&oid));
            s.push('=');
            s.push_str(&escape_value(attr.attr_value().data));
        }
    }
    Ok(s)
}

/// The inverse of `escape_value` for showing a ca.db subject field (lossy for bytes that
/// are not UTF-8).
pub(crate) fn unescape_value(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            if b[i + 1] == b'x'
                && let Some(v) = text
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 4;
                continue;
            }
            if matches!(b[i + 1], b'/' | b'+') {
                out.push(b[i + 1]);
                i += 2;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_as_x509_name_oneline_does() {
        // What `openssl ca` 3.0 wrote for this CN (checked by hand against index.txt).
        let cn = "x\nR\t27/a+bc \u{e9}\u{7f}";
        assert_eq!(
            escape_value(cn.as_bytes()),
            "x\\x0AR\\x0927\\/a\\+bc \\xC3\\xA9\\x7F"
        );
        assert_eq!(unescape_value(&escape_value(cn.as_bytes())), cn);
    }

    #[test]
    fn host_names_follow_rfc_1123() {
        for good in ["cs-01.example.com", "h", "a1.b2", "9host.example.com"] {
            assert!(check_dns("--host", good, "--ip").is_ok(), "{good}");
        }
        for bad in [
            "*.example.com",
            "a b.example.com",
            "a/b",
            "-a.example.com",
            "a-.example.com",
            "a..b",
            "a.example.com.",
            "10.0.0.1",
            "::1",
            "x\ty",
            "under_score.example.com",
            "",
        ] {
            assert!(check_dns("--host", bad, "--ip").is_err(), "{bad}");
        }
        let long = format!("{}.example.com", "a".repeat(64));
        assert!(check_dns("--host", &long, "--ip").is_err());
        let e = check_dns("--host", "10.0.0.1", "--ip").unwrap_err();
        assert!(e.0.contains("--ip"), "{e}");
    }

    #[test]
    fn control_characters_are_named_not_printed() {
        let e = check_text("--org", "Acme\tInc").unwrap_err();
        assert!(e.0.contains("U+0009") && e.0.contains("Acme\\tInc"), "{e}");
        assert!(check_text("--org", "Société Générale").is_ok());
        assert!(check_text("--org", "a\u{85}b").is_err());
    }

    #[test]
    fn file_labels_are_safe() {
        assert_eq!(file_label("cs-01.example.com"), "cs-01");
        assert_eq!(file_label("../../etc"), "host");
        assert_eq!(file_label("a/b.c"), "a_b");
    }
}
