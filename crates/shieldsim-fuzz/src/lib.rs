//! shieldsim-fuzz: a small, deterministic, mutation-based fuzzer for shieldsim's input layers,
//! on stable Rust (issue 17, "a fuzzer in the repository").
//!
//! Three targets, each fed text:
//! - `scenario`: [`shieldsim_scenario::scenario::parse_in`] (and `parse_with` when the input
//!   opens with `#set ID.KEY=VALUE` comment lines, each also run through `Setting::parse`),
//!   then `format_diagnostics` on every error;
//! - `architecture`: [`shieldsim_scenario::architecture_file::parse`], the text half of
//!   `architecture_file::load`, its errors formatted as `load` would carry them;
//! - `args`: any `fn(&[String]) -> Result<(), String>`, one argument per input line (see
//!   [`targets::ArgsParser`]; the binary crate wires its parser in when it has a library).
//!
//! Each must never panic, and every error must carry at least one diagnostic that formats to
//! `path:line:col: message`, its span inside the text it points into.
//!
//! # Why written by hand rather than a fuzzing crate
//!
//! - `cargo fuzz` (libFuzzer) needs nightly for its sanitizer and coverage flags; nightly is not
//!   available here.
//! - `bolero` runs on stable, but its coverage-guided engines (libFuzzer, AFL, honggfuzz) are
//!   driven by the separate `cargo bolero` tool, which builds C and C++ engines and needs
//!   system libraries (binutils-dev, libunwind-dev) on every machine, CI included. Under plain
//!   `cargo test` bolero falls back to a random generator of bytes or of `arbitrary` values: it
//!   neither mutates a seed corpus nor knows TOML, so nearly every input it makes dies at the
//!   TOML syntax check and never reaches the scenario checks where the defects live.
//! - `afl.rs` needs AFL++ built from source and runs as a separate process tree: not a bounded,
//!   deterministic CI step.
//! - `arbitrary` alone turns bytes into values; the loop, the corpus and the mutations that
//!   matter here (replace a TOML value by `nan`, splice lines of another file, nest ten
//!   thousand arrays) would still be ours.
//!
//! So: a few hundred lines, no dependency beyond the crate under test, the same executions for
//! the same seed on every machine, and, in place of coverage, the diagnostics themselves as the
//! feedback: an input whose errors have a shape not seen before (the message with its numbers
//! and quoted values blanked) joins the corpus and is mutated further.

pub mod engine;
pub mod mutate;
pub mod rng;
pub mod targets;

pub use engine::{Config, Defect, DefectKind, Report, fuzz, replay};
pub use targets::{ArgsParser, Outcome, Target};
