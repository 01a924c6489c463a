//! The lab CA: the Security Pack scripts' layout, made natively.

pub mod db;
pub mod issue;
pub mod store;
