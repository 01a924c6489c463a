use crate::rules::prelude::*;
use std::collections::BTreeMap;

use crate::facts::valid_thumbprint;
use crate::input::source::Span;
use crate::resolve::SECURITY;

declare_rule! {
    /// A native Windows application names its certificate by thumbprint; the certificate
    /// itself lives in the host's Windows certificate store, which tlskit cannot read.
    /// Export the certificates (certlm.msc, or `certutil -store My`) into a folder and set
    /// `windows-store` in tlskit.toml: tlskit then finds each thumbprint there and checks
    /// the certificate like any other. Without it, nothing about those certificates is
    /// judged.
    ThumbprintNotChecked = "thumbprint-not-checked" {
        severity: Notice,
        phase: X,
        summary: "Windows certificate thumbprints that could not be checked: no windows-store is configured",
        source: "Guide: Certificates for Windows Native Applications",
        bad: "[security]\ncertificate=f4 15 c5 d8 f3 17 b4 f9 4f d2 37 30 56 4b 07 ec b1 14 75 ee\n(tlskit.toml without windows-store)",
        good: "# tlskit.toml\nwindows-store = \"certs/windows\"",
        check: check,
    }
}

/// Thumbprints that name certificates in a Windows store no folder stands for: one notice
/// per host, with a count, pointing at the first place.
fn check(cx: &Cx, out: &mut Out) {
    if cx.settings.windows_store.is_some() {
        return;
    }
    let mut by_host: BTreeMap<String, (Span, usize, String)> = BTreeMap::new();
    for p in &cx.res.ports {
        if !p.port().secure() || !cx.platform(p.app, p.host).uses_windows_store() {
            continue;
        }
        let Some(r) = p.eff.get("certificate") else {
            continue;
        };
        if !valid_thumbprint(r.taken.value) {
            continue;
        }
        let host = p.host.map_or_else(String::new, |h| h.name.clone());
        let who = format!("port {}:{}", p.app.name, p.port().id);
        let e = by_host.entry(host).or_insert((r.taken.span, 0, who));
        e.1 += 1;
    }
    for (host, (span, count, first)) in by_host {
        let what = if count == 1 {
            format!("the certificate thumbprint of {first}")
        } else {
            format!("{count} certificate thumbprints (the first on {first})")
        };
        let on = if host.is_empty() {
            String::new()
        } else {
            format!(" on host {host}")
        };
        out.emit(
            Finding::new(
                RuleId::ThumbprintNotChecked,
                Place::Span(span),
                format!(
                    "{what}{on} could not be checked: no windows-store is configured, so the expiry, key, EKU, names and chain of {} were not judged",
                    if count == 1 { "that certificate" } else { "those certificates" }
                ),
            )
            .key(SECURITY, "certificate")
            .object(ObjectRef {
                host: (!host.is_empty()).then_some(host),
                ..ObjectRef::default()
            })
            .help("export the host's certificates into a folder and set `windows-store = \"FOLDER\"` in tlskit.toml"),
        );
    }
}
