use crate::rules::prelude::*;

declare_rule! {
    /// `password-expiration` (Tenant annex, days) makes users change their password
    /// periodically; absent or 0, passwords never expire. A policy choice the guide
    /// describes without asking for it: this notice runs only when a project selects it.
    NoPasswordExpiration = "no-password-expiration" {
        severity: Notice,
        phase: S,
        summary: "a tenant whose passwords never expire (password-expiration absent or 0); opt-in",
        source: "Guide: Password Expiration",
        bad: "# Tenant annex\n[security-authentication-rules]\n(no password-expiration)",
        good: "# Tenant annex\n[security-authentication-rules]\npassword-expiration=90\npassword-expiration-notify=true",
        opt_in: true,
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    super::tenant_unset_or_zero(
        cx,
        out,
        RuleId::NoPasswordExpiration,
        "password-expiration",
        "has passwords that never expire",
        "<days>",
    );
}
