//! Issue 3: one full `fly` solve (steering search included) for icbm-11000, Kozelsk →
//! Washington, rotating WGS84; and its parts. Run: `cargo bench -p shieldsim-bench --bench missiles`.

use criterion::{Criterion, criterion_group, criterion_main};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::missile::{Shape, Vehicle, boost, fly, solve};
use shieldsim_core::missile::{Stage, Steering};
use std::hint::black_box;

/// The catalog's icbm-11000 nominal values (catalog/missiles.toml), repeated here so the bench
/// crate needs no catalog parsing.
fn icbm() -> Vehicle {
    let st = |propellant_kg, dry_kg, isp_vac_s, burn_s, exit_area_m2, diameter_m| Stage {
        propellant_kg,
        dry_kg,
        isp_vac_s,
        burn_s,
        exit_area_m2,
        diameter_m,
    };
    Vehicle {
        stages: vec![
            st(28000.0, 2800.0, 277.0, 65.0, 1.2, 1.86),
            st(9000.0, 1100.0, 287.0, 60.0, 0.6, 1.61),
            st(3500.0, 550.0, 293.0, 55.0, 0.3, 1.58),
        ],
        payload_kg: 1200.0,
        rv_beta_kg_m2: 15000.0,
        cd_mach: vec![
            (0.0, 0.20),
            (0.6, 0.20),
            (0.8, 0.25),
            (1.0, 0.42),
            (1.2, 0.45),
            (1.5, 0.40),
            (2.0, 0.34),
            (3.0, 0.28),
            (5.0, 0.24),
            (10.0, 0.22),
        ],
        vertical_rise_s: 6.0,
        kick_s: 4.0,
    }
}

fn benches(c: &mut Criterion) {
    let earth = Earth::wgs84();
    let v = icbm();
    let launch = Geodetic::from_deg_km(54.03, 35.78, 0.0);
    let target = Geodetic::from_deg_km(38.8977, -77.0365, 0.0);
    let solution = solve(&earth, &v, launch, target, Shape::MinEnergy, None).expect("solves");
    let steering: Steering = solution.steering;
    let mut group = c.benchmark_group("icbm_11000_kozelsk_washington");
    group.sample_size(20);
    group.bench_function("fly_solve_min_energy", |b| {
        b.iter(|| {
            solve(
                black_box(&earth),
                &v,
                launch,
                target,
                Shape::MinEnergy,
                None,
            )
            .expect("solves")
        })
    });
    group.finish();
    c.bench_function("icbm_one_flight_boost_and_rv_with_drag", |b| {
        b.iter(|| fly(black_box(&earth), &v, launch, &steering, None).expect("flies"))
    });
    c.bench_function("icbm_boost_only", |b| {
        b.iter(|| boost(black_box(&earth), &v, launch, &steering, None).expect("boosts"))
    });
}

criterion_group!(missiles, benches);
criterion_main!(missiles);
