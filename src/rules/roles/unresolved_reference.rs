use crate::model::{App, Conn};
use crate::rules::prelude::*;

declare_rule! {
    /// A connection is secure only when it targets a secure port of a server. When the
    /// target application or port ID is not in the export, nothing can be checked for it
    /// and Genesys will use the server's default port or fail to connect.
    UnresolvedReference = "unresolved-reference" {
        severity: Warning,
        phase: C,
        summary: "a connection or server reference names an application, host or port ID the deployment does not define",
        source: "Guide: Client Connections",
        bad: "appServers: [{appServer: MessageServer, id: secure}]   # no port `secure`",
        good: "appServers: [{appServer: MessageServer, id: default}]",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in &cx.d.apps {
        owner_references(cx, app, out);
        for c in &app.conns {
            connection_reference(cx, app, c, out);
        }
    }
}

/// The application's host and its backup server.
fn owner_references(cx: &Cx, app: &App, out: &mut Out) {
    let d = cx.d;
    if let Some(h) = &app.host
        && d.host_index(&h.name).is_none()
    {
        out.emit_once(
            Finding::new(
                RuleId::UnresolvedReference,
                Place::Span(h.span),
                format!(
                    "application {} runs on host `{}`, which the deployment does not define: host-level settings cannot be resolved",
                    app.name, h.name
                ),
            )
            .object(app_object(app)),
        );
    }
    if let Some(b) = &app.backup
        && d.app_index(&b.name).is_none()
        && d.disabled_app(&b.name).is_none()
    {
        out.emit_once(
            Finding::new(
                RuleId::UnresolvedReference,
                Place::Span(b.span),
                format!(
                    "the backup server `{}` of {} is not in the deployment",
                    b.name, app.name
                ),
            )
            .object(app_object(app)),
        );
    }
}

/// A connection's server and port ID. A disabled server is connection-to-disabled-server's.
fn connection_reference(cx: &Cx, app: &App, c: &Conn, out: &mut Out) {
    let d = cx.d;
    let message = match d.app(&c.server.name) {
        None if d.disabled_app(&c.server.name).is_some() => return,
        None => format!(
            "{} connects to `{}`, which the deployment does not define",
            app.name, c.server.name
        ),
        Some(server) if server.port(&c.port_id).is_none() => {
            let ids: Vec<&str> = server.ports.iter().map(|p| p.id.as_str()).collect();
            format!(
                "{} connects to port ID `{}` of {}, which has no such port (ports: {})",
                app.name,
                c.port_id,
                server.name,
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    crate::error::listed(&ids, ", ")
                }
            )
        }
        Some(_) => return,
    };
    out.emit_once(
        Finding::new(
            RuleId::UnresolvedReference,
            Place::Span(c.server.span),
            message,
        )
        .object(ObjectRef {
            connection: Some(format!("{} -> {}:{}", app.name, c.server.name, c.port_id)),
            ..app_object(app)
        }),
    );
}

fn app_object(app: &App) -> ObjectRef {
    ObjectRef {
        application: Some(app.name.clone()),
        ..ObjectRef::default()
    }
}
