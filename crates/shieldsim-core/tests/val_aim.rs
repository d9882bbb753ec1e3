//! Aiming: the minimum-energy table of DATA.md §1.1, and rotating-WGS84 aim → ballistic closure.

use geographiclib_rs::{DirectGeodesic, Geodesic};
use shieldsim_core::aim::{AimMode, AimRequest, aim};
use shieldsim_core::ballistic::{FreeFlightOptions, free_flight};
use shieldsim_core::earth::{Earth, Geodetic, SPHERE_RADIUS_M};

/// DATA.md §1.1 (C, H): ground range (km), burnout speed (km/s), flight-path angle (deg),
/// apogee (km), free-flight time (min); two-body, R = 6371 km, burnout at the surface.
const MIN_ENERGY_TABLE: [(f64, f64, f64, f64, f64); 19] = [
    (300.0, 1.696, 44.33, 74.0, 4.2),
    (500.0, 2.173, 43.88, 123.0, 5.5),
    (1000.0, 3.016, 42.75, 240.0, 7.9),
    (1300.0, 3.401, 42.08, 308.0, 9.1),
    (2000.0, 4.113, 40.50, 459.0, 11.7),
    (2500.0, 4.518, 39.38, 560.0, 13.4),
    (3000.0, 4.865, 38.26, 655.0, 14.9),
    (4000.0, 5.433, 36.01, 828.0, 17.9),
    (5000.0, 5.883, 33.76, 976.0, 20.6),
    (5500.0, 6.075, 32.63, 1041.0, 21.9),
    (6000.0, 6.249, 31.51, 1099.0, 23.2),
    (7000.0, 6.552, 29.26, 1195.0, 25.7),
    (8000.0, 6.805, 27.01, 1264.0, 28.0),
    (9000.0, 7.018, 24.77, 1305.0, 30.2),
    (10000.0, 7.198, 22.52, 1320.0, 32.2),
    (11000.0, 7.351, 20.27, 1306.0, 34.0),
    (12000.0, 7.480, 18.02, 1265.0, 35.7),
    (13000.0, 7.588, 15.77, 1196.0, 37.2),
    (14000.0, 7.678, 13.52, 1100.0, 38.5),
];

/// Issue 2 tolerances against the printed table: speed to 0.001 km/s, apogee to 1 km, flight
/// time to 0.1 min (γ: half a unit of its last printed digit). The 6,000 km row's apogee is
/// printed as 1,099 km but its closed form is 1,098.49 km (see `analytic_min_energy_closed_form`).
const TOL_SPEED_KM_S: f64 = 0.001;
const TOL_GAMMA_DEG: f64 = 0.005;
const TOL_APOGEE_KM: f64 = 1.0;
const TOL_TIME_MIN: f64 = 0.1;
/// Against the closed form itself: 1e-6 relative.
const TOL_CLOSED_FORM_REL: f64 = 1e-6;

#[test]
fn val_data_md_min_energy_table() {
    let earth = Earth::sphere().without_rotation();
    let (mut ws, mut wg, mut wa, mut wt) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (i, &(range_km, v, gamma, apogee, t_min)) in MIN_ENERGY_TABLE.iter().enumerate() {
        // Launch anywhere, any heading: on the non-rotating sphere all are equivalent.
        let (lat, lon, az) = (-40.0 + 4.0 * i as f64, 10.0 * i as f64, 20.0 * i as f64);
        let geod = Geodesic::new(SPHERE_RADIUS_M, 0.0);
        let (lat2, lon2): (f64, f64) = geod.direct(lat, lon, az, range_km * 1e3);
        let req = AimRequest {
            launch: Geodetic::from_deg_km(lat, lon, 0.0),
            target: Geodetic::from_deg_km(lat2, lon2, 0.0),
            mode: AimMode::MinEnergy,
        };
        let s = aim(&earth, &req).expect("aims");
        let (sv, sg, sa, st) = (
            s.burnout.velocity.speed_m_s / 1e3,
            s.burnout.velocity.gamma_rad.to_degrees(),
            s.flight.apogee_alt_m / 1e3,
            s.flight.flight_time_s / 60.0,
        );
        assert!(
            (sv - v).abs() <= TOL_SPEED_KM_S,
            "{range_km} km: speed {sv}"
        );
        assert!(
            (sg - gamma).abs() <= TOL_GAMMA_DEG,
            "{range_km} km: gamma {sg}"
        );
        assert!(
            (sa - apogee).abs() <= TOL_APOGEE_KM,
            "{range_km} km: apogee {sa}"
        );
        assert!(
            (st - t_min).abs() <= TOL_TIME_MIN,
            "{range_km} km: time {st}"
        );
        assert!(s.miss_m < 1e-3, "{range_km} km: miss {} m", s.miss_m);
        ws = ws.max((sv - v).abs());
        wg = wg.max((sg - gamma).abs());
        wa = wa.max((sa - apogee).abs());
        wt = wt.max((st - t_min).abs());
    }
    println!(
        "min-energy table: 19 rows, max |Δ| speed {ws:.4} km/s, gamma {wg:.4} deg, apogee {wa:.3} km, time {wt:.4} min"
    );
}

/// The minimum-energy trajectory in closed form (DATA.md §1.1 formulae; e.g. Wheelon 1959):
/// ψ = range/R, Q = v²R/μ = 2 sin(ψ/2)/(1 + sin(ψ/2)), γ = (π − ψ)/4, a = R/(2 − Q),
/// e² = 1 − Q(2 − Q)cos²γ, apogee = a(1 + e) − R.
#[test]
fn analytic_min_energy_closed_form() {
    let earth = Earth::sphere().without_rotation();
    let (r_m, mu) = (SPHERE_RADIUS_M, earth.mu_m3_s2);
    let mut worst = 0.0f64;
    for range_km in [
        150.0, 300.0, 1000.0, 3000.0, 6000.0, 10000.0, 15000.0, 19000.0,
    ] {
        let psi = range_km * 1e3 / r_m;
        let s = (psi / 2.0).sin();
        let q = 2.0 * s / (1.0 + s);
        let (v, gamma) = ((q * mu / r_m).sqrt(), (std::f64::consts::PI - psi) / 4.0);
        let a = r_m / (2.0 - q);
        let apogee = a * (1.0 + (1.0 - q * (2.0 - q) * gamma.cos().powi(2)).sqrt()) - r_m;
        let req = AimRequest {
            launch: Geodetic::from_deg_km(0.0, 0.0, 0.0),
            target: Geodetic::from_deg_km(0.0, psi.to_degrees(), 0.0),
            mode: AimMode::MinEnergy,
        };
        let sol = aim(&earth, &req).expect("aims");
        for (ours, exact) in [
            (sol.burnout.velocity.speed_m_s, v),
            (sol.burnout.velocity.gamma_rad, gamma),
            (sol.flight.apogee_alt_m, apogee),
        ] {
            let rel = ((ours - exact) / exact).abs();
            assert!(
                rel < TOL_CLOSED_FORM_REL,
                "{range_km} km: {ours} vs {exact}"
            );
            worst = worst.max(rel);
        }
    }
    println!("min-energy closed form: 8 ranges, max relative error {worst:.2e}");
}

/// Issue 2: on the rotating WGS84 + J2 Earth, `ballistic` from `aim`'s burnout state lands
/// within 0.01 km of the target, for pairs across all azimuths and latitudes up to 80°.
const TOL_MISS_M: f64 = 10.0;

#[test]
fn val_aim_closes_on_rotating_wgs84() {
    let earth = Earth::wgs84();
    let geod = Geodesic::wgs84();
    let (mut worst, mut cases) = (0.0f64, 0);
    for lat in (-80..=80).step_by(20) {
        for az in (0..360).step_by(45) {
            for range_km in [300.0, 2000.0, 6000.0, 11000.0] {
                let lon = f64::from(az) * 0.7 - 100.0;
                let (lat2, lon2): (f64, f64) =
                    geod.direct(f64::from(lat), lon, f64::from(az), range_km * 1e3);
                let req = AimRequest {
                    launch: Geodetic::from_deg_km(f64::from(lat), lon, 0.0),
                    target: Geodetic::from_deg_km(lat2, lon2, 0.0),
                    mode: AimMode::MinEnergy,
                };
                let s = aim(&earth, &req)
                    .unwrap_or_else(|e| panic!("{lat}° az {az}° {range_km} km: {e}"));
                // Re-fly independently, as `shieldsim ballistic` would.
                let flight =
                    free_flight(&earth, &s.burnout, &FreeFlightOptions::default()).expect("flies");
                let miss_m = earth
                    .geodesic_deg(flight.impact.lat_deg(), flight.impact.lon_deg(), lat2, lon2)
                    .distance_m;
                assert!(
                    miss_m < TOL_MISS_M,
                    "{lat}° az {az}° {range_km} km: miss {miss_m} m"
                );
                worst = worst.max(miss_m);
                cases += 1;
            }
        }
    }
    println!("aim closure (min-energy, rotating WGS84): {cases} pairs, max miss {worst:.3e} m");
}

/// Minimum energy is a minimum: with the same geometry, the fixed-time solutions a minute either
/// side need more speed; lofted and depressed land on target and order apogee and time.
#[test]
fn prop_min_energy_is_least_speed_and_family_ordering() {
    let earth = Earth::wgs84();
    let launch = Geodetic::from_deg_km(54.03, 35.78, 0.0);
    let target = Geodetic::from_deg_km(38.8977, -77.0365, 0.0);
    let me = aim(
        &earth,
        &AimRequest {
            launch,
            target,
            mode: AimMode::MinEnergy,
        },
    )
    .expect("me");
    let t_me = me.flight.flight_time_s;
    for dt in [-60.0, -5.0, 5.0, 60.0] {
        let other = aim(
            &earth,
            &AimRequest {
                launch,
                target,
                mode: AimMode::FlightTime(t_me + dt),
            },
        )
        .expect("fixed time");
        assert!(
            other.burnout.velocity.speed_m_s > me.burnout.velocity.speed_m_s,
            "T {dt:+} s is faster"
        );
        assert!(
            (other.flight.flight_time_s - (t_me + dt)).abs() < 1e-3 && other.miss_m < TOL_MISS_M
        );
    }
    let lofted = aim(
        &earth,
        &AimRequest {
            launch,
            target,
            mode: AimMode::Apogee(1.5 * me.flight.apogee_alt_m),
        },
    )
    .expect("lofted");
    let depressed = aim(
        &earth,
        &AimRequest {
            launch,
            target,
            mode: AimMode::Apogee(0.5 * me.flight.apogee_alt_m),
        },
    )
    .expect("depressed");
    for s in [&lofted, &depressed] {
        assert!(s.miss_m < TOL_MISS_M);
    }
    assert!((lofted.flight.apogee_alt_m / (1.5 * me.flight.apogee_alt_m) - 1.0).abs() < 1e-6);
    assert!(lofted.flight.flight_time_s > t_me && depressed.flight.flight_time_s < t_me);
    assert!(
        lofted.burnout.velocity.gamma_rad > me.burnout.velocity.gamma_rad
            && depressed.burnout.velocity.gamma_rad < me.burnout.velocity.gamma_rad
    );
}

/// Burnout above the launch point (here 200 km) is honoured and still lands on target.
#[test]
fn val_aim_with_burnout_altitude() {
    let earth = Earth::wgs84();
    let req = AimRequest {
        launch: Geodetic::from_deg_km(35.235, 53.921, 200.0),
        target: Geodetic::from_deg_km(44.4268, 26.1025, 0.0),
        mode: AimMode::MinEnergy,
    };
    let s = aim(&earth, &req).expect("aims");
    assert!((s.burnout.position.alt_m - 200e3).abs() < 1e-6);
    assert!(s.miss_m < TOL_MISS_M && s.flight.apogee_alt_m > 200e3);
}
