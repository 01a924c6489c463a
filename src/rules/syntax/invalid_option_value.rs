use crate::rules::prelude::*;

use super::{REMOVED_PROTOCOLS, keyed, recognised};
use crate::facts::Site;
use crate::facts::SiteValues;
use crate::model::parse_bool;
use crate::resolve::SECURITY;

declare_rule! {
    /// tls, tls-mutual and upgrade take a boolean (1/0, true/false, yes/no, on/off);
    /// sec-protocol one of SSLv23, TLSv12, TLSv13 or empty; tls-target-name-check host or
    /// no; path options a path or a comma-separated list of paths without empty items.
    InvalidOptionValue = "invalid-option-value" {
        severity: Error,
        phase: C,
        summary: "a value outside the option's valid set",
        source: "Guide: Tuning Protocol Version Availability; Check Certificate Host Matching",
        bad: "[security]\nsec-protocol=TLSv1.2\ntls-target-name-check=yes",
        good: "[security]\nsec-protocol=TLSv12\ntls-target-name-check=host",
        check: check,
    }
}

const BOOLEANS: &[&str] = &[
    "tls",
    "tls-mutual",
    "upgrade",
    "lca-upgrade",
    "gda-tls",
    "fips140-enabled",
];
const PATHS: &[&str] = &[
    "certificate",
    "certificate-key",
    "trusted-ca",
    "crl",
    "tls-crl",
];
const PROTOCOLS: &[&str] = &["SSLv23", "TLSv12", "TLSv13", ""];

fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        if let SiteValues::Options(map) = site.written {
            shaped(out, site, map);
        }
        for e in recognised(site) {
            if let Some((msg, help)) = problem(e.key, e.value) {
                let f = Finding::new(RuleId::InvalidOptionValue, Place::Span(e.value_span), msg)
                    .object(site.object())
                    .help(help);
                out.emit(keyed(f, site, e.key));
            }
        }
    }
}

/// A binary or nested value where `[security]` holds text: no TLS option can take it.
fn shaped(out: &mut Out, site: &Site, map: &crate::input::options::OptionMap) {
    for e in map.all(SECURITY).filter(|e| e.text().is_none()) {
        out.emit(
            Finding::new(
                RuleId::InvalidOptionValue,
                Place::Span(e.value_span),
                format!(
                    "`{}` in [security] is {}: Genesys reads security options as text, so it has no usable value",
                    e.key,
                    e.shape.describe()
                ),
            )
            .object(site.object())
            .help("write the value as a string")
            .key(SECURITY, &e.key),
        );
    }
}

/// What is wrong with a value, and how to fix it.
fn problem(key: &str, value: &str) -> Option<(String, String)> {
    if BOOLEANS.contains(&key) {
        return parse_bool(value).is_none().then(|| {
            (
                format!("`{key}={value}` is not a boolean"),
                "use 1 or 0 (true/false, yes/no, on/off are also read)".to_string(),
            )
        });
    }
    match key {
        "sec-protocol" => sec_protocol(value),
        "tls-target-name-check" => (!matches!(value.to_ascii_lowercase().as_str(), "host" | "no"))
            .then(|| {
                (
                    format!("tls-target-name-check `{value}` is neither `host` nor `no`"),
                    "use `host` to check the server's name, `no` to skip the check".to_string(),
                )
            }),
        "provider" => (!matches!(
            value.to_ascii_uppercase().as_str(),
            "PEM" | "MSCAPI" | "PKCS11"
        ))
        .then(|| {
            (
                format!("provider `{value}` is not PEM, MSCAPI or PKCS11"),
                "leave provider unset for PEM files".to_string(),
            )
        }),
        _ if PATHS.contains(&key) => empty_path_item(key, value),
        _ => None,
    }
}

/// A removed protocol is sec-protocol-removed-value's; anything else outside the set is
/// invalid, with a hint when only the case or a dot is off.
fn sec_protocol(value: &str) -> Option<(String, String)> {
    if REMOVED_PROTOCOLS.contains(&value) || PROTOCOLS.contains(&value) {
        return None;
    }
    let hint = PROTOCOLS
        .iter()
        .chain(REMOVED_PROTOCOLS)
        .find(|p| !p.is_empty() && p.eq_ignore_ascii_case(&value.replace('.', "")));
    Some((
        format!("sec-protocol `{value}` is not one of SSLv23, TLSv12, TLSv13 or empty"),
        match hint {
            Some(h) => format!("did you mean `{h}`? values are case-sensitive"),
            None => "use TLSv12 or TLSv13".to_string(),
        },
    ))
}

fn empty_path_item(key: &str, value: &str) -> Option<(String, String)> {
    let items = crate::model::vocab::path_items(key, value);
    if !items.iter().any(String::is_empty) {
        return None;
    }
    let msg = if items.len() > 1 {
        format!("`{key}` has an empty item in its comma-separated list")
    } else {
        format!("`{key}` is empty")
    };
    Some((
        msg,
        "give an absolute path (several certificate files separated by commas)".to_string(),
    ))
}
