use crate::pki::cert::{
    KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_ENCIPHERMENT, key_usage_names,
};
use crate::rules::prelude::*;
use crate::rules::presented::{each_leaf, finding};

declare_rule! {
    /// OpenSSL rejects such certificates for TLS outside compatibility mode.
    KeyUsageIncompatible = "key-usage-incompatible" {
        severity: Error,
        phase: X,
        summary: "a KeyUsage extension without digitalSignature/keyEncipherment",
        source: "Guide: Backward Compatibility of Genesys Security Pack",
        bad: "keyUsage = keyCertSign",
        good: "keyUsage = digitalSignature, keyEncipherment",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_leaf(cx, |l| {
        if let Some(ku) = l.cert.key_usage
            && ku & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT) == 0
        {
            out.emit_once(finding(
                RuleId::KeyUsageIncompatible,
                l.span,
                &(l.object)(),
                Some("certificate"),
                format!(
                    "{}'s keyUsage ({}) allows neither digitalSignature nor keyEncipherment: OpenSSL refuses it outside compatibility mode",
                    l.cert.short_name(),
                    key_usage_names(ku).join(", ")
                ),
            ));
        }
    });
}
