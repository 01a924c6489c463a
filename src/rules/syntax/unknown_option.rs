use crate::rules::prelude::*;

declare_rule! {
    /// Section names, option names and predefined values are case-sensitive. A misspelt or
    /// miscased option is silently ignored, so the setting you meant never takes effect.
    /// tlskit suggests the closest known name.
    UnknownOption = "unknown-option" {
        severity: Warning,
        phase: C,
        summary: "an option name in [security] or a transport parameter that no Genesys component reads",
        source: "Guide: Where to Set TLS Properties (\"case-sensitive\")",
        bad: "[security]\nCertificate=/etc/sec/certs/host.pem\ntls-mutal=1",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem\ntls-mutual=1",
    }
}
