//! Issue 16 on the command line: `run FILE --shard I/N --out DIR` for every I, then
//! `merge DIR... --out DIR`, writes a report folder byte for byte the one `run FILE --out DIR`
//! writes, for one shard, two, three and more shards than work units, with the shards given in
//! any order; `merge` refuses a missing shard, a duplicate, a shard of another study and a
//! malformed file, and `--shard` a bad I/N, each with one line and exit code 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shieldsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(args)
        .output()
        .expect("runs")
}

fn ok(args: &[&str]) -> String {
    let out = shieldsim(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Exit code 2, one line on stderr naming every one of `names`, nothing on stdout.
fn bad(args: &[&str], names: &[&str]) {
    let out = shieldsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("progress:"))
        .collect();
    assert_eq!(lines.len(), 1, "{args:?}: not one line: {stderr}");
    for n in names {
        assert!(
            stderr.contains(n),
            "{args:?}: '{stderr}' does not name '{n}'"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
}

fn s(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

/// Every file of a folder (names sorted) with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).expect("file"),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every shard of `n` into `dir`.
fn run_shards(study: &str, n: u32, dir: &Path) {
    for i in 1..=n {
        let said = ok(&[
            "run",
            study,
            "--shard",
            &format!("{i}/{n}"),
            "--out",
            &s(dir),
        ]);
        assert!(said.contains(&format!("shard {i}/{n}")), "{said}");
    }
}

#[test]
fn sharded_runs_merge_to_the_unsharded_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let study = s(&root.join("crates/shieldsim-studies/tests/data/shard-study.toml"));
    let dir = std::env::temp_dir().join(format!("shieldsim-shard-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let at = |name: &str| -> PathBuf { dir.join(name) };
    // `check` says how many work units there are.
    let checked = ok(&["check", &study]);
    assert!(
        checked.contains("; 22 work unit(s) for run --shard"),
        "{checked}"
    );
    ok(&["run", &study, "--out", &s(&at("whole"))]);
    let whole = files(&at("whole"));
    assert!(whole.iter().any(|(n, _)| n == "summary.json"));
    for n in [1u32, 2, 3, 10] {
        let shards = at(&format!("shards-{n}"));
        run_shards(&study, n, &shards);
        let mut names: Vec<String> = files(&shards).into_iter().map(|f| f.0).collect();
        names.sort();
        let mut expected: Vec<String> = (1..=n).map(|i| format!("shard-{i}-of-{n}.json")).collect();
        expected.sort();
        assert_eq!(names, expected, "only the shard files, and every one");
        let merged = at(&format!("merged-{n}"));
        // Three shards named one by one, last first; the others by their folder.
        let mut args = vec!["merge".to_string()];
        if n == 3 {
            args.extend(
                (1..=n)
                    .rev()
                    .map(|i| s(&shards.join(format!("shard-{i}-of-{n}.json")))),
            );
        } else {
            args.push(s(&shards));
        }
        args.extend(["--out".to_string(), s(&merged)]);
        let said = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(said.contains(&format!("{n} shard(s)")), "{said}");
        let got = files(&merged);
        assert_eq!(
            got.iter().map(|f| &f.0).collect::<Vec<_>>(),
            whole.iter().map(|f| &f.0).collect::<Vec<_>>(),
            "{n} shards: the report's files"
        );
        for ((name, a), (_, b)) in whole.iter().zip(&got) {
            assert!(
                a == b,
                "{n} shards: {name} differs from the unsharded run's"
            );
        }
    }
    let three = at("shards-3");
    let shard = |i: u32| s(&three.join(format!("shard-{i}-of-3.json")));
    let out = s(&at("refused"));
    // A missing shard.
    bad(
        &["merge", &shard(1), &shard(3), "--out", &out],
        &["2/3", "missing"],
    );
    // A shard twice: the folder and one of its files.
    bad(
        &["merge", &s(&three), &shard(2), "--out", &out],
        &["2/3", "twice", "shard-2-of-3.json"],
    );
    // A shard of another study (another catalog figure).
    let foreign = at("foreign");
    ok(&[
        "run",
        &study,
        "--set",
        "sm3-iib.burnout_speed_km_s=5.4",
        "--shard",
        "2/3",
        "--out",
        &s(&foreign),
    ]);
    bad(
        &[
            "merge",
            &shard(1),
            &s(&foreign.join("shard-2-of-3.json")),
            &shard(3),
            "--out",
            &out,
        ],
        &["2/3", "another study"],
    );
    // Shards of another split.
    bad(
        &[
            "merge",
            &shard(1),
            &s(&at("shards-2").join("shard-2-of-2.json")),
            "--out",
            &out,
        ],
        &["one of 2"],
    );
    // A malformed shard file, and a folder without shards.
    let broken = at("broken");
    std::fs::create_dir_all(&broken).expect("folder");
    std::fs::write(broken.join("shard-1-of-1.json"), "{\"format\": 1").expect("write");
    bad(
        &["merge", &s(&broken), "--out", &out],
        &["shard-1-of-1.json", "not a shieldsim shard"],
    );
    let empty = at("empty");
    std::fs::create_dir_all(&empty).expect("folder");
    bad(&["merge", &s(&empty), "--out", &out], &["no shard files"]);
    assert!(!at("refused").exists(), "a refused merge wrote nothing");
    // Bad I/N.
    for (spec, says) in [
        ("0/3", "counted from 1"),
        ("5/4", "only 4"),
        ("a/b", "expected I/N"),
        ("1/0", "at least 1"),
    ] {
        bad(
            &["run", &study, "--shard", spec, "--out", &s(&at("never"))],
            &[spec, says],
        );
    }
    // A shard's folder that is a file, and a file in a shard's place that is not a shard.
    let file = at("a-file");
    std::fs::write(&file, "mine").expect("write");
    bad(
        &["run", &study, "--shard", "1/3", "--out", &s(&file)],
        &["not a folder"],
    );
    let mine = at("mine");
    std::fs::create_dir_all(&mine).expect("folder");
    std::fs::write(mine.join("shard-1-of-3.json"), "mine").expect("write");
    bad(
        &["run", &study, "--shard", "1/3", "--out", &s(&mine)],
        &["not a shieldsim shard"],
    );
    assert_eq!(std::fs::read(&file).expect("kept"), b"mine");
    assert_eq!(
        std::fs::read(mine.join("shard-1-of-3.json")).expect("kept"),
        b"mine"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
