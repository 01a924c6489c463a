use crate::rules::prelude::*;

declare_rule! {
    /// Security Pack 8.5.100.16 and later no longer accept SSLv3, TLSv1 and TLSv11 in
    /// sec-protocol; the port does not open and connections fail.
    SecProtocolRemovedValue = "sec-protocol-removed-value" {
        severity: Error,
        phase: C,
        summary: "sec-protocol = SSLv3, TLSv1 or TLSv11: refused by Security Pack 8.5.100.16 and later",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "[security]\nsec-protocol=TLSv11",
        good: "[security]\nsec-protocol=TLSv12",
    }
}
