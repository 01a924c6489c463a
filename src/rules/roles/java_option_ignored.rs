use crate::model::Runtime;
use crate::resolve::{Level, SECURITY};
use crate::rules::prelude::*;
use crate::rules::roles::{shared_with_native, tls_sides};

declare_rule! {
    /// Some TLS options belong to the Security Pack (the Genesys common library, OpenSSL)
    /// and a Java (Platform SDK) application does not read them: `ciphersuites` (TLS 1.3
    /// suites; a Java application takes every suite from `cipher-list`, in IANA names) and
    /// `tls-target-name` (the Platform SDK's TLS parameter reader has no such option).
    /// Set on a Java application, its ports or its connections, the option has no effect:
    /// the suites it meant to restrict stay enabled, the name it meant to check is not the
    /// one checked. A host-level value that native applications of the host read too is
    /// theirs, and left out. Guide: Java PSDK Implementation; docs/java-tls.md §3.
    JavaOptionIgnored = "java-option-ignored" {
        severity: Warning,
        phase: C,
        summary: "a TLS option a Java (Platform SDK) application does not read: ciphersuites, tls-target-name",
        source: "Guide: Java PSDK Implementation; docs/java-tls.md",
        bad: "UCS: [security] ciphersuites=TLS_AES_256_GCM_SHA384",
        good: "UCS: [security] cipher-list=TLS_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        check: check,
    }
}

/// The options, and what to do instead.
const IGNORED: [(&str, &str); 2] = [
    (
        "ciphersuites",
        "list TLS 1.3 suites in cipher-list with the others, by their IANA names (docs/java-tls.md)",
    ),
    (
        "tls-target-name",
        "connect by the name the certificate holds; a Java application checks the host name it connects to",
    ),
];

fn check(cx: &Cx, out: &mut Out) {
    for side in tls_sides(cx).filter(|s| s.app.runtime == Runtime::Java) {
        for (key, instead) in IGNORED {
            let Some(r) = side.eff.get(key) else {
                continue;
            };
            if r.taken.level == Level::Host && side.host.is_some_and(|h| shared_with_native(cx, h))
            {
                continue;
            }
            let mut f = Finding::new(
                RuleId::JavaOptionIgnored,
                Place::Span(r.taken.span),
                format!(
                    "{} is a Java (Platform SDK) application, which does not read {key} (a Security Pack option): `{}` has no effect on it",
                    side.app.name,
                    crate::escape::Esc(r.taken.value)
                ),
            )
            .object(side.object())
            .help(instead);
            if !matches!(r.taken.level, Level::Port | Level::Connection) {
                f = f.key(SECURITY, key);
            }
            out.emit_once(f);
        }
    }
}
