use crate::rules::prelude::*;

declare_rule! {
    /// `account-expiration` (Tenant annex, 0 to 365 days) disables accounts that have not
    /// been used for that long; absent or 0, a forgotten account stays usable forever. It
    /// needs Last Login on every Configuration Server (see
    /// account-expiration-without-last-login). A policy choice: this notice runs only when
    /// a project selects it.
    NoAccountExpiration = "no-account-expiration" {
        severity: Notice,
        phase: S,
        summary: "a tenant whose idle accounts never expire (account-expiration absent or 0); opt-in",
        source: "Guide: Account Expiry after Inactivity",
        bad: "# Tenant annex\n[security-authentication-rules]\n(no account-expiration)",
        good: "# Tenant annex\n[security-authentication-rules]\naccount-expiration=90",
        opt_in: true,
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    super::tenant_unset_or_zero(
        cx,
        out,
        RuleId::NoAccountExpiration,
        "account-expiration",
        "keeps idle accounts forever",
        "<days>",
    );
}
