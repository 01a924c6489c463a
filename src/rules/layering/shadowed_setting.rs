use crate::rules::prelude::*;

declare_rule! {
    /// Every port and connection that could use this value takes the option from a lower
    /// level, so the value is dead configuration; changing it changes nothing.
    ShadowedSetting = "shadowed-setting" {
        severity: Notice,
        phase: C,
        summary: "a setting at a higher level that no port or connection ever uses",
        source: "Guide: Where to Set TLS Properties (layering)",
        bad: "host annex:  [security] sec-protocol=TLSv12\nevery port:  sec-protocol=TLSv13",
        good: "set sec-protocol at one level only",
    }
}
