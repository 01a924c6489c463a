use crate::rules::prelude::*;

use super::{app_object, ha_pairs};
use crate::model::App;
use crate::resolve::{Effective, Level, PortView, SECURITY};

declare_rule! {
    /// Configuration of both instances of an HA pair must be identical (protocol, ciphers,
    /// mutual TLS, name checks). A backup on another host needs its own host's certificate:
    /// parameters copied from the primary name the primary's certificate.
    HaConfigMismatch = "ha-config-mismatch" {
        severity: Warning,
        phase: C,
        summary: "a redundant pair whose TLS settings differ, or a backup reusing the primary host's certificate",
        source: "Guide: Securing High Availability Connections",
        bad: "primary: sec-protocol=TLSv13\nbackup:  sec-protocol=TLSv12",
        good: "primary and backup: sec-protocol=TLSv12",
        check: check,
    }
}

/// Options whose values must be the same on both servers of a pair. Paths may differ (each
/// host has its own files); these may not.
const MUST_MATCH: &[&str] = &[
    "tls-mutual",
    "sec-protocol",
    "cipher-list",
    "ciphersuites",
    "tls-target-name-check",
];

/// The secure ports both servers of a pair have, compared setting by setting.
fn check(cx: &Cx, out: &mut Out) {
    for (primary, backup) in ha_pairs(cx) {
        let other_host = match (&primary.1.host, &backup.1.host) {
            (Some(a), Some(b)) => !a.name.eq_ignore_ascii_case(&b.name),
            _ => false,
        };
        for p in &primary.1.ports {
            let (Some(pv), Some(bv)) = (view(cx, primary, &p.id), view(cx, backup, &p.id)) else {
                continue;
            };
            if !pv.port().secure() || !bv.port().secure() {
                continue;
            }
            let (primary, backup) = (primary.1, backup.1);
            let diffs = differences(&pv.eff, &bv.eff);
            if !diffs.is_empty() {
                out.emit_once_with(RuleId::HaConfigMismatch, p.id_span, || {
                    Finding::new(
                        RuleId::HaConfigMismatch,
                        Place::Span(p.id_span),
                        format!(
                            "port `{}` of the HA pair {} / {} differs: {}",
                            p.id,
                            primary.name,
                            backup.name,
                            crate::error::listed(&diffs, "; ")
                        ),
                    )
                    .object(ObjectRef {
                        port: Some(p.id.clone()),
                        ..app_object(primary)
                    })
                    .related(Place::Span(bv.port().id_span), "backup's port")
                    .help("configure both servers of the pair identically")
                });
            }
            if other_host && let Some(f) = copied_certificate(primary, backup, pv, bv) {
                out.emit_once(f);
            }
        }
    }
}

/// The resolved port `id` of the application at index `ai`: by index, since every pair
/// asks for every port (a scan of all ports here made HA checks quadratic).
fn view<'r, 'd>(cx: &Cx<'r, 'd>, (ai, app): (usize, &App), id: &str) -> Option<&'r PortView<'d>> {
    let pi = app.ports.iter().position(|p| p.id == id)?;
    cx.res.port_view((ai, pi))
}

/// The settings of MUST_MATCH that differ, and a CRL set on one side only.
fn differences(a: &Effective, b: &Effective) -> Vec<String> {
    let mut diffs = Vec::new();
    for key in MUST_MATCH {
        let x = a.value(key).unwrap_or("");
        let y = b.value(key).unwrap_or("");
        let same = match *key {
            "tls-mutual" => a.flag(key) == b.flag(key),
            "tls-target-name-check" => x.eq_ignore_ascii_case(y),
            _ => x == y,
        };
        if !same {
            diffs.push(format!(
                "{key} `{}` vs `{}`",
                if x.is_empty() { "(unset)" } else { x },
                if y.is_empty() { "(unset)" } else { y }
            ));
        }
    }
    if a.crl().is_some() != b.crl().is_some() {
        diffs.push("a CRL on one server only".to_string());
    }
    diffs
}

/// A backup on another host that names the primary's certificate: settings copied from
/// the primary. Host-level certificates are each host's own, whatever their path.
fn copied_certificate(
    primary: &App,
    backup: &App,
    pv: &PortView,
    bv: &PortView,
) -> Option<Finding> {
    let a = pv.eff.get("certificate")?;
    let b = bv.eff.get("certificate")?;
    if a.taken.value != b.taken.value || b.taken.level == Level::Host {
        return None;
    }
    Some(
        Finding::new(
            RuleId::HaConfigMismatch,
            Place::Span(b.taken.span),
            format!(
                "backup {} on host {} uses the same certificate `{}` as primary {} on host {}: settings copied from the primary name the primary host's certificate",
                backup.name,
                backup.host.as_ref().map_or("?", |h| h.name.as_str()),
                b.taken.value,
                primary.name,
                primary.host.as_ref().map_or("?", |h| h.name.as_str())
            ),
        )
        .key(SECURITY, "certificate")
        .object(ObjectRef {
            port: Some(pv.port().id.clone()),
            ..app_object(backup)
        })
        .related(Place::Span(a.taken.span), "primary's certificate")
        .help("give the backup its own host's certificate (or set the certificates at host level)"),
    )
}
