//! Rule families not yet split into one file per rule.

use super::{Cx, Out};

pub(crate) mod certs;
mod files;
pub(crate) mod handshake;
mod local;
pub(crate) mod options;
mod roles;

pub(super) fn run(cx: &Cx, out: &mut Out) {
    local::check(cx, out);
    files::check(cx, out);
    certs::check(cx, out);
    handshake::check(cx, out);
}
