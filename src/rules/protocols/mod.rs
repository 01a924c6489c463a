//! Protocol versions and cipher lists, as OpenSSL 3.0 reads them.

pub(super) mod cipher_list_empty;
pub(super) mod cipher_list_iana_names;
pub(super) mod cipher_list_syntax;
pub(super) mod cipher_list_unknown_name;
pub(super) mod ciphersuites_unknown;
pub(super) mod fips_noncompliant_cipher;
pub(super) mod no_forward_secrecy;
pub(super) mod sec_protocol_compat_mode;
pub(super) mod weak_cipher_enabled;

use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use crate::facts::Site;
use crate::input::source::Span;
use crate::resolve::{Level, SECURITY};
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::id::RuleId;
use crate::tls::Suite;
use crate::tls::cipherstring::{Evaluation, evaluate_cached};

/// One value of an option as written at one site: these rules judge what is written, so
/// that a bad value is reported once where it stands, however many ports take it.
pub(super) struct Value<'s, 'd> {
    site: &'s Site<'d>,
    key: &'d str,
    pub(super) value: &'d str,
    span: Span,
    /// No port or connection takes this value: each that could takes another one.
    shadowed: bool,
}

impl Value<'_, '_> {
    /// A finding at the value, naming its `[security]` key unless it is a transport
    /// parameter.
    /// A value that is shadowed is never used: its finding is a notice that says so.
    pub(super) fn finding(&self, rule: RuleId, msg: String) -> Finding {
        let f = if self.shadowed {
            Finding::new(
                rule,
                Place::Span(self.span),
                format!(
                    "{msg} (the value is shadowed: every port and connection that could use it takes `{}` from another level, so it has no effect today)",
                    self.key
                ),
            )
            .severity(crate::severity::Severity::Notice)
        } else {
            Finding::new(rule, Place::Span(self.span), msg)
        }
        .object(self.site.object());
        if matches!(self.site.level, Level::Port | Level::Connection) {
            f
        } else {
            f.key(SECURITY, self.key)
        }
    }
}

/// Every value of `key` written anywhere, in site order. A `cipher-list` written on a Java
/// application (its options, ports or connections) is JSSE's, in IANA names, and judged by
/// `java-cipher-list-openssl-syntax` instead.
pub(super) fn written<'s, 'd>(
    cx: &Cx<'s, 'd>,
    key: &'static str,
) -> impl Iterator<Item = Value<'s, 'd>> + use<'s, 'd> {
    let facts = cx.facts;
    let shadowed = shadowed_values(cx, key);
    // A Java application reads cipher-list in JSSE's names: java-cipher-list-openssl-syntax
    // judges it, not OpenSSL's parser.
    let java = move |site: &Site| {
        key == "cipher-list"
            && site
                .app
                .is_some_and(|a| a.runtime == crate::model::Runtime::Java)
    };
    facts.written.with_key(key).filter_map(move |w| {
        let site = &facts.sites[w.site as usize];
        (!java(site)).then(|| Value {
            site,
            key: w.key,
            value: w.value,
            span: w.span,
            shadowed: shadowed.contains(&w.span),
        })
    })
}

/// The values of `key` that some port or connection's resolution shadows and none takes.
fn shadowed_values(cx: &Cx, key: &str) -> Arc<HashSet<Span>> {
    let effs = cx
        .res
        .ports
        .iter()
        .map(|p| &p.eff)
        .chain(cx.res.conns.iter().map(|c| &c.eff));
    let mut taken = HashSet::default();
    let mut lost = HashSet::default();
    for eff in effs {
        if let Some(r) = eff.get(key) {
            taken.insert(r.taken.span);
            lost.extend(r.shadowed.iter().map(|w| w.span));
        }
    }
    Arc::new(lost.difference(&taken).copied().collect())
}

/// The cipher lists OpenSSL accepts, with what they select: a list it refuses is
/// cipher-list-syntax's alone, since no suite of it is ever offered.
pub(super) fn accepted_cipher_lists<'s, 'd>(
    cx: &Cx<'s, 'd>,
) -> impl Iterator<Item = (Value<'s, 'd>, Arc<Evaluation>)> + use<'s, 'd> {
    written(cx, "cipher-list").filter_map(|v| {
        let ev = evaluate_cached(v.value);
        ev.invalid.is_none().then_some((v, ev))
    })
}

/// The suites of a list a handshake can use. An explicit `@SECLEVEL=n` removes those below
/// the level in every OpenSSL that parses it (1.1.0 and later); without one, the build's
/// default level is not assumed, since older Security Packs (OpenSSL 1.0.2) have none.
pub(super) fn usable_suites(ev: &Evaluation) -> impl Iterator<Item = &'static Suite> + '_ {
    ev.suites.iter().copied().filter(move |s| {
        ev.seclevel
            .is_none_or(|l| crate::tls::handshake::allowed_at(s, l))
    })
}

/// Suite names for a message, the first `max` of them and a count of the rest.
pub(super) fn list(suites: &[&Suite], max: usize) -> String {
    let mut names: Vec<String> = suites
        .iter()
        .take(max)
        .map(|s| s.openssl.to_string())
        .collect();
    if suites.len() > max {
        names.push(format!("and {} more", suites.len() - max));
    }
    names.join(", ")
}
