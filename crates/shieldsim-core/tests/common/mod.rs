//! Shared helpers of the validation tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// Path of a file under the repository's `validation/data/`.
pub fn data_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../validation/data")
        .join(rel)
}

/// Rows of a CSV file with a header line (simple: no quoted commas), as string fields.
pub fn read_csv(rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let path = data_path(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_string)
        .collect();
    let rows = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Parse a field as f64.
pub fn num(s: &str) -> f64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s}"))
}

/// Difference of two angles in degrees, wrapped to (−180, 180].
pub fn angle_diff_deg(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    if d > 180.0 { d - 360.0 } else { d }
}

/// An SM-3 Block IIA-like interceptor (the catalog's nominal values, catalog/interceptors.toml).
pub fn sm3_iia() -> shieldsim_core::interceptor::Interceptor {
    use shieldsim_core::interceptor::{Interceptor, InterceptorStage};
    let st = |burn_s, dv_share| InterceptorStage { burn_s, dv_share };
    Interceptor {
        stages: vec![st(6.0, 0.2), st(30.0, 0.45), st(24.0, 0.35)],
        burnout_speed_m_s: 4500.0,
        isp_s: 260.0,
        beta_kg_m2: 20000.0,
        min_launch_el_deg: 15.0,
        min_intercept_alt_m: 70e3,
        max_intercept_alt_m: 1000e3,
        max_flyout_s: 700.0,
    }
}
