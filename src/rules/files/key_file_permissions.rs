use crate::rules::prelude::*;

declare_rule! {
    /// Keys must be readable only by the owner.
    KeyFilePermissions = "key-file-permissions" {
        severity: Warning,
        phase: X,
        summary: "a private key readable by group or others",
        source: "Guide: Installing Certificates on UNIX (Warning)",
        bad: "-rw-r--r-- priv_key.pem",
        good: "-rw------- priv_key.pem",
    }
}
