use crate::rules::prelude::*;

declare_rule! {
    /// Genesys splits transport parameters on `;` and `=` without trimming, so `tls = 1`
    /// defines the parameter `tls ` and the port stays in clear text.
    TransportParamWhitespace = "transport-param-whitespace" {
        severity: Error,
        phase: C,
        summary: "a space before or after `;` or `=` in transport parameters",
        source: "Guide: Troubleshooting Genesys TLS (DB Server item); Genesys transport-parameter syntax",
        bad: "transportParams: tls = 1; tls-mutual=1",
        good: "transportParams: tls=1;tls-mutual=1",
    }
}
