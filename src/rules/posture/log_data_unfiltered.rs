use super::app_object;
use crate::rules::prelude::*;

declare_rule! {
    /// By default a server logs every value of User Data, Extensions and Reasons in clear
    /// (`[log-filter] default-filter-type=copy`), including card numbers or passwords that
    /// a routing strategy attached. The components the guide lists as supporting the
    /// feature (Management Framework, T-Servers, Load Distribution Server, Outbound Contact
    /// Server, ICON, Universal Contact Server, Universal Routing Server, Orchestration
    /// Server) can hide them with `[log-filter]` and `[log-filter-data]`. Not judged: SIP
    /// Server, Stat Server, Platform SDK applications, Workspace, IVR Connector and GVP,
    /// which do it another way, and T-Servers whose `log-trace-flags` has `-udata`. Which
    /// keys are sensitive is the project's knowledge: this notice runs only when a project
    /// selects it.
    LogDataUnfiltered = "log-data-unfiltered" {
        severity: Notice,
        phase: S,
        summary: "a server that logs attached data without any log filter; opt-in",
        source: "Guide: Hide Selected Data in Logs; Hiding Passwords in Log Files",
        bad: "# Universal Routing Server options\n(no [log-filter], no [log-filter-data])",
        good: "[log-filter]\ndefault-filter-type=copy\n[log-filter-data]\nCardNumber=hide-first,12\nPASSWORD=hide",
        opt_in: true,
        check: check,
    }
}

/// Server types that read `[log-filter]` the standard way (Guide: Supporting Components).
const SUPPORTING: &[&str] = &[
    "configserver",
    "configserverproxy",
    "scs",
    "messageserver",
    "dbserver",
    "tserver",
    "loaddistributionserver",
    "outboundcontactserver",
    "callconcentrator",
    "contactserver",
    "routerserver",
    "orchestrationserver",
];

fn check(cx: &Cx, out: &mut Out) {
    for app in
        cx.d.apps
            .iter()
            .filter(|a| SUPPORTING.contains(&a.kind.as_str()))
    {
        let o = &app.options;
        let default_filters = o
            .get("log-filter", "default-filter-type")
            .is_some_and(|e| e.value.trim() != "copy");
        let key_filters = o
            .entries("log-filter-data")
            .any(|e| !e.value.trim().is_empty() && e.value.trim() != "copy");
        let no_udata = o
            .sections
            .iter()
            .flat_map(|s| s.entries.iter())
            .any(|e| e.key == "log-trace-flags" && e.value.contains("-udata"));
        if default_filters || key_filters || no_udata {
            continue;
        }
        out.emit(
            Finding::new(
                RuleId::LogDataUnfiltered,
                Place::Span(app.span),
                format!(
                    "{} ({}) logs every User Data, Extensions and Reasons value in clear: no [log-filter] default-filter-type other than copy, and no [log-filter-data] filter",
                    app.name, app.kind
                ),
            )
            .object(app_object(cx.d, app))
            .key("log-filter", "default-filter-type")
            .help("mask the sensitive keys in [log-filter-data] (e.g. PASSWORD=hide, CardNumber=hide-first,12), or set [log-filter] default-filter-type=hide (or tag())"),
        );
    }
}
