use crate::resolve::SECURITY;
use crate::rules::prelude::*;
use crate::rules::roles::tls_sides;

declare_rule! {
    /// On Windows the private key and the trusted CAs come from the certificate store;
    /// these options are ignored there.
    WindowsKeyIgnored = "windows-key-ignored" {
        severity: Notice,
        phase: C,
        summary: "certificate-key or trusted-ca on a Windows native application",
        source: "Guide: Certificates for Windows Native Applications and Applications with .NET dependency",
        bad: "Windows host annex: [security] certificate=89 a0 … certificate-key=C:\\k.pem",
        good: "Windows host annex: [security] certificate=89 a0 …",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for side in tls_sides(cx) {
        let platform = side.platform(cx);
        if !platform.uses_windows_store() {
            continue;
        }
        for key in ["certificate-key", "trusted-ca"] {
            let Some(r) = side.eff.get(key) else {
                continue;
            };
            out.emit_once(
                Finding::new(
                    RuleId::WindowsKeyIgnored,
                    Place::Span(r.taken.span),
                    format!(
                        "`{key}` is ignored by a {}: the key and trusted CAs come from the Windows certificate store",
                        platform.describe()
                    ),
                )
                .key(SECURITY, key)
                .object(side.object())
                .help("remove it, and install the key and the CA certificate in the Windows store"),
            );
        }
    }
}
