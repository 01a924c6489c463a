use super::{
    ALLOW_EMPTY_PASSWORD_DEFAULT, SAR, app_object, cs_option, inherited, master_cs, tenant_object,
    tenant_span, unset_place,
};
use crate::model::parse_bool;
use crate::rules::prelude::*;

declare_rule! {
    /// Whether a user may log in with an empty password is decided per Tenant: by
    /// `password-min-length` in `[security-authentication-rules]` of the Tenant annex
    /// (inherited from ancestor tenants) and, only where no tenant sets it, by the
    /// Configuration Server option `allow-empty-password` (`[confserv]`, default true).
    /// `password-min-length=0` permits empty passwords whatever `allow-empty-password`
    /// says; any other value forbids them. The guide recommends `password-min-length`:
    /// `allow-empty-password` exists for backward compatibility. Externally authenticated
    /// users are judged by `empty-external-password-allowed` instead.
    EmptyPasswordAllowed = "empty-password-allowed" {
        severity: Warning,
        phase: S,
        summary: "a tenant accepts empty passwords: password-min-length=0, or no password-min-length and allow-empty-password not false",
        source: "Guide: User Passwords, Password Length; Empty (Blank) Passwords",
        bad: "# Tenant annex\n[security-authentication-rules]\npassword-min-length=0",
        good: "# Tenant annex\n[security-authentication-rules]\npassword-min-length=8",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let cs = master_cs(cx.d);
    let allow = cs.and_then(|a| cs_option(a, "allow-empty-password"));
    let allowed = allow
        .map(|e| parse_bool(e.value.trim()).unwrap_or(ALLOW_EMPTY_PASSWORD_DEFAULT))
        .unwrap_or(ALLOW_EMPTY_PASSWORD_DEFAULT);
    if cx.d.tenants.is_empty() {
        // No tenant data: only an explicit allow-empty-password=true says something.
        if let (Some(app), Some(e)) = (cs, allow)
            && parse_bool(e.value.trim()) == Some(true)
        {
            out.emit(
                Finding::new(
                    RuleId::EmptyPasswordAllowed,
                    Place::Span(e.value_span),
                    format!(
                        "Configuration Server {} has [confserv] allow-empty-password={}: users may log in with an empty password in every tenant that does not set [{SAR}] password-min-length≥1 (no tenant data was read to tell)",
                        app.name,
                        e.value.trim()
                    ),
                )
                .object(app_object(cx.d, app))
                .key("confserv", "allow-empty-password")
                .help(format!("set [{SAR}] password-min-length=<n≥1> in the Tenant annex (preferred), or allow-empty-password=false on Configuration Server")),
            );
        }
        return;
    }
    for t in &cx.d.tenants {
        let (place, reason) = match inherited(cx.d, t, "password-min-length") {
            Some(m) => match m.number() {
                Some(0) => (Place::Span(m.entry.value_span), m.place(t)),
                _ => continue,
            },
            None => {
                if !allowed {
                    continue;
                }
                let unset = unset_place(cx.d, t, "password-min-length");
                match (cs, allow) {
                    (Some(app), Some(e)) => (
                        Place::Span(e.value_span),
                        format!(
                            "{unset}, and Configuration Server {} has [confserv] allow-empty-password={}",
                            app.name,
                            e.value.trim()
                        ),
                    ),
                    (Some(app), None) => (
                        Place::Span(tenant_span(t)),
                        format!(
                            "{unset}, and Configuration Server {} does not set [confserv] allow-empty-password (default true)",
                            app.name
                        ),
                    ),
                    (None, _) => (
                        Place::Span(tenant_span(t)),
                        format!("{unset}, and allow-empty-password defaults to true"),
                    ),
                }
            }
        };
        out.emit(
            Finding::new(
                RuleId::EmptyPasswordAllowed,
                place,
                format!("tenant {} accepts empty passwords: {reason}", t.name),
            )
            .object(tenant_object(t))
            .key(SAR, "password-min-length")
            .help(format!(
                "set [{SAR}] password-min-length=<n≥1> in the annex of tenant {} (preferred), or allow-empty-password=false in [confserv] of Configuration Server",
                t.name
            )),
        );
    }
}
