use crate::rules::prelude::*;

declare_rule! {
    /// A disabled application, or any application of a disabled host, does not run: tlskit
    /// does not lint it, and a connection to it does not work until it is enabled. When it
    /// is enabled, its TLS settings will matter again: lint it then.
    ConnectionToDisabledServer = "connection-to-disabled-server" {
        severity: Notice,
        phase: C,
        summary: "a connection to a server that is disabled (or runs on a disabled host)",
        source: "Genesys: disabled objects are not started",
        bad: "applications: [{\"name\": \"StatServer\", \"state\": \"disabled\"}]\nconnection UCS -> StatServer:secure",
        good: "applications: [{\"name\": \"StatServer\", \"state\": \"enabled\"}]",
        check: check,
    }
}

/// Connections whose server does not run.
fn check(cx: &Cx, out: &mut Out) {
    for app in &cx.d.apps {
        for c in &app.conns {
            if cx.d.app(&c.server.name).is_some() {
                continue;
            }
            let Some(off) = cx.d.disabled_app(&c.server.name) else {
                continue;
            };
            out.emit(
                Finding::new(
                    RuleId::ConnectionToDisabledServer,
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
