//! Reading files as the tools that write them do: INI option files, JSON, transport
//! parameters, with a span for every value. `load` makes a deployment of them.

pub mod ini;
pub mod json;
pub mod options;
pub mod read;
pub mod source;
pub mod transport;
