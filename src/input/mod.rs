//! Reading what users give us: option files, deployment exports, folders of both.

pub mod ini;
pub mod json;
pub mod load;
pub mod mutagen;
pub mod options;
pub mod read;
pub mod source;
pub mod transport;
