//! `tlskit ciphers`: what an OpenSSL cipher string selects, in order, graded.

use std::fmt::Write;

use serde_json::{Value, json};

use clap::Args;

use crate::cli::common::{OutputArgs, SimpleFormat, envelope, print_out, print_text};
use crate::error::{InputError, Result};
use crate::tls::cipherstring::{Ciphersuites, Evaluation, ciphersuites, evaluate};
use crate::tls::{DEFAULT_CIPHERSUITES, Suite};

fn suite_json(s: &Suite) -> Value {
    json!({
        "openssl_name": s.openssl,
        "iana_name": s.iana,
        "code": s.code_text(),
        "protocol": s.protocol,
        "kx": s.kx,
        "au": s.au,
        "enc": s.enc,
        "bits": s.bits,
        "mac": s.mac,
        "grade": s.grade(),
        "weakness": s.weakness(),
    })
}

#[derive(Args)]
pub(crate) struct CiphersArgs {
    /// An OpenSSL cipher string, as in the cipher-list option (default: DEFAULT)
    #[arg(allow_hyphen_values = true)]
    pub string: Option<String>,
    /// TLS 1.3 suites, as in the ciphersuites option (default: OpenSSL's three)
    #[arg(long)]
    pub tls13: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(crate) fn run(a: CiphersArgs) -> Result<i32> {
    a.output.open()?;
    let string = a.string.clone().unwrap_or_else(|| "DEFAULT".to_string());
    let ev = evaluate(&string);
    let tls13_input = a
        .tls13
        .clone()
        .unwrap_or_else(|| DEFAULT_CIPHERSUITES.to_string());
    let parsed13 = ciphersuites(&tls13_input);
    let (tls13, unknown13) = (parsed13.suites.clone(), parsed13.unknown.clone());
    if a.tls13.is_some() && parsed13.refused(&tls13_input) {
        return Err(InputError(format!(
            "--tls13 `{tls13_input}`: no TLS 1.3 suite named (known: {})",
            crate::tls::table::TLS13
                .iter()
                .map(|s| s.iana)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    // OpenSSL lists the TLS 1.3 suites (configured separately) first.
    let all: Vec<&Suite> = tls13
        .iter()
        .copied()
        .chain(ev.suites.iter().copied())
        .collect();
    let format_json = a.format == SimpleFormat::Json;
    let out = if format_json {
        let doc = json!({
            "input": string,
            "tls13_input": tls13_input,
            "openssl_semantics": crate::OPENSSL_SEMANTICS,
            "ciphers": all.iter().map(|s| suite_json(s)).collect::<Vec<_>>(),
            "unknown": ev.unknown,
            "unknown_tls13": unknown13,
            "invalid": ev.invalid,
            "outcome": ev.outcome(),
            "refusal": ev.refusal(),
            "suite_b": ev.suite_b,
            "seclevel": ev.seclevel,
        });
        envelope(doc)
    } else {
        listing_text(&string, &tls13_input, &ev, &all, &parsed13)
    };
    if format_json {
        print_out(&out);
    } else {
        print_text(&out);
    }
    Ok(if ev.suites.is_empty() { 1 } else { 0 })
}

/// `tlskit ciphers` as text: what OpenSSL makes of the string, a table of the suites, and
/// the names it ignores.
fn listing_text(
    string: &str,
    tls13_input: &str,
    ev: &Evaluation,
    all: &[&Suite],
    parsed13: &Ciphersuites,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "cipher string `{}`, TLS 1.3 suites `{}` (OpenSSL {} semantics)",
        crate::escape::Esc(string),
        crate::escape::Esc(tls13_input),
        crate::OPENSSL_SEMANTICS
    );
    if let Some(why) = ev.refusal() {
        let _ = writeln!(
            s,
            "OpenSSL refuses the whole string (SSL_CTX_set_cipher_list fails): {why}"
        );
    }
    if let Some(prefix) = ev.suite_b {
        let _ = writeln!(
            s,
            "`{prefix}` at the start replaces the whole string and turns on Suite B mode"
        );
    }
    let _ = writeln!(
        s,
        "{:>3}  {:<10} {:<30} {:<44} {:<8} {:<9} {:<6} {:<18} {:>4} {:<6} grade",
        "#", "code", "OpenSSL name", "IANA name", "proto", "Kx", "Au", "Enc", "bits", "Mac"
    );
    for (i, c) in all.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>3}  {:<10} {:<30} {:<44} {:<8} {:<9} {:<6} {:<18} {:>4} {:<6} {}{}",
            i + 1,
            c.code_text(),
            c.openssl,
            c.iana,
            c.protocol,
            c.kx,
            c.au,
            c.enc,
            c.bits,
            c.mac,
            format!("{:?}", c.grade()).to_lowercase(),
            c.weakness().map(|w| format!(" ({w})")).unwrap_or_default()
        );
    }
    if !ev.unknown.is_empty() {
        let _ = writeln!(
            s,
            "matched nothing (OpenSSL ignores them silently): {}",
            ev.unknown.join(", ")
        );
    }
    if !parsed13.unknown.is_empty() {
        let _ = writeln!(
            s,
            "unknown TLS 1.3 suites (OpenSSL ignores them{}): {}",
            if parsed13.refused(tls13_input) {
                ", and refuses the list: no name is known"
            } else {
                " next to the known ones"
            },
            parsed13.unknown.join(", ")
        );
    }
    if !parsed13.tls12.is_empty() {
        let _ = writeln!(
            s,
            "TLS 1.2 suites in the TLS 1.3 list (accepted by OpenSSL, no TLS 1.3 suite): {}",
            parsed13
                .tls12
                .iter()
                .map(|c| c.iana)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        s,
        "{} TLS 1.2-and-earlier suites, {} TLS 1.3 suites",
        ev.suites.len(),
        parsed13.suites.len()
    );
    s
}
