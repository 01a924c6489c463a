use super::*;

fn java(ctx: &str, protocols: Option<&str>, suites: Option<&str>) -> Peer<'static> {
    Peer::Java(JsseConfig {
        context: ctx.into(),
        protocols: protocols.map(|p| split_list(p).into_iter().map(String::from).collect()),
        suites: suites.map(|p| split_list(p).into_iter().map(String::from).collect()),
    })
}

fn openssl(p: Option<&'static str>, c: Option<&'static str>) -> Peer<'static> {
    Peer::OpenSsl(Endpoint {
        sec_protocol: p,
        cipher_list: c,
        ciphersuites: None,
    })
}

#[test]
fn every_jdk17_default_suite_is_in_the_table() {
    for n in JDK17_DEFAULT_SUITES {
        assert!(by_iana(n).is_some(), "{n}");
    }
}

#[test]
fn defaults_java_to_java_negotiate_tls13_aes256() {
    let p = predict(
        &java("TLS", None, None),
        &java("TLS", None, None),
        Some(KeyKind::Rsa),
        17,
    );
    assert_eq!(
        p,
        Some(Prediction::Succeeds {
            version: Version::Tls13,
            suite: "TLS_AES_256_GCM_SHA384"
        })
    );
}

#[test]
fn a_java_client_on_tls11_fails_and_says_the_jdk_disables_it() {
    let p = predict(
        &java("TLSv1.1", None, None),
        &openssl(Some("SSLv23"), None),
        Some(KeyKind::Rsa),
        17,
    )
    .unwrap();
    let Prediction::NoCommonProtocol { reason, client, .. } = p else {
        panic!("{p:?}")
    };
    assert!(client.is_empty());
    assert!(
        reason
            .unwrap()
            .starts_with("the Java client disables TLSv1.1 by default in JDK 17")
    );
}

#[test]
fn a_java_server_prefers_its_own_order() {
    let server = java(
        "TLS",
        Some("TLSv1.2"),
        Some("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    );
    let client = openssl(
        Some("TLSv12"),
        Some("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"),
    );
    assert_eq!(
        predict(&client, &server, Some(KeyKind::Rsa), 17),
        Some(Prediction::Succeeds {
            version: Version::Tls12,
            suite: "ECDHE-RSA-AES128-GCM-SHA256"
        })
    );
}

#[test]
fn sslv2hello_without_tls13_is_refused_by_openssl() {
    let client = java("TLS", Some("SSLv2Hello SSLv3 TLSv1 TLSv1.1 TLSv1.2"), None);
    let p = predict(&client, &openssl(None, None), Some(KeyKind::Rsa), 17).unwrap();
    assert!(matches!(p, Prediction::NoCommonProtocol { .. }), "{p:?}");
}

#[test]
fn openssl_names_make_jsse_refuse_the_list() {
    let cfg = JsseConfig::from_options(None, None, None, Some("ECDHE-RSA-AES128-GCM-SHA256"));
    assert_eq!(
        enabled(&cfg, Role::Client, 17),
        Err(JsseError::UnknownSuite(
            "ECDHE-RSA-AES128-GCM-SHA256".into()
        ))
    );
}

#[test]
fn only_disabled_suites_leave_no_protocol() {
    let p = predict(
        &java("TLS", None, Some("SSL_RSA_WITH_3DES_EDE_CBC_SHA")),
        &java("TLS", None, None),
        Some(KeyKind::Rsa),
        17,
    )
    .unwrap();
    let Prediction::NoCommonProtocol { reason, .. } = p else {
        panic!("{p:?}")
    };
    assert!(reason.unwrap().contains("3DES_EDE_CBC"));
}

#[test]
fn a_client_contexts_name_limits_its_default_suites() {
    let cfg = JsseConfig::from_options(Some("TLSv1.2"), Some("TLSv1.3 TLSv1.2"), None, None);
    let end = enabled(&cfg, Role::Client, 17).unwrap();
    assert_eq!(end.versions, [Version::Tls12]);
    let cfg = JsseConfig::from_options(Some("TLSv1.1"), Some("TLSv1.3 TLSv1.2"), None, None);
    assert!(enabled(&cfg, Role::Client, 17).unwrap().versions.is_empty());
}

#[test]
fn a_servers_tls_version_does_not_restrict_it() {
    let cfg = JsseConfig::from_options(Some("TLSv1.2"), None, None, None);
    let end = enabled(&cfg, Role::Server, 17).unwrap();
    assert_eq!(end.versions, [Version::Tls13, Version::Tls12]);
    let end = enabled(&cfg, Role::Client, 17).unwrap();
    assert_eq!(end.versions, [Version::Tls12]);
}
