//! Every file an option names must exist and hold what the option expects. These checks
//! need no role, so they run on every written value, used by a port or not.

use std::path::Path;

use crate::facts::{Expect, looks_like_thumbprint};
use crate::findings::{Finding, Place};
use crate::model::{Os, Runtime};
use crate::pki::load::LoadError;
use crate::resolve::{Level, SECURITY};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};

/// A path an option names, where tlskit reads it and what it holds.
struct Named<'s> {
    site: &'s crate::rules::Site<'s>,
    key: &'s str,
    span: crate::input::source::Span,
    expect: Expect,
    file: &'s crate::facts::ItemFile,
}

/// Every file path the configuration names, mapped once, for the prefetch and the checks.
/// Sites whose every user takes certificates from the Windows store name no files.
fn named_files<'s>(ctx: &'s Ctx) -> Vec<Named<'s>> {
    let java = java_hosts(ctx);
    let mut out = Vec::new();
    for site in &ctx.facts.sites {
        if windows_store_only(site, &java) {
            continue; // paths there are reported as windows-* findings, not as files
        }
        let host = site.host.map(|h| h.name.as_str());
        for (key, value, span) in site.values() {
            let Some(expect) = Expect::for_option(key) else {
                continue;
            };
            if key == "certificate" && looks_like_thumbprint(value) {
                continue;
            }
            // Empty items are invalid-option-value, and not looked for.
            for file in ctx.facts.items(host, span) {
                out.push(Named {
                    site,
                    key,
                    span,
                    expect,
                    file,
                });
            }
        }
    }
    out
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    let named = named_files(ctx);
    for &Named {
        site,
        key,
        span,
        expect,
        file:
            crate::facts::ItemFile {
                item,
                local,
                loaded,
            },
    } in &named
    {
        let mapped = if Path::new(item) == local {
            String::new()
        } else {
            format!(" (looked for {})", local.display())
        };
        let mut f = match loaded.clone() {
            Err(LoadError::Missing) => Finding::new(
                RuleId::FileNotFound,
                Place::Span(span),
                format!("{key} file {item} does not exist{mapped}"),
            )
            .help(if mapped.is_empty() && Path::new(item).is_absolute() {
                "fix the path, or map host paths to local copies: --path-map /etc/sec=./certs (or [path-map] in tlskit.toml)".to_string()
            } else {
                "fix the path or the path mapping".to_string()
            }),
            Err(LoadError::Unreadable(why)) => Finding::new(
                RuleId::FileUnreadable,
                Place::Span(span),
                format!("{key} file {item} cannot be read: {why}{mapped}"),
            ),
            Ok(file) if !expect.accepts(&file) => Finding::new(
                RuleId::FileUnreadable,
                Place::Span(span),
                format!(
                    "{key} file {item} should hold {}, but it holds {}{mapped}",
                    expect.noun(),
                    file.describe()
                ),
            ),
            Ok(file) if !file.problems.is_empty() => Finding::new(
                RuleId::FileUnreadable,
                Place::Span(span),
                format!("{key} file {item}: {}{mapped}", crate::error::listed(&file.problems, "; ")),
            ),
            Ok(file) if expect == Expect::PrivateKey && file.keys.iter().any(|k| k.format.encrypted()) => {
                let k = file.keys.iter().find(|k| k.format.encrypted()).expect("checked");
                Finding::new(
                    RuleId::FileUnreadable,
                    Place::Span(span),
                    format!(
                        "{key} file {item} is an {}: Genesys applications cannot read an encrypted key (decrypt it with `tlskit key convert --passin …`)",
                        k.format.describe()
                    ),
                )
            }
            Ok(_) => continue,
        };
        f = f.object(site.object());
        if !matches!(site.level, Level::Port | Level::Connection) {
            f = f.key(SECURITY, key);
        }
        found.push(f);
    }
    for f in found {
        out.emit_once(f);
    }
}

/// The hosts (by lower-case name) that run a Java application.
fn java_hosts(ctx: &Ctx) -> std::collections::HashSet<String> {
    ctx.d
        .apps
        .iter()
        .filter(|a| a.runtime == Runtime::Java)
        .filter_map(|a| a.host.as_ref().map(|h| h.name.to_ascii_lowercase()))
        .collect()
}

/// A site whose every user takes certificates from the Windows store.
fn windows_store_only(
    site: &crate::rules::Site,
    java_hosts: &std::collections::HashSet<String>,
) -> bool {
    let Some(host) = site.host else { return false };
    if host.os != Some(Os::Windows) {
        return false;
    }
    match site.app {
        Some(app) => app.runtime != Runtime::Java,
        None => !java_hosts.contains(&host.name.to_ascii_lowercase()),
    }
}
