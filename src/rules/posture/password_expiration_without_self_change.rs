use super::{SAR, app_object, cs_option, inherited, is_false, master_cs, tenant_object};
use crate::rules::prelude::*;

declare_rule! {
    /// With `password-change=false` in the master Configuration Server's configuration,
    /// users cannot change their own password; with `password-expiration` set for their
    /// tenant, they are warned that it expires and cannot act on the warning. The guide
    /// recommends not to activate password expiration when users cannot change their
    /// passwords themselves.
    PasswordExpirationWithoutSelfChange = "password-expiration-without-self-change" {
        severity: Warning,
        phase: S,
        summary: "a tenant expires passwords while Configuration Server forbids users to change their own (password-change=false)",
        source: "Guide: Password Reset by User; Password Expiration",
        bad: "# Configuration Server\n[confserv]\npassword-change=false\n# Tenant annex\n[security-authentication-rules]\npassword-expiration=90",
        good: "# Configuration Server\n[confserv]\n(no password-change: users may change their password)\n# Tenant annex\n[security-authentication-rules]\npassword-expiration=90",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let Some(cs) = master_cs(cx.d) else { return };
    let pc = cs_option(cs, "password-change");
    if !is_false(pc) {
        return;
    }
    let Some(pc) = pc else { return };
    for t in &cx.d.tenants {
        let Some(i) = inherited(cx.d, t, "password-expiration") else {
            continue;
        };
        if i.number().unwrap_or(0) <= 0 {
            continue;
        }
        out.emit(
            Finding::new(
                RuleId::PasswordExpirationWithoutSelfChange,
                Place::Span(i.entry.value_span),
                format!(
                    "tenant {} expires passwords ({}) but users cannot change their own password ([confserv] password-change={} on Configuration Server {}): they cannot act on the expiry warning",
                    t.name,
                    i.place(t),
                    pc.value.trim(),
                    cs.name
                ),
            )
            .object(tenant_object(t))
            .key(SAR, "password-expiration")
            .related(Place::Span(pc.value_span), format!("password-change on {}", cs.name))
            .help(format!(
                "remove password-change=false from {} (users may then change their password), or do not set password-expiration for tenant {}",
                app_object(cx.d, cs).application.unwrap_or_default(),
                t.name
            )),
        );
    }
}
