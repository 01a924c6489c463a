use crate::rules::prelude::*;

use std::collections::HashSet;

use super::{Entry, keyed, recognised};
use crate::facts::Site;
use crate::model::App;
use crate::resolve::Level;

declare_rule! {
    /// Host-name checking is done by the client. On a listening port, or on an application
    /// that has no secure client connection, the option has no effect.
    TargetNameCheckOnServer = "target-name-check-on-server" {
        severity: Warning,
        phase: C,
        summary: "tls-target-name-check or tls-target-name where only server ports use it",
        source: "Guide: Check Certificate Host Matching",
        bad: "port transport parameters: tls=1;tls-target-name-check=host",
        good: "client connection: tls-target-name-check=host",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    // Applications that are the client of a secure connection, where the check belongs.
    let clients: HashSet<*const App> = cx
        .res
        .conns
        .iter()
        .filter(|c| c.secure(cx.res))
        .map(|c| c.client as *const App)
        .collect();
    for site in &cx.facts.sites {
        let names = recognised(site)
            .filter(|e| matches!(e.key, "tls-target-name-check" | "tls-target-name"));
        for e in names {
            let server = match site.level {
                Level::Port => Some("a listening port"),
                Level::Application | Level::Annex => server_app(site, &clients)
                    .then_some("an application with no secure client connection"),
                Level::Host => server_host(cx, site, &clients)
                    .then_some("a host with no secure client connection"),
                _ => None,
            };
            if let Some(where_) = server {
                out.emit(finding(site, &e, where_));
            }
        }
    }
}

/// An application that listens and is the client of no secure connection.
fn server_app(site: &Site, clients: &HashSet<*const App>) -> bool {
    let app = site.app.expect("application sites have an app");
    !app.ports.is_empty() && !clients.contains(&(app as *const App))
}

/// A host where some application listens and none is the client of a secure connection.
fn server_host(cx: &Cx, site: &Site, clients: &HashSet<*const App>) -> bool {
    let host = site.host.expect("host sites have a host");
    let apps: Vec<_> =
        cx.d.apps
            .iter()
            .filter(|a| {
                a.host
                    .as_ref()
                    .is_some_and(|h| cx.d.host_index(&h.name) == cx.d.host_index(&host.name))
            })
            .collect();
    apps.iter().any(|a| !a.ports.is_empty())
        && !apps.iter().any(|a| clients.contains(&(*a as *const App)))
}

fn finding(site: &Site, e: &Entry, where_: &str) -> Finding {
    let f = Finding::new(
        RuleId::TargetNameCheckOnServer,
        Place::Span(e.key_span),
        format!(
            "`{}` on {where_} has no effect: the name check is done by the client",
            e.key
        ),
    )
    .object(site.object())
    .help("set it on the client side, at the same level as the client's certificate settings");
    keyed(f, site, e.key)
}
