use crate::rules::prelude::*;

declare_rule! {
    /// Host-name checking is done by the client. On a listening port, or on an application
    /// that has no secure client connection, the option has no effect.
    TargetNameCheckOnServer = "target-name-check-on-server" {
        severity: Warning,
        phase: C,
        summary: "tls-target-name-check or tls-target-name where only server ports use it",
        source: "Guide: Check Certificate Host Matching",
        bad: "port transport parameters: tls=1;tls-target-name-check=host",
        good: "client connection: tls-target-name-check=host",
    }
}
