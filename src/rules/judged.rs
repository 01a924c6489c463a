//! What could not be judged for lack of information, said as notices, so that a run that
//! skipped checks never ends in a clean summary: applications without a known type, hosts
//! without a known OS, thumbprints without a windows-store, connections to servers that
//! are disabled.

use std::collections::BTreeMap;

use super::Ctx;
use crate::facts::valid_thumbprint;
use crate::findings::{Finding, ObjectRef, Place};
use crate::input::source::Span;
use crate::model::{App, TypeOrigin};
use crate::resolve::SECURITY;

pub fn check(ctx: &mut Ctx) {
    let mut found = Vec::new();
    for app in &ctx.d.apps {
        if let Some(f) = app_type(ctx, app) {
            found.push(f);
        }
    }
    host_os(ctx, &mut found);
    thumbprints(ctx, &mut found);
    disabled_targets(ctx, &mut found);
    for f in found {
        ctx.emit(f);
    }
}

/// Whether tlskit.toml names the application's runtime, so that only the component checks
/// are lost with its type.
fn runtime_named(ctx: &Ctx, app: &App) -> bool {
    let r = &ctx.settings.runtimes;
    [
        &r.native_applications,
        &r.java_applications,
        &r.dotnet_applications,
    ]
    .iter()
    .any(|list| list.iter().any(|n| n.eq_ignore_ascii_case(&app.name)))
}

fn app_type(ctx: &Ctx, app: &App) -> Option<Finding> {
    if app.type_known() {
        return None;
    }
    let why = match &app.type_origin {
        TypeOrigin::Unknown(why) => {
            format!("the type of application {} is unknown: {why}", app.name)
        }
        TypeOrigin::Prototype(p) => format!(
            "application {} has the type `{}` (from its application template {p}), which tlskit does not know",
            app.name, app.kind
        ),
        TypeOrigin::Field => format!(
            "application {} has the type `{}`, which tlskit does not know",
            app.name, app.kind
        ),
    };
    let skipped = if runtime_named(ctx, app) {
        "skipped: the component checks (Message Server, Configuration Server, centralized-log client, GUI certificate profile); its runtime comes from tlskit.toml"
    } else {
        "skipped: the component checks (Message Server, Configuration Server, centralized-log client, GUI certificate profile) and the runtime checks (Java key format and CRL option name, Java and native keys on one host); it is judged as a native Security Pack application"
    };
    Some(
        Finding::new(
            "application-type-unknown",
            Place::Span(app.span),
            format!("{why}; {skipped}"),
        )
        .object(ObjectRef {
            host: app.host.as_ref().map(|h| h.name.clone()),
            application: Some(app.name.clone()),
            ..ObjectRef::default()
        })
        .help(format!(
            "export the application templates too (`mutagen config export --format JSON` writes them as `appPrototypes`), or name its runtime in tlskit.toml: [runtime] java-applications = [\"{}\"]",
            app.name
        )),
    )
}

/// Hosts whose OS no export names and `--platform` does not give.
fn host_os(ctx: &Ctx, out: &mut Vec<Finding>) {
    if ctx.platform.is_some() {
        return;
    }
    for h in ctx.d.hosts.iter().filter(|h| h.os.is_none()) {
        let written = match &h.os_raw {
            Some(raw) if !raw.is_empty() => {
                format!("osInfo.type `{raw}` names no OS tlskit can place")
            }
            _ => "the export gives no osInfo.type".to_string(),
        };
        out.push(
            Finding::new(
                "host-os-unknown",
                Place::Span(h.span),
                format!(
                    "the operating system of host {} is unknown ({written}); skipped for its applications: secure-port-missing-key, secure-port-missing-trusted-ca, client-missing-trusted-ca and the key half of mutual-client-missing-certificate (UNIX only), windows-certificate-not-thumbprint and windows-key-ignored (Windows only), key-file-permissions; certificate files are checked where a path is configured, and handshakes are predicted as OpenSSL would make them",
                    h.name
                ),
            )
            .object(ObjectRef {
                host: Some(h.name.clone()),
                ..ObjectRef::default()
            })
            .help("set the host's OS type in the configuration (e.g. `redhatlinux`, `windows`), or give `--platform unix|windows`"),
        );
    }
}

/// Thumbprints that name certificates in a Windows store no folder stands for.
fn thumbprints(ctx: &Ctx, out: &mut Vec<Finding>) {
    if ctx.settings.windows_store.is_some() {
        return;
    }
    // Per host: one notice with a count, pointing at the first place.
    let mut by_host: BTreeMap<String, (Span, usize, String)> = BTreeMap::new();
    for p in &ctx.res.ports {
        if !p.port().secure() || !ctx.platform(p.app, p.host).uses_windows_store() {
            continue;
        }
        let Some(r) = p.eff.get("certificate") else {
            continue;
        };
        if !valid_thumbprint(r.taken.value) {
            continue;
        }
        let host = p.host.map_or_else(String::new, |h| h.name.clone());
        let who = format!("port {}:{}", p.app.name, p.port().id);
        let e = by_host.entry(host).or_insert((r.taken.span, 0, who));
        e.1 += 1;
    }
    for (host, (span, count, first)) in by_host {
        let what = if count == 1 {
            format!("the certificate thumbprint of {first}")
        } else {
            format!("{count} certificate thumbprints (the first on {first})")
        };
        let on = if host.is_empty() {
            String::new()
        } else {
            format!(" on host {host}")
        };
        out.push(
            Finding::new(
                "thumbprint-not-checked",
                Place::Span(span),
                format!(
                    "{what}{on} could not be checked: no windows-store is configured, so the expiry, key, EKU, names and chain of {} were not judged",
                    if count == 1 { "that certificate" } else { "those certificates" }
                ),
            )
            .key(SECURITY, "certificate")
            .object(ObjectRef {
                host: (!host.is_empty()).then_some(host),
                ..ObjectRef::default()
            })
            .help("export the host's certificates into a folder and set `windows-store = \"FOLDER\"` in tlskit.toml"),
        );
    }
}

/// Connections whose server does not run.
fn disabled_targets(ctx: &Ctx, out: &mut Vec<Finding>) {
    for app in &ctx.d.apps {
        for c in &app.conns {
            if ctx.d.app(&c.server.name).is_some() {
                continue;
            }
            let Some(off) = ctx.d.disabled_app(&c.server.name) else {
                continue;
            };
            out.push(
                Finding::new(
                    "connection-to-disabled-server",
                    Place::Span(c.server.span),
                    format!(
                        "{} connects to {}, which is disabled ({}): the connection does not work, and its TLS was not judged",
                        app.name, off.name, off.why
                    ),
                )
                .object(ObjectRef {
                    host: app.host.as_ref().map(|h| h.name.clone()),
                    application: Some(app.name.clone()),
                    connection: Some(format!("{} -> {}:{}", app.name, c.server.name, c.port_id)),
                    ..ObjectRef::default()
                })
                .related(Place::Span(off.span), "disabled here")
                .help("enable the server before relying on this connection, or remove the connection"),
            );
        }
    }
}
