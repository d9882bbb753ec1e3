//! Issue 12: 1,000 parameter sets of one ICBM route (icbm-11000 Tatishchevo → Washington)
//! against one architecture (epaa-phase-4, all three interceptor types) under `cued` sensing,
//! every ranged figure that bears on the answer varying (burnout speeds, intercept bands,
//! fly-out times, radar delays and ranges, decision delay, track-after-burnout, RCS); the
//! speed lattice's fly-out tables built inside the measurement. Also 250 and 4,000 sets, for
//! how the cost grows. Every set is evaluated (the optimistic-corner shortcut is off, since this
//! route under `cued` never engages and would be decided at the corner); `..._corner` measures
//! the same call with the shortcut, as runs use it. Run:
//! `cargo bench -p shieldsim-bench --bench uncertainty`. `..._with_threat` adds the threat's own
//! figures: its 16 variants flown inside the measurement, as `engage --samples` does.

use criterion::{Criterion, criterion_group, criterion_main};
use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::Sensing;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::scenario::ScenarioAssumptions;
use shieldsim_studies::uncertainty::{
    Design, Distribution, LatticeCache, Prepared, threat_variants,
};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let earth = Earth::wgs84();
    let cat = Catalogs::bundled().expect("catalog");
    let arch = cat
        .defence
        .architecture(&cat.catalog, "epaa-phase-4")
        .expect("architecture");
    let a = ScenarioAssumptions::defaults(&cat.assumptions, &cat.defence);
    let sensed = a.sensed(&cat, &arch, Sensing::Cued).expect("cued");
    let at = |p: &str| cat.catalog.resolve_place(p).expect("place").surface();
    let (_, path) = analysis::threat_path(
        &earth,
        &cat.catalog,
        "icbm-11000",
        (at("tatishchevo"), at("washington")),
    )
    .expect("threat path");
    let base = a.engagement(cat.assumptions.rcs_m2.value, Sensing::Cued);
    let mut group = c.benchmark_group("uncertainty");
    group.sample_size(10);
    let design = |n: u32| Design {
        samples: n,
        seed: 1,
        distribution: Distribution::Triangular,
        vary: Vec::new(),
        fix: Vec::new(),
        narrow: Vec::new(),
    };
    for n in [250u32, 1_000, 4_000] {
        group.bench_function(format!("engage_icbm_phase4_cued_{n}_sets"), |b| {
            b.iter(|| {
                Prepared::new(
                    &cat,
                    black_box(&sensed),
                    base,
                    &design(n),
                    &LatticeCache::default(),
                    true,
                )
                .expect("prepared")
                .answer_with(&path, None, false)
                .expect("uncertainty")
            })
        });
    }
    let route = (at("tatishchevo"), at("washington"));
    group.bench_function("engage_icbm_phase4_cued_1000_sets_with_threat", |b| {
        b.iter(|| {
            let d = design(1_000);
            let variants =
                threat_variants(&earth, &cat, "icbm-11000", route, &d).expect("variants");
            Prepared::new(
                &cat,
                black_box(&sensed),
                base,
                &d,
                &LatticeCache::default(),
                true,
            )
            .expect("prepared")
            .answer_with(&path, Some(&variants), false)
            .expect("uncertainty")
        })
    });
    group.bench_function("engage_icbm_phase4_cued_1000_sets_corner", |b| {
        b.iter(|| {
            Prepared::new(
                &cat,
                black_box(&sensed),
                base,
                &design(1_000),
                &LatticeCache::default(),
                true,
            )
            .expect("prepared")
            .answer(&path)
            .expect("uncertainty")
        })
    });
    group.finish();
}

criterion_group!(uncertainty, bench);
criterion_main!(uncertainty);
