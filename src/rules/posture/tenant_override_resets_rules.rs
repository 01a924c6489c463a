use super::{OVERRIDE_SECTION, SAR, inherited, is_true, parent, tenant_object};
use crate::rules::prelude::*;

declare_rule! {
    /// `tenant-override-section=true` in a Tenant annex resets every
    /// `[security-authentication-rules]` option of that tenant, and of its child tenants,
    /// to its default: it breaks the inheritance chain. A protection its ancestors set
    /// (minimum password length, lockout, expiry, complexity, history) is lost unless the
    /// tenant sets it again, and the default of each is "no limit".
    TenantOverrideResetsRules = "tenant-override-resets-rules" {
        severity: Warning,
        phase: S,
        summary: "tenant-override-section=true drops protections the tenant would inherit, without setting them again",
        source: "Guide: Passwords in a Multi-Tenant Configuration",
        bad: "# Environment annex\n[security-authentication-rules]\npassword-min-length=8\n# Tenant annex\n[security-authentication-rules]\ntenant-override-section=true",
        good: "# Tenant annex\n[security-authentication-rules]\ntenant-override-section=true\npassword-min-length=10",
        check: check,
    }
}

/// The protections a reset drops.
const PROTECTIONS: &[&str] = &[
    "password-min-length",
    "account-lockout-threshold",
    "password-expiration",
    "account-expiration",
    "password-req-alpha",
    "password-req-mixed-case",
    "password-req-number",
    "password-req-punctuation",
    "password-no-repeats",
];

fn check(cx: &Cx, out: &mut Out) {
    for t in &cx.d.tenants {
        let Some(e) = t.annex.get(SAR, OVERRIDE_SECTION) else {
            continue;
        };
        if !is_true(Some(e)) {
            continue;
        }
        let Some(p) = parent(cx.d, t) else { continue };
        let lost: Vec<String> = PROTECTIONS
            .iter()
            .filter(|k| t.annex.get(SAR, k).is_none())
            .filter_map(|k| inherited(cx.d, p, k).map(|i| format!("{k}={}", i.entry.value.trim())))
            .collect();
        if lost.is_empty() {
            continue;
        }
        out.emit(
            Finding::new(
                RuleId::TenantOverrideResetsRules,
                Place::Span(e.value_span),
                format!(
                    "tenant {} sets [{SAR}] {OVERRIDE_SECTION}=true and does not set again what it would inherit from tenant {} ({}): it and its child tenants fall back to the defaults, no limit",
                    t.name,
                    p.name,
                    lost.join(", ")
                ),
            )
            .object(tenant_object(t))
            .key(SAR, OVERRIDE_SECTION)
            .help(format!(
                "set those options in the annex of tenant {}, or remove {OVERRIDE_SECTION}",
                t.name
            )),
        );
    }
}
