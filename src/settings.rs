//! `tlskit.toml`: per-rule severities, the expiry window, path mappings, the runtime table,
//! and suppressions (each with a reason and the object it applies to).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{InputError, Result};
use crate::input::read::{decode_text, read_capped};
use crate::severity::Severity;

/// Largest tlskit.toml read. Real ones are a few kilobytes; the TOML reader holds about 30
/// times the text while it parses (40,000 suppressions, 3.3 MB: 100 MiB), so the cap keeps
/// a hostile one within the memory bound.
pub(crate) const MAX_SETTINGS_BYTES: u64 = 8 * 1024 * 1024;

/// A path prefix mapping: configured paths name files on the Genesys hosts; the mapping says
/// where a copy of them lies on this machine.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mapping {
    pub from: String,
    pub to: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PathMap {
    pub global: Vec<Mapping>,
    pub per_host: BTreeMap<String, Vec<Mapping>>,
}

fn is_windows_path(p: &str) -> bool {
    let b = p.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':') || p.starts_with("\\\\")
}

fn components(p: &str) -> Vec<&str> {
    p.split(['/', '\\']).filter(|c| !c.is_empty()).collect()
}

/// How many leading components of `path` match `prefix` (whole components only), or None.
fn prefix_len(prefix: &str, path: &str) -> Option<usize> {
    let windows = is_windows_path(prefix) || is_windows_path(path);
    let pre = components(prefix);
    let all = components(path);
    if pre.len() > all.len() || prefix.starts_with('/') != path.starts_with('/') {
        return None;
    }
    let same = pre.iter().zip(&all).all(|(a, b)| {
        if windows {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    });
    same.then_some(pre.len())
}

impl PathMap {
    /// The longest matching prefix wins, host mappings before global ones at equal length.
    pub(crate) fn map(&self, host: Option<&str>, path: &str) -> Option<PathBuf> {
        let host_maps = host.and_then(|h| self.per_host.get(h));
        let mut best: Option<(usize, &Mapping)> = None;
        for m in host_maps.into_iter().flatten().chain(&self.global) {
            if let Some(n) = prefix_len(&m.from, path)
                && best.is_none_or(|(b, _)| n > b)
            {
                best = Some((n, m));
            }
        }
        let (n, m) = best?;
        let mut out = m.to.clone();
        for c in components(path).into_iter().skip(n) {
            out.push(c);
        }
        Some(out)
    }

    /// Adds `FROM=TO` from the command line; a relative TO is relative to the current
    /// directory.
    pub(crate) fn add_cli(&mut self, spec: &str) -> Result<()> {
        let (from, to) = spec
            .split_once('=')
            .ok_or_else(|| InputError::msg(format!("--path-map `{spec}`: expected FROM=TO")))?;
        if from.is_empty() || to.is_empty() {
            return Err(InputError::msg(format!(
                "--path-map `{spec}`: FROM and TO must not be empty"
            )));
        }
        self.global.insert(
            0,
            Mapping {
                from: from.to_string(),
                to: PathBuf::from(to),
            },
        );
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    pub rule: String,
    pub host: Option<String>,
    pub application: Option<String>,
    pub port: Option<String>,
    pub connection: Option<String>,
    pub file: Option<String>,
    /// Where the entry is (`tlskit.toml:12`), to name it when it matches nothing.
    pub at: String,
}

impl Suppression {
    /// The entry as a message names it: its place, rule and object.
    pub(crate) fn describe(&self) -> String {
        let mut object = Vec::new();
        for (k, v) in [
            ("host", &self.host),
            ("application", &self.application),
            ("port", &self.port),
            ("connection", &self.connection),
            ("file", &self.file),
        ] {
            if let Some(v) = v {
                object.push(format!("{k} = \"{v}\""));
            }
        }
        format!(
            "{}: [[suppress]] rule = \"{}\", {}",
            self.at,
            self.rule,
            object.join(", ")
        )
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Runtimes {
    pub java_types: Vec<String>,
    pub java_applications: Vec<String>,
    pub dotnet_types: Vec<String>,
    pub dotnet_applications: Vec<String>,
    pub native_types: Vec<String>,
    pub native_applications: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub path_map: PathMap,
    /// None means `off`.
    pub severity: BTreeMap<String, Option<Severity>>,
    pub expiry_warn_days: Option<u32>,
    pub runtimes: Runtimes,
    pub windows_store: Option<PathBuf>,
    /// `path-map-is-host-files = true`: the mapped folders are the hosts' own files (an NFS
    /// mount, a copy that kept modes), so key file modes are judged there too.
    pub path_map_is_host_files: bool,
    pub suppressions: Vec<Suppression>,
    /// `[rules] select = [...]` (or `lint --only`): the families (`tls`, `posture`) and
    /// rule ids that run; None: the default selection (see `rules::enabled`).
    pub select: Option<Vec<String>>,
    /// `[rules] ignore = [...]`: families and rule ids that never run.
    pub ignore: Vec<String>,
    /// `java-release = 17`: the JDK release Java applications' handshakes are predicted
    /// for (only releases `tls::jsse::RELEASES` models are accepted); None: the default.
    pub java_release: Option<u16>,
    /// Where the settings came from, for messages.
    pub source: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSettings {
    expiry_warn_days: Option<u32>,
    java_release: Option<toml::Spanned<i64>>,
    windows_store: Option<String>,
    #[serde(default)]
    path_map_is_host_files: bool,
    #[serde(default)]
    path_map: BTreeMap<String, RawPathMapValue>,
    #[serde(default)]
    rules: BTreeMap<String, RawRuleValue>,
    #[serde(default)]
    runtime: RawRuntime,
    #[serde(default)]
    suppress: Vec<toml::Spanned<RawSuppression>>,
}

/// A `[rules]` entry: `<rule-id> = "<severity>|off"`, or `select`/`ignore` = a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawRuleValue {
    Level(String),
    List(Vec<String>),
}

/// The rule families `select`, `ignore` and `lint --only` name besides rule ids.
pub(crate) const FAMILIES: &[&str] = &["tls", "posture"];

/// Checks a `select`/`ignore` list: every entry a family or a rule id.
pub(crate) fn check_selection(
    what: &str,
    list: &[String],
    rules: RuleIds,
) -> std::result::Result<(), String> {
    for name in list {
        if !FAMILIES.contains(&name.as_str()) && rules(name).is_err() {
            return Err(format!(
                "{what} names `{name}`, which is neither a rule family (tls, posture) nor a rule id (see `tlskit rules`)"
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPathMapValue {
    To(String),
    Hosts(BTreeMap<String, BTreeMap<String, String>>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRuntime {
    #[serde(default)]
    java_types: Vec<String>,
    #[serde(default)]
    java_applications: Vec<String>,
    #[serde(default)]
    dotnet_types: Vec<String>,
    #[serde(default)]
    dotnet_applications: Vec<String>,
    #[serde(default)]
    native_types: Vec<String>,
    #[serde(default)]
    native_applications: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSuppression {
    rule: String,
    host: Option<String>,
    application: Option<String>,
    port: Option<String>,
    connection: Option<String>,
    file: Option<String>,
    reason: Option<String>,
}

fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

/// Line numbers of byte offsets, from one pass over the text: a file of 40,000
/// suppressions asks for 40,000 lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn of(&self, offset: usize) -> u32 {
        self.0.partition_point(|&nl| nl < offset) as u32 + 1
    }
}

/// Whether a rule id exists, else the nearest id: the registry's answer, passed in by the
/// caller so that settings, read before any rule runs, do not depend on the rules.
pub(crate) type RuleIds = fn(&str) -> std::result::Result<(), Option<&'static str>>;

/// The error line of an unknown rule id, with a did-you-mean.
fn unknown_rule(at: &str, what: &str, id: &str, rules: RuleIds) -> Option<InputError> {
    match rules(id) {
        Ok(()) => None,
        Err(near) => Some(InputError(format!(
            "{at}: {what} names an unknown rule `{id}`{} (see `tlskit rules`)",
            near.map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default()
        ))),
    }
}

impl Settings {
    /// Where a configured path lies on this machine: mapped by tlskit.toml or --path-map,
    /// else as written (a relative path from the folder of `defined_in`, the file that
    /// names it).
    pub(crate) fn local_path(
        &self,
        host: Option<&str>,
        value: &str,
        defined_in: &std::path::Path,
    ) -> std::path::PathBuf {
        if let Some(p) = self.path_map.map(host, value) {
            return p;
        }
        let p = std::path::Path::new(value);
        if p.is_absolute() {
            return p.to_path_buf();
        }
        defined_in
            .parent()
            .map(|dir| dir.join(p))
            .unwrap_or_else(|| p.to_path_buf())
    }

    /// The JDK release Java applications are predicted for.
    pub(crate) fn java_release(&self) -> u16 {
        self.java_release
            .unwrap_or(crate::tls::jsse::DEFAULT_RELEASE)
    }

    pub(crate) fn load(path: &Path, rules: RuleIds) -> Result<Settings> {
        let bytes = read_capped(path, MAX_SETTINGS_BYTES).map_err(|e| InputError::file(path, e))?;
        let text = decode_text(bytes).map_err(|e| InputError::file(path, e.0))?;
        Settings::parse(path, &text, rules)
    }

    pub(crate) fn parse(path: &Path, text: &str, rules: RuleIds) -> Result<Settings> {
        let shown = path.display().to_string();
        let raw: RawSettings = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            InputError(format!("{shown}:{line}: {}", e.message().trim()))
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let resolve = |to: &str| -> PathBuf {
            let p = PathBuf::from(to);
            if p.is_absolute() { p } else { base.join(p) }
        };
        let mut s = Settings {
            expiry_warn_days: raw.expiry_warn_days,
            windows_store: raw.windows_store.as_deref().map(resolve),
            path_map_is_host_files: raw.path_map_is_host_files,
            source: Some(path.to_path_buf()),
            ..Settings::default()
        };
        if let Some(r) = raw.java_release {
            let line = line_of(text, r.span().start);
            let v = *r.get_ref();
            let known = crate::tls::jsse::RELEASES;
            match u16::try_from(v).ok().filter(|v| known.contains(v)) {
                Some(v) => s.java_release = Some(v),
                None => {
                    return Err(InputError(format!(
                        "{shown}:{line}: java-release = {v}: tlskit models JDK {} only (docs/java-tls.md)",
                        known
                            .iter()
                            .map(u16::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        }
        for (from, value) in raw.path_map {
            match value {
                RawPathMapValue::To(to) => s.path_map.global.push(Mapping {
                    from,
                    to: resolve(&to),
                }),
                RawPathMapValue::Hosts(hosts) if from == "hosts" => {
                    for (host, maps) in hosts {
                        let list = s.path_map.per_host.entry(host).or_default();
                        for (from, to) in maps {
                            list.push(Mapping {
                                from,
                                to: resolve(&to),
                            });
                        }
                    }
                }
                RawPathMapValue::Hosts(_) => {
                    return Err(InputError(format!(
                        "{shown}: [path-map] `{from}` must map to a path; per-host mappings go under [path-map.hosts.NAME]"
                    )));
                }
            }
        }
        s.read_rules(&shown, raw.rules, rules)?;
        let lower = |v: Vec<String>| {
            v.into_iter()
                .map(|t| crate::model::normalize_type(&t))
                .collect()
        };
        s.runtimes = Runtimes {
            java_types: lower(raw.runtime.java_types),
            java_applications: raw.runtime.java_applications,
            dotnet_types: lower(raw.runtime.dotnet_types),
            dotnet_applications: raw.runtime.dotnet_applications,
            native_types: lower(raw.runtime.native_types),
            native_applications: raw.runtime.native_applications,
        };
        s.read_suppressions(&shown, text, raw.suppress, rules)?;
        Ok(s)
    }

    /// `[rules]`: severities by rule id, and the `select`/`ignore` lists.
    fn read_rules(
        &mut self,
        shown: &str,
        raw: BTreeMap<String, RawRuleValue>,
        rules: RuleIds,
    ) -> Result<()> {
        for (rule, value) in raw {
            let level = match (rule.as_str(), value) {
                ("select" | "ignore", RawRuleValue::List(list)) => {
                    check_selection(&format!("{shown}: [rules] {rule}"), &list, rules)
                        .map_err(InputError)?;
                    if rule == "select" {
                        self.select = Some(list);
                    } else {
                        self.ignore = list;
                    }
                    continue;
                }
                ("select" | "ignore", RawRuleValue::Level(_)) => {
                    return Err(InputError(format!(
                        "{shown}: [rules] {rule} must be a list, e.g. {rule} = [\"tls\"]"
                    )));
                }
                (_, RawRuleValue::List(_)) => {
                    return Err(InputError(format!(
                        "{shown}: [rules] {rule} must be a severity (error, warning, notice or off); only select and ignore take a list"
                    )));
                }
                (_, RawRuleValue::Level(level)) => level,
            };
            if let Some(e) = unknown_rule(shown, "[rules]", &rule, rules) {
                return Err(e);
            }
            let sev = match level.as_str() {
                "off" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    InputError(format!(
                        "{shown}: [rules] {rule} = \"{other}\": expected error, warning, notice or off"
                    ))
                })?),
            };
            self.severity.insert(rule, sev);
        }
        Ok(())
    }

    /// `[[suppress]]` entries: each names a known rule, a reason and an object.
    fn read_suppressions(
        &mut self,
        shown: &str,
        text: &str,
        raw: Vec<toml::Spanned<RawSuppression>>,
        rules: RuleIds,
    ) -> Result<()> {
        let lines = Lines::new(text);
        for spanned in raw {
            let line = lines.of(spanned.span().start);
            let r = spanned.into_inner();
            let at = format!("{shown}:{line}");
            if let Some(e) = unknown_rule(&at, "[[suppress]]", &r.rule, rules) {
                return Err(e);
            }
            // The reason is for the people reading tlskit.toml; tlskit only insists on one.
            if r.reason.as_deref().is_none_or(|t| t.trim().is_empty()) {
                return Err(InputError(format!(
                    "{at}: [[suppress]] of `{}` has no reason: say why it is safe",
                    r.rule
                )));
            }
            if r.host.is_none()
                && r.application.is_none()
                && r.port.is_none()
                && r.connection.is_none()
                && r.file.is_none()
            {
                return Err(InputError(format!(
                    "{at}: [[suppress]] of `{}` names no object: give host, application, port, connection or file",
                    r.rule
                )));
            }
            self.suppressions.push(Suppression {
                rule: r.rule,
                host: r.host,
                application: r.application,
                port: r.port,
                connection: r.connection,
                file: r.file,
                at,
            });
        }
        Ok(())
    }

    /// Settings given later (command line over file) take precedence.
    pub(crate) fn merge(&mut self, other: Settings) {
        let mut global = other.path_map.global;
        global.append(&mut self.path_map.global);
        self.path_map.global = global;
        for (h, mut maps) in other.path_map.per_host {
            let list = self.path_map.per_host.entry(h).or_default();
            maps.append(list);
            *list = maps;
        }
        self.severity.extend(other.severity);
        if other.expiry_warn_days.is_some() {
            self.expiry_warn_days = other.expiry_warn_days;
        }
        self.path_map_is_host_files |= other.path_map_is_host_files;
        let r = other.runtimes;
        self.runtimes.java_types.extend(r.java_types);
        self.runtimes.java_applications.extend(r.java_applications);
        self.runtimes.dotnet_types.extend(r.dotnet_types);
        self.runtimes
            .dotnet_applications
            .extend(r.dotnet_applications);
        self.runtimes.native_types.extend(r.native_types);
        self.runtimes
            .native_applications
            .extend(r.native_applications);
        if other.windows_store.is_some() {
            self.windows_store = other.windows_store;
        }
        self.suppressions.extend(other.suppressions);
        if other.select.is_some() {
            self.select = other.select;
        }
        self.ignore.extend(other.ignore);
        if other.source.is_some() {
            self.source = other.source;
        }
    }
}

#[cfg(test)]
mod tests;
