//! Redundant pairs (Guide: Securing High Availability Connections): the primary's and the
//! backup's ports must match in ID and listening mode, and their TLS settings must agree.

use crate::findings::{Finding, ObjectRef, Place};
use crate::model::App;
use crate::resolve::{Level, PortView};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};

/// Options whose values must be the same on both servers of a pair. Paths may differ (each
/// host has its own files); these may not.
const MUST_MATCH: &[&str] = &[
    "tls-mutual",
    "sec-protocol",
    "cipher-list",
    "ciphersuites",
    "tls-target-name-check",
];

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    for (pi, primary) in ctx.d.apps.iter().enumerate() {
        let Some(b) = &primary.backup else { continue };
        let Some(bi) = ctx.d.app_index(&b.name) else {
            continue;
        };
        if pi == bi {
            continue;
        }
        pair(ctx, (pi, primary), (bi, &ctx.d.apps[bi]), &mut found);
    }
    for f in found {
        out.emit_once(f);
    }
}

fn obj(app: &App) -> ObjectRef {
    ObjectRef {
        host: app.host.as_ref().map(|h| h.name.clone()),
        application: Some(app.name.clone()),
        ..ObjectRef::default()
    }
}

fn mode(secure: bool) -> &'static str {
    if secure { "Secured" } else { "Unsecured" }
}

/// The resolved port `id` of the application at index `ai`: by index, since every pair
/// asks for every port (a scan of all ports here made HA checks quadratic).
fn view<'r, 'd>(
    ctx: &'r Ctx<'r, 'd>,
    (ai, app): (usize, &App),
    id: &str,
) -> Option<&'r PortView<'d>> {
    let pi = app.ports.iter().position(|p| p.id == id)?;
    ctx.res.port_view((ai, pi))
}

fn pair(
    ctx: &Ctx,
    (pi, primary): (usize, &App),
    (bi, backup): (usize, &App),
    out: &mut Vec<Finding>,
) {
    for p in &primary.ports {
        match backup.port(&p.id) {
            None => out.push(
                Finding::new(
                    RuleId::HaPortMismatch,
                    Place::Span(p.id_span),
                    format!(
                        "primary {} has port `{}` ({}) but its backup {} has no port with that ID",
                        primary.name,
                        p.id,
                        mode(p.secure()),
                        backup.name
                    ),
                )
                .object(ObjectRef {
                    port: Some(p.id.clone()),
                    ..obj(primary)
                })
                .related(Place::Span(backup.span), "backup defined here")
                .help("create the same port ID with the same listening mode on both servers"),
            ),
            Some(bp) if bp.secure() != p.secure() => out.push(
                Finding::new(
                    RuleId::HaPortMismatch,
                    Place::Span(p.id_span),
                    format!(
                        "port `{}` is {} on primary {} but {} on backup {}",
                        p.id,
                        mode(p.secure()),
                        primary.name,
                        mode(bp.secure()),
                        backup.name
                    ),
                )
                .object(ObjectRef {
                    port: Some(p.id.clone()),
                    ..obj(primary)
                })
                .related(Place::Span(bp.id_span), "backup's port defined here")
                .help("use the same listening mode on both servers"),
            ),
            Some(_) => {}
        }
    }
    for bp in &backup.ports {
        if primary.port(&bp.id).is_none() {
            out.push(
                Finding::new(
                    RuleId::HaPortMismatch,
                    Place::Span(bp.id_span),
                    format!(
                        "backup {} has port `{}` ({}) but its primary {} has no port with that ID",
                        backup.name,
                        bp.id,
                        mode(bp.secure()),
                        primary.name
                    ),
                )
                .object(ObjectRef {
                    port: Some(bp.id.clone()),
                    ..obj(backup)
                })
                .help("create the same port ID with the same listening mode on both servers"),
            );
        }
    }
    let other_host = match (&primary.host, &backup.host) {
        (Some(a), Some(b)) => !a.name.eq_ignore_ascii_case(&b.name),
        _ => false,
    };
    for p in &primary.ports {
        let (Some(pv), Some(bv)) = (
            view(ctx, (pi, primary), &p.id),
            view(ctx, (bi, backup), &p.id),
        ) else {
            continue;
        };
        if !pv.port().secure() || !bv.port().secure() {
            continue;
        }
        let mut diffs = Vec::new();
        for key in MUST_MATCH {
            let a = pv.eff.value(key).unwrap_or("");
            let b = bv.eff.value(key).unwrap_or("");
            let same = if *key == "tls-mutual" {
                pv.eff.flag(key) == bv.eff.flag(key)
            } else if *key == "tls-target-name-check" {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            };
            if !same {
                diffs.push(format!(
                    "{key} `{}` vs `{}`",
                    if a.is_empty() { "(unset)" } else { a },
                    if b.is_empty() { "(unset)" } else { b }
                ));
            }
        }
        if pv.eff.crl().is_some() != bv.eff.crl().is_some() {
            diffs.push("a CRL on one server only".to_string());
        }
        if !diffs.is_empty() {
            out.push(
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
                    ..obj(primary)
                })
                .related(Place::Span(bv.port().id_span), "backup's port")
                .help("configure both servers of the pair identically"),
            );
        }
        if other_host
            && let (Some(a), Some(b)) = (pv.eff.get("certificate"), bv.eff.get("certificate"))
            && a.taken.value == b.taken.value
            && b.taken.level != Level::Host
        {
            out.push(
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
                .key(crate::resolve::SECURITY, "certificate")
                .object(ObjectRef { port: Some(p.id.clone()), ..obj(backup) })
                .related(Place::Span(a.taken.span), "primary's certificate")
                .help("give the backup its own host's certificate (or set the certificates at host level)"),
            );
        }
    }
}
