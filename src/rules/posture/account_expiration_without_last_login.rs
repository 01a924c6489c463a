use super::{SAR, cs_option, inherited, is_cs_or_proxy, is_true, server_section, tenant_object};
use crate::rules::prelude::*;

declare_rule! {
    /// `account-expiration` (Tenant annex, days) disables accounts unused for that long.
    /// The count starts at the last recorded login: without the Last Login feature on the
    /// master Configuration Server and every Configuration Server Proxy (`last-login=true`
    /// and `last-login-synchronization=true`), "account expiration does not apply", and the
    /// tenant's policy is silently inert.
    AccountExpirationWithoutLastLogin = "account-expiration-without-last-login" {
        severity: Warning,
        phase: S,
        summary: "a tenant sets account-expiration while a Configuration Server lacks last-login/last-login-synchronization",
        source: "Guide: Account Expiry after Inactivity; Last Logged In",
        bad: "# Tenant annex\n[security-authentication-rules]\naccount-expiration=90\n# Configuration Server\n[confserv]\n(no last-login)",
        good: "# Tenant annex\n[security-authentication-rules]\naccount-expiration=90\n# Configuration Server (and every Proxy: [csproxy])\n[confserv]\nlast-login=true\nlast-login-synchronization=true",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let lacking: Vec<_> =
        cx.d.apps
            .iter()
            .filter(|a| is_cs_or_proxy(a))
            .filter(|a| {
                !is_true(cs_option(a, "last-login"))
                    || !is_true(cs_option(a, "last-login-synchronization"))
            })
            .collect();
    if lacking.is_empty() {
        return;
    }
    for t in &cx.d.tenants {
        let Some(i) = inherited(cx.d, t, "account-expiration") else {
            continue;
        };
        if i.number().unwrap_or(0) <= 0 {
            continue;
        }
        let names: Vec<String> = lacking
            .iter()
            .map(|a| format!("{} ([{}])", a.name, server_section(a)))
            .collect();
        let mut f = Finding::new(
            RuleId::AccountExpirationWithoutLastLogin,
            Place::Span(i.entry.value_span),
            format!(
                "tenant {} expires idle accounts ({}) but {} lack last-login=true and last-login-synchronization=true: the last login is not recorded, so accounts never expire",
                t.name,
                i.place(t),
                names.join(", ")
            ),
        )
        .object(tenant_object(t))
        .key(SAR, "account-expiration")
        .help("set last-login=true and last-login-synchronization=true in [confserv] of the master Configuration Server and in [csproxy] of every Configuration Server Proxy");
        for a in &lacking {
            f = f.related(
                Place::Span(a.span),
                format!("{} records no last login", a.name),
            );
        }
        out.emit(f);
    }
}
