//! The lab CA: the Security Pack scripts' layout, made natively.

pub(crate) mod authority;
pub(crate) mod batch;
pub(crate) mod db;
pub(crate) mod fault;
pub(crate) mod issue;
pub(crate) mod name;
pub(crate) mod renew;
pub(crate) mod serial;
pub(crate) mod store;

/// A time as RFC 3339, to the second, in UTC.
pub(crate) fn rfc3339(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
