//! The credentials of servers configured by files of their own: the local agents (LCA,
//! GDA) once their TLS switch is on, and option files that belong to no object. What they
//! report are the secure-port-missing-* rules of the roles family, so this part moves into
//! those rule files with roles.rs; the agents' switch rules are in `rules/components/`.

use super::roles::server_credentials;
use crate::findings::ObjectRef;
use crate::model::{LocalKind, Runtime, parse_bool};
use crate::resolve::{Level, Platform, SECURITY, effective, layer};
use crate::rules::{Cx as Ctx, Out, inferred_os};

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    for l in &ctx.d.local_files {
        let host = l.host.map(|i| &ctx.d.hosts[i]);
        let flag = match l.kind {
            LocalKind::Lca => "upgrade",
            LocalKind::Gda => "tls",
        };
        let Some(local) = l
            .options
            .get(SECURITY, flag)
            .filter(|e| parse_bool(&e.value) == Some(true))
        else {
            continue;
        };
        let object = ObjectRef {
            host: host.map(|h| h.name.clone()),
            application: Some(l.kind.file_name().to_string()),
            ..ObjectRef::default()
        };
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
        let who = match l.kind {
            LocalKind::Lca => "the LCA port (lca.cfg upgrade=1)",
            LocalKind::Gda => "the GDA port (gda.cfg tls=1)",
        };
        server_credentials(&eff, platform, local.value_span, &object, who, &mut found);
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
