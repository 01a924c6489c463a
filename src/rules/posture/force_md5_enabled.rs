use crate::rules::prelude::*;

declare_rule! {
    /// Passwords are hashed with MD5.
    ForceMd5Enabled = "force-md5-enabled" {
        severity: Warning,
        phase: S,
        summary: "force-md5=true in [confserv]",
        source: "Guide: Password Encryption",
        bad: "[confserv] force-md5=true",
        good: "[confserv] force-md5=false",
    }
}
