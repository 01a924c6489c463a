use crate::rules::prelude::*;

declare_rule! {
    /// In a redundant pair the IDs and listening modes (secured or not) of the primary's
    /// and the backup's ports must match one for one.
    HaPortMismatch = "ha-port-mismatch" {
        severity: Error,
        phase: C,
        summary: "primary and backup servers whose ports differ in ID or listening mode",
        source: "Guide: Securing High Availability Connections (Warning)",
        bad: "primary: {id: secure, tls=1}\nbackup:  {id: secure}",
        good: "primary: {id: secure, tls=1}\nbackup:  {id: secure, tls=1}",
    }
}
