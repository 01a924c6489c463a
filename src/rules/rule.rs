//! What a rule is: its id, default severity, phase, documentation and check. Each rule file
//! declares one with `declare_rule!`: the doc comment above the name is the rule's
//! explanation (what `tlskit rules ID` prints and SARIF's full description), so the code
//! and its documentation cannot drift apart.

use serde::Serialize;

use crate::rules::context::Cx;
use crate::rules::id::RuleId;
use crate::rules::out::Out;
use crate::severity::Severity;

/// Which capability a rule belongs to (RULES.md's phase letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Phase {
    /// Options, syntax, layering, roles and components.
    C,
    /// Certificates, keys, chains, CRLs.
    X,
    /// Protocol versions and ciphers.
    P,
    /// Handshake prediction.
    H,
    /// Live probe.
    L,
    /// Non-TLS security posture.
    S,
}

impl Phase {
    pub(crate) fn title(self) -> &'static str {
        match self {
            Phase::C => "options, syntax, layering, roles and components",
            Phase::X => "certificates, keys, chains, CRLs",
            Phase::P => "protocol versions and ciphers",
            Phase::H => "handshake prediction",
            Phase::L => "live probe",
            Phase::S => "non-TLS security posture",
        }
    }
}

/// A rule's check: reads the run's view, reports what it finds.
pub(crate) type Check = fn(&Cx, &mut Out);

pub(crate) struct Rule {
    pub id: RuleId,
    /// The stable kebab-case id users see.
    pub name: &'static str,
    pub severity: Severity,
    pub phase: Phase,
    pub summary: &'static str,
    /// The doc comment's lines, each after its leading space (see `explanation`).
    pub(crate) doc: &'static str,
    pub source: &'static str,
    pub bad: &'static str,
    pub good: &'static str,
    /// A policy check the guide describes but does not ask for: it runs only when a project
    /// names it (`[rules] select = ["ID"]`, or a severity for it in `[rules]`).
    pub opt_in: bool,
    pub(crate) check: Option<Check>,
}

impl Rule {
    /// The explanation: the rule file's doc comment as one paragraph.
    pub(crate) fn explanation(&self) -> &'static str {
        self.doc.strip_prefix(' ').unwrap_or(self.doc)
    }

    /// A rule is implemented when it has a check: never a flag set by hand.
    pub(crate) fn implemented(&self) -> bool {
        self.check.is_some()
    }
}

/// Declares a rule file's `RULE`: the doc comment is the explanation, then the name (the
/// `RuleId` variant) and the kebab-case id, then the metadata and, once the rule is
/// implemented, its check.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $variant:ident = $name:literal {
            severity: $severity:ident,
            phase: $phase:ident,
            summary: $summary:literal,
            source: $source:literal,
            bad: $bad:literal,
            good: $good:literal
            $(, opt_in: $opt_in:literal)?
            $(, check: $check:expr)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[doc = ""]
        #[doc = concat!("Default severity: ", stringify!($severity), "; phase ", stringify!($phase), ". Source: ", $source, ".")]
        #[doc = ""]
        #[doc = concat!("Bad:\n```text\n", $bad, "\n```")]
        #[doc = concat!("Fixed:\n```text\n", $good, "\n```")]
        pub(crate) const RULE: $crate::rules::Rule = $crate::rules::Rule {
            id: $crate::rules::RuleId::$variant,
            name: $name,
            severity: $crate::severity::Severity::$severity,
            phase: $crate::rules::Phase::$phase,
            summary: $summary,
            doc: concat!($($doc),+),
            source: $source,
            bad: $bad,
            good: $good,
            opt_in: declare_rule!(@opt_in $($opt_in)?),
            check: declare_rule!(@check $($check)?),
        };
    };
    (@opt_in) => { false };
    (@opt_in $opt_in:literal) => { $opt_in };
    (@check) => { None };
    (@check $check:expr) => { Some($check) };
}
pub(crate) use declare_rule;
