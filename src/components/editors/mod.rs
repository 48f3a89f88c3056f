//! Editors for everything the scenario holds. Each edit builds a new scenario and sends it up.

pub mod build;
pub mod field;
pub mod machine;
pub mod meta;
pub mod pager;
pub mod query;
pub mod register;
pub mod registers;
pub mod tables;

// The editors' own number formats are the app's (meta.rs reads them from here).
pub use crate::view::{hex64, parse_num};
