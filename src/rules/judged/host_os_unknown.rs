use crate::rules::prelude::*;

declare_rule! {
    /// Native applications take their certificates from files on UNIX (OpenSSL Security
    /// Pack) and from the Windows certificate store by thumbprint on Windows, so what a
    /// port needs depends on the host's OS (`osInfo.type`). When the export names none, or
    /// one tlskit cannot place, and `--platform` is not given, the checks that differ
    /// between the two are skipped and this notice lists them.
    HostOsUnknown = "host-os-unknown" {
        severity: Notice,
        phase: C,
        summary: "a host whose operating system could not be determined: its OS-dependent checks were skipped",
        source: "Guide: Certificates for Windows Native Applications; Installing Certificates on UNIX",
        bad: "hosts: [{\"name\": \"cs-01\", \"osInfo\": {\"type\": \"noos\"}}]",
        good: "hosts: [{\"name\": \"cs-01\", \"osInfo\": {\"type\": \"redhatlinux\"}}]",
        check: check,
    }
}

/// Hosts whose OS no export names and `--platform` does not give.
fn check(cx: &Cx, out: &mut Out) {
    if cx.platform.is_some() {
        return;
    }
    for h in cx.d.hosts.iter().filter(|h| h.os.is_none()) {
        let written = match &h.os_raw {
            Some(raw) if !raw.is_empty() => {
                format!("osInfo.type `{raw}` names no OS tlskit can place")
            }
            _ => "the export gives no osInfo.type".to_string(),
        };
        out.emit(
            Finding::new(
                RuleId::HostOsUnknown,
                Place::Span(h.span),
                format!(
                    "the operating system of host {} is unknown ({written}); skipped for its applications: secure-port-missing-key, secure-port-missing-trusted-ca, client-missing-trusted-ca and the key half of mutual-client-missing-certificate (UNIX only), windows-certificate-not-thumbprint and windows-key-ignored (Windows only), key-file-permissions; certificate files are checked where a path is configured, and handshakes are predicted as OpenSSL would make them",
                    h.name
                ),
            )
            .object(ObjectRef {
                host: Some(h.name.clone()),
                ..ObjectRef::default()
            })
            .help("set the host's OS type in the configuration (e.g. `redhatlinux`, `windows`), or give `--platform unix|windows`"),
        );
    }
}
