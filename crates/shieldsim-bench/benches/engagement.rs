//! Issue 4: one `engage` of one threat (irbm-4000, Semnan → Bucharest) against every site of
//! epaa-phase-3, with the fly-out tables already built; the table build itself; and the
//! effectiveness computations. Run: `cargo bench -p shieldsim-bench --bench engagement`.

use criterion::{Criterion, criterion_group, criterion_main};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::effectiveness::{Doctrine, monte_carlo, p_no_leak};
use shieldsim_core::engagement::{Assumptions, engage};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalog::Catalog;
use shieldsim_scenario::defence::DefenceCatalog;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let earth = Earth::wgs84();
    let cat = Catalog::bundled().expect("catalog");
    let arch = DefenceCatalog::bundled()
        .expect("defence catalog")
        .architecture(cat, "epaa-phase-3")
        .expect("architecture");
    let at = |p: &str| {
        let r = cat.resolve_place(p).expect("place");
        Geodetic::from_deg_km(r.lat_deg, r.lon_deg, 0.0)
    };
    let (_, path) =
        analysis::threat_path(&earth, cat, "irbm-4000", (at("semnan"), at("bucharest")))
            .expect("threat path");
    let tables = analysis::tables(&arch).expect("tables");
    let assumptions = Assumptions {
        decision_delay_s: 60.0,
        kill_assessment_s: 60.0,
        rcs_m2: 0.1,
        track_after_burnout_s: 30.0,
        sensing: shieldsim_core::engagement::Sensing::Own,
        cross_side_delay_s: 0.0,
    };
    c.bench_function("engage_irbm4000_semnan_bucharest_epaa_phase3", |b| {
        b.iter(|| {
            engage(
                black_box(&earth),
                &path,
                &arch.sensors,
                &arch.sites,
                &tables,
                &assumptions,
            )
        })
    });
    let iia = &arch.interceptors[1].1;
    let mut group = c.benchmark_group("flyout_table");
    group.sample_size(10);
    group.bench_function("build_sm3_iia", |b| {
        b.iter(|| FlyoutTable::build(black_box(iia)).expect("table"))
    });
    group.finish();
    let d = Doctrine {
        pk: 0.8,
        shots_per_salvo: 2,
        opportunities: 2,
        inventory: 24,
        raid_size: 10,
    };
    c.bench_function("p_no_leak_exact_raid10_inv24", |b| {
        b.iter(|| p_no_leak(black_box(&d)))
    });
    c.bench_function("monte_carlo_100k_trials_raid10", |b| {
        b.iter(|| monte_carlo(black_box(&d), 100_000, 1))
    });
}

/// Issue 5: one footprint — Deveselu (epaa-phase-2) against irbm-4000 from Semnan, aim points
/// every 50 km over Europe (34–72° N, 12° W–45° E). Minutes per criterion run: run with
/// `cargo bench -p shieldsim-bench --bench engagement -- footprint`.
fn footprint_bench(c: &mut Criterion) {
    use shieldsim_scenario::analysis::{FootprintMethod, GridSpec, footprint, tables};
    let earth = Earth::wgs84();
    let cat = Catalog::bundled().expect("catalog");
    let arch = DefenceCatalog::bundled()
        .expect("defence catalog")
        .architecture(cat, "epaa-phase-2")
        .expect("architecture");
    let t = tables(&arch).expect("tables");
    let a = Assumptions {
        decision_delay_s: 60.0,
        kill_assessment_s: 60.0,
        rcs_m2: 0.1,
        track_after_burnout_s: 30.0,
        sensing: shieldsim_core::engagement::Sensing::Own,
        cross_side_delay_s: 0.0,
    };
    let s = cat.resolve_place("semnan").expect("place");
    let launch = Geodetic::from_deg_km(s.lat_deg, s.lon_deg, 0.0);
    let grid = GridSpec {
        lat_min_deg: 34.0,
        lat_max_deg: 72.0,
        lon_min_deg: -12.0,
        lon_max_deg: 45.0,
        spacing_km: 50.0,
    };
    let mut group = c.benchmark_group("footprint");
    group.sample_size(10);
    group.bench_function("deveselu_irbm4000_semnan_europe_50km", |b| {
        b.iter(|| {
            footprint(
                &earth,
                cat,
                "irbm-4000",
                launch,
                grid,
                &arch,
                &t,
                &a,
                Some("deveselu"),
                FootprintMethod::default(),
                &|_, _| {},
            )
            .expect("footprint")
        })
    });
    group.finish();
}

criterion_group!(engagement, benches, footprint_bench);
criterion_main!(engagement);
