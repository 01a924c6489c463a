//! Local agents configured by their own files (Guide: Securing Local Control Agent
//! Connections; Configuring TLS on Genesys Deployment Agent), and option files that belong
//! to no object.

use super::roles::server_credentials;
use crate::findings::{Finding, ObjectRef, Place};
use crate::model::{LocalKind, Runtime, parse_bool};
use crate::resolve::{Level, Platform, SECURITY, effective, layer};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out, inferred_os};

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    for l in &ctx.d.local_files {
        let host = l.host.map(|i| &ctx.d.hosts[i]);
        let (flag, annex_key, rule) = match l.kind {
            LocalKind::Lca => ("upgrade", "lca-upgrade", RuleId::LcaUpgradeMismatch),
            LocalKind::Gda => ("tls", "gda-tls", RuleId::GdaTlsMismatch),
        };
        let local = l.options.get(SECURITY, flag);
        let on = local.is_some_and(|e| parse_bool(&e.value) == Some(true));
        let object = ObjectRef {
            host: host.map(|h| h.name.clone()),
            application: Some(l.kind.file_name().to_string()),
            ..ObjectRef::default()
        };
        if let Some(h) = host {
            let annex = h.annex.get(SECURITY, annex_key);
            let annex_on = annex.is_some_and(|e| parse_bool(&e.value) == Some(true));
            if on != annex_on {
                let place = match (local, annex) {
                    (Some(e), _) => Place::Span(e.value_span),
                    (None, Some(e)) => Place::Span(e.value_span),
                    (None, None) => Place::Span(h.span),
                };
                let mut f = Finding::new(
                    rule,
                    place,
                    format!(
                        "{} [security] {flag}={} but host {} has {annex_key}={} in its annex: both must be 1 for TLS to work",
                        l.kind.file_name(),
                        if on { "1" } else { "0 (or unset)" },
                        h.name,
                        if annex_on { "1" } else { "0 (or unset)" }
                    ),
                )
                .object(object.clone())
                .help(format!(
                    "set {flag}=1 in {} and {annex_key}=1 in the [security] section of the host annex (or neither)",
                    l.kind.file_name()
                ));
                if let Some(e) = annex {
                    f = f.related(Place::Span(e.value_span), format!("{annex_key} set here"));
                }
                found.push(f);
            }
        }
        if on {
            let mut w = Vec::new();
            layer(Level::LocalFile, &mut w, &l.options);
            let eff = effective(w);
            let os = host
                .and_then(|h| h.os)
                .unwrap_or_else(|| inferred_os(ctx, &l.options));
            // lca.cfg and gda.cfg are local files: their form tells the OS well enough.
            let platform = Platform {
                os,
                os_known: true,
                runtime: Runtime::Native,
            };
            let span = local.expect("on implies the flag is written").value_span;
            let who = match l.kind {
                LocalKind::Lca => "the LCA port (lca.cfg upgrade=1)",
                LocalKind::Gda => "the GDA port (gda.cfg tls=1)",
            };
            server_credentials(&eff, platform, span, &object, who, &mut found);
        }
    }
    for s in &ctx.d.standalone {
        // A file that sets a certificate is taken as a server's configuration.
        let Some(cert) = s.options.get(SECURITY, "certificate") else {
            continue;
        };
        let mut w = Vec::new();
        layer(Level::File, &mut w, &s.options);
        let eff = effective(w);
        let platform = Platform {
            os: inferred_os(ctx, &s.options),
            os_known: true,
            runtime: Runtime::Native,
        };
        let who = format!("the server configured in {}", ctx.file_name(s.file));
        server_credentials(
            &eff,
            platform,
            cert.key_span,
            &ObjectRef::default(),
            &who,
            &mut found,
        );
    }
    for f in found {
        out.emit_once(f);
    }
}
