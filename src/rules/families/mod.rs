//! Rule families not yet split into one file per rule.

use super::{Cx, Out};

pub(crate) mod certs;
mod files;
mod ha;
pub(crate) mod handshake;
mod layering;
mod local;
pub(crate) mod options;
mod protocols;
mod roles;

pub(super) fn run(cx: &Cx, out: &mut Out) {
    options::check(cx, out);
    layering::check(cx, out);
    ha::check(cx, out);
    local::check(cx, out);
    files::check(cx, out);
    certs::check(cx, out);
    protocols::check(cx, out);
    handshake::check(cx, out);
}
