//! Which object of the deployment something is about, as far as it is known.

use serde::Serialize;

/// The object a finding is about, as far as it is known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub(crate) struct ObjectRef {
    pub host: Option<String>,
    pub application: Option<String>,
    pub port: Option<String>,
    pub connection: Option<String>,
    /// A Tenant (posture rules on its annex).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// A Person (user) of a tenant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

impl ObjectRef {
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.connection {
            parts.push(format!("connection {c}"));
        } else if let (Some(a), Some(p)) = (&self.application, &self.port) {
            parts.push(format!("port {a}:{p}"));
        } else if let Some(a) = &self.application {
            parts.push(format!("application {a}"));
        } else if let Some(p) = &self.person {
            parts.push(format!("user {p}"));
        }
        if let Some(t) = &self.tenant {
            parts.push(format!("tenant {t}"));
        }
        if let Some(h) = &self.host {
            parts.push(format!("host {h}"));
        }
        parts.join(" on ")
    }
}
