//! The Rust side of the Python binding's overhead benchmark (python/bench/bench.py,
//! BENCHMARKS.md): the same `engage` as `shieldsim.engage("epaa-phase-3", "irbm-4000",
//! "semnan", "bucharest")`, timed in a loop with warm fly-out tables, (a) as the library
//! function `shieldsim_studies::engage::engage` and (b) through `shieldsim::capture` (the
//! command line's parser, checks and JSON text: what the binding calls).
//!
//! `cargo run --release --example engage_timing -p shieldsim [-- CALLS]`

use shieldsim_core::engagement::Sensing;
use shieldsim_scenario::catalogs::Catalogs;
use std::time::Instant;

fn main() -> Result<(), String> {
    let calls: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().map_err(|e| format!("CALLS: {e}")))
        .transpose()?
        .unwrap_or(200);
    let catalogs = Catalogs::bundled()?;
    let arch = catalogs
        .defence
        .architecture(&catalogs.catalog, "epaa-phase-3")?;
    let from = catalogs.catalog.resolve_place("semnan")?;
    let to = catalogs.catalog.resolve_place("bucharest")?;
    let query = shieldsim_studies::engage::EngageQuery {
        catalogs: &catalogs,
        architecture: &arch,
        threat: "irbm-4000",
        from: &from,
        to: &to,
        sensing: Sensing::Own,
        cued_radars: None,
        uncertainty: None,
        effectiveness: None,
    };
    let args: Vec<String> = [
        "engage",
        "--architecture",
        "epaa-phase-3",
        "--threat",
        "irbm-4000",
        "--from",
        "semnan",
        "--to",
        "bucharest",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Warm: the tables built once (the process cache), as in a notebook after the first call.
    shieldsim_studies::engage::engage(&query).map_err(|e| e.to_string())?;
    let t = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(shieldsim_studies::engage::engage(&query).map_err(|e| e.to_string())?);
    }
    let library_ms = t.elapsed().as_secs_f64() * 1e3 / calls as f64;
    let t = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(shieldsim::capture(&args).map_err(|f| f.message)?);
    }
    let capture_ms = t.elapsed().as_secs_f64() * 1e3 / calls as f64;
    println!("calls: {calls}");
    println!("library engage (warm tables): {library_ms:.3} ms per call");
    println!("shieldsim::capture (parse, checks, JSON text): {capture_ms:.3} ms per call");
    Ok(())
}
