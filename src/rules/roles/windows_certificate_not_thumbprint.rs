use crate::facts::looks_like_thumbprint;
use crate::resolve::SECURITY;
use crate::rules::prelude::*;
use crate::rules::roles::tls_sides;

declare_rule! {
    /// On Windows, native and .NET applications use SChannel and the Windows certificate
    /// store; the certificate option takes the certificate's thumbprint, not a file.
    WindowsCertificateNotThumbprint = "windows-certificate-not-thumbprint" {
        severity: Error,
        phase: C,
        summary: "a Windows native application whose certificate is a file path",
        source: "Guide: Certificates for Windows Native Applications and Applications with .NET dependency",
        bad: "[security]\ncertificate=C:\\certs\\host.pem",
        good: "[security]\ncertificate=89 a0 c1 d4 67 01 93 5d 3c 2a ff 00 13 98 6d 8e 51 7c 41 47",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for side in tls_sides(cx) {
        let platform = side.platform(cx);
        if !platform.uses_windows_store() {
            continue;
        }
        let Some(cert) = side.eff.get("certificate") else {
            continue;
        };
        if looks_like_thumbprint(cert.taken.value) {
            continue;
        }
        out.emit_once(
            Finding::new(
                RuleId::WindowsCertificateNotThumbprint,
                Place::Span(cert.taken.span),
                format!(
                    "`certificate={}` is a file path, but a {} takes the certificate's thumbprint from the Windows certificate store",
                    cert.taken.value,
                    platform.describe()
                ),
            )
            .key(SECURITY, "certificate")
            .object(side.object())
            .help("import the certificate into the Windows store and set certificate to its thumbprint (`tlskit cert inspect` prints it)"),
        );
    }
}
