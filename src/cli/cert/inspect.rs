//! `tlskit cert inspect`: what certificate, key and CRL files hold.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::{Value, json};

use crate::cli::common::{
    OutputArgs, SimpleFormat, date, envelope, is_stdio, parse_at, print_out, print_text, read_pki,
};
use crate::error::Result;
use crate::pki::cert::{Certificate, KeyKind, hex, key_usage_names};
use crate::pki::crl::Crl;
use crate::pki::load::Container;

#[derive(Args)]
pub(crate) struct InspectArgs {
    /// Certificate, key or CRL files: PEM, DER or PKCS#12/PFX; `-` is standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    /// Password of PKCS#12 files: env:VAR, file:PATH or prompt (empty by default)
    #[arg(long, value_name = "SPEC")]
    pub passin: Option<String>,
    /// Count days left from this time instead of now: a date (2027-03-01) or an RFC 3339
    /// time
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
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

pub(crate) fn cert_json(c: &Certificate, now: i64) -> Value {
    json!({
        "subject": c.subject,
        "issuer": c.issuer,
        "serial": c.serial_text(),
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
        "sha1": colon_hex(&c.sha1()),
        "thumbprint": c.thumbprint(),
    })
}

fn cert_text(out: &mut String, c: &Certificate, now: i64) {
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "  {k:<22}{v}");
    };
    line("subject:", c.subject.clone());
    line("issuer:", c.issuer.clone());
    line("serial:", c.serial_text());
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
        } else if c.form.unparsed.contains(&"subjectAltName") {
            "present, but the extension could not be parsed".into()
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
    line("SHA-1:", colon_hex(&c.sha1()));
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

/// The container as people name it.
fn container_name(c: Container) -> &'static str {
    match c {
        Container::Pem => "PEM",
        Container::Der => "DER",
        Container::Pkcs12 => "PKCS#12",
    }
}

/// A private key's algorithm and size, as `cert inspect` shows a certificate's.
fn key_name(kind: KeyKind, bits: u32) -> String {
    match kind {
        KeyKind::Rsa => format!("RSA {bits} bits"),
        KeyKind::Ec => format!("EC {bits} bits"),
        KeyKind::Ed25519 => "Ed25519".into(),
        KeyKind::Ed448 => "Ed448".into(),
        KeyKind::Dsa => format!("DSA {bits} bits"),
        KeyKind::Other => format!("{bits} bits"),
    }
}

/// A file argument as reports name it: `-` is standard input.
fn shown_path(path: &Path) -> String {
    if is_stdio(path) {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

pub(crate) fn run(a: InspectArgs) -> Result<i32> {
    a.output.open()?;
    let format = a.format;
    let now = parse_at(a.at.as_deref())?.unix_timestamp();
    let password = a
        .passin
        .as_deref()
        .map(crate::cli::pass::read)
        .transpose()?;
    let mut docs = Vec::new();
    let mut text = String::new();
    for path in &a.files {
        let f = read_pki(path, password.as_deref())?;
        let defects = structural_problems(&f);
        if format == SimpleFormat::Json {
            docs.push(json!({
                "file": shown_path(path),
                "container": f.container,
                "certificates": f.certs.iter().map(|c| cert_json(c, now)).collect::<Vec<_>>(),
                "keys": f.keys.iter().map(|k| json!({"format": k.format, "type": k.kind, "bits": k.bits, "encrypted": k.format.encrypted()})).collect::<Vec<_>>(),
                "crls": f.crls.iter().map(|c| crl_json(c)).collect::<Vec<_>>(),
                "problems": shown_problems(&f.problems).into_iter().chain(defects).collect::<Vec<_>>(),
            }));
            continue;
        }
        let n = f.certs.len();
        for (i, c) in f.certs.iter().enumerate() {
            let _ = writeln!(
                text,
                "{} ({}{})",
                shown_path(path),
                container_name(f.container),
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
                shown_path(path),
                k.format.describe(),
                if k.bits > 0 {
                    format!(", {}", key_name(k.kind, k.bits))
                } else {
                    String::new()
                }
            );
        }
        for c in &f.crls {
            let _ = writeln!(
                text,
                "{}: CRL of {}\n  updated {}, next update {}, {} revoked{}\n",
                shown_path(path),
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
            let _ = writeln!(text, "{}: warning: {p}\n", shown_path(path));
        }
        for p in defects {
            let _ = writeln!(text, "{}: {p}\n", shown_path(path));
        }
    }
    if format == SimpleFormat::Json {
        print_out(&envelope(json!({ "files": docs })));
    } else {
        print_text(&text);
    }
    Ok(0)
}

/// The structural defects of a file's certificates and CRLs (RFC 5280, CA/B Forum), as
/// `severity[rule]: sentence`, with the rule `lint` and `cert verify` report them under.
fn structural_problems(f: &crate::pki::load::PkiFile) -> Vec<String> {
    use crate::pki::verify::structure::{certificate_defects, crl_defects};
    let n = f.certs.len();
    let certs = f.certs.iter().enumerate().flat_map(|(i, c)| {
        certificate_defects(c).into_iter().map(move |(d, m)| {
            let which = if n > 1 {
                format!("certificate {} of {n}: ", i + 1)
            } else {
                String::new()
            };
            (d, format!("{which}{m}"))
        })
    });
    let crls = f.crls.iter().flat_map(|c| crl_defects(c));
    certs
        .chain(crls)
        .map(|(d, m)| {
            let rule = crate::rules::rule_of_defect(d);
            format!("{}[{rule}]: {m}", rule.rule().severity.as_str())
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
