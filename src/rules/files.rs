//! Every file an option names must exist and hold what the option expects. These checks
//! need no role, so they run on every written value, used by a port or not.

use std::path::Path;

use super::Ctx;
use crate::facts::{Expect, looks_like_thumbprint, path_items};
use crate::findings::{Finding, Place};
use crate::model::{Os, Runtime};
use crate::pki::load::LoadError;
use crate::resolve::{Level, SECURITY};

/// Every file the configuration names, parsed ahead on every core.
fn prefetch(ctx: &Ctx) {
    let mut paths = Vec::new();
    for site in &ctx.sites {
        let host = site.host.map(|h| h.name.as_str());
        for (key, value, span) in site.values() {
            if Expect::for_option(key).is_none()
                || key == "certificate" && looks_like_thumbprint(value)
            {
                continue;
            }
            for item in path_items(key, value) {
                if !item.is_empty() {
                    paths.push(ctx.local_path(host, &item, span.file));
                }
            }
        }
    }
    ctx.pki.prefetch(paths);
}

pub fn check(ctx: &mut Ctx) {
    prefetch(ctx);
    let mut found = Vec::new();
    let java = java_hosts(ctx);
    for site in &ctx.sites {
        if windows_store_only(site, &java) {
            continue; // paths there are reported as windows-* findings, not as files
        }
        let values = site.values();
        let host = site.host.map(|h| h.name.as_str());
        for (key, value, span) in values {
            let Some(expect) = Expect::for_option(key) else {
                continue;
            };
            if key == "certificate" && looks_like_thumbprint(value) {
                continue;
            }
            for item in path_items(key, value) {
                if item.is_empty() {
                    continue; // invalid-option-value
                }
                let local = ctx.local_path(host, &item, span.file);
                let mapped = if Path::new(&item) == local {
                    String::new()
                } else {
                    format!(" (looked for {})", local.display())
                };
                let mut f = match ctx.pki.get(&local) {
                    Err(LoadError::Missing) => Finding::new(
                        "file-not-found",
                        Place::Span(span),
                        format!("{key} file {item} does not exist{mapped}"),
                    )
                    .help(if mapped.is_empty() && Path::new(&item).is_absolute() {
                        "fix the path, or map host paths to local copies: --path-map /etc/sec=./certs (or [path-map] in tlskit.toml)".to_string()
                    } else {
                        "fix the path or the path mapping".to_string()
                    }),
                    Err(LoadError::Unreadable(why)) => Finding::new(
                        "file-unreadable",
                        Place::Span(span),
                        format!("{key} file {item} cannot be read: {why}{mapped}"),
                    ),
                    Ok(file) if !expect.accepts(&file) => Finding::new(
                        "file-unreadable",
                        Place::Span(span),
                        format!(
                            "{key} file {item} should hold {}, but it holds {}{mapped}",
                            expect.noun(),
                            file.describe()
                        ),
                    ),
                    Ok(file) if !file.problems.is_empty() => Finding::new(
                        "file-unreadable",
                        Place::Span(span),
                        format!("{key} file {item}: {}{mapped}", file.problems.join("; ")),
                    ),
                    Ok(file) if expect == Expect::PrivateKey && file.keys.iter().any(|k| k.format.encrypted()) => {
                        let k = file.keys.iter().find(|k| k.format.encrypted()).expect("checked");
                        Finding::new(
                            "file-unreadable",
                            Place::Span(span),
                            format!(
                                "{key} file {item} is an {}: Genesys applications cannot read an encrypted key (decrypt it with `tlskit key convert --passin …`)",
                                k.format.describe()
                            ),
                        )
                    }
                    Ok(_) => continue,
                };
                f = f.object(site.object.clone());
                if !matches!(site.level, Level::Port | Level::Connection) {
                    f = f.key(SECURITY, key);
                }
                found.push(f);
            }
        }
    }
    for f in found {
        ctx.emit_once(f);
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
fn windows_store_only(site: &super::Site, java_hosts: &std::collections::HashSet<String>) -> bool {
    let Some(host) = site.host else { return false };
    if host.os != Some(Os::Windows) {
        return false;
    }
    match site.app {
        Some(app) => app.runtime != Runtime::Java,
        None => !java_hosts.contains(&host.name.to_ascii_lowercase()),
    }
}
