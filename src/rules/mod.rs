//! Rules read the model, the resolution and the facts, and report findings. A rule is one
//! file, `<family>/<rule_id>.rs`: its doc comment, its metadata and its check side by side;
//! `registry.rs` ties the ids to the files.

mod certs;
mod chains;
mod components;
pub(crate) mod families;
mod files;
mod handshake;
mod judged;
mod layering;
mod live;
mod posture;
mod protocols;
pub(crate) mod registry;
mod roles;
mod rule;
mod select;
mod syntax;

pub use chains::rule_of as rule_of_defect;
pub use registry::{RULES, RuleId, find};
pub(crate) use rule::declare_rule;
pub use rule::{Phase, Rule};
pub use select::enabled;

/// What every rule file needs.
pub(crate) mod prelude {
    pub(crate) use super::declare_rule;
    pub(crate) use super::{Cx, Out, RuleId};
    pub(crate) use crate::findings::{Finding, ObjectRef, Place, Severity};
}

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::facts::Facts;
use crate::facts::looks_like_thumbprint;
pub use crate::facts::{Site, Written};
use crate::findings::{Finding, ObjectRef, Place};
use crate::input::options::OptionMap;
use crate::input::source::{FileId, Sources, Span};
use crate::input::transport::TransportParam;
use crate::model::{App, Deployment, Host, Os};
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

/// What rules read: the model, the resolution and the facts of one run.
pub struct Cx<'a, 'd> {
    pub d: &'d Deployment,
    pub res: &'a Resolution<'d>,
    pub sources: &'d Sources,
    pub settings: &'d Settings,
    /// `--platform`: the OS of objects whose host is unknown.
    pub platform: Option<Os>,
    pub facts: &'a Facts<'d>,
    pub sigs: SigCache,
    /// Trust verdicts by (purpose, certificates, CRLs): see certs::trusted_by.
    pub trust_cache: TrustCache,
    /// The time validity is judged at (unix seconds).
    pub at: i64,
    /// `--fips`: every port and connection is judged as FIPS mode.
    pub fips: bool,
}

/// Where rules report: findings, with one report per (rule, place) where asked, and at
/// most MAX_PER_RULE_AND_FILE of one rule in one file.
#[derive(Default)]
pub struct Out {
    out: Vec<Finding>,
    seen: HashSet<(RuleId, Span)>,
    /// Findings per (rule, file) so far, and those past MAX_PER_RULE_AND_FILE.
    per_file: HashMap<(RuleId, Option<FileId>), Capped>,
}

impl<'a, 'd> Cx<'a, 'd> {
    pub fn new(
        d: &'d Deployment,
        res: &'a Resolution<'d>,
        sources: &'d Sources,
        settings: &'d Settings,
        platform: Option<Os>,
        facts: &'a Facts<'d>,
        at: i64,
    ) -> Self {
        Cx {
            d,
            res,
            sources,
            settings,
            platform,
            facts,
            sigs: SigCache::default(),
            trust_cache: TrustCache::default(),
            at,
            fips: false,
        }
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

    /// Where a configured path lies on this machine (see `facts::local_path`).
    pub fn local_path(&self, host: Option<&str>, value: &str, defined_in: FileId) -> PathBuf {
        crate::facts::local_path(self.settings, self.sources, host, value, defined_in)
    }
}

impl Out {
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
    pub fn count_dropped(&mut self, rule: RuleId, file: FileId, n: usize) {
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

    pub fn finish(mut self, sources: &Sources) -> Vec<Finding> {
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
            let file = file.map_or("referenced files", |f| sources.display(f));
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

/// The OS an object without a known host runs on: `--platform`, else what its certificate
/// option looks like (a thumbprint means Windows).
pub fn inferred_os(ctx: &Cx, options: &OptionMap) -> Os {
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
/// Every rule with a check, in catalog order, then the families not yet split into rule
/// files. Findings are sorted afterwards, so the order does not show.
pub fn run(cx: &Cx, out: &mut Out) {
    let posture = cx.d.has_posture_inputs();
    for r in RULES {
        if let Some(check) = r.check
            && enabled(cx.settings, r, posture)
        {
            check(cx, out);
        }
    }
    families::run(cx, out);
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
    families::options::closest(id, RULES.iter().map(|r| r.name))
}
