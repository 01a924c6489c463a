use crate::rules::prelude::*;

declare_rule! {
    /// The handshake fails with handshake_failure.
    HandshakeNoCommonCipher = "handshake-no-common-cipher" {
        severity: Error,
        phase: H,
        summary: "client and server share a version but no cipher suite for it",
        source: "Guide: The Handshake",
        bad: "client cipher-list=AES128-SHA, server cipher-list=ECDHE+AESGCM",
        good: "overlapping lists",
    }
}
