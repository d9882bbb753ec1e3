//! The loop: seeds first, then mutated corpus entries, each run under `catch_unwind`; new
//! diagnostic shapes grow the corpus; each distinct defect is kept once, minimised, and
//! written to the artifacts folder.

use crate::mutate::Mutator;
use crate::rng::{Rng, fnv};
use crate::targets::{Outcome, shape};
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One fuzzing run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Its name (the target's), for messages and artifact names.
    pub name: String,
    /// Mutated executions after the seeds.
    pub iterations: u64,
    /// The seed: the same seed, corpus and iterations give the same executions.
    pub seed: u64,
    /// Where to write each defect's input (and its minimised form), if anywhere.
    pub artifacts: Option<PathBuf>,
    /// An execution slower than this is reported (not a failure: timing is not deterministic).
    pub slow: Duration,
    /// Progress on stderr this often (never, if `None`).
    pub progress: Option<Duration>,
    /// At most this many entries are added to the corpus.
    pub max_corpus: usize,
    /// At most this many executions are spent minimising one defect.
    pub minimise_budget: usize,
}

/// The kind of a defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefectKind {
    /// The target panicked.
    Panic,
    /// The target answered, but broke a promise (see [`Outcome::problems`]).
    Broken,
    /// A misleading message (see [`Outcome::messages`]).
    Message,
}

/// A distinct defect (by kind, place and message shape).
#[derive(Debug, Clone)]
pub struct Defect {
    /// Panic or broken promise.
    pub kind: DefectKind,
    /// The panic message or the problem.
    pub message: String,
    /// Where it panicked (`file:line:col`), empty for a broken promise.
    pub location: String,
    /// The first input that showed it.
    pub input: Vec<u8>,
    /// A smaller input that shows the same defect.
    pub minimised: Vec<u8>,
    /// How many executions showed it.
    pub count: u64,
    /// The files it was written to.
    pub files: Vec<PathBuf>,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Executions, seeds and minimisation included.
    pub executions: u64,
    /// Corpus entries at the end (seeds included).
    pub corpus: usize,
    /// Distinct diagnostic shapes seen.
    pub features: usize,
    /// Distinct defects.
    pub defects: Vec<Defect>,
    /// Executions slower than the threshold, with their input: (time, input), slowest first,
    /// at most five.
    pub slow: Vec<(Duration, Vec<u8>)>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl Report {
    /// Executions that showed a defect of `kind`.
    pub fn count(&self, kind: DefectKind) -> u64 {
        self.defects
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.count)
            .sum()
    }
}

thread_local! {
    static IN_TARGET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// A panic hook that records a target's panics (message, location) instead of printing them,
/// and leaves every other panic to the previous hook.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_TARGET.with(|c| c.get()) {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(a panic without a message)".into());
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_default();
                if let Ok(mut last) = LAST_PANIC.lock() {
                    *last = Some((message, location));
                }
            } else {
                previous(info);
            }
        }));
    });
}

/// One execution: the outcome, or the panic's (message, location).
fn execute(exec: &dyn Fn(&str) -> Outcome, input: &[u8]) -> Result<Outcome, (String, String)> {
    let text = String::from_utf8_lossy(input);
    IN_TARGET.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| exec(&text)));
    IN_TARGET.with(|c| c.set(false));
    result.map_err(|_| {
        LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut l| l.take())
            .unwrap_or_else(|| ("(unknown panic)".into(), String::new()))
    })
}

/// The defects an execution showed, as (kind, message, location).
fn defects_of(result: &Result<Outcome, (String, String)>) -> Vec<(DefectKind, String, String)> {
    match result {
        Err((m, l)) => vec![(DefectKind::Panic, m.clone(), l.clone())],
        Ok(o) => o
            .problems
            .iter()
            .map(|p| (DefectKind::Broken, p.clone(), String::new()))
            .chain(
                o.messages
                    .iter()
                    .map(|p| (DefectKind::Message, p.clone(), String::new())),
            )
            .collect(),
    }
}

fn defect_key(kind: DefectKind, message: &str, location: &str) -> u64 {
    fnv(format!("{kind:?}|{location}|{}", shape(message)).as_bytes())
}

/// A smaller input with the same defect: lines removed, then ever smaller byte ranges, while
/// the defect stays; at most `budget` executions.
fn minimise(
    exec: &dyn Fn(&str) -> Outcome,
    input: &[u8],
    key: u64,
    budget: usize,
    executions: &mut u64,
) -> Vec<u8> {
    let mut best = input.to_vec();
    let mut tries = 0;
    let mut still = |candidate: &[u8], tries: &mut usize| -> bool {
        *tries += 1;
        *executions += 1;
        defects_of(&execute(exec, candidate))
            .iter()
            .any(|(k, m, l)| defect_key(*k, m, l) == key)
    };
    // Lines, from the last.
    let mut k = best.split(|b| *b == b'\n').count();
    while k > 0 && tries < budget {
        k -= 1;
        let lines: Vec<&[u8]> = best.split(|b| *b == b'\n').collect();
        if k >= lines.len() {
            continue;
        }
        let candidate: Vec<u8> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join(&b'\n');
        if still(&candidate, &mut tries) {
            best = candidate;
        }
    }
    // Byte ranges, halving.
    let mut chunk = best.len() / 2;
    while chunk > 0 && tries < budget {
        let mut at = 0;
        while at < best.len() && tries < budget {
            let end = (at + chunk).min(best.len());
            let mut candidate = best[..at].to_vec();
            candidate.extend_from_slice(&best[end..]);
            if still(&candidate, &mut tries) {
                best = candidate;
            } else {
                at += chunk;
            }
        }
        chunk /= 2;
    }
    best
}

/// Runs `exec` on every seed, then `config.iterations` mutations of corpus entries.
pub fn fuzz(
    config: &Config,
    seeds: &[Vec<u8>],
    mutator: &Mutator,
    exec: &dyn Fn(&str) -> Outcome,
) -> Report {
    install_hook();
    let start = Instant::now();
    let mut rng = Rng::new(config.seed, fnv(config.name.as_bytes()));
    let mut report = Report::default();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut found: HashSet<u64> = HashSet::new();
    let mut corpus: Vec<Vec<u8>> = seeds.to_vec();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let n_seeds = corpus.len();
    let mut last_progress = Instant::now();
    let total = seeds.len() as u64 + config.iterations;
    for i in 0..total {
        let input = if (i as usize) < seeds.len() {
            seeds[i as usize].clone()
        } else {
            // Half the time a seed, else any entry (the finds), so neither starves.
            let from = if rng.one_in(2) {
                rng.below(n_seeds)
            } else {
                rng.below(corpus.len())
            };
            let other = rng.below(corpus.len());
            let mut input = corpus[from].clone();
            mutator.mutate(&mut rng, &mut input, &corpus[other]);
            input
        };
        let t = Instant::now();
        let result = execute(exec, &input);
        let took = t.elapsed();
        report.executions += 1;
        if took > config.slow {
            report.slow.push((took, input.clone()));
            report.slow.sort_by_key(|s| std::cmp::Reverse(s.0));
            report.slow.truncate(5);
        }
        for (kind, message, location) in defects_of(&result) {
            let key = defect_key(kind, &message, &location);
            if let Some(d) = report
                .defects
                .iter_mut()
                .find(|d| defect_key(d.kind, &d.message, &d.location) == key)
            {
                d.count += 1;
                continue;
            }
            if !found.insert(key) {
                continue;
            }
            let minimised = minimise(
                exec,
                &input,
                key,
                config.minimise_budget,
                &mut report.executions,
            );
            let mut d = Defect {
                kind,
                message,
                location,
                input: input.clone(),
                minimised,
                count: 1,
                files: Vec::new(),
            };
            if let Some(dir) = &config.artifacts {
                d.files = write_artifacts(dir, &config.name, key, &d);
            }
            if config.progress.is_some() {
                eprintln!(
                    "{}: new defect after {} executions: {:?} {} at {}",
                    config.name, report.executions, d.kind, d.message, d.location
                );
            }
            report.defects.push(d);
        }
        if let Ok(outcome) = &result {
            let mut new = false;
            for f in &outcome.features {
                new |= seen.insert(*f);
            }
            if new && i as usize >= seeds.len() && corpus.len() < n_seeds + config.max_corpus {
                corpus.push(input);
            }
        }
        if let Some(every) = config.progress
            && last_progress.elapsed() >= every
        {
            last_progress = Instant::now();
            let s = start.elapsed().as_secs_f64();
            eprintln!(
                "{}: {} executions in {:.0} s ({:.0}/s), corpus {}, shapes {}, defects {}",
                config.name,
                report.executions,
                s,
                report.executions as f64 / s,
                corpus.len(),
                seen.len(),
                report.defects.len()
            );
        }
    }
    report.corpus = corpus.len();
    report.features = seen.len();
    report.elapsed = start.elapsed();
    if let Some(dir) = &config.artifacts {
        for (k, (_, input)) in report.slow.iter().enumerate() {
            let _ = std::fs::create_dir_all(dir.join(&config.name));
            let _ = std::fs::write(
                dir.join(&config.name)
                    .join(format!("slow-{k}-{:016x}", fnv(input))),
                input,
            );
        }
    }
    report
}

fn write_artifacts(dir: &std::path::Path, name: &str, key: u64, d: &Defect) -> Vec<PathBuf> {
    let dir = dir.join(name);
    let kind = match d.kind {
        DefectKind::Panic => "panic",
        DefectKind::Broken => "broken",
        DefectKind::Message => "message",
    };
    let base = format!("{kind}-{key:016x}");
    let mut files = Vec::new();
    if std::fs::create_dir_all(&dir).is_ok() {
        for (suffix, bytes) in [("", &d.input), ("-min", &d.minimised)] {
            let path = dir.join(format!("{base}{suffix}"));
            if std::fs::write(&path, bytes).is_ok() {
                files.push(path);
            }
        }
        let note = format!("{kind}: {}\nat: {}\n", d.message, d.location);
        let _ = std::fs::write(dir.join(format!("{base}.txt")), note);
    }
    files
}

/// Runs `exec` once on `input`: the outcome, or the panic's message and location.
pub fn replay(exec: &dyn Fn(&str) -> Outcome, input: &[u8]) -> Result<Outcome, String> {
    install_hook();
    execute(exec, input).map_err(|(m, l)| format!("panicked at {l}: {m}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mutate::Dictionary;

    /// The harness finds, keeps once, counts and minimises a planted panic.
    #[test]
    fn finds_and_minimises_a_planted_panic() {
        let exec = |text: &str| -> Outcome {
            if text.contains("nan") {
                panic!("planted");
            }
            Outcome::default()
        };
        let config = Config {
            name: "planted".into(),
            iterations: 3000,
            seed: 1,
            artifacts: None,
            slow: Duration::from_secs(60),
            progress: None,
            max_corpus: 100,
            minimise_budget: 500,
        };
        let mutator = Mutator {
            dict: Dictionary::toml(&[]),
            max_len: 1 << 12,
        };
        let seeds = vec![b"a = 1\nb = \"x\"\nc = [1, 2]\n".to_vec()];
        let r = fuzz(&config, &seeds, &mutator, &exec);
        assert_eq!(r.defects.len(), 1);
        let d = &r.defects[0];
        assert_eq!(d.message, "planted");
        assert!(d.location.contains("engine.rs"));
        assert!(d.count >= 1);
        let min = String::from_utf8_lossy(&d.minimised);
        assert!(
            min.to_lowercase().contains("nan") && min.len() <= 4,
            "{min:?}"
        );
        assert!(replay(&exec, b"nan").is_err());
        let again = fuzz(&config, &seeds, &mutator, &exec);
        assert_eq!(again.executions, r.executions);
        assert_eq!(again.defects[0].count, d.count);
    }
}
