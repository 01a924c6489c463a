use crate::rules::prelude::*;

declare_rule! {
    /// `override-password-expiration=true` in `[security-authentication-rules]` of a Person's annex exempts
    /// that user from the password expiration the tenant enforces (`password-expiration`). Service and
    /// emergency accounts may need it; any other exemption weakens the tenant's policy.
    /// Reported only where the tenant does enforce it: otherwise the exemption changes
    /// nothing.
    PasswordExpirationOverride = "password-expiration-override" {
        severity: Notice,
        phase: S,
        summary: "a user exempt from the tenant's password expiration (override-password-expiration=true)",
        source: "Guide: Password Expiration",
        bad: "# Tenant annex\n[security-authentication-rules]\npassword-expiration=90\n# Person annex\n[security-authentication-rules]\noverride-password-expiration=true",
        good: "# Tenant annex\n[security-authentication-rules]\npassword-expiration=90\n# Person annex: no override-password-expiration",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    super::person_exemption(
        cx,
        out,
        RuleId::PasswordExpirationOverride,
        "override-password-expiration",
        "password-expiration",
        "the tenant's password expiration",
    );
}
