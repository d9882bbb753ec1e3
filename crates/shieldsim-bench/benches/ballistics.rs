//! Hot paths of the ballistics core (issue 2): a 10,000 km free flight on WGS84 + J2 at
//! 1e-10 relative tolerance, a rotating-Earth minimum-energy aim solve, and their parts.
//! Run: `cargo bench -p shieldsim-bench`; figures go to BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use geographiclib_rs::{DirectGeodesic, Geodesic};
use shieldsim_core::aim::{AimMode, AimRequest, aim};
use shieldsim_core::ballistic::{BurnoutState, FreeFlightOptions, Method, free_flight};
use shieldsim_core::earth::{Earth, Geodetic};
use std::hint::black_box;

/// The minimum-energy burnout state from Kozelsk to the point 10,000 km away on azimuth 320°
/// (across the pole towards North America), on the rotating WGS84 Earth.
fn ten_thousand_km(earth: &Earth) -> (BurnoutState, Geodetic) {
    let (lat2, lon2): (f64, f64) = Geodesic::wgs84().direct(54.03, 35.78, 320.0, 10_000e3);
    let target = Geodetic::from_deg_km(lat2, lon2, 0.0);
    let request = AimRequest {
        launch: Geodetic::from_deg_km(54.03, 35.78, 0.0),
        target,
        mode: AimMode::MinEnergy,
    };
    (aim(earth, &request).expect("aims").burnout, target)
}

fn benches(c: &mut Criterion) {
    let earth = Earth::wgs84();
    let (burnout, target) = ten_thousand_km(&earth);
    let options = FreeFlightOptions {
        method: Method::Numerical,
        ..Default::default()
    };
    let flight = free_flight(&earth, &burnout, &options).expect("flies");
    let range_km = flight.ground_range_m / 1e3;
    assert!(
        (range_km - 10_000.0).abs() < 0.01,
        "bench flight is {range_km} km"
    );
    eprintln!(
        "free flight: {range_km:.3} km, {:.1} s, {} DOP853 steps",
        flight.flight_time_s, flight.steps
    );

    c.bench_function("free_flight_wgs84_j2_10000km_rtol1e-10", |b| {
        b.iter(|| free_flight(black_box(&earth), black_box(&burnout), &options).expect("flies"))
    });

    let sphere = Earth::sphere().without_rotation();
    c.bench_function("free_flight_sphere_kepler_closed_form", |b| {
        b.iter(|| {
            free_flight(
                black_box(&sphere),
                black_box(&burnout),
                &FreeFlightOptions::default(),
            )
            .expect("flies")
        })
    });

    let request = AimRequest {
        launch: burnout.position,
        target,
        mode: AimMode::MinEnergy,
    };
    c.bench_function("aim_min_energy_wgs84_rotating_10000km", |b| {
        b.iter(|| aim(black_box(&earth), black_box(&request)).expect("aims"))
    });

    let point = earth.geodetic_to_ecef(Geodetic::from_deg_km(54.03, 35.78, 850.0));
    c.bench_function("ecef_to_geodetic_vermeille", |b| {
        b.iter(|| earth.ecef_to_geodetic(black_box(point)))
    });
    c.bench_function("geodesic_inverse_geographiclib", |b| {
        b.iter(|| earth.geodesic_deg(black_box(54.03), 35.78, black_box(38.9), -77.04))
    });
    c.bench_function("gravity_point_mass_j2", |b| {
        b.iter(|| earth.gravity_m_s2(black_box(point)))
    });
}

criterion_group!(ballistics, benches);
criterion_main!(ballistics);
