use super::{SAR, inherited, tenant_object, tenant_span, unset_place};
use crate::rules::prelude::*;

declare_rule! {
    /// Account lockout stops password guessing: after `account-lockout-threshold` failed
    /// logins within `account-lockout-attempts-period`, the account is locked for
    /// `account-lockout-duration` minutes (or until an administrator unlocks it). The
    /// options are set in `[security-authentication-rules]` of the Tenant annex and are
    /// inherited by child tenants; absent or 0 means no lockout. Failed attempts are
    /// counted on each Configuration Server instance.
    NoAccountLockout = "no-account-lockout" {
        severity: Notice,
        phase: S,
        summary: "a tenant without account lockout (account-lockout-threshold absent or 0)",
        source: "Guide: Account Lockout After Failed Connection Attempts",
        bad: "# Tenant annex\n[security-authentication-rules]\n(no account-lockout-threshold)",
        good: "# Tenant annex\n[security-authentication-rules]\naccount-lockout-threshold=5\naccount-lockout-duration=30",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for t in &cx.d.tenants {
        let (place, why) = match inherited(cx.d, t, "account-lockout-threshold") {
            Some(i) if i.number().unwrap_or(0) == 0 => {
                (Place::Span(i.entry.value_span), i.place(t))
            }
            Some(_) => continue,
            None => (
                Place::Span(tenant_span(t)),
                unset_place(cx.d, t, "account-lockout-threshold"),
            ),
        };
        out.emit(
            Finding::new(
                RuleId::NoAccountLockout,
                place,
                format!(
                    "tenant {} has no account lockout ({why}): password guessing is not slowed",
                    t.name
                ),
            )
            .object(tenant_object(t))
            .key(SAR, "account-lockout-threshold")
            .help(format!(
                "set [{SAR}] account-lockout-threshold=<n> and account-lockout-duration=<minutes> in the annex of tenant {} (or of an ancestor tenant)",
                t.name
            )),
        );
    }
}
