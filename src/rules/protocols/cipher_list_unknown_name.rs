use crate::rules::prelude::*;

declare_rule! {
    /// OpenSSL ignores unknown names silently.
    CipherListUnknownName = "cipher-list-unknown-name" {
        severity: Warning,
        phase: P,
        summary: "a cipher name or alias that matches nothing",
        source: "Guide: Cipher List Formatting Rules",
        bad: "cipher-list=ECDHE-RSA-AES256-GCM-SHA348",
        good: "cipher-list=ECDHE-RSA-AES256-GCM-SHA384",
    }
}
