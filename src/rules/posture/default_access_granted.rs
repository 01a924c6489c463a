use super::{app_object, is_cs_or_proxy};
use crate::rules::prelude::*;

declare_rule! {
    /// Since release 7.6, Configuration Server gives a new user no Access Group membership
    /// and no permission until an administrator grants them: the option
    /// `[security] no-default-access` of the Configuration Server application is 0 (no
    /// default access privileges), its default, when it is absent or 0. Setting it to 1
    /// brings back the pre-7.6 behaviour: every new user joins predefined Access Groups and
    /// receives their permissions at once. The guide keeps 1 only for deployments that
    /// must behave as 7.5 did (imported 7.5 Configuration Server objects).
    DefaultAccessGranted = "default-access-granted" {
        severity: Warning,
        phase: S,
        summary: "no-default-access=1 on Configuration Server: new users get default access",
        source: "Guide: No Default Access for New Users",
        bad: "# Configuration Server application options\n[security]\nno-default-access=1",
        good: "# Configuration Server application options\n[security]\nno-default-access=0\n# (or no no-default-access option at all: 0 is the default)",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| is_cs_or_proxy(a)) {
        let Some(e) = app.options.get("security", "no-default-access") else {
            continue;
        };
        if e.value.trim() != "1" {
            continue;
        }
        out.emit(
            Finding::new(
                RuleId::DefaultAccessGranted,
                Place::Span(e.value_span),
                format!(
                    "Configuration Server {} has [security] no-default-access=1 in its application options: new users get the pre-7.6 default Access Group memberships and permissions; the guide recommends no default access (0, the default)",
                    app.name
                ),
            )
            .object(app_object(cx.d, app))
            .key("security", "no-default-access")
            .help("remove the option or set [security] no-default-access=0, and grant roles and Access Groups explicitly (keep 1 only if new users must behave as before release 7.6)"),
        );
    }
}
