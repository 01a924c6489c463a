use super::{SAR, inherited, tenant_object, tenant_span};
use crate::rules::prelude::*;

declare_rule! {
    /// The Tenant annex options `password-req-alpha`, `password-req-mixed-case`,
    /// `password-req-number` and `password-req-punctuation` require a letter, both cases, a
    /// digit or a punctuation mark in every new password. With none of them true, any
    /// string of the minimum length is accepted. A policy choice: this notice runs only
    /// when a project selects it.
    WeakPasswordComplexity = "weak-password-complexity" {
        severity: Notice,
        phase: S,
        summary: "a tenant that requires no character class in passwords (no password-req-* true); opt-in",
        source: "Guide: Password Characters",
        bad: "# Tenant annex\n[security-authentication-rules]\npassword-min-length=8",
        good: "# Tenant annex\n[security-authentication-rules]\npassword-min-length=8\npassword-req-mixed-case=true\npassword-req-number=true",
        opt_in: true,
        check: check,
    }
}

const CLASSES: &[&str] = &[
    "password-req-alpha",
    "password-req-mixed-case",
    "password-req-number",
    "password-req-punctuation",
];

fn check(cx: &Cx, out: &mut Out) {
    for t in &cx.d.tenants {
        if CLASSES
            .iter()
            .any(|k| inherited(cx.d, t, k).is_some_and(|i| i.truthy()))
        {
            continue;
        }
        out.emit(
            Finding::new(
                RuleId::WeakPasswordComplexity,
                Place::Span(tenant_span(t)),
                format!(
                    "tenant {} requires no character class in passwords: none of [{SAR}] {} is true in its annex or an ancestor's",
                    t.name,
                    CLASSES.join(", ")
                ),
            )
            .object(tenant_object(t))
            .key(SAR, "password-req-mixed-case")
            .help(format!(
                "set, e.g., [{SAR}] password-req-mixed-case=true and password-req-number=true in the annex of tenant {}",
                t.name
            )),
        );
    }
}
