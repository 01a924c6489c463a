//! What a rule reads: the model, the resolution and the facts of one run, read-only.

use crate::facts::Facts;
use crate::input::source::{FileId, Sources, Span};
use crate::model::{App, Deployment, Host, Os};
use crate::resolve::{Platform, Resolution, platform};
use crate::settings::Settings;

/// What rules read: the model, the resolution and the facts of one run.
pub(crate) struct Cx<'a, 'd> {
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
    pub(crate) fn new(
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

    pub(crate) fn platform(&self, app: &App, host: Option<&Host>) -> Platform {
        platform(app, host, self.platform)
    }

    pub(crate) fn file_name(&self, id: FileId) -> &str {
        self.sources.display(id)
    }

    pub(crate) fn at(&self, span: Span) -> String {
        format!("{}:{}", self.file_name(span.file), span.line)
    }
}
