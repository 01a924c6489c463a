use crate::model::Runtime;
use crate::resolve::{Level, SECURITY};
use crate::rules::prelude::*;
use crate::rules::roles::{shared_with_native, tls_sides};
use crate::tls::jsse;

declare_rule! {
    /// A Java (Platform SDK) application hands its `cipher-list` to JSSE, which takes exact
    /// IANA suite names only (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`). OpenSSL names
    /// (`ECDHE-RSA-AES128-GCM-SHA256`), aliases (`HIGH`), operators (`!aNULL`) and
    /// lower-case names make `setEnabledCipherSuites` throw "Unsupported CipherSuite", and
    /// the application cannot set up TLS. The guide's cipher-list grammar is for the
    /// Genesys common library only: for the Platform SDK it defers to the Platform SDK
    /// Developer's Guide (Guide: Cipher List; docs/java-tls.md). A list written in a host's
    /// annex that native applications of the host read too is left out.
    JavaCipherListOpensslSyntax = "java-cipher-list-openssl-syntax" {
        severity: Error,
        phase: P,
        summary: "a Java application's cipher-list holds names JSSE does not know (OpenSSL syntax)",
        source: "Guide: Cipher List; Java PSDK Implementation",
        bad: "UCS: [security] cipher-list=ECDHE-RSA-AES256-GCM-SHA384:HIGH",
        good: "UCS: [security] cipher-list=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for side in tls_sides(cx).filter(|s| s.app.runtime == Runtime::Java) {
        let Some(r) = side.eff.get("cipher-list") else {
            continue;
        };
        // A host-level list that native applications of the host read too is in OpenSSL
        // syntax for them; that mix is not this rule's to judge.
        if r.taken.level == Level::Host && side.host.is_some_and(|h| shared_with_native(cx, h)) {
            continue;
        }
        let unknown: Vec<&str> = jsse::split_list(r.taken.value)
            .into_iter()
            .filter(|n| !jsse::known_suite(n) && *n != "TLS_EMPTY_RENEGOTIATION_INFO_SCSV")
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let iana: Vec<&str> = unknown
            .iter()
            .filter_map(|n| jsse::by_openssl(n))
            .map(|s| s.iana)
            .filter(|n| jsse::known_suite(n) && jsse::disabled_by(n).is_none())
            .collect();
        let mut f = Finding::new(
            RuleId::JavaCipherListOpensslSyntax,
            Place::Span(r.taken.span),
            format!(
                "{} is a Java (Platform SDK) application and JSSE knows no cipher suite {}: it takes IANA names only, and refuses the list (Unsupported CipherSuite), so the application cannot set up TLS",
                side.app.name,
                crate::error::listed(unknown.iter().map(|u| format!("`{u}`")), ", ")
            ),
        )
        .key(SECURITY, "cipher-list")
        .object(side.object());
        f = if iana.is_empty() {
            f.help("list IANA names, e.g. cipher-list=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_AES_256_GCM_SHA384 (docs/java-tls.md)")
        } else {
            f.help(format!("in JSSE's names: cipher-list={}", iana.join(",")))
        };
        out.emit_once(f);
    }
}
