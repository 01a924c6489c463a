//! Who talks TLS to whom, with what: every secure port with the certificate it presents and
//! the CAs it trusts, each of its clients with theirs, and the trust verdicts both ways —
//! each distinct question (certificate, chain, CAs, CRLs, purpose) verified once.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::Facts;
use crate::input::source::Span;
use crate::model::{Os, Runtime};
use crate::pki::cert::Certificate;
use crate::pki::crl::Crl;
use crate::pki::verify::{Defect, NameRules, Options, Purpose, SigCache, trust_refusal, verify};
use crate::resolve::{ConnView, Effective, PortView, Resolution, platform};

/// Why a certificate is untrusted (None: trusted) with the defect that decides it, and its
/// revocations, in words.
pub(crate) type TrustVerdict = (Option<(Defect, String)>, Vec<String>);

/// A trust question: purpose, whether the judge validates as JSSE's PKIX does (a Java end),
/// the certificates by digest (leaf, its file's others, the CAs), and the CRLs by identity
/// (each parsed once, so one Arc per file).
type TrustKey = (Purpose, bool, Vec<[u8; 32]>, Vec<usize>);

/// What one side of a connection presents and trusts, read through the run's files.
pub(crate) struct Side<'d> {
    /// Whether this side reads certificate files at all (not the Windows store).
    pub uses_files: bool,
    /// The end-entity certificate, every certificate of its file, and where the
    /// certificate option is written.
    pub leaf: Option<(Arc<Certificate>, Vec<Arc<Certificate>>, Span)>,
    /// The trusted CAs and the trusted-ca value as written.
    pub cas: Option<(Vec<Arc<Certificate>>, &'d str)>,
    /// The CRLs this side's runtime reads.
    pub crls: Vec<Arc<Crl>>,
}

/// A secure port whose certificate tlskit can read, and its clients.
pub(crate) struct PortLink<'d> {
    /// Index in `res.ports`.
    pub port: usize,
    pub server: Side<'d>,
    pub clients: Vec<ClientLink<'d>>,
}

/// A client of a secure port, and the verdicts of each side on the other.
pub(crate) struct ClientLink<'d> {
    /// Index in `res.conns`.
    pub conn: usize,
    pub client: Side<'d>,
    /// Whether the client's trusted-ca accepts the server's certificate: None when the
    /// client does not read files or trusts no CA, and then nothing of it is judged.
    pub server_trusted: Option<TrustVerdict>,
    /// Mutual TLS: whether the server's trusted-ca accepts the client's certificate.
    pub client_trusted: Option<TrustVerdict>,
}

fn side<'d>(
    facts: &Facts<'d>,
    eff: &Effective<'d>,
    app: &'d crate::model::App,
    host: Option<&'d crate::model::Host>,
    fallback_os: Option<Os>,
) -> Side<'d> {
    let host_name = host.map(|h| h.name.as_str());
    let leaf = eff.get("certificate").and_then(|r| {
        let (leaf, certs) = facts.chain_file(host_name, r.taken.span)?;
        Some((leaf.clone(), certs.to_vec(), r.taken.span))
    });
    let cas = eff
        .get("trusted-ca")
        .map(|r| (facts.certs(host_name, r.taken.span).to_vec(), r.taken.value));
    let crls = match eff.crl_read_by(app.runtime) {
        Some(r) => facts
            .files(host_name, r.taken.span)
            .iter()
            .flat_map(|f| f.crls.iter().cloned())
            .collect(),
        None => Vec::new(),
    };
    Side {
        uses_files: platform(app, host, fallback_os).uses_files(),
        leaf,
        cas,
        crls,
    }
}

fn port_side<'d>(facts: &Facts<'d>, p: &PortView<'d>, os: Option<Os>) -> Side<'d> {
    side(facts, &p.eff, p.app, p.host, os)
}

fn client_side<'d>(facts: &Facts<'d>, c: &ConnView<'d>, os: Option<Os>) -> Side<'d> {
    side(facts, &c.eff, c.client, c.client_host, os)
}

/// Verifies every trust question of the deployment once.
struct Trust<'s> {
    at: i64,
    sigs: &'s SigCache,
    /// Shared by the threads judging ports: a question two ask at once is answered twice,
    /// the same way.
    verdicts: std::sync::Mutex<HashMap<TrustKey, TrustVerdict>>,
}

impl Trust<'_> {
    /// Whether `leaf` (with the chain certificates of its file) is trusted by `cas`, with
    /// the peer's CRLs; the first problem in words when not.
    fn judge(
        &self,
        leaf: &Arc<Certificate>,
        chain: &[Arc<Certificate>],
        cas: &[Arc<Certificate>],
        crls: &[Arc<Crl>],
        purpose: Purpose,
        pkix: bool,
    ) -> TrustVerdict {
        // Thousands of connections share a handful of (certificate, trusted-ca) pairs.
        let key = (
            purpose,
            pkix,
            std::iter::once(leaf)
                .chain(chain)
                .chain(cas)
                .map(|c| c.sha256)
                .collect(),
            crls.iter().map(|c| Arc::as_ptr(c) as usize).collect(),
        );
        if let Some(hit) = self.verdicts().get(&key) {
            return hit.clone();
        }
        let opts = Options {
            at: self.at,
            purpose: Some(purpose),
            name: None,
            name_rules: NameRules::Genesys,
            max_depth: None,
            pkix,
        };
        let o = verify(leaf, chain, cas, crls, &opts, self.sigs);
        let untrusted = trust_refusal(&o);
        let revoked = o
            .problems
            .iter()
            .filter(|p| p.defect == Defect::Revoked)
            .map(|p| p.message.clone())
            .collect();
        let verdict = (untrusted, revoked);
        self.verdicts().insert(key, verdict.clone());
        verdict
    }

    fn verdicts(&self) -> std::sync::MutexGuard<'_, HashMap<TrustKey, TrustVerdict>> {
        self.verdicts.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Every secure port that reads a certificate file, with its clients, in resolution order.
pub(super) fn gather<'d>(
    facts: &Facts<'d>,
    res: &Resolution<'d>,
    fallback_os: Option<Os>,
    at: i64,
    sigs: &SigCache,
) -> Vec<PortLink<'d>> {
    let mut clients: HashMap<(usize, usize), Vec<usize>> = HashMap::default();
    for (ci, c) in res.conns.iter().enumerate() {
        if c.secure
            && let Some(t) = c.target
        {
            clients.entry(t).or_default().push(ci);
        }
    }
    let trust = Trust {
        at,
        sigs,
        verdicts: Default::default(),
    };
    // Each port on its own, on every core, in order.
    let ports: Vec<(usize, &PortView<'d>)> = res
        .ports
        .iter()
        .enumerate()
        .filter(|(_, p)| p.port().secure())
        .collect();
    crate::par::map(&ports, |&(pi, p)| {
        let server = port_side(facts, p, fallback_os);
        if !server.uses_files {
            return None;
        }
        let Some((leaf, chain, _)) = &server.leaf else {
            return None;
        };
        let mut link_clients = Vec::new();
        for &ci in clients.get(&(p.ai, p.port)).into_iter().flatten() {
            let c = &res.conns[ci];
            let client = client_side(facts, c, fallback_os);
            let server_trusted = match &client.cas {
                Some((cas, _)) if client.uses_files && !cas.is_empty() => Some(trust.judge(
                    leaf,
                    chain,
                    cas,
                    &client.crls,
                    Purpose::Server,
                    c.client.runtime == Runtime::Java,
                )),
                _ => None,
            };
            // The server judges a client only in mutual TLS, and tlskit only judges a
            // client whose own trust it could judge.
            let client_trusted = match (&client.leaf, &server.cas) {
                (Some((cleaf, cchain, _)), Some((scas, _)))
                    if p.mutual() && server_trusted.is_some() && !scas.is_empty() =>
                {
                    Some(trust.judge(
                        cleaf,
                        cchain,
                        scas,
                        &server.crls,
                        Purpose::Client,
                        p.app.runtime == Runtime::Java,
                    ))
                }
                _ => None,
            };
            link_clients.push(ClientLink {
                conn: ci,
                client,
                server_trusted,
                client_trusted,
            });
        }
        Some(PortLink {
            port: pi,
            server,
            clients: link_clients,
        })
    })
    .into_iter()
    .flatten()
    .collect()
}
