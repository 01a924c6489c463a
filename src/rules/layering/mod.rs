//! How values flow through the levels: the credential group split over levels, values no
//! consumer takes, options set apart from the certificate they go with.

pub(super) mod crl_level_mismatch;
pub(super) mod crl_option_name;
pub(super) mod mutual_level_mismatch;
pub(super) mod shadowed_setting;
pub(super) mod split_level_settings;

use crate::input::source::Span;
use crate::model::App;
use crate::model::ObjectRef;
use crate::resolve::{ConnView, Effective, PortView};
use crate::rules::context::Cx;

/// A port or connection on which TLS is on, seen through its effective settings: every
/// rule of the family asks where such a consumer takes its values from, and ports and
/// connections answer alike.
#[derive(Clone, Copy)]
pub(super) struct Consumer<'e, 'd> {
    pub(super) eff: &'e Effective<'d>,
    pub(super) app: &'d App,
    view: View<'e, 'd>,
}

#[derive(Clone, Copy)]
enum View<'e, 'd> {
    Port(&'e PortView<'d>),
    Conn(&'e ConnView<'d>),
}

impl Consumer<'_, '_> {
    /// Named only for a finding: most consumers never need it.
    pub(super) fn object(&self) -> ObjectRef {
        match self.view {
            View::Port(p) => p.object(),
            View::Conn(c) => c.object(),
        }
    }

    pub(super) fn is_port(&self) -> bool {
        matches!(self.view, View::Port(_))
    }

    /// The index of the host it runs on (the client's host for a connection).
    pub(super) fn host_index(&self, cx: &Cx) -> Option<usize> {
        let host = match self.view {
            View::Port(p) => p.host,
            View::Conn(c) => c.client_host,
        };
        host.and_then(|h| cx.d.host_index(&h.name))
    }
}

/// The secure ports, then the secure connections, in resolution order.
pub(super) fn consumers<'e, 'd>(
    cx: &Cx<'e, 'd>,
) -> impl Iterator<Item = Consumer<'e, 'd>> + use<'e, 'd> {
    let res = cx.res;
    let ports = res
        .ports
        .iter()
        .filter(|p| p.port().secure())
        .map(|p| Consumer {
            eff: &p.eff,
            app: p.app,
            view: View::Port(p),
        });
    let conns = res
        .conns
        .iter()
        .filter(move |c| c.secure(res))
        .map(|c| Consumer {
            eff: &c.eff,
            app: c.client,
            view: View::Conn(c),
        });
    ports.chain(conns)
}

/// Where the credential group (certificate, key, trusted CA) of a side is first written.
pub(super) fn first_group_span(eff: &Effective) -> Option<Span> {
    let level = eff.group_level?;
    eff.values
        .iter()
        .filter(|r| r.taken.level == level && crate::resolve::CREDENTIAL_GROUP.contains(&r.key))
        .map(|r| r.taken.span)
        .min_by_key(|s| (s.file, s.line, s.col))
}
