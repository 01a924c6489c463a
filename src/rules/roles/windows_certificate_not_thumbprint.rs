use crate::rules::prelude::*;

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
    }
}
