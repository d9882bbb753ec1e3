//! Standard output: JSON documents (the command-line contract of DESIGN.md; the documents
//! themselves live in `shieldsim-studies`) and text (rendered by `shieldsim_report::text`).

use crate::failure::Failure;
use serde::Serialize;
use std::cell::RefCell;
use std::io::Write;

/// What a command line printed when run through [`crate::capture`]: the JSON document (compact,
/// the same values `--json` prints) and the warnings it would have written to stderr.
#[derive(Debug, Default)]
pub struct Captured {
    /// The JSON document, if the command printed one.
    pub json: Option<String>,
    /// Warnings, one line each, without the `warning: ` prefix.
    pub warnings: Vec<String>,
}

thread_local! {
    /// Set while [`capturing`]: output goes here instead of to stdout and stderr. Per thread,
    /// as the commands print from the thread that runs them.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Run `f` with its JSON document and warnings held, not printed; text output is dropped.
pub(crate) fn capturing<T>(
    f: impl FnOnce() -> Result<T, Failure>,
) -> Result<(T, Captured), Failure> {
    let previous = CAPTURE.with(|c| c.replace(Some(Captured::default())));
    let out = f();
    let captured = CAPTURE.with(|c| c.replace(previous)).unwrap_or_default();
    out.map(|v| (v, captured))
}

/// Hold a warning if [`capturing`]; false if it is to be printed.
pub(crate) fn captured_warning(line: &str) -> bool {
    CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(c) => {
            c.warnings.push(line.to_string());
            true
        }
        None => false,
    })
}

fn capturing_now() -> bool {
    CAPTURE.with(|c| c.borrow().is_some())
}

/// Print a document as pretty JSON with a trailing newline.
pub fn print_json<T: Serialize>(doc: &T) -> Result<(), Failure> {
    if capturing_now() {
        let text = serde_json::to_string(doc).map_err(|e| Failure {
            code: 1,
            message: format!("JSON encoding failed: {e}"),
        })?;
        CAPTURE.with(|c| {
            if let Some(c) = c.borrow_mut().as_mut() {
                c.json = Some(text);
            }
        });
        return Ok(());
    }
    let text = serde_json::to_string_pretty(doc).map_err(|e| Failure {
        code: 1,
        message: format!("JSON encoding failed: {e}"),
    })?;
    write_stdout(&format!("{text}\n"))
}

/// Print text to standard output.
pub fn write_text(text: &str) -> Result<(), Failure> {
    if capturing_now() {
        return Ok(());
    }
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
