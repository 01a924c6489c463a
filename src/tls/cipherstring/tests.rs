use super::*;

fn names(s: &str) -> Vec<&'static str> {
    evaluate(s).suites.iter().map(|s| s.openssl).collect()
}

#[test]
fn adding_deleting_and_killing_follow_openssl() {
    assert_eq!(names("AES256-SHA:AES128-SHA"), ["AES256-SHA", "AES128-SHA"]);
    assert_eq!(
        names("AES128-SHA:AES256-SHA:+AES128-SHA"),
        ["AES256-SHA", "AES128-SHA"]
    );
    assert_eq!(
        names("AES256-SHA:!AES256-SHA:AES256-SHA"),
        Vec::<&str>::new()
    );
    assert_eq!(names("AES256-SHA:-AES256-SHA:AES256-SHA"), ["AES256-SHA"]);
    assert!(names("HIGH:!aNULL").iter().all(|n| !n.starts_with("ADH")));
}

#[test]
fn unknown_names_are_reported_and_ignored() {
    let e = evaluate("FOO:AES256-SHA:BAR+HIGH");
    assert_eq!(e.unknown, ["FOO", "BAR"]);
    assert_eq!(e.suites.len(), 1);
    assert_eq!(e.outcome(), Outcome::Ok);
}

#[test]
fn invalid_characters_and_commands_refuse_the_whole_string() {
    assert!(evaluate("HIGH:*").invalid.is_some());
    assert!(evaluate("HIGH:@FOO").invalid.is_some());
    assert!(evaluate("HIGH:@FOO").suites.is_empty());
    assert_eq!(evaluate("HIGH:@SECLEVEL=2").seclevel, Some(2));
}

/// D1: `_` is no name character; after a known name it fails the call, after an
/// unknown one it is skipped with the rest of the element.
#[test]
fn underscores_after_a_known_name_refuse_the_string() {
    for s in [
        "AES_GCM",
        "HIGH:AES_GCM",
        "ECDHE_RSA_AES256",
        "_:HIGH",
        "DEFAULT_",
    ] {
        assert_eq!(evaluate(s).outcome(), Outcome::InvalidCommand, "{s}");
    }
    let e = evaluate("AES_GCM");
    assert!(e.invalid.unwrap().contains("follows the name `AES`"));
    assert_eq!(evaluate("HIGH:RC4_").outcome(), Outcome::Ok);
    assert_eq!(evaluate("HIGH:@STRENGTH_X").outcome(), Outcome::Ok);
    assert_eq!(evaluate("HIGH:@SECLEVEL=1_").seclevel, Some(1));
    assert_eq!(
        evaluate("TLS_RSA_WITH_AES_128_CBC_SHA").outcome(),
        Outcome::NoCipherMatch
    );
}

/// D2: an unknown name or an empty AND skips the element unread; a known one resumes
/// at the very next character.
#[test]
fn plus_chains_follow_openssls_lookup() {
    assert_eq!(evaluate("FOO+:HIGH").outcome(), Outcome::Ok);
    assert_eq!(evaluate("HIGH:kRSA+kECDHE+*").outcome(), Outcome::Ok);
    assert_eq!(evaluate("AES128+").outcome(), Outcome::InvalidCommand);
    assert_eq!(names("HIGH!aNULL"), names("HIGH:!aNULL"));
    assert_eq!(evaluate("HIGH-aNULL").unknown, ["HIGH-aNULL"]);
}

/// D3: strength classes AND as bits, not as sets.
#[test]
fn high_plus_fips_selects_nothing() {
    assert_eq!(evaluate("HIGH+FIPS").outcome(), Outcome::NoCipherMatch);
    assert_eq!(evaluate("FIPS+HIGH").outcome(), Outcome::NoCipherMatch);
}

/// D4, D5: the CBC alias, the Suite B prefixes.
#[test]
fn cbc_and_suite_b() {
    assert_eq!(evaluate("CBC").suites.len(), 76);
    let e = evaluate("SUITEB128:junk_*");
    assert_eq!(e.suite_b, Some("SUITEB128"));
    assert_eq!(
        names("SUITEB128"),
        [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384"
        ]
    );
    assert_eq!(evaluate("HIGH:SUITEB128").unknown, ["SUITEB128"]);
}

#[test]
fn a_bad_command_still_leaves_the_levels_set() {
    let e = evaluate("@SECLEVEL=9:@SECLEVEL=0");
    assert_eq!(e.outcome(), Outcome::InvalidCommand);
    assert_eq!(e.seclevel, Some(0));
    let e = evaluate("RC4:@SECLEVEL=0");
    assert_eq!(e.outcome(), Outcome::NoCipherMatch);
    assert_eq!(e.seclevel, Some(0));
}

#[test]
fn the_guides_formatting_rules() {
    assert!(syntax_problem("AES256-SHA, AES128-SHA").is_some());
    assert!(syntax_problem("HIGH:!aNULL:!TLSv1.0").is_none());
    assert!(syntax_problem("AES_GCM").is_some());
}

#[test]
fn ciphersuites_ignore_unknown_names_when_one_is_known() {
    let c = ciphersuites(" TLS_AES_128_GCM_SHA256 : FOO ");
    assert_eq!(c.suites.len(), 1);
    assert_eq!(c.unknown, ["FOO"]);
    assert!(!c.refused(" TLS_AES_128_GCM_SHA256 : FOO "));
    assert!(ciphersuites("FOO:BAR").refused("FOO:BAR"));
    assert!(ciphersuites(":").refused(":"));
    assert!(!ciphersuites("").refused(""));
    let c = ciphersuites("TLS_RSA_WITH_AES_128_CBC_SHA");
    assert!(c.suites.is_empty() && c.tls12.len() == 1);
    assert!(ciphersuites("tls_aes_128_gcm_sha256").suites.is_empty());
    assert!(
        ciphersuites("TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384")
            .suites
            .is_empty()
    );
}
