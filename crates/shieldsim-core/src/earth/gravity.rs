//! Gravity: point mass plus the J2 zonal term.

use glam::DVec3;

/// Point-mass + J2 acceleration (m/s²) at `pos_m` (any frame whose z axis is the Earth's
/// rotation axis: the J2 field is axisymmetric).
///
/// a = −μ r/|r|³ − (3/2) J2 μ Re²/|r|⁵ [x(1 − 5z²/r²), y(1 − 5z²/r²), z(3 − 5z²/r²)].
/// Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., eq. 8-30 (the J2
/// terms of the zonal-harmonic acceleration).
#[inline]
pub fn point_mass_j2(pos_m: DVec3, mu_m3_s2: f64, j2: f64, re_m: f64) -> DVec3 {
    let r2 = pos_m.length_squared();
    let r = r2.sqrt();
    let mu_r3 = mu_m3_s2 / (r2 * r);
    if j2 == 0.0 {
        return -mu_r3 * pos_m;
    }
    let z2_r2 = pos_m.z * pos_m.z / r2;
    let k = 1.5 * j2 * re_m * re_m / r2;
    let fxy = 1.0 + k * (1.0 - 5.0 * z2_r2);
    let fz = 1.0 + k * (3.0 - 5.0 * z2_r2);
    DVec3::new(
        -mu_r3 * pos_m.x * fxy,
        -mu_r3 * pos_m.y * fxy,
        -mu_r3 * pos_m.z * fz,
    )
}

/// Gravitational potential energy per unit mass (J/kg, negative) of the point-mass + J2 field:
/// U = −μ/r [1 − J2 (Re/r)² P2(z/r)], P2(x) = (3x² − 1)/2. Used to check energy conservation.
pub fn potential_j2(pos_m: DVec3, mu_m3_s2: f64, j2: f64, re_m: f64) -> f64 {
    let r = pos_m.length();
    let s = pos_m.z / r;
    let p2 = 0.5 * (3.0 * s * s - 1.0);
    -mu_m3_s2 / r * (1.0 - j2 * (re_m / r).powi(2) * p2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::earth::Earth;

    /// The acceleration is minus the gradient of the potential (central differences).
    #[test]
    fn analytic_acceleration_is_gradient_of_potential() {
        let e = Earth::wgs84();
        let r = DVec3::new(3.1e6, -4.2e6, 4.4e6);
        let h = 1.0;
        let u = |p: DVec3| potential_j2(p, e.mu_m3_s2, e.j2, e.a_m);
        let grad = DVec3::new(
            (u(r + DVec3::X * h) - u(r - DVec3::X * h)) / (2.0 * h),
            (u(r + DVec3::Y * h) - u(r - DVec3::Y * h)) / (2.0 * h),
            (u(r + DVec3::Z * h) - u(r - DVec3::Z * h)) / (2.0 * h),
        );
        let a = e.gravity_m_s2(r);
        assert!((a + grad).length() < 1e-7 * a.length(), "{a} vs {grad}");
    }

    /// DATA.md §7.1: circular speed at R = 6371 km is 7.910 km/s.
    #[test]
    fn analytic_circular_speed_on_sphere() {
        let e = Earth::sphere();
        let g = e.gravity_m_s2(DVec3::new(6_371_000.0, 0.0, 0.0)).length();
        let v_km_s = (g * 6_371_000.0).sqrt() / 1e3;
        assert!((v_km_s - 7.910).abs() < 5e-4, "{v_km_s}");
    }
}
