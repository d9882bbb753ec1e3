//! `shieldsim run FILE --out DIR` and `shieldsim demo [--out DIR]`: the study from
//! `shieldsim-studies`, its files from `shieldsim-report`, the folder written atomically, and
//! progress on stderr.

use crate::failure::Failure;
use shieldsim_scenario::scenario::Scenario;
use shieldsim_studies::StudyResults;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Run a validated scenario into `out`; the number of results (engagements, footprints,
/// deterrent rows).
pub fn run_scenario(s: &Scenario, out: &Path, force: bool) -> Result<usize, Failure> {
    let progress = Progress::new();
    let results = shieldsim_studies::run_scenario(s, &|what, done, total| {
        progress.advance(what, done, total)
    });
    progress.finish();
    let results = results?;
    write(out, force, &results)?;
    Ok(results.count())
}

/// The bundled EPAA study into `out`; what it computed, in words.
pub fn demo(
    out: &Path,
    force: bool,
    options: &shieldsim_studies::run::DemoOptions,
) -> Result<String, Failure> {
    let progress = Progress::new();
    let results = shieldsim_studies::run::demo_with(options, &|what, done, total| {
        progress.advance(what, done, total)
    });
    progress.finish();
    let results = results?;
    write(out, force, &results)?;
    Ok(format!(
        "{} engagements, {} deterrent cases, {} coverage footprints",
        results.cases().count(),
        results.deterrent.as_ref().map_or(0, |d| d.rows.len()),
        results.footprints.len()
    ))
}

/// Write the report folder `out` as `run FILE --out DIR [--force]` does, with the same checks
/// and messages (the Python package's `run(..., out=...)`).
pub fn write_report(out: &Path, force: bool, results: &StudyResults) -> Result<(), Failure> {
    check_out(out, force)?;
    write(out, force, results)
}

/// Write the report folder `out` (see `shieldsim_report::write_dir_atomically`): notes about a
/// killed run's leftovers go to stderr; every refusal and I/O error is bad input (exit 2).
fn write(out: &Path, force: bool, results: &StudyResults) -> Result<(), Failure> {
    let files = shieldsim_report::report_makers(results);
    shieldsim_report::write_dir_streaming(out, &files, force, &mut |n| eprintln!("note: {n}"))
        .map_err(|e| out_failure(out, e))
}

/// Refuse `--out` before a run starts if the write would refuse it (it checks again).
pub fn check_out(out: &Path, force: bool) -> Result<(), Failure> {
    shieldsim_report::check_out_dir(out, force).map_err(|e| out_failure(out, e))
}

fn out_failure(out: &Path, e: shieldsim_report::OutError) -> Failure {
    use shieldsim_report::OutError;
    Failure::input(match e {
        OutError::NotAReport { .. } => {
            format!("{e}; pass --force to replace it, or choose another folder")
        }
        OutError::Io { .. } => format!("{}: cannot write the report: {e}", out.display()),
        OutError::Build { .. } => return Failure::internal(e.to_string()),
        _ => e.to_string(),
    })
}

/// How often progress is written as a line when stderr is not a terminal.
const PROGRESS_LINE_EVERY: Duration = Duration::from_secs(5);

/// Progress of a long study on stderr: a bar per stage on a terminal (indicatif); elsewhere (a
/// log, a pipe) a line every [`PROGRESS_LINE_EVERY`]. Called from worker threads.
struct Progress {
    terminal: bool,
    state: Mutex<ProgressState>,
}

struct ProgressState {
    stage: String,
    bar: Option<indicatif::ProgressBar>,
    last_line: Instant,
}

impl Progress {
    fn new() -> Progress {
        use std::io::IsTerminal;
        Progress {
            terminal: std::io::stderr().is_terminal(),
            state: Mutex::new(ProgressState {
                stage: String::new(),
                bar: None,
                last_line: Instant::now(),
            }),
        }
    }

    /// `done` of `total` units of stage `what` (which names the unit: "footprint irbm: aim
    /// points").
    fn advance(&self, what: &str, done: usize, total: usize) {
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        if s.stage != what {
            if let Some(b) = s.bar.take() {
                b.finish_and_clear();
            }
            s.stage = what.to_string();
            if self.terminal {
                let bar = indicatif::ProgressBar::new(total as u64).with_message(what.to_string());
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                s.bar = Some(bar);
            }
        }
        match &s.bar {
            Some(bar) => {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
            None if s.last_line.elapsed() >= PROGRESS_LINE_EVERY => {
                s.last_line = Instant::now();
                eprintln!("progress: {what} {done}/{total}");
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Ok(mut s) = self.state.lock()
            && let Some(b) = s.bar.take()
        {
            b.finish_and_clear();
        }
    }
}
