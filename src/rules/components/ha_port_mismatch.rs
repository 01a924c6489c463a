use crate::rules::prelude::*;

use super::{app_object, ha_pairs};
use crate::model::App;

declare_rule! {
    /// In a redundant pair the IDs and listening modes (secured or not) of the primary's
    /// and the backup's ports must match one for one.
    HaPortMismatch = "ha-port-mismatch" {
        severity: Error,
        phase: C,
        summary: "primary and backup servers whose ports differ in ID or listening mode",
        source: "Guide: Securing High Availability Connections (Warning)",
        bad: "primary: {id: secure, tls=1}\nbackup:  {id: secure}",
        good: "primary: {id: secure, tls=1}\nbackup:  {id: secure, tls=1}",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for ((_, primary), (_, backup)) in ha_pairs(cx) {
        primary_ports(out, primary, backup);
        backup_only_ports(out, primary, backup);
    }
}

fn mode(secure: bool) -> &'static str {
    if secure { "Secured" } else { "Unsecured" }
}

/// The primary's ports that the backup lacks or listens on in the other mode.
fn primary_ports(out: &mut Out, primary: &App, backup: &App) {
    for p in &primary.ports {
        let object = ObjectRef {
            port: Some(p.id.clone()),
            ..app_object(primary)
        };
        let f = match backup.port(&p.id) {
            None => Finding::new(
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
            .object(object)
            .related(Place::Span(backup.span), "backup defined here")
            .help("create the same port ID with the same listening mode on both servers"),
            Some(bp) if bp.secure() != p.secure() => Finding::new(
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
            .object(object)
            .related(Place::Span(bp.id_span), "backup's port defined here")
            .help("use the same listening mode on both servers"),
            Some(_) => continue,
        };
        out.emit_once(f);
    }
}

/// The backup's ports that the primary lacks.
fn backup_only_ports(out: &mut Out, primary: &App, backup: &App) {
    for bp in backup
        .ports
        .iter()
        .filter(|bp| primary.port(&bp.id).is_none())
    {
        out.emit_once(
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
                ..app_object(backup)
            })
            .help("create the same port ID with the same listening mode on both servers"),
        );
    }
}
