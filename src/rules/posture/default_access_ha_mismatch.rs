use super::{app_object, is_cs};
use crate::rules::prelude::*;

declare_rule! {
    /// With redundant Configuration Servers, `[security] no-default-access` must be set
    /// identically on the primary and the backup: otherwise whether a new user gets
    /// default access depends on which server is primary at the time the user is created.
    DefaultAccessHaMismatch = "default-access-ha-mismatch" {
        severity: Warning,
        phase: S,
        summary: "primary and backup Configuration Servers disagree on no-default-access",
        source: "Guide: No Default Access for New Users; Framework Configuration Options Reference, Configuration Server [security] (\"must be configured identically on both the primary and backup servers\")",
        bad: "# primary\n[security]\nno-default-access=1\n# backup\n(no no-default-access)",
        good: "# primary and backup\n[security]\nno-default-access=0",
        check: check,
    }
}

fn value(app: &crate::model::App) -> (&str, Option<Place>) {
    match app.options.get("security", "no-default-access") {
        Some(e) => (e.value.trim(), Some(Place::Span(e.value_span))),
        None => ("0", None),
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| is_cs(a)) {
        let Some(b) = app.backup.as_ref().and_then(|b| cx.d.app(&b.name)) else {
            continue;
        };
        let ((pv, pp), (bv, bp)) = (value(app), value(b));
        if pv == bv {
            continue;
        }
        let shown = |v: &str, p: &Option<Place>| {
            if p.is_some() {
                format!("no-default-access={v}")
            } else {
                "no no-default-access (0)".to_string()
            }
        };
        let place = pp.clone().or(bp.clone()).unwrap_or(Place::Span(app.span));
        let mut f = Finding::new(
            RuleId::DefaultAccessHaMismatch,
            place,
            format!(
                "Configuration Servers {} (primary) and {} (backup) disagree on [security] no-default-access: {} vs {}; new users' default access depends on which server is primary",
                app.name,
                b.name,
                shown(pv, &pp),
                shown(bv, &bp)
            ),
        )
        .object(app_object(cx.d, app))
        .key("security", "no-default-access")
        .help(format!(
            "set the same [security] no-default-access on {} and {} (0, the default, unless new users must behave as before 7.6)",
            app.name, b.name
        ));
        if let Some(bp) = bp {
            f = f.related(bp, format!("{}'s value", b.name));
        }
        out.emit(f);
    }
}
