use crate::rules::prelude::*;

declare_rule! {
    /// The Java Platform SDK reads private keys in PKCS#8; native applications write RSA
    /// (PKCS#1) keys. Convert with `tlskit key convert --outformat pkcs8`.
    JavaKeyFormat = "java-key-format" {
        severity: Error,
        phase: C,
        summary: "a Java application whose certificate-key is PKCS#1 (BEGIN RSA PRIVATE KEY)",
        source: "Guide: Installing Certificates for Applications with Java dependency; Configuring Secure Connections to Java/PSDK-Based Applications",
        bad: "UCS: [security] certificate-key=/etc/sec/certs/priv_key.pem   # BEGIN RSA PRIVATE KEY",
        good: "UCS: [security] certificate-key=/etc/sec/certs/priv_key_NEW.pem  # BEGIN PRIVATE KEY",
    }
}
