//! The facts of a run, gathered once after `resolve` and before any rule: where options
//! are written (sites), every file a path option names (mapped and loaded, in parallel),
//! and what `lint --probe` saw. Rules read them and touch neither the disk nor the network.

mod levels;
mod links;
mod sites;
mod values;
mod written;

pub(crate) use levels::{chain_refused, level_of, load_refused, sent_chain_refused};
pub(crate) use links::{PortLink, TrustVerdict};
pub(crate) use sites::{Site, SiteValues, sites};
pub(crate) use values::*;
pub(crate) use written::{PathFiles, WrittenValues};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::input::source::{Sources, Span};
use crate::model::Deployment;
use crate::model::vocab::{is_path_option, path_items};
use crate::pki::load::{LoadResult, PkiCache, PkiFile};
use crate::pki::verify::{SigCache, Signatures};
use crate::resolve::{ConnView, PortView, Resolution};
use crate::settings::Settings;
use crate::tls::handshake::Prediction;

/// One item of a path option (`certificate` may list several, comma-separated): as
/// written, where tlskit reads it, and what it holds.
#[derive(Debug)]
pub(crate) struct ItemFile {
    pub item: String,
    pub local: PathBuf,
    pub loaded: LoadResult,
}

/// The items of each path value, by where it is written and then by the host reading it.
/// (By index in `Facts::places`.)
type FilesByPlace<'d> = rustc_hash::FxHashMap<Span, Vec<(Option<&'d str>, u32)>>;

/// The items of one path value as one host reads them, with the files that could be read
/// and their certificates in the order written (most rules want only those).
#[derive(Debug, Default)]
pub(crate) struct PlaceFiles {
    items: Vec<ItemFile>,
    pub files: Vec<Arc<PkiFile>>,
    pub certs: Vec<Arc<crate::pki::cert::Certificate>>,
    /// The end-entity certificate among `certs` (see `leaf_of`), when there are any.
    pub leaf: Option<Arc<crate::pki::cert::Certificate>>,
}

impl PlaceFiles {
    fn of(items: Vec<ItemFile>) -> PlaceFiles {
        let files: Vec<Arc<PkiFile>> = items
            .iter()
            .filter_map(|i| i.loaded.as_ref().ok().cloned())
            .collect();
        let certs: Vec<_> = files.iter().flat_map(|f| f.certs.iter().cloned()).collect();
        let leaf = (!certs.is_empty()).then(|| crate::pki::verify::leaf_of(&certs));
        PlaceFiles {
            items,
            files,
            certs,
            leaf,
        }
    }
}

/// An item as written and where tlskit reads it.
type Wanted = Vec<(String, PathBuf)>;

pub(crate) struct Facts<'d> {
    /// Every place options are written.
    pub sites: Vec<Site<'d>>,
    /// Every value of every site, in the sites' order.
    pub written: WrittenValues<'d>,
    /// Every path value with the files of it that could be read, in the sites' order.
    pub paths: Vec<PathFiles>,
    /// The files of every path value, by the host that reads it and where it is written:
    /// one value at host level serves every port of the host, and is looked up once.
    /// (A value written at host level is read on one host; one at application level can
    /// be read on two, by a pair's servers: hence the list under each place.)
    files: FilesByPlace<'d>,
    /// What `files` points at.
    places: Vec<PlaceFiles>,
    /// `lint --probe`: what each probed secure port (by index in `res.ports`) showed.
    pub probes: Vec<(usize, Arc<crate::probe::EndpointReport>)>,
    /// Every secure port that reads its certificate from a file, with its clients and the
    /// trust verdicts both ways.
    pub links: Vec<PortLink<'d>>,
    /// The handshake each connection (by index in `res.conns`) is predicted to make.
    pub predictions: Vec<Option<Prediction>>,
    /// Every signature verdict reached while gathering.
    pub sigs: Signatures,
    /// Every CA the deployment names: trusted CAs, and CA certificates shipped in
    /// certificate files (a peer receives those too), in the order written, each once. CRL
    /// issuers and chain completion are looked for among them.
    pub cas: Vec<Arc<crate::pki::cert::Certificate>>,
    /// The certificates of tlskit.toml's `windows-store` folder, by SHA-1 thumbprint (lower
    /// case hex), when one is configured.
    pub windows_store: Option<HashMap<String, Arc<crate::pki::cert::Certificate>>>,
}

/// How a run gathers its facts.
pub(crate) struct Gather<'o> {
    /// `--platform`: the OS of hosts whose OS is unknown.
    pub platform: Option<crate::model::Os>,
    /// The time validity is judged at (unix seconds).
    pub at: i64,
    /// `lint --probe`.
    pub probe: Option<&'o crate::probe::ProbeOptions>,
    /// Whether to verify who trusts whom (`resolve` shows predictions only).
    pub trust: bool,
    /// Files already loading, from `load`.
    pub preload: &'o [crate::pki::load::Preload],
}

impl<'d> Facts<'d> {
    pub(crate) fn gather(
        d: &'d Deployment,
        res: &Resolution<'d>,
        sources: &'d Sources,
        settings: &'d Settings,
        how: &Gather,
    ) -> Facts<'d> {
        let sites = sites(d);
        let written = WrittenValues::of(&sites);
        let (files, places) = load_files(&sites, &written, sources, settings, how.preload);
        let probes = match how.probe {
            Some(opts) => probe_secure_ports(res, opts),
            None => Vec::new(),
        };
        let mut facts = Facts {
            sites,
            written,
            paths: Vec::new(),
            files,
            places,
            probes,
            links: Vec::new(),
            predictions: Vec::new(),
            sigs: Signatures::default(),
            cas: Vec::new(),
            windows_store: settings.windows_store.as_deref().map(windows_store),
        };
        facts.paths = facts.path_values();
        facts.cas = facts.deployment_cas();
        let sigs = SigCache::default();
        if how.trust {
            sigs.prewarm(&facts.distinct_certs());
            facts.links = links::gather(&facts, res, how.platform, how.at, &sigs);
        }
        // Each connection's prediction is its own: on every core, in order.
        let java = settings.java_release();
        facts.predictions =
            crate::par::map(&res.conns, |c| predict(&facts, res, c, how.platform, java));
        facts.sigs = sigs.freeze();
        facts
    }

    /// Whether connection `conn` is predicted to negotiate an anonymous suite: the server
    /// then sends no certificate, and nothing of it is verified.
    pub(crate) fn anonymous(&self, conn: usize) -> bool {
        matches!(
            self.predictions.get(conn),
            Some(Some(Prediction::Succeeds { suite, .. }))
                if crate::tls::by_openssl(suite).is_some_and(|s| s.au == "None")
        )
    }

    /// The end-entity certificate a port presents, when its file can be read.
    pub(crate) fn server_leaf(&self, p: &PortView) -> Option<Arc<crate::pki::cert::Certificate>> {
        let r = p.eff.get("certificate")?;
        let (leaf, _) = self.chain_file(p.host.map(|h| h.name.as_str()), r.taken.span)?;
        Some(leaf.clone())
    }

    /// Every certificate of every file read, each once.
    fn distinct_certs(&self) -> Vec<Arc<crate::pki::cert::Certificate>> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut out = Vec::new();
        for place in &self.places {
            for c in &place.certs {
                if seen.insert(c.sha256) {
                    out.push(c.clone());
                }
            }
        }
        out
    }

    fn path_values(&self) -> Vec<PathFiles> {
        let mut out = Vec::new();
        for (at, w) in self.written.all.iter().enumerate() {
            if !is_path_option(w.key) {
                continue;
            }
            let host = self.sites[w.site as usize].host.map(|h| h.name.as_str());
            out.push(PathFiles {
                at: at as u32,
                place: self.place_index(host, w.span),
            });
        }
        out
    }

    fn deployment_cas(&self) -> Vec<Arc<crate::pki::cert::Certificate>> {
        let mut cas: Vec<Arc<crate::pki::cert::Certificate>> = Vec::new();
        for p in &self.paths {
            let key = self.written.all[p.at as usize].key;
            if key != "trusted-ca" && key != "certificate" {
                continue;
            }
            for c in self.path_files(p).map_or(&[][..], |f| &f.certs) {
                if (key == "trusted-ca" || c.is_ca()) && !cas.iter().any(|a| a.sha256 == c.sha256) {
                    cas.push(c.clone());
                }
            }
        }
        cas
    }

    fn place_index(&self, host: Option<&str>, span: Span) -> Option<u32> {
        self.files
            .get(&span)
            .and_then(|by_host| by_host.iter().find(|(h, _)| *h == host))
            .map(|&(_, place)| place)
    }

    fn place(&self, host: Option<&str>, span: Span) -> Option<&PlaceFiles> {
        Some(&self.places[self.place_index(host, span)? as usize])
    }

    /// The files of a path value of `paths`.
    pub(crate) fn path_files(&self, p: &PathFiles) -> Option<&PlaceFiles> {
        Some(&self.places[p.place? as usize])
    }

    /// The items of a path value, with what each holds; none for a thumbprint.
    pub(crate) fn items(&self, host: Option<&str>, span: Span) -> &[ItemFile] {
        self.place(host, span).map_or(&[], |p| &p.items)
    }

    /// The files of a path value that could be read.
    pub(crate) fn files(&self, host: Option<&str>, span: Span) -> &[Arc<PkiFile>] {
        self.place(host, span).map_or(&[], |p| &p.files)
    }

    /// The certificates of a path value's files with the end-entity one among them; None
    /// when the files hold none.
    pub(crate) fn chain_file(
        &self,
        host: Option<&str>,
        span: Span,
    ) -> Option<(
        &Arc<crate::pki::cert::Certificate>,
        &[Arc<crate::pki::cert::Certificate>],
    )> {
        let p = self.place(host, span)?;
        Some((p.leaf.as_ref()?, &p.certs))
    }

    /// The certificates of a path value's files, in the order written.
    pub(crate) fn certs(
        &self,
        host: Option<&str>,
        span: Span,
    ) -> &[Arc<crate::pki::cert::Certificate>] {
        self.place(host, span).map_or(&[], |p| &p.certs)
    }
}

/// Every path value of every site, mapped and loaded: the files parsed on every core, each
/// file once however many values name it.
fn load_files<'d>(
    sites: &[Site<'d>],
    written: &WrittenValues<'d>,
    sources: &Sources,
    settings: &Settings,
    preload: &[crate::pki::load::Preload],
) -> (FilesByPlace<'d>, Vec<PlaceFiles>) {
    let mut wanted: rustc_hash::FxHashMap<(Option<&'d str>, Span), Wanted> = Default::default();
    for w in &written.all {
        let (key, value, span) = (w.key, w.value, w.span);
        let host = sites[w.site as usize].host.map(|h| h.name.as_str());
        if !is_path_option(key) || wanted.contains_key(&(host, span)) {
            continue;
        }
        if key == "certificate" && looks_like_thumbprint(value) {
            continue;
        }
        let items = path_items(key, value)
            .into_iter()
            .filter(|i| !i.is_empty())
            .map(|item| {
                let local = settings.local_path(host, &item, &sources.get(span.file).path);
                (item, local)
            })
            .collect();
        wanted.insert((host, span), items);
    }
    let pki = PkiCache::default();
    for preload in preload {
        pki.seed(preload);
    }
    pki.prefetch(wanted.values().flatten().map(|(_, local)| local.clone()));
    let mut files: FilesByPlace<'d> = Default::default();
    let mut places = Vec::with_capacity(wanted.len());
    for ((host, span), items) in wanted {
        let items = items
            .into_iter()
            .map(|(item, local)| ItemFile {
                loaded: pki.get(&local),
                item,
                local,
            })
            .collect();
        files
            .entry(span)
            .or_default()
            .push((host, places.len() as u32));
        places.push(PlaceFiles::of(items));
    }
    (files, places)
}

/// The endpoint of a port: its host's name when it is a DNS name (else its address), and
/// the port number.
pub(crate) fn endpoint_of(p: &crate::resolve::PortView) -> Option<crate::probe::HostPort> {
    let number: u16 = p.port().number.as_deref()?.trim().parse().ok()?;
    let host = p.host?;
    let addr = if host.name.contains('.') || host.ip.is_none() {
        host.name.as_str()
    } else {
        host.ip.as_deref()?
    };
    Some(crate::probe::HostPort::new(addr, number))
}

/// Probes every secure port's endpoint once, however many ports share it.
fn probe_secure_ports(
    res: &Resolution,
    opts: &crate::probe::ProbeOptions,
) -> Vec<(usize, Arc<crate::probe::EndpointReport>)> {
    let mut endpoints: Vec<crate::probe::HostPort> = Vec::new();
    let mut wanted = Vec::new();
    for (i, p) in res.ports.iter().enumerate() {
        if !p.port().secure() {
            continue;
        }
        let Some(e) = endpoint_of(p) else {
            continue;
        };
        let at = match endpoints.iter().position(|x| *x == e) {
            Some(at) => at,
            None => {
                endpoints.push(e);
                endpoints.len() - 1
            }
        };
        wanted.push((i, at));
    }
    let reports: Vec<Arc<crate::probe::EndpointReport>> =
        crate::probe::run::probe_all(&endpoints, opts, crate::probe::DEFAULT_PARALLEL)
            .into_iter()
            .map(Arc::new)
            .collect();
    wanted
        .into_iter()
        .map(|(i, at)| (i, reports[at].clone()))
        .collect()
}

/// The certificates of a folder that stands for Windows certificate stores, by thumbprint.
fn windows_store(dir: &Path) -> HashMap<String, Arc<crate::pki::cert::Certificate>> {
    let mut store = HashMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            for c in crate::pki::load::certificates_in(&e.path()) {
                store.insert(crate::pki::cert::hex(&c.sha1(), ""), c);
            }
        }
    }
    store
}

/// The handshake of one connection: OpenSSL's semantics for a native end, JSSE's for a
/// Java one (`tls::jsse`); none when an end negotiates through SChannel (on Windows the
/// registry decides) or an end's cipher settings are refused outright.
fn predict(
    facts: &Facts,
    res: &Resolution,
    c: &ConnView,
    fallback_os: Option<crate::model::Os>,
    java_release: u16,
) -> Option<Prediction> {
    use crate::resolve::platform;
    if !c.secure {
        return None;
    }
    let target = res.target_of(c)?;
    let client = platform(c.client, c.client_host, fallback_os);
    let server = platform(target.app, target.host, fallback_os);
    if client.uses_windows_store() || server.uses_windows_store() {
        return None;
    }
    let key = facts.server_leaf(target).map(|l| l.key.kind);
    let (native_client, native_server) = (
        client.runtime != crate::model::Runtime::Java && client.uses_files(),
        server.runtime != crate::model::Runtime::Java && server.uses_files(),
    );
    let (client, server) = (peer(&c.eff, client), peer(&target.eff, server));
    // A list OpenSSL or JSSE refuses stops the application from configuring TLS at all;
    // its own rules say so, and there is no negotiation to predict.
    let p = crate::tls::jsse::predict(&client, &server, key, java_release)?;
    let Prediction::Succeeds { suite, .. } = &p else {
        return Some(p);
    };
    let anonymous = crate::tls::by_openssl(suite).is_some_and(|s| s.au == "None");
    Some(
        refused_certificate(facts, c, target, native_client, native_server, anonymous)
            .map(|(by, reason)| Prediction::CertificateRefused {
                by,
                reason: reason.into(),
            })
            .unwrap_or(p),
    )
}

/// Which OpenSSL end's security level refuses a certificate of a connection that would
/// otherwise negotiate: the server its own, the client (verifying) the server's chain, the
/// server (mutual TLS) the client's, the client its own.
fn refused_certificate(
    facts: &Facts,
    c: &ConnView,
    target: &PortView,
    native_client: bool,
    native_server: bool,
    anonymous: bool,
) -> Option<(&'static str, String)> {
    let certs = |eff: &crate::resolve::Effective, host: Option<&crate::model::Host>, key: &str| {
        let r = eff.get(key)?;
        let all = facts.certs(host.map(|h| h.name.as_str()), r.taken.span);
        (!all.is_empty()).then_some(all)
    };
    let chain_file = |eff: &crate::resolve::Effective, host: Option<&crate::model::Host>| {
        let r = eff.get("certificate")?;
        facts.chain_file(host.map(|h| h.name.as_str()), r.taken.span)
    };
    let (server_level, server_words) = level_of(&target.eff);
    let (client_level, client_words) = level_of(&c.eff);
    let server_file = chain_file(&target.eff, target.host);
    let client_file = chain_file(&c.eff, c.client_host);
    if native_server
        && let Some((leaf, _)) = server_file
        && let Some(why) = load_refused(leaf, server_level)
    {
        return Some((
            "server",
            format!("at {server_words} cannot load its certificate: {why}"),
        ));
    }
    if native_client
        && let Some((leaf, _)) = client_file
        && let Some(why) = load_refused(leaf, client_level)
    {
        return Some((
            "client",
            format!("at {client_words} cannot load its certificate: {why}"),
        ));
    }
    if anonymous {
        return None;
    }
    if native_client
        && let (Some((leaf, file)), Some(cas)) =
            (server_file, certs(&c.eff, c.client_host, "trusted-ca"))
        && let Some((cert, why)) = chain_refused(leaf, file, cas, client_level)
    {
        return Some((
            "client",
            format!(
                "at {client_words} refuses the server's chain: {} {why}",
                cert.short_name()
            ),
        ));
    }
    if native_server
        && target.mutual()
        && let (Some((leaf, file)), Some(cas)) =
            (client_file, certs(&target.eff, target.host, "trusted-ca"))
        && let Some((cert, why)) = chain_refused(leaf, file, cas, server_level)
    {
        return Some((
            "server",
            format!(
                "at {server_words} refuses the client's chain: {} {why}",
                cert.short_name()
            ),
        ));
    }
    None
}

/// One end by the TLS stack it runs.
pub(crate) fn peer<'e>(
    eff: &'e crate::resolve::Effective<'e>,
    platform: crate::resolve::Platform,
) -> crate::tls::jsse::Peer<'e> {
    if platform.runtime == crate::model::Runtime::Java {
        crate::tls::jsse::Peer::Java(crate::tls::jsse::JsseConfig::from_options(
            eff.value("tls-version"),
            eff.value("protocol-list"),
            eff.value("sec-protocol"),
            eff.value("cipher-list"),
        ))
    } else {
        crate::tls::jsse::Peer::OpenSsl(endpoint(eff))
    }
}

/// One end's negotiation settings.
pub(crate) fn endpoint<'e>(
    eff: &'e crate::resolve::Effective<'e>,
) -> crate::tls::handshake::Endpoint<'e> {
    crate::tls::handshake::Endpoint {
        sec_protocol: eff.value("sec-protocol"),
        cipher_list: eff.value("cipher-list"),
        ciphersuites: eff.value("ciphersuites"),
    }
}
