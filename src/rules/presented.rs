//! What the certificate, chain and file rules walk: every path value the configuration
//! writes, with the files the facts loaded for it, and every certificate a Windows port
//! takes from the store. Each walk yields in one fixed order (sites as written, then ports
//! in resolution order), so a rule's findings come in the same order whichever file it is.

use std::sync::Arc;

use crate::facts::{Site, valid_thumbprint};
use crate::input::source::Span;
use crate::model::ObjectRef;
use crate::pki::cert::Certificate;
use crate::pki::crl::Crl;
use crate::pki::load::PkiFile;
use crate::resolve::{PortView, Resolved, SECURITY};
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::id::RuleId;

pub(super) const DAY: i64 = 86_400;

/// The date of a unix time, as findings print it.
pub(super) fn day(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| d.date().to_string())
        .unwrap_or_default()
}

/// A finding about a `[security]` option of an object.
pub(super) fn finding(
    rule: RuleId,
    span: Span,
    object: &ObjectRef,
    key: Option<&str>,
    msg: String,
) -> Finding {
    let mut f = Finding::new(rule, Place::Span(span), msg).object(object.clone());
    if let Some(k) = key {
        f = f.key(SECURITY, k);
    }
    f
}

/// One path value as written: `certificate`, `certificate-key`, `trusted-ca`, `crl` or
/// `tls-crl`, at any level, used by a port or not.
pub(super) struct PathValue<'x, 'd> {
    pub(super) site: &'x Site<'d>,
    pub(super) key: &'d str,
    pub(super) value: &'d str,
    pub(super) span: Span,
    pub(super) files: &'x [Arc<PkiFile>],
    certs: &'x [Arc<Certificate>],
    leaf: Option<&'x Arc<Certificate>>,
}

impl<'x> PathValue<'x, '_> {
    /// The certificates of its files, in the order written.
    pub(super) fn certs(&self) -> &'x [Arc<Certificate>] {
        self.certs
    }

    /// The end-entity certificate among `certs` (see `leaf_of`), when there are any.
    pub(super) fn leaf(&self) -> Option<&'x Arc<Certificate>> {
        self.leaf
    }

    pub(super) fn crls(&self) -> impl Iterator<Item = &'x Arc<Crl>> + use<'x> {
        self.files.iter().flat_map(|f| f.crls.iter())
    }

    pub(super) fn object(&self) -> ObjectRef {
        self.site.object()
    }
}

/// Every path value of every site, with the files that could be read.
pub(super) fn path_values<'x, 'd>(
    cx: &'x Cx<'_, 'd>,
) -> impl Iterator<Item = PathValue<'x, 'd>> + use<'x, 'd> {
    let facts = cx.facts;
    facts.paths.iter().map(move |p| {
        let w = &facts.written.all[p.at as usize];
        let place = facts.path_files(p);
        PathValue {
            site: &facts.sites[w.site as usize],
            key: w.key,
            value: w.value,
            span: w.span,
            files: place.map_or(&[], |f| &f.files),
            certs: place.map_or(&[], |f| &f.certs),
            leaf: place.and_then(|f| f.leaf.as_ref()),
        }
    })
}

/// Every certificate of every certificate file, with what it is there: "the certificate"
/// (the end-entity one) or "the chain certificate".
pub(super) fn each_file_certificate(
    cx: &Cx,
    mut f: impl FnMut(&PathValue, &Arc<Certificate>, &'static str),
) {
    for v in path_values(cx).filter(|v| v.key == "certificate") {
        let Some(leaf) = v.leaf() else { continue };
        for c in v.certs() {
            let what = if c.sha256 == leaf.sha256 {
                "the certificate"
            } else {
                "the chain certificate"
            };
            f(&v, c, what);
        }
    }
}

/// A secure Windows port whose certificate is a valid thumbprint, and the store's
/// certificate of that thumbprint if the `windows-store` folder holds it.
pub(super) struct StoreCert<'x, 'd> {
    pub(super) port: &'x PortView<'d>,
    pub(super) option: &'x Resolved<'d>,
    pub(super) cert: Option<&'x Arc<Certificate>>,
}

/// Every Windows thumbprint resolved against tlskit.toml's `windows-store` folder; nothing
/// when no folder is configured.
pub(super) fn store_certs<'x, 'd>(cx: &'x Cx<'_, 'd>) -> Vec<StoreCert<'x, 'd>> {
    let Some(store) = &cx.facts.windows_store else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for p in &cx.res.ports {
        if !p.port().secure() || !cx.platform(p.app, p.host).uses_windows_store() {
            continue;
        }
        let Some(r) = p.eff.get("certificate") else {
            continue;
        };
        if !valid_thumbprint(r.taken.value) {
            continue;
        }
        let print: String = r
            .taken
            .value
            .chars()
            .filter(|c| *c != ' ')
            .collect::<String>()
            .to_lowercase();
        found.push(StoreCert {
            port: p,
            option: r,
            cert: store.get(&print),
        });
    }
    found
}

/// A certificate the deployment presents, as the leaf checks see it: from a certificate
/// file (the end-entity one of the file) or from the Windows store.
pub(super) struct Leaf<'x> {
    pub(super) cert: Arc<Certificate>,
    pub(super) span: Span,
    pub(super) object: &'x dyn Fn() -> ObjectRef,
}

/// Every end-entity certificate: those of certificate files as written, then those of the
/// Windows store.
pub(super) fn each_leaf(cx: &Cx, mut f: impl FnMut(Leaf)) {
    for v in path_values(cx).filter(|v| v.key == "certificate") {
        let Some(leaf) = v.leaf() else { continue };
        f(Leaf {
            cert: leaf.clone(),
            span: v.span,
            object: &|| v.object(),
        });
    }
    for s in store_certs(cx) {
        if let Some(cert) = s.cert {
            f(Leaf {
                cert: cert.clone(),
                span: s.option.taken.span,
                object: &|| s.port.object(),
            });
        }
    }
}

/// A certificate whose validity dates matter: every certificate of a certificate file, the
/// CAs of trusted-ca lists, and the store's certificates.
pub(super) struct Dated<'x> {
    pub(super) cert: &'x Certificate,
    /// "the certificate", "the chain certificate" or "the trusted CA".
    pub(super) what: &'static str,
    pub(super) span: Span,
    pub(super) key: &'static str,
    pub(super) object: &'x dyn Fn() -> ObjectRef,
}

impl Dated<'_> {
    /// The note on a further place that names the same certificate.
    pub(super) fn also(&self) -> String {
        format!(
            "{} is named here too, for {}",
            self.what,
            (self.object)().describe()
        )
    }
}

/// Every certificate in use whose dates are judged, in the walk's order.
pub(super) fn each_dated(cx: &Cx, mut f: impl FnMut(Dated)) {
    for v in path_values(cx) {
        let object = || v.object();
        match v.key {
            "certificate" => {
                let Some(leaf) = v.leaf() else { continue };
                for c in v.certs() {
                    f(Dated {
                        cert: c,
                        what: if c.sha256 == leaf.sha256 {
                            "the certificate"
                        } else {
                            "the chain certificate"
                        },
                        span: v.span,
                        key: "certificate",
                        object: &object,
                    });
                }
            }
            "trusted-ca" => {
                for c in v.certs() {
                    if c.is_ca() || c.basic.is_none() {
                        f(Dated {
                            cert: c,
                            what: "the trusted CA",
                            span: v.span,
                            key: "trusted-ca",
                            object: &object,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    for s in store_certs(cx) {
        if let Some(cert) = s.cert {
            f(Dated {
                cert,
                what: "the certificate",
                span: s.option.taken.span,
                key: "certificate",
                object: &|| s.port.object(),
            });
        }
    }
}
