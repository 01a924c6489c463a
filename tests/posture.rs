//! Phase S: the posture rules on a realistic deployment, as Configuration Server option
//! exports, `confserv.conf` files, Tenant and Person annexes in mutagen exports, and the
//! guide's own examples; and the selection (`--only`, `[rules] select`/`ignore`) that keeps
//! a TLS-only gate as it was.

use crate::common::*;
use serde_json::{Value, json};

const SAR: &str = "security-authentication-rules";

/// The TLS baseline with the posture the guide asks for: Last Login on both Configuration
/// Servers, and an Environment tenant with a minimum password length and lockout.
fn posture() -> Value {
    let mut d = clean();
    for cs in ["confserv", "confserv_backup"] {
        app(&mut d, cs)["options"] = json!({"confserv": {
            "last-login": "true", "last-login-synchronization": "true"}});
    }
    d["tenants"] = json!([{"name": "Environment", "userProperties": {SAR: {
        "password-min-length": "8",
        "account-lockout-threshold": "5",
        "account-lockout-duration": "30"}}}]);
    d
}

fn env_rules(d: &mut Value) -> &mut Value {
    &mut d["tenants"][0]["userProperties"][SAR]
}

fn lint(d: &Value) -> Vec<String> {
    Scenario::new(d).lint(&[]).rules()
}

fn lint_posture(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut d = posture();
    change(&mut d);
    lint(&d)
}

#[test]
fn the_posture_baseline_lints_clean() {
    let run = Scenario::new(&posture()).lint(&[]);
    assert_eq!(run.rules(), Vec::<String>::new(), "{}", run.stdout);
}

// --- selection ----------------------------------------------------------------------------

#[test]
fn a_tls_only_export_runs_no_posture_rule_unless_selected() {
    // What TLS gates have always fed: applications and hosts, no tenants, no confserv.conf.
    let mut d = clean();
    app(&mut d, "confserv")["options"] = json!({"security": {"no-default-access": "1"}});
    assert_eq!(lint(&d), Vec::<String>::new());
    let s = Scenario::new(&d);
    assert_eq!(
        s.lint(&["--only", "posture"]).rules(),
        ids(&[
            "default-access-granted",
            "default-access-ha-mismatch",
            "last-login-disabled",
            "last-login-disabled"
        ])
    );
    assert_eq!(s.lint(&["--only", "tls"]).rules(), Vec::<String>::new());
    assert_eq!(
        s.lint(&["--only", "tls,posture"]).rules().len(),
        4,
        "both families"
    );
}

#[test]
fn only_tls_keeps_a_gate_unchanged_when_tenants_are_exported() {
    let mut d = posture();
    env_rules(&mut d)["password-min-length"] = json!("0");
    let s = Scenario::new(&d);
    assert_eq!(s.lint(&[]).rules(), ids(&["empty-password-allowed"]));
    assert_eq!(s.lint(&["--only", "tls"]).rules(), Vec::<String>::new());
    assert_eq!(
        s.lint(&["--only", "posture"]).rules(),
        ids(&["empty-password-allowed"])
    );
}

#[test]
fn tlskit_toml_selects_and_ignores_families_and_rules() {
    let mut d = posture();
    env_rules(&mut d)["password-min-length"] = json!("0");
    app(&mut d, "UCS")["options"]["security"]["tls-mutal"] = json!("1");
    let s = Scenario::new(&d);
    let both = ids(&["empty-password-allowed", "unknown-option"]);
    assert_eq!(s.lint(&[]).rules(), both);
    for (rules, expect) in [
        ("select = [\"tls\"]", ids(&["unknown-option"])),
        ("select = [\"posture\"]", ids(&["empty-password-allowed"])),
        ("ignore = [\"posture\"]", ids(&["unknown-option"])),
        (
            "ignore = [\"empty-password-allowed\"]",
            ids(&["unknown-option"]),
        ),
        (
            "select = [\"tls\", \"posture\"]\nignore = [\"unknown-option\"]",
            ids(&["empty-password-allowed"]),
        ),
        // The per-rule severities keep working beside select/ignore.
        ("empty-password-allowed = \"off\"", ids(&["unknown-option"])),
    ] {
        s.write(
            "tlskit.toml",
            &format!("{}[rules]\n{rules}\n", windows_store_toml()),
        );
        assert_eq!(s.lint(&[]).rules(), expect, "{rules}");
    }
    // --only wins over the file's select.
    s.write(
        "tlskit.toml",
        &format!("{}[rules]\nselect = [\"tls\"]\n", windows_store_toml()),
    );
    assert_eq!(
        s.lint(&["--only", "posture"]).rules(),
        ids(&["empty-password-allowed"])
    );
    s.write(
        "tlskit.toml",
        &format!("{}[rules]\nselect = [\"ssl\"]\n", windows_store_toml()),
    );
    let run = tlskit(["lint", s.path().to_str().unwrap()]);
    assert_input_error(&run, "tlskit.toml", "neither a rule family");
}

#[test]
fn opt_in_policy_notices_run_only_when_named() {
    let s = Scenario::new(&posture());
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    s.write(
        "tlskit.toml",
        &format!(
            "{}[rules]\nselect = [\"tls\", \"posture\", \"weak-password-complexity\", \"no-password-history\"]\n",
            windows_store_toml()
        ),
    );
    assert_eq!(
        s.lint(&[]).rules(),
        ids(&["no-password-history", "weak-password-complexity"])
    );
    // A severity in [rules] enables one too.
    s.write(
        "tlskit.toml",
        &format!(
            "{}[rules]\nno-password-expiration = \"warning\"\nno-account-expiration = \"notice\"\n",
            windows_store_toml()
        ),
    );
    let run = s.lint(&[]);
    assert_eq!(
        run.rules(),
        ids(&["no-account-expiration", "no-password-expiration"])
    );
    assert_eq!(
        run.findings("no-password-expiration")[0]["severity"],
        "warning"
    );
}

// --- the seven S rules ---------------------------------------------------------------------

#[test]
fn default_access_fires_on_1_only_the_secure_value_is_0_or_absent() {
    for (v, expect) in [("1", vec!["default-access-granted"]), ("0", vec![])] {
        let found = lint_posture(|d| {
            for cs in ["confserv", "confserv_backup"] {
                app(d, cs)["options"]["security"] = json!({"no-default-access": v});
            }
        });
        assert_eq!(
            found,
            ids(&[&expect[..], &expect[..]].concat()),
            "no-default-access={v}"
        );
    }
    let run = Scenario::new(&{
        let mut d = posture();
        app(&mut d, "confserv")["options"]["security"] = json!({"no-default-access": "1"});
        d
    })
    .lint(&[]);
    assert_eq!(
        run.rules(),
        ids(&["default-access-granted", "default-access-ha-mismatch"])
    );
    let f = &run.findings("default-access-granted")[0];
    assert_eq!(f["object"]["application"], "confserv");
    assert_eq!(f["location"]["section"], "security");
    assert_eq!(f["location"]["key"], "no-default-access");
    assert!(
        f["help"].as_str().unwrap().contains("no-default-access=0"),
        "{f}"
    );
    // The rule's own documentation shows the fixed example as 0.
    let doc = tlskit(["rules", "default-access-granted", "--format", "json"]).json();
    assert!(doc["bad"].as_str().unwrap().contains("no-default-access=1"));
    assert!(
        doc["good"]
            .as_str()
            .unwrap()
            .contains("no-default-access=0")
    );
}

#[test]
fn inactivity_timeout_is_judged_on_the_guis_that_read_it_only() {
    let gui = |name: &str, ty: &str, timeout: Option<&str>| {
        let mut a = json!({"name": name, "type": ty});
        if let Some(t) = timeout {
            a["options"] = json!({"security": {"inactivity-timeout": t}});
        }
        a
    };
    let found = lint_posture(|d| {
        let apps = d["applications"].as_array_mut().unwrap();
        apps.push(gui("SCI", "CFGSCI", None));
        apps.push(gui("ConfigManager", "CFGSCE", Some("0")));
        apps.push(gui("IRD", "CFGInteractionRoutingDesigner", Some("15")));
        // Not judged: Genesys Administrator is not in the guide's list, Workspace Desktop
        // configures it its own way.
        apps.push(gui("GA", "CFGGenesysAdministrator", None));
        apps.push(gui("WDE", "CFGInteractionWorkspace", None));
    });
    assert_eq!(
        found,
        ids(&["inactivity-timeout-disabled", "inactivity-timeout-disabled"])
    );
}

#[test]
fn empty_passwords_follow_the_guides_three_cases() {
    let cs_allow = |d: &mut Value, v: Option<&str>| {
        if let Some(v) = v {
            app(d, "confserv")["options"]["confserv"]["allow-empty-password"] = json!(v);
        }
    };
    // "If password-min-length=0, empty passwords are permitted ... allow-empty-password is ignored."
    assert_eq!(
        lint_posture(|d| {
            env_rules(d)["password-min-length"] = json!("0");
            cs_allow(d, Some("false"));
        }),
        ids(&["empty-password-allowed"])
    );
    // "any other value means empty passwords are not permitted."
    assert_eq!(
        lint_posture(|d| cs_allow(d, Some("true"))),
        Vec::<String>::new()
    );
    // "If password-min-length is not set, and allow-empty-password=true, empty passwords are permitted"
    let unset = |d: &mut Value| {
        env_rules(d)
            .as_object_mut()
            .unwrap()
            .remove("password-min-length");
    };
    assert_eq!(
        lint_posture(|d| {
            unset(d);
            cs_allow(d, Some("true"));
        }),
        ids(&["empty-password-allowed"])
    );
    // "... if allow-empty-password=false, empty passwords are not permitted."
    assert_eq!(
        lint_posture(|d| {
            unset(d);
            cs_allow(d, Some("false"));
        }),
        Vec::<String>::new()
    );
    // Neither set: allow-empty-password defaults to true.
    assert_eq!(lint_posture(unset), ids(&["empty-password-allowed"]));
}

#[test]
fn allow_empty_password_in_confserv_conf_counts_and_the_section_may_bear_the_apps_name() {
    let mut d = posture();
    env_rules(&mut d)
        .as_object_mut()
        .unwrap()
        .remove("password-min-length");
    let s = Scenario::new(&d);
    // The file's section is named after the application (the guide's renamed [confserv]).
    s.write(
        "cs-01/confserv.conf",
        "[confserv]\nport = 2020\nlast-login = true\nlast-login-synchronization = true\n\n[ConfServ]\nallow-empty-password = false\n",
    );
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    s.write(
        "cs-01/confserv.conf",
        "[confserv]\nport = 2020\nlast-login = true\nlast-login-synchronization = true\nallow-empty-password = true\n",
    );
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["empty-password-allowed"]));
    let f = &run.findings("empty-password-allowed")[0];
    assert!(
        f["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("confserv.conf"),
        "{f}"
    );
    assert_eq!(f["object"]["tenant"], "Environment");
}

#[test]
fn without_tenant_data_only_an_explicit_allow_empty_password_is_reported() {
    let mut d = clean();
    app(&mut d, "confserv")["options"] = json!({"confserv": {"allow-empty-password": "true",
        "last-login": "true", "last-login-synchronization": "true"}});
    let run = Scenario::new(&d).lint(&["--only", "posture"]);
    let found: Vec<String> = run
        .rules()
        .into_iter()
        .filter(|r| r != "last-login-disabled")
        .collect();
    assert_eq!(found, ids(&["empty-password-allowed"]));
    assert!(
        run.findings("empty-password-allowed")[0]["message"]
            .as_str()
            .unwrap()
            .contains("no tenant data")
    );
    // Tenant rules are silent without tenants: absent input is not an absent option.
    app(&mut d, "confserv")["options"]["confserv"]["allow-empty-password"] = json!("false");
    let run = Scenario::new(&d).lint(&["--only", "posture"]);
    assert!(
        !run.rules()
            .iter()
            .any(|r| r == "no-account-lockout" || r == "empty-password-allowed")
    );
}

#[test]
fn external_authentication_needs_allow_empty_external_password_false() {
    let ldap = |d: &mut Value, allow: Option<&str>| {
        let o = &mut app(d, "confserv")["options"];
        o["authentication"] = json!({"library": "gauth_ldap"});
        o["gauth_ldap"] = json!({"ldap-url": "ldaps://dc-01.lab.example.com:636/dc=lab"});
        if let Some(a) = allow {
            o["confserv"]["allow-empty-external-password"] = json!(a);
        }
    };
    assert_eq!(
        lint_posture(|d| ldap(d, None)),
        ids(&["empty-external-password-allowed"])
    );
    assert_eq!(
        lint_posture(|d| ldap(d, Some("true"))),
        ids(&["empty-external-password-allowed"])
    );
    assert_eq!(
        lint_posture(|d| ldap(d, Some("false"))),
        Vec::<String>::new()
    );
    // Internal authentication only: nothing to say.
    assert_eq!(
        lint_posture(
            |d| app(d, "confserv")["options"]["authentication"] = json!({"library": "internal"})
        ),
        Vec::<String>::new()
    );
}

#[test]
fn account_lockout_is_inherited_and_broken_by_tenant_override_section() {
    let child = |rules: Value| json!({"name": "Resources", "parentTenant": "Environment", "userProperties": {SAR: rules}});
    // Inherited from Environment: no finding for the child.
    assert_eq!(
        lint_posture(|d| d["tenants"]
            .as_array_mut()
            .unwrap()
            .push(child(json!({"password-expiration": "0"})))),
        Vec::<String>::new()
    );
    // 0 counts as absent.
    assert_eq!(
        lint_posture(|d| env_rules(d)["account-lockout-threshold"] = json!("0")),
        ids(&["no-account-lockout"])
    );
    // A tenant with no parent link and no Environment above: judged alone.
    let mut d = posture();
    d["tenants"] = json!([{"name": "Tenant1"}]);
    assert_eq!(
        lint(&d),
        ids(&["empty-password-allowed", "no-account-lockout"])
    );
    // The override breaks the chain: the child loses both, and the reset is reported.
    assert_eq!(
        lint_posture(|d| d["tenants"]
            .as_array_mut()
            .unwrap()
            .push(child(json!({"tenant-override-section": "true"})))),
        ids(&[
            "empty-password-allowed",
            "no-account-lockout",
            "tenant-override-resets-rules"
        ])
    );
    assert_eq!(
        lint_posture(|d| d["tenants"].as_array_mut().unwrap().push(child(json!({
            "tenant-override-section": "true",
            "password-min-length": "12",
            "account-lockout-threshold": "3"})))),
        Vec::<String>::new()
    );
}

#[test]
fn a_tenant_annex_file_is_read_like_the_export() {
    let mut d = posture();
    d.as_object_mut().unwrap().remove("tenants");
    let s = Scenario::new(&d);
    s.write(
        "tenants/tenant.Environment.annex.cfg",
        &format!("[{SAR}]\npassword-min-length=0\naccount-lockout-threshold=5\n"),
    );
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["empty-password-allowed"]));
    assert_eq!(
        run.findings("empty-password-allowed")[0]["object"]["tenant"],
        "Environment"
    );
}

#[test]
fn force_md5_in_the_export_or_in_confserv_conf() {
    assert_eq!(
        lint_posture(|d| app(d, "confserv")["options"]["confserv"]["force-md5"] = json!("true")),
        ids(&["force-md5-enabled"])
    );
    assert_eq!(
        lint_posture(|d| app(d, "confserv")["options"]["confserv"]["force-md5"] = json!("false")),
        Vec::<String>::new()
    );
    let s = Scenario::new(&posture());
    s.write(
        "cs-01/confserv.conf",
        "[confserv]\nport = 2020\nforce-md5 = true\nlast-login = true\nlast-login-synchronization = true\n",
    );
    assert_eq!(s.lint(&[]).rules(), ids(&["force-md5-enabled"]));
    // A proxy is not judged: the option belongs to the master.
    assert_eq!(
        lint_posture(|d| {
            d["applications"].as_array_mut().unwrap().push(json!({
            "name": "csproxy", "type": "CFGConfigServer",
            "options": {"csproxy": {"force-md5": "true", "last-login": "true", "last-login-synchronization": "true"}}}))
        }),
        Vec::<String>::new()
    );
}

const CONFSERV_CONF: &str = "[confserv]\nport = 2020\nserver = dbserver\nlast-login = true\nlast-login-synchronization = true\n{enc}\n[dbserver]\ndbengine = mssql\ndbserver = sql-01\ndbname = config\nusername = genesys\n{pw}\n";

#[test]
fn the_database_password_in_confserv_conf_must_be_encrypted() {
    let s = Scenario::new(&posture());
    let file = |enc: &str, pw: &str| CONFSERV_CONF.replace("{enc}", enc).replace("{pw}", pw);
    // The guide's example: confserv -p dbserver "p&ssword".
    s.write("cs-01/confserv.conf", &file("", "password = p&ssword"));
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["plaintext-db-password"]));
    let f = &run.findings("plaintext-db-password")[0];
    assert!(
        !f["message"].as_str().unwrap().contains("p&ssword"),
        "the password is not repeated"
    );
    assert!(
        f["help"].as_str().unwrap().contains("confserv -p dbserver"),
        "{f}"
    );
    s.write(
        "cs-01/confserv.conf",
        &file("encryption = false", "password = p&ssword"),
    );
    assert_eq!(s.lint(&[]).rules(), ids(&["plaintext-db-password"]));
    s.write(
        "cs-01/confserv.conf",
        &file("encryption = true", "password = 3A1B7C44E9D2"),
    );
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    // Windows authentication to MS SQL: no password at all.
    s.write("cs-01/confserv.conf", &file("", ""));
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    // The LDAP section the guide also encrypts (confserv -p gauth_ldap '$Montana').
    s.write(
        "cs-01/confserv.conf",
        &(file("", "") + "\n[gauth_ldap]\nldap-url = ldaps://dc-01:636\npassword = $Montana\n"),
    );
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["plaintext-db-password"]));
    assert!(
        run.findings("plaintext-db-password")[0]["message"]
            .as_str()
            .unwrap()
            .contains("LDAP section")
    );
}

#[test]
fn a_confserv_conf_alone_is_linted_for_posture_when_asked() {
    let s = Scenario::empty();
    let p = s.write(
        "confserv.conf",
        &CONFSERV_CONF
            .replace("{enc}", "")
            .replace("{pw}", "password = secret"),
    );
    let p = p.to_str().unwrap();
    // A confserv.conf is also a TLS input: alone, it is linted for TLS as before.
    let run = tlskit(["lint", p, "--format", "json"]);
    assert_eq!(run.rules(), Vec::<String>::new(), "{}", run.stderr);
    let run = tlskit(["lint", p, "--format", "json", "--only", "posture"]);
    assert_eq!(
        run.rules(),
        ids(&["plaintext-db-password"]),
        "{}",
        run.stderr
    );
    let run = tlskit(["lint", p, "--format", "json", "--only", "tls,posture"]);
    assert_eq!(run.rules(), ids(&["plaintext-db-password"]));
}

#[test]
fn a_confserv_conf_beside_a_tls_export_changes_nothing_by_default() {
    let s = Scenario::new(&clean());
    s.write(
        "cs-01/confserv.conf",
        &CONFSERV_CONF
            .replace("{enc}", "")
            .replace("{pw}", "password = secret"),
    );
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    let posture = s.lint(&["--only", "posture"]).rules();
    assert!(
        posture.contains(&"plaintext-db-password".to_string()),
        "{posture:?}"
    );
}

// --- the new rules -------------------------------------------------------------------------

#[test]
fn last_login_lives_in_confserv_not_security() {
    let found = lint_posture(|d| {
        let o = &mut app(d, "confserv")["options"];
        o["confserv"] = json!({});
        o["security"] = json!({"last-login": "true", "last-login-synchronization": "true"});
    });
    assert_eq!(
        found,
        ids(&[
            "last-login-disabled",
            "posture-option-misplaced",
            "posture-option-misplaced"
        ])
    );
}

#[test]
fn account_expiration_needs_last_login_synchronized_everywhere() {
    let expire = |d: &mut Value| env_rules(d)["account-expiration"] = json!("90");
    assert_eq!(lint_posture(expire), Vec::<String>::new());
    let run = Scenario::new(&{
        let mut d = posture();
        expire(&mut d);
        app(&mut d, "confserv_backup")["options"]["confserv"]
            .as_object_mut()
            .unwrap()
            .remove("last-login-synchronization");
        d
    })
    .lint(&[]);
    assert_eq!(run.rules(), ids(&["account-expiration-without-last-login"]));
    assert!(
        run.findings("account-expiration-without-last-login")[0]["message"]
            .as_str()
            .unwrap()
            .contains("confserv_backup")
    );
}

#[test]
fn password_expiration_without_self_change() {
    let found = lint_posture(|d| {
        env_rules(d)["password-expiration"] = json!("90");
        app(d, "confserv")["options"]["confserv"]["password-change"] = json!("false");
    });
    assert_eq!(found, ids(&["password-expiration-without-self-change"]));
    let found = lint_posture(|d| {
        env_rules(d)["password-expiration"] = json!("0");
        app(d, "confserv")["options"]["confserv"]["password-change"] = json!("false");
    });
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn person_exemptions_count_only_where_the_tenant_enforces_the_feature() {
    let person = |key: &str| {
        json!({"employeeId": "E100", "userName": "svc_mon", "tenant": "Environment",
        "userProperties": {SAR: {key: "true"}}})
    };
    let run = Scenario::new(&{
        let mut d = posture();
        d["persons"] = json!([person("account-override-lockout")]);
        d
    })
    .lint(&[]);
    assert_eq!(run.rules(), ids(&["lockout-override"]));
    let f = &run.findings("lockout-override")[0];
    assert_eq!(f["object"]["person"], "svc_mon");
    assert_eq!(f["object"]["tenant"], "Environment");
    // The tenant does not expire passwords: the exemption changes nothing.
    assert_eq!(
        lint_posture(|d| d["persons"] = json!([person("override-password-expiration")])),
        Vec::<String>::new()
    );
    assert_eq!(
        lint_posture(|d| {
            env_rules(d)["password-expiration"] = json!("60");
            d["persons"] = json!([person("override-password-expiration")]);
        }),
        ids(&["password-expiration-override"])
    );
    assert_eq!(
        lint_posture(|d| {
            env_rules(d)["account-expiration"] = json!("90");
            d["persons"] = json!([person("override-account-expiration")]);
        }),
        ids(&["account-expiration-override"])
    );
    // Written in the tenant annex, a user exemption is misplaced.
    assert_eq!(
        lint_posture(|d| env_rules(d)["account-override-lockout"] = json!("true")),
        ids(&["posture-option-misplaced"])
    );
}

#[test]
fn ldap_in_clear_text_and_credentials_are_not_repeated() {
    let run = Scenario::new(&{
        let mut d = posture();
        let o = &mut app(&mut d, "confserv")["options"];
        o["authentication"] = json!({"library": "gauth_ldap"});
        o["confserv"]["allow-empty-external-password"] = json!("false");
        o["gauth_ldap"] =
            json!({"ldap-url": "ldap://binduser:S3cret@dc-01.lab.example.com:389/dc=lab"});
        d
    })
    .lint(&[]);
    assert_eq!(run.rules(), ids(&["ldap-cleartext"]));
    let m = run.findings("ldap-cleartext")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !m.contains("S3cret") && m.contains("<credentials>@dc-01"),
        "{m}"
    );
}

#[test]
fn log_filters_accept_the_guides_examples() {
    for v in ["copy", "hide-first,3", "tag()", "tag(<*>,<*>)"] {
        assert_eq!(
            lint_posture(|d| app(d, "MessageServer")["options"] =
                json!({"log-filter": {"default-filter-type": v}})),
            Vec::<String>::new(),
            "default-filter-type={v}"
        );
    }
    for v in ["hide", "unhide-last,5", "tag()", "tag(<!--,-->)", " tag()"] {
        assert_eq!(
            lint_posture(|d| app(d, "MessageServer")["options"] =
                json!({"log-filter-data": {"PASSWORD": v}})),
            Vec::<String>::new(),
            "PASSWORD={v}"
        );
    }
    for v in ["hide-first", "hide-last,0", "mask"] {
        assert_eq!(
            lint_posture(|d| app(d, "MessageServer")["options"] =
                json!({"log-filter-data": {"PASSWORD": v}})),
            ids(&["log-filter-invalid"]),
            "PASSWORD={v}"
        );
    }
}

#[test]
fn unfiltered_logs_are_an_opt_in_notice_on_supporting_servers() {
    let s = Scenario::new(&posture());
    s.write(
        "tlskit.toml",
        &format!(
            "{}[rules]\nlog-data-unfiltered = \"notice\"\n",
            windows_store_toml()
        ),
    );
    let found = s.lint(&[]).findings("log-data-unfiltered");
    let names: Vec<&str> = found
        .iter()
        .map(|f| f["object"]["application"].as_str().unwrap())
        .collect();
    // Configuration Servers, Message Server, SCS, UCS and the T-Server: not Stat Server.
    assert!(
        names.contains(&"UCS") && names.contains(&"confserv"),
        "{names:?}"
    );
    assert!(!names.contains(&"StatServer"), "{names:?}");
}

#[test]
fn the_catalog_shows_phase_s_implemented() {
    let list = tlskit(["rules", "--format", "json"]).json();
    let s: Vec<&Value> = list["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["phase"] == "S")
        .collect();
    assert!(s.len() >= 7);
    assert!(s.iter().all(|r| r["implemented"] == true), "{s:?}");
}

#[test]
fn the_bundled_lab_with_its_tenants_export_keeps_its_tls_findings_and_adds_posture() {
    let lab = repo().join("testdata/genesys-lab");
    let tenants = repo().join("testdata/posture/tenants.json");
    let at = ["--format", "json", "--at", "2030-06-01T00:00:00Z"];
    let alone = tlskit([&["lint", lab.to_str().unwrap()][..], &at[..]].concat());
    let both = tlskit(
        [
            &["lint", lab.to_str().unwrap(), tenants.to_str().unwrap()][..],
            &at[..],
        ]
        .concat(),
    );
    let phase_s: Vec<String> = tlskit(["rules", "--format", "json"]).json()["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["phase"] == "S")
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let (posture, tls): (Vec<String>, Vec<String>) =
        both.rules().into_iter().partition(|r| phase_s.contains(r));
    assert_eq!(tls, alone.rules());
    assert_eq!(
        posture,
        ids(&[
            "account-expiration-without-last-login",
            "last-login-disabled",
            "last-login-disabled",
            "lockout-override",
            "no-account-lockout",
            "tenant-override-resets-rules"
        ])
    );
    let only_tls = tlskit(
        [
            &[
                "lint",
                lab.to_str().unwrap(),
                tenants.to_str().unwrap(),
                "--only",
                "tls",
            ][..],
            &at[..],
        ]
        .concat(),
    );
    assert_eq!(only_tls.stdout, alone.stdout);
}
