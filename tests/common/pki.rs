//! Certificates made by the openssl CLI for tests: CAs with `openssl ca` (so dates,
//! digests, extensions and CRLs are under the test's control), leaves with any property.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub struct Lab {
    pub dir: tempfile::TempDir,
}

#[derive(Clone)]
pub struct Ca {
    pub name: String,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub conf: PathBuf,
}

#[derive(Clone)]
pub struct Leaf {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What a certificate should look like; the defaults make a good server certificate.
#[derive(Clone)]
pub struct Spec {
    pub cn: String,
    pub san: Option<String>,
    pub eku: Option<String>,
    pub ku: Option<String>,
    pub ca: bool,
    pub path_len: Option<u32>,
    pub start: String,
    pub end: String,
    pub md: String,
    pub key: String,
    /// No extensions at all: a version 1 certificate.
    pub v1: bool,
}

impl Spec {
    pub fn server(host: &str) -> Spec {
        Spec {
            cn: host.to_string(),
            san: Some(format!("DNS:{host}")),
            eku: Some("serverAuth,clientAuth".into()),
            ku: Some("critical,digitalSignature,keyEncipherment".into()),
            ca: false,
            path_len: None,
            start: "20250101000000Z".into(),
            end: "20350101000000Z".into(),
            md: "sha256".into(),
            key: "ec".into(),
            v1: false,
        }
    }

    pub fn ca(name: &str) -> Spec {
        Spec {
            cn: name.to_string(),
            san: None,
            eku: None,
            ku: Some("critical,keyCertSign,cRLSign".into()),
            ca: true,
            ..Spec::server(name)
        }
    }
}

fn newkey(kind: &str) -> Vec<String> {
    match kind {
        "ec" => vec![
            "-newkey".into(),
            "ec".into(),
            "-pkeyopt".into(),
            "ec_paramgen_curve:P-256".into(),
        ],
        rsa => vec!["-newkey".into(), rsa.to_string()],
    }
}

impl Lab {
    pub fn new() -> Lab {
        Lab {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn extensions(&self, name: &str, s: &Spec) -> PathBuf {
        let mut ext = String::from("[ext]\n");
        if s.ca {
            ext.push_str(&format!(
                "basicConstraints=critical,CA:TRUE{}\n",
                s.path_len
                    .map(|p| format!(",pathlen:{p}"))
                    .unwrap_or_default()
            ));
        } else {
            ext.push_str("basicConstraints=CA:FALSE\n");
        }
        if let Some(ku) = &s.ku {
            ext.push_str(&format!("keyUsage={ku}\n"));
        }
        if let Some(eku) = &s.eku {
            ext.push_str(&format!("extendedKeyUsage={eku}\n"));
        }
        if let Some(san) = &s.san {
            ext.push_str(&format!("subjectAltName={san}\n"));
        }
        ext.push_str("subjectKeyIdentifier=hash\n");
        if !s.cn.is_empty() {
            ext.push_str("authorityKeyIdentifier=keyid,issuer\n");
        }
        let p = self.path(&format!("{name}.ext"));
        std::fs::write(&p, ext).unwrap();
        p
    }

    pub fn ca_dirs(&self, name: &str, cert: &Path, key: &Path) -> PathBuf {
        let db = self.path(&format!("{name}.db"));
        std::fs::create_dir_all(&db).unwrap();
        std::fs::write(db.join("index.txt"), "").unwrap();
        std::fs::write(
            db.join("serial"),
            format!("{:04X}\n", 0x1000 + name.len() * 0x100),
        )
        .unwrap();
        std::fs::write(db.join("crlnumber"), "01\n").unwrap();
        let conf = self.path(&format!("{name}.cnf"));
        std::fs::write(
            &conf,
            format!(
                "[ca]\ndefault_ca=x\n[x]\ndir={}\ndatabase=$dir/index.txt\nserial=$dir/serial\ncrlnumber=$dir/crlnumber\nnew_certs_dir=$dir\ncertificate={}\nprivate_key={}\ndefault_md=sha256\npolicy=p\nunique_subject=no\npreserve=yes\ndefault_crl_days=30\n[p]\ncommonName=supplied\n",
                db.display(),
                cert.display(),
                key.display()
            ),
        )
        .unwrap();
        conf
    }

    /// A self-signed root with an EC P-256 key, valid for 20 years from now.
    pub fn root(&self, name: &str) -> Ca {
        self.root_with(name, "ec")
    }

    /// A self-signed root with the key `kind` (`ec` or `rsa:BITS`).
    pub fn root_with(&self, name: &str, kind: &str) -> Ca {
        let cert = self.path(&format!("{name}.pem"));
        let key = self.path(&format!("{name}.key"));
        let mut args: Vec<String> = vec!["req".into(), "-x509".into(), "-nodes".into()];
        args.extend(newkey(kind));
        args.extend(
            [
                "-keyout",
                key.to_str().unwrap(),
                "-out",
                cert.to_str().unwrap(),
                "-subj",
                &format!("/CN={name}"),
                "-days",
                "7300",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]
            .map(String::from),
        );
        openssl(
            self.dir.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let conf = self.ca_dirs(name, &cert, &key);
        Ca {
            name: name.to_string(),
            cert,
            key,
            conf,
        }
    }

    /// A certificate issued by `ca` as `spec` says.
    pub fn issue(&self, ca: &Ca, file: &str, spec: &Spec) -> Leaf {
        let cert = self.path(&format!("{file}.pem"));
        let key = self.path(&format!("{file}.key"));
        let csr = self.path(&format!("{file}.csr"));
        let mut args: Vec<String> = vec!["req".into(), "-new".into(), "-nodes".into()];
        args.extend(newkey(&spec.key));
        args.extend(
            [
                "-keyout",
                key.to_str().unwrap(),
                "-out",
                csr.to_str().unwrap(),
                "-subj",
                &format!("/CN={}", spec.cn),
            ]
            .map(String::from),
        );
        openssl(
            self.dir.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let ext = self.extensions(file, spec);
        let mut ca_args = vec![
            "ca",
            "-batch",
            "-notext",
            "-config",
            ca.conf.to_str().unwrap(),
            "-in",
            csr.to_str().unwrap(),
            "-out",
            cert.to_str().unwrap(),
            "-startdate",
            &spec.start,
            "-enddate",
            &spec.end,
            "-md",
            &spec.md,
        ];
        if !spec.v1 {
            ca_args.extend(["-extfile", ext.to_str().unwrap(), "-extensions", "ext"]);
        }
        openssl(self.dir.path(), &ca_args);
        Leaf { cert, key }
    }

    /// An intermediate CA issued by `parent`.
    pub fn intermediate(&self, parent: &Ca, name: &str, spec: &Spec) -> Ca {
        let leaf = self.issue(parent, name, spec);
        let conf = self.ca_dirs(name, &leaf.cert, &leaf.key);
        Ca {
            name: name.to_string(),
            cert: leaf.cert,
            key: leaf.key,
            conf,
        }
    }

    pub fn revoke(&self, ca: &Ca, leaf: &Leaf) {
        openssl(
            self.dir.path(),
            &[
                "ca",
                "-config",
                ca.conf.to_str().unwrap(),
                "-revoke",
                leaf.cert.to_str().unwrap(),
            ],
        );
    }

    /// The CA's CRL, valid from `last` to `next` (openssl time format).
    pub fn crl(&self, ca: &Ca, file: &str, last: &str, next: &str) -> PathBuf {
        let out = self.path(file);
        openssl(
            self.dir.path(),
            &[
                "ca",
                "-gencrl",
                "-config",
                ca.conf.to_str().unwrap(),
                "-crl_lastupdate",
                last,
                "-crl_nextupdate",
                next,
                "-out",
                out.to_str().unwrap(),
            ],
        );
        out
    }

    pub fn cat(&self, file: &str, parts: &[&Path]) -> PathBuf {
        let mut all = Vec::new();
        for p in parts {
            all.extend(std::fs::read(p).unwrap());
        }
        let out = self.path(file);
        std::fs::write(&out, all).unwrap();
        out
    }
}
