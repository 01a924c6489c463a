use super::{app_object, cs_option, is_cs_or_proxy, is_true, server_section};
use crate::rules::prelude::*;

declare_rule! {
    /// When `last-login` is true, a user logging in through a GUI sees when they last
    /// logged in, and can spot someone else's use of their account. The option lives in
    /// `[confserv]` of the Configuration Server and `[csproxy]` of each Configuration
    /// Server Proxy (not in `[security]`), with `last-login-synchronization` to share the
    /// information between them. Account expiry after inactivity depends on it too.
    LastLoginDisabled = "last-login-disabled" {
        severity: Notice,
        phase: S,
        summary: "a Configuration Server (or Proxy) without last-login=true",
        source: "Guide: Last Logged In",
        bad: "# Configuration Server options\n[confserv]\n(no last-login)",
        good: "# Configuration Server options\n[confserv]\nlast-login=true\nlast-login-synchronization=true\n# Configuration Server Proxy options\n[csproxy]\nlast-login=true\nlast-login-synchronization=true",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| is_cs_or_proxy(a)) {
        let e = cs_option(app, "last-login");
        if is_true(e) {
            continue;
        }
        let sec = server_section(app);
        let (place, how) = match e {
            Some(e) => (
                Place::Span(e.value_span),
                format!("[{sec}] last-login={}", e.value.trim()),
            ),
            None => (
                Place::Span(app.span),
                format!("[{sec}] last-login is not set (default false)"),
            ),
        };
        out.emit(
            Finding::new(
                RuleId::LastLoginDisabled,
                place,
                format!(
                    "{} {} does not record the last login ({how}): users cannot see when their account was last used, and tenant account expiration cannot work",
                    if sec == "csproxy" { "Configuration Server Proxy" } else { "Configuration Server" },
                    app.name
                ),
            )
            .object(app_object(cx.d, app))
            .key(sec, "last-login")
            .help(format!(
                "set [{sec}] last-login=true and last-login-synchronization=true on {} (and on the master Configuration Server and every proxy)",
                app.name
            )),
        );
    }
}
