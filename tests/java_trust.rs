//! Certificate path validation as a Java client does it (`pki::verify` with `pkix`) against
//! the real JDK: chains made by openssl (partial chains, a version 1 root, CAs without
//! keyCertSign, pathLen, an expired root, SHA-1 and RSA 1024 under a private CA, a trusted
//! CA that is no CA, an unknown critical extension on the root...) presented by
//! `openssl s_server` to `tests/peers/JsseTrust.java` (a JSSE client whose trust manager is
//! the default PKIX one over the case's trusted-ca). Every case where the JDK and tlskit's
//! Java verdict disagree fails the test; each case also shows tlskit's verdict for a native
//! (OpenSSL) end and `openssl verify`'s, to show where the runtimes part. Skips, saying why,
//! without `java` (JDK 17) or `openssl`.

use std::path::{Path, PathBuf};
use std::process::Command;

use tlskit::pki::verify::{Defect, NameRules, Options, Purpose, SigCache, trust_refusal, verify};

use serde_json::json;

use crate::common::pki::{Ca, Lab, Leaf, Spec, openssl};
use crate::common::*;
use crate::java_names::{have, jdk17_and_openssl, read_certs, run_jsse_trust};

struct Case {
    name: &'static str,
    leaf: Leaf,
    /// What the server sends after its certificate.
    chain: Option<PathBuf>,
    trusted: PathBuf,
}

/// tlskit's verdict on a case, as its rules together give it: untrusted (`trust_refusal`:
/// handshake-server-untrusted, chain-untrusted), a trusted CA that is no CA
/// (trusted-ca-not-ca), or a certificate out of its validity period (cert-expired; for a
/// Java end, any but the trust anchor, whose validity JSSE does not check).
fn tlskit_refuses(c: &Case, pkix: bool) -> Option<String> {
    let leaf = read_certs(&c.leaf.cert).remove(0);
    let pool = c.chain.as_deref().map(read_certs).unwrap_or_default();
    let anchors = read_certs(&c.trusted);
    let opts = Options {
        at: time::OffsetDateTime::now_utc().unix_timestamp(),
        purpose: Some(Purpose::Server),
        name: None,
        name_rules: NameRules::Genesys,
        max_depth: None,
        pkix,
    };
    let o = verify(&leaf, &pool, &anchors, &[], &opts, &SigCache::default());
    if let Some((_, why)) = trust_refusal(&o) {
        return Some(why);
    }
    let anchor = o.anchored.then(|| o.chain.len() - 1);
    o.problems
        .iter()
        .find(|p| match p.defect {
            Defect::TrustedCaNotCa => true,
            Defect::Expired | Defect::NotYetValid => !pkix || Some(p.depth) != anchor,
            _ => false,
        })
        .map(|p| p.message.clone())
}

fn openssl_verify_ok(c: &Case) -> bool {
    let mut cmd = Command::new("openssl");
    cmd.env("OPENSSL_CONF", "/dev/null")
        .args(["verify", "-purpose", "sslserver", "-CAfile"])
        .arg(&c.trusted);
    if let Some(u) = &c.chain {
        cmd.arg("-untrusted").arg(u);
    }
    cmd.arg(&c.leaf.cert);
    cmd.output().is_ok_and(|o| o.status.success())
}

/// A CA certificate made outside `Lab::root`: self-signed from `csr` with `key`, with the
/// `openssl x509 -req` arguments given (none: a version 1 certificate).
fn self_signed(lab: &Lab, name: &str, ext: Option<&str>, dates: Option<(&str, &str)>) -> Ca {
    let dir = lab.dir.path();
    let key = lab.path(&format!("{name}.key"));
    let csr = lab.path(&format!("{name}.csr"));
    let cert = lab.path(&format!("{name}.pem"));
    let s = |p: &Path| p.to_str().unwrap().to_string();
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &s(&key),
            "-out",
            &s(&csr),
            "-subj",
            &format!("/CN={name}"),
        ],
    );
    match dates {
        None => {
            let mut args = vec![
                "x509".to_string(),
                "-req".into(),
                "-in".into(),
                s(&csr),
                "-signkey".into(),
                s(&key),
                "-days".into(),
                "3650".into(),
                "-out".into(),
                s(&cert),
            ];
            if let Some(ext) = ext {
                let f = lab.path(&format!("{name}.x509ext"));
                std::fs::write(&f, format!("[ext]\n{ext}\n")).unwrap();
                args.extend(["-extfile".into(), s(&f), "-extensions".into(), "ext".into()]);
            }
            openssl(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
        }
        Some((start, end)) => {
            // `openssl ca -selfsign` sets any dates; the configuration is a throwaway CA's.
            let conf = lab.ca_dirs(name, &cert, &key);
            let f = lab.path(&format!("{name}.x509ext"));
            std::fs::write(&f, format!("[ext]\n{}\n", ext.unwrap_or(""))).unwrap();
            openssl(
                dir,
                &[
                    "ca",
                    "-batch",
                    "-notext",
                    "-selfsign",
                    "-config",
                    &s(&conf),
                    "-keyfile",
                    &s(&key),
                    "-in",
                    &s(&csr),
                    "-out",
                    &s(&cert),
                    "-startdate",
                    start,
                    "-enddate",
                    end,
                    "-extfile",
                    &s(&f),
                    "-extensions",
                    "ext",
                ],
            );
        }
    }
    let conf = lab.ca_dirs(name, &cert, &key);
    Ca {
        name: name.to_string(),
        cert,
        key,
        conf,
    }
}

const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash";

fn cases(lab: &Lab) -> Vec<Case> {
    let server = || Spec::server("cs.example.com");
    let ca_spec = |name: &str| Spec::ca(name);
    let root = lab.root("Trust Root");
    let other = lab.root("Other Root");
    let inter = lab.intermediate(&root, "Trust Issuing", &ca_spec("Trust Issuing"));
    let leaf_i = lab.issue(&inter, "leaf-i", &server());
    let leaf_r = lab.issue(&root, "leaf-r", &server());
    let mut out = Vec::new();
    let mut case = |name, leaf: &Leaf, chain: &[&Path], trusted: &[&Path]| {
        out.push(Case {
            name,
            leaf: leaf.clone(),
            chain: (!chain.is_empty()).then(|| lab.cat(&format!("{name}.chain"), chain)),
            trusted: lab.cat(&format!("{name}.trusted"), trusted),
        });
    };
    case("full-chain", &leaf_i, &[&inter.cert], &[&root.cert]);
    case("leaf-under-root", &leaf_r, &[], &[&root.cert]);
    case("other-root", &leaf_i, &[&inter.cert], &[&other.cert]);
    case("intermediate-not-sent", &leaf_i, &[], &[&root.cert]);
    case("partial-chain", &leaf_i, &[&inter.cert], &[&inter.cert]);
    case(
        "partial-chain-root-sent",
        &leaf_i,
        &[&inter.cert, &root.cert],
        &[&inter.cert],
    );
    case("partial-chain-nothing-sent", &leaf_i, &[], &[&inter.cert]);
    case("leaf-trusted-itself", &leaf_i, &[], &[&leaf_i.cert]);

    let v1 = self_signed(lab, "V1 Root", None, None);
    let leaf_v1 = lab.issue(&v1, "leaf-v1", &server());
    case("v1-root", &leaf_v1, &[], &[&v1.cert]);
    let mut v1_inter_spec = ca_spec("V1 Issuing");
    v1_inter_spec.v1 = true;
    let v1_inter = lab.intermediate(&root, "V1 Issuing", &v1_inter_spec);
    let leaf_v1i = lab.issue(&v1_inter, "leaf-v1i", &server());
    case(
        "v1-intermediate",
        &leaf_v1i,
        &[&v1_inter.cert],
        &[&root.cert],
    );

    let no_kcs = self_signed(
        lab,
        "NoKCS Root",
        Some(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,cRLSign\nsubjectKeyIdentifier=hash",
        ),
        None,
    );
    let leaf_nk = lab.issue(&no_kcs, "leaf-nokcs", &server());
    case("root-without-keycertsign", &leaf_nk, &[], &[&no_kcs.cert]);
    let mut nk_inter_spec = ca_spec("NoKCS Issuing");
    nk_inter_spec.ku = Some("critical,digitalSignature,cRLSign".into());
    let nk_inter = lab.intermediate(&root, "NoKCS Issuing", &nk_inter_spec);
    let leaf_nki = lab.issue(&nk_inter, "leaf-nokcs-i", &server());
    case(
        "intermediate-without-keycertsign",
        &leaf_nki,
        &[&nk_inter.cert],
        &[&root.cert],
    );

    let pl0 = self_signed(
        lab,
        "PathLen0 Root",
        Some(
            "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash",
        ),
        None,
    );
    let pl0_inter = lab.intermediate(&pl0, "Under PathLen0", &ca_spec("Under PathLen0"));
    let leaf_pl0 = lab.issue(&pl0_inter, "leaf-pl0", &server());
    case(
        "root-pathlen-0-with-intermediate",
        &leaf_pl0,
        &[&pl0_inter.cert],
        &[&pl0.cert],
    );
    let mut i_pl0_spec = ca_spec("Issuing PathLen0");
    i_pl0_spec.path_len = Some(0);
    let i_pl0 = lab.intermediate(&root, "Issuing PathLen0", &i_pl0_spec);
    let i2 = lab.intermediate(
        &i_pl0,
        "Under Issuing PathLen0",
        &ca_spec("Under Issuing PathLen0"),
    );
    let leaf_ipl0 = lab.issue(&i2, "leaf-ipl0", &server());
    case(
        "intermediate-pathlen-0-with-intermediate",
        &leaf_ipl0,
        &[&i2.cert, &i_pl0.cert],
        &[&root.cert],
    );
    case(
        "trusted-intermediate-pathlen-0-with-intermediate",
        &leaf_ipl0,
        &[&i2.cert],
        &[&i_pl0.cert],
    );

    let expired = self_signed(
        lab,
        "Expired Root",
        Some(CA_EXT),
        Some(("20200101000000Z", "20240101000000Z")),
    );
    let mut valid_leaf = server();
    valid_leaf.start = "20200601000000Z".into();
    let leaf_exp = lab.issue(&expired, "leaf-expired-root", &valid_leaf);
    case("expired-root", &leaf_exp, &[], &[&expired.cert]);
    let mut exp_inter_spec = ca_spec("Expired Issuing");
    exp_inter_spec.start = "20200101000000Z".into();
    exp_inter_spec.end = "20240101000000Z".into();
    let exp_inter = lab.intermediate(&root, "Expired Issuing", &exp_inter_spec);
    let leaf_ei = lab.issue(&exp_inter, "leaf-expired-i", &valid_leaf);
    case(
        "expired-intermediate",
        &leaf_ei,
        &[&exp_inter.cert],
        &[&root.cert],
    );
    let mut old = server();
    old.start = "20200101000000Z".into();
    old.end = "20240101000000Z".into();
    let leaf_old = lab.issue(&root, "leaf-expired", &old);
    case("expired-leaf", &leaf_old, &[], &[&root.cert]);

    let not_ca = self_signed(
        lab,
        "NotCA Root",
        Some("basicConstraints=critical,CA:FALSE\nsubjectKeyIdentifier=hash"),
        None,
    );
    let leaf_nc = lab.issue(&not_ca, "leaf-notca", &server());
    case("trusted-ca-not-ca", &leaf_nc, &[], &[&not_ca.cert]);
    let no_bc = self_signed(
        lab,
        "NoBC Root",
        Some("keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash"),
        None,
    );
    let leaf_nbc = lab.issue(&no_bc, "leaf-nobc", &server());
    case(
        "v3-root-without-basic-constraints",
        &leaf_nbc,
        &[],
        &[&no_bc.cert],
    );
    let crit = self_signed(
        lab,
        "Critical Root",
        Some(&format!("{CA_EXT}\n1.3.6.1.4.1.99999.1=critical,ASN1:NULL")),
        None,
    );
    let leaf_crit = lab.issue(&crit, "leaf-crit", &server());
    case(
        "root-unknown-critical-extension",
        &leaf_crit,
        &[],
        &[&crit.cert],
    );

    let mut sha1 = server();
    sha1.md = "sha1".into();
    let leaf_sha1 = lab.issue(&root, "leaf-sha1", &sha1);
    case("sha1-leaf", &leaf_sha1, &[], &[&root.cert]);
    let mut sha1_inter_spec = ca_spec("SHA1 Issuing");
    sha1_inter_spec.md = "sha1".into();
    let sha1_inter = lab.intermediate(&root, "SHA1 Issuing", &sha1_inter_spec);
    let leaf_s1i = lab.issue(&sha1_inter, "leaf-sha1-i", &server());
    case(
        "sha1-intermediate",
        &leaf_s1i,
        &[&sha1_inter.cert],
        &[&root.cert],
    );
    let mut rsa1024 = server();
    rsa1024.key = "rsa:1024".into();
    let leaf_1024 = lab.issue(&root, "leaf-rsa1024", &rsa1024);
    case("rsa-1024-leaf", &leaf_1024, &[], &[&root.cert]);
    out
}

#[test]
fn java_path_validation_agrees_with_the_real_jdk() {
    if !jdk17_and_openssl() {
        return;
    }
    let lab = Lab::new();
    let cases = cases(&lab);
    let lines: String = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "{i}\t{}\t{}\t{}\t{}\t-\n",
                c.leaf.cert.display(),
                c.leaf.key.display(),
                c.chain
                    .as_ref()
                    .map_or("-".to_string(), |p| p.display().to_string()),
                c.trusted.display()
            )
        })
        .collect();
    let got = run_jsse_trust(&lines);
    assert_eq!(got.len(), cases.len(), "JsseTrust answered {got:?}");
    let mut agree = 0;
    let mut parts = 0;
    let mut disagreements = Vec::new();
    let word = |ok: bool| if ok { "accepts" } else { "refuses" };
    for (i, real) in &got {
        let c = &cases[*i];
        let java = tlskit_refuses(c, true);
        let native = tlskit_refuses(c, false);
        let openssl = openssl_verify_ok(c);
        let jdk_ok = real == "OK";
        if java.is_none() != native.is_none() {
            parts += 1;
        }
        println!(
            "{:<50} JDK {} | tlskit Java {} | tlskit native {} | openssl verify {}",
            c.name,
            word(jdk_ok),
            word(java.is_none()),
            word(native.is_none()),
            word(openssl)
        );
        if jdk_ok == java.is_none() {
            agree += 1;
        } else {
            disagreements.push(format!(
                "{}: the JDK says {real}; tlskit's Java verdict {}",
                c.name,
                java.map_or("accepts".to_string(), |w| format!("refuses: {w}"))
            ));
        }
    }
    println!(
        "JSSE PKIX differential: {agree}/{} cases agree (tlskit's Java and native verdicts part on {parts})",
        cases.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// A StatServer on srv presenting `server` (with `chain` after it in its file), and two
/// clients on cli that check names and trust `trusted`: Router (the Security Pack) and UCS
/// (Java). The findings of `rule`, as (client, message).
fn lint_both(
    lab: &Lab,
    server: &Leaf,
    chain: &[&Path],
    trusted: &Path,
    rule: &str,
) -> Vec<(String, String)> {
    let mut parts = vec![server.cert.as_path()];
    parts.extend(chain);
    let cert = lab.cat(&format!("served-{rule}-{}.pem", chain.len()), &parts);
    let client = lab.issue(
        &lab.root("Client Root"),
        "client",
        &Spec::server("cli.example.com"),
    );
    let sec = |cert: &Path, key: &Path| {
        json!({"security": {
            "certificate": cert.display().to_string(),
            "certificate-key": key.display().to_string(),
            "trusted-ca": trusted.display().to_string()}})
    };
    let client_app = |name: &str, kind: &str| {
        json!({"name": name, "type": kind, "serverInfo": {"host": "cli.example.com"},
               "options": {"security": {"tls-target-name-check": "host"}},
               "appServers": [{"appServer": "StatServer", "id": "default"}]})
    };
    let d = json!({
        "hosts": [
            {"name": "srv.example.com", "osInfo": {"type": "Linux"}, "userProperties": sec(&cert, &server.key)},
            {"name": "cli.example.com", "osInfo": {"type": "Linux"}, "userProperties": sec(&client.cert, &client.key)}
        ],
        "applications": [
            {"name": "StatServer", "type": "CFGStatServer", "serverInfo": {"host": "srv.example.com"},
             "portInfos": [{"id": "default", "port": "3000", "transportParams": "tls=1"}]},
            client_app("Router", "CFGRouterServer"),
            client_app("UCS", "CFGContactServer")
        ]
    });
    let s = Scenario::new(&d);
    s.lint(&[])
        .findings(rule)
        .iter()
        .map(|f| {
            let m = f["message"].as_str().unwrap().to_string();
            let who = if m.contains("UCS") { "UCS" } else { "Router" };
            (who.to_string(), m)
        })
        .collect()
}

fn clients(found: &[(String, String)]) -> Vec<&str> {
    let mut c: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    c.sort();
    c
}

/// The lint verdicts follow each client's runtime: a Java client checks names as JSSE does
/// (a wildcard, the CN beside an IP-only SAN) and validates as PKIX does (a root's pathLen);
/// its findings say so. Runs without java (the JDK's behaviour is measured above).
#[test]
fn a_java_client_is_judged_as_jsse_judges_and_said_so() {
    if !have("openssl", "version") {
        skip("no `openssl` on PATH (the certificates are made by openssl)");
        return;
    }
    let lab = Lab::new();
    let root = lab.root("Lint Root");
    let issue = |file: &str, cn: &str, san: &str| {
        let mut spec = Spec::server(cn);
        spec.san = Some(san.to_string());
        lab.issue(&root, file, &spec)
    };
    let star = issue("star", "x", "DNS:*.example.com");
    let found = lint_both(&lab, &star, &[], &root.cert, "handshake-name-mismatch");
    assert_eq!(clients(&found), ["Router"], "{found:?}");

    let ip_cn = issue("ip-cn", "srv.example.com", "IP:10.0.0.5");
    let found = lint_both(&lab, &ip_cn, &[], &root.cert, "handshake-name-mismatch");
    assert_eq!(clients(&found), ["Router"], "{found:?}");

    let other = issue("other", "srv.example.com", "DNS:other.example.com");
    let found = lint_both(&lab, &other, &[], &root.cert, "handshake-name-mismatch");
    assert_eq!(clients(&found), ["Router", "UCS"], "{found:?}");
    let ucs = &found.iter().find(|(c, _)| c == "UCS").unwrap().1;
    assert!(
        ucs.contains("the Java client checks names as JSSE's HTTPS endpoint identification does")
            && ucs.contains("JSSE then ignores the CN"),
        "{ucs}"
    );

    // A root that allows no intermediate below it: OpenSSL refuses the chain, JSSE does
    // not read a trust anchor's pathLen.
    let mut pl0_spec = Spec::ca("Lint PathLen0");
    pl0_spec.path_len = Some(0);
    let pl0 = lab.intermediate(&root, "Lint PathLen0", &pl0_spec);
    let inter = lab.intermediate(&pl0, "Lint Issuing", &Spec::ca("Lint Issuing"));
    let leaf = lab.issue(&inter, "under-pl0", &Spec::server("srv.example.com"));
    let found = lint_both(
        &lab,
        &leaf,
        &[&inter.cert],
        &pl0.cert,
        "handshake-server-untrusted",
    );
    assert_eq!(clients(&found), ["Router"], "{found:?}");

    let stranger = lab.root("Stranger Root");
    let found = lint_both(
        &lab,
        &leaf,
        &[&inter.cert],
        &stranger.cert,
        "handshake-server-untrusted",
    );
    assert_eq!(clients(&found), ["Router", "UCS"], "{found:?}");
    let ucs = &found.iter().find(|(c, _)| c == "UCS").unwrap().1;
    assert!(
        ucs.contains("the Java client (JSSE PKIX path validation) does not trust"),
        "{ucs}"
    );
}
