//! `shieldsim` — the command-line front end as a library: argument parsing and the commands,
//! so that the fuzzer (`shieldsim-fuzz --target args`) can drive the argument layer. The
//! studies themselves live in `shieldsim-studies`; this crate only parses arguments, calls
//! studies, hands results to the writers (`shieldsim-report`), prints text or JSON, and maps
//! every failure to an exit code: 0 success, 2 bad input (one line on stderr that names the
//! problem), 1 internal error.
//!
//! Modules depend one way: `cli` (arguments, commands) → `run` (report folders) and `output`
//! (standard output) → `failure`.

mod cli;
mod failure;
mod output;
mod run;

pub use cli::{capture, parse_args, run, scenario};
pub use failure::Failure;
pub use output::Captured;
pub use run::write_report;
