//! The typed registry: every rule, in the order `tlskit rules` lists them, tied to the
//! file that declares it. A rule id is a `RuleId` variant, so emitting an id that is not
//! registered does not compile; adding a rule is one file, one line here and one fixture
//! folder (`testdata/rules/<id>/`).

use serde::{Serialize, Serializer};

use crate::rules::id::RuleId;
use crate::rules::rule::Rule;

macro_rules! registry {
    ($($variant:ident => $family:ident::$file:ident,)*) => {
        /// Every rule, in catalog order (`RULES[id as usize]` is `id`'s rule).
        pub(crate) static RULES: &[&Rule] = &[$(&super::$family::$file::RULE,)*];

        // Each line names the file that declares its variant, and every variant has a line:
        // a slip does not compile.
        $(const _: () = assert!(
            super::$family::$file::RULE.id as usize == RuleId::$variant as usize,
            concat!(stringify!($variant), " is not the rule of ", stringify!($family::$file))
        );)*
        const _: () = assert!(
            [$(stringify!($variant)),*].len() == crate::rules::id::COUNT,
            "a RuleId variant has no registry line"
        );
    };
}

registry! {
    UnknownOption => syntax::unknown_option,
    InvalidOptionValue => syntax::invalid_option_value,
    SecProtocolRemovedValue => syntax::sec_protocol_removed_value,
    DuplicateOption => syntax::duplicate_option,
    TransportParamWhitespace => syntax::transport_param_whitespace,
    TransportParamUnknown => syntax::transport_param_unknown,
    TlsFlagNotOnPort => syntax::tls_flag_not_on_port,
    SplitLevelSettings => layering::split_level_settings,
    ShadowedSetting => layering::shadowed_setting,
    MutualLevelMismatch => layering::mutual_level_mismatch,
    CrlLevelMismatch => layering::crl_level_mismatch,
    CrlOptionName => layering::crl_option_name,
    TargetNameCheckOnServer => syntax::target_name_check_on_server,
    IniSyntax => syntax::ini_syntax,
    UnresolvedReference => roles::unresolved_reference,
    DuplicateTransportParam => syntax::duplicate_transport_param,
    ApplicationTypeUnknown => judged::application_type_unknown,
    HostOsUnknown => judged::host_os_unknown,
    ThumbprintNotChecked => judged::thumbprint_not_checked,
    ConnectionToDisabledServer => judged::connection_to_disabled_server,
    SecurePortMissingCertificate => roles::secure_port_missing_certificate,
    SecurePortMissingKey => roles::secure_port_missing_key,
    SecurePortMissingTrustedCa => roles::secure_port_missing_trusted_ca,
    ClientMissingTrustedCa => roles::client_missing_trusted_ca,
    MutualClientMissingCertificate => roles::mutual_client_missing_certificate,
    TlsOptionsOnInsecureConnection => roles::tls_options_on_insecure_connection,
    PlaintextConnection => roles::plaintext_connection,
    WindowsCertificateNotThumbprint => roles::windows_certificate_not_thumbprint,
    ThumbprintMalformed => roles::thumbprint_malformed,
    WindowsKeyIgnored => roles::windows_key_ignored,
    MessageServerSecondaryPortTls => components::message_server_secondary_port_tls,
    LogClientTlsFlag => components::log_client_tls_flag,
    HaPortLevelCertificate => components::ha_port_level_certificate,
    HaPortMismatch => components::ha_port_mismatch,
    HaConfigMismatch => components::ha_config_mismatch,
    LcaUpgradeMismatch => components::lca_upgrade_mismatch,
    GdaTlsMismatch => components::gda_tls_mismatch,
    JavaKeyFormat => roles::java_key_format,
    JavaCipherListOpensslSyntax => roles::java_cipher_list_openssl_syntax,
    JavaProtocolDisabled => roles::java_protocol_disabled,
    JavaOptionIgnored => roles::java_option_ignored,
    HostKeyMixedRuntimes => roles::host_key_mixed_runtimes,
    FileNotFound => files::file_not_found,
    FileUnreadable => files::file_unreadable,
    CertExpired => certs::cert_expired,
    CertNotYetValid => certs::cert_not_yet_valid,
    CertExpiresSoon => certs::cert_expires_soon,
    WeakSignatureHash => certs::weak_signature_hash,
    WeakKey => certs::weak_key,
    MissingEku => certs::missing_eku,
    KeyUsageIncompatible => certs::key_usage_incompatible,
    NoSan => certs::no_san,
    WildcardName => certs::wildcard_name,
    HostnameMismatch => certs::hostname_mismatch,
    IpTargetName => certs::ip_target_name,
    LeafIsCa => certs::leaf_is_ca,
    SelfSignedLeaf => certs::self_signed_leaf,
    CriticalExtensionUnhandled => certs::critical_extension_unhandled,
    SerialNumberInvalid => certs::serial_number_invalid,
    KeyIdentifierInvalid => certs::key_identifier_invalid,
    ExtensionCriticalityWrong => certs::extension_criticality_wrong,
    CnNotInSan => certs::cn_not_in_san,
    DnsNameInvalid => certs::dns_name_invalid,
    NameConstraintsMalformed => certs::name_constraints_malformed,
    AiaMalformed => certs::aia_malformed,
    EkuMisused => certs::eku_misused,
    ChainUntrusted => chains::chain_untrusted,
    ChainIncomplete => chains::chain_incomplete,
    ChainOrder => chains::chain_order,
    ChainSignatureInvalid => chains::chain_signature_invalid,
    TrustedCaNotCa => chains::trusted_ca_not_ca,
    MultipleTrustRoots => chains::multiple_trust_roots,
    CertRevoked => chains::cert_revoked,
    CrlExpired => chains::crl_expired,
    CrlSignatureInvalid => chains::crl_signature_invalid,
    CrlIssuerUnknown => chains::crl_issuer_unknown,
    CrlIssuerWithoutCrlSign => chains::crl_issuer_without_crl_sign,
    CrlNumberMissing => chains::crl_number_missing,
    KeyCertMismatch => certs::key_cert_mismatch,
    KeyFilePermissions => files::key_file_permissions,
    SecProtocolCompatMode => protocols::sec_protocol_compat_mode,
    CipherListSyntax => protocols::cipher_list_syntax,
    CipherListUnknownName => protocols::cipher_list_unknown_name,
    CipherListEmpty => protocols::cipher_list_empty,
    CipherListIanaNames => protocols::cipher_list_iana_names,
    WeakCipherEnabled => protocols::weak_cipher_enabled,
    NoForwardSecrecy => protocols::no_forward_secrecy,
    CiphersuitesUnknown => protocols::ciphersuites_unknown,
    FipsNoncompliantCipher => protocols::fips_noncompliant_cipher,
    HandshakeNoCommonProtocol => handshake::handshake_no_common_protocol,
    HandshakeNoCommonCipher => handshake::handshake_no_common_cipher,
    HandshakeJavaRejectsCertificate => handshake::handshake_java_rejects_certificate,
    HandshakeCertificateBelowSeclevel => handshake::handshake_certificate_below_seclevel,
    HandshakeAnonymousSuite => handshake::handshake_anonymous_suite,
    HandshakeServerUntrusted => handshake::handshake_server_untrusted,
    HandshakeClientUntrusted => handshake::handshake_client_untrusted,
    HandshakeNameMismatch => handshake::handshake_name_mismatch,
    ProbeUnreachable => live::probe_unreachable,
    ProbeHandshakeFailed => live::probe_handshake_failed,
    ProbeCertDrift => live::probe_cert_drift,
    ProbeLegacyProtocol => live::probe_legacy_protocol,
    ProbeWeakCipherAccepted => live::probe_weak_cipher_accepted,
    DefaultAccessGranted => posture::default_access_granted,
    InactivityTimeoutDisabled => posture::inactivity_timeout_disabled,
    EmptyPasswordAllowed => posture::empty_password_allowed,
    EmptyExternalPasswordAllowed => posture::empty_external_password_allowed,
    NoAccountLockout => posture::no_account_lockout,
    ForceMd5Enabled => posture::force_md5_enabled,
    PlaintextDbPassword => posture::plaintext_db_password,
    DefaultAccessHaMismatch => posture::default_access_ha_mismatch,
    LastLoginDisabled => posture::last_login_disabled,
    AccountExpirationWithoutLastLogin => posture::account_expiration_without_last_login,
    PostureOptionMisplaced => posture::posture_option_misplaced,
    TenantOverrideResetsRules => posture::tenant_override_resets_rules,
    PasswordExpirationWithoutSelfChange => posture::password_expiration_without_self_change,
    LockoutOverride => posture::lockout_override,
    PasswordExpirationOverride => posture::password_expiration_override,
    AccountExpirationOverride => posture::account_expiration_override,
    LdapCleartext => posture::ldap_cleartext,
    LogFilterInvalid => posture::log_filter_invalid,
    NoPasswordExpiration => posture::no_password_expiration,
    WeakPasswordComplexity => posture::weak_password_complexity,
    NoPasswordHistory => posture::no_password_history,
    NoAccountExpiration => posture::no_account_expiration,
    LogDataUnfiltered => posture::log_data_unfiltered,
}

impl RuleId {
    pub(crate) fn rule(self) -> &'static Rule {
        RULES[self as usize]
    }

    /// The kebab-case id users see.
    pub(crate) fn as_str(self) -> &'static str {
        self.rule().name
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The rule of a kebab-case id, as users write it (tlskit.toml, `tlskit rules ID`).
pub(crate) fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_variant_order_and_ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{} is out of place", r.name);
            assert!(seen.insert(r.name), "duplicate id {}", r.name);
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.name
            );
            for (what, text) in [
                ("summary", r.summary),
                ("explanation", r.explanation()),
                ("source", r.source),
                ("bad", r.bad),
                ("good", r.good),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {what}", r.name);
            }
        }
    }
}
