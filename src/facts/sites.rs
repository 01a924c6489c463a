//! Where options are written: every option map and transport-parameter list of the
//! deployment, with its level and owner, listed once for all rules.

use crate::input::options::OptionMap;
use crate::input::source::Span;
use crate::input::transport::TransportParam;
use crate::model::ObjectRef;
use crate::model::{App, Deployment, Host};
use crate::resolve::Level;

/// An option map or parameter list at one level of one object, for the checks that look
/// at what is written rather than what takes effect.
pub(crate) struct Site<'d> {
    pub level: Level,
    pub host: Option<&'d Host>,
    pub app: Option<&'d App>,
    pub written: SiteValues<'d>,
    /// Which port, connection or local file of its owner, to name it only for a finding.
    which: Which,
}

#[derive(Clone, Copy)]
enum Which {
    Owner,
    Port(usize),
    Conn(usize),
    Local(crate::model::LocalKind),
}

pub(crate) enum SiteValues<'d> {
    Options(&'d OptionMap),
    Params(&'d [TransportParam]),
}

impl<'d> Site<'d> {
    /// The TLS-relevant values written here: `[security]` options, or transport
    /// parameters, as (key, value, where the value stands).
    pub(crate) fn values(&self) -> impl Iterator<Item = (&'d str, &'d str, Span)> + use<'d> {
        let (options, params) = match self.written {
            SiteValues::Options(m) => (Some(m.entries(crate::resolve::SECURITY)), None),
            SiteValues::Params(ps) => (None, Some(ps.iter())),
        };
        let options = options
            .into_iter()
            .flatten()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.value_span));
        let params = params
            .into_iter()
            .flatten()
            .map(|p| (p.key.as_str(), p.value.as_str(), p.value_span));
        options.chain(params)
    }

    /// The object these values belong to, named (built only when a finding needs it).
    pub(crate) fn object(&self) -> ObjectRef {
        let host = self.host.map(|h| h.name.clone());
        let Some(app) = self.app else {
            return ObjectRef {
                host,
                application: match self.which {
                    Which::Local(kind) => Some(kind.file_name().to_string()),
                    _ => None,
                },
                ..ObjectRef::default()
            };
        };
        let mut obj = ObjectRef {
            host,
            application: Some(app.name.clone()),
            ..ObjectRef::default()
        };
        match self.which {
            Which::Port(i) => obj.port = Some(app.ports[i].id.clone()),
            Which::Conn(i) => {
                let c = &app.conns[i];
                obj.connection = Some(format!("{} -> {}:{}", app.name, c.server.name, c.port_id));
            }
            _ => {}
        }
        obj
    }
}

/// Every place where options are written, with its level and owner.
pub(crate) fn sites(d: &Deployment) -> Vec<Site<'_>> {
    let site = |level, host, app, written, which| Site {
        level,
        host,
        app,
        written,
        which,
    };
    let mut out = Vec::new();
    for h in &d.hosts {
        out.push(site(
            Level::Host,
            Some(h),
            None,
            SiteValues::Options(&h.annex),
            Which::Owner,
        ));
    }
    for app in &d.apps {
        let host = d.host_of(app);
        for (level, map) in [
            (Level::Application, &app.options),
            (Level::Annex, &app.annex),
        ] {
            out.push(site(
                level,
                host,
                Some(app),
                SiteValues::Options(map),
                Which::Owner,
            ));
        }
        for (i, p) in app.ports.iter().enumerate() {
            out.push(site(
                Level::Port,
                host,
                Some(app),
                SiteValues::Params(&p.params),
                Which::Port(i),
            ));
        }
        for (i, c) in app.conns.iter().enumerate() {
            out.push(site(
                Level::Connection,
                host,
                Some(app),
                SiteValues::Params(&c.params),
                Which::Conn(i),
            ));
        }
    }
    for l in &d.local_files {
        out.push(site(
            Level::LocalFile,
            l.host.map(|i| &d.hosts[i]),
            None,
            SiteValues::Options(&l.options),
            Which::Local(l.kind),
        ));
    }
    for s in &d.standalone {
        out.push(site(
            Level::File,
            None,
            None,
            SiteValues::Options(&s.options),
            Which::Owner,
        ));
    }
    out
}
