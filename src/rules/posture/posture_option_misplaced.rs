use super::{INACTIVITY_TIMEOUT_TYPES, SAR, app_object, is_cs_or_proxy, tenant_object};
use crate::input::options::OptEntry;
use crate::rules::prelude::*;

declare_rule! {
    /// Each posture option is read from one place, and nowhere else: written elsewhere it
    /// is silently ignored. `last-login` and `last-login-synchronization` belong in
    /// `[confserv]` of Configuration Server and `[csproxy]` of a Proxy, not `[security]`;
    /// the password and account policy (`[security-authentication-rules]`) in the Tenant
    /// annex, not in an application or in `[confserv]`; the user exemptions
    /// (`account-override-lockout`, `override-password-expiration`,
    /// `override-account-expiration`) in a Person's annex; `no-default-access` on
    /// Configuration Server; `inactivity-timeout` on GUI applications, not servers.
    PostureOptionMisplaced = "posture-option-misplaced" {
        severity: Warning,
        phase: S,
        summary: "a posture option written where Genesys does not read it",
        source: "Guide: Last Logged In; Passwords in a Multi-Tenant Configuration; No Default Access for New Users; Inactivity Timeout",
        bad: "# Configuration Server options\n[security]\nlast-login=true",
        good: "# Configuration Server options\n[confserv]\nlast-login=true",
        check: check,
    }
}

/// Servers that have no GUI session to time out.
const SERVERS: &[&str] = &[
    "configserver",
    "configserverproxy",
    "scs",
    "messageserver",
    "dbserver",
    "tserver",
    "statserver",
    "routerserver",
    "contactserver",
    "orchestrationserver",
];

const PERSON_OPTIONS: &[&str] = &[
    "account-override-lockout",
    "override-password-expiration",
    "override-account-expiration",
];

fn emit(out: &mut Out, e: &OptEntry, sec: &str, object: ObjectRef, what: &str, place: &str) {
    out.emit(
        Finding::new(
            RuleId::PostureOptionMisplaced,
            Place::Span(e.key_span),
            format!(
                "{} in [{sec}] of {what} is not read there, so it has no effect; Genesys reads it from {place}",
                e.key
            ),
        )
        .object(object)
        .key(sec, &e.key)
        .help(format!("move it to {place}")),
    );
}

fn check(cx: &Cx, out: &mut Out) {
    for app in &cx.d.apps {
        let what = format!("application {}", app.name);
        let obj = || app_object(cx.d, app);
        for e in app.options.entries("security") {
            match e.key.as_str() {
                "last-login" | "last-login-synchronization" => emit(
                    out,
                    e,
                    "security",
                    obj(),
                    &what,
                    "[confserv] of the Configuration Server application ([csproxy] of a Configuration Server Proxy)",
                ),
                "no-default-access" if !is_cs_or_proxy(app) => emit(
                    out,
                    e,
                    "security",
                    obj(),
                    &what,
                    "[security] of the Configuration Server application",
                ),
                "inactivity-timeout"
                    if SERVERS.contains(&app.kind.as_str())
                        && !INACTIVITY_TIMEOUT_TYPES.contains(&app.kind.as_str()) =>
                {
                    emit(
                        out,
                        e,
                        "security",
                        obj(),
                        &format!("server {}", app.name),
                        "[security] of each GUI application (servers have no session to time out)",
                    )
                }
                _ => {}
            }
        }
        for (map, which) in [(&app.options, "options"), (&app.annex, "annex")] {
            for e in map.entries(SAR) {
                emit(
                    out,
                    e,
                    SAR,
                    obj(),
                    &format!("the {which} of {what}"),
                    "the annex of a Tenant (user exemptions: the annex of a Person)",
                );
            }
        }
        if is_cs_or_proxy(app) {
            let sec = super::server_section(app);
            for e in app.options.entries(sec) {
                let k = e.key.as_str();
                let tenant_level = (k.starts_with("password-") && k != "password-change")
                    || k.starts_with("account-lockout-")
                    || k == "account-expiration"
                    || k == "max-account-sessions";
                if tenant_level {
                    emit(
                        out,
                        e,
                        sec,
                        obj(),
                        &what,
                        &format!("[{SAR}] of the Tenant annex"),
                    );
                }
            }
        }
    }
    for t in &cx.d.tenants {
        for e in t
            .annex
            .entries(SAR)
            .filter(|e| PERSON_OPTIONS.contains(&e.key.as_str()))
        {
            emit(
                out,
                e,
                SAR,
                tenant_object(t),
                &format!("tenant {}'s annex", t.name),
                &format!("[{SAR}] of each exempted Person's annex"),
            );
        }
    }
}
