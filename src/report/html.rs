//! `lint --format html`: one self-contained HTML file (docs/html-report-data.md).
//!
//! Rust computes one JSON document, the report data (schema `tlskit-html-report/1`), from
//! the lint run's own data: the findings as the JSON report has them, the resolved ports and
//! connections (what `resolve --format json` prints), the catalog entries of the rules that
//! occur, and the certificates the resolved settings name, as the facts loaded them for the
//! rules. The template (`assets/report/`, embedded at build time) draws everything from it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::Report;

mod certificates;

use super::json::{self, JsonObject, Location, Related};
use crate::facts::{Facts, looks_like_thumbprint, valid_thumbprint};
use crate::input::source::{FileId, Sources};
use crate::load::Loaded;
use crate::model::{DisabledKind, LocalKind, Os, Runtime};
use crate::pki::cert::{Certificate, KeyKind, hex, serial_hex};
use crate::pki::load::LoadError;
use crate::resolve::{Effective, Level, Resolution, effective, layer, platform};
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::finding::Summary;
use crate::severity::Severity;
use crate::tls::handshake::Prediction;
use certificates::certificates;

pub(crate) const SCHEMA: &str = "tlskit-html-report/1";

const TEMPLATE: &str = include_str!("../../assets/report/report.html");
const CSS: &str = include_str!("../../assets/report/report.css");
const JS: &str = include_str!("../../assets/report/report.js");
const CSS_MARKER: &str = "/*TLSKIT_CSS*/";
const DATA_MARKER: &str = "/*TLSKIT_DATA*/";
const JS_MARKER: &str = "/*TLSKIT_JS*/";

/// The longest source excerpt of a finding, in characters (a one-line export has lines of
/// megabytes), and how much of it comes before the column.
const SNIPPET_MAX: usize = 160;
const SNIPPET_BEFORE: usize = 60;

/// Rules whose findings sit on a certificate option without being about the certificate.
const NOT_ABOUT_THE_CERTIFICATE: &[&str] = &["split-level-settings", "shadowed-setting"];

/// What the HTML report needs beyond the findings: the run's inputs, resolution and facts.
pub(crate) struct Run<'a> {
    pub loaded: &'a Loaded,
    pub res: &'a Resolution<'a>,
    pub facts: &'a Facts<'a>,
    /// The PATHs as given on the command line.
    pub paths: &'a [PathBuf],
    /// `--platform`: the OS of hosts whose OS is unknown.
    pub platform: Option<Os>,
    /// The report date (`--at` or now), in unix seconds: `days_left` counts from it.
    pub at: i64,
}

/// The whole file: the template with the CSS, the data and the JS in their places.
pub(crate) fn render(report: &Report, run: &Run) -> String {
    assemble(&embed(&document(report, run)))
}

/// Compact JSON with every `<` written `\u003c`: the same text for `JSON.parse`, and no
/// `</script`, `<!--` or `<script` inside the `<script type="application/json">` element.
pub(crate) fn embed<T: Serialize>(doc: &T) -> String {
    serde_json::to_string(doc)
        .expect("plain structs always serialise")
        .replace('<', "\\u003c")
}

/// Cuts the template at its three markers, in the order they appear, and joins the pieces
/// with the CSS, the data and the JS (no `str::replace` one marker after another: a piece
/// could hold a marker's text).
pub(crate) fn assemble(data: &str) -> String {
    let mut cuts: Vec<(usize, &str, &str)> =
        [(CSS_MARKER, CSS), (DATA_MARKER, data), (JS_MARKER, JS)]
            .into_iter()
            .map(|(marker, fill)| {
                let at = TEMPLATE
                    .find(marker)
                    .expect("report.html holds every marker (a unit test checks)");
                (at, marker, fill)
            })
            .collect();
    cuts.sort_by_key(|c| c.0);
    let mut out = String::with_capacity(TEMPLATE.len() + CSS.len() + JS.len() + data.len());
    let mut from = 0;
    for (at, marker, fill) in cuts {
        out.push_str(&TEMPLATE[from..at]);
        out.push_str(fill);
        from = at + marker.len();
    }
    out.push_str(&TEMPLATE[from..]);
    out
}

// ---------------------------------------------------------------------------- the document

#[derive(Serialize)]
pub(crate) struct Document<'a> {
    schema: &'static str,
    tool: &'static str,
    version: &'static str,
    at: &'a str,
    deployment: DeploymentDoc,
    settings: SettingsDoc,
    summary: SummaryDoc,
    findings: Vec<FindingDoc<'a>>,
    rules: BTreeMap<&'static str, RuleDoc>,
    hosts: Vec<HostDoc<'a>>,
    applications: Vec<AppDoc<'a>>,
    disabled: Vec<DisabledDoc<'a>>,
    connections: Vec<ConnDoc<'a>>,
    certificates: Vec<CertDoc>,
    unresolved_certificates: Vec<UnresolvedDoc<'a>>,
}

#[derive(Serialize)]
struct DeploymentDoc {
    name: String,
    paths: Vec<String>,
}

#[derive(Serialize)]
struct SettingsDoc {
    expiry_warn_days: u32,
}

#[derive(Serialize)]
struct SummaryDoc {
    error: usize,
    warning: usize,
    notice: usize,
    suppressed: usize,
    checked: CheckedDoc,
}

#[derive(Serialize)]
struct CheckedDoc {
    hosts: usize,
    applications: usize,
    ports: usize,
    connections: usize,
    certificates: usize,
}

/// A finding of the JSON report, with `help` always present and the source line.
#[derive(Serialize)]
struct FindingDoc<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    location: Location<'a>,
    object: JsonObject<'a>,
    related: Vec<Related<'a>>,
    help: Option<&'a str>,
    snippet: Option<Snippet>,
}

#[derive(Serialize)]
struct Snippet {
    text: String,
    column: usize,
    cut_before: bool,
    cut_after: bool,
}

#[derive(Serialize)]
struct RuleDoc {
    severity: Severity,
    phase: crate::rules::Phase,
    summary: &'static str,
    explanation: &'static str,
    source: &'static str,
    bad: &'static str,
    good: &'static str,
}

#[derive(Serialize)]
struct HostDoc<'a> {
    name: &'a str,
    os: Option<Os>,
    applications: Vec<&'a str>,
    local_files: Vec<LocalFileDoc<'a>>,
}

#[derive(Serialize)]
struct LocalFileDoc<'a> {
    kind: LocalKind,
    file: &'a str,
}

#[derive(Serialize)]
struct AppDoc<'a> {
    name: &'a str,
    host: Option<&'a str>,
    #[serde(rename = "type")]
    type_: Option<&'a str>,
    type_source: Option<String>,
    runtime: Option<Runtime>,
    ports: Vec<PortDoc<'a>>,
}

#[derive(Serialize)]
struct PortDoc<'a> {
    id: &'a str,
    number: Option<&'a str>,
    tls: bool,
    mutual: bool,
    upgrade: bool,
    ha_sync: bool,
    findings: Vec<usize>,
}

#[derive(Serialize)]
struct DisabledDoc<'a> {
    kind: DisabledKind,
    name: &'a str,
    why: &'a str,
}

#[derive(Serialize)]
struct ConnDoc<'a> {
    client: &'a str,
    server: &'a str,
    port: &'a str,
    tls: bool,
    mutual: bool,
    state: &'static str,
    failing: Vec<String>,
    prediction: Option<serde_json::Value>,
    findings: Vec<usize>,
}

#[derive(Serialize)]
struct CertDoc {
    subject: String,
    issuer: String,
    serial: String,
    sha256: String,
    key: KeyDoc,
    signature: &'static str,
    not_before: String,
    not_after: String,
    days_left: i64,
    ca: bool,
    san: Vec<String>,
    roles: Vec<&'static str>,
    files: Vec<String>,
    used_by: Vec<UsedBy>,
    findings: Vec<usize>,
}

#[derive(Serialize)]
struct KeyDoc {
    #[serde(rename = "type")]
    type_: KeyKind,
    bits: u32,
    curve: Option<&'static str>,
}

#[derive(Serialize)]
struct UsedBy {
    role: &'static str,
    ports: Vec<String>,
    connections: Vec<usize>,
    local_files: Vec<String>,
}

#[derive(Serialize)]
struct UnresolvedDoc<'a> {
    configured: &'a str,
    file: Option<String>,
    why: Cow<'a, str>,
    used_by: Vec<UsedBy>,
}

/// Builds the report data of a lint run.
pub(crate) fn document<'a>(report: &'a Report, run: &'a Run) -> Document<'a> {
    let d = &run.loaded.deployment;
    let sources = report.sources;
    let findings = findings(report.findings, sources);
    let rules = rule_docs(report);

    // Findings by the port and the connection they are about.
    let mut by_port: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_conn: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        let o = &f.object;
        if let Some(c) = &o.connection {
            by_conn.entry(c).or_default().push(i);
        } else if let (Some(a), Some(p)) = (&o.application, &o.port) {
            by_port.entry((a, p)).or_default().push(i);
        }
    }

    // Hosts and applications in the order resolve lists them.
    let mut hosts = Hosts::default();
    let mut apps = Apps::default();
    for p in &run.res.ports {
        let port = p.port();
        let plat = platform(p.app, p.host, run.platform);
        let host = p.host.map(|h| h.name.as_str());
        if let Some(h) = host {
            hosts.seen(h, plat.os_known.then_some(plat.os));
        }
        let a = apps.get(&mut hosts, &p.app.name, host);
        if a.type_.is_none() && !p.app.kind.is_empty() {
            a.type_ = Some(&p.app.kind);
        }
        a.type_source
            .get_or_insert_with(|| p.app.type_origin.describe());
        a.runtime.get_or_insert(plat.runtime);
        a.ports.push(PortDoc {
            id: &port.id,
            number: port.number.as_deref(),
            tls: port.tls(),
            mutual: p.mutual(),
            upgrade: port.upgrade(),
            ha_sync: port.ha_sync(),
            findings: by_port
                .get(&(p.app.name.as_str(), port.id.as_str()))
                .cloned()
                .unwrap_or_default(),
        });
    }
    for c in &run.res.conns {
        let plat = platform(c.client, c.client_host, run.platform);
        let host = c.client_host.map(|h| h.name.as_str());
        if let Some(h) = host {
            hosts.seen(h, plat.os_known.then_some(plat.os));
        }
        apps.get(&mut hosts, &c.client.name, host)
            .runtime
            .get_or_insert(plat.runtime);
    }
    let mut local_effective = Vec::with_capacity(d.local_files.len());
    for l in &d.local_files {
        let host = l.host.map(|i| d.hosts[i].name.as_str());
        let file = sources.display(l.file);
        if let Some(h) = host {
            hosts
                .get(h)
                .local_files
                .push(LocalFileDoc { kind: l.kind, file });
        }
        let mut w = Vec::new();
        layer(Level::LocalFile, &mut w, &l.options);
        local_effective.push((host, file, effective(w)));
    }
    for f in report.findings {
        if let Some(h) = &f.object.host {
            hosts.get(h);
        }
    }

    let names: Vec<String> = run.res.conns.iter().map(|c| c.name()).collect();
    let connections = connection_docs(report, run, &names, &by_conn);

    let (certificates, unresolved_certificates) =
        certificates(report, run, &names, &local_effective);

    let s = Summary::of(report.findings);
    let checked = CheckedDoc {
        hosts: hosts.list.len(),
        applications: apps.list.len(),
        ports: run.res.ports.len(),
        connections: connections.len(),
        certificates: certificates.len(),
    };
    Document {
        schema: SCHEMA,
        tool: "tlskit",
        version: env!("CARGO_PKG_VERSION"),
        at: &report.at,
        deployment: DeploymentDoc {
            name: deployment_name(run.paths),
            paths: run
                .paths
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
        },
        settings: SettingsDoc {
            expiry_warn_days: run.loaded.settings.expiry_warn_days.unwrap_or(30),
        },
        summary: SummaryDoc {
            error: s.error,
            warning: s.warning,
            notice: s.notice,
            suppressed: report.suppressed,
            checked,
        },
        findings,
        rules,
        hosts: hosts.list,
        applications: apps.list,
        disabled: d
            .disabled
            .iter()
            .map(|x| DisabledDoc {
                kind: x.kind,
                name: &x.name,
                why: &x.why,
            })
            .collect(),
        connections,
        certificates,
        unresolved_certificates,
    }
}

/// The connections as the map draws them: the state of each (a failing, unresolved, clear
/// text, predicted or unknown handshake), the failing rules and the findings about it.
fn connection_docs<'a>(
    report: &Report,
    run: &'a Run,
    names: &[String],
    by_conn: &HashMap<&str, Vec<usize>>,
) -> Vec<ConnDoc<'a>> {
    run.res
        .conns
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (c, name))| {
            let target = run.res.target_of(c);
            let prediction = run.facts.predictions.get(i).and_then(Option::as_ref);
            let idx = by_conn.get(name.as_str()).cloned().unwrap_or_default();
            let mut failing: Vec<String> = idx
                .iter()
                .map(|&i| report.findings[i].rule.as_str())
                .filter(|r| r.starts_with("handshake-"))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(String::from)
                .collect();
            let state = if !failing.is_empty() {
                "fail"
            } else if target.is_none() {
                "unresolved"
            } else if !c.secure {
                "plaintext"
            } else {
                match prediction {
                    Some(Prediction::Succeeds { .. }) => "ok",
                    Some(p) => {
                        // A failure whose finding was not listed (findings are capped).
                        failing.push(format!("handshake-{}", outcome(p)));
                        "fail"
                    }
                    None => "unknown",
                }
            };
            let conn = c.conn();
            ConnDoc {
                client: &c.client.name,
                server: &conn.server.name,
                port: &conn.port_id,
                tls: c.secure,
                mutual: target.is_some_and(|t| t.mutual()),
                state,
                failing,
                prediction: prediction.and_then(Prediction::json),
                findings: idx,
            }
        })
        .collect()
}

/// The catalog entries of the rules found.
fn rule_docs(report: &Report) -> BTreeMap<&'static str, RuleDoc> {
    report
        .findings
        .iter()
        .filter_map(|f| crate::rules::find(f.rule.as_str()))
        .map(|r| {
            (
                r.name,
                RuleDoc {
                    severity: r.severity,
                    phase: r.phase,
                    summary: r.summary,
                    explanation: r.explanation(),
                    source: r.source,
                    bad: r.bad,
                    good: r.good,
                },
            )
        })
        .collect()
}

/// Hosts in order of first appearance.
#[derive(Default)]
struct Hosts<'a> {
    list: Vec<HostDoc<'a>>,
    at: HashMap<&'a str, usize>,
}

impl<'a> Hosts<'a> {
    fn get(&mut self, name: &'a str) -> &mut HostDoc<'a> {
        let i = *self.at.entry(name).or_insert_with(|| {
            self.list.push(HostDoc {
                name,
                os: None,
                applications: Vec::new(),
                local_files: Vec::new(),
            });
            self.list.len() - 1
        });
        &mut self.list[i]
    }

    /// A host seen on a port or connection, whose OS that object knows.
    fn seen(&mut self, name: &'a str, os: Option<Os>) {
        let h = self.get(name);
        if h.os.is_none() {
            h.os = os;
        }
    }
}

/// Applications in order of first appearance, each listed by its host.
#[derive(Default)]
struct Apps<'a> {
    list: Vec<AppDoc<'a>>,
    at: HashMap<&'a str, usize>,
}

impl<'a> Apps<'a> {
    fn get(
        &mut self,
        hosts: &mut Hosts<'a>,
        name: &'a str,
        host: Option<&'a str>,
    ) -> &mut AppDoc<'a> {
        let i = *self.at.entry(name).or_insert_with(|| {
            if let Some(h) = host {
                hosts.get(h).applications.push(name);
            }
            self.list.push(AppDoc {
                name,
                host,
                type_: None,
                type_source: None,
                runtime: None,
                ports: Vec::new(),
            });
            self.list.len() - 1
        });
        &mut self.list[i]
    }
}

fn outcome(p: &Prediction) -> &'static str {
    match p {
        Prediction::Succeeds { .. } => "succeeds",
        Prediction::NoCommonProtocol { .. } => "no-common-protocol",
        Prediction::NoCommonCipher { .. } => "no-common-cipher",
        Prediction::CertificateRefused { .. } => "certificate-below-seclevel",
    }
}

/// The last component of the first PATH, made absolute (`.` is the current folder's name).
fn deployment_name(paths: &[PathBuf]) -> String {
    let Some(first) = paths.first() else {
        return String::new();
    };
    let abs = std::path::absolute(first).unwrap_or_else(|_| first.clone());
    let mut parts = Vec::new();
    for c in abs.components() {
        match c {
            std::path::Component::Normal(x) => parts.push(x),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.last().map_or_else(
        || first.to_string_lossy().into_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}

// ---------------------------------------------------------------------------- findings

fn findings<'a>(list: &'a [Finding], sources: &'a Sources) -> Vec<FindingDoc<'a>> {
    // Each line once, however many findings stand on it (a one-line export holds them all).
    let mut lines: HashMap<(FileId, u32), Option<Line<'a>>> = HashMap::new();
    list.iter()
        .map(|f| {
            let j = json::finding(sources, f);
            let snippet = match &f.place {
                Place::Span(s) => lines
                    .entry((s.file, s.line))
                    .or_insert_with(|| sources.get(s.file).line(s.line).map(Line::new))
                    .as_ref()
                    .map(|line| snippet(line, s.col)),
            };
            FindingDoc {
                rule: j.rule,
                severity: j.severity,
                message: j.message,
                location: j.location,
                object: j.object,
                related: j.related,
                help: j.help,
                snippet,
            }
        })
        .collect()
}

/// A source line as the report quotes it, with its length in characters.
struct Line<'a> {
    text: Cow<'a, str>,
    ascii: bool,
    len: usize,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Line<'a> {
        // A password on the line is not the report's to show.
        let text = crate::redact::mask_line(raw);
        let ascii = text.is_ascii();
        let len = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        Line { text, ascii, len }
    }
}

/// A source line cut to `SNIPPET_MAX` characters around `column` (1-based, in characters).
fn snippet(line: &Line, column: u32) -> Snippet {
    let len = line.len;
    let col = (column as usize).clamp(1, len + 1);
    let start = if len > SNIPPET_MAX {
        (col - 1)
            .saturating_sub(SNIPPET_BEFORE)
            .min(len - SNIPPET_MAX)
    } else {
        0
    };
    let end = (start + SNIPPET_MAX).min(len);
    let text = if line.ascii {
        line.text[start..end].to_string()
    } else {
        line.text.chars().skip(start).take(end - start).collect()
    };
    Snippet {
        text,
        column: col - start,
        cut_before: start > 0,
        cut_after: end < len,
    }
}

// ---------------------------------------------------------------------------- certificates

#[cfg(test)]
mod tests;
