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
    /// Findings per (rule, file) so far, and those past MAX_PER_RULE_AND_FILE.
    per_file: HashMap<(&'static str, Option<FileId>), Capped>,
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
            per_file: HashMap::new(),
        }
    }

    /// Reports a finding, up to MAX_PER_RULE_AND_FILE of one rule in one file; the rest
    /// become one summary at the end, so that a hostile file of a million bad lines makes a
    /// report of a hundred and one.
    pub fn emit(&mut self, f: Finding) {
        let file = match f.place {
            Place::Span(s) => Some(s.file),
            Place::File(_) => None,
        };
        let c = self.per_file.entry((f.rule, file)).or_default();
        if c.kept < MAX_PER_RULE_AND_FILE {
            c.kept += 1;
            c.last = Some((f.place.clone(), f.severity));
            self.out.push(f);
        } else {
            c.dropped += 1;
        }
    }

    /// Counts findings a reader already left out (bad lines past its own bound).
    pub fn count_dropped(&mut self, rule: &'static str, file: FileId, n: usize) {
        if n > 0 {
            self.per_file.entry((rule, Some(file))).or_default().dropped += n;
        }
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

    pub fn finish(mut self) -> Vec<Finding> {
        let mut capped: Vec<_> = self
            .per_file
            .into_iter()
            .filter(|(_, c)| c.dropped > 0)
            .collect();
        capped.sort_by_key(|((rule, file), _)| (*file, *rule));
        for ((rule, file), c) in capped {
            let Some((place, severity)) = c.last else {
                continue;
            };
            let file = file.map_or("referenced files", |f| self.sources.display(f));
            self.out.push(
                Finding::new(
                    rule,
                    place,
                    format!(
                        "and {} more `{rule}` findings in {file}, not listed: a report shows at most {MAX_PER_RULE_AND_FILE} of one rule in one file",
                        c.dropped
                    ),
                )
                .severity(severity),
            );
        }
        self.out
    }
}

/// Findings of one rule in one file that a report lists; the rest are counted in one.
pub const MAX_PER_RULE_AND_FILE: usize = 100;

#[derive(Default)]
struct Capped {
    kept: usize,
    dropped: usize,
    last: Option<(Place, crate::findings::Severity)>,
}

/// An option map or parameter list at one level of one object, for the checks that look
/// at what is written rather than what takes effect.
pub struct Site<'d> {
    pub level: Level,
    pub host: Option<&'d Host>,
    pub app: Option<&'d App>,
    pub written: Written<'d>,
    /// Which port, connection or local file of its owner, to name it only for a finding.
    which: Which,
}

#[derive(Clone, Copy)]
enum Which {
    Owner,
    Port(usize),
    Conn(usize),
    Local(crate::model::LocalKind),
}

pub enum Written<'d> {
    Options(&'d OptionMap),
    Params(&'d [TransportParam]),
}

impl<'d> Site<'d> {
    /// The TLS-relevant values written here: `[security]` options, or transport
    /// parameters, as (key, value, where the value stands).
    pub fn values(&self) -> impl Iterator<Item = (&'d str, &'d str, Span)> + use<'d> {
        let (options, params) = match self.written {
            Written::Options(m) => (Some(m.entries(crate::resolve::SECURITY)), None),
            Written::Params(ps) => (None, Some(ps.iter())),
        };
        let options = options
            .into_iter()
            .flatten()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.value_span));
        let params = params
            .into_iter()
            .flatten()
            .map(|p| (p.key.as_str(), p.value.as_str(), p.value_span));
        options.chain(params)
    }

    /// The object these values belong to, named (built only when a finding needs it).
    pub fn object(&self) -> ObjectRef {
        let host = self.host.map(|h| h.name.clone());
        let Some(app) = self.app else {
            return ObjectRef {
                host,
                application: match self.which {
                    Which::Local(kind) => Some(kind.file_name().to_string()),
                    _ => None,
                },
                ..ObjectRef::default()
            };
        };
        let mut obj = ObjectRef {
            host,
            application: Some(app.name.clone()),
            ..ObjectRef::default()
        };
        match self.which {
            Which::Port(i) => obj.port = Some(app.ports[i].id.clone()),
            Which::Conn(i) => {
                let c = &app.conns[i];
                obj.connection = Some(format!("{} -> {}:{}", app.name, c.server.name, c.port_id));
            }
            _ => {}
        }
        obj
    }
}

/// Every place where options are written, with its level and owner.
pub fn sites(d: &Deployment) -> Vec<Site<'_>> {
    let site = |level, host, app, written, which| Site {
        level,
        host,
        app,
        written,
        which,
    };
    let mut out = Vec::new();
    for h in &d.hosts {
        out.push(site(
            Level::Host,
            Some(h),
            None,
            Written::Options(&h.annex),
            Which::Owner,
        ));
    }
    for app in &d.apps {
        let host = d.host_of(app);
        for (level, map) in [
            (Level::Application, &app.options),
            (Level::Annex, &app.annex),
        ] {
            out.push(site(
                level,
                host,
                Some(app),
                Written::Options(map),
                Which::Owner,
            ));
        }
        for (i, p) in app.ports.iter().enumerate() {
            out.push(site(
                Level::Port,
                host,
                Some(app),
                Written::Params(&p.params),
                Which::Port(i),
            ));
        }
        for (i, c) in app.conns.iter().enumerate() {
            out.push(site(
                Level::Connection,
                host,
                Some(app),
                Written::Params(&c.params),
                Which::Conn(i),
            ));
        }
    }
    for l in &d.local_files {
        out.push(site(
            Level::LocalFile,
            l.host.map(|i| &d.hosts[i]),
            None,
            Written::Options(&l.options),
            Which::Local(l.kind),
        ));
    }
    for s in &d.standalone {
        out.push(site(
            Level::File,
            None,
            None,
            Written::Options(&s.options),
            Which::Owner,
        ));
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
