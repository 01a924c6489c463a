use crate::rules::prelude::*;

use crate::facts::SiteValues;

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
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        let SiteValues::Params(params) = site.written else {
            continue;
        };
        for p in params.iter().filter(|p| p.has_whitespace()) {
            let key = p.key.trim();
            out.emit(
                Finding::new(
                    RuleId::TransportParamWhitespace,
                    Place::Span(p.span),
                    format!(
                        "transport parameter `{}={}` has white space around `=` or `;`: Genesys does not trim it, so `{key}` is not recognised{}",
                        p.key,
                        p.value,
                        if key == "tls" { " and the port stays in clear text" } else { "" }
                    ),
                )
                .object(site.object())
                .help(format!("write `{key}={}`", p.value.trim())),
            );
        }
    }
}
