//! `tlskit cert verify` against `openssl verify -x509_strict` on the same chains. Verdicts
//! must agree, except for the deliberate differences listed in DELIBERATE, where tlskit
//! follows what the guide recommends rather than OpenSSL's defaults.

use std::path::PathBuf;
use std::process::Command;

use crate::common::pki::{Ca, Lab, Spec};
use crate::common::*;

const AT: i64 = 1_906_000_000; // 2030-05-26
const AT_RFC: &str = "2030-05-26T06:13:20Z";

/// Where tlskit refuses what OpenSSL 3.0 at its default security level accepts.
const DELIBERATE: &[(&str, &str)] = &[
    (
        "sha1-signed",
        "SHA-1 signatures: the guide's Certificate Signature Hash Function section; OpenSSL 3.0 accepts them at security level 1",
    ),
    (
        "rsa-1024",
        "RSA under 2048 bits: the guide's Recommended Certificate Properties; OpenSSL 3.0 accepts 1024 at level 1",
    ),
    (
        "wildcard-host",
        "wildcards: the Security Pack refuses them (Check Certificate Host Matching); openssl verify accepts *.example.com",
    ),
];

struct Case {
    name: String,
    cert: PathBuf,
    ca: PathBuf,
    untrusted: Option<PathBuf>,
    crl: Option<PathBuf>,
    host: Option<String>,
    purpose: Option<&'static str>,
}

fn openssl_ok(c: &Case) -> bool {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "verify",
        "-x509_strict",
        "-attime",
        &AT.to_string(),
        "-CAfile",
    ])
    .arg(&c.ca);
    if let Some(u) = &c.untrusted {
        cmd.arg("-untrusted").arg(u);
    }
    if let Some(crl) = &c.crl {
        cmd.arg("-CRLfile").arg(crl).arg("-crl_check");
    }
    if let Some(h) = &c.host {
        let flag = if h.parse::<std::net::IpAddr>().is_ok() {
            "-verify_ip"
        } else {
            "-verify_hostname"
        };
        cmd.args([flag, h]);
    }
    if let Some(p) = c.purpose {
        cmd.args([
            "-purpose",
            if p == "server" {
                "sslserver"
            } else {
                "sslclient"
            },
        ]);
    }
    cmd.arg(&c.cert);
    cmd.output().expect("openssl runs").status.success()
}

fn tlskit_ok(c: &Case) -> (bool, String) {
    let mut args: Vec<String> = vec![
        "cert".into(),
        "verify".into(),
        c.cert.display().to_string(),
        "--at".into(),
        AT_RFC.into(),
    ];
    args.extend(["--trusted-ca".into(), c.ca.display().to_string()]);
    if let Some(u) = &c.untrusted {
        args.extend(["--untrusted".into(), u.display().to_string()]);
    }
    if let Some(crl) = &c.crl {
        args.extend(["--crl".into(), crl.display().to_string()]);
    }
    if let Some(h) = &c.host {
        args.extend(["--host".into(), h.clone()]);
    }
    if let Some(p) = c.purpose {
        args.extend(["--purpose".into(), p.into()]);
    }
    let run = tlskit(&args);
    assert!(run.code < 2, "{}: {}", c.name, run.stderr);
    (run.code == 0, run.stdout)
}

fn build(lab: &Lab, key: &str) -> Vec<Case> {
    let tag = key.replace(':', "");
    let root = lab.root_with(&format!("Root {tag}"), key);
    let other = lab.root_with(&format!("Other {tag}"), key);
    let mut inter_spec = Spec::ca(&format!("Issuing {tag}"));
    inter_spec.key = key.into();
    let inter = lab.intermediate(&root, &format!("Issuing {tag}"), &inter_spec);
    let mut cases = Vec::new();
    let mut add = |name: &str, ca: &Ca, spec: Spec, f: &dyn Fn(&mut Case)| {
        let file = format!("{name}-{tag}");
        let leaf = lab.issue(ca, &file, &spec);
        let mut c = Case {
            name: name.to_string(),
            cert: leaf.cert,
            ca: root.cert.clone(),
            untrusted: None,
            crl: None,
            host: None,
            purpose: Some("server"),
        };
        f(&mut c);
        cases.push(c);
    };
    let server = |host: &str| {
        let mut s = Spec::server(host);
        s.key = key.into();
        s
    };
    add("good", &root, server("good.example.com"), &|_| {});
    add(
        "via-intermediate",
        &inter,
        server("good.example.com"),
        &|c| c.untrusted = Some(inter.cert.clone()),
    );
    add(
        "missing-intermediate",
        &inter,
        server("good.example.com"),
        &|_| {},
    );
    add("wrong-root", &root, server("good.example.com"), &|c| {
        c.ca = other.cert.clone()
    });
    add(
        "expired",
        &root,
        Spec {
            end: "20300101000000Z".into(),
            ..server("x.example.com")
        },
        &|_| {},
    );
    add(
        "not-yet-valid",
        &root,
        Spec {
            start: "20310101000000Z".into(),
            ..server("x.example.com")
        },
        &|_| {},
    );
    add(
        "server-only-as-client",
        &root,
        Spec {
            eku: Some("serverAuth".into()),
            ..server("x.example.com")
        },
        &|c| c.purpose = Some("client"),
    );
    add(
        "client-only-as-server",
        &root,
        Spec {
            eku: Some("clientAuth".into()),
            ..server("x.example.com")
        },
        &|_| {},
    );
    add(
        "both-usages-as-client",
        &root,
        server("x.example.com"),
        &|c| c.purpose = Some("client"),
    );
    add("host-match", &root, server("cs.example.com"), &|c| {
        c.host = Some("cs.example.com".into())
    });
    add("host-mismatch", &root, server("cs.example.com"), &|c| {
        c.host = Some("ms.example.com".into())
    });
    add(
        "cn-only-host",
        &root,
        Spec {
            san: None,
            ..server("cs.example.com")
        },
        &|c| c.host = Some("cs.example.com".into()),
    );
    add(
        "ip-san",
        &root,
        Spec {
            san: Some("IP:10.1.2.3".into()),
            ..server("10.1.2.3")
        },
        &|c| c.host = Some("10.1.2.3".into()),
    );
    add(
        "ip-mismatch",
        &root,
        Spec {
            san: Some("IP:10.1.2.3".into()),
            ..server("10.1.2.3")
        },
        &|c| c.host = Some("10.1.2.4".into()),
    );
    add(
        "wildcard-host",
        &root,
        Spec {
            san: Some("DNS:*.example.com".into()),
            ..server("wild")
        },
        &|c| c.host = Some("cs.example.com".into()),
    );
    add(
        "ku-nonrepudiation-only",
        &root,
        Spec {
            ku: Some("critical,nonRepudiation".into()),
            ..server("x.example.com")
        },
        &|_| {},
    );
    add(
        "no-purpose",
        &root,
        Spec {
            eku: Some("clientAuth".into()),
            ..server("x.example.com")
        },
        &|c| c.purpose = None,
    );
    // Intermediates that may not issue.
    let mut no_certsign = Spec::ca(&format!("NoSign {tag}"));
    no_certsign.ku = Some("critical,cRLSign".into());
    no_certsign.key = key.into();
    let bad_inter = lab.intermediate(&root, &format!("NoSign {tag}"), &no_certsign);
    add(
        "intermediate-without-keycertsign",
        &bad_inter,
        server("x.example.com"),
        &|c| c.untrusted = Some(bad_inter.cert.clone()),
    );
    let mut v1 = Spec::ca(&format!("V1 {tag}"));
    v1.v1 = true;
    v1.key = key.into();
    let v1_inter = lab.intermediate(&root, &format!("V1 {tag}"), &v1);
    add(
        "v1-intermediate",
        &v1_inter,
        server("x.example.com"),
        &|c| c.untrusted = Some(v1_inter.cert.clone()),
    );
    let mut zero = Spec::ca(&format!("Zero {tag}"));
    zero.path_len = Some(0);
    zero.key = key.into();
    let zero_inter = lab.intermediate(&root, &format!("Zero {tag}"), &zero);
    let mut below = Spec::ca(&format!("Below {tag}"));
    below.key = key.into();
    let below_inter = lab.intermediate(&zero_inter, &format!("Below {tag}"), &below);
    let both = lab.cat(
        &format!("zero-below-{tag}.pem"),
        &[&zero_inter.cert, &below_inter.cert],
    );
    add(
        "pathlen-exceeded",
        &below_inter,
        server("x.example.com"),
        &|c| c.untrusted = Some(both.clone()),
    );
    add(
        "pathlen-respected",
        &zero_inter,
        server("x.example.com"),
        &|c| c.untrusted = Some(zero_inter.cert.clone()),
    );
    // Revocation.
    let revoked = lab.issue(&root, &format!("revoked-{tag}"), &server("r.example.com"));
    lab.revoke(&root, &revoked);
    let crl = lab.crl(
        &root,
        &format!("crl-{tag}.pem"),
        "20300101000000Z",
        "20301231000000Z",
    );
    let stale = lab.crl(
        &root,
        &format!("stale-{tag}.pem"),
        "20290101000000Z",
        "20290201000000Z",
    );
    let forged_lab = Lab::new();
    let forger = forged_lab.root_with(&format!("Root {tag}"), key);
    let forged = forged_lab.crl(&forger, "forged.pem", "20300101000000Z", "20301231000000Z");
    let forged_copy = lab.path(&format!("forged-{tag}.pem"));
    std::fs::copy(&forged, &forged_copy).unwrap();
    let revoked_case = Case {
        name: "revoked".into(),
        cert: revoked.cert.clone(),
        ca: root.cert.clone(),
        untrusted: None,
        crl: Some(crl.clone()),
        host: None,
        purpose: Some("server"),
    };
    add("not-revoked", &root, server("ok.example.com"), &|c| {
        c.crl = Some(crl.clone())
    });
    add("stale-crl", &root, server("ok.example.com"), &|c| {
        c.crl = Some(stale.clone())
    });
    add("forged-crl", &root, server("ok.example.com"), &|c| {
        c.crl = Some(forged_copy.clone())
    });
    if key.starts_with("rsa") {
        add(
            "sha1-signed",
            &root,
            Spec {
                md: "sha1".into(),
                ..server("x.example.com")
            },
            &|_| {},
        );
        add(
            "rsa-1024",
            &root,
            Spec {
                key: "rsa:1024".into(),
                ..server("x.example.com")
            },
            &|_| {},
        );
    }
    cases.push(revoked_case);
    cases
}

#[test]
fn verdicts_agree_with_openssl_verify_x509_strict() {
    let lab = Lab::new();
    let mut cases = build(&lab, "ec");
    cases.extend(build(&lab, "rsa:2048"));
    assert!(cases.len() >= 50, "only {} chains", cases.len());
    let mut disagreements = Vec::new();
    let mut deliberate = 0;
    for c in &cases {
        let ossl = openssl_ok(c);
        let (ours, out) = tlskit_ok(c);
        if ossl == ours {
            continue;
        }
        if DELIBERATE.iter().any(|(n, _)| *n == c.name) && ossl && !ours {
            deliberate += 1;
            continue;
        }
        disagreements.push(format!(
            "{} ({}): openssl {ossl}, tlskit {ours}\n{out}",
            c.name,
            c.cert.display()
        ));
    }
    eprintln!(
        "differential: {} chains, {} agree, {deliberate} deliberate differences",
        cases.len(),
        cases.len() - deliberate - disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
