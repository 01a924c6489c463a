use super::{app_object, is_cs_or_proxy};
use crate::input::options::OptionMap;
use crate::rules::prelude::*;

declare_rule! {
    /// Configuration Server sends each externally authenticated user's password to the
    /// LDAP directory named by `[gauth_ldap] ldap-url`. The guide secures that link with
    /// LDAPS (TLS "between Configuration Server and the External Authentication LDAP
    /// directory"): an `ldap://` URL carries every password in clear text.
    LdapCleartext = "ldap-cleartext" {
        severity: Warning,
        phase: S,
        summary: "external authentication over ldap:// instead of ldaps://",
        source: "Guide: Protection of Data in Transit (LDAPS); Configuration Layer Components",
        bad: "[authentication]\nlibrary=gauth_ldap\n[gauth_ldap]\nldap-url=ldap://dc-01.lab.example.com:389/dc=lab,dc=example,dc=com",
        good: "[authentication]\nlibrary=gauth_ldap\n[gauth_ldap]\nldap-url=ldaps://dc-01.lab.example.com:636/dc=lab,dc=example,dc=com",
        check: check,
    }
}

/// The URL without a `user:password@` part.
fn shown(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            format!("{}<credentials>@{}", &url[..s + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

fn urls(options: &OptionMap) -> impl Iterator<Item = &crate::input::options::OptEntry> {
    options
        .entries("gauth_ldap")
        .filter(|e| e.key == "ldap-url" || e.key.starts_with("ldap-url"))
}

fn finding(who: &str, e: &crate::input::options::OptEntry) -> Option<Finding> {
    let url = e.value.trim();
    if !url.to_ascii_lowercase().starts_with("ldap://") {
        return None;
    }
    Some(
        Finding::new(
            RuleId::LdapCleartext,
            Place::Span(e.value_span),
            format!(
                "{who} authenticates users against LDAP in clear text ([gauth_ldap] {}={}): every password sent for external authentication can be read on the network",
                e.key,
                shown(url)
            ),
        )
        .key("gauth_ldap", &e.key)
        .help("use an ldaps:// URL (port 636) and give the LDAP server a certificate that Configuration Server trusts"),
    )
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| is_cs_or_proxy(a)) {
        for e in urls(&app.options) {
            if let Some(f) = finding(&format!("Configuration Server {}", app.name), e) {
                out.emit(f.object(app_object(cx.d, app)));
            }
        }
    }
    // A Configuration Server file no application of the export claims.
    for f in cx.d.cs_files.iter().filter(|f| f.app.is_none()) {
        for e in urls(&f.options) {
            if let Some(x) = finding(cx.file_name(f.file), e) {
                out.emit(x);
            }
        }
    }
}
