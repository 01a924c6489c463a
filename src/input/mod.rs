//! Reading files as the tools that write them do: INI option files, JSON, transport
//! parameters, with a span for every value. `load` makes a deployment of them.

pub(crate) mod ini;
pub(crate) mod json;
pub(crate) mod options;
pub(crate) mod read;
pub(crate) mod source;
pub(crate) mod transport;
