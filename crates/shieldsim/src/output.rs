//! Standard output: JSON documents (the command-line contract of DESIGN.md; the documents
//! themselves live in `shieldsim-studies`) and text (rendered by `shieldsim_report::text`).

use crate::failure::Failure;
use serde::Serialize;
use std::io::Write;

/// Print a document as pretty JSON with a trailing newline.
pub fn print_json<T: Serialize>(doc: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(doc).map_err(|e| Failure {
        code: 1,
        message: format!("JSON encoding failed: {e}"),
    })?;
    write_stdout(&format!("{text}\n"))
}

/// Print text to standard output.
pub fn write_text(text: &str) -> Result<(), Failure> {
    write_stdout(text)
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write to standard output: {e}"),
        }),
    }
}
