//! The values most rules walk where they are written, listed once in the sites' order,
//! and the files of each path value: gathered once rather than once a rule.

use crate::input::source::Span;

use super::sites::Site;
use crate::model::vocab::is_path_option;

/// One value as written: the site (by index in `Facts::sites`), key, value and where it
/// stands.
pub(crate) struct Written<'d> {
    pub site: u32,
    pub key: &'d str,
    pub value: &'d str,
    pub span: Span,
}

/// The keys whose values the rules walk where they are written, used or not: the path
/// options, and the protocol settings. (A hostile file that repeats another key a million
/// times costs nothing here.)
const WALKED: &[&str] = &["cipher-list", "ciphersuites", "sec-protocol"];

/// The values of WALKED and path keys at every site, in walk order, and by key.
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
                if !is_path_option(key) && !WALKED.contains(&key) {
                    continue;
                }
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
        debug_assert!(
            is_path_option(key) || WALKED.contains(&key),
            "{key} is not listed"
        );
        self.by_key
            .get(key)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.all[i as usize])
    }
}

/// A path value (by index in `WrittenValues::all`) and its files (by index in
/// `Facts::places`; none for a thumbprint).
pub(crate) struct PathFiles {
    pub at: u32,
    pub place: Option<u32>,
}
