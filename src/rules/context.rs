//! What a rule reads: the model, the resolution and the facts of one run, read-only.

use std::path::PathBuf;

use crate::facts::Facts;
use crate::input::source::{FileId, Sources, Span};
use crate::model::{App, Deployment, Host, Os};
use crate::resolve::{Platform, Resolution, platform};
use crate::settings::Settings;

/// What rules read: the model, the resolution and the facts of one run.
pub struct Cx<'a, 'd> {
    pub d: &'d Deployment,
    pub res: &'a Resolution<'d>,
    pub sources: &'d Sources,
    pub settings: &'d Settings,
    /// `--platform`: the OS of objects whose host is unknown.
    pub platform: Option<Os>,
    pub facts: &'a Facts<'d>,
    /// The time validity is judged at (unix seconds).
    pub at: i64,
    /// `--fips`: every port and connection is judged as FIPS mode.
    pub fips: bool,
}

impl<'a, 'd> Cx<'a, 'd> {
    pub fn new(
        d: &'d Deployment,
        res: &'a Resolution<'d>,
        sources: &'d Sources,
        settings: &'d Settings,
        platform: Option<Os>,
        facts: &'a Facts<'d>,
        at: i64,
    ) -> Self {
        Cx {
            d,
            res,
            sources,
            settings,
            platform,
            facts,
            at,
            fips: false,
        }
    }

    pub fn default_os(&self) -> Os {
        self.platform.unwrap_or(Os::Unix)
    }

    pub fn platform(&self, app: &App, host: Option<&Host>) -> Platform {
        platform(app, host, self.platform)
    }

    pub fn file_name(&self, id: FileId) -> &str {
        self.sources.display(id)
    }

    pub fn at(&self, span: Span) -> String {
        format!("{}:{}", self.file_name(span.file), span.line)
    }

    /// Where a configured path lies on this machine (see `facts::local_path`).
    pub fn local_path(&self, host: Option<&str>, value: &str, defined_in: FileId) -> PathBuf {
        crate::facts::local_path(self.settings, self.sources, host, value, defined_in)
    }
}
