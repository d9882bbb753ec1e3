//! Issue 16: a study split into shards and merged gives exactly the single-process answer,
//! whatever the number of shards (some of them empty) and the order they are merged in, after
//! a round trip through the shard's bytes; merging refuses a missing shard, a duplicate and a
//! shard of another study, saying which.

use shieldsim_scenario::scenario::{Scenario, parse_with};
use shieldsim_studies::shard::work_units;
use shieldsim_studies::summary::Summary;
use shieldsim_studies::{Shard, ShardSpec, StudyError, StudyResults, merge, run_scenario};
use shieldsim_studies::{run_scenario_shard, shard::SHARD_FORMAT};

const STUDY: &str = include_str!("data/shard-study.toml");

fn scenario(text: &str) -> Scenario {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    parse_with(text, &dir, &[]).expect("valid test scenario")
}

fn quiet(_: &str, _: usize, _: usize) {}

/// Every shard of `n`, each through its bytes.
fn shards(s: &Scenario, n: u32) -> Vec<Shard> {
    (1..=n)
        .map(|i| {
            let shard = run_scenario_shard(s, ShardSpec::new(i, n).expect("spec"), &quiet)
                .expect("shard runs");
            let bytes = shard.to_bytes().expect("serialises");
            Shard::from_bytes(&bytes).expect("reads back")
        })
        .collect()
}

/// Everything a result holds, every number to the bit (`Debug` prints each `f64` so that it
/// reads back exactly), and the summary's bytes.
fn fingerprint(r: &StudyResults) -> (String, Vec<u8>) {
    (
        format!("{r:?}"),
        serde_json::to_vec(&Summary::of(r)).expect("summary"),
    )
}

fn input_error(r: Result<StudyResults, StudyError>) -> String {
    match r {
        Err(StudyError::Input(m)) => m,
        Err(StudyError::Internal(m)) => panic!("a defect, not bad input: {m}"),
        Ok(_) => panic!("merged"),
    }
}

#[test]
fn shards_merge_to_the_single_process_answer() {
    let s = scenario(STUDY);
    let whole = fingerprint(&run_scenario(&s, &quiet).expect("runs"));
    let units = work_units(&s);
    // Every kind of unit: three aim points, a footprint's 9 aim points in 8 blocks, a coverage
    // analysis's grid in 8 blocks (each with its share of the intervals' grid), two routes and
    // the sweep.
    assert_eq!(units, 3 + 8 + 8 + 2 + 1);
    // The study has what the test must exercise: answers over the ranges evaluated set by set
    // (not all settled at a corner of the ranges).
    assert!(
        whole.0.contains("shortcut: None"),
        "no answer sampled set by set"
    );
    // One shard (every unit through the shard's bytes), three, and more shards than units
    // (some empty). The command-line test adds two.
    for n in [1, 3, units as u32 + 2] {
        let mut parts = shards(&s, n);
        assert_eq!(
            parts.iter().map(Shard::len).sum::<usize>(),
            units,
            "{n} shards"
        );
        assert!(parts.iter().all(|p| p.study_units() == units));
        if n as usize > units {
            assert!(parts.iter().any(Shard::is_empty));
        }
        // Merged in reverse order.
        parts.reverse();
        let merged = fingerprint(&merge(parts).expect("merges"));
        assert!(merged.0 == whole.0, "{n} shards: the results differ");
        assert_eq!(merged.1, whole.1, "{n} shards: summary.json differs");
    }
}

#[test]
fn merge_refuses_missing_duplicate_and_foreign_shards() {
    let s = scenario(STUDY);
    let parts = shards(&s, 3);
    // Missing.
    let m = input_error(merge(vec![parts[0].clone(), parts[2].clone()]));
    assert!(m.contains("2/3") && m.contains("missing"), "{m}");
    // Twice.
    let m = input_error(merge(vec![
        parts[0].clone(),
        parts[1].clone(),
        parts[1].clone(),
        parts[2].clone(),
    ]));
    assert!(m.contains("2/3") && m.contains("twice"), "{m}");
    // Of another split.
    let half = run_scenario_shard(&s, ShardSpec::new(2, 2).expect("spec"), &quiet).expect("runs");
    let m = input_error(merge(vec![parts[0].clone(), half]));
    assert!(m.contains("2/2") && m.contains("one of 2"), "{m}");
    // Of another study: another seed changes every sampled answer.
    let other = scenario(&STUDY.replace("seed = 3", "seed = 4"));
    let foreign =
        run_scenario_shard(&other, ShardSpec::new(2, 3).expect("spec"), &quiet).expect("runs");
    assert_ne!(foreign.fingerprint(), parts[1].fingerprint());
    let m = input_error(merge(vec![parts[0].clone(), foreign, parts[2].clone()]));
    assert!(m.contains("2/3") && m.contains("another study"), "{m}");
    // Nothing.
    assert!(input_error(merge(Vec::new())).contains("no shards"));
}

#[test]
fn shard_bytes_are_checked() {
    let s = scenario(STUDY);
    let shard = run_scenario_shard(&s, ShardSpec::new(3, 3).expect("spec"), &quiet).expect("runs");
    let bytes = shard.to_bytes().expect("bytes");
    assert!(
        String::from_utf8_lossy(&bytes).starts_with(&format!("{{\"format\":\"{SHARD_FORMAT}\""))
    );
    // The same shard gives the same bytes after a round trip.
    assert_eq!(
        Shard::from_bytes(&bytes)
            .expect("reads")
            .to_bytes()
            .expect("bytes"),
        bytes
    );
    for bad in [
        &b"not json"[..],
        &bytes[..bytes.len() / 2],
        b"{\"format\":\"x\",\"version\":\"0\"}",
    ] {
        match Shard::from_bytes(bad) {
            Err(StudyError::Input(_)) => {}
            other => panic!("{other:?}"),
        }
    }
    // Damaged counts are refused without allocating for them.
    let text = String::from_utf8_lossy(&bytes).to_string();
    let spec = "\"shard\":{\"index\":3,\"count\":3}";
    assert!(text.contains(spec), "the shard's spec as written");
    let huge_split = text.replacen(spec, "\"shard\":{\"index\":3,\"count\":4000000000}", 1);
    let m = input_error(merge(vec![
        Shard::from_bytes(huge_split.as_bytes()).expect("reads"),
    ]));
    assert!(m.contains("1/4000000000") && m.contains("more"), "{m}");
    let huge_study = text
        .replacen(spec, "\"shard\":{\"index\":1,\"count\":1}", 1)
        .replacen("\"units\":22,", "\"units\":18446744073709551615,", 1);
    let m = input_error(merge(vec![
        Shard::from_bytes(huge_study.as_bytes()).expect("reads"),
    ]));
    assert!(m.contains("damaged"), "{m}");
    let other_version = String::from_utf8_lossy(&bytes).replacen(
        &format!("\"version\":\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\":\"0.0.0-other\"",
        1,
    );
    match Shard::from_bytes(other_version.as_bytes()) {
        Err(StudyError::Input(m)) => assert!(m.contains("0.0.0-other"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn shard_specs_parse_counted_from_one() {
    let spec: ShardSpec = "2/8".parse().expect("parses");
    assert_eq!(spec, ShardSpec { index: 2, count: 8 });
    assert_eq!(spec.to_string(), "2/8");
    assert_eq!(spec.file_name(), "shard-2-of-8.json");
    for (bad, says) in [
        ("0/4", "counted from 1"),
        ("5/4", "only 4"),
        ("a/b", "expected I/N"),
        ("1/0", "at least 1"),
        ("1", "expected I/N"),
        ("-1/4", "expected I/N"),
        ("1/4/2", "expected I/N"),
    ] {
        let e = bad.parse::<ShardSpec>().expect_err(bad);
        assert!(e.contains(says), "{bad}: {e}");
    }
    // Round robin: every unit in exactly one shard of any split.
    for n in 1..=5u32 {
        for k in 0..20usize {
            let owners = (1..=n)
                .filter(|&i| ShardSpec::new(i, n).expect("spec").owns(k))
                .count();
            assert_eq!(owners, 1, "unit {k} of {n} shards");
        }
    }
}

/// A footprint merged from blocks computed in different shards is the footprint the library
/// computes whole (`analysis::footprint`: one call, its own threat family), cell for cell; a
/// coverage analysis's blocks fill its grid and its intervals' grid exactly once.
#[test]
fn blocks_merge_to_the_whole_footprint() {
    use shieldsim_scenario::analysis;
    use shieldsim_scenario::scenario::Analysis;
    let s = scenario(STUDY);
    let merged = merge(shards(&s, 5)).expect("merges");
    let Some(Analysis::Footprint { threat, site, grid }) = s
        .analyses
        .iter()
        .find(|a| matches!(a, Analysis::Footprint { .. }))
    else {
        panic!("the test study has a footprint analysis")
    };
    let t = s.threats.iter().find(|t| t.id == *threat).expect("threat");
    let earth = shieldsim_core::earth::Earth::wgs84();
    let tables = analysis::tables(&s.architecture).expect("tables");
    let sensed = s
        .assumptions
        .sensed(&s.catalogs, &s.architecture, s.assumptions.sensing)
        .expect("sensed");
    let whole = analysis::footprint(
        &earth,
        &s.catalogs.catalog,
        &t.missile,
        t.from.1,
        *grid,
        &sensed,
        &tables,
        &s.assumptions.engagement(t.rcs_m2, s.assumptions.sensing),
        site.as_deref(),
        analysis::FootprintMethod::default(),
        &|_, _| {},
    )
    .expect("footprint");
    let blocked = merged
        .footprints
        .iter()
        .find(|f| f.region.is_none())
        .expect("the footprint analysis's case");
    assert_eq!(blocked.footprint, whole);
    // Both outcomes occur, so the comparison could fail.
    for c in [analysis::Cell::Defended, analysis::Cell::Unreachable] {
        assert!(whole.cells.contains(&c), "{c:?}");
    }
    let row = merged.coverage.first().expect("a coverage row");
    let q = row.area_fraction_quantiles.expect("intervals");
    assert!(q.p05 <= q.p50 && q.p50 <= q.p95);
}

/// A shard whose footprint blocks are out of place is refused as damaged.
#[test]
fn merge_refuses_blocks_out_of_place() {
    let s = scenario(STUDY);
    let one = run_scenario_shard(&s, ShardSpec::WHOLE, &quiet).expect("runs");
    let text = String::from_utf8(one.to_bytes().expect("bytes")).expect("utf-8");
    // Block 1 of the footprint analysis renamed block 2: two blocks 2, no block 1.
    let moved = text.replacen("\"grid\":0,\"block\":1,", "\"grid\":0,\"block\":2,", 1);
    assert_ne!(moved, text, "the shard holds the footprint's block 1");
    let m = input_error(merge(vec![
        Shard::from_bytes(moved.as_bytes()).expect("reads"),
    ]));
    assert!(m.contains("out of place") && m.contains("damaged"), "{m}");
    // A coverage block claimed by the footprint analysis.
    let crossed = text.replacen("\"grid\":1,\"block\":0,", "\"grid\":0,\"block\":0,", 1);
    assert_ne!(crossed, text);
    let m = input_error(merge(vec![
        Shard::from_bytes(crossed.as_bytes()).expect("reads"),
    ]));
    assert!(m.contains("damaged"), "{m}");
}

/// A coverage whose threat reaches none of the region: no aim point needs a verdict, and the
/// intervals are still taken over every parameter set (all zero), whole and in shards.
#[test]
fn coverage_of_a_threat_that_reaches_nothing() {
    let s = scenario(
        r#"
[scenario]
title = "A threat that reaches nothing of NATO Europe"

[architecture]
id = "epaa-phase-2"

[[threat]]
id = "srbm"
missile = "srbm-300"
from = "semnan"
to = ["35.0,54.0"]

[[analysis]]
kind = "coverage"
threat = "srbm"
spacing_km = 400

[uncertainty]
samples = 8
coverage_samples = 3
seed = 1
"#,
    );
    let whole = run_scenario(&s, &quiet).expect("runs");
    let row = &whole.coverage[0];
    assert_eq!(row.threatened_area_fraction, 0.0);
    assert_eq!(row.uncertainty_samples, Some(3));
    let q = row.area_fraction_quantiles.expect("intervals");
    assert_eq!((q.p05, q.p50, q.p95), (0.0, 0.0, 0.0));
    let merged = merge(shards(&s, 3)).expect("merges");
    assert!(fingerprint(&merged) == fingerprint(&whole));
}
