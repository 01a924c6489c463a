//! `tlskit cert inspect` and `tlskit cert verify`.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Value, json};

use super::SimpleFormat;
use super::lint::{format_at, parse_at, print_out};
use crate::error::{InputError, Result};
use crate::pki::cert::{Certificate, hex, key_usage_names, serial_hex};
use crate::pki::crl::Crl;
use crate::pki::load::{LoadError, PkiFile, load};
use crate::pki::names::PeerName;
use crate::pki::verify::{self, NameRules, Options, Purpose, SigCache};

/// Reads a file given on the command line: anything that stops it being used is an input
/// error naming the file.
pub fn read(path: &Path, password: Option<&str>) -> Result<Rc<PkiFile>> {
    match load(path, password) {
        Ok(f) if f.is_empty() => Err(InputError::file(
            path,
            format!("no certificate, key or CRL found: {}", f.describe()),
        )),
        Ok(f) => Ok(f),
        Err(LoadError::Missing) => Err(InputError::file(path, "no such file")),
        Err(LoadError::Unreadable(why)) => Err(InputError::file(path, why)),
    }
}

fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(format_at)
        .unwrap_or_else(|_| t.to_string())
}

fn days_left(c: &Certificate, now: i64) -> String {
    let days = (c.not_after - now).div_euclid(86_400);
    if c.not_after < now {
        format!("expired {} days ago", -days)
    } else if c.not_before > now {
        format!(
            "not valid for another {} days",
            (c.not_before - now) / 86_400
        )
    } else {
        format!("{days} days left")
    }
}

fn colon_hex(b: &[u8]) -> String {
    hex(b, ":").to_uppercase()
}

pub fn cert_json(c: &Certificate, now: i64) -> Value {
    json!({
        "subject": c.subject,
        "issuer": c.issuer,
        "serial": serial_hex(&c.serial),
        "version": c.version,
        "not_before": date(c.not_before),
        "not_after": date(c.not_after),
        "days_left": (c.not_after - now).div_euclid(86_400),
        "key": {"type": c.key.kind, "bits": c.key.bits, "curve": c.key.curve},
        "signature_algorithm": c.sig_alg,
        "san": {"dns": c.san_dns, "ip": c.san_ip.iter().map(|i| i.to_string()).collect::<Vec<_>>(), "other": c.san_other},
        "common_names": c.common_names,
        "extended_key_usage": c.eku.as_ref().map(|e| e.names.clone()),
        "key_usage": c.key_usage.map(key_usage_names),
        "basic_constraints": c.basic.map(|b| json!({"ca": b.ca, "path_len": b.path_len})),
        "subject_key_identifier": c.ski.as_deref().map(colon_hex),
        "authority_key_identifier": c.aki.as_deref().map(colon_hex),
        "crl_distribution_points": c.crl_dps,
        "sha256": colon_hex(&c.sha256),
        "sha1": colon_hex(&c.sha1),
        "thumbprint": c.thumbprint(),
    })
}

fn cert_text(out: &mut String, c: &Certificate, now: i64) {
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "  {k:<22}{v}");
    };
    line("subject:", c.subject.clone());
    line("issuer:", c.issuer.clone());
    line("serial:", serial_hex(&c.serial));
    line(
        "validity:",
        format!(
            "{} → {} ({})",
            date(c.not_before),
            date(c.not_after),
            days_left(c, now)
        ),
    );
    line("key:", c.key.describe());
    line("signature:", c.sig_alg.to_string());
    let mut san: Vec<String> = c.san_dns.iter().map(|d| format!("DNS:{d}")).collect();
    san.extend(c.san_ip.iter().map(|i| format!("IP:{i}")));
    san.extend(c.san_other.iter().cloned());
    line(
        "subject alt names:",
        if c.has_san {
            san.join(", ")
        } else {
            "none (CN only)".into()
        },
    );
    if let Some(e) = &c.eku {
        line("extended key usage:", e.names.join(", "));
    }
    if let Some(ku) = c.key_usage {
        line("key usage:", key_usage_names(ku).join(", "));
    }
    if let Some(b) = c.basic {
        line(
            "basic constraints:",
            format!(
                "CA:{}{}",
                if b.ca { "TRUE" } else { "FALSE" },
                b.path_len
                    .map(|p| format!(", pathlen:{p}"))
                    .unwrap_or_default()
            ),
        );
    }
    if let Some(s) = &c.ski {
        line("subject key id:", colon_hex(s));
    }
    if let Some(a) = &c.aki {
        line("authority key id:", colon_hex(a));
    }
    if !c.crl_dps.is_empty() {
        line("CRL distribution:", c.crl_dps.join(", "));
    }
    line("SHA-256:", colon_hex(&c.sha256));
    line("SHA-1:", colon_hex(&c.sha1));
    line(
        "thumbprint:",
        format!("{}  (Windows: certificate=…)", c.thumbprint()),
    );
}

fn crl_json(c: &Crl) -> Value {
    json!({
        "issuer": c.issuer,
        "this_update": date(c.this_update),
        "next_update": c.next_update.map(date),
        "number": c.number,
        "entries": c.entries(),
        "signature_algorithm": c.sig_alg,
    })
}

pub fn inspect(
    files: &[PathBuf],
    format: SimpleFormat,
    passin: Option<&str>,
    at: Option<&str>,
) -> Result<i32> {
    let now = parse_at(at)?.unix_timestamp();
    let password = passin.map(super::pass::read).transpose()?;
    let mut docs = Vec::new();
    let mut text = String::new();
    for path in files {
        let f = read(path, password.as_deref())?;
        if format == SimpleFormat::Json {
            docs.push(json!({
                "file": path.display().to_string(),
                "container": f.container,
                "certificates": f.certs.iter().map(|c| cert_json(c, now)).collect::<Vec<_>>(),
                "keys": f.keys.iter().map(|k| json!({"format": k.format, "type": k.kind, "bits": k.bits, "encrypted": k.format.encrypted()})).collect::<Vec<_>>(),
                "crls": f.crls.iter().map(|c| crl_json(c)).collect::<Vec<_>>(),
                "problems": shown_problems(&f.problems),
            }));
            continue;
        }
        let n = f.certs.len();
        for (i, c) in f.certs.iter().enumerate() {
            let _ = writeln!(
                text,
                "{} ({:?}{})",
                path.display(),
                f.container,
                if n > 1 {
                    format!(", certificate {} of {n}", i + 1)
                } else {
                    String::new()
                }
            );
            cert_text(&mut text, c, now);
            text.push('\n');
        }
        for k in &f.keys {
            let _ = writeln!(
                text,
                "{}: private key, {}{}\n",
                path.display(),
                k.format.describe(),
                if k.bits > 0 {
                    format!(", {:?} {} bits", k.kind, k.bits)
                } else {
                    String::new()
                }
            );
        }
        for c in &f.crls {
            let _ = writeln!(
                text,
                "{}: CRL of {}\n  updated {}, next update {}, {} revoked{}\n",
                path.display(),
                c.issuer,
                date(c.this_update),
                c.next_update.map(date).unwrap_or_else(|| "none".into()),
                c.entries(),
                c.number
                    .as_ref()
                    .map(|n| format!(", CRL number {n}"))
                    .unwrap_or_default()
            );
        }
        for p in shown_problems(&f.problems) {
            let _ = writeln!(text, "{}: warning: {p}\n", path.display());
        }
    }
    if format == SimpleFormat::Json {
        print_out(
            &(serde_json::to_string_pretty(&json!({"files": docs})).expect("serialisable") + "\n"),
        );
    } else {
        super::lint::print_text(&text);
    }
    Ok(0)
}

pub struct VerifyArgs<'a> {
    pub certs: &'a [PathBuf],
    pub trusted_ca: &'a Path,
    pub untrusted: Option<&'a Path>,
    pub crls: &'a [PathBuf],
    pub host: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub max_depth: Option<u32>,
    pub at: Option<&'a str>,
    pub format: SimpleFormat,
}

pub fn run_verify(a: VerifyArgs) -> Result<i32> {
    let at = parse_at(a.at)?;
    let purpose = match a.purpose {
        None => None,
        Some("server") | Some("sslserver") => Some(Purpose::Server),
        Some("client") | Some("sslclient") => Some(Purpose::Client),
        Some(p) => {
            return Err(InputError(format!(
                "--purpose `{p}`: expected server or client"
            )));
        }
    };
    let trusted = read(a.trusted_ca, None)?;
    if trusted.certs.is_empty() {
        return Err(InputError::file(a.trusted_ca, "no certificate in it"));
    }
    let untrusted: Vec<Arc<Certificate>> = match a.untrusted {
        Some(u) => read(u, None)?.certs.clone(),
        None => Vec::new(),
    };
    let mut crls = Vec::new();
    for c in a.crls {
        let f = read(c, None)?;
        if f.crls.is_empty() {
            return Err(InputError::file(
                c,
                format!("no CRL in it: it holds {}", f.describe()),
            ));
        }
        crls.extend(f.crls.iter().cloned());
    }
    let opts = Options {
        at: at.unix_timestamp(),
        purpose,
        name: a.host.map(PeerName::parse),
        name_rules: NameRules::Genesys,
        max_depth: a.max_depth.map(|d| d as usize),
    };
    // One signature cache for the run: intermediates and CRLs are verified once, however
    // many leaves are checked.
    let sigs = SigCache::default();
    let mut docs = Vec::new();
    let mut text = String::new();
    let mut all_valid = true;
    for cert in a.certs {
        let file = read(cert, None)?;
        if file.certs.is_empty() {
            return Err(InputError::file(
                cert,
                format!("no certificate in it: it holds {}", file.describe()),
            ));
        }
        let mut pool: Vec<Arc<Certificate>> = file.certs.clone();
        pool.extend(untrusted.iter().cloned());
        let leaf = verify::leaf_of(&file.certs);
        let mut outcome = verify::verify(&leaf, &pool, &trusted.certs, &crls, &opts, &sigs);
        if let Some(order) = verify::order_problem(&file.certs) {
            outcome.problems.insert(
                0,
                verify::Problem {
                    defect: verify::Defect::Order,
                    depth: 0,
                    message: order,
                },
            );
        }
        all_valid &= outcome.valid;
        if a.format == SimpleFormat::Json {
            docs.push(outcome_json(cert, &outcome, at));
        } else {
            outcome_text(&mut text, cert, &outcome, at, purpose, a.host);
        }
    }
    if a.format == SimpleFormat::Json {
        let doc = if docs.len() == 1 {
            docs.pop().expect("one")
        } else {
            json!({"valid": all_valid, "results": docs})
        };
        print_out(&(serde_json::to_string_pretty(&doc).expect("serialisable") + "\n"));
    } else {
        super::lint::print_text(&text);
    }
    Ok(if all_valid { 0 } else { 1 })
}

fn outcome_json(cert: &Path, outcome: &verify::Outcome, at: time::OffsetDateTime) -> Value {
    let last = outcome.chain.len();
    let chain: Vec<Value> = outcome
        .chain
        .iter()
        .enumerate()
        .map(|(depth, c)| {
            json!({
                "depth": depth,
                "subject": c.subject,
                "issuer": c.issuer,
                "serial": serial_hex(&c.serial),
                "not_after": date(c.not_after),
                "trusted": outcome.anchored && depth + 1 == last,
            })
        })
        .collect();
    json!({
        "file": cert.display().to_string(),
        "valid": outcome.valid,
        "at": format_at(at),
        "chain": chain,
        "problems": problems_json(&outcome.problems),
        "notes": outcome.notes,
        "webpki": match &outcome.webpki { Ok(()) => "valid".to_string(), Err(e) => e.clone() },
    })
}

fn outcome_text(
    s: &mut String,
    cert: &Path,
    outcome: &verify::Outcome,
    at: time::OffsetDateTime,
    purpose: Option<Purpose>,
    host: Option<&str>,
) {
    let what = match (purpose, host) {
        (Some(Purpose::Server), Some(h)) => format!(" for a server named {h}"),
        (Some(Purpose::Client), Some(h)) => format!(" for a client named {h}"),
        (Some(Purpose::Server), None) => " for a server".into(),
        (Some(Purpose::Client), None) => " for a client".into(),
        (None, Some(h)) => format!(" for {h}"),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        s,
        "{}: {}{what} at {}",
        cert.display(),
        if outcome.valid { "valid" } else { "INVALID" },
        format_at(at)
    );
    let _ = writeln!(s, "chain:");
    let last = outcome.chain.len();
    for (depth, c) in outcome.chain.iter().enumerate() {
        let trusted = outcome.anchored && depth + 1 == last;
        let _ = writeln!(
            s,
            "  {depth}  {}{}  serial {}  expires {}",
            c.short_name(),
            if trusted { " (trusted)" } else { "" },
            serial_hex(&c.serial),
            date(c.not_after)
        );
    }
    if !outcome.problems.is_empty() {
        let _ = writeln!(s, "problems:");
        for p in &outcome.problems {
            let rule = crate::rules::rule_of_defect(p.defect);
            let sev = rule.rule().severity.as_str();
            let _ = writeln!(s, "  depth {}  {sev}[{rule}]: {}", p.depth, p.message);
        }
    }
    if !outcome.notes.is_empty() {
        let _ = writeln!(s, "notes:");
        for n in &outcome.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    s.push('\n');
}

/// Problems as `cert verify --format json` shows them: the catalog rule, the depth, the
/// sentence.
pub fn problems_json(problems: &[verify::Problem]) -> Vec<serde_json::Value> {
    problems
        .iter()
        .map(|p| {
            json!({
                "depth": p.depth,
                "message": p.message,
                "rule": crate::rules::rule_of_defect(p.defect),
            })
        })
        .collect()
}

/// Problems a file's report lists: a bundle of 200,000 broken blocks is a hundred lines
/// and a count, not 200,000 lines.
const MAX_PROBLEMS: usize = 100;

fn shown_problems(problems: &[String]) -> Vec<String> {
    let mut shown: Vec<String> = problems.iter().take(MAX_PROBLEMS).cloned().collect();
    if problems.len() > MAX_PROBLEMS {
        shown.push(format!(
            "and {} more problems",
            problems.len() - MAX_PROBLEMS
        ));
    }
    shown
}
