//! Every TLS value written anywhere, listed once in the sites' order, and the files of
//! each path value: what most rules walk, gathered once rather than once a rule.

use std::sync::Arc;

use crate::input::source::Span;
use crate::pki::cert::Certificate;
use crate::pki::load::PkiFile;

use super::sites::Site;

/// One value as written: the site (by index in `Facts::sites`), key, value and where it
/// stands.
pub(crate) struct Written<'d> {
    pub site: u32,
    pub key: &'d str,
    pub value: &'d str,
    pub span: Span,
}

/// The values of every site in walk order, and by key.
#[derive(Default)]
pub(crate) struct WrittenValues<'d> {
    pub all: Vec<Written<'d>>,
    by_key: rustc_hash::FxHashMap<&'d str, Vec<u32>>,
}

impl<'d> WrittenValues<'d> {
    pub(crate) fn of(sites: &[Site<'d>]) -> Self {
        let mut all = Vec::new();
        let mut by_key: rustc_hash::FxHashMap<&'d str, Vec<u32>> = Default::default();
        for (i, site) in sites.iter().enumerate() {
            for (key, value, span) in site.values() {
                by_key.entry(key).or_default().push(all.len() as u32);
                all.push(Written {
                    site: i as u32,
                    key,
                    value,
                    span,
                });
            }
        }
        WrittenValues { all, by_key }
    }

    /// The values written under `key` (exactly as spelt), in walk order.
    pub(crate) fn with_key<'x>(&'x self, key: &str) -> impl Iterator<Item = &'x Written<'d>> {
        self.by_key
            .get(key)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.all[i as usize])
    }
}

/// The keys whose values name files: `certificate`, `certificate-key`, `trusted-ca`, `crl`
/// and `tls-crl`.
pub(crate) fn is_path_key(key: &str) -> bool {
    matches!(
        key,
        "certificate" | "certificate-key" | "trusted-ca" | "crl" | "tls-crl"
    )
}

/// A path value (by index in `WrittenValues::all`) with the files of it that could be
/// read and their certificates, in the order written.
pub(crate) struct PathFiles {
    pub at: u32,
    pub files: Vec<Arc<PkiFile>>,
    pub certs: Vec<Arc<Certificate>>,
    /// The end-entity certificate among `certs`, when there are any.
    pub leaf: Option<Arc<Certificate>>,
}
