use crate::rules::prelude::*;

declare_rule! {
    /// `account-override-lockout=true` in `[security-authentication-rules]` of a Person's annex exempts
    /// that user from the account lockout the tenant enforces (`account-lockout-threshold`). Service and
    /// emergency accounts may need it; any other exemption weakens the tenant's policy.
    /// Reported only where the tenant does enforce it: otherwise the exemption changes
    /// nothing.
    LockoutOverride = "lockout-override" {
        severity: Notice,
        phase: S,
        summary: "a user exempt from the tenant's account lockout (account-override-lockout=true)",
        source: "Guide: Account Lockout After Failed Connection Attempts",
        bad: "# Tenant annex\n[security-authentication-rules]\naccount-lockout-threshold=5\n# Person annex\n[security-authentication-rules]\naccount-override-lockout=true",
        good: "# Tenant annex\n[security-authentication-rules]\naccount-lockout-threshold=5\n# Person annex: no account-override-lockout",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    super::person_exemption(
        cx,
        out,
        RuleId::LockoutOverride,
        "account-override-lockout",
        "account-lockout-threshold",
        "the tenant's account lockout",
    );
}
