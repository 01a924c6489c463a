use super::{INACTIVITY_TIMEOUT_TYPES, app_object};
use crate::rules::prelude::*;

declare_rule! {
    /// A GUI session left open on an unattended desk is available to anyone. The
    /// inactivity timeout locks it after the given number of minutes without activity, and
    /// asks for the password again. It is set per GUI application, by
    /// `[security] inactivity-timeout` in the options of the GUI Application object, and
    /// is disabled by default (absent or 0). Judged only on the components that read it so:
    /// Configuration Manager, Genesys Administrator Extension, Solution Control Interface,
    /// Genesys Rules Authoring Tool, Interaction Routing Designer and Outbound Contact
    /// Manager. Pulse, Workspace Web Edition and Workspace Desktop Edition configure it
    /// their own way, and servers have no session to lock.
    InactivityTimeoutDisabled = "inactivity-timeout-disabled" {
        severity: Notice,
        phase: S,
        summary: "a GUI application without a non-zero [security] inactivity-timeout",
        source: "Guide: Inactivity Timeout",
        bad: "# Solution Control Interface application options\n[security]\ninactivity-timeout=0",
        good: "# Solution Control Interface application options\n[security]\ninactivity-timeout=15",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in
        cx.d.apps
            .iter()
            .filter(|a| INACTIVITY_TIMEOUT_TYPES.contains(&a.kind.as_str()))
    {
        let e = app.options.get("security", "inactivity-timeout");
        let (place, why) = match e {
            None => (
                Place::Span(app.span),
                "[security] inactivity-timeout is not set in its application options (default: disabled)".to_string(),
            ),
            Some(e) => match e.value.trim().parse::<u64>() {
                Ok(0) => (
                    Place::Span(e.value_span),
                    "[security] inactivity-timeout=0 in its application options disables it".to_string(),
                ),
                Ok(_) => continue,
                Err(_) => (
                    Place::Span(e.value_span),
                    format!(
                        "[security] inactivity-timeout={} is not a number of minutes; Genesys may ignore it and keep the timeout disabled",
                        e.value.trim()
                    ),
                ),
            },
        };
        out.emit(
            Finding::new(
                RuleId::InactivityTimeoutDisabled,
                place,
                format!(
                    "GUI application {} ({}) has no inactivity timeout: {why}; an unattended session stays open",
                    app.name, app.kind
                ),
            )
            .object(app_object(cx.d, app))
            .key("security", "inactivity-timeout")
            .help(format!(
                "set [security] inactivity-timeout=<minutes> (non-zero, e.g. 15) in the options of {}",
                app.name
            )),
        );
    }
}
