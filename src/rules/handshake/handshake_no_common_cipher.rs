use crate::rules::handshake::{both, each_failure, with_settings};
use crate::rules::prelude::*;
use crate::tls::handshake::Prediction;

declare_rule! {
    /// The handshake fails with handshake_failure.
    HandshakeNoCommonCipher = "handshake-no-common-cipher" {
        severity: Error,
        phase: H,
        summary: "client and server share a version but no cipher suite for it",
        source: "Guide: The Handshake",
        bad: "client cipher-list=AES128-SHA, server cipher-list=ECDHE+AESGCM",
        good: "overlapping lists",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (c, target, p) in each_failure(cx) {
        let Prediction::NoCommonCipher { version, reason } = p else {
            continue;
        };
        let f = Finding::new(
            RuleId::HandshakeNoCommonCipher,
            Place::Span(c.conn().server.span),
            format!(
                "{}: both speak {} but share no cipher suite the server's certificate can serve: the handshake fails (handshake_failure){}",
                both(c, target),
                version.name(),
                reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default()
            ),
        )
        .help("compare both cipher lists with `tlskit ciphers`");
        out.emit(with_settings(f, c, target));
    }
}
