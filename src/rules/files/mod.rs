//! The files the configuration names: present, readable as what the option expects, private
//! keys readable by their owner only.

pub(super) mod file_not_found;
pub(super) mod file_unreadable;
pub(super) mod key_file_permissions;

use std::collections::HashSet;
use std::path::Path;

use crate::facts::{Expect, ItemFile, Site, looks_like_thumbprint};
use crate::model::{Os, Runtime};
use crate::pki::load::LoadError;
use crate::resolve::{Level, SECURITY};
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::id::RuleId;

/// What is wrong with each file the configuration names (file-not-found or
/// file-unreadable), in the order written. Sites whose every user takes certificates from
/// the Windows store name no files: paths there are reported as windows-* findings.
pub(super) fn file_problems(cx: &Cx, mut f: impl FnMut(Finding)) {
    let java = java_hosts(cx);
    for p in &cx.facts.paths {
        let w = &cx.facts.written.all[p.at as usize];
        let site = &cx.facts.sites[w.site as usize];
        if windows_store_only(site, &java) {
            continue;
        }
        let Some(expect) = Expect::for_option(w.key) else {
            continue;
        };
        if w.key == "certificate" && looks_like_thumbprint(w.value) {
            continue;
        }
        let host = site.host.map(|h| h.name.as_str());
        // Empty items are invalid-option-value, and not looked for.
        for file in cx.facts.items(host, w.span) {
            if let Some(mut finding) = problem(w.key, w.span, expect, file) {
                finding = finding.object(site.object());
                if !matches!(site.level, Level::Port | Level::Connection) {
                    finding = finding.key(SECURITY, w.key);
                }
                f(finding);
            }
        }
    }
}

fn problem(
    key: &str,
    span: crate::input::source::Span,
    expect: Expect,
    file: &ItemFile,
) -> Option<Finding> {
    let ItemFile {
        item,
        local,
        loaded,
    } = file;
    // Most files are there and hold what they should: nothing is formatted for them.
    let fine = match loaded {
        Ok(file) if expect == Expect::PrivateKey => {
            expect.accepts(file)
                && file.problems.is_empty()
                && !file.keys.iter().any(|k| k.format.encrypted())
        }
        Ok(file) => expect.accepts(file) && file.problems.is_empty(),
        Err(_) => false,
    };
    if fine {
        return None;
    }
    let mapped = if Path::new(item) == local {
        String::new()
    } else {
        format!(" (looked for {})", local.display())
    };
    let place = Place::Span(span);
    Some(match loaded {
        Err(LoadError::Missing) => Finding::new(
            RuleId::FileNotFound,
            place,
            format!("{key} file {item} does not exist{mapped}"),
        )
        .help(if mapped.is_empty() && Path::new(item).is_absolute() {
            "fix the path, or map host paths to local copies: --path-map /etc/sec=./certs (or [path-map] in tlskit.toml)"
        } else {
            "fix the path or the path mapping"
        }),
        Err(LoadError::Unreadable(why)) => Finding::new(
            RuleId::FileUnreadable,
            place,
            format!("{key} file {item} cannot be read: {why}{mapped}"),
        ),
        Ok(file) if !expect.accepts(file) => Finding::new(
            RuleId::FileUnreadable,
            place,
            format!(
                "{key} file {item} should hold {}, but it holds {}{mapped}",
                expect.noun(),
                file.describe()
            ),
        ),
        Ok(file) if !file.problems.is_empty() => Finding::new(
            RuleId::FileUnreadable,
            place,
            format!(
                "{key} file {item}: {}{mapped}",
                crate::error::listed(&file.problems, "; ")
            ),
        ),
        Ok(file) if expect == Expect::PrivateKey => {
            let k = file.keys.iter().find(|k| k.format.encrypted())?;
            Finding::new(
                RuleId::FileUnreadable,
                place,
                format!(
                    "{key} file {item} is an {}: Genesys applications cannot read an encrypted key (decrypt it with `tlskit key convert --passin …`)",
                    k.format.describe()
                ),
            )
        }
        Ok(_) => return None,
    })
}

/// The hosts (by lower-case name) that run a Java application.
fn java_hosts(cx: &Cx) -> HashSet<String> {
    cx.d.apps
        .iter()
        .filter(|a| a.runtime == Runtime::Java)
        .filter_map(|a| a.host.as_ref().map(|h| h.name.to_ascii_lowercase()))
        .collect()
}

/// A site whose every user takes certificates from the Windows store.
fn windows_store_only(site: &Site, java_hosts: &HashSet<String>) -> bool {
    let Some(host) = site.host else { return false };
    if host.os != Some(Os::Windows) {
        return false;
    }
    match site.app {
        Some(app) => app.runtime != Runtime::Java,
        None => !java_hosts.contains(&host.name.to_ascii_lowercase()),
    }
}
