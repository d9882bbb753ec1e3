//! Issue 16: the Python package's tests (python/tests/, pytest) against this build's command
//! line. `.ci/run` installs the package (`pip install ./python`, built from this source) and
//! pytest, pandas, numpy and Dask into `.ci/venv`; this test runs pytest with that Python
//! (`SHIELDSIM_PYTHON` names another) and `SHIELDSIM_BIN` set to the binary cargo just built,
//! so that the package's answers are compared with the command line of the same source. Without
//! the venv the test is skipped with a note, unless `CI` or `SHIELDSIM_PYTHON_TESTS` is set,
//! when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("SHIELDSIM_PYTHON_TESTS").is_some()
}

#[test]
fn python_package_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = std::env::var_os("SHIELDSIM_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".ci/venv/bin/python"));
    let ready = Command::new(&python)
        .args([
            "-c",
            "import shieldsim, pytest, dask.distributed, pandas, numpy",
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ready {
        assert!(
            !required(),
            "the Python package and its test dependencies are not installed in {} (run .ci/run, or: {} -m pip install ./python pytest pandas numpy 'dask[distributed]')",
            python.display(),
            python.display()
        );
        eprintln!(
            "note: no Python with the shieldsim package at {}; the Python tests are skipped (CI runs them)",
            python.display()
        );
        return;
    }
    let cache = std::env::temp_dir().join(format!("shieldsim-py-cache-{}", std::process::id()));
    let o = Command::new(&python)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "python/tests",
        ])
        .current_dir(&root)
        .env("SHIELDSIM_BIN", env!("CARGO_BIN_EXE_shieldsim"))
        // A cache of its own: the tests read and corrupt cache files.
        .env("SHIELDSIM_CACHE_DIR", &cache)
        .output()
        .expect("pytest runs");
    let _ = std::fs::remove_dir_all(&cache);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "pytest failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    eprintln!("{}", stdout.lines().last().unwrap_or_default());
}
