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
    let rules = report
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
        .collect();

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
    let connections: Vec<ConnDoc> = run
        .res
        .conns
        .iter()
        .zip(&names)
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
        .collect();

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

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Certificate,
    TrustedCa,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Certificate => "certificate",
            Role::TrustedCa => "trusted-ca",
        }
    }
}

/// Where TLS uses a certificate.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum UsePlace {
    Port(String),
    /// By index of the first connection of that name.
    Connection(usize),
    LocalFile(String),
}

/// One option that names a certificate: the role it has where TLS uses it (none where TLS
/// does not), and where it is written (file, line, column), to find its findings.
struct Use {
    role: Option<Role>,
    place: UsePlace,
    written: (FileId, u32, u32),
}

/// What certificate options name: a file (as mapped) or a thumbprint.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Target<'a> {
    /// By its bytes: hashing a `Path` parses its components.
    File(&'a std::ffi::OsStr),
    Thumbprint(String),
}

struct Named<'a> {
    target: Target<'a>,
    /// The value (or the item of a list) as written, first seen.
    configured: &'a str,
    /// The file as loaded, for a file.
    loaded: Option<&'a crate::pki::load::LoadResult>,
    uses: Vec<Use>,
}

/// Every certificate and trusted-ca value of every port, connection and local file, in
/// that order, by what it names.
#[derive(Default)]
struct Collect<'a> {
    named: Vec<Named<'a>>,
    at: HashMap<Target<'a>, usize>,
}

impl<'a> Collect<'a> {
    fn add(
        &mut self,
        target: Target<'a>,
        configured: &'a str,
        loaded: Option<&'a crate::pki::load::LoadResult>,
        u: Use,
    ) {
        let i = *self.at.entry(target.clone()).or_insert_with(|| {
            self.named.push(Named {
                target,
                configured,
                loaded,
                uses: Vec::new(),
            });
            self.named.len() - 1
        });
        self.named[i].uses.push(u);
    }

    /// The certificate options of one object. Each is listed; it counts as a use only where
    /// TLS uses it (`uses_cert`, `uses_ca`).
    fn note(
        &mut self,
        facts: &'a Facts<'a>,
        eff: &Effective<'a>,
        host: Option<&str>,
        place: &UsePlace,
        uses_cert: bool,
        uses_ca: bool,
    ) {
        for r in &eff.values {
            let (role, active) = match r.key {
                "certificate" => (Role::Certificate, uses_cert),
                "trusted-ca" => (Role::TrustedCa, uses_ca),
                _ => continue,
            };
            let w = r.taken;
            let use_ = || Use {
                role: active.then_some(role),
                place: place.clone(),
                written: (w.span.file, w.span.line, w.span.col),
            };
            // Thumbprints are looked up in the windows-store folder, as the rules do.
            if role == Role::Certificate && looks_like_thumbprint(w.value) {
                let hex: String = w
                    .value
                    .chars()
                    .filter(|c| *c != ' ')
                    .collect::<String>()
                    .to_ascii_uppercase();
                self.add(Target::Thumbprint(hex), w.value.trim(), None, use_());
                continue;
            }
            for item in facts.items(host, w.span) {
                self.add(
                    Target::File(item.local.as_os_str()),
                    &item.item,
                    Some(&item.loaded),
                    use_(),
                );
            }
        }
    }
}

/// One distinct certificate, while it is collected.
struct CertAcc {
    cert: Arc<Certificate>,
    roles: Vec<&'static str>,
    files: Vec<String>,
    uses: Vec<(Role, UsePlace)>,
    written: BTreeSet<(FileId, u32, u32)>,
}

type LocalEffective<'a> = (Option<&'a str>, &'a str, Effective<'a>);

fn certificates<'a>(
    report: &'a Report,
    run: &'a Run,
    names: &[String],
    locals: &[LocalEffective<'a>],
) -> (Vec<CertDoc>, Vec<UnresolvedDoc<'a>>) {
    let facts = run.facts;
    let mut first_conn: HashMap<&str, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        first_conn.entry(n).or_insert(i);
    }
    let mut c = Collect::default();
    for p in &run.res.ports {
        let port = p.port();
        let secure = port.tls() || port.upgrade();
        let place = UsePlace::Port(format!("{}:{}", p.app.name, port.id));
        c.note(
            facts,
            &p.eff,
            p.host.map(|h| h.name.as_str()),
            &place,
            secure,
            secure,
        );
    }
    for (conn, name) in run.res.conns.iter().zip(names) {
        let mutual = run.res.target_of(conn).is_some_and(|t| t.mutual());
        let place = UsePlace::Connection(first_conn[name.as_str()]);
        c.note(
            facts,
            &conn.eff,
            conn.client_host.map(|h| h.name.as_str()),
            &place,
            conn.secure && mutual,
            conn.secure,
        );
    }
    for (host, file, eff) in locals {
        let place = UsePlace::LocalFile(file.to_string());
        c.note(facts, eff, *host, &place, true, true);
    }

    let mut store_files: Option<HashMap<String, PathBuf>> = None;
    let mut certs: Vec<CertAcc> = Vec::new();
    let mut cert_at: HashMap<[u8; 32], usize> = HashMap::new();
    let mut unresolved = Vec::new();
    for named in &c.named {
        let mut entries: Vec<(String, usize, Arc<Certificate>)> = Vec::new();
        let why: Option<Cow<str>> = match &named.target {
            Target::File(path) => match named.loaded {
                Some(Ok(f)) if !f.certs.is_empty() => {
                    let file = shown(Path::new(path));
                    entries.extend(
                        f.certs
                            .iter()
                            .enumerate()
                            .map(|(n, cert)| (file.clone(), n, cert.clone())),
                    );
                    None
                }
                Some(Ok(_)) => Some("no certificate in the file".into()),
                Some(Err(LoadError::Unreadable(why))) => Some(why.as_str().into()),
                Some(Err(LoadError::Missing)) | None => Some("no such file".into()),
            },
            Target::Thumbprint(hex) => {
                if !valid_thumbprint(named.configured) {
                    Some("not a thumbprint (40 hexadecimal digits)".into())
                } else {
                    match &facts.windows_store {
                        None => Some("thumbprint: no windows-store folder to resolve it".into()),
                        Some(store) => match store.get(&hex.to_ascii_lowercase()) {
                            None => Some("thumbprint not found in the windows-store folder".into()),
                            Some(cert) => {
                                let dir = run.loaded.settings.windows_store.as_deref();
                                let file = store_files
                                    .get_or_insert_with(|| store_file_names(dir))
                                    .get(&hex.to_ascii_lowercase())
                                    .map(|p| shown(p))
                                    .unwrap_or_else(|| dir.map(shown).unwrap_or_default());
                                entries.push((file, 0, cert.clone()));
                                None
                            }
                        },
                    }
                }
            }
        };
        if let Some(why) = why {
            let active: Vec<(Role, UsePlace)> = named
                .uses
                .iter()
                .filter_map(|u| u.role.map(|r| (r, u.place.clone())))
                .collect();
            unresolved.push(UnresolvedDoc {
                configured: named.configured,
                file: match &named.target {
                    Target::File(p) => Some(shown(Path::new(p))),
                    Target::Thumbprint(_) => None,
                },
                why,
                used_by: used_by(active),
            });
            continue;
        }
        for (file, n, cert) in entries {
            let i = *cert_at.entry(cert.sha256).or_insert_with(|| {
                certs.push(CertAcc {
                    cert: cert.clone(),
                    roles: Vec::new(),
                    files: Vec::new(),
                    uses: Vec::new(),
                    written: BTreeSet::new(),
                });
                certs.len() - 1
            });
            let e = &mut certs[i];
            if !e.files.contains(&file) {
                e.files.push(file);
            }
            for u in &named.uses {
                e.written.insert(u.written);
                let Some(role) = u.role else { continue };
                let chain = role == Role::Certificate && n > 0;
                let name = if chain { "chain" } else { role.name() };
                if !e.roles.contains(&name) {
                    e.roles.push(name);
                }
                if !chain {
                    e.uses.push((role, u.place.clone()));
                }
            }
        }
    }

    // Findings on the options that name a certificate.
    let mut at_place: HashMap<(FileId, u32, u32), Vec<usize>> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        if let Place::Span(s) = &f.place
            && !NOT_ABOUT_THE_CERTIFICATE.contains(&f.rule.as_str())
        {
            at_place.entry((s.file, s.line, s.col)).or_default().push(i);
        }
    }
    let mut docs: Vec<CertDoc> = certs
        .into_iter()
        .map(|e| {
            let c = &e.cert;
            let findings: BTreeSet<usize> = e
                .written
                .iter()
                .filter_map(|w| at_place.get(w))
                .flatten()
                .copied()
                .collect();
            CertDoc {
                subject: c.subject.clone(),
                issuer: c.issuer.clone(),
                serial: serial_hex(&c.serial),
                sha256: hex(&c.sha256, ":").to_uppercase(),
                key: KeyDoc {
                    type_: c.key.kind,
                    bits: c.key.bits,
                    curve: c.key.curve,
                },
                signature: c.sig_alg,
                not_before: date(c.not_before),
                not_after: date(c.not_after),
                days_left: (c.not_after - run.at).div_euclid(86_400),
                ca: c.basic.is_some_and(|b| b.ca),
                san: c
                    .san_dns
                    .iter()
                    .cloned()
                    .chain(c.san_ip.iter().map(|ip| ip.to_string()))
                    .collect(),
                roles: e.roles,
                files: e.files,
                used_by: used_by(e.uses),
                findings: findings.into_iter().collect(),
            }
        })
        .collect();
    // Soonest expiry first; the order of first mention among equals.
    docs.sort_by(|a, b| (&a.not_after, &a.subject).cmp(&(&b.not_after, &b.subject)));
    (docs, unresolved)
}

/// Uses grouped by role (certificate, then trusted-ca), each list sorted and without
/// repeats.
fn used_by(uses: Vec<(Role, UsePlace)>) -> Vec<UsedBy> {
    let mut by_role: BTreeMap<Role, BTreeSet<UsePlace>> = BTreeMap::new();
    for (role, place) in uses {
        by_role.entry(role).or_default().insert(place);
    }
    by_role
        .into_iter()
        .map(|(role, places)| {
            let mut g = UsedBy {
                role: role.name(),
                ports: Vec::new(),
                connections: Vec::new(),
                local_files: Vec::new(),
            };
            for p in places {
                match p {
                    UsePlace::Port(s) => g.ports.push(s),
                    UsePlace::Connection(i) => g.connections.push(i),
                    UsePlace::LocalFile(s) => g.local_files.push(s),
                }
            }
            g
        })
        .collect()
}

/// The file of the windows-store folder that holds each certificate, by SHA-1 thumbprint
/// (lower case hex): the first in name order, for the files a found thumbprint lists.
fn store_file_names(dir: Option<&Path>) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    let Some(dir) = dir else { return out };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        for c in crate::pki::load::certificates_in(&f) {
            out.entry(hex(&c.sha1, "")).or_insert_with(|| f.clone());
        }
    }
    out
}

/// A local path as the report shows it: without `.` components (`./pki/a.pem` is
/// `pki/a.pem`).
fn shown(p: &Path) -> String {
    let clean: PathBuf = p
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        p.to_string_lossy().into_owned()
    } else {
        clean.to_string_lossy().into_owned()
    }
}

fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

#[cfg(test)]
mod tests;
