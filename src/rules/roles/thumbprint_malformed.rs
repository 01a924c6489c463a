use crate::rules::prelude::*;

declare_rule! {
    /// A thumbprint is the SHA-1 hash of the certificate: 40 hexadecimal digits, spaces
    /// allowed. The guide's own example `61 cc b8 76 3c ap 2a …` contains the non-hex `ap`.
    ThumbprintMalformed = "thumbprint-malformed" {
        severity: Error,
        phase: C,
        summary: "a thumbprint that is not 20 bytes of hex",
        source: "Guide: Secure Network Logging Connections, On Windows",
        bad: "certificate=61 cc b8 76 3c ap 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee",
        good: "certificate=61 cc b8 76 3c a0 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee",
    }
}
