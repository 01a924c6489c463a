//! Handshake prediction: what each client and server port will negotiate, and why a
//! handshake will fail.

pub(super) mod handshake_anonymous_suite;
pub(super) mod handshake_certificate_below_seclevel;
pub(super) mod handshake_client_untrusted;
pub(super) mod handshake_java_rejects_certificate;
pub(super) mod handshake_name_mismatch;
pub(super) mod handshake_no_common_cipher;
pub(super) mod handshake_no_common_protocol;
pub(super) mod handshake_server_untrusted;

use crate::resolve::{ConnView, PortView};
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::tls::handshake::Prediction;

/// Every connection predicted to fail for want of a common protocol or cipher, with its
/// server port and the failure.
pub(super) fn each_failure<'x, 'd>(
    cx: &'x Cx<'_, 'd>,
) -> impl Iterator<Item = (&'x ConnView<'d>, &'x PortView<'d>, &'x Prediction)> + use<'x, 'd> {
    let res = cx.res;
    res.conns
        .iter()
        .zip(&cx.facts.predictions)
        .filter_map(move |(c, p)| {
            let p = p.as_ref()?;
            if matches!(p, Prediction::Succeeds { .. }) || !c.secure(res) {
                return None;
            }
            Some((c, res.target_of(c)?, p))
        })
}

/// Names the connection and its server port, for a finding.
pub(super) fn both(c: &ConnView, target: &PortView) -> String {
    format!(
        "connection {} (server {}:{})",
        c.name(),
        target.app.name,
        target.port().id
    )
}

/// Points a finding at the negotiation settings of both ends.
pub(super) fn with_settings(mut f: Finding, c: &ConnView, target: &PortView) -> Finding {
    const KEYS: [&str; 5] = [
        "sec-protocol",
        "cipher-list",
        "ciphersuites",
        "tls-version",
        "protocol-list",
    ];
    for key in KEYS {
        if let Some(r) = c.eff.get(key) {
            f = f.related(Place::Span(r.taken.span), format!("the client's {key}"));
        }
    }
    for key in KEYS {
        if let Some(r) = target.eff.get(key) {
            f = f.related(Place::Span(r.taken.span), format!("the server's {key}"));
        }
    }
    f.object(c.object())
}
