use crate::rules::prelude::*;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Consumer, consumers};
use crate::input::options::OptionMap;
use crate::input::source::Span;
use crate::model::App;
use crate::resolve::{LAYERED, Level, SECURITY};

declare_rule! {
    /// Every port and connection that could use this value takes the option from a lower
    /// level, so the value is dead configuration; changing it changes nothing.
    ShadowedSetting = "shadowed-setting" {
        severity: Notice,
        phase: C,
        summary: "a setting at a higher level that no port or connection ever uses",
        source: "Guide: Where to Set TLS Properties (layering)",
        bad: "host annex:  [security] sec-protocol=TLSv12\nevery port:  sec-protocol=TLSv13",
        good: "set sec-protocol at one level only",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    // Every value some consumer takes, and the consumers by application and by host, in
    // one pass: large sites have thousands of applications and tens of thousands of
    // connections.
    let mut used: HashSet<Span> = HashSet::default();
    let mut by_app: HashMap<*const App, Vec<Consumer>> = HashMap::default();
    let mut by_host: HashMap<usize, Vec<Consumer>> = HashMap::default();
    for c in consumers(cx) {
        used.extend(c.eff.values.iter().map(|r| r.taken.span));
        // An ignored value is reported as split-level-settings instead.
        used.extend(c.eff.ignored.iter().map(|w| w.span));
        by_app.entry(c.app as *const App).or_default().push(c);
        if let Some(h) = c.host_index(cx) {
            by_host.entry(h).or_default().push(c);
        }
    }
    for app in &cx.d.apps {
        let users = by_app.remove(&(app as *const App)).unwrap_or_default();
        let owner = format!("application {}", app.name);
        unused(out, &used, &app.options, Level::Application, &owner, &users);
        unused(out, &used, &app.annex, Level::Annex, &owner, &users);
    }
    for (hi, host) in cx.d.hosts.iter().enumerate() {
        let users = by_host.remove(&hi).unwrap_or_default();
        let owner = format!("host {}", host.name);
        unused(out, &used, &host.annex, Level::Host, &owner, &users);
    }
}

/// The layered options of one map that none of the consumers that could take them does.
fn unused(
    out: &mut Out,
    used: &HashSet<Span>,
    map: &OptionMap,
    level: Level,
    owner: &str,
    users: &[Consumer],
) {
    if users.is_empty() {
        return;
    }
    let entries: Vec<_> = map
        .entries(SECURITY)
        .filter(|e| LAYERED.contains(&e.key.as_str()))
        .collect();
    for (i, e) in entries.iter().enumerate() {
        // An earlier duplicate loses within its own level: duplicate-option says so.
        if entries[i + 1..].iter().any(|l| l.key == e.key) || used.contains(&e.value_span) {
            continue;
        }
        let lower = users
            .iter()
            .find_map(|u| u.eff.get(&e.key))
            .map(|r| r.taken);
        let mut f = Finding::new(
            RuleId::ShadowedSetting,
            Place::Span(e.value_span),
            format!(
                "`{}={}` in the {} of {owner} is never used: all {} ports and connections that could use it take {} from a lower level",
                e.key,
                e.value,
                level.label(),
                users.len(),
                e.key
            ),
        )
        .key(SECURITY, &e.key)
        .help("remove it, or remove the lower-level values if this one is meant to apply");
        if let Some(w) = lower {
            f = f.related(
                Place::Span(w.span),
                format!("taken from the {} instead", w.level.label()),
            );
        }
        out.emit_once(f);
    }
}
