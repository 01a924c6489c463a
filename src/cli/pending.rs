//! Commands of the contract whose implementation has not landed in this build. They say
//! so in one line and exit 2, so scripts never mistake them for a result.

use crate::error::{InputError, Result};

pub fn run(command: &str) -> Result<i32> {
    Err(InputError(format!(
        "`tlskit {command}` is not available in this build yet; `tlskit lint`, `resolve` and `rules` are"
    )))
}
