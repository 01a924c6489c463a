//! `tlskit probe HOST:PORT...`: what live endpoints present and accept.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::PrivateKeyDer;
use serde_json::{Value, json};

use clap::Args;

use crate::cli::cert::{cert_json, problems_json};
use crate::cli::common::{OutputArgs, SimpleFormat, envelope, print_out, print_verdicts, read_pki};
use crate::error::{InputError, Result};
use crate::input::read::read_capped;
use crate::pki::cert::{Certificate, hex};
use crate::pki::names::PeerName;
use crate::pki::verify::{self, NameRules, Options as VerifyOptions, Purpose, SigCache};
use crate::pki::{load::MAX_PKI_BYTES, pem};
use crate::probe::modern::ClientCredentials;
use crate::probe::{self, EndpointReport, HostPort, ProbeOptions, run::probe_all};

#[derive(Args)]
pub(crate) struct ProbeArgs {
    /// Endpoints: name:port, 10.0.0.1:port or [::1]:port
    #[arg(value_name = "HOST:PORT", required = true)]
    pub endpoints: Vec<String>,
    /// Server name to send and to check the certificate against (default: the host given)
    #[arg(long)]
    pub sni: Option<String>,
    /// CA certificates to validate the presented chain against
    #[arg(long = "trusted-ca")]
    pub trusted_ca: Option<PathBuf>,
    /// Client certificate (chain) for servers that ask for one
    #[arg(long, requires = "key")]
    pub cert: Option<PathBuf>,
    /// Unencrypted private key of --cert
    #[arg(long, requires = "cert")]
    pub key: Option<PathBuf>,
    /// Seconds allowed for each connect and each handshake (default 5)
    #[arg(long)]
    pub timeout: Option<f64>,
    /// Endpoints probed at once
    #[arg(long, default_value_t = crate::probe::DEFAULT_PARALLEL)]
    pub parallel: usize,
    /// Most connections the legacy version and suite scan makes per endpoint
    #[arg(long = "max-connections", default_value_t = crate::probe::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Only the TLS 1.3 and TLS 1.2 handshakes: no legacy version or suite scan
    #[arg(long = "no-scan")]
    pub no_scan: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(crate) fn run(a: &ProbeArgs) -> Result<i32> {
    a.output.open()?;
    let endpoints = a
        .endpoints
        .iter()
        .map(|e| HostPort::parse(e).map_err(InputError))
        .collect::<Result<Vec<_>>>()?;
    let timeout = match a.timeout {
        None => Duration::from_secs(5),
        Some(t) if t.is_finite() && t > 0.0 && t <= 600.0 => Duration::from_secs_f64(t),
        Some(t) => {
            return Err(InputError(format!(
                "--timeout {t}: expected seconds between 0 and 600"
            )));
        }
    };
    let client = match (&a.cert, &a.key) {
        (Some(c), Some(k)) => Some(credentials(c, k)?),
        (None, None) => None,
        _ => {
            return Err(InputError(
                "--cert and --key go together: give both for mutual TLS".into(),
            ));
        }
    };
    let trusted = match &a.trusted_ca {
        Some(p) => {
            let f = read_pki(p, None)?;
            if f.certs.is_empty() {
                return Err(InputError::file(p, "no certificate in it"));
            }
            Some((p.as_path(), f.certs.clone()))
        }
        None => None,
    };
    let opts = ProbeOptions {
        sni: a.sni.clone(),
        timeout,
        client,
        scan: !a.no_scan,
        max_connections: a.max_connections,
    };
    let reports = probe_all(&endpoints, &opts, a.parallel.max(1));
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let sigs = SigCache::default();
    let mut text = String::new();
    let mut docs = Vec::new();
    let mut clean = true;
    for r in &reports {
        let name = a.sni.clone().unwrap_or_else(|| r.endpoint.host.clone());
        let validation = trusted
            .as_ref()
            .filter(|_| !r.chain.is_empty())
            .map(|(_, anchors)| validate(r, anchors, &name, now, &sigs));
        clean &= r.reachable
            && r.handshake_ok()
            && validation.as_ref().is_none_or(|v| v.valid)
            && r.legacy.accepted().is_empty()
            && r.weak_accepted().next().is_none();
        let trusted_path = trusted.as_ref().map(|(p, _)| *p);
        match a.format {
            SimpleFormat::Json => docs.push(report_json(r, validation.as_ref(), now)),
            SimpleFormat::Text => {
                report_text(&mut text, r, validation.as_ref(), trusted_path, &name, now)
            }
        }
    }
    match a.format {
        SimpleFormat::Json => print_out(&envelope(json!({ "endpoints": docs }))),
        SimpleFormat::Text => print_verdicts(&text),
    }
    Ok(if clean { 0 } else { 1 })
}

/// The presented chain judged as `cert verify` judges a file: same checks, same messages.
pub(crate) fn validate(
    r: &EndpointReport,
    anchors: &[Arc<Certificate>],
    name: &str,
    at: i64,
    sigs: &SigCache,
) -> verify::Verification {
    let opts = VerifyOptions {
        at,
        purpose: Some(Purpose::Server),
        name: Some(PeerName::parse(name)),
        name_rules: NameRules::Genesys,
        max_depth: None,
        pkix: false,
    };
    let mut outcome = verify::verify(&r.chain[0], &r.chain, anchors, &[], &opts, sigs);
    if let Some(order) = verify::order_problem(&r.chain) {
        outcome.problems.insert(
            0,
            verify::Problem {
                defect: crate::pki::verify::Defect::Order,
                depth: 0,
                message: order,
            },
        );
    }
    outcome
}

/// The client certificate chain and key for mutual TLS.
fn credentials(cert: &Path, key: &Path) -> Result<ClientCredentials> {
    let certs = read_pki(cert, None)?;
    if certs.certs.is_empty() {
        return Err(InputError::file(cert, "no certificate in it"));
    }
    let chain = certs.certs.iter().map(|c| c.der.clone()).collect();
    let bytes =
        read_capped(key, MAX_PKI_BYTES).map_err(|e| InputError::file(key, e.to_string()))?;
    let der = if pem::looks_like_pem(&bytes) {
        let parsed = pem::parse(&bytes);
        let Some(b) = parsed
            .blocks
            .iter()
            .find(|b| b.label.ends_with("PRIVATE KEY"))
        else {
            return Err(InputError::file(key, "no private key in it"));
        };
        if b.encrypted || b.label == "ENCRYPTED PRIVATE KEY" {
            return Err(InputError::file(
                key,
                format!(
                    "line {}: the key is encrypted; write a plain copy with `tlskit key convert`",
                    b.line
                ),
            ));
        }
        match b.label.as_str() {
            "PRIVATE KEY" => PrivateKeyDer::Pkcs8(b.der.clone().into()),
            "RSA PRIVATE KEY" => PrivateKeyDer::Pkcs1(b.der.clone().into()),
            "EC PRIVATE KEY" => PrivateKeyDer::Sec1(b.der.clone().into()),
            other => {
                return Err(InputError::file(
                    key,
                    format!(
                        "line {}: a {other} block is not a key rustls can use",
                        b.line
                    ),
                ));
            }
        }
    } else {
        PrivateKeyDer::try_from(bytes)
            .map_err(|e| InputError::file(key, format!("not a private key: {e}")))?
    };
    ClientCredentials::new(chain, der).map_err(|e| InputError::file(key, e))
}

fn report_json(r: &EndpointReport, validation: Option<&verify::Verification>, now: i64) -> Value {
    json!({
        "endpoint": r.endpoint.text,
        "address": r.address,
        "reachable": r.reachable,
        "unreachable": r.unreachable,
        "attempts": r.attempts,
        "client_auth": r.client_auth,
        "chain": r.chain.iter().map(|c| cert_json(c, now)).collect::<Vec<_>>(),
        "valid": validation.map(|v| v.valid),
        "problems": validation.map(|v| problems_json(&v.problems)).unwrap_or_default(),
        "legacy": r.legacy,
        "accepted_suites": r.accepted,
        "weak_suites_accepted": r.weak_names(),
        "connections": r.connections,
        "scan_note": r.scan_note,
    })
}

fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
        .unwrap_or_else(|_| t.to_string())
}

/// A suite's IANA name with its OpenSSL name, which is what `cipher-list` takes.
fn with_openssl(iana: &str) -> String {
    crate::tls::table::SUITES
        .iter()
        .chain(crate::tls::table::TLS13)
        .find(|s| s.iana == iana)
        .filter(|s| s.openssl != s.iana)
        .map_or_else(|| iana.to_string(), |s| format!("{iana} ({})", s.openssl))
}

fn report_text(
    s: &mut String,
    r: &EndpointReport,
    validation: Option<&verify::Verification>,
    trusted: Option<&Path>,
    name: &str,
    now: i64,
) {
    let _ = write!(s, "{}", r.endpoint);
    match &r.address {
        Some(a) if *a != r.endpoint.text => {
            let _ = writeln!(s, " ({a})");
        }
        _ => s.push('\n'),
    }
    if !r.reachable {
        let why = r.unreachable.as_deref().unwrap_or("unreachable");
        let _ = writeln!(s, "  UNREACHABLE: {why}\n");
        return;
    }
    for a in &r.attempts {
        if a.ok {
            let _ = writeln!(
                s,
                "  {}  ok      {}  {}",
                a.version,
                a.suite.as_deref().map_or("?".into(), with_openssl),
                a.group.as_deref().unwrap_or("")
            );
        } else {
            let _ = writeln!(
                s,
                "  {}  FAILED  {}",
                a.version,
                a.error.as_deref().unwrap_or("unknown reason")
            );
        }
    }
    let legacy = r.legacy.accepted();
    if !r.handshake_ok() && !legacy.is_empty() {
        let _ = writeln!(
            s,
            "  no handshake at TLS 1.2/1.3; legacy versions accepted: {}",
            legacy.join(", ")
        );
    }
    if r.client_auth.requested {
        let names = if r.client_auth.ca_names.is_empty() {
            "no CA names".to_string()
        } else {
            crate::error::listed(&r.client_auth.ca_names, "; ")
        };
        let _ = writeln!(
            s,
            "  client certificate requested ({}); CAs named: {names}",
            if r.client_auth.client_cert_sent {
                "sent, accepted"
            } else {
                "none accepted"
            }
        );
    }
    chain_text(s, r, validation, trusted, name, now);
    scan_text(s, r);
    let _ = writeln!(s, "  connections made: {}\n", r.connections);
}

/// The chain the endpoint presented and, with --trusted-ca, its validation.
fn chain_text(
    s: &mut String,
    r: &EndpointReport,
    validation: Option<&verify::Verification>,
    trusted: Option<&Path>,
    name: &str,
    now: i64,
) {
    if r.chain.is_empty() {
        let _ = writeln!(s, "  no certificate presented");
    } else {
        let _ = writeln!(s, "  chain as presented:");
        for (i, c) in r.chain.iter().enumerate() {
            let expired = if c.not_after < now { "  EXPIRED" } else { "" };
            let _ = writeln!(
                s,
                "    {i}  {}  issuer {}  expires {}{expired}\n       sha256 {}  sha1 {}",
                c.subject,
                c.issuer,
                date(c.not_after),
                hex(&c.sha256, ":"),
                c.thumbprint()
            );
        }
    }
    match (validation, trusted) {
        (Some(v), Some(t)) => {
            let _ = writeln!(
                s,
                "  validation against {} for {name}: {}",
                t.display(),
                if v.valid { "valid" } else { "INVALID" }
            );
            for p in &v.problems {
                let rule = crate::rules::rule_of_defect(p.defect);
                let sev = rule.rule().severity.as_str();
                let _ = writeln!(s, "    depth {}  {sev}[{rule}]: {}", p.depth, p.message);
            }
        }
        _ if !r.chain.is_empty() => {
            let _ = writeln!(s, "  chain not validated: give --trusted-ca to check it");
        }
        _ => {}
    }
}

/// What the hand-built ClientHello scan found: legacy versions and the suites accepted.
fn scan_text(s: &mut String, r: &EndpointReport) {
    let yn = |v: Option<bool>| match v {
        Some(true) => "ACCEPTED",
        Some(false) => "refused",
        None => "not tested",
    };
    if r.legacy.sslv3.is_some() || r.legacy.tls1_0.is_some() || r.legacy.tls1_1.is_some() {
        let _ = writeln!(
            s,
            "  legacy versions: SSLv3 {}, TLS 1.0 {}, TLS 1.1 {}",
            yn(r.legacy.sslv3),
            yn(r.legacy.tls1_0),
            yn(r.legacy.tls1_1)
        );
    }
    if !r.accepted.is_empty() {
        let _ = writeln!(s, "  suites accepted (TLS 1.2 and below):");
        for a in &r.accepted {
            let why = a
                .why
                .as_deref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "    {}  {}  {}{why}",
                a.version,
                with_openssl(&a.suite),
                a.grade
            );
        }
    }
    let weak = r.weak_names();
    if !weak.is_empty() {
        let named: Vec<String> = weak.iter().map(|n| with_openssl(n)).collect();
        let _ = writeln!(s, "  WEAK suites accepted: {}", named.join(", "));
    }
    if let Some(n) = &r.scan_note {
        let _ = writeln!(s, "  {n}");
    }
}

/// Probe options for `lint --probe`: defaults, no client certificate.
pub(crate) fn lint_options(timeout: Duration) -> ProbeOptions {
    ProbeOptions {
        sni: None,
        timeout,
        client: None,
        scan: true,
        max_connections: probe::DEFAULT_MAX_CONNECTIONS,
    }
}
