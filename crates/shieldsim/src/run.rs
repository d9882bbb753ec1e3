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

/// Shard `spec` of a validated scenario's run into `dir/shard-I-of-N.json`: the file's path,
/// the work units it holds and the study's. `dir` is created if missing; nothing in it but that
/// file is touched, and the file is written whole before it replaces an earlier shard (an
/// existing file of that name that is not a shard is refused unless `force`).
pub fn run_shard(
    s: &Scenario,
    spec: shieldsim_studies::ShardSpec,
    dir: &Path,
    force: bool,
) -> Result<(std::path::PathBuf, usize, usize), Failure> {
    let path = dir.join(spec.file_name());
    check_shard_target(dir, &path, force)?;
    let progress = Progress::new();
    let shard = shieldsim_studies::run_scenario_shard(s, spec, &|what, done, total| {
        progress.advance(what, done, total)
    });
    progress.finish();
    let shard = shard?;
    let bytes = shard.to_bytes()?;
    check_shard_target(dir, &path, force)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::input(format!("{}: cannot create the folder: {e}", dir.display())))?;
    // Written beside its final name, then renamed over it: a reader (or a killed run) never
    // sees half a shard.
    let tmp = dir.join(format!(".{}.tmp-{}", spec.file_name(), std::process::id()));
    let written = std::fs::write(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::input(format!(
            "{}: cannot write the shard: {e}",
            path.display()
        )));
    }
    Ok((path, shard.len(), shard.study_units()))
}

/// Refuse a shard's folder that is not a folder, and a file in the shard's place that is not a
/// shard (unless `force`).
fn check_shard_target(dir: &Path, path: &Path, force: bool) -> Result<(), Failure> {
    if let Ok(m) = std::fs::metadata(dir)
        && !m.is_dir()
    {
        return Err(Failure::input(format!(
            "{}: exists and is not a folder; it was left untouched",
            dir.display()
        )));
    }
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_file() => Err(Failure::input(format!(
            "{}: exists and is not a file; it was left untouched",
            path.display()
        ))),
        Ok(_) if force => Ok(()),
        Ok(_) => {
            // A shard starts with its format; anything else is someone's file.
            let mut head = [0u8; 64];
            let n = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .unwrap_or(0);
            let ours = String::from_utf8_lossy(&head[..n]).contains(&format!(
                "\"format\":\"{}\"",
                shieldsim_studies::shard::SHARD_FORMAT
            ));
            if ours {
                Ok(())
            } else {
                Err(Failure::input(format!(
                    "{}: exists and is not a shieldsim shard; it was left untouched (pass --force to replace it)",
                    path.display()
                )))
            }
        }
    }
}

/// Merge the shards found in `inputs` (folders of `shard-I-of-N.json` files, or the files) and
/// write the report into `out`: the number of shards and of results.
pub fn merge(
    inputs: &[std::path::PathBuf],
    out: &Path,
    force: bool,
) -> Result<(usize, usize), Failure> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| {
                Failure::input(format!("{}: cannot read the folder: {e}", input.display()))
            })?;
            let mut found: Vec<std::path::PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(is_shard_name)
                })
                .collect();
            if found.is_empty() {
                return Err(Failure::input(format!(
                    "{}: holds no shard files (shard-I-of-N.json, written by run FILE --shard I/N --out {})",
                    input.display(),
                    input.display()
                )));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let mut shards: Vec<shieldsim_studies::Shard> = Vec::new();
    let mut from: Vec<&std::path::PathBuf> = Vec::new();
    for file in &files {
        // A shard is as large as its results (no input cap); only a regular file is read (a
        // FIFO would block).
        if !std::fs::metadata(file).is_ok_and(|m| m.is_file()) {
            return Err(Failure::input(format!(
                "{}: no such shard file or folder",
                file.display()
            )));
        }
        let bytes = std::fs::read(file).map_err(|e| {
            Failure::input(format!("{}: cannot read the shard: {e}", file.display()))
        })?;
        let shard = shieldsim_studies::Shard::from_bytes(&bytes)
            .map_err(|e| Failure::input(format!("{}: {e}", file.display())))?;
        // The same shard twice, named by its files.
        if let Some(k) = shards.iter().position(|x| x.spec() == shard.spec()) {
            return Err(Failure::input(format!(
                "shard {} given twice ({} and {}): merge each shard once",
                shard.spec(),
                from[k].display(),
                file.display()
            )));
        }
        shards.push(shard);
        from.push(file);
    }
    let n = shards.len();
    let results = shieldsim_studies::merge(shards)?;
    write(out, force, &results)?;
    Ok((n, results.count()))
}

/// `shard-I-of-N.json`.
fn is_shard_name(name: &str) -> bool {
    name.strip_prefix("shard-")
        .and_then(|r| r.strip_suffix(".json"))
        .and_then(|r| r.split_once("-of-"))
        .is_some_and(|(i, n)| {
            !i.is_empty()
                && !n.is_empty()
                && i.bytes().all(|b| b.is_ascii_digit())
                && n.bytes().all(|b| b.is_ascii_digit())
        })
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
