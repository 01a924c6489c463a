use crate::rules::prelude::*;

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
    }
}
