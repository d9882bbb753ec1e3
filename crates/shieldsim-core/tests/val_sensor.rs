//! Issue 4: the radar horizon. Lowest visible altitude against ground range must match the
//! analytic line-of-sight formula (with and without 4/3-Earth refraction) to 0.1 %.
//!
//! Reference: a ray leaving a radar at radius a = R_e + h_r with elevation ε over a sphere of
//! radius R_e = k·R reaches radius a·cos ε / cos(φ + ε) at central angle φ = s/R_e (s the
//! ground arc), so the lowest visible altitude at ground range s is
//! h_min(s) = (R_e + h_r) cos ε / cos(s/R_e + ε) − R_e (Skolnik, *Introduction to Radar
//! Systems*, §8.2; k = 4/3 for the standard atmosphere).

use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::roots::brent;
use shieldsim_core::sensor::{Face, Radar, Visibility};

#[test]
fn val_radar_horizon_matches_analytic_formula() {
    let earth = Earth::sphere();
    let r_m: f64 = 6_371_000.0;
    let mut worst: f64 = 0.0;
    let mut cases = 0;
    for k in [1.0, 4.0 / 3.0] {
        for (h_r_m, mask_deg) in [(30.0, 0.0), (2_000.0, 0.0), (260.0, 3.0)] {
            let radar = Radar {
                position: Geodetic::from_deg_km(0.0, 0.0, h_r_m / 1e3),
                faces: vec![Face {
                    boresight_az_deg: 90.0,
                    half_width_az_deg: 180.0,
                    el_min_deg: mask_deg,
                    el_max_deg: 90.0,
                }],
                ref_range_m: 1e9,
                ref_rcs_m2: 1.0,
                refraction_k: k,
            };
            for s_km in [50.0, 200.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0] {
                let s_m = s_km * 1e3;
                let lon_deg = (s_m / r_m).to_degrees();
                let visible = |h_m: f64| {
                    let p = earth.geodetic_to_ecef(Geodetic::from_deg_km(0.0, lon_deg, h_m / 1e3));
                    radar.visibility(&earth, p, 1.0) == Visibility::Visible
                };
                let h_found = brent(|h| if visible(h) { 1.0 } else { -1.0 }, 0.0, 5e6, 1e-4)
                    .expect("a visible altitude exists");
                let re = k * r_m;
                let eps = mask_deg.to_radians();
                let h_ref = (re + h_r_m) * eps.cos() / (s_m / re + eps).cos() - re;
                let rel = (h_found - h_ref).abs() / h_ref.abs().max(1.0);
                worst = worst.max(rel);
                cases += 1;
                assert!(
                    rel < 1e-3,
                    "k {k}, h_r {h_r_m} m, mask {mask_deg}°, s {s_km} km: {h_found:.1} vs {h_ref:.1} m"
                );
            }
        }
    }
    println!("radar horizon: {cases} cases, max rel error {worst:.2e}");
}

/// Detection range scales as RCS^(1/4): 16× the cross-section doubles the range.
#[test]
fn val_detection_range_fourth_root() {
    let radar = Radar {
        position: Geodetic::from_deg_km(0.0, 0.0, 0.0),
        faces: vec![],
        ref_range_m: 1_000e3,
        ref_rcs_m2: 1.0,
        refraction_k: 1.0,
    };
    assert!((radar.detection_range_m(16.0) - 2_000e3).abs() < 1e-6);
    assert!((radar.detection_range_m(0.01) - 1_000e3 * 0.01f64.powf(0.25)).abs() < 1e-6);
}
