use super::{app_object, cs_option, is_cs_or_proxy, is_false, server_section};
use crate::rules::prelude::*;

declare_rule! {
    /// With external authentication (`[authentication] library=gauth_ldap` or
    /// `gauth_radius` on Configuration Server or a Proxy), some LDAP servers take an empty
    /// password for an anonymous bind and report success. The guide strongly recommends
    /// `allow-empty-external-password=false`, so that Configuration Server requires at
    /// least one character before it asks the external system.
    EmptyExternalPasswordAllowed = "empty-external-password-allowed" {
        severity: Warning,
        phase: S,
        summary: "external authentication with allow-empty-external-password not false",
        source: "Guide: Empty (Blank) Passwords",
        bad: "[authentication]\nlibrary=gauth_ldap\n[confserv]\n(no allow-empty-external-password)",
        good: "[authentication]\nlibrary=gauth_ldap\n[confserv]\nallow-empty-external-password=false",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| is_cs_or_proxy(a)) {
        let Some(lib) = app.options.get("authentication", "library") else {
            continue;
        };
        let external = lib
            .value
            .split(',')
            .map(str::trim)
            .any(|l| l == "gauth_ldap" || l == "gauth_radius");
        if !external {
            continue;
        }
        let sec = server_section(app);
        let e = cs_option(app, "allow-empty-external-password").or_else(|| {
            app.options
                .get("authentication", "allow-empty-external-password")
        });
        if is_false(e) {
            continue;
        }
        let (place, how) = match e {
            Some(e) => (
                Place::Span(e.value_span),
                format!("has allow-empty-external-password={}", e.value.trim()),
            ),
            None => (
                Place::Span(lib.value_span),
                format!("does not set allow-empty-external-password=false in [{sec}]"),
            ),
        };
        out.emit(
            Finding::new(
                RuleId::EmptyExternalPasswordAllowed,
                place,
                format!(
                    "{} uses external authentication ([authentication] library={}) and {how}: an empty password may reach the directory and be accepted as an unauthenticated bind",
                    app.name,
                    lib.value.trim()
                ),
            )
            .object(app_object(cx.d, app))
            .key(sec, "allow-empty-external-password")
            .help(format!(
                "set [{sec}] allow-empty-external-password=false on {}",
                app.name
            )),
        );
    }
}
