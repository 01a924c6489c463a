//! What every rule file needs.

pub(crate) use crate::model::ObjectRef;
pub(crate) use crate::rules::context::Cx;
pub(crate) use crate::rules::finding::{Finding, Place};
pub(crate) use crate::rules::id::RuleId;
pub(crate) use crate::rules::out::{About, Out};
pub(crate) use crate::rules::rule::declare_rule;
pub(crate) use crate::severity::Severity;
