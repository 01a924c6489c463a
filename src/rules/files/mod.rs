//! The files the configuration names: present, readable as what the option expects, private
//! keys readable by their owner only.

pub(super) mod file_not_found;
pub(super) mod file_unreadable;
pub(super) mod key_file_permissions;
