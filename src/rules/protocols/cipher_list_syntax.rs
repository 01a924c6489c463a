use crate::rules::prelude::*;

declare_rule! {
    /// Separate with colons; no spaces; only a-z A-Z 0-9 - + ! @ =.
    CipherListSyntax = "cipher-list-syntax" {
        severity: Error,
        phase: P,
        summary: "a cipher string that breaks the formatting rules",
        source: "Guide: Cipher List Formatting Rules",
        bad: "cipher-list=AES256-SHA, AES128-SHA",
        good: "cipher-list=AES256-SHA:AES128-SHA",
    }
}
