//! Phase X: the certificates, keys, CA lists and CRLs that the configuration points to.
//! Checks that need no role run on every file an option names; role checks (EKU, names,
//! trust by the peer) run per port and per connection with the effective settings.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use crate::facts::{looks_like_thumbprint, path_items};
use crate::findings::{Finding, ObjectRef, Place, Severity};
use crate::input::source::Span;
use crate::model::{App, GUI_TYPES, Host, Os};
use crate::pki::cert::{Certificate, KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_ENCIPHERMENT};
use crate::pki::crl::Crl;
use crate::pki::load::PkiFile;
use crate::pki::names::{self, NameResult, PeerName};
use crate::pki::verify::{Defect, NameRules, Options, Purpose, order_problem, verify};
use crate::resolve::{ConnView, Effective, Level, PortView, Resolved, SECURITY};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};

const DAY: i64 = 86_400;

fn day(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.date().to_string().into())
        .unwrap_or_default()
}

/// The files of one option value, loaded (missing ones are file-not-found elsewhere).
fn files(ctx: &Ctx, host: Option<&str>, _key: &str, _value: &str, span: Span) -> Vec<Rc<PkiFile>> {
    ctx.facts.files(host, span)
}

fn certs_of(files: &[Rc<PkiFile>]) -> Vec<Arc<Certificate>> {
    files.iter().flat_map(|f| f.certs.iter().cloned()).collect()
}

fn crls_of(files: &[Rc<PkiFile>]) -> Vec<Arc<Crl>> {
    files.iter().flat_map(|f| f.crls.iter().cloned()).collect()
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    per_file(ctx, &mut found);
    roles(ctx, &mut found);
    windows_store(ctx, &mut found);
    for f in found {
        out.emit_once(f);
    }
}

fn finding(
    rule: RuleId,
    span: Span,
    object: &ObjectRef,
    key: Option<&str>,
    msg: String,
) -> Finding {
    let mut f = Finding::new(rule, Place::Span(span), msg).object(object.clone());
    if let Some(k) = key {
        f = f.key(SECURITY, k);
    }
    f
}

/// Validity of one certificate at the run's time and within the warning window.
fn validity(
    ctx: &Ctx,
    c: &Certificate,
    what: &str,
    span: Span,
    obj: &ObjectRef,
    key: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let window = ctx.settings.expiry_warn_days.unwrap_or(30) as i64;
    if c.not_after < ctx.at {
        out.push(
            finding(
                RuleId::CertExpired,
                span,
                obj,
                key,
                format!(
                    "{what} {} expired on {} ({} days ago)",
                    c.short_name(),
                    day(c.not_after),
                    (ctx.at - c.not_after) / DAY
                ),
            )
            .help("issue a new certificate (tlskit ca issue) and replace the file"),
        );
    } else if c.not_after < ctx.at + window * DAY {
        out.push(
            finding(
                RuleId::CertExpiresSoon,
                span,
                obj,
                key,
                format!(
                    "{what} {} expires on {} ({} days left; the warning window is {window} days)",
                    c.short_name(),
                    day(c.not_after),
                    (c.not_after - ctx.at) / DAY
                ),
            )
            .help("rotate it before it expires"),
        );
    }
    if c.not_before > ctx.at {
        out.push(finding(
            RuleId::CertNotYetValid,
            span,
            obj,
            key,
            format!(
                "{what} {} is not valid before {}",
                c.short_name(),
                day(c.not_before)
            ),
        ));
    }
}

/// Checks that need no role, on every file an option names. CRL issuers and chain
/// completion are judged against every CA that any trusted-ca option names.
fn per_file(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut all_cas: Vec<Arc<Certificate>> = Vec::new();
    let mut written = Vec::new();
    for site in &ctx.facts.sites {
        let host = site.host.map(|h| h.name.clone());
        let values = site.values();
        for (key, value, span) in values {
            if matches!(
                key,
                "certificate" | "certificate-key" | "trusted-ca" | "crl" | "tls-crl"
            ) {
                written.push((
                    site.object(),
                    site.host,
                    host.clone(),
                    key,
                    value,
                    span,
                    site.level,
                ));
            }
        }
    }
    // CRL issuers and chain completion look among every CA the deployment names: trusted
    // CAs, and intermediates shipped in certificate files (a peer receives those too).
    for (_, _, host, key, value, span, _) in &written {
        if *key == "trusted-ca" || *key == "certificate" {
            for c in certs_of(&files(ctx, host.as_deref(), key, value, *span)) {
                if (*key == "trusted-ca" || c.is_ca())
                    && !all_cas.iter().any(|a| a.sha256 == c.sha256)
                {
                    all_cas.push(c);
                }
            }
        }
    }
    let mut roots: BTreeMap<[u8; 32], (String, Span)> = BTreeMap::new();
    for (obj, site_host, host, key, value, span, _) in &written {
        let loaded = files(ctx, host.as_deref(), key, value, *span);
        let k = Some(*key);
        match *key {
            "certificate" => {
                let certs = certs_of(&loaded);
                if certs.is_empty() {
                    continue;
                }
                let leaf = crate::pki::verify::leaf_of(&certs);
                for c in &certs {
                    let what = if c.sha256 == leaf.sha256 {
                        "the certificate"
                    } else {
                        "the chain certificate"
                    };
                    validity(ctx, c, what, *span, obj, k, out);
                    if c.key.weak() {
                        out.push(finding(
                            RuleId::WeakKey,
                            *span,
                            obj,
                            k,
                            format!(
                                "{what} {} has a weak key: {} (at least RSA 2048 or EC P-256)",
                                c.short_name(),
                                c.key.describe()
                            ),
                        ));
                    }
                    if c.weak_signature() && !c.self_issued() {
                        out.push(finding(RuleId::WeakSignatureHash, *span, obj, k, format!(
                            "{what} {} is signed with {}: refused by OpenSSL 3 at security level 2, Java and Windows",
                            c.short_name(), c.sig_alg
                        )).help("reissue it with SHA-256"));
                    }
                }
                leaf_checks(ctx, &leaf, *span, obj, out);
                if let Some(order) = order_problem(&certs) {
                    out.push(finding(RuleId::ChainOrder, *span, obj, k, format!("{value}: {order}")).help(
                        "list the end-entity certificate first, then the intermediates, then the root",
                    ));
                }
                chain_in_file(ctx, &leaf, &certs, &all_cas, *span, obj, out);
            }
            "certificate-key" => {
                let Some(f) = loaded.first() else { continue };
                // A host whose OS is unknown is not judged (host-os-unknown says so).
                let unix = match site_host {
                    Some(h) => h.os.or(ctx.platform) == Some(Os::Unix),
                    None => ctx.platform != Some(Os::Windows),
                };
                // The mode of a path-mapped copy (a git checkout, an export) says nothing of
                // the host's file, unless tlskit.toml declares the mapping to be the
                // host's own files.
                let mapped = ctx
                    .settings
                    .path_map
                    .map(host.as_deref(), value.trim())
                    .is_some();
                let hosts_own = !mapped || ctx.settings.path_map_is_host_files;
                if unix && hosts_own && !f.keys.is_empty() && f.mode & 0o077 != 0 {
                    out.push(
                        finding(
                            RuleId::KeyFilePermissions,
                            *span,
                            obj,
                            k,
                            format!(
                                "private key {value} has mode {:03o}: readable by {}",
                                f.mode,
                                if f.mode & 0o007 != 0 {
                                    "every user"
                                } else {
                                    "its group"
                                }
                            ),
                        )
                        .help(format!("chmod 600 {value} (owner only)")),
                    );
                }
            }
            "trusted-ca" => {
                for c in certs_of(&loaded) {
                    // A version 1 root (no extensions at all) is still a CA to OpenSSL.
                    let v1_root = c.basic.is_none() && c.version < 3;
                    if !(c.is_ca() || v1_root) {
                        out.push(finding(RuleId::TrustedCaNotCa, *span, obj, k, format!(
                            "trusted-ca {value} holds {}, which is not a CA certificate", c.short_name()
                        )).help("list only CA certificates (the roots and intermediates that issue your peers' certificates)"));
                    }
                    if c.is_ca() || c.basic.is_none() {
                        validity(ctx, &c, "the trusted CA", *span, obj, k, out);
                    }
                    if c.self_issued() && c.is_ca() {
                        roots.entry(c.sha256).or_insert((c.short_name(), *span));
                    }
                }
            }
            _ => {
                for crl in crls_of(&loaded) {
                    crl_checks(ctx, &crl, &all_cas, value, *span, obj, k, out);
                }
            }
        }
    }
    if roots.len() > 1 {
        let names: Vec<&str> = roots.values().map(|(n, _)| n.as_str()).collect();
        let (_, span) = roots.values().next().expect("more than one");
        out.push(
            Finding::new(
                RuleId::MultipleTrustRoots,
                Place::Span(*span),
                format!(
                    "the deployment trusts {} root CAs: {}",
                    roots.len(),
                    crate::error::listed(&names, ", ")
                ),
            )
            .help("the guide recommends one CA for all components (TLS Certificates)"),
        );
    }
}

fn leaf_checks(ctx: &Ctx, leaf: &Certificate, span: Span, obj: &ObjectRef, out: &mut Vec<Finding>) {
    let k = Some("certificate");
    if !leaf.has_san {
        out.push(finding(RuleId::NoSan, span, obj, k, format!(
            "{} has no Subject Alternative Name: the Security Pack falls back to the CN; Java and rustls refuse the name",
            leaf.short_name()
        )).help("reissue it with the host's FQDN in the SAN (tlskit ca issue puts it there)"));
    }
    if let Some(w) = leaf
        .san_dns
        .iter()
        .chain(&leaf.common_names)
        .find(|n| n.contains('*'))
    {
        out.push(
            finding(
                RuleId::WildcardName,
                span,
                obj,
                k,
                format!(
                    "{} names `{w}`: the Security Pack and Windows accept no wildcards",
                    leaf.short_name()
                ),
            )
            .help("issue a certificate per host, naming its FQDN"),
        );
    }
    if leaf.is_ca() {
        out.push(finding(RuleId::LeafIsCa, span, obj, k, format!(
            "{} is a CA certificate (CA:TRUE) configured as the certificate of an application", leaf.short_name()
        )).help("use a host certificate issued by the CA"));
    } else if leaf.self_issued() && ctx.sigs.cert(leaf, leaf).is_ok() {
        out.push(
            finding(
                RuleId::SelfSignedLeaf,
                span,
                obj,
                k,
                format!(
                    "{} is self-signed: peers can trust it only by listing it in their trusted-ca",
                    leaf.short_name()
                ),
            )
            .help("issue it from the deployment's CA"),
        );
    }
    if let Some(ku) = leaf.key_usage
        && ku & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT) == 0
    {
        out.push(finding(RuleId::KeyUsageIncompatible, span, obj, k, format!(
            "{}'s keyUsage ({}) allows neither digitalSignature nor keyEncipherment: OpenSSL refuses it outside compatibility mode",
            leaf.short_name(), crate::pki::cert::key_usage_names(ku).join(", ")
        )));
    }
}

/// The Security Pack needs the full chain in the certificate file (Guide: Configuring
/// Certificate Chains), and every signature in it must verify.
fn chain_in_file(
    ctx: &Ctx,
    leaf: &Arc<Certificate>,
    certs: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
    span: Span,
    obj: &ObjectRef,
    out: &mut Vec<Finding>,
) {
    let k = Some("certificate");
    let mut top = leaf.clone();
    let mut seen = vec![leaf.sha256];
    while let Some(issuer) = certs
        .iter()
        .find(|c| c.subject_raw == top.issuer_raw && !seen.contains(&c.sha256))
    {
        if let Err(e) = ctx.sigs.cert(&top, issuer) {
            out.push(finding(
                RuleId::ChainSignatureInvalid,
                span,
                obj,
                k,
                format!(
                    "{} names {} as its issuer, but {e}",
                    top.short_name(),
                    issuer.short_name()
                ),
            ));
            return;
        }
        seen.push(issuer.sha256);
        top = issuer.clone();
    }
    if top.self_issued() {
        return;
    }
    match cas.iter().find(|c| c.subject_raw == top.issuer_raw) {
        Some(ca) if ca.self_issued() => {}
        Some(ca) => out.push(finding(RuleId::ChainIncomplete, span, obj, k, format!(
            "the intermediate {} that issued {} is only in trusted-ca: the Security Pack needs it in the certificate file",
            ca.short_name(), top.short_name()
        )).help("append the intermediate (and the root) to the certificate file, leaf first")),
        None if !cas.is_empty() => out.push(finding(RuleId::ChainIncomplete, span, obj, k, format!(
            "the issuer of {} ({}) is neither in the certificate file nor in any trusted-ca",
            top.short_name(), top.issuer
        )).help("append the missing intermediate to the certificate file, leaf first")),
        None => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn crl_checks(
    ctx: &Ctx,
    crl: &Arc<Crl>,
    cas: &[Arc<Certificate>],
    value: &str,
    span: Span,
    obj: &ObjectRef,
    k: Option<&str>,
    out: &mut Vec<Finding>,
) {
    if let Some(next) = crl.next_update
        && next < ctx.at
    {
        out.push(finding(RuleId::CrlExpired, span, obj, k, format!(
            "the CRL {value} of {} expired on {} (nextUpdate): OpenSSL refuses every certificate checked against it",
            crl.issuer, day(next)
        )).help("publish a fresh CRL (tlskit ca crl)"));
    }
    match cas.iter().find(|c| c.subject_raw == crl.issuer_raw) {
        None => out.push(finding(
            RuleId::CrlIssuerUnknown,
            span,
            obj,
            k,
            format!(
                "the CRL {value} is issued by {}, which no trusted-ca of the deployment holds",
                crl.issuer
            ),
        )),
        Some(ca) => {
            if let Err(e) = ctx.sigs.crl(crl, ca) {
                out.push(finding(
                    RuleId::CrlSignatureInvalid,
                    span,
                    obj,
                    k,
                    format!("{value}: {e} ({})", ca.short_name()),
                ));
            }
        }
    }
}

/// The end-entity certificate a secure port presents, when its file can be read.
pub fn server_leaf(ctx: &Ctx, p: &crate::resolve::PortView) -> Option<Arc<Certificate>> {
    let r = p.eff.get("certificate")?;
    let certs = certs_of(&files(
        ctx,
        p.host.map(|h| h.name.as_str()),
        r.key,
        r.taken.value,
        r.taken.span,
    ));
    (!certs.is_empty()).then(|| crate::pki::verify::leaf_of(&certs))
}

/// What one side of a connection presents and trusts.
struct Side<'r, 'd> {
    app: &'d App,
    host: Option<&'d Host>,
    eff: &'r Effective<'d>,
    of: Of<'r, 'd>,
}

/// The port or connection a side belongs to: its object is named only when a finding needs
/// it (tens of thousands of connections, few findings).
#[derive(Clone, Copy)]
enum Of<'r, 'd> {
    Port(&'r PortView<'d>),
    Conn(&'r ConnView<'d>),
}

impl<'r, 'd> Side<'r, 'd> {
    fn port(p: &'r PortView<'d>) -> Self {
        Side {
            app: p.app,
            host: p.host,
            eff: &p.eff,
            of: Of::Port(p),
        }
    }

    fn client(c: &'r ConnView<'d>) -> Self {
        Side {
            app: c.client,
            host: c.client_host,
            eff: &c.eff,
            of: Of::Conn(c),
        }
    }

    fn object(&self) -> ObjectRef {
        match self.of {
            Of::Port(p) => p.object(),
            Of::Conn(c) => c.object(),
        }
    }

    fn load(&self, ctx: &Ctx, r: &Resolved) -> Vec<Rc<PkiFile>> {
        files(
            ctx,
            self.host.map(|h| h.name.as_str()),
            r.key,
            r.taken.value,
            r.taken.span,
        )
    }

    fn leaf(&self, ctx: &Ctx) -> Option<(Arc<Certificate>, Vec<Arc<Certificate>>, Span)> {
        let r = self.eff.get("certificate")?;
        let certs = certs_of(&self.load(ctx, r));
        if certs.is_empty() {
            return None;
        }
        Some((crate::pki::verify::leaf_of(&certs), certs, r.taken.span))
    }

    fn cas(&self, ctx: &Ctx) -> Option<(Vec<Arc<Certificate>>, &str)> {
        let r = self.eff.get("trusted-ca")?;
        Some((certs_of(&self.load(ctx, r)), r.taken.value))
    }

    fn crls(&self, ctx: &Ctx) -> Vec<Arc<Crl>> {
        match self.eff.crl_read_by(self.app.runtime) {
            Some(r) => crls_of(&self.load(ctx, r)),
            None => Vec::new(),
        }
    }

    fn uses_files(&self, ctx: &Ctx) -> bool {
        ctx.platform(self.app, self.host).uses_files()
    }
}

/// Whether `leaf` (with the chain certificates of its file) is trusted by `cas`, with the
/// peer's CRLs; the first problem in words when not.
fn trusted_by(
    ctx: &Ctx,
    leaf: &Arc<Certificate>,
    chain: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
    crls: &[Arc<Crl>],
    purpose: Purpose,
) -> (Option<String>, Vec<String>) {
    // Thousands of connections share a handful of (certificate, trusted-ca) pairs.
    let key = (
        purpose,
        std::iter::once(leaf)
            .chain(chain)
            .chain(cas)
            .map(|c| c.sha256)
            .collect(),
        crls.iter().map(|c| Arc::as_ptr(c) as usize).collect(),
    );
    if let Some(hit) = ctx.trust_cache.borrow().get(&key) {
        return hit.clone();
    }
    let verdict = trusted_by_uncached(ctx, leaf, chain, cas, crls, purpose);
    ctx.trust_cache.borrow_mut().insert(key, verdict.clone());
    verdict
}

fn trusted_by_uncached(
    ctx: &Ctx,
    leaf: &Arc<Certificate>,
    chain: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
    crls: &[Arc<Crl>],
    purpose: Purpose,
) -> (Option<String>, Vec<String>) {
    let opts = Options {
        at: ctx.at,
        purpose: Some(purpose),
        name: None,
        name_rules: NameRules::Genesys,
        max_depth: None,
    };
    let o = verify(leaf, chain, cas, crls, &opts, &ctx.sigs);
    let untrusted = if !o.anchored {
        Some(
            o.problems
                .iter()
                .find(|p| {
                    matches!(
                        p.defect,
                        Defect::Untrusted | Defect::Incomplete | Defect::SignatureInvalid
                    )
                })
                .map(|p| p.message.clone())
                .unwrap_or_else(|| "no path to any of its CAs".into()),
        )
    } else {
        o.problems
            .iter()
            .find(|p| p.defect == Defect::Untrusted)
            .map(|p| p.message.clone())
    };
    let revoked = o
        .problems
        .iter()
        .filter(|p| p.defect == Defect::Revoked)
        .map(|p| p.message.clone())
        .collect();
    (untrusted, revoked)
}

fn roles(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Clients of each secure port, by (application, port).
    let mut clients: HashMap<(*const App, usize), Vec<&crate::resolve::ConnView>> = HashMap::new();
    for c in &ctx.res.conns {
        if c.secure(ctx.res)
            && let Some(t) = ctx.res.target_of(c)
        {
            clients
                .entry((t.app as *const App, t.port))
                .or_default()
                .push(c);
        }
    }
    for p in &ctx.res.ports {
        if !p.port().secure() {
            continue;
        }
        let server = Side::port(p);
        if !server.uses_files(ctx) {
            continue;
        }
        let Some((leaf, chain, cert_span)) = server.leaf(ctx) else {
            continue;
        };
        let k = Some("certificate");
        // The key must belong to the certificate.
        if let Some(key_r) = p.eff.get("certificate-key")
            && let Some(key) = server
                .load(ctx, key_r)
                .iter()
                .flat_map(|f| f.keys.iter())
                .next()
                .cloned()
            && let Some(public) = &key.public_key
            && *public != leaf.key.public_key
        {
            out.push(
                finding(
                    RuleId::KeyCertMismatch,
                    key_r.taken.span,
                    &server.object(),
                    Some("certificate-key"),
                    format!(
                        "the private key {} does not belong to the certificate {} ({})",
                        key_r.taken.value,
                        p.eff.value("certificate").unwrap_or(""),
                        leaf.short_name()
                    ),
                )
                .help("configure the key made with this certificate"),
            );
        }
        // A server application's certificate is used as server and as client.
        if let Some(eku) = &leaf.eku
            && !eku.any
            && !(eku.server && eku.client)
        {
            out.push(finding(RuleId::MissingEku, cert_span, &server.object(), k, format!(
                "{} has extended key usage {} but the certificate of server application {} needs serverAuth and clientAuth",
                leaf.short_name(), crate::error::listed(&eku.names, ", "), p.app.name
            )).help("reissue it with both (tlskit ca issue does by default)"));
        }
        let port_clients = clients
            .get(&(p.app as *const App, p.port))
            .cloned()
            .unwrap_or_default();
        let checking: Vec<_> = port_clients
            .iter()
            .filter(|c| {
                c.eff
                    .value("tls-target-name-check")
                    .is_some_and(|v| v.eq_ignore_ascii_case("host"))
            })
            .collect();
        if let Some(host) = p.host {
            let target = checking
                .iter()
                .find_map(|c| c.eff.value("tls-target-name"))
                .unwrap_or(host.name.as_str());
            let name = PeerName::parse(target);
            if checking.is_empty() || matches!(name, PeerName::Dns(_)) {
                let verdict = names::check(&leaf, &name);
                let sev = if checking.is_empty() {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                if let NameResult::Mismatch(why) | NameResult::WildcardOnly(why) = verdict {
                    out.push(finding(RuleId::HostnameMismatch, cert_span, &server.object(), k, format!(
                        "{} of port {}:{} does not name {target}, the name its clients use: {why}{}",
                        leaf.short_name(), p.app.name, p.port().id,
                        if checking.is_empty() { " (no client checks names today)" } else { "" }
                    )).severity(sev).help(format!("reissue it with {target} in the SAN")));
                }
            } else if let PeerName::Ip(ip) = name {
                out.push(finding(RuleId::IpTargetName, cert_span, &server.object(), k, format!(
                    "clients of port {}:{} check names (tls-target-name-check=host) but reach it by the address {ip}: the Security Pack needs the FQDN",
                    p.app.name, p.port().id
                )).help("name the host by its FQDN in the deployment"));
            }
        }
        // Each client's trusted-ca must validate the server's certificate.
        for c in &port_clients {
            let client = Side::client(c);
            if !client.uses_files(ctx) {
                continue;
            }
            let Some((cas, ca_value)) = client.cas(ctx) else {
                continue;
            };
            if cas.is_empty() {
                continue;
            }
            let crls = client.crls(ctx);
            let (untrusted, revoked) = trusted_by(ctx, &leaf, &chain, &cas, &crls, Purpose::Server);
            if let Some(why) = untrusted {
                let ca_span = c.eff.get("trusted-ca").expect("has cas").taken.span;
                out.push(finding(RuleId::ChainUntrusted, cert_span, &server.object(), k, format!(
                    "{} of port {}:{} is not trusted by client {} (trusted-ca {ca_value}): {why}",
                    leaf.short_name(), p.app.name, p.port().id, c.client.name
                )).related(Place::Span(ca_span), "the client's trusted-ca")
                .help("issue the server certificate from a CA in the client's trusted-ca, or add that CA to it"));
                out.push(Finding::new(RuleId::HandshakeServerUntrusted, Place::Span(c.conn().server.span), format!(
                    "connection {}: the client does not trust the server's certificate {} (its trusted-ca is {ca_value}): the handshake fails (unknown_ca)",
                    c.name(), leaf.short_name()
                )).object(c.object())
                .related(Place::Span(cert_span), "the server's certificate")
                .related(Place::Span(ca_span), "the client's trusted-ca"));
            }
            if c.eff
                .value("tls-target-name-check")
                .is_some_and(|v| v.eq_ignore_ascii_case("host"))
                && let Some(host) = p.host
            {
                let target = c.eff.value("tls-target-name").unwrap_or(host.name.as_str());
                if let NameResult::Mismatch(why) | NameResult::WildcardOnly(why) =
                    names::check(&leaf, &PeerName::parse(target))
                {
                    out.push(Finding::new(RuleId::HandshakeNameMismatch, Place::Span(c.conn().server.span), format!(
                        "connection {}: the client checks names (tls-target-name-check=host) and {} does not name {target}: {why}",
                        c.name(), leaf.short_name()
                    )).object(c.object()).related(Place::Span(cert_span), "the server's certificate"));
                }
            }
            for r in revoked {
                out.push(finding(
                    RuleId::CertRevoked,
                    cert_span,
                    &server.object(),
                    k,
                    format!(
                        "{r}: client {} refuses port {}:{}",
                        c.client.name,
                        p.app.name,
                        p.port().id
                    ),
                ));
            }
            // Mutual TLS: the server's trusted-ca must validate the client's certificate.
            if p.mutual()
                && let Some((cleaf, cchain, cspan)) = client.leaf(ctx)
            {
                let gui = GUI_TYPES.contains(&c.client.kind.as_str())
                    || c.client.is_server == Some(false);
                if let Some(eku) = &cleaf.eku
                    && !eku.any
                    && !eku.client
                {
                    out.push(finding(RuleId::MissingEku, cspan, &client.object(), k, format!(
                        "{} has extended key usage {} but a {} certificate presented for mutual TLS needs clientAuth",
                        cleaf.short_name(), crate::error::listed(&eku.names, ", "), if gui { "GUI" } else { "client" }
                    )));
                }
                if let Some((scas, s_value)) = server.cas(ctx)
                    && !scas.is_empty()
                {
                    let (untrusted, revoked) = trusted_by(
                        ctx,
                        &cleaf,
                        &cchain,
                        &scas,
                        &server.crls(ctx),
                        Purpose::Client,
                    );
                    if let Some(why) = untrusted {
                        out.push(finding(RuleId::ChainUntrusted, cspan, &client.object(), k, format!(
                            "{} of client {} is not trusted by port {}:{} (trusted-ca {s_value}), which requires mutual TLS: {why}",
                            cleaf.short_name(), c.client.name, p.app.name, p.port().id
                        )));
                        out.push(Finding::new(RuleId::HandshakeClientUntrusted, Place::Span(c.conn().server.span), format!(
                            "connection {}: port {}:{} requires mutual TLS and does not trust the client's certificate {} (its trusted-ca is {s_value}): the handshake fails",
                            c.name(), p.app.name, p.port().id, cleaf.short_name()
                        )).object(c.object()).related(Place::Span(cspan), "the client's certificate"));
                    }
                    for r in revoked {
                        out.push(finding(
                            RuleId::CertRevoked,
                            cspan,
                            &client.object(),
                            k,
                            format!(
                                "{r}: port {}:{} refuses client {}",
                                p.app.name,
                                p.port().id,
                                c.client.name
                            ),
                        ));
                    }
                }
            }
        }
    }
    // Certificates used only as clients: key match and EKU.
    for c in &ctx.res.conns {
        if !c.secure(ctx.res) {
            continue;
        }
        let client = Side::client(c);
        if !client.uses_files(ctx) {
            continue;
        }
        let Some((leaf, _, _)) = client.leaf(ctx) else {
            continue;
        };
        if let Some(key_r) = c.eff.get("certificate-key")
            && let Some(key) = client
                .load(ctx, key_r)
                .iter()
                .flat_map(|f| f.keys.iter())
                .next()
                .cloned()
            && let Some(public) = &key.public_key
            && *public != leaf.key.public_key
            && key_r.taken.level == Level::Connection
        {
            out.push(finding(
                RuleId::KeyCertMismatch,
                key_r.taken.span,
                &client.object(),
                Some("certificate-key"),
                format!(
                    "the private key {} does not belong to the certificate {} of connection {}",
                    key_r.taken.value,
                    leaf.short_name(),
                    c.name()
                ),
            ));
        }
    }
}

/// Windows thumbprints resolved against a folder of certificates (tlskit.toml
/// `windows-store`).
fn windows_store(ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(dir) = &ctx.settings.windows_store else {
        return;
    };
    let mut store: HashMap<String, Arc<Certificate>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            for c in crate::pki::load::certificates_in(&e.path()) {
                store.insert(crate::pki::cert::hex(&c.sha1, ""), c);
            }
        }
    }
    for p in &ctx.res.ports {
        if !p.port().secure() || !ctx.platform(p.app, p.host).uses_windows_store() {
            continue;
        }
        let Some(r) = p.eff.get("certificate") else {
            continue;
        };
        if !crate::facts::valid_thumbprint(r.taken.value) {
            continue;
        }
        let print: String = r
            .taken
            .value
            .chars()
            .filter(|c| *c != ' ')
            .collect::<String>()
            .to_lowercase();
        let obj = p.object();
        match store.get(&print) {
            None => out.push(finding(
                RuleId::FileNotFound,
                r.taken.span,
                &obj,
                Some("certificate"),
                format!(
                    "no certificate with thumbprint {} in the windows-store folder {}",
                    r.taken.value,
                    dir.display()
                ),
            )),
            Some(c) => {
                validity(
                    ctx,
                    c,
                    "the certificate",
                    r.taken.span,
                    &obj,
                    Some("certificate"),
                    out,
                );
                leaf_checks(ctx, c, r.taken.span, &obj, out);
                if c.key.weak() {
                    out.push(finding(
                        RuleId::WeakKey,
                        r.taken.span,
                        &obj,
                        Some("certificate"),
                        format!(
                            "the certificate {} has a weak key: {}",
                            c.short_name(),
                            c.key.describe()
                        ),
                    ));
                }
                if let Some(host) = p.host
                    && let NameResult::Mismatch(why) = names::check(c, &PeerName::parse(&host.name))
                {
                    out.push(
                        finding(
                            RuleId::HostnameMismatch,
                            r.taken.span,
                            &obj,
                            Some("certificate"),
                            format!("{} does not name {}: {why}", c.short_name(), host.name),
                        )
                        .severity(Severity::Warning),
                    );
                }
            }
        }
    }
}
