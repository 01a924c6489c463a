use crate::rules::prelude::*;

declare_rule! {
    /// Transport parameters are one `key=value;key=value` string. When a key is written
    /// twice, only one value takes effect: the Java Platform SDK
    /// (ConfigurationUtil.findTransportParameter) returns the first. The guide does not say
    /// which one the native (C++) libraries read; tlskit assumes the first for every
    /// runtime and says so. `tls=0;tls=1` therefore leaves the port in clear text.
    DuplicateTransportParam = "duplicate-transport-param" {
        severity: Warning,
        phase: C,
        summary: "the same key twice in one port's or connection's transport parameters",
        source: "Platform SDK: ConfigurationUtil.findTransportParameter; Genesys transport-parameter syntax",
        bad: "transportParams: tls=0;tls-mutual=1;tls=1",
        good: "transportParams: tls=1;tls-mutual=1",
    }
}
