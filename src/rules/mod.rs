//! Rules read the model, the resolution and the file facts, and emit findings. One module
//! per family; the catalog in `catalog.rs` says what each id means.

pub mod catalog;
pub mod certs;
mod files;
mod ha;
pub mod handshake;
mod judged;
mod layering;
pub mod live;
mod local;
mod options;
mod protocols;
mod roles;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::facts::looks_like_thumbprint;
use crate::findings::{Finding, ObjectRef, Place};
use crate::input::options::OptionMap;
use crate::input::source::{FileId, Sources, Span};
use crate::input::transport::TransportParam;
use crate::model::{App, Deployment, Host, Os};
use crate::pki::load::PkiCache;
use crate::pki::verify::SigCache;
use crate::resolve::{Effective, Level, Platform, Resolution, platform};
use crate::settings::Settings;

/// Why a certificate is untrusted (None: trusted), and its revocations.
pub type TrustVerdict = (Option<String>, Vec<String>);
/// A trust question: purpose, the certificates by digest (leaf, its file's others, the CAs),
/// and the CRLs by identity (each parsed once, so one Arc per file).
pub type TrustKey = (crate::pki::verify::Purpose, Vec<[u8; 32]>, Vec<usize>);
pub type TrustCache = std::cell::RefCell<std::collections::HashMap<TrustKey, TrustVerdict>>;

/// What names a set of certificate files: the same value means the same files only on the
/// same host and relative to the same defining file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FilesKey {
    pub host: Option<String>,
    pub key: String,
    pub value: String,
    pub file: FileId,
}

pub struct Ctx<'a, 'd> {
    pub d: &'d Deployment,
    pub res: &'a Resolution<'d>,
    pub sources: &'d Sources,
    pub settings: &'d Settings,
    /// `--platform`: the OS of objects whose host is unknown.
    pub platform: Option<Os>,
    pub pki: &'a PkiCache,
    pub sigs: SigCache,
    /// Trust verdicts by (purpose, certificates, CRLs): see certs::trusted_by.
    pub trust_cache: TrustCache,
    /// The time validity is judged at (unix seconds).
    pub at: i64,
    /// `--fips`: every port and connection is judged as FIPS mode.
    pub fips: bool,
    /// Every place options are written, listed once for all rule families.
    pub sites: Vec<Site<'d>>,
    /// The files a (host, option, value, defining file) names, loaded: see certs::files.
    pub files_memo:
        std::cell::RefCell<HashMap<FilesKey, Vec<std::rc::Rc<crate::pki::load::PkiFile>>>>,
    /// `lint --probe`: what each probed secure port (by index in `res.ports`) showed.
    pub probes: Vec<(usize, std::sync::Arc<crate::probe::Report>)>,
    out: Vec<Finding>,
    seen: HashSet<(&'static str, Span)>,
}

impl<'a, 'd> Ctx<'a, 'd> {
    pub fn new(
        d: &'d Deployment,
        res: &'a Resolution<'d>,
        sources: &'d Sources,
        settings: &'d Settings,
        platform: Option<Os>,
        pki: &'a PkiCache,
        at: i64,
    ) -> Self {
        Ctx {
            d,
            res,
            sources,
            settings,
            platform,
            pki,
            sigs: SigCache::default(),
            trust_cache: TrustCache::default(),
            at,
            fips: false,
            sites: sites(d),
            probes: Vec::new(),
            files_memo: Default::default(),
            out: Vec::new(),
            seen: HashSet::new(),
        }
    }

    pub fn emit(&mut self, f: Finding) {
        self.out.push(f);
    }

    /// Emits unless a finding of the same rule already points at the same place: one
    /// misplaced host-level value can affect hundreds of ports, and one report of it is
    /// enough.
    pub fn emit_once(&mut self, f: Finding) {
        if let Place::Span(s) = f.place
            && !self.seen.insert((f.rule, s))
        {
            return;
        }
        self.emit(f);
    }

    pub fn default_os(&self) -> Os {
        self.platform.unwrap_or(Os::Unix)
    }

    pub fn platform(&self, app: &App, host: Option<&Host>) -> Platform {
        platform(app, host, self.platform)
    }

    pub fn file_name(&self, id: FileId) -> &str {
        self.sources.display(id)
    }

    pub fn at(&self, span: Span) -> String {
        format!("{}:{}", self.file_name(span.file), span.line)
    }

    /// Where a configured path lies on this machine: mapped by tlskit.toml or --path-map,
    /// else as written (a relative path from the folder of the file that names it).
    pub fn local_path(&self, host: Option<&str>, value: &str, defined_in: FileId) -> PathBuf {
        if let Some(p) = self.settings.path_map.map(host, value) {
            return p;
        }
        let p = Path::new(value);
        if p.is_absolute() {
            return p.to_path_buf();
        }
        let dir = self
            .sources
            .get(defined_in)
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        dir.join(p)
    }

    pub fn finish(self) -> Vec<Finding> {
        self.out
    }
}

/// An option map or parameter list at one level of one object, for the checks that look
/// at what is written rather than what takes effect.
pub struct Site<'d> {
    pub level: Level,
    pub object: ObjectRef,
    pub host: Option<&'d Host>,
    pub app: Option<&'d App>,
    pub written: Written<'d>,
}

pub enum Written<'d> {
    Options(&'d OptionMap),
    Params(&'d [TransportParam]),
}

impl<'d> Site<'d> {
    /// The TLS-relevant values written here: `[security]` options, or transport
    /// parameters, as (key, value, where the value stands).
    pub fn values(&self) -> Vec<(&'d str, &'d str, Span)> {
        match self.written {
            Written::Options(m) => m
                .entries(crate::resolve::SECURITY)
                .map(|e| (e.key.as_str(), e.value.as_str(), e.value_span))
                .collect(),
            Written::Params(ps) => ps
                .iter()
                .map(|p| (p.key.as_str(), p.value.as_str(), p.value_span))
                .collect(),
        }
    }
}

/// Every place where options are written, with its level and owner.
pub fn sites(d: &Deployment) -> Vec<Site<'_>> {
    let mut out = Vec::new();
    for h in &d.hosts {
        out.push(Site {
            level: Level::Host,
            object: ObjectRef {
                host: Some(h.name.clone()),
                ..ObjectRef::default()
            },
            host: Some(h),
            app: None,
            written: Written::Options(&h.annex),
        });
    }
    for app in &d.apps {
        let host = d.host_of(app);
        let obj = ObjectRef {
            host: host.map(|h| h.name.clone()),
            application: Some(app.name.clone()),
            ..ObjectRef::default()
        };
        for (level, map) in [
            (Level::Application, &app.options),
            (Level::Annex, &app.annex),
        ] {
            out.push(Site {
                level,
                object: obj.clone(),
                host,
                app: Some(app),
                written: Written::Options(map),
            });
        }
        for p in &app.ports {
            out.push(Site {
                level: Level::Port,
                object: ObjectRef {
                    port: Some(p.id.clone()),
                    ..obj.clone()
                },
                host,
                app: Some(app),
                written: Written::Params(&p.params),
            });
        }
        for c in &app.conns {
            out.push(Site {
                level: Level::Connection,
                object: ObjectRef {
                    connection: Some(format!("{} -> {}:{}", app.name, c.server.name, c.port_id)),
                    ..obj.clone()
                },
                host,
                app: Some(app),
                written: Written::Params(&c.params),
            });
        }
    }
    for l in &d.local_files {
        let host = l.host.map(|i| &d.hosts[i]);
        out.push(Site {
            level: Level::LocalFile,
            object: ObjectRef {
                host: host.map(|h| h.name.clone()),
                application: Some(l.kind.file_name().to_string()),
                ..ObjectRef::default()
            },
            host,
            app: None,
            written: Written::Options(&l.options),
        });
    }
    for s in &d.standalone {
        out.push(Site {
            level: Level::File,
            object: ObjectRef::default(),
            host: None,
            app: None,
            written: Written::Options(&s.options),
        });
    }
    out
}

/// The OS an object without a known host runs on: `--platform`, else what its certificate
/// option looks like (a thumbprint means Windows).
pub fn inferred_os(ctx: &Ctx, options: &OptionMap) -> Os {
    if let Some(os) = ctx.platform {
        return os;
    }
    match options.get(crate::resolve::SECURITY, "certificate") {
        Some(e) if looks_like_thumbprint(&e.value) => Os::Windows,
        _ => Os::Unix,
    }
}

/// Every rule family in the order they run. Findings are sorted afterwards, so the order
/// only matters for readability here.
pub fn run(ctx: &mut Ctx) {
    options::check(ctx);
    judged::check(ctx);
    layering::check(ctx);
    roles::check(ctx);
    ha::check(ctx);
    local::check(ctx);
    files::check(ctx);
    certs::check(ctx);
    protocols::check(ctx);
    handshake::check(ctx);
    live::check(ctx);
}

pub fn first_group_span(eff: &Effective) -> Option<Span> {
    let level = eff.group_level?;
    eff.values
        .iter()
        .filter(|r| r.taken.level == level && crate::resolve::CREDENTIAL_GROUP.contains(&r.key))
        .map(|r| r.taken.span)
        .min_by_key(|s| (s.file, s.line, s.col))
}

/// The catalog id nearest to a mistyped one.
pub fn closest_rule(id: &str) -> Option<&'static str> {
    options::closest(id, catalog::RULES.iter().map(|r| r.id))
}
