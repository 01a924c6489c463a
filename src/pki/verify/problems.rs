//! What is wrong with a path, certificate by certificate: the checks tlskit makes itself,
//! beside webpki's verdict.

use std::sync::Arc;

use crate::pki::cert::{
    Certificate, KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN, KU_KEY_ENCIPHERMENT,
};
use crate::pki::names::{self, NameResult, PeerName};
use crate::pki::verify::{Defect, NameRules, Options, Problem, Purpose, SigCache, day, role};

/// The problems and notes of one verification, as they are found.
#[derive(Default)]
pub(super) struct Found {
    pub(super) problems: Vec<Problem>,
    pub(super) notes: Vec<String>,
}

impl Found {
    pub(super) fn problem(&mut self, defect: Defect, depth: usize, message: String) {
        self.problems.push(Problem {
            defect,
            depth,
            message,
        });
    }
}

/// What is wrong with each certificate of the path, as its place in the path judges it.
pub(super) fn certificate_problems(
    chain: &[Arc<Certificate>],
    anchored: bool,
    at: i64,
    pkix: bool,
    out: &mut Found,
) {
    let last = chain.len() - 1;
    for (depth, c) in chain.iter().enumerate() {
        let is_anchor = anchored && depth == last;
        let who = role(depth, is_anchor);
        if c.not_after < at {
            out.problem(
                Defect::Expired,
                depth,
                format!(
                    "{who} {} expired on {} ({} days ago)",
                    c.short_name(),
                    day(c.not_after),
                    (at - c.not_after) / 86_400
                ),
            );
        }
        if c.not_before > at {
            out.problem(
                Defect::NotYetValid,
                depth,
                format!(
                    "{who} {} is not valid before {}",
                    c.short_name(),
                    day(c.not_before)
                ),
            );
        }
        if c.key.weak() {
            out.problem(
                Defect::WeakKey,
                depth,
                format!(
                    "{who} {} has a weak key: {} (at least RSA 2048 or EC P-256)",
                    c.short_name(),
                    c.key.describe()
                ),
            );
        }
        // A trust anchor's own signature is never checked, so its hash does not matter.
        if c.weak_signature() && !(is_anchor && c.self_issued()) {
            out.problem(Defect::WeakSignature,
                depth,
                format!(
                    "{who} {} is signed with {}: MD5 and SHA-1 signatures are refused by OpenSSL 3 at security level 2, Java and Windows",
                    c.short_name(),
                    c.sig_alg
                ),
            );
        }
        // JDK 17's PKIX reads of a trust anchor its name, key, basicConstraints CA and
        // keyUsage keyCertSign; not its pathLen nor its other critical extensions.
        let pkix_anchor = pkix && is_anchor;
        if !c.unknown_critical.is_empty() && !pkix_anchor {
            out.problem(Defect::Untrusted,
                depth,
                format!(
                    "{who} {} has critical extensions no verifier understands ({}): they must be refused",
                    c.short_name(),
                    crate::error::listed(&c.unknown_critical, ", ")
                ),
            );
        }
        if c.key.kind == crate::pki::cert::KeyKind::Rsa && c.key.bits % 8 != 0 {
            out.problem(Defect::WeakKey,
                depth,
                format!(
                    "{who} {} has an RSA modulus of {} bits, not a whole number of bytes: a broken key",
                    c.short_name(),
                    c.key.bits
                ),
            );
        }
        if c.form.unparsed.contains(&"subjectAltName") {
            out.problem(
                Defect::Untrusted,
                depth,
                format!(
                    "{who} {} has a subjectAltName extension that could not be parsed: OpenSSL (Security Pack) refuses the certificate (invalid certificate)",
                    c.short_name()
                ),
            );
        }
        if is_anchor && c.self_issued() && !c.akid_names_itself() {
            out.problem(
                Defect::Untrusted,
                depth,
                format!(
                    "{who} {} is self-issued, but its authorityKeyIdentifier names another key, serial or issuer: OpenSSL (Security Pack) does not take it as self-signed and finds no issuer for it (unable to get issuer certificate)",
                    c.short_name()
                ),
            );
        }
        if c.is_ca() && c.subject_raw.len() <= 2 {
            out.problem(
                Defect::Untrusted,
                depth,
                format!("{who} is a CA with an empty subject, which RFC 5280 forbids"),
            );
        }
        if depth > 0 {
            if !c.is_ca() {
                let why = if c.basic.is_none() {
                    if c.version < 3 {
                        "it is a version 1 certificate without basicConstraints"
                    } else {
                        "it has no basicConstraints CA:TRUE"
                    }
                } else {
                    "its basicConstraints say CA:FALSE"
                };
                // OpenSSL still accepts a self-signed v1 root as a trust anchor.
                if !(is_anchor && c.basic.is_none() && c.version < 3 && c.self_issued()) {
                    out.problem(
                        if is_anchor {
                            Defect::TrustedCaNotCa
                        } else {
                            Defect::Untrusted
                        },
                        depth,
                        format!(
                            "{who} {} issued the certificate below it but is not a CA: {why}",
                            c.short_name()
                        ),
                    );
                } else {
                    out.notes.push(format!(
                        "the trusted CA {} is a version 1 certificate: OpenSSL (Security Pack) and Java (JSSE) accept it as a root, webpki does not",
                        c.short_name()
                    ));
                }
            }
            if let Some(ku) = c.key_usage
                && ku & KU_KEY_CERT_SIGN == 0
            {
                out.problem(
                    Defect::Untrusted,
                    depth,
                    format!(
                        "{who} {} may not sign certificates: its keyUsage lacks keyCertSign",
                        c.short_name()
                    ),
                );
            }
            if let Some(limit) = c.basic.and_then(|b| b.path_len)
                && !pkix_anchor
            {
                // Self-issued intermediates do not count (RFC 5280 6.1.4 (l)).
                let below = chain[1..depth].iter().filter(|i| !i.self_issued()).count();
                if below as u32 > limit {
                    out.problem(Defect::Untrusted,
                        depth,
                        format!(
                            "{who} {} allows {limit} intermediate{} below it (pathLen), but {below} follow{}",
                            c.short_name(),
                            if limit == 1 { "" } else { "s" },
                            if below == 1 { "s" } else { "" }
                        ),
                    );
                }
            }
        }
    }
}

/// What is wrong with the end-entity certificate: its usages, names and whether it signed
/// itself.
pub(super) fn leaf_problems(
    leaf_c: &Arc<Certificate>,
    leaf_is_anchor: bool,
    opts: &Options,
    sigs: &SigCache,
    out: &mut Found,
) {
    if leaf_c.is_ca() && !leaf_is_anchor {
        out.problem(Defect::LeafIsCa,
            0,
            format!(
                "{} is a CA certificate (basicConstraints CA:TRUE) used as an end-entity certificate",
                leaf_c.short_name()
            ),
        );
        out.notes.push("a CA certificate as the end-entity certificate: OpenSSL (Security Pack) accepts it, rustls/webpki refuses it (CaUsedAsEndEntity)".into());
    }
    if !leaf_c.is_ca() {
        if leaf_c
            .key_usage
            .is_some_and(|ku| ku & KU_KEY_CERT_SIGN != 0)
        {
            out.problem(
                Defect::KeyUsage,
                0,
                format!(
                    "{} is not a CA but its keyUsage includes keyCertSign",
                    leaf_c.short_name()
                ),
            );
        }
        if leaf_c.name_constraints {
            out.problem(
                Defect::Untrusted,
                0,
                format!(
                    "{} carries name constraints, which only CA certificates may have",
                    leaf_c.short_name()
                ),
            );
        }
    }
    if !leaf_c.has_san && !leaf_c.form.unparsed.contains(&"subjectAltName") {
        out.problem(
            Defect::NoSan,
            0,
            format!(
                "{} has no Subject Alternative Name: names are checked against its CN only",
                leaf_c.short_name()
            ),
        );
    }
    if leaf_c.self_issued() && sigs.cert(leaf_c, leaf_c).is_ok() && !leaf_c.is_ca() {
        out.problem(
            Defect::SelfSigned,
            0,
            format!(
                "{} is self-signed: a peer can trust it only by listing it in its trusted-ca",
                leaf_c.short_name()
            ),
        );
    }
    if let Some(purpose) = opts.purpose
        && let Some(eku) = &leaf_c.eku
        && !eku.any
    {
        let (ok, want) = match purpose {
            Purpose::Server => (eku.server, "serverAuth"),
            Purpose::Client => (eku.client, "clientAuth"),
        };
        if !ok {
            out.problem(
                Defect::MissingEku,
                0,
                format!(
                    "{} lacks the extended key usage {want} (it has {})",
                    leaf_c.short_name(),
                    crate::error::listed(&eku.names, ", ")
                ),
            );
        }
    }
    if let Some(ku) = leaf_c.key_usage
        && ku & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT) == 0
    {
        out.problem(Defect::KeyUsage,
            0,
            format!(
                "{}'s keyUsage ({}) allows neither digitalSignature nor keyEncipherment: OpenSSL refuses it for TLS",
                leaf_c.short_name(),
                crate::pki::cert::key_usage_names(ku).join(", ")
            ),
        );
    }
    if let Some(name) = &opts.name {
        match opts.name_rules {
            NameRules::Genesys => match names::check(leaf_c, name) {
                NameResult::Match => {}
                NameResult::WildcardOnly(w) => out.problem(Defect::Wildcard,
                    0,
                    format!(
                        "{} matches `{}` only through the wildcard `{w}`, which the Security Pack and Windows refuse",
                        name.text(),
                        leaf_c.short_name()
                    ),
                ),
                NameResult::Mismatch(why) => out.problem(Defect::NameMismatch,
                    0,
                    format!("{} is not a name of the certificate: {why}", name.text()),
                ),
            },
            NameRules::Webpki => {}
            NameRules::Jsse => {
                if let NameResult::Mismatch(why) = names::check_jsse(leaf_c, name) {
                    out.problem(
                        Defect::NameMismatch,
                        0,
                        format!(
                            "{} is not a name of the certificate for a Java end (JSSE endpoint identification): {why}",
                            name.text()
                        ),
                    );
                }
            }
        }
        if !leaf_c.has_san && matches!(name, PeerName::Dns(_)) {
            out.notes.push("the certificate has no SAN: the Security Pack falls back to the CN, as Java (JSSE) does; rustls/webpki refuses the name".into());
        }
    }
}

/// Where the path ends: at a trusted CA, at a certificate no CA issued, at a bad signature;
/// and whether it is longer than allowed.
pub(super) fn path_end_problems(
    chain: &[Arc<Certificate>],
    anchors: &[Arc<Certificate>],
    anchored: bool,
    bad_signatures: &[(Arc<Certificate>, Arc<Certificate>, String)],
    max_depth: Option<usize>,
    out: &mut Found,
) {
    let last = chain.len() - 1;
    if !anchored {
        let end = chain.last().expect("non-empty");
        if let Some((child, issuer, why)) = bad_signatures.first() {
            out.problem(
                Defect::SignatureInvalid,
                chain
                    .iter()
                    .position(|c| c.sha256 == child.sha256)
                    .unwrap_or(0),
                format!(
                    "{} names {} as its issuer, but {why}",
                    child.short_name(),
                    issuer.short_name()
                ),
            );
        } else if let Some(same_name) = anchors.iter().find(|a| {
            a.subject_raw == end.issuer_raw && (!end.self_issued() || a.key.spki != end.key.spki)
        }) {
            // The trusted CAs hold the issuer's name with another key: a CA regenerated under
            // the same name. Path building passes it over (its key identifier or signature
            // does not match), so the chain ends short; the defect is the signature.
            let ids = match (&end.aki, &same_name.ski) {
                (Some(aki), Some(ski)) if !end.self_issued() => format!(
                    " (the certificate's authority key identifier is {}, the trusted CA's subject key identifier {})",
                    crate::pki::cert::hex(aki, ":"),
                    crate::pki::cert::hex(ski, ":")
                ),
                _ => String::new(),
            };
            out.problem(
                Defect::SignatureInvalid,
                last,
                format!(
                    "{} names {} as its issuer, and the trusted CAs hold a CA of that name, but with another key{ids}: its signature cannot verify (a CA regenerated under the same name does not verify what the old one signed)",
                    end.short_name(),
                    same_name.short_name()
                ),
            );
        } else if end.self_issued() || last > 0 {
            out.problem(
                Defect::Untrusted,
                last,
                format!(
                    "the path ends at {}, which is not among the trusted CAs",
                    end.short_name()
                ),
            );
        } else {
            out.problem(
                Defect::Incomplete,
                last,
                format!(
                    "the issuer of {} ({}) is in neither the certificate file nor the trusted CAs",
                    end.short_name(),
                    end.issuer
                ),
            );
        }
    } else if !chain[last].self_issued() && last > 0 {
        out.notes.push(format!(
            "the path ends at the trusted intermediate {}: webpki and Java accept a partial chain, OpenSSL (Security Pack) only with a full chain to a self-signed root in the file (Guide: Configuring Certificate Chains)",
            chain[last].short_name()
        ));
    }
    if let Some(max) = max_depth {
        let intermediates = chain.len().saturating_sub(if anchored { 2 } else { 1 });
        if intermediates > max {
            out.problem(
                Defect::Untrusted,
                last,
                format!("the path has {intermediates} intermediates, more than the {max} allowed"),
            );
        }
    }
}
