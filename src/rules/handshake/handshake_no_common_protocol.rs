use crate::rules::prelude::*;

declare_rule! {
    /// The handshake fails with protocol_version.
    HandshakeNoCommonProtocol = "handshake-no-common-protocol" {
        severity: Error,
        phase: H,
        summary: "client and server port share no protocol version",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "client TLSv12, server TLSv13",
        good: "both TLSv12 or empty",
    }
}
