//! A few hundred executions of each target (the bounded CI run and the long run are the
//! binary's; see docs/FUZZING.md), and the `args` harness against a stand-in parser.

use shieldsim_fuzz::mutate::{Dictionary, Mutator};
use shieldsim_fuzz::targets::{self, Outcome};
use shieldsim_fuzz::{Config, DefectKind, fuzz};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn corpus(target: &str) -> (PathBuf, Vec<Vec<u8>>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let seeds = files
        .iter()
        .map(|p| std::fs::read(p).expect("readable"))
        .collect();
    (dir, seeds)
}

fn config(name: &str, iterations: u64) -> Config {
    Config {
        name: name.into(),
        iterations,
        seed: 1,
        artifacts: None,
        slow: Duration::from_secs(60),
        progress: None,
        max_corpus: 256,
        minimise_budget: 500,
    }
}

#[test]
fn scenario_and_architecture_targets_hold_on_a_short_run() {
    let (dir, seeds) = corpus("scenario");
    assert!(seeds.len() >= 40, "scenario seeds: {}", seeds.len());
    let (_, arch_seeds) = corpus("architecture");
    let mutator = Mutator {
        dict: Dictionary::toml(&seeds),
        max_len: 1 << 14,
    };
    // Every seed runs first: the shipped scenarios are accepted, the broken ones refused, and
    // none panics.
    let r = fuzz(&config("scenario", 300), &seeds, &mutator, &|t: &str| {
        targets::scenario(t, &dir)
    });
    assert_eq!(
        r.count(DefectKind::Panic) + r.count(DefectKind::Broken),
        0,
        "{:?}",
        r.defects
    );
    assert!(r.executions >= seeds.len() as u64 + 300);
    let r = fuzz(
        &config("architecture", 300),
        &arch_seeds,
        &mutator,
        &targets::architecture,
    );
    assert_eq!(
        r.count(DefectKind::Panic) + r.count(DefectKind::Broken),
        0,
        "{:?}",
        r.defects
    );
}

/// A stand-in for the binary's parser: refuses unknown subcommands, and panics (the planted
/// defect) on `--trials` followed by a number that does not fit a u32.
fn stand_in(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("engage") => {
            if let Some(i) = args.iter().position(|a| a == "--trials") {
                let v = args.get(i + 1).ok_or("--trials needs a value")?;
                let n: u64 = v.parse().map_err(|_| format!("invalid value '{v}'"))?;
                let _small: u32 = u32::try_from(n).expect("planted: trials fit a u32");
            }
            Ok(())
        }
        Some("list") | Some("check") => Ok(()),
        Some(other) => Err(format!("unrecognized subcommand '{other}'")),
        None => Err("a subcommand is required".into()),
    }
}

#[test]
fn args_harness_finds_a_planted_panic() {
    let (_, seeds) = corpus("args");
    let mutator = Mutator {
        dict: Dictionary::args(&["engage", "--trials", "list"], &["18446744073709551615"]),
        max_len: 1 << 12,
    };
    let exec = |t: &str| -> Outcome { targets::args(stand_in, t) };
    let r = fuzz(&config("args", 3000), &seeds, &mutator, &exec);
    let panics: Vec<_> = r
        .defects
        .iter()
        .filter(|d| d.kind == DefectKind::Panic)
        .collect();
    assert_eq!(panics.len(), 1, "{:?}", r.defects);
    assert!(panics[0].message.contains("planted"));
    let min = targets::split_args(&String::from_utf8_lossy(&panics[0].minimised));
    assert!(min.contains(&"--trials".to_string()), "{min:?}");
}
