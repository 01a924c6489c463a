//! `tlskit resolve`: every port and connection with its effective TLS settings, the level
//! and file:line each came from, and what each shadowed.

use std::fmt::Write;

use serde::Serialize;

use clap::Args;

use crate::cli::common::{
    InputArgs, OutputArgs, SimpleFormat, envelope, load_inputs, print_out, print_text,
};
use crate::error::Result;
use crate::escape::esc;
use crate::input::source::{Sources, Span};
use crate::model::{Os, Runtime, TypeOrigin};
use crate::resolve::{
    ConnView, Effective, Level, PortView, Resolution, Written, effective, layer, platform, resolve,
};
use crate::tls::handshake::Prediction;

fn at(sources: &Sources, s: Span) -> String {
    format!("{}:{}", sources.display(s.file), s.line)
}

/// One written value: where, at which level. Fields in alphabetical order, as the report
/// has always had them (it was once a sorted map).
#[derive(Serialize)]
struct WrittenJson<'a> {
    column: u32,
    file: &'a str,
    key: &'a str,
    level: Level,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    shadowed: Option<Vec<WrittenJson<'a>>>,
    value: &'a str,
}

fn written_json<'a>(sources: &'a Sources, w: &Written<'a>) -> WrittenJson<'a> {
    WrittenJson {
        column: w.span.col,
        file: sources.display(w.span.file),
        key: w.key,
        level: w.level,
        line: w.span.line,
        shadowed: None,
        value: w.value,
    }
}

/// The effective settings of one object, for the JSON form.
struct SettingsJson<'a> {
    credential_level: Option<Level>,
    ignored: Vec<WrittenJson<'a>>,
    settings: Vec<WrittenJson<'a>>,
}

fn settings_json<'a>(sources: &'a Sources, eff: &Effective<'a>) -> SettingsJson<'a> {
    SettingsJson {
        credential_level: eff.group_level,
        ignored: eff
            .ignored
            .iter()
            .map(|w| written_json(sources, w))
            .collect(),
        settings: eff
            .values
            .iter()
            .map(|r| WrittenJson {
                shadowed: Some(
                    r.shadowed
                        .iter()
                        .map(|w| written_json(sources, w))
                        .collect(),
                ),
                ..written_json(sources, &r.taken)
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct PortJson<'a> {
    application: &'a str,
    credential_level: Option<Level>,
    ha_sync: bool,
    host: Option<&'a str>,
    ignored: Vec<WrittenJson<'a>>,
    mutual: bool,
    number: Option<&'a str>,
    /// Null when the host's OS is unknown and `--platform` was not given.
    os: Option<Os>,
    port: &'a str,
    runtime: Runtime,
    settings: Vec<WrittenJson<'a>>,
    tls: bool,
    /// The CfgAppType short name; null when it could not be determined.
    #[serde(rename = "type")]
    type_: Option<&'a str>,
    type_source: String,
    upgrade: bool,
}

/// Where an application's type came from, in words.
fn type_source(app: &crate::model::App) -> String {
    app.type_origin.describe()
}

fn type_line(app: &crate::model::App) -> String {
    match &app.type_origin {
        TypeOrigin::Unknown(why) => format!("unknown ({why})"),
        _ => format!("{} (from {})", app.kind, type_source(app)),
    }
}

#[derive(Serialize)]
struct DisabledJson<'a> {
    kind: crate::model::DisabledKind,
    name: &'a str,
    why: &'a str,
}

#[derive(Serialize)]
struct ConnJson<'a> {
    client: &'a str,
    credential_level: Option<Level>,
    host: Option<&'a str>,
    ignored: Vec<WrittenJson<'a>>,
    mutual_required: bool,
    os: Option<Os>,
    port: &'a str,
    /// As a map, so that its keys come sorted like the rest.
    prediction: Option<serde_json::Value>,
    runtime: Runtime,
    server: &'a str,
    server_host: Option<&'a str>,
    /// The TLS stack each end negotiates with (null when the target is unknown or the
    /// connection is clear text).
    #[serde(skip_serializing_if = "Option::is_none")]
    stacks: Option<StacksJson>,
    settings: Vec<WrittenJson<'a>>,
    target_found: bool,
    tls: bool,
}

#[derive(Serialize)]
struct StacksJson {
    client: String,
    server: String,
}

/// The TLS stack an end negotiates with, in words.
fn stack(p: crate::resolve::Platform, java_release: u16) -> String {
    if p.runtime == Runtime::Java {
        format!("Java (JSSE, JDK {java_release})")
    } else if p.uses_windows_store() {
        "Windows (SChannel)".to_string()
    } else {
        "OpenSSL (Security Pack)".to_string()
    }
}

/// "ECDHE-RSA-AES128-GCM-SHA256 (IANA TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)".
fn both_names(suite: &str) -> String {
    match crate::tls::by_openssl(suite) {
        Some(s) if s.iana != suite => format!("{suite} (IANA {})", s.iana),
        _ => suite.to_string(),
    }
}

#[derive(Serialize)]
struct LocalJson<'a> {
    credential_level: Option<Level>,
    file: &'a str,
    host: Option<&'a str>,
    ignored: Vec<WrittenJson<'a>>,
    kind: crate::model::LocalKind,
    settings: Vec<WrittenJson<'a>>,
}

#[derive(Serialize)]
struct DocJson<'a> {
    connections: Vec<ConnJson<'a>>,
    /// Hosts and applications that do not run: not resolved, not linted.
    disabled: Vec<DisabledJson<'a>>,
    local_files: Vec<LocalJson<'a>>,
    ports: Vec<PortJson<'a>>,
}

fn settings_text(out: &mut String, sources: &Sources, eff: &Effective) {
    if eff.values.is_empty() && eff.ignored.is_empty() {
        let _ = writeln!(out, "    (no TLS settings at any level)");
    }
    let width = eff.values.iter().map(|r| r.key.len()).max().unwrap_or(0);
    let vwidth = eff
        .values
        .iter()
        .map(|r| r.taken.value.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    for r in &eff.values {
        let _ = writeln!(
            out,
            "    {:width$}  {:vwidth$}  {} ({})",
            r.key,
            esc(r.taken.value),
            r.taken.level.label(),
            at(sources, r.taken.span),
        );
        for s in &r.shadowed {
            let _ = writeln!(
                out,
                "    {:width$}    shadows {}={} in the {} ({})",
                "",
                s.key,
                esc(s.value),
                s.level.label(),
                at(sources, s.span)
            );
        }
    }
    for w in &eff.ignored {
        let _ = writeln!(
            out,
            "    ignored: {}={} in the {} ({}): the credential group comes from the {}",
            w.key,
            esc(w.value),
            w.level.label(),
            at(sources, w.span),
            eff.group_level.map_or("?", Level::label)
        );
    }
}

#[derive(Args)]
pub(crate) struct ResolveArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(crate) fn run(args: ResolveArgs) -> Result<i32> {
    args.output.open()?;
    let loaded = load_inputs(&args.input, false)?;
    let d = &loaded.deployment;
    let sources = &loaded.sources;
    let res = resolve(d);
    let fallback_os = args.input.platform.map(|p| p.os());
    // The handshake prediction needs the server certificates' key types.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let facts = crate::facts::Facts::gather(
        d,
        &res,
        sources,
        &loaded.settings,
        &crate::facts::Gather {
            platform: args.input.platform.map(|p| p.os()),
            at: now,
            probe: None,
            trust: false,
            preload: &loaded.preload,
        },
    );
    let mut ports = Vec::new();
    let mut text = String::new();
    for p in &res.ports {
        let plat = platform(p.app, p.host, fallback_os);
        let host = p.host.map(|h| h.name.as_str());
        if args.format == SimpleFormat::Json {
            ports.push(port_json(sources, p, plat, host));
        } else {
            port_text(&mut text, sources, p, plat, host);
        }
    }
    let mut conns = Vec::new();
    for (ci, c) in res.conns.iter().enumerate() {
        let target = res.target_of(c);
        let secure = c.secure(&res);
        let plat = platform(c.client, c.client_host, fallback_os);
        let prediction = facts.predictions[ci].as_ref();
        let java_release = loaded.settings.java_release();
        let stacks = target.filter(|_| secure).map(|t| StacksJson {
            client: stack(plat, java_release),
            server: stack(platform(t.app, t.host, fallback_os), java_release),
        });
        if args.format == SimpleFormat::Json {
            conns.push(conn_json(sources, c, &res, plat, prediction, stacks));
        } else {
            conn_text(
                &mut text,
                sources,
                c,
                &res,
                plat,
                prediction,
                stacks.as_ref(),
            );
        }
    }
    let mut locals = Vec::new();
    for l in &d.local_files {
        let mut w = Vec::new();
        layer(Level::LocalFile, &mut w, &l.options);
        let eff = effective(w);
        let host = l.host.map(|i| d.hosts[i].name.as_str());
        if args.format == SimpleFormat::Json {
            let st = settings_json(sources, &eff);
            locals.push(LocalJson {
                credential_level: st.credential_level,
                file: sources.display(l.file),
                host,
                ignored: st.ignored,
                kind: l.kind,
                settings: st.settings,
            });
        } else {
            let _ = writeln!(
                text,
                "{} {}  on {}",
                l.kind.file_name(),
                sources.display(l.file),
                host.unwrap_or("unknown host")
            );
            settings_text(&mut text, sources, &eff);
            text.push('\n');
        }
    }
    if args.format == SimpleFormat::Json {
        let doc = DocJson {
            connections: conns,
            disabled: d
                .disabled
                .iter()
                .map(|x| DisabledJson {
                    kind: x.kind,
                    name: &x.name,
                    why: &x.why,
                })
                .collect(),
            local_files: locals,
            ports,
        };
        print_out(&envelope(&doc));
        std::mem::forget(doc);
    } else {
        for x in &d.disabled {
            let kind = match x.kind {
                crate::model::DisabledKind::Host => "host",
                crate::model::DisabledKind::Application => "application",
            };
            let _ = writeln!(
                text,
                "{kind} {} is disabled ({}): not resolved, not linted\n",
                x.name, x.why
            );
        }
        let _ = writeln!(
            text,
            "tlskit: {} ports, {} connections, {} local files resolved",
            res.ports.len(),
            res.conns.len(),
            d.local_files.len()
        );
        print_text(&text);
    }
    // The process ends here: what the run built is left for the exit to reclaim, not
    // freed piece by piece (as lint does).
    std::mem::forget((text, facts, res));
    std::mem::forget(loaded);
    Ok(0)
}

/// A port in `resolve`'s text: where it listens, how, and its effective settings.
fn port_text(
    text: &mut String,
    sources: &Sources,
    p: &PortView,
    plat: crate::resolve::Platform,
    host: Option<&str>,
) {
    let port = p.port();
    let _ = writeln!(
        text,
        "port {}:{}{}  on {}  [{}]",
        esc(&p.app.name),
        esc(&port.id),
        port.number
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
        host.unwrap_or("unknown host"),
        plat.describe()
    );
    let mode = if port.tls() {
        "secured (tls=1)"
    } else if port.upgrade() {
        "auto-detect (upgrade=1)"
    } else {
        "not secured"
    };
    let _ = writeln!(text, "    application type: {}", type_line(p.app));
    let _ = writeln!(
        text,
        "    listening mode: {mode}{}{}",
        if p.mutual() { ", mutual TLS" } else { "" },
        if port.ha_sync() { ", HA sync" } else { "" }
    );
    settings_text(text, sources, &p.eff);
    text.push('\n');
}

/// A connection in `resolve`'s text: its target, the TLS stacks of both ends, the predicted
/// handshake and the effective settings.
fn conn_text(
    text: &mut String,
    sources: &Sources,
    c: &ConnView,
    res: &Resolution,
    plat: crate::resolve::Platform,
    prediction: Option<&Prediction>,
    stacks: Option<&StacksJson>,
) {
    let target = res.target_of(c);
    let secure = c.secure(res);
    let _ = writeln!(
        text,
        "connection {}  on {}  [{}]",
        esc(&c.name()),
        c.client_host.map_or("unknown host", |h| h.name.as_str()),
        plat.describe()
    );
    let state = match target {
        None => "target port not in the deployment".to_string(),
        Some(t) if secure => format!(
            "TLS on (port {}:{} is secure{})",
            t.app.name,
            t.port().id,
            if t.mutual() {
                ", server requires a client certificate"
            } else {
                ""
            }
        ),
        Some(t) => format!(
            "clear text (port {}:{} is not secure)",
            t.app.name,
            t.port().id
        ),
    };
    let _ = writeln!(text, "    {state}");
    if let Some(st) = stacks {
        let _ = writeln!(
            text,
            "    TLS stacks: client {}, server {}",
            st.client, st.server
        );
    }
    let because = |r: &Option<Box<str>>| r.as_ref().map(|r| format!(": {r}")).unwrap_or_default();
    match &prediction {
        Some(Prediction::Succeeds { version, suite }) => {
            let _ = writeln!(
                text,
                "    predicted handshake: {} {}",
                version.name(),
                both_names(suite)
            );
        }
        Some(Prediction::NoCommonProtocol { reason, .. }) => {
            let _ = writeln!(
                text,
                "    predicted handshake: fails, no common protocol version{}",
                because(reason)
            );
        }
        Some(Prediction::NoCommonCipher { version, reason }) => {
            let _ = writeln!(
                text,
                "    predicted handshake: fails, no common {} cipher suite{}",
                version.name(),
                because(reason)
            );
        }
        Some(Prediction::CertificateRefused { by, reason }) => {
            let _ = writeln!(
                text,
                "    predicted handshake: fails, the {by} {}",
                crate::escape::Esc(reason)
            );
        }
        None if secure && target.is_some() => {
            let _ = writeln!(
                text,
                "    predicted handshake: decided by Windows (SChannel) or an invalid sec-protocol"
            );
        }
        None => {}
    }
    settings_text(text, sources, &c.eff);
    text.push('\n');
}

/// A port in `resolve`'s JSON.
fn port_json<'a>(
    sources: &'a Sources,
    p: &'a PortView,
    plat: crate::resolve::Platform,
    host: Option<&'a str>,
) -> PortJson<'a> {
    let port = p.port();
    let st = settings_json(sources, &p.eff);
    PortJson {
        application: &p.app.name,
        credential_level: st.credential_level,
        ha_sync: port.ha_sync(),
        host,
        ignored: st.ignored,
        mutual: p.mutual(),
        number: port.number.as_deref(),
        os: plat.os_known.then_some(plat.os),
        port: &port.id,
        runtime: plat.runtime,
        settings: st.settings,
        tls: port.tls(),
        type_: (!p.app.kind.is_empty()).then_some(p.app.kind.as_str()),
        type_source: type_source(p.app),
        upgrade: port.upgrade(),
    }
}

/// A connection in `resolve`'s JSON.
fn conn_json<'a>(
    sources: &'a Sources,
    c: &'a ConnView,
    res: &'a Resolution,
    plat: crate::resolve::Platform,
    prediction: Option<&Prediction>,
    stacks: Option<StacksJson>,
) -> ConnJson<'a> {
    let target = res.target_of(c);
    let secure = c.secure(res);
    let conn = c.conn();
    let st = settings_json(sources, &c.eff);
    ConnJson {
        client: &c.client.name,
        credential_level: st.credential_level,
        host: c.client_host.map(|h| h.name.as_str()),
        ignored: st.ignored,
        mutual_required: target.is_some_and(|t| t.mutual()),
        os: plat.os_known.then_some(plat.os),
        port: &conn.port_id,
        prediction: prediction.and_then(Prediction::json),
        runtime: plat.runtime,
        server: &conn.server.name,
        server_host: target.and_then(|t| t.host.map(|h| h.name.as_str())),
        stacks,
        settings: st.settings,
        target_found: target.is_some(),
        tls: secure,
    }
}
