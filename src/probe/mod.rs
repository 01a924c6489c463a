//! Live probing of TLS endpoints: what they present and what they accept.
//!
//! Each endpoint gets a rustls handshake per modern version (TLS 1.3, TLS 1.2), then a scan
//! with hand-built ClientHellos for what rustls will not speak: SSLv3, TLS 1.0, TLS 1.1 and
//! every TLS ≤ 1.2 suite the server will choose. Failures are results, never errors.

pub(crate) mod endpoint;
pub(crate) mod hello;
pub(crate) mod io;
pub(crate) mod legacy;
pub(crate) mod modern;
pub(crate) mod run;

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::pki::cert::Certificate;
pub(crate) use endpoint::HostPort;

/// Connections a legacy scan may open per endpoint, on top of the two modern handshakes.
pub(crate) const DEFAULT_MAX_CONNECTIONS: usize = 64;
/// Endpoints probed at once.
pub(crate) const DEFAULT_PARALLEL: usize = 16;

/// What the caller wants of every endpoint.
#[derive(Clone)]
pub(crate) struct ProbeOptions {
    /// Server name to send and to check the certificate against; else the host given.
    pub sni: Option<String>,
    /// Bounds each connect and each handshake.
    pub timeout: Duration,
    /// A client certificate chain and key, for servers that ask for one.
    pub client: Option<modern::ClientCredentials>,
    /// Whether to run the ClientHello scan for legacy versions and suites.
    pub scan: bool,
    pub max_connections: usize,
}

impl ProbeOptions {
    /// The whole endpoint, all connections included, must finish by then.
    pub(crate) fn deadline(&self) -> Duration {
        self.timeout * 6
    }
}

/// One rustls handshake at one version.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Attempt {
    pub version: &'static str,
    pub ok: bool,
    pub suite: Option<String>,
    pub group: Option<String>,
    /// Why the handshake failed, in words.
    pub error: Option<String>,
    /// The server sent a CertificateRequest.
    pub client_cert_requested: bool,
}

/// Whether the server asked for a client certificate, and whom it said it trusts.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ClientAuth {
    pub requested: bool,
    pub ca_names: Vec<String>,
    /// Whether a handshake succeeded with the client certificate given.
    pub client_cert_sent: bool,
}

/// A suite the server chose, at one protocol version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Accepted {
    pub version: &'static str,
    pub suite: String,
    pub code: String,
    /// weak, legacy, ok or strong: the same grades as `tlskit ciphers`.
    pub grade: &'static str,
    /// Why it is weak or legacy.
    pub why: Option<String>,
}

/// Which versions rustls cannot speak the server accepted; `None` when not asked.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Legacy {
    pub sslv3: Option<bool>,
    pub tls1_0: Option<bool>,
    pub tls1_1: Option<bool>,
}

impl Legacy {
    pub(crate) fn accepted(&self) -> Vec<&'static str> {
        [
            ("SSLv3", self.sslv3),
            ("TLS 1.0", self.tls1_0),
            ("TLS 1.1", self.tls1_1),
        ]
        .into_iter()
        .filter(|(_, v)| *v == Some(true))
        .map(|(n, _)| n)
        .collect()
    }
}

/// Everything learned about one endpoint.
#[derive(Debug, Clone)]
pub(crate) struct EndpointReport {
    pub endpoint: HostPort,
    /// The address connected to, once the name resolved.
    pub address: Option<String>,
    pub reachable: bool,
    /// Why the endpoint is unreachable.
    pub unreachable: Option<String>,
    pub attempts: Vec<Attempt>,
    /// As the server sent it, leaf first.
    pub chain: Vec<Arc<Certificate>>,
    pub client_auth: ClientAuth,
    pub legacy: Legacy,
    pub accepted: Vec<Accepted>,
    /// Connections made for this endpoint, modern handshakes included.
    pub connections: usize,
    /// Why the scan stopped early, if it did.
    pub scan_note: Option<String>,
}

impl EndpointReport {
    pub(crate) fn handshake_ok(&self) -> bool {
        self.attempts.iter().any(|a| a.ok)
    }

    pub(crate) fn weak_accepted(&self) -> impl Iterator<Item = &Accepted> {
        self.accepted.iter().filter(|a| a.grade == "weak")
    }

    /// Names of the weak suites accepted at any version, each once.
    pub(crate) fn weak_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for a in self.weak_accepted() {
            if !names.contains(&a.suite.as_str()) {
                names.push(&a.suite);
            }
        }
        names
    }

    /// Whether the failures of every handshake are explained by a client certificate the
    /// server asked for and did not get.
    pub(crate) fn failed_for_client_cert(&self) -> bool {
        !self.handshake_ok()
            && self.client_auth.requested
            && !self.client_auth.client_cert_sent
            && self.attempts.iter().any(|a| a.client_cert_requested)
    }
}

/// Probes one endpoint: modern handshakes, then the legacy scan when the endpoint answered.
pub(crate) fn probe(endpoint: &HostPort, opts: &ProbeOptions) -> EndpointReport {
    let started = std::time::Instant::now();
    let until = started + opts.deadline();
    let mut report = EndpointReport {
        endpoint: endpoint.clone(),
        address: None,
        reachable: false,
        unreachable: None,
        attempts: Vec::new(),
        chain: Vec::new(),
        client_auth: ClientAuth::default(),
        legacy: Legacy::default(),
        accepted: Vec::new(),
        connections: 0,
        scan_note: None,
    };
    let addr = match endpoint.resolve(opts.timeout) {
        Ok(a) => a,
        Err(e) => {
            report.unreachable = Some(e);
            return report;
        }
    };
    report.address = Some(addr.to_string());
    let name = opts.sni.clone().unwrap_or_else(|| endpoint.host.clone());
    let mut answered = false;
    for version in [modern::Version::Tls13, modern::Version::Tls12] {
        let got = modern::handshake(&addr, &name, version, opts, until);
        report.connections += got.connections;
        if let Some(e) = got.connect_error {
            report.unreachable = Some(e);
            return report;
        }
        report.reachable = true;
        answered |= got.answered;
        if (report.chain.is_empty() || got.attempt.ok && !report.handshake_ok())
            && !got.chain.is_empty()
        {
            report.chain = got.chain;
        }
        if got.attempt.client_cert_requested {
            report.client_auth.requested = true;
            for n in got.ca_names {
                if !report.client_auth.ca_names.contains(&n) {
                    report.client_auth.ca_names.push(n);
                }
            }
            if got.attempt.ok && opts.client.is_some() {
                report.client_auth.client_cert_sent = true;
            }
        }
        report.attempts.push(got.attempt);
    }
    if !opts.scan {
        return report;
    }
    if !answered {
        report.scan_note =
            Some("legacy scan skipped: the endpoint sent nothing to either handshake".into());
        return report;
    }
    let left = opts.deadline().saturating_sub(started.elapsed());
    let scan = legacy::scan(&addr, &name, opts, left);
    report.connections += scan.connections;
    report.legacy = scan.legacy;
    report.accepted = scan.accepted;
    report.scan_note = scan.note;
    if report.chain.is_empty() {
        // Only a legacy handshake got as far as the certificate.
        report.chain = scan
            .chain
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok().map(Arc::new))
            .collect();
    }
    report
}
