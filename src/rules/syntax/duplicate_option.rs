use crate::rules::prelude::*;

use std::collections::HashMap;

use crate::facts::Site;
use crate::facts::SiteValues;
use crate::input::options::OptEntry;
use crate::resolve::SECURITY;

declare_rule! {
    /// Only one value of an option takes effect (the last one written); the other is dead
    /// text that misleads the next reader.
    DuplicateOption = "duplicate-option" {
        severity: Warning,
        phase: C,
        summary: "the same option twice in one section",
        source: "INI semantics",
        bad: "[security]\ntls-mutual=0\ntls-mutual=1",
        good: "[security]\ntls-mutual=1",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        if let SiteValues::Options(map) = site.written {
            let entries: Vec<&OptEntry> = map.entries(SECURITY).collect();
            duplicates(cx, out, site, &entries);
        }
    }
}

/// Every line of a key set more than once in one map but the first, which the finding
/// names as related.
fn duplicates(cx: &Cx, out: &mut Out, site: &Site, entries: &[&OptEntry]) {
    let mut by_key: HashMap<&str, Vec<&OptEntry>> = HashMap::new();
    for e in entries {
        by_key.entry(e.key.as_str()).or_default().push(e);
    }
    for e in entries {
        let all = &by_key[e.key.as_str()];
        if all.len() < 2 || std::ptr::eq(*e, all[0]) {
            continue;
        }
        let winner = all.last().expect("non-empty");
        let first = all[0];
        out.emit(
            Finding::new(
                RuleId::DuplicateOption,
                Place::Span(e.key_span),
                format!(
                    "`{}` is set {} times in [security]; the last value `{}` ({}) wins",
                    e.key,
                    all.len(),
                    winner.value,
                    cx.at(winner.value_span)
                ),
            )
            .key(SECURITY, &e.key)
            .object(site.object())
            .related(Place::Span(first.key_span), "first set here")
            .help("keep one line"),
        );
    }
}
