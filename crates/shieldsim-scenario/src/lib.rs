//! # shieldsim-scenario
//!
//! The bundled catalog — readable TOML files in the repository's `catalog/` folder, embedded in
//! the binary — turned into validated `shieldsim-core` values. (The scenario file format joins
//! it with issue 5.)
//!
//! - [`catalog`] — missiles (with every parameter's source and uncertainty range) and places.
//! - [`input`] — reading scenario and architecture files with a size limit (docs/SECURITY.md).
//! - [`table_cache`] — fly-out tables built once per process and, optionally, stored on disk.
//! - [`alliances`] — countries, CSTO and NATO membership by date, declared basing rules.

pub mod alliances;
pub mod analysis;
pub mod architecture_file;
pub mod catalog;
pub mod catalogs;
pub mod defence;
pub mod family_cache;
pub mod geo;
pub mod input;
pub mod scenario;
pub mod table_cache;
