use crate::model::{App, TypeOrigin};
use crate::rules::prelude::*;

declare_rule! {
    /// Which rules apply to an application depends on its type: Message Server,
    /// Configuration Server and GUI rules, and whether it runs the Security Pack, the Java
    /// Platform SDK or .NET. An exported application carries no type of its own: Genesys
    /// takes it from the application template. When the export does not hold the template
    /// (or names a type tlskit does not know), those checks cannot be judged, and tlskit
    /// says so instead of reporting a clean result.
    ApplicationTypeUnknown = "application-type-unknown" {
        severity: Notice,
        phase: C,
        summary: "an application whose type could not be determined: its component and runtime checks were skipped",
        source: "Genesys: an application's type comes from its application template (mutagen exports it in `appPrototypes`)",
        bad: "applications: [{\"name\": \"UCS\", \"appPrototype\": \"UCS_851\"}]\n(no appPrototypes in the export)",
        good: "appPrototypes: [{\"name\": \"UCS_851\", \"type\": \"contactserver\"}]\napplications: [{\"name\": \"UCS\", \"appPrototype\": \"UCS_851\"}]",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for app in cx.d.apps.iter().filter(|a| !a.type_known()) {
        out.emit(finding(cx, app));
    }
}

fn finding(cx: &Cx, app: &App) -> Finding {
    let why = match &app.type_origin {
        TypeOrigin::Unknown(why) => {
            format!("the type of application {} is unknown: {why}", app.name)
        }
        TypeOrigin::Prototype(p) => format!(
            "application {} has the type `{}` (from its application template {p}), which tlskit does not know",
            app.name, app.kind
        ),
        TypeOrigin::Field => format!(
            "application {} has the type `{}`, which tlskit does not know",
            app.name, app.kind
        ),
    };
    let skipped = if runtime_named(cx, app) {
        "skipped: the component checks (Message Server, Configuration Server, centralized-log client, GUI certificate profile); its runtime comes from tlskit.toml"
    } else {
        "skipped: the component checks (Message Server, Configuration Server, centralized-log client, GUI certificate profile) and the runtime checks (Java key format and CRL option name, Java and native keys on one host); it is judged as a native Security Pack application"
    };
    Finding::new(
        RuleId::ApplicationTypeUnknown,
        Place::Span(app.span),
        format!("{why}; {skipped}"),
    )
    .object(ObjectRef {
        host: app.host.as_ref().map(|h| h.name.clone()),
        application: Some(app.name.clone()),
        ..ObjectRef::default()
    })
    .help(format!(
        "export the application templates too (`mutagen config export --format JSON` writes them as `appPrototypes`), or name its runtime in tlskit.toml: [runtime] java-applications = [\"{}\"]",
        app.name
    ))
}

/// Whether tlskit.toml names the application's runtime, so that only the component checks
/// are lost with its type.
fn runtime_named(cx: &Cx, app: &App) -> bool {
    let r = &cx.settings.runtimes;
    [
        &r.native_applications,
        &r.java_applications,
        &r.dotnet_applications,
    ]
    .iter()
    .any(|list| list.iter().any(|n| n.eq_ignore_ascii_case(&app.name)))
}
