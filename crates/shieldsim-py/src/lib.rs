//! `shieldsim._native`: the extension module behind the Python package `shieldsim`
//! (python/shieldsim/). It offers few functions, each a thin door onto the code the command
//! line runs, so that the package's answers and messages are the command line's by
//! construction:
//!
//! - `capture`: a `ballistic`, `aim`, `fly`, `engage` or `list` command line, answered with
//!   the JSON document `--json` prints (through `shieldsim::capture`).
//! - `run_scenario`: a scenario (a file, or text the package writes for `footprint`,
//!   `coverage` and `deterrent`), answered with the report's files as `shieldsim run` writes
//!   them (`shieldsim-report`), and the report folder itself when asked.
//! - `work_units`, `run_shard`, `merge_shards`: the scenario's run split into shards and
//!   merged (`shieldsim_studies::shard`), for `shieldsim.distributed`.
//! - the fly-out table cache (`shieldsim_scenario::table_cache`): its directory and counts.
//!
//! Every computation runs with the GIL released. A failure raises `_native.Failure(code,
//! message)`, code 2 for bad input (the command line's exit-2 line) and 1 for a defect; the
//! package turns it into `shieldsim.InputError` or `shieldsim.InternalError`.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

create_exception!(
    _native,
    Failure,
    PyException,
    "A shieldsim failure: args are (code, message); code 2 is bad input, 1 a defect."
);

/// A report's files (name, bytes) and the warnings.
type Report<'py> = (Vec<(String, Bound<'py, PyBytes>)>, Vec<String>);

fn failure(f: shieldsim::Failure) -> PyErr {
    Failure::new_err((f.code, f.message))
}

/// The JSON document (text) and warnings of a `ballistic`, `aim`, `fly`, `engage` or `list`
/// command line (without the program name; `--json` is implied).
#[pyfunction]
fn capture(py: Python<'_>, args: Vec<String>) -> PyResult<(Option<String>, Vec<String>)> {
    let c = py.detach(|| shieldsim::capture(&args)).map_err(failure)?;
    Ok((c.json, c.warnings))
}

/// The files of the report of the scenario a `check FILE [--set …] [--max-… N]` command line
/// names (`text` instead of reading FILE), whose names end in one of `suffixes` (all if
/// empty), with the warnings; with `out`, the report folder written as `run --out` writes it.
#[pyfunction]
#[pyo3(signature = (args, text=None, out=None, force=false, suffixes=Vec::new()))]
fn run_scenario<'py>(
    py: Python<'py>,
    args: Vec<String>,
    text: Option<String>,
    out: Option<String>,
    force: bool,
    suffixes: Vec<String>,
) -> PyResult<Report<'py>> {
    let (files, warnings) = py
        .detach(|| -> Result<_, shieldsim::Failure> {
            let (s, warnings) = shieldsim::scenario(&args, text.as_deref())?;
            let results = shieldsim_studies::run_scenario(&s, &|_, _, _| {})?;
            Ok((
                written(&results, out.as_deref(), force, &suffixes)?,
                warnings,
            ))
        })
        .map_err(failure)?;
    Ok(report(py, files, warnings))
}

/// How many work units the scenario of a `check FILE …` command line splits into
/// (`shieldsim_studies::shard::work_units`).
#[pyfunction]
#[pyo3(signature = (args, text=None))]
fn work_units(py: Python<'_>, args: Vec<String>, text: Option<String>) -> PyResult<usize> {
    py.detach(|| {
        shieldsim::scenario(&args, text.as_deref())
            .map(|(s, _)| shieldsim_studies::shard::work_units(&s))
    })
    .map_err(failure)
}

/// Shard `index` of `count` (from 1) of the scenario of a `check FILE …` command line, as the
/// bytes `run FILE --shard I/N` writes (`Shard::to_bytes`).
#[pyfunction]
#[pyo3(signature = (args, text, index, count))]
fn run_shard<'py>(
    py: Python<'py>,
    args: Vec<String>,
    text: Option<String>,
    index: u32,
    count: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = py
        .detach(|| -> Result<Vec<u8>, shieldsim::Failure> {
            let (s, _) = shieldsim::scenario(&args, text.as_deref())?;
            let spec = shieldsim_studies::ShardSpec::new(index, count).map_err(|m| {
                shieldsim::Failure {
                    code: 2,
                    message: m,
                }
            })?;
            Ok(shieldsim_studies::run_scenario_shard(&s, spec, &|_, _, _| {})?.to_bytes()?)
        })
        .map_err(failure)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Every shard of one study (bytes from `run_shard` or `run --shard` files) merged: the
/// report's files as `run_scenario` gives them; with `out`, the report folder written as
/// `merge … --out` writes it.
#[pyfunction]
#[pyo3(signature = (shards, out=None, force=false, suffixes=Vec::new()))]
fn merge_shards<'py>(
    py: Python<'py>,
    shards: Vec<Vec<u8>>,
    out: Option<String>,
    force: bool,
    suffixes: Vec<String>,
) -> PyResult<Report<'py>> {
    let files = py
        .detach(|| -> Result<_, shieldsim::Failure> {
            let shards = shards
                .iter()
                .map(|b| shieldsim_studies::Shard::from_bytes(b))
                .collect::<Result<Vec<_>, _>>()?;
            let results = shieldsim_studies::merge(shards)?;
            written(&results, out.as_deref(), force, &suffixes)
        })
        .map_err(failure)?;
    Ok(report(py, files, Vec::new()))
}

/// With `out`, the report folder written as `run --out` writes it; then the report's files
/// whose names end in one of `suffixes` (all if empty).
fn written(
    results: &shieldsim_studies::StudyResults,
    out: Option<&str>,
    force: bool,
    suffixes: &[String],
) -> Result<Vec<(String, Vec<u8>)>, shieldsim::Failure> {
    if let Some(out) = out {
        shieldsim::write_report(std::path::Path::new(out), force, results)?;
    }
    files(results, suffixes)
}

/// The files as Python bytes, with the warnings.
fn report<'py>(
    py: Python<'py>,
    files: Vec<(String, Vec<u8>)>,
    warnings: Vec<String>,
) -> Report<'py> {
    (
        files
            .into_iter()
            .map(|(n, b)| (n, PyBytes::new(py, &b)))
            .collect(),
        warnings,
    )
}

/// The report's files whose names end in one of `suffixes` (all if empty), made as
/// `shieldsim run` makes them.
fn files(
    results: &shieldsim_studies::StudyResults,
    suffixes: &[String],
) -> Result<Vec<(String, Vec<u8>)>, shieldsim::Failure> {
    shieldsim_report::report_makers(results)
        .into_iter()
        .filter(|(name, _)| suffixes.is_empty() || suffixes.iter().any(|s| name.ends_with(s)))
        .map(|(name, make)| {
            make()
                .map(|b| (name.clone(), b))
                .map_err(|e| shieldsim::Failure {
                    code: 1,
                    message: format!("{name}: {e}"),
                })
        })
        .collect()
}

/// Use `dir` for the fly-out table cache on disk (`None`: no disk cache).
#[pyfunction]
#[pyo3(signature = (dir))]
fn set_cache_dir(dir: Option<std::path::PathBuf>) {
    shieldsim_scenario::table_cache::set_disk_dir(dir);
}

/// The fly-out table cache's directory on disk, if any.
#[pyfunction]
fn cache_dir() -> Option<std::path::PathBuf> {
    shieldsim_scenario::table_cache::disk_dir()
}

/// Forget the fly-out tables held in memory.
#[pyfunction]
fn clear_memory_cache() {
    shieldsim_scenario::table_cache::clear_memory();
}

/// How the fly-out tables asked for so far in this process were found.
#[pyfunction]
fn cache_stats(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let s = shieldsim_scenario::table_cache::stats();
    let d = PyDict::new(py);
    d.set_item("built", s.built)?;
    d.set_item("memory_hits", s.memory_hits)?;
    d.set_item("disk_hits", s.disk_hits)?;
    d.set_item("disk_rejected", s.disk_rejected)?;
    d.set_item("disk_write_errors", s.disk_write_errors)?;
    Ok(d)
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("Failure", m.py().get_type::<Failure>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(capture, m)?)?;
    m.add_function(wrap_pyfunction!(run_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(work_units, m)?)?;
    m.add_function(wrap_pyfunction!(run_shard, m)?)?;
    m.add_function(wrap_pyfunction!(merge_shards, m)?)?;
    m.add_function(wrap_pyfunction!(set_cache_dir, m)?)?;
    m.add_function(wrap_pyfunction!(cache_dir, m)?)?;
    m.add_function(wrap_pyfunction!(clear_memory_cache, m)?)?;
    m.add_function(wrap_pyfunction!(cache_stats, m)?)?;
    Ok(())
}
