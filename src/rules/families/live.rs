//! L: live probe. What each secure port's endpoint really presents and accepts, against
//! what the configuration says (Guide: "The Handshake", "Tuning Protocol Version
//! Availability", "Troubleshooting Genesys TLS"). Runs only with `lint --probe`.

use std::sync::Arc;

use super::certs::server_leaf;
use crate::findings::{Finding, Place};
use crate::input::source::Span;
use crate::probe::{Endpoint, Report};
use crate::resolve::PortView;
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};

/// The endpoint a secure port listens on: the host's name when it is a DNS name, else
/// its IP address.
pub use crate::facts::endpoint_of;

fn span_of(p: &PortView) -> Span {
    p.port()
        .param("tls")
        .map(|t| t.span)
        .unwrap_or(p.port().id_span)
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    for (i, report) in &ctx.facts.probes {
        let p = &ctx.res.ports[*i];
        let findings = judge(ctx, p, report);
        for f in findings {
            out.emit(f);
        }
    }
}

fn judge(ctx: &Ctx, p: &PortView, r: &Arc<Report>) -> Vec<Finding> {
    let span = span_of(p);
    let at = |rule, msg: String| Finding::new(rule, Place::Span(span), msg).object(p.object());
    let e = &r.endpoint;
    let mut out = Vec::new();
    if !r.reachable {
        out.push(at(
            RuleId::ProbeUnreachable,
            format!(
                "{e} is unreachable: {}",
                r.unreachable.as_deref().unwrap_or("no TCP connection")
            ),
        ));
        return out;
    }
    // A mutual port refusing a probe that has no client certificate is doing its job.
    let refused_as_configured = r.failed_for_client_cert() && p.mutual();
    if !(r.handshake_ok() || refused_as_configured) {
        let why: Vec<String> = r
            .attempts
            .iter()
            .map(|a| format!("{}: {}", a.version, a.error.as_deref().unwrap_or("failed")))
            .collect();
        out.push(at(
            RuleId::ProbeHandshakeFailed,
            format!("no TLS handshake with {e} succeeds ({})", why.join("; ")),
        ));
    }
    if let (Some(presented), Some(configured)) = (r.chain.first(), server_leaf(ctx, p))
        && presented.der != configured.der
    {
        let configured_at = p
            .eff
            .value("certificate")
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        out.push(at(
            RuleId::ProbeCertDrift,
            format!(
                "{e} presents {} (SHA-1 {}), not the configured certificate{configured_at} {} (SHA-1 {})",
                presented.short_name(),
                presented.thumbprint(),
                configured.short_name(),
                configured.thumbprint()
            ),
        ));
    }
    let legacy = r.legacy.accepted();
    if !legacy.is_empty() {
        out.push(at(
            RuleId::ProbeLegacyProtocol,
            format!("{e} accepts {}", legacy.join(", ")),
        ));
    }
    let weak: Vec<String> = r
        .weak_accepted()
        .map(|a| match &a.why {
            Some(w) => format!("{} at {} ({w})", a.suite, a.version),
            None => format!("{} at {}", a.suite, a.version),
        })
        .collect();
    if !weak.is_empty() {
        out.push(at(
            RuleId::ProbeWeakCipherAccepted,
            format!("{e} negotiates weak suites: {}", weak.join(", ")),
        ));
    }
    out
}
