use crate::rules::prelude::*;

use crate::facts::SiteValues;

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
        check: check,
    }
}

/// Keys written twice in one transport-parameter string: the first is the one read.
fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        let SiteValues::Params(params) = site.written else {
            continue;
        };
        for (i, p) in params.iter().enumerate() {
            let Some(first) = params[..i].iter().find(|q| q.key == p.key) else {
                continue;
            };
            let same = if first.value == p.value {
                " (the same value)"
            } else {
                ""
            };
            out.emit(
                Finding::new(
                    RuleId::DuplicateTransportParam,
                    Place::Span(p.span),
                    format!(
                        "transport parameter `{}` is written twice, `{}={}` and `{}={}`{same}: the first, `{}={}`, takes effect — the Java Platform SDK reads the first (ConfigurationUtil.findTransportParameter); the guide does not say which one the native libraries read, and tlskit assumes the first for them too",
                        p.key, first.key, first.value, p.key, p.value, first.key, first.value
                    ),
                )
                .object(site.object())
                .related(Place::Span(first.span), "first written here: this value is used")
                .help(format!("keep one `{}=` in the transport parameters", p.key)),
            );
        }
    }
}
