use crate::rules::handshake::{both, with_settings};
use crate::rules::prelude::*;
use crate::tls::handshake::Prediction;

declare_rule! {
    /// The connection is predicted to negotiate an anonymous suite (`ADH-…`, `AECDH-…`):
    /// OpenSSL offers and accepts them only when both ends run at `@SECLEVEL=0` and both
    /// cipher lists keep them, and then the server sends no certificate. The traffic is
    /// encrypted but nobody is authenticated: whoever sits between the two can pose as the
    /// server. This is the guide's "Encryption Only" mode, which Genesys recommends only
    /// for debugging.
    ///
    /// Bad: both ends `cipher-list = ADH-AES256-GCM-SHA384:@SECLEVEL=0`.
    /// Fixed: `cipher-list = HIGH:!aNULL` (or drop `@SECLEVEL=0`) on either end, with
    /// certificates. Guide: Modes of Operation.
    HandshakeAnonymousSuite = "handshake-anonymous-suite" {
        severity: Error,
        phase: H,
        summary: "the connection negotiates an anonymous (unauthenticated) suite: the guide's Encryption Only mode",
        source: "Guide: Modes of Operation",
        bad: "both ends cipher-list=ADH-AES256-GCM-SHA384:@SECLEVEL=0",
        good: "cipher-list=HIGH:!aNULL on either end",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let res = cx.res;
    for (c, p) in res.conns.iter().zip(&cx.facts.predictions) {
        let Some(Prediction::Succeeds { version, suite }) = p else {
            continue;
        };
        let anonymous = crate::tls::by_openssl(suite).is_some_and(|s| s.au == "None");
        if !anonymous || !c.secure {
            continue;
        }
        let Some(target) = res.target_of(c) else {
            continue;
        };
        let f = Finding::new(
            RuleId::HandshakeAnonymousSuite,
            Place::Span(c.conn().server.span),
            format!(
                "{}: both ends run at security level 0 and keep anonymous suites, so they negotiate {} {suite}: the server sends no certificate and nobody is authenticated (the guide's Encryption Only mode, for debugging only)",
                both(c, target),
                version.name()
            ),
        )
        .help("remove anonymous suites (append :!aNULL) or @SECLEVEL=0 on either end");
        out.emit(with_settings(f, c, target));
    }
}
