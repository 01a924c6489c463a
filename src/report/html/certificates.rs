//! The certificates section of the HTML report: every certificate an option names or the
//! Windows store holds, with its key, validity and where TLS uses it.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Certificate,
    TrustedCa,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Certificate => "certificate",
            Role::TrustedCa => "trusted-ca",
        }
    }
}

/// Where TLS uses a certificate.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum UsePlace {
    Port(String),
    /// By index of the first connection of that name.
    Connection(usize),
    LocalFile(String),
}

/// One option that names a certificate: the role it has where TLS uses it (none where TLS
/// does not), and where it is written (file, line, column), to find its findings.
struct Use {
    role: Option<Role>,
    place: UsePlace,
    written: (FileId, u32, u32),
}

/// What certificate options name: a file (as mapped) or a thumbprint.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Target<'a> {
    /// By its bytes: hashing a `Path` parses its components.
    File(&'a std::ffi::OsStr),
    Thumbprint(String),
}

struct Named<'a> {
    target: Target<'a>,
    /// The value (or the item of a list) as written, first seen.
    configured: &'a str,
    /// The file as loaded, for a file.
    loaded: Option<&'a crate::pki::load::LoadResult>,
    uses: Vec<Use>,
}

/// Every certificate and trusted-ca value of every port, connection and local file, in
/// that order, by what it names.
#[derive(Default)]
struct Collect<'a> {
    named: Vec<Named<'a>>,
    at: HashMap<Target<'a>, usize>,
}

impl<'a> Collect<'a> {
    fn add(
        &mut self,
        target: Target<'a>,
        configured: &'a str,
        loaded: Option<&'a crate::pki::load::LoadResult>,
        u: Use,
    ) {
        let i = *self.at.entry(target.clone()).or_insert_with(|| {
            self.named.push(Named {
                target,
                configured,
                loaded,
                uses: Vec::new(),
            });
            self.named.len() - 1
        });
        self.named[i].uses.push(u);
    }

    /// The certificate options of one object. Each is listed; it counts as a use only where
    /// TLS uses it (`uses_cert`, `uses_ca`).
    fn note(
        &mut self,
        facts: &'a Facts<'a>,
        eff: &Effective<'a>,
        host: Option<&str>,
        place: &UsePlace,
        uses_cert: bool,
        uses_ca: bool,
    ) {
        for r in &eff.values {
            let (role, active) = match r.key {
                "certificate" => (Role::Certificate, uses_cert),
                "trusted-ca" => (Role::TrustedCa, uses_ca),
                _ => continue,
            };
            let w = r.taken;
            let use_ = || Use {
                role: active.then_some(role),
                place: place.clone(),
                written: (w.span.file, w.span.line, w.span.col),
            };
            // Thumbprints are looked up in the windows-store folder, as the rules do.
            if role == Role::Certificate && looks_like_thumbprint(w.value) {
                let hex: String = w
                    .value
                    .chars()
                    .filter(|c| *c != ' ')
                    .collect::<String>()
                    .to_ascii_uppercase();
                self.add(Target::Thumbprint(hex), w.value.trim(), None, use_());
                continue;
            }
            for item in facts.items(host, w.span) {
                self.add(
                    Target::File(item.local.as_os_str()),
                    &item.item,
                    Some(&item.loaded),
                    use_(),
                );
            }
        }
    }
}

/// One distinct certificate, while it is collected.
struct CertAcc {
    cert: Arc<Certificate>,
    roles: Vec<&'static str>,
    files: Vec<String>,
    uses: Vec<(Role, UsePlace)>,
    written: BTreeSet<(FileId, u32, u32)>,
}

type LocalEffective<'a> = (Option<&'a str>, &'a str, Effective<'a>);

pub(super) fn certificates<'a>(
    report: &'a Report,
    run: &'a Run,
    names: &[String],
    locals: &[LocalEffective<'a>],
) -> (Vec<CertDoc>, Vec<UnresolvedDoc<'a>>) {
    let facts = run.facts;
    let c = collect_uses(run, names, locals);

    let mut store_files: Option<HashMap<String, PathBuf>> = None;
    let mut certs: Vec<CertAcc> = Vec::new();
    let mut cert_at: HashMap<[u8; 32], usize> = HashMap::new();
    let mut unresolved = Vec::new();
    for named in &c.named {
        let mut entries: Vec<(String, usize, Arc<Certificate>)> = Vec::new();
        let why: Option<Cow<str>> = match &named.target {
            Target::File(path) => match named.loaded {
                Some(Ok(f)) if !f.certs.is_empty() => {
                    let file = shown(Path::new(path));
                    entries.extend(
                        f.certs
                            .iter()
                            .enumerate()
                            .map(|(n, cert)| (file.clone(), n, cert.clone())),
                    );
                    None
                }
                Some(Ok(_)) => Some("no certificate in the file".into()),
                Some(Err(LoadError::Unreadable(why))) => Some(why.as_str().into()),
                Some(Err(LoadError::Missing)) | None => Some("no such file".into()),
            },
            Target::Thumbprint(hex) => {
                if !valid_thumbprint(named.configured) {
                    Some("not a thumbprint (40 hexadecimal digits)".into())
                } else {
                    match &facts.windows_store {
                        None => Some("thumbprint: no windows-store folder to resolve it".into()),
                        Some(store) => match store.get(&hex.to_ascii_lowercase()) {
                            None => Some("thumbprint not found in the windows-store folder".into()),
                            Some(cert) => {
                                let dir = run.loaded.settings.windows_store.as_deref();
                                let file = store_files
                                    .get_or_insert_with(|| store_file_names(dir))
                                    .get(&hex.to_ascii_lowercase())
                                    .map(|p| shown(p))
                                    .unwrap_or_else(|| dir.map(shown).unwrap_or_default());
                                entries.push((file, 0, cert.clone()));
                                None
                            }
                        },
                    }
                }
            }
        };
        if let Some(why) = why {
            let active: Vec<(Role, UsePlace)> = named
                .uses
                .iter()
                .filter_map(|u| u.role.map(|r| (r, u.place.clone())))
                .collect();
            unresolved.push(UnresolvedDoc {
                configured: named.configured,
                file: match &named.target {
                    Target::File(p) => Some(shown(Path::new(p))),
                    Target::Thumbprint(_) => None,
                },
                why,
                used_by: used_by(active),
            });
            continue;
        }
        for (file, n, cert) in entries {
            let i = *cert_at.entry(cert.sha256).or_insert_with(|| {
                certs.push(CertAcc {
                    cert: cert.clone(),
                    roles: Vec::new(),
                    files: Vec::new(),
                    uses: Vec::new(),
                    written: BTreeSet::new(),
                });
                certs.len() - 1
            });
            let e = &mut certs[i];
            if !e.files.contains(&file) {
                e.files.push(file);
            }
            for u in &named.uses {
                e.written.insert(u.written);
                let Some(role) = u.role else { continue };
                let chain = role == Role::Certificate && n > 0;
                let name = if chain { "chain" } else { role.name() };
                if !e.roles.contains(&name) {
                    e.roles.push(name);
                }
                if !chain {
                    e.uses.push((role, u.place.clone()));
                }
            }
        }
    }

    // Findings on the options that name a certificate.
    let mut at_place: HashMap<(FileId, u32, u32), Vec<usize>> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        if let Place::Span(s) = &f.place
            && !NOT_ABOUT_THE_CERTIFICATE.contains(&f.rule.as_str())
        {
            at_place.entry((s.file, s.line, s.col)).or_default().push(i);
        }
    }
    let mut docs: Vec<CertDoc> = certs
        .into_iter()
        .map(|e| {
            let c = &e.cert;
            let findings: BTreeSet<usize> = e
                .written
                .iter()
                .filter_map(|w| at_place.get(w))
                .flatten()
                .copied()
                .collect();
            CertDoc {
                subject: c.subject.clone(),
                issuer: c.issuer.clone(),
                serial: serial_hex(&c.serial),
                sha256: hex(&c.sha256, ":").to_uppercase(),
                key: KeyDoc {
                    type_: c.key.kind,
                    bits: c.key.bits,
                    curve: c.key.curve,
                },
                signature: c.sig_alg,
                not_before: date(c.not_before),
                not_after: date(c.not_after),
                days_left: (c.not_after - run.at).div_euclid(86_400),
                ca: c.basic.is_some_and(|b| b.ca),
                san: c
                    .san_dns
                    .iter()
                    .cloned()
                    .chain(c.san_ip.iter().map(|ip| ip.to_string()))
                    .collect(),
                roles: e.roles,
                files: e.files,
                used_by: used_by(e.uses),
                findings: findings.into_iter().collect(),
            }
        })
        .collect();
    // Soonest expiry first; the order of first mention among equals.
    docs.sort_by(|a, b| (&a.not_after, &a.subject).cmp(&(&b.not_after, &b.subject)));
    (docs, unresolved)
}

/// Uses grouped by role (certificate, then trusted-ca), each list sorted and without
/// repeats.
fn used_by(uses: Vec<(Role, UsePlace)>) -> Vec<UsedBy> {
    let mut by_role: BTreeMap<Role, BTreeSet<UsePlace>> = BTreeMap::new();
    for (role, place) in uses {
        by_role.entry(role).or_default().insert(place);
    }
    by_role
        .into_iter()
        .map(|(role, places)| {
            let mut g = UsedBy {
                role: role.name(),
                ports: Vec::new(),
                connections: Vec::new(),
                local_files: Vec::new(),
            };
            for p in places {
                match p {
                    UsePlace::Port(s) => g.ports.push(s),
                    UsePlace::Connection(i) => g.connections.push(i),
                    UsePlace::LocalFile(s) => g.local_files.push(s),
                }
            }
            g
        })
        .collect()
}

/// The file of the windows-store folder that holds each certificate, by SHA-1 thumbprint
/// (lower case hex): the first in name order, for the files a found thumbprint lists.
fn store_file_names(dir: Option<&Path>) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    let Some(dir) = dir else { return out };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        for c in crate::pki::load::certificates_in(&f) {
            out.entry(hex(&c.sha1(), "")).or_insert_with(|| f.clone());
        }
    }
    out
}

/// A local path as the report shows it: without `.` components (`./pki/a.pem` is
/// `pki/a.pem`).
fn shown(p: &Path) -> String {
    let clean: PathBuf = p
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        p.to_string_lossy().into_owned()
    } else {
        clean.to_string_lossy().into_owned()
    }
}

fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

/// Every place a certificate option is used: ports, connections (by their first
/// connection of the same name) and local agent files.
fn collect_uses<'a>(run: &'a Run, names: &[String], locals: &[LocalEffective<'a>]) -> Collect<'a> {
    let facts = run.facts;
    let mut first_conn: HashMap<&str, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        first_conn.entry(n).or_insert(i);
    }
    let mut c = Collect::default();
    for p in &run.res.ports {
        let port = p.port();
        let secure = port.tls() || port.upgrade();
        let place = UsePlace::Port(format!("{}:{}", p.app.name, port.id));
        c.note(
            facts,
            &p.eff,
            p.host.map(|h| h.name.as_str()),
            &place,
            secure,
            secure,
        );
    }
    for (conn, name) in run.res.conns.iter().zip(names) {
        let mutual = run.res.target_of(conn).is_some_and(|t| t.mutual());
        let place = UsePlace::Connection(first_conn[name.as_str()]);
        c.note(
            facts,
            &conn.eff,
            conn.client_host.map(|h| h.name.as_str()),
            &place,
            conn.secure && mutual,
            conn.secure,
        );
    }
    for (host, file, eff) in locals {
        let place = UsePlace::LocalFile(file.to_string());
        c.note(facts, eff, *host, &place, true, true);
    }
    c
}
