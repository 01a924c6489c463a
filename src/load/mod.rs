//! From command-line paths to one deployment: scan folders, read every file once, merge the
//! exports, attach option files to the objects they belong to, and load `tlskit.toml`.

pub(crate) mod mutagen;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{InputError, Result};
use crate::input::ini;
use crate::input::json;
use crate::input::options::OptionMap;
use crate::input::read::{MAX_CONFIG_BYTES, decode_text, read_capped};
use crate::input::source::{FileId, Sources, Span};
use crate::model::{
    CONFIG_SERVER, CsFile, DOTNET_TYPES, Deployment, JAVA_TYPES, LocalFile, LocalKind, Runtime,
    Standalone, Tenant,
};
use crate::settings::Settings;
use mutagen::Merged;

/// Folder scans stop here: deeper trees or more files are not a configuration export.
pub(crate) const MAX_SCAN_DEPTH: usize = 32;
pub(crate) const MAX_SCAN_FILES: usize = 100_000;

pub(crate) struct Loaded {
    pub sources: Sources,
    pub deployment: Deployment,
    pub settings: Settings,
    /// JSON files that were not deployment exports, for `--verbose`.
    pub ignored: Vec<PathBuf>,
    /// Symbolic links in a scanned folder that lead out of it, not followed: (link, target).
    pub outside: Vec<(PathBuf, PathBuf)>,
    /// The files the exports seem to name, loading while the model was built (when asked).
    pub preload: Vec<crate::pki::load::Preload>,
}

enum Kind {
    Json,
    Ini,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(Kind::Json),
        "cfg" | "conf" | "ini" => Some(Kind::Ini),
        _ => None,
    }
}

struct Found {
    path: PathBuf,
    explicit: bool,
}

/// What a folder scan keeps besides the files: the folders walked (a link loop is walked
/// once) and the links it did not follow.
struct Walk<'a> {
    /// The scanned folder, canonical: links that lead out of it are not followed.
    root: &'a Path,
    seen: &'a mut HashSet<PathBuf>,
    outside: &'a mut Vec<(PathBuf, PathBuf)>,
}

fn scan(dir: &Path, depth: usize, walk: &mut Walk, out: &mut Vec<Found>) -> Result<()> {
    // A symlink loop or a link back up the tree would otherwise recurse forever.
    let Ok(canonical) = dir.canonicalize() else {
        return Ok(());
    };
    if depth > MAX_SCAN_DEPTH || !walk.seen.insert(canonical) {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| InputError::file(dir, e))?;
    // With the type the folder listing gives (not following links; None when it cannot):
    // a deployment's folders hold thousands of certificate files, and two status calls
    // each were most of a scan.
    let mut paths: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
        .collect();
    // The entries of one folder differ only in their last component: comparing the bytes
    // gives the order of `Path`'s component-wise comparison, without its cost.
    paths.sort_unstable_by(|(a, _), (b, _)| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    for (path, listed) in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" {
            continue;
        }
        // Neither a folder nor a link, and not named as a configuration file: not read.
        if listed.is_some_and(|t| !t.is_dir() && !t.is_symlink()) && kind_of(&path).is_none() {
            continue;
        }
        // A link that leads out of the folder (to another deployment's files, to /etc, to
        // /) is not the deployment's: not followed, and listed with --verbose.
        let is_link = match listed {
            Some(t) => t.is_symlink(),
            None => std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()),
        };
        if is_link {
            match path.canonicalize() {
                Ok(target) if !target.starts_with(walk.root) => {
                    walk.outside.push((path.clone(), target));
                    continue;
                }
                Ok(_) => {}
                Err(_) => continue, // a dangling link or a link loop: nothing to read
            }
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue; // a dangling link or a link loop: nothing to read
        };
        if meta.is_dir() {
            scan(&path, depth + 1, walk, out)?;
        } else if meta.is_file() && kind_of(&path).is_some() {
            if out.len() >= MAX_SCAN_FILES {
                return Err(InputError::file(
                    dir,
                    format!("more than {MAX_SCAN_FILES} configuration files"),
                ));
            }
            out.push(Found {
                path,
                explicit: false,
            });
        }
    }
    Ok(())
}

/// The path `-`: one option file read from standard input (`lint -`).
pub(crate) const STDIN: &str = "-";

fn read_text(path: &Path) -> Result<String> {
    if path.as_os_str() == STDIN {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_CONFIG_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| InputError(format!("standard input: {e}")))?;
        if bytes.len() as u64 > MAX_CONFIG_BYTES {
            return Err(InputError(format!(
                "standard input: more than {MAX_CONFIG_BYTES} bytes: not an option file"
            )));
        }
        return decode_text(bytes).map_err(|e| InputError(format!("standard input: {}", e.0)));
    }
    let bytes = read_capped(path, MAX_CONFIG_BYTES).map_err(|e| InputError::file(path, e))?;
    decode_text(bytes).map_err(|e| InputError::file(path, e.0))
}

/// What a run starts loading on another core while it builds the model: the files the
/// exports seem to name, found through the command line's path maps.
pub(crate) struct Preloading<'a> {
    pub maps: &'a [String],
    /// Whether to verify, as each file loads, the signatures its certificates carry for
    /// each other (a lint's trust verdicts need them; `resolve` does not).
    pub signatures: bool,
}

/// Reads the inputs and builds the model, preloading as `preloading` says.
pub(crate) fn load(
    paths: &[PathBuf],
    config: Option<&Path>,
    preloading: Option<Preloading>,
) -> Result<Loaded> {
    let Gathered {
        found,
        mut settings,
        outside,
    } = gather(paths)?;
    if let Some(config) = config {
        settings.merge(Settings::load(config, crate::rules::check_id)?);
    }
    let mut sources = Sources::default();
    let mut merged = Merged::default();
    let mut inis: Vec<(PathBuf, FileId)> = Vec::new();
    let mut ignored = Vec::new();
    // The maps of the command line join only once the inputs are read (their errors come
    // after the inputs'); a guess may use them already.
    let signatures = preloading.as_ref().is_some_and(|p| p.signatures);
    let guess_settings = preloading.as_ref().map(|p| {
        let mut s = settings.clone();
        for spec in p.maps {
            let _ = s.path_map.add_cli(spec);
        }
        s
    });
    let mut preload = Vec::new();
    // After the last JSON file no export follows: its objects need no digest up front.
    let last_json = found
        .iter()
        .rposition(|f| matches!(kind_of(&f.path), Some(Kind::Json)));
    for (i, f) in found.into_iter().enumerate() {
        let kind = kind_of(&f.path).unwrap_or(Kind::Ini);
        let text = read_text(&f.path)?;
        let shown = if f.path.as_os_str() == STDIN {
            "<stdin>".to_string()
        } else {
            f.path.display().to_string()
        };
        let id = sources.add(&f.path, shown, text);
        match kind {
            Kind::Json => {
                let doc = json::parse(id, sources.get(id))
                    .map_err(|e| InputError::at(sources.display(id), e.line, e.col, e.message))?;
                if mutagen::is_export(doc.root()) {
                    if let Some(g) = &guess_settings {
                        let file = &sources.get(id).path;
                        let guessed = named_paths(doc.root())
                            .iter()
                            .map(|v| g.local_path(None, v, file))
                            .collect();
                        preload.extend(crate::pki::load::Preload::start(guessed, signatures));
                    }
                    if Some(i) == last_json {
                        merged.add_last_export(&sources, doc.root())?;
                    } else {
                        merged.add_export(&sources, doc.root())?;
                    }
                } else if f.explicit {
                    return Err(InputError::file(
                        &f.path,
                        "not a deployment export (expected a top-level object with `__metadata__`, `hosts`, `applications` or `appPrototypes`)",
                    ));
                } else {
                    ignored.push(f.path);
                }
            }
            Kind::Ini => inis.push((f.path, id)),
        }
    }
    let built = merged.build()?;
    let mut deployment = Deployment::new(built.hosts, built.apps);
    deployment.disabled = built.disabled;
    deployment.tenants = built.tenants;
    deployment.persons = built.persons;
    for (path, id) in inis {
        attach_option_file(&mut deployment, &sources, &path, id)?;
    }
    assign_runtimes(&mut deployment, &settings);
    Ok(Loaded {
        sources,
        deployment,
        settings,
        ignored,
        outside,
        preload,
    })
}

/// The file paths an export seems to name: the string values of path options, and the
/// path keys of transport-parameter strings (`tls=1;certificate=/p.pem`), anywhere in its
/// tree. A guess for `Preload`: the facts load what the model really names.
fn named_paths(root: json::Val) -> Vec<String> {
    use crate::model::vocab::{is_path_option, path_items};
    // CRLs first: one of 50,000 entries takes as long as a few hundred certificates, and
    // taken last it would keep the facts waiting on the preload's one thread when
    // everything else is done.
    let (mut crls, mut out) = (Vec::new(), Vec::new());
    let mut add = |key: &str, value: &str| {
        let to = if matches!(key, "crl" | "tls-crl") {
            &mut crls
        } else {
            &mut out
        };
        to.extend(path_items(key, value));
    };
    let mut todo = vec![root];
    while let Some(v) = todo.pop() {
        match v.kind() {
            json::Kind::Obj => {
                for (k, v) in v.members() {
                    let key = k.name();
                    match v.as_str() {
                        Some(text) if is_path_option(&key) => add(&key, &text),
                        Some(text) if text.contains('=') => {
                            for (k, v) in text.split(';').filter_map(|p| p.split_once('=')) {
                                if is_path_option(k.trim()) {
                                    add(k.trim(), v);
                                }
                            }
                        }
                        Some(_) => {}
                        None => todo.push(v),
                    }
                }
            }
            json::Kind::Arr => todo.extend(v.items()),
            _ => {}
        }
    }
    crls.append(&mut out);
    crls.retain(|v| !v.is_empty());
    crls
}

/// The files the paths name (folders scanned), the settings of the tlskit.toml files among
/// them, and the symbolic links of scanned folders that lead outside them.
struct Gathered {
    found: Vec<Found>,
    settings: Settings,
    /// Each link and where it leads.
    outside: Vec<(PathBuf, PathBuf)>,
}

fn gather(paths: &[PathBuf]) -> Result<Gathered> {
    let mut found = Vec::new();
    let mut settings = Settings::default();
    let mut seen_dirs = HashSet::new();
    let mut outside = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            found.push(Found {
                path: path.clone(),
                explicit: true,
            });
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                InputError::file(path, "no such file or directory")
            } else {
                InputError::file(path, crate::input::read::io_phrase(&e))
            }
        })?;
        if meta.is_dir() {
            let toml = path.join("tlskit.toml");
            if toml.is_file() {
                settings.merge(Settings::load(&toml, crate::rules::check_id)?);
            }
            let root = path.canonicalize().map_err(|e| InputError::file(path, e))?;
            let mut walk = Walk {
                root: &root,
                seen: &mut seen_dirs,
                outside: &mut outside,
            };
            scan(path, 0, &mut walk, &mut found)?;
        } else if !meta.is_file() {
            // Refuse before reading: /dev/zero or a FIFO would never end.
            return Err(InputError::file(
                path,
                crate::input::read::ReadError::NotRegular(match () {
                    _ if meta.file_type().is_symlink() => "a symbolic link",
                    _ => "a device, pipe or socket",
                }),
            ));
        } else if path.file_name().is_some_and(|n| n == "tlskit.toml") {
            settings.merge(Settings::load(path, crate::rules::check_id)?);
        } else {
            found.push(Found {
                path: path.clone(),
                explicit: true,
            });
        }
    }
    Ok(Gathered {
        found,
        settings,
        outside,
    })
}

/// Parses an option file and attaches its options to the object it configures.
fn attach_option_file(
    deployment: &mut Deployment,
    sources: &Sources,
    path: &Path,
    id: FileId,
) -> Result<()> {
    let text = sources.text(id);
    if let Some((n, len)) = text
        .split('\n')
        .enumerate()
        .find(|(_, l)| l.len() > ini::MAX_LINE)
        .map(|(n, l)| (n + 1, l.chars().count()))
    {
        return Err(InputError::at(
            sources.display(id),
            n as u32,
            1,
            format!(
                "a line of {len} characters; option lines are at most {} bytes",
                ini::MAX_LINE
            ),
        ));
    }
    let doc = ini::parse(id, text);
    deployment.bad_lines.extend(doc.bad_lines);
    if doc.more_bad_lines > 0 {
        deployment.more_bad_lines.push((id, doc.more_bad_lines));
    }
    attach(deployment, path, id, doc.options);
    Ok(())
}

/// The host an lca.cfg, gda.cfg or confserv.conf belongs to: named like its folder (full
/// name or first label), else the only host of the deployment.
fn host_by_folder(d: &Deployment, path: &Path) -> Option<usize> {
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    if let Some(folder) = folder {
        if let Some(i) = d.host_index(folder) {
            return Some(i);
        }
        let by_label = d.hosts.iter().position(|h| {
            h.name
                .split('.')
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case(folder))
        });
        if by_label.is_some() {
            return by_label;
        }
    }
    (d.hosts.len() == 1).then_some(0)
}

fn attach(d: &mut Deployment, path: &Path, file: FileId, options: OptionMap) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let local = match lower.as_str() {
        "lca.cfg" => Some(LocalKind::Lca),
        "gda.cfg" => Some(LocalKind::Gda),
        _ => None,
    };
    if let Some(kind) = local {
        let host = host_by_folder(d, path);
        d.local_files.push(LocalFile {
            kind,
            host,
            file,
            options,
        });
        return;
    }
    if lower == "confserv.conf" || lower == "confserv.cfg" {
        let host = host_by_folder(d, path).map(|h| d.hosts[h].name.clone());
        let cs = d.apps.iter().position(|a| {
            a.is(CONFIG_SERVER)
                && match (&host, &a.host) {
                    (Some(h), Some(ah)) => ah.name.eq_ignore_ascii_case(h),
                    (None, _) => true,
                    _ => false,
                }
        });
        d.cs_files.push(CsFile {
            file,
            app: cs,
            options: options.clone(),
        });
        if let Some(i) = cs {
            d.apps[i].options.overlay(options);
        } else {
            d.standalone.push(Standalone { file, options });
        }
        return;
    }
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    // `tenant.<Name>.annex.cfg`: a Tenant's annex, exported from Genesys Administrator.
    if let Some(tenant) = stem
        .strip_suffix(".annex")
        .and_then(|s| s.strip_prefix("tenant."))
    {
        match d
            .tenants
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(tenant))
        {
            Some(i) => d.tenants[i].annex.overlay(options),
            None => d.tenants.push(Tenant {
                name: tenant.to_string(),
                parent: None,
                span: options.sections.first().map_or(
                    Span {
                        file,
                        line: 1,
                        col: 1,
                        len: 0,
                    },
                    |s| s.span,
                ),
                annex: options,
            }),
        }
        return;
    }
    if let Some(object) = stem.strip_suffix(".annex") {
        if let Some(i) = d.app_index(object) {
            d.apps[i].annex.overlay(options);
        } else if let Some(i) = d.host_index(object) {
            d.hosts[i].annex.overlay(options);
        } else {
            d.standalone.push(Standalone { file, options });
        }
        return;
    }
    if let Some(i) = d.app_index(stem) {
        d.apps[i].options.overlay(options);
    } else if let Some(i) = d.host_index(stem) {
        d.hosts[i].annex.overlay(options);
    } else {
        d.standalone.push(Standalone { file, options });
    }
}

fn assign_runtimes(d: &mut Deployment, s: &Settings) {
    let r = &s.runtimes;
    for app in &mut d.apps {
        let named = |list: &[String]| list.iter().any(|n| n.eq_ignore_ascii_case(&app.name));
        let typed = |list: &[String]| list.contains(&app.kind);
        app.runtime = if named(&r.native_applications) {
            Runtime::Native
        } else if named(&r.java_applications) {
            Runtime::Java
        } else if named(&r.dotnet_applications) {
            Runtime::Dotnet
        } else if typed(&r.native_types) {
            Runtime::Native
        } else if typed(&r.java_types) || JAVA_TYPES.contains(&app.kind.as_str()) {
            Runtime::Java
        } else if typed(&r.dotnet_types) || DOTNET_TYPES.contains(&app.kind.as_str()) {
            Runtime::Dotnet
        } else {
            Runtime::Native
        };
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_preload_takes_the_crls_first() {
        let export = br#"{"hosts": [
            {"name": "a", "options": {"security": {"certificate": "/s/a.pem", "crl": "/s/ca.crl"}}},
            {"name": "b", "options": {"security": {"trusted-ca": "/s/ca.pem", "crl": "/s/CRL-2.pem"}}}
        ]}"#;
        let mut sources = crate::input::source::Sources::default();
        let id = sources.add(
            std::path::Path::new("e.json"),
            "e.json".into(),
            String::from_utf8(export.to_vec()).expect("text"),
        );
        let doc = crate::input::json::parse(id, sources.get(id)).expect("JSON");
        let paths = super::named_paths(doc.root());
        assert_eq!(paths.len(), 4);
        let mut first: Vec<&str> = paths[..2].iter().map(String::as_str).collect();
        first.sort();
        assert_eq!(first, ["/s/CRL-2.pem", "/s/ca.crl"]);
    }
}
