use crate::rules::prelude::*;

declare_rule! {
    /// `override-account-expiration=true` in `[security-authentication-rules]` of a Person's annex exempts
    /// that user from the account expiration the tenant enforces (`account-expiration`). Service and
    /// emergency accounts may need it; any other exemption weakens the tenant's policy.
    /// Reported only where the tenant does enforce it: otherwise the exemption changes
    /// nothing.
    AccountExpirationOverride = "account-expiration-override" {
        severity: Notice,
        phase: S,
        summary: "a user exempt from the tenant's account expiration (override-account-expiration=true)",
        source: "Guide: Account Expiry after Inactivity",
        bad: "# Tenant annex\n[security-authentication-rules]\naccount-expiration=90\n# Person annex\n[security-authentication-rules]\noverride-account-expiration=true",
        good: "# Tenant annex\n[security-authentication-rules]\naccount-expiration=90\n# Person annex: no override-account-expiration",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    super::person_exemption(
        cx,
        out,
        RuleId::AccountExpirationOverride,
        "override-account-expiration",
        "account-expiration",
        "the tenant's account expiration",
    );
}
