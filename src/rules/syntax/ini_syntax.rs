use crate::rules::prelude::*;

declare_rule! {
    /// Genesys skips lines it cannot read, and options before the first [section] belong to
    /// no section: what they say never takes effect.
    IniSyntax = "ini-syntax" {
        severity: Warning,
        phase: C,
        summary: "a line of an option file that is neither a section, an option nor a comment",
        source: "Guide: Sample Configuration Files for LCA (file format)",
        bad: "[security\ncertificate /etc/sec/certs/host.pem",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem",
    }
}
