//! The certificates a port or connection presents: validity, keys, signatures, usages and
//! names.

pub(super) mod aia_malformed;
pub(super) mod cert_expired;
pub(super) mod cert_expires_soon;
pub(super) mod cert_not_yet_valid;
pub(super) mod cn_not_in_san;
pub(super) mod critical_extension_unhandled;
pub(super) mod dns_name_invalid;
pub(super) mod eku_misused;
pub(super) mod extension_criticality_wrong;
pub(super) mod hostname_mismatch;
pub(super) mod ip_target_name;
pub(super) mod key_cert_mismatch;
pub(super) mod key_identifier_invalid;
pub(super) mod key_usage_incompatible;
pub(super) mod leaf_is_ca;
pub(super) mod missing_eku;
pub(super) mod name_constraints_malformed;
pub(super) mod no_san;
pub(super) mod self_signed_leaf;
pub(super) mod serial_number_invalid;
pub(super) mod weak_key;
pub(super) mod weak_signature_hash;
pub(super) mod wildcard_name;

use crate::pki::verify::Defect;
use crate::pki::verify::structure::certificate_defects;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values, store_certs};

/// Emits `rule` for every structural defect of kind `defect` (`verify::structure`) in the
/// certificates the deployment names: those of certificate files, of trusted-ca lists and
/// of the Windows store. One finding per certificate, option and sentence.
pub(super) fn emit_structure(cx: &Cx, out: &mut Out, rule: RuleId, defect: Defect, help: &str) {
    let mut emit = |what: &str, msg: String, span, object: &crate::model::ObjectRef, key| {
        out.emit_once(finding(rule, span, object, Some(key), format!("{what} {msg}")).help(help));
    };
    for v in path_values(cx).filter(|v| matches!(v.key, "certificate" | "trusted-ca")) {
        let Some(leaf) = v.leaf() else { continue };
        for c in v.certs() {
            let what = match v.key {
                "trusted-ca" => "the trusted CA",
                _ if c.sha256 == leaf.sha256 => "the certificate",
                _ => "the chain certificate",
            };
            for (d, msg) in certificate_defects(c) {
                if d == defect {
                    emit(what, msg, v.span, &v.object(), v.key);
                }
            }
        }
    }
    for s in store_certs(cx) {
        if let Some(c) = s.cert {
            for (d, msg) in certificate_defects(c) {
                if d == defect {
                    emit(
                        "the certificate",
                        msg,
                        s.option.taken.span,
                        &s.port.object(),
                        "certificate",
                    );
                }
            }
        }
    }
}
