use crate::rules::prelude::*;

declare_rule! {
    /// Only one value of an option takes effect (the last one written); the other is dead
    /// text that misleads the next reader.
    DuplicateOption = "duplicate-option" {
        severity: Warning,
        phase: C,
        summary: "the same option twice in one section",
        source: "INI semantics",
        bad: "[security]\ntls-mutual=0\ntls-mutual=1",
        good: "[security]\ntls-mutual=1",
    }
}
