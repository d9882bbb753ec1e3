//! `shieldsim` — the command line (the work is in the library, `src/lib.rs`). Maps every
//! failure to an exit code: 0 success, 2 bad input (one line on stderr that names the
//! problem), 1 internal error. No input ever produces a panic trace.

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug in shieldsim, never the user's fault: one line, exit code 1, no trace.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // A closed stderr must not panic inside the panic hook (that aborts).
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error{at}: {msg} (please report this)"
        );
        std::process::exit(1);
    }));
    match shieldsim::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
