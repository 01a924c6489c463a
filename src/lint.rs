//! The lint pipeline: inputs → model → resolve → facts → rules → findings, then the
//! project's severity overrides and suppressions.

use crate::load::Loaded;
use crate::model::ObjectRef;
use crate::model::Os;
use crate::report::Checked;
use crate::resolve::resolve;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::{self, Cx, Out};

pub(crate) struct LintOutcome {
    pub findings: Vec<Finding>,
    pub suppressed: usize,
    /// The suppressions that matched no finding of the run, as `describe` names them.
    pub unused_suppressions: Vec<String>,
}

/// A lint run with what it was computed from: the resolved ports and connections and the
/// facts the rules read (the HTML report draws them next to the findings).
pub(crate) struct Analysis<'d> {
    pub res: crate::resolve::Resolution<'d>,
    pub facts: crate::facts::Facts<'d>,
    pub outcome: LintOutcome,
}

/// Lints a loaded deployment: resolves it, gathers the facts, runs the rules, applies the
/// severities and suppressions of tlskit.toml; the resolution and the facts are kept for
/// the HTML report.
pub(crate) fn analyse<'d>(
    loaded: &'d Loaded,
    platform: Option<Os>,
    at: i64,
    fips: bool,
    probe: Option<&crate::probe::ProbeOptions>,
) -> Analysis<'d> {
    let d = &loaded.deployment;
    let res = resolve(d);
    let facts = crate::facts::Facts::gather(
        d,
        &res,
        &loaded.sources,
        &loaded.settings,
        &crate::facts::Gather {
            platform,
            at,
            probe,
            trust: true,
            preload: &loaded.preload,
        },
    );
    let mut cx = Cx::new(
        d,
        &res,
        &loaded.sources,
        &loaded.settings,
        platform,
        &facts,
        at,
    );
    cx.fips = fips;
    let mut out = Out::default();
    rules::run(&cx, &mut out);
    let raw = out.finish(&loaded.sources);
    // The selection (`--only`, `[rules] select`/`ignore`) holds for every finding, also for
    // those a shared walk reports under a neighbouring rule's id.
    let posture = d.has_posture_inputs();
    let on: Vec<bool> = rules::RULES
        .iter()
        .map(|r| rules::enabled(&loaded.settings, r, posture))
        .collect();
    let raw: Vec<Finding> = raw.into_iter().filter(|f| on[f.rule as usize]).collect();
    let mut findings = Vec::with_capacity(raw.len());
    let mut suppressed = 0;
    // Suppressions by rule: a file may hold tens of thousands.
    let mut by_rule: std::collections::HashMap<&str, Vec<&crate::settings::Suppression>> =
        std::collections::HashMap::new();
    for sup in &loaded.settings.suppressions {
        by_rule.entry(sup.rule.as_str()).or_default().push(sup);
    }
    let mut used: std::collections::HashSet<*const crate::settings::Suppression> =
        std::collections::HashSet::new();
    for mut f in raw {
        match loaded.settings.severity.get(f.rule.as_str()) {
            Some(None) => continue,
            Some(Some(s)) => f.severity = *s,
            None => {}
        }
        let candidates = by_rule.get(f.rule.as_str()).map_or(&[][..], Vec::as_slice);
        if let Some(sup) = suppression(candidates, &f, &loaded.sources) {
            used.insert(sup as *const _);
            suppressed += 1;
            continue;
        }
        findings.push(f);
    }
    let secrets = secret_values(d);
    if !secrets.is_empty() {
        for f in &mut findings {
            redact_finding(f, &secrets);
        }
    }
    // By place, then rule and message; computed once per finding, not per comparison.
    findings.sort_by_cached_key(|f| (key(f), f.rule.as_str(), f.message.clone()));
    let unused_suppressions = loaded
        .settings
        .suppressions
        .iter()
        .filter(|s| !used.contains(&(*s as *const _)))
        .map(|s| s.describe())
        .collect();
    Analysis {
        res,
        facts,
        outcome: LintOutcome {
            findings,
            suppressed,
            unused_suppressions,
        },
    }
}

/// Every value of an option or transport parameter that holds a secret, anywhere in the
/// configuration read.
fn secret_values(d: &crate::model::Deployment) -> Vec<String> {
    use crate::redact::is_secret_key;
    let mut maps: Vec<&crate::input::options::OptionMap> = Vec::new();
    maps.extend(d.hosts.iter().map(|h| &h.annex));
    for a in &d.apps {
        maps.push(&a.options);
        maps.push(&a.annex);
    }
    maps.extend(d.local_files.iter().map(|l| &l.options));
    maps.extend(d.standalone.iter().map(|s| &s.options));
    maps.extend(d.tenants.iter().map(|t| &t.annex));
    maps.extend(d.persons.iter().map(|p| &p.annex));
    maps.extend(d.cs_files.iter().map(|f| &f.options));
    let mut out: Vec<String> = maps
        .iter()
        .flat_map(|m| m.sections.iter().flat_map(|s| s.entries.iter()))
        .filter(|e| is_secret_key(&e.key) && !e.value.is_empty())
        .map(|e| e.value.to_string())
        .collect();
    for a in &d.apps {
        let params = a
            .ports
            .iter()
            .flat_map(|p| p.params.iter())
            .chain(a.conns.iter().flat_map(|c| c.params.iter()));
        out.extend(
            params
                .filter(|p| is_secret_key(&p.key) && !p.value.is_empty())
                .map(|p| p.value.clone()),
        );
    }
    out.sort();
    out.dedup();
    out
}

fn redact_finding(f: &mut Finding, secrets: &[String]) {
    use crate::redact::redact;
    if let std::borrow::Cow::Owned(m) = redact(&f.message, secrets) {
        f.message = m;
    }
    if let Some(h) = &f.help
        && let std::borrow::Cow::Owned(m) = redact(h, secrets)
    {
        f.help = Some(m);
    }
    for r in &mut f.related {
        if let std::borrow::Cow::Owned(m) = redact(&r.note, secrets) {
            r.note = m;
        }
    }
}

fn key(f: &Finding) -> (u32, u32, u32, String) {
    match &f.place {
        Place::Span(s) => (s.file.0, s.line, s.col, String::new()),
    }
}

fn suppression<'s>(
    candidates: &[&'s crate::settings::Suppression],
    f: &Finding,
    sources: &crate::input::source::Sources,
) -> Option<&'s crate::settings::Suppression> {
    let matches = |want: &Option<String>, have: &Option<String>| match want {
        None => true,
        Some(w) => have.as_ref().is_some_and(|h| h.eq_ignore_ascii_case(w)),
    };
    candidates.iter().copied().find(|sup| {
        sup.rule == f.rule.as_str()
            && matches(&sup.host, &f.object.host)
            && matches(&sup.application, &f.object.application)
            && matches(&sup.port, &f.object.port)
            && matches(&sup.connection, &f.object.connection)
            && sup.file.as_ref().is_none_or(|want| {
                let (file, _, _) = crate::report::location(sources, &f.place);
                file == *want || file.ends_with(&format!("/{want}"))
            })
    })
}

/// How many objects of each kind the run looked at, for the summary line.
pub(crate) fn counts(d: &crate::model::Deployment) -> crate::report::Counts {
    crate::report::Counts {
        ports: d.apps.iter().map(|a| a.ports.len()).sum(),
        connections: d.apps.iter().map(|a| a.conns.len()).sum(),
        local_files: d.local_files.len(),
        option_files: d.standalone.len(),
    }
}

/// Every object the run looked at, for JUnit's test cases.
pub(crate) fn checked(loaded: &Loaded) -> Vec<Checked> {
    let d = &loaded.deployment;
    let mut out = Vec::new();
    for h in &d.hosts {
        out.push(Checked {
            kind: "host",
            name: format!("host {}", h.name),
            object: ObjectRef {
                host: Some(h.name.clone()),
                ..ObjectRef::default()
            },
            file: None,
        });
    }
    for app in &d.apps {
        let host = app.host.as_ref().map(|h| h.name.clone());
        let obj = ObjectRef {
            host: host.clone(),
            application: Some(app.name.clone()),
            ..ObjectRef::default()
        };
        out.push(Checked {
            kind: "application",
            name: format!("application {}", app.name),
            object: obj.clone(),
            file: None,
        });
        for p in &app.ports {
            out.push(Checked {
                kind: "port",
                name: format!("port {}:{}", app.name, p.id),
                object: ObjectRef {
                    port: Some(p.id.clone()),
                    ..obj.clone()
                },
                file: None,
            });
        }
        for c in &app.conns {
            let name = format!("{} -> {}:{}", app.name, c.server.name, c.port_id);
            out.push(Checked {
                kind: "connection",
                name: format!("connection {name}"),
                object: ObjectRef {
                    connection: Some(name),
                    ..obj.clone()
                },
                file: None,
            });
        }
    }
    for l in &d.local_files {
        let host = l.host.map(|i| d.hosts[i].name.clone());
        out.push(Checked {
            kind: "local",
            name: loaded.sources.display(l.file).to_string(),
            object: ObjectRef {
                host,
                application: Some(l.kind.file_name().to_string()),
                ..ObjectRef::default()
            },
            file: Some(loaded.sources.display(l.file).to_string()),
        });
    }
    for s in &d.standalone {
        let name = loaded.sources.display(s.file).to_string();
        out.push(Checked {
            kind: "file",
            name: name.clone(),
            object: ObjectRef::default(),
            file: Some(name),
        });
    }
    out
}
