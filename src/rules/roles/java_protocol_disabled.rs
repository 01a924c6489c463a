use crate::model::Runtime;
use crate::resolve::SECURITY;
use crate::rules::prelude::*;
use crate::rules::roles::tls_sides;
use crate::tls::jsse::{self, JsseConfig};

declare_rule! {
    /// The guide's Java table offers `tls-version` and `protocol-list` values down to SSLv3
    /// and `sec-protocol` values down to `TLSv1` (Guide: Java PSDK Implementation, written
    /// for Java 7 and 8). JDK 16 and later disable SSLv3, TLS 1.0 and TLS 1.1 in
    /// `jdk.tls.disabledAlgorithms`, and JSSE drops them silently: a Java client whose
    /// `tls-version` is `TLSv1.1` or `TLSv1`, or whose list names only disabled versions,
    /// fails every handshake before a byte is sent ("No appropriate protocol"). The release
    /// modelled is tlskit.toml's `java-release` (docs/java-tls.md).
    JavaProtocolDisabled = "java-protocol-disabled" {
        severity: Warning,
        phase: P,
        summary: "a Java application asks for protocol versions its JDK disables (SSLv3, TLS 1.0, TLS 1.1)",
        source: "Guide: Java PSDK Implementation",
        bad: "UCS connection: tls-version=TLSv1.1",
        good: "no tls-version (TLS 1.2 and 1.3)",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let release = cx.settings.java_release();
    for side in tls_sides(cx).filter(|s| s.app.runtime == Runtime::Java) {
        let eff = side.eff;
        let cfg = JsseConfig::from_options(
            eff.value("tls-version"),
            eff.value("protocol-list"),
            eff.value("sec-protocol"),
            eff.value("cipher-list"),
        );
        let role = side.role();
        let Ok(end) = jsse::enabled(&cfg, role, release) else {
            continue;
        };
        if end.dropped_protocols.is_empty() {
            continue;
        }
        // Point at the option that asked: sec-protocol overrides protocol-list, which
        // overrides the context tls-version names.
        let asked = ["sec-protocol", "protocol-list", "tls-version"]
            .into_iter()
            .filter_map(|k| eff.get(k).map(|r| (k, r)))
            .find(|(k, r)| {
                let cfg = match *k {
                    "sec-protocol" => {
                        JsseConfig::from_options(None, None, Some(r.taken.value), None)
                    }
                    "protocol-list" => {
                        JsseConfig::from_options(None, Some(r.taken.value), None, None)
                    }
                    _ => JsseConfig::from_options(Some(r.taken.value), None, None, None),
                };
                jsse::enabled(&cfg, role, release).is_ok_and(|e| !e.dropped_protocols.is_empty())
            });
        let Some((key, r)) = asked else {
            continue;
        };
        let effect = if end.versions.is_empty() {
            format!(
                "the {} enables no other protocol and fails every handshake",
                role.name()
            )
        } else {
            format!(
                "it speaks {} only",
                end.versions
                    .iter()
                    .map(|v| v.name())
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        out.emit_once(
            Finding::new(
                RuleId::JavaProtocolDisabled,
                Place::Span(r.taken.span),
                format!(
                    "{} is a Java (Platform SDK) application and its {key}={} asks for {}, which JDK {release} disables by default (jdk.tls.disabledAlgorithms): {effect}",
                    side.app.name,
                    r.taken.value,
                    end.dropped_protocols.join(", ")
                ),
            )
            .key(SECURITY, key)
            .object(side.object())
            .help("leave tls-version, protocol-list and sec-protocol unset (TLS 1.2 and 1.3), or sec-protocol=TLSv12"),
        );
    }
}
