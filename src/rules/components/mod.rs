//! Component-specific rules of the guide: Message Server and its log clients, redundant
//! (HA) pairs, the local agents LCA and GDA.

pub(super) mod gda_tls_mismatch;
pub(super) mod ha_config_mismatch;
pub(super) mod ha_port_level_certificate;
pub(super) mod ha_port_mismatch;
pub(super) mod lca_upgrade_mismatch;
pub(super) mod log_client_tls_flag;
pub(super) mod message_server_secondary_port_tls;

use crate::model::ObjectRef;
use crate::model::{App, LocalKind, parse_bool};
use crate::resolve::SECURITY;
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::id::RuleId;
use crate::rules::out::Out;

/// Every redundant pair, by application index (the HA rules look its ports up by index):
/// each primary with the backup it names. A backup that names itself is no pair.
pub(super) fn ha_pairs<'d>(
    cx: &Cx<'_, 'd>,
) -> impl Iterator<Item = ((usize, &'d App), (usize, &'d App))> + use<'d> {
    let d = cx.d;
    d.apps.iter().enumerate().filter_map(move |(pi, primary)| {
        let bi = d.app_index(&primary.backup.as_ref()?.name)?;
        (pi != bi).then(|| ((pi, primary), (bi, &d.apps[bi])))
    })
}

/// An application named for a finding, with its host.
pub(super) fn app_object(app: &App) -> ObjectRef {
    ObjectRef {
        host: app.host.as_ref().map(|h| h.name.clone()),
        application: Some(app.name.clone()),
        ..ObjectRef::default()
    }
}

/// The two switches a local agent's TLS needs, its own file's `flag` and the host annex's
/// `annex_key`: lca-upgrade-mismatch and gda-tls-mismatch differ only in their names.
pub(super) fn local_agent_mismatch(
    cx: &Cx,
    out: &mut Out,
    (kind, flag, annex_key, rule): (LocalKind, &str, &str, RuleId),
) {
    for l in cx.d.local_files.iter().filter(|l| l.kind == kind) {
        let Some(h) = l.host.map(|i| &cx.d.hosts[i]) else {
            continue;
        };
        let local = l.options.get(SECURITY, flag);
        let annex = h.annex.get(SECURITY, annex_key);
        let on = local.is_some_and(|e| parse_bool(&e.value) == Some(true));
        let annex_on = annex.is_some_and(|e| parse_bool(&e.value) == Some(true));
        if on == annex_on {
            continue;
        }
        let place = match (local, annex) {
            (Some(e), _) | (None, Some(e)) => Place::Span(e.value_span),
            (None, None) => Place::Span(h.span),
        };
        let mut f = Finding::new(
            rule,
            place,
            format!(
                "{} [security] {flag}={} but host {} has {annex_key}={} in its annex: both must be 1 for TLS to work",
                kind.file_name(),
                if on { "1" } else { "0 (or unset)" },
                h.name,
                if annex_on { "1" } else { "0 (or unset)" }
            ),
        )
        .object(ObjectRef {
            host: Some(h.name.clone()),
            application: Some(kind.file_name().to_string()),
            ..ObjectRef::default()
        })
        .help(format!(
            "set {flag}=1 in {} and {annex_key}=1 in the [security] section of the host annex (or neither)",
            kind.file_name()
        ));
        if let Some(e) = annex {
            f = f.related(Place::Span(e.value_span), format!("{annex_key} set here"));
        }
        out.emit_once(f);
    }
}
