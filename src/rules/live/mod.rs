//! The live probe (`lint --probe`): what each secure port's endpoint presents and accepts.

pub(super) mod probe_cert_drift;
pub(super) mod probe_handshake_failed;
pub(super) mod probe_legacy_protocol;
pub(super) mod probe_unreachable;
pub(super) mod probe_weak_cipher_accepted;

use crate::probe::EndpointReport;
use crate::resolve::PortView;
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::id::RuleId;

/// Every probed port with what its endpoint showed, in the order of the ports.
pub(super) fn probed<'a, 'd>(
    cx: &Cx<'a, 'd>,
) -> impl Iterator<Item = (&'a PortView<'d>, &'a EndpointReport)> + use<'a, 'd> {
    let res = cx.res;
    cx.facts
        .probes
        .iter()
        .map(move |(i, r)| (&res.ports[*i], &**r))
}

/// The probed ports that accepted a TCP connection: of the others nothing more is known
/// than probe-unreachable says.
pub(super) fn reached<'a, 'd>(
    cx: &Cx<'a, 'd>,
) -> impl Iterator<Item = (&'a PortView<'d>, &'a EndpointReport)> + use<'a, 'd> {
    probed(cx).filter(|(_, r)| r.reachable)
}

/// A finding about what a port's endpoint does, pointing at the port's tls parameter (or
/// its ID), where what the probe contradicts is configured.
pub(super) fn finding(rule: RuleId, p: &PortView, message: String) -> Finding {
    let port = p.port();
    let span = port.param("tls").map(|t| t.span).unwrap_or(port.id_span);
    Finding::new(rule, Place::Span(span), message).object(p.object())
}
