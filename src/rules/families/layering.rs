//! How values flow through the levels: the credential group split over levels, values no
//! consumer ever takes, and options set apart from the certificate they go with.

use std::collections::{HashMap, HashSet};

use crate::findings::{Finding, ObjectRef, Place};
use crate::input::options::OptionMap;
use crate::input::source::Span;
use crate::model::{App, Runtime};
use crate::resolve::{Effective, LAYERED, Level, SECURITY};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out, first_group_span};

/// A port or connection on which TLS is on, seen through its effective settings.
struct Consumer<'e, 'd> {
    eff: &'e Effective<'d>,
    app: &'d App,
    host: Option<usize>,
    view: View<'e, 'd>,
    is_port: bool,
}

enum View<'e, 'd> {
    Port(&'e crate::resolve::PortView<'d>),
    Conn(&'e crate::resolve::ConnView<'d>),
}

impl Consumer<'_, '_> {
    /// Named only for a finding: most consumers never need it.
    fn object(&self) -> ObjectRef {
        match self.view {
            View::Port(p) => p.object(),
            View::Conn(c) => c.object(),
        }
    }
}

fn consumers<'e, 'd>(ctx: &'e Ctx<'e, 'd>) -> Vec<Consumer<'e, 'd>> {
    let mut out = Vec::new();
    for p in &ctx.res.ports {
        if p.port().secure() {
            out.push(Consumer {
                eff: &p.eff,
                app: p.app,
                host: p.host.and_then(|h| ctx.d.host_index(&h.name)),
                view: View::Port(p),
                is_port: true,
            });
        }
    }
    for c in &ctx.res.conns {
        if c.secure(ctx.res) {
            out.push(Consumer {
                eff: &c.eff,
                app: c.client,
                host: c.client_host.and_then(|h| ctx.d.host_index(&h.name)),
                view: View::Conn(c),
                is_port: false,
            });
        }
    }
    out
}

fn what(object: &ObjectRef) -> String {
    object.describe()
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    {
        let cs = consumers(ctx);
        split_levels(ctx, &cs, &mut found);
        shadowed(ctx, &cs, &mut found);
        for c in &cs {
            level_mismatches(c, &mut found);
        }
    }
    for f in found {
        out.emit_once(f);
    }
}

fn split_levels(ctx: &Ctx, cs: &[Consumer], out: &mut Vec<Finding>) {
    // One finding per taking place: the same application-level key ignoring the same host
    // value may concern every port of the application.
    let mut groups: HashMap<Span, (usize, usize)> = HashMap::new();
    for (i, c) in cs.iter().enumerate() {
        if c.eff.ignored.is_empty() {
            continue;
        }
        let Some(span) = first_group_span(c.eff) else {
            continue;
        };
        groups.entry(span).or_insert((i, 0)).1 += 1;
    }
    let mut spans: Vec<_> = groups.into_iter().collect();
    spans.sort_by_key(|(s, _)| (s.file, s.line, s.col));
    for (span, (i, count)) in spans {
        let c = &cs[i];
        let level = c
            .eff
            .group_level
            .expect("a group span implies a group level");
        let taken: Vec<&str> = c
            .eff
            .values
            .iter()
            .filter(|r| r.taken.level == level && crate::resolve::CREDENTIAL_GROUP.contains(&r.key))
            .map(|r| r.key)
            .collect();
        let ignored: Vec<String> = c
            .eff
            .ignored
            .iter()
            .map(|w| format!("{} ({}, {})", w.key, w.level.label(), ctx.at(w.span)))
            .collect();
        let missing: Vec<&str> = c
            .eff
            .ignored
            .iter()
            .map(|w| w.key)
            .filter(|k| c.eff.get(k).is_none())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let more = if count > 1 {
            format!(
                " (and {} more {})",
                count - 1,
                if count == 2 {
                    "port or connection"
                } else {
                    "ports or connections"
                }
            )
        } else {
            String::new()
        };
        let mut f = Finding::new(
            RuleId::SplitLevelSettings,
            Place::Span(span),
            format!(
                "{}{more} takes its credentials from the {} ({} set here), so {} {} ignored{}",
                what(&c.object()),
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
        out.push(f);
    }
}

fn shadowed(ctx: &Ctx, cs: &[Consumer], out: &mut Vec<Finding>) {
    let mut used: HashSet<Span> = HashSet::new();
    for c in cs {
        for r in &c.eff.values {
            used.insert(r.taken.span);
        }
        for w in &c.eff.ignored {
            used.insert(w.span); // reported as split-level-settings instead
        }
    }
    let mut check_map = |map: &OptionMap, level: Level, owner: String, users: Vec<&Consumer>| {
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
            out.push(f);
        }
    };
    // Consumers by application and by host, in one pass: large sites have thousands of
    // applications and tens of thousands of connections.
    let mut by_app: HashMap<*const App, Vec<&Consumer>> = HashMap::new();
    let mut by_host: HashMap<usize, Vec<&Consumer>> = HashMap::new();
    for c in cs {
        by_app.entry(c.app as *const App).or_default().push(c);
        if let Some(h) = c.host {
            by_host.entry(h).or_default().push(c);
        }
    }
    for app in &ctx.d.apps {
        let users = by_app.remove(&(app as *const App)).unwrap_or_default();
        let owner = format!("application {}", app.name);
        check_map(
            &app.options,
            Level::Application,
            owner.clone(),
            users.clone(),
        );
        check_map(&app.annex, Level::Annex, owner, users);
    }
    for (hi, host) in ctx.d.hosts.iter().enumerate() {
        let users = by_host.remove(&hi).unwrap_or_default();
        check_map(
            &host.annex,
            Level::Host,
            format!("host {}", host.name),
            users,
        );
    }
}

fn level_mismatches(c: &Consumer, out: &mut Vec<Finding>) {
    let group = c.eff.group_level;
    let group_span = first_group_span(c.eff);
    if c.is_port
        && let (Some(m), Some(g), Some(gs)) = (c.eff.get("tls-mutual"), group, group_span)
        && matches!(
            m.taken.level,
            Level::Application | Level::Annex | Level::Host
        )
        && m.taken.level != g
    {
        out.push(
            Finding::new(
                RuleId::MutualLevelMismatch,
                Place::Span(m.taken.span),
                format!(
                    "tls-mutual is set in the {} but the certificate of {} comes from the {}",
                    m.taken.level.label(),
                    what(&c.object()),
                    g.label()
                ),
            )
            .key(SECURITY, "tls-mutual")
            .object(c.object())
            .related(Place::Span(gs), "certificate settings taken from here")
            .help("set tls-mutual at the same level as the certificate, or tls-mutual=1 in the port's transport parameters"),
        );
    }
    if let (Some(crl), Some(g), Some(gs)) = (c.eff.crl_read_by(c.app.runtime), group, group_span)
        && crl.taken.level != g
    {
        out.push(
            Finding::new(
                RuleId::CrlLevelMismatch,
                Place::Span(crl.taken.span),
                format!(
                    "{} is set in the {} but the certificates of {} come from the {}",
                    crl.key,
                    crl.taken.level.label(),
                    what(&c.object()),
                    g.label()
                ),
            )
            .key(SECURITY, crl.key)
            .object(c.object())
            .related(Place::Span(gs), "certificate settings taken from here")
            .help("set the CRL at the same level as the certificates it applies to"),
        );
    }
    // A host-level value may be meant for neighbours of the other runtime: it is wrong for
    // this application only when the name it reads is absent. Its own levels are its own.
    let own = |name: &str| {
        c.eff
            .get(name)
            .is_some_and(|r| r.taken.level != Level::Host)
    };
    let wrong = match c.app.runtime {
        Runtime::Java if own("crl") || c.eff.get("tls-crl").is_none() => c
            .eff
            .get("crl")
            .map(|r| (r, "tls-crl", "the Java Platform SDK reads `tls-crl`")),
        Runtime::Native if own("tls-crl") || c.eff.get("crl").is_none() => {
            c.eff.get("tls-crl").map(|r| {
                (
                    r,
                    "crl",
                    "the Security Pack of native applications reads `crl`",
                )
            })
        }
        _ => None,
    };
    if let Some((r, right, why)) = wrong {
        out.push(
            Finding::new(
                RuleId::CrlOptionName,
                Place::Span(r.taken.span),
                format!(
                    "{} reads no `{}`: {why}, so this CRL is not checked for {}",
                    c.app.name,
                    r.key,
                    what(&c.object())
                ),
            )
            .key(SECURITY, r.key)
            .object(c.object())
            .help(format!("rename the option to `{right}`")),
        );
    }
}
