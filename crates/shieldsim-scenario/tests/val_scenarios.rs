//! Issue 5: scenario files. Every shipped example in `scenarios/` validates; every file of the
//! broken corpus (`tests/broken/*.toml`) gets exactly its expected diagnostics
//! (`tests/broken/*.expected`, one `file:line:col: message (hint)` per line). Regenerate the
//! expectations after a deliberate change with `SHIELDSIM_BLESS=1 cargo test -p
//! shieldsim-scenario --test val_scenarios` and review the diff.

use shieldsim_scenario::scenario::{format_diagnostics, parse_in};
use std::path::Path;

#[test]
fn shipped_scenarios_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let name = path
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default();
            if let Err(d) = parse_in(&text, &dir) {
                panic!("{}", format_diagnostics(&name, &text, &d).join("\n"));
            }
            n += 1;
        }
    }
    assert!(n >= 2, "only {n} example scenarios");
}

#[test]
fn broken_scenarios_get_their_exact_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let bless = std::env::var_os("SHIELDSIM_BLESS").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/broken")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has {} files", files.len());
    let mut mismatches = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        // Architecture files named by the corpus live in tests/broken/arch; the path is taken
        // relative to the crate (the test's working folder) so that expectations are portable.
        let got = match parse_in(&text, Path::new("tests/broken")) {
            Ok(_) => "OK (no diagnostic)\n".to_string(),
            Err(d) => format_diagnostics(&name, &text, &d).join("\n") + "\n",
        };
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &got).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            mismatches.push(format!("{name}:\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
