//! External reference: GeographicLib (Karney). Data and provenance in
//! `validation/data/geographiclib/`; tolerances and measured errors in VALIDATION.md.

mod common;
use common::{angle_diff_deg, num, read_csv};
use glam::DVec3;
use shieldsim_core::earth::{Earth, Geodetic};

/// Case counts may never drop (a shrinking reference set would hide regressions).
const GEODESIC_CASES: usize = 300;
const CARTCONVERT_CASES: usize = 300;

/// Geodesic distance: 1 µm (issue 2: `ground_range_km` agrees with GeographicLib).
const TOL_GEODESIC_M: f64 = 1e-6;
/// Forward azimuth, except within 1° of antipodal where it is ill-conditioned.
const TOL_AZIMUTH_DEG: f64 = 1e-9;

#[test]
fn val_geographiclib_geodesic_inverse() {
    let (_, rows) = read_csv("geographiclib/geodesic_inverse.csv");
    assert!(
        rows.len() >= GEODESIC_CASES,
        "case count dropped to {}",
        rows.len()
    );
    let (mut worst_m, mut worst_az) = (0.0f64, 0.0f64);
    for row in &rows {
        let earth = match row[0].as_str() {
            "wgs84" => Earth::wgs84(),
            "sphere" => Earth::sphere(),
            other => panic!("unknown model {other}"),
        };
        let (lat1, lon1, lat2, lon2) = (num(&row[1]), num(&row[2]), num(&row[3]), num(&row[4]));
        let line = earth.geodesic_deg(lat1, lon1, lat2, lon2);
        let err_m = (line.distance_m - num(&row[5])).abs();
        assert!(
            err_m < TOL_GEODESIC_M,
            "{row:?}: distance {} (err {err_m:e} m)",
            line.distance_m
        );
        worst_m = worst_m.max(err_m);
        let near_antipodal =
            (lat1 + lat2).abs() < 1.0 && angle_diff_deg(lon1 + 180.0, lon2).abs() < 1.0;
        if !near_antipodal {
            let err_az = angle_diff_deg(line.azimuth1_deg, num(&row[6])).abs();
            assert!(
                err_az < TOL_AZIMUTH_DEG,
                "{row:?}: azimuth {} (err {err_az:e}°)",
                line.azimuth1_deg
            );
            worst_az = worst_az.max(err_az);
        }
    }
    println!(
        "geodesic inverse: {} cases, max distance error {worst_m:.3e} m, max azimuth error {worst_az:.3e} deg",
        rows.len()
    );
}

/// Geodetic → ECEF and back, against `CartConvert`: 1e-9 km = 1 µm (issue 2).
const TOL_ECEF_M: f64 = 1e-6;

#[test]
fn val_geographiclib_cartconvert() {
    let (_, rows) = read_csv("geographiclib/cartconvert.csv");
    assert!(
        rows.len() >= CARTCONVERT_CASES,
        "case count dropped to {}",
        rows.len()
    );
    let earth = Earth::wgs84();
    let (mut worst_fwd, mut worst_inv_h, mut worst_inv_pos) = (0.0f64, 0.0f64, 0.0f64);
    for row in &rows {
        let g = Geodetic::from_deg_km(num(&row[0]), num(&row[1]), num(&row[2]) / 1e3);
        let reference = DVec3::new(num(&row[3]), num(&row[4]), num(&row[5]));
        let ours = earth.geodetic_to_ecef(g);
        let err = (ours - reference).length();
        assert!(err < TOL_ECEF_M, "{row:?}: forward error {err:e} m");
        worst_fwd = worst_fwd.max(err);
        // Inverse (Vermeille) from CartConvert's ECEF; compare height and the re-projected point.
        let back = earth.ecef_to_geodetic(reference);
        let err_h = (back.alt_m - g.alt_m).abs();
        let err_pos = (earth.geodetic_to_ecef(back) - reference).length();
        assert!(
            err_h < TOL_ECEF_M && err_pos < TOL_ECEF_M,
            "{row:?}: inverse errors h {err_h:e} m, position {err_pos:e} m"
        );
        worst_inv_h = worst_inv_h.max(err_h);
        worst_inv_pos = worst_inv_pos.max(err_pos);
    }
    println!(
        "cartconvert: {} cases, forward max {worst_fwd:.3e} m, inverse max height {worst_inv_h:.3e} m, re-projected {worst_inv_pos:.3e} m",
        rows.len()
    );
}

/// DATA.md §4.5 sanity distances (its own Vincenty figures, rounded to 1 km and 0.1°).
#[test]
fn val_data_md_sanity_distances() {
    let earth = Earth::wgs84();
    let cases = [
        ((35.235, 53.921), (44.08, 24.41), 2698.0, 300.3), // Semnan → Deveselu
        ((35.235, 53.921), (52.52, 13.405), 3711.0, 313.9), // Semnan → Berlin
        ((35.235, 53.921), (51.5074, -0.1278), 4614.0, 310.3), // Semnan → London
        ((54.03, 35.78), (38.8977, -77.0365), 7880.0, 310.6), // Kozelsk → Washington
        ((51.67, 45.57), (38.8977, -77.0365), 8535.0, 317.7), // Tatishchevo → Washington
    ];
    for ((lat1, lon1), (lat2, lon2), km, az) in cases {
        let line = earth.geodesic_deg(lat1, lon1, lat2, lon2);
        assert!(
            (line.distance_m / 1e3 - km).abs() <= 0.5 + 1e-9,
            "{lat1},{lon1} → {lat2},{lon2}: {} km",
            line.distance_m / 1e3
        );
        assert!(
            angle_diff_deg(line.azimuth1_deg, az).abs() <= 0.05 + 1e-9,
            "azimuth {}",
            line.azimuth1_deg
        );
    }
}
