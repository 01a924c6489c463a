use std::collections::BTreeMap;

use crate::input::source::Span;
use crate::model::Runtime;
use crate::resolve::{Level, SECURITY};
use crate::rules::prelude::*;
use crate::rules::roles::tls_sides;

declare_rule! {
    /// Java/PSDK needs the key in PKCS#8 and C++ applications in RSA form, so one
    /// host-level key file cannot serve both; use application-level certificates for the
    /// Java ones.
    HostKeyMixedRuntimes = "host-key-mixed-runtimes" {
        severity: Warning,
        phase: C,
        summary: "a host-level key used by both Java and native applications on one host",
        source: "Guide: Configuring Secure Connections to Java/PSDK-Based Applications",
        bad: "host annex: certificate-key=…  used by T-Server and UCS",
        good: "UCS application: [security] certificate=… certificate-key=…_pkcs8.pem",
        check: check,
    }
}

/// Per host: where its host-level key is written, and the Java and the native
/// applications that use it, each named once in the order met.
#[derive(Default)]
struct Users<'d> {
    span: Option<Span>,
    java: Vec<&'d str>,
    native: Vec<&'d str>,
}

/// Hosts whose host-level key serves both runtimes, in the order of the deployment.
fn check(cx: &Cx, out: &mut Out) {
    for (hi, users) in users_by_host(cx) {
        if users.java.is_empty() || users.native.is_empty() {
            continue;
        }
        let host = &cx.d.hosts[hi];
        let plural = |list: &[&str]| if list.len() > 1 { "s" } else { "" };
        out.emit_once(
            Finding::new(
                RuleId::HostKeyMixedRuntimes,
                Place::Span(users.span.expect("set with the lists")),
                format!(
                    "the host-level certificate-key of {} is used by Java application{} {} and native application{} {}: Java needs PKCS#8, native applications RSA",
                    host.name,
                    plural(&users.java),
                    crate::error::listed(&users.java, ", "),
                    plural(&users.native),
                    crate::error::listed(&users.native, ", ")
                ),
            )
            .key(SECURITY, "certificate-key")
            .object(ObjectRef {
                host: Some(host.name.clone()),
                ..ObjectRef::default()
            })
            .help("give the Java applications their own application-level certificate and PKCS#8 key"),
        );
    }
}

/// The users of each host's host-level key, by host index: the secure ports and the
/// connections to secure ports whose effective key is written in the host's annex.
fn users_by_host<'d>(cx: &Cx<'_, 'd>) -> BTreeMap<usize, Users<'d>> {
    let mut by_host: BTreeMap<usize, Users> = BTreeMap::new();
    for side in tls_sides(cx) {
        let (Some(key), Some(host)) = (side.eff.get("certificate-key"), side.host) else {
            continue;
        };
        if key.taken.level != Level::Host {
            continue;
        }
        let Some(hi) = cx.d.host_index(&host.name) else {
            continue;
        };
        let e = by_host.entry(hi).or_default();
        e.span = Some(key.taken.span);
        let list = if side.app.runtime == Runtime::Java {
            &mut e.java
        } else {
            &mut e.native
        };
        if !list.contains(&side.app.name.as_str()) {
            list.push(&side.app.name);
        }
    }
    by_host
}
