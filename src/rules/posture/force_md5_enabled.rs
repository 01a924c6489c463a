use super::{app_object, cs_option, is_cs, is_true};
use crate::rules::prelude::*;

declare_rule! {
    /// Configuration Server 8.1.1 and later hash user passwords with SHA-256. With
    /// `force-md5=true` in the `[confserv]` section of the master Configuration Server, new
    /// and changed passwords are hashed with MD5 again. The guide asks for it only while a
    /// Configuration Server Proxy 8.1.0 or earlier still runs, for the short time of a
    /// migration.
    ForceMd5Enabled = "force-md5-enabled" {
        severity: Warning,
        phase: S,
        summary: "force-md5=true in [confserv] of the master Configuration Server",
        source: "Guide: Password Encryption",
        bad: "# Configuration Server options or confserv.conf\n[confserv]\nforce-md5=true",
        good: "# Configuration Server options or confserv.conf\n[confserv]\nforce-md5=false\n# (or no force-md5 option at all)",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| is_cs(a)) {
        let e = cs_option(app, "force-md5");
        if !is_true(e) {
            continue;
        }
        let Some(e) = e else { continue };
        out.emit(
            Finding::new(
                RuleId::ForceMd5Enabled,
                Place::Span(e.value_span),
                format!(
                    "Configuration Server {} has [confserv] force-md5={}: new and changed user passwords are hashed with MD5 instead of SHA-256; the guide allows this only for a short migration with Configuration Server Proxy 8.1.0 or earlier",
                    app.name,
                    e.value.trim()
                ),
            )
            .object(app_object(cx.d, app))
            .key("confserv", "force-md5")
            .help("upgrade every Configuration Server Proxy to 8.1.1 or later, then remove force-md5 (or set it to false)"),
        );
    }
}
