use crate::rules::prelude::*;

use std::collections::{BTreeSet, HashMap};

use super::{Consumer, consumers};
use crate::input::source::Span;
use crate::resolve::{CREDENTIAL_GROUP, Level, SECURITY};
use crate::rules::layering::first_group_span;

declare_rule! {
    /// certificate, certificate-key, trusted-ca, provider and fips140-enabled are read as a
    /// group from the first level (port/connection, application, annex, host) that sets any
    /// of them. Values of the group at other levels are silently ignored, so a certificate
    /// on the host and its key on the application leave the port without a certificate.
    SplitLevelSettings = "split-level-settings" {
        severity: Error,
        phase: C,
        summary: "the credential group spread over two levels for one port or connection",
        source: "Guide: Where to Set TLS Properties (Tip); PSDK reads the group from one layer",
        bad: "host annex:   [security] certificate=/etc/sec/certs/host.pem\napplication:  [security] certificate-key=/etc/sec/certs/key.pem",
        good: "application:  [security]\n  certificate=/etc/sec/certs/host.pem\n  certificate-key=/etc/sec/certs/key.pem\n  trusted-ca=/etc/sec/ca/ca.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    // One finding per taking place, naming the first consumer and counting the others:
    // the same application-level key ignoring the same host value may concern every port
    // of the application.
    let mut groups: HashMap<Span, (Consumer, usize)> = HashMap::new();
    for c in consumers(cx) {
        if c.eff.ignored.is_empty() {
            continue;
        }
        let Some(span) = first_group_span(c.eff) else {
            continue;
        };
        groups.entry(span).or_insert((c, 0)).1 += 1;
    }
    let mut spans: Vec<_> = groups.into_iter().collect();
    spans.sort_by_key(|(s, _)| (s.file, s.line, s.col));
    for (span, (c, count)) in spans {
        out.emit_once(finding(cx, span, &c, count));
    }
}

fn finding(cx: &Cx, span: Span, c: &Consumer, count: usize) -> Finding {
    let level = c
        .eff
        .group_level
        .expect("a group span implies a group level");
    let taken: Vec<&str> = c
        .eff
        .values
        .iter()
        .filter(|r| r.taken.level == level && CREDENTIAL_GROUP.contains(&r.key))
        .map(|r| r.key)
        .collect();
    let ignored: Vec<String> = c
        .eff
        .ignored
        .iter()
        .map(|w| format!("{} ({}, {})", w.key, w.level.label(), cx.at(w.span)))
        .collect();
    let missing: Vec<&str> = c
        .eff
        .ignored
        .iter()
        .map(|w| w.key)
        .filter(|k| c.eff.get(k).is_none())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let more = match count {
        1 => String::new(),
        2 => " (and 1 more port or connection)".to_string(),
        _ => format!(" (and {} more ports or connections)", count - 1),
    };
    let mut f = Finding::new(
        RuleId::SplitLevelSettings,
        Place::Span(span),
        format!(
            "{}{more} takes its credentials from the {} ({} set here), so {} {} ignored{}",
            c.object().describe(),
            level.label(),
            taken.join(", "),
            ignored.join(", "),
            if ignored.len() == 1 { "is" } else { "are" },
            if missing.is_empty() {
                String::new()
            } else {
                format!(": it has no {}", missing.join(", "))
            }
        ),
    )
    .object(c.object())
    .help(format!(
        "set certificate, certificate-key and trusted-ca together at one level (the {} or the {})",
        level.label(),
        c.eff.ignored[0].level.label()
    ));
    if level != Level::Port && level != Level::Connection {
        f = f.key(SECURITY, taken[0]);
    }
    for w in &c.eff.ignored {
        f = f.related(
            Place::Span(w.span),
            format!("ignored value set here: {}={}", w.key, w.value),
        );
    }
    f
}
