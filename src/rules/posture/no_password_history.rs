use crate::rules::prelude::*;

declare_rule! {
    /// `password-no-repeats` (Tenant annex) is the number of unique passwords a user must
    /// use before reusing one; absent or 0, a user may set the old password again when told
    /// to change it. A policy choice: this notice runs only when a project selects it.
    NoPasswordHistory = "no-password-history" {
        severity: Notice,
        phase: S,
        summary: "a tenant that lets users reuse passwords (password-no-repeats absent or 0); opt-in",
        source: "Guide: Re-using Passwords",
        bad: "# Tenant annex\n[security-authentication-rules]\n(no password-no-repeats)",
        good: "# Tenant annex\n[security-authentication-rules]\npassword-no-repeats=5",
        opt_in: true,
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    super::tenant_unset_or_zero(
        cx,
        out,
        RuleId::NoPasswordHistory,
        "password-no-repeats",
        "lets users reuse their passwords",
        "<n>",
    );
}
