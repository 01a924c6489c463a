//! Where rules report: findings, one per place where asked, and a bounded number per rule
//! and file.

// Asked once per finding, counted ones included: a keyed hash faster than SipHash.
use hashbrown::{HashMap, HashSet};

use crate::input::source::{FileId, Sources, Span};
use crate::rules::finding::{Finding, Place, Related};
use crate::rules::id::RuleId;

/// What a finding is about, when several options can name the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum About {
    /// A certificate, by its SHA-256.
    Cert([u8; 32]),
    /// A file the facts loaded once (its address, stable for the run).
    File(usize),
}

/// Where rules report: findings, with one report per (rule, place) where asked, and at
/// most MAX_PER_RULE_AND_FILE of one rule in one file.
#[derive(Default)]
pub(crate) struct Out {
    out: Vec<Finding>,
    seen: HashSet<(RuleId, Span)>,
    /// The finding already reported for (rule, what it is about), by index in `out`.
    about: HashMap<(RuleId, About), usize>,
    /// Findings per (rule, file) so far, and those past MAX_PER_RULE_AND_FILE.
    per_file: HashMap<(RuleId, Option<FileId>), Capped>,
}

impl Out {
    /// Reports a finding, up to MAX_PER_RULE_AND_FILE of one rule in one file; the rest
    /// become one summary at the end, so that a hostile file of a million bad lines makes a
    /// report of a hundred and one.
    pub(crate) fn emit(&mut self, f: Finding) {
        let file = match f.place {
            Place::Span(s) => Some(s.file),
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
    pub(crate) fn count_dropped(&mut self, rule: RuleId, file: FileId, n: usize) {
        if n > 0 {
            self.per_file.entry((rule, Some(file))).or_default().dropped += n;
        }
    }

    /// Emits unless a finding of the same rule already points at the same place: one
    /// misplaced host-level value can affect hundreds of ports, and one report of it is
    /// enough.
    pub(crate) fn emit_once(&mut self, f: Finding) {
        if let Place::Span(s) = f.place
            && !self.seen.insert((f.rule, s))
        {
            return;
        }
        self.emit(f);
    }

    /// `emit_once` for a finding of `rule` at `span`, built only when it will be kept: a
    /// rule that fires on thousands of connections formats a hundred messages, not them all.
    pub(crate) fn emit_once_with(
        &mut self,
        rule: RuleId,
        span: Span,
        build: impl FnOnce() -> Finding,
    ) {
        if !self.seen.insert((rule, span)) {
            return;
        }
        let c = self.per_file.entry((rule, Some(span.file))).or_default();
        if c.kept >= MAX_PER_RULE_AND_FILE {
            c.dropped += 1;
            return;
        }
        let f = build();
        debug_assert!(f.rule == rule && f.place == Place::Span(span));
        self.emit(f);
    }

    /// Reports a finding about one thing (a certificate, a key: its digest) once, however
    /// many options name it: each further place becomes a related location of the first
    /// finding. An expired CA seven sites trust is one finding with seven places.
    pub(crate) fn emit_about(&mut self, about: About, f: Finding, also: impl FnOnce() -> String) {
        let Place::Span(span) = f.place;
        if let Some(&i) = self.about.get(&(f.rule, about)) {
            let first = &mut self.out[i];
            let Place::Span(at) = first.place;
            if at != span && !first.related.iter().any(|r| r.place == Place::Span(span)) {
                first.related.push(Related {
                    place: Place::Span(span),
                    note: also(),
                });
            }
            return;
        }
        if !self.seen.insert((f.rule, span)) {
            return;
        }
        let before = self.out.len();
        self.emit(f);
        if self.out.len() > before {
            self.about.insert((self.out[before].rule, about), before);
        }
    }

    /// The rules this Out holds reports of (kept, counted or deduplicated).
    pub(crate) fn rules(&self) -> HashSet<RuleId> {
        self.per_file
            .keys()
            .map(|(rule, _)| *rule)
            .chain(self.seen.iter().map(|(rule, _)| *rule))
            .collect()
    }

    /// Takes in what `later` holds, as if its reports had come here after this Out's: exact
    /// when no rule has reports in both (then neither's caps nor `emit_once` see the
    /// other's), which the caller checks with `rules`.
    pub(crate) fn absorb(&mut self, later: Out) {
        let offset = self.out.len();
        self.about
            .extend(later.about.into_iter().map(|(k, i)| (k, i + offset)));
        self.out.extend(later.out);
        self.seen.extend(later.seen);
        self.per_file.extend(later.per_file);
    }

    pub(crate) fn finish(mut self, sources: &Sources) -> Vec<Finding> {
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
pub(crate) const MAX_PER_RULE_AND_FILE: usize = 100;

#[derive(Default)]
struct Capped {
    kept: usize,
    dropped: usize,
    last: Option<(Place, crate::severity::Severity)>,
}
