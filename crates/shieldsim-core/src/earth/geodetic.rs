//! Geodetic coordinates on an [`Earth`]'s ellipsoid, their ECEF conversion and the local
//! east-north-up frame.

use super::Earth;
use glam::DVec3;

/// A geodetic position: latitude and longitude (rad) on the model ellipsoid and altitude (m)
/// above it along the ellipsoid normal. Latitude is north-positive, longitude east-positive;
/// always named fields, never a (lat, lon) tuple.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Geodetic {
    /// Geodetic latitude (rad), −π/2 … π/2.
    pub lat_rad: f64,
    /// Longitude (rad), −π … π.
    pub lon_rad: f64,
    /// Height above the model surface (m).
    pub alt_m: f64,
}

impl Geodetic {
    /// From degrees and kilometres, the units of the command line.
    pub fn from_deg_km(lat_deg: f64, lon_deg: f64, alt_km: f64) -> Self {
        Geodetic {
            lat_rad: lat_deg.to_radians(),
            lon_rad: lon_deg.to_radians(),
            alt_m: alt_km * 1e3,
        }
    }

    /// Latitude (deg).
    pub fn lat_deg(&self) -> f64 {
        self.lat_rad.to_degrees()
    }

    /// Longitude (deg), wrapped to −180 … 180.
    pub fn lon_deg(&self) -> f64 {
        wrap_deg_180(self.lon_rad.to_degrees())
    }

    /// Altitude (km).
    pub fn alt_km(&self) -> f64 {
        self.alt_m * 1e-3
    }
}

/// Wrap an angle in degrees to (−180, 180].
pub fn wrap_deg_180(deg: f64) -> f64 {
    let w = deg.rem_euclid(360.0);
    if w > 180.0 { w - 360.0 } else { w }
}

/// Wrap an angle in degrees to [0, 360).
pub fn wrap_deg_360(deg: f64) -> f64 {
    let w = deg.rem_euclid(360.0);
    if w >= 360.0 { 0.0 } else { w }
}

/// Unit vectors of the local east-north-up frame at a geodetic position, expressed in ECEF.
/// "Up" is the ellipsoid normal (geodetic up), as DESIGN.md fixes for `ballistic` and `aim`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnuBasis {
    /// Unit east vector (ECEF).
    pub east: DVec3,
    /// Unit north vector (ECEF).
    pub north: DVec3,
    /// Unit up vector, the ellipsoid normal (ECEF).
    pub up: DVec3,
}

impl EnuBasis {
    /// The ENU basis at geodetic latitude and longitude (rad).
    pub fn at(lat_rad: f64, lon_rad: f64) -> Self {
        let (sp, cp) = lat_rad.sin_cos();
        let (sl, cl) = lon_rad.sin_cos();
        EnuBasis {
            east: DVec3::new(-sl, cl, 0.0),
            north: DVec3::new(-sp * cl, -sp * sl, cp),
            up: DVec3::new(cp * cl, cp * sl, sp),
        }
    }

    /// ECEF vector from ENU components.
    pub fn to_ecef(&self, enu: DVec3) -> DVec3 {
        self.east * enu.x + self.north * enu.y + self.up * enu.z
    }

    /// ENU components of an ECEF vector.
    pub fn from_ecef(&self, v_ecef: DVec3) -> DVec3 {
        DVec3::new(
            v_ecef.dot(self.east),
            v_ecef.dot(self.north),
            v_ecef.dot(self.up),
        )
    }
}

/// A velocity given as speed, flight-path angle and azimuth in a local ENU frame.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpeedAngles {
    /// Speed (m/s).
    pub speed_m_s: f64,
    /// Flight-path angle above the local horizontal (rad).
    pub gamma_rad: f64,
    /// Azimuth from north, clockwise (rad), in [0, 2π).
    pub azimuth_rad: f64,
}

impl SpeedAngles {
    /// ENU components of this velocity (m/s).
    pub fn to_enu(&self) -> DVec3 {
        let (sg, cg) = self.gamma_rad.sin_cos();
        let (sa, ca) = self.azimuth_rad.sin_cos();
        DVec3::new(
            self.speed_m_s * cg * sa,
            self.speed_m_s * cg * ca,
            self.speed_m_s * sg,
        )
    }

    /// Speed and angles of an ENU velocity (m/s). The azimuth of a vertical velocity is 0.
    pub fn from_enu(v_enu: DVec3) -> Self {
        let speed_m_s = v_enu.length();
        let horizontal_m_s = v_enu.x.hypot(v_enu.y);
        let gamma_rad = v_enu.z.atan2(horizontal_m_s);
        let azimuth_rad = v_enu.x.atan2(v_enu.y).rem_euclid(std::f64::consts::TAU);
        SpeedAngles {
            speed_m_s,
            gamma_rad,
            azimuth_rad,
        }
    }
}

impl Earth {
    /// Geodetic → ECEF (m). Standard closed form, e.g. NGA TR8350.2 eq. 4-14.
    pub fn geodetic_to_ecef(&self, g: Geodetic) -> DVec3 {
        let e2 = self.e2();
        let (sp, cp) = g.lat_rad.sin_cos();
        let (sl, cl) = g.lon_rad.sin_cos();
        let n_m = self.a_m / (1.0 - e2 * sp * sp).sqrt();
        DVec3::new(
            (n_m + g.alt_m) * cp * cl,
            (n_m + g.alt_m) * cp * sl,
            (n_m * (1.0 - e2) + g.alt_m) * sp,
        )
    }

    /// Gaussian mean radius of curvature (m) at a geodetic latitude: √(M N) =
    /// a √(1 − e²)/(1 − e² sin²φ) — the radius of the sphere that best fits the ellipsoid
    /// around that latitude in every direction.
    pub fn gaussian_radius_m(&self, lat_rad: f64) -> f64 {
        let e2 = self.e2();
        let s = lat_rad.sin();
        self.a_m * (1.0 - e2).sqrt() / (1.0 - e2 * s * s)
    }

    /// ECEF (m) → geodetic, in closed form.
    ///
    /// Vermeille, H. (2002), "Direct transformation from geocentric coordinates to geodetic
    /// coordinates", J. Geodesy 76:451–454, eqs. (1)–(6). Exact (no iteration) for every point
    /// outside the evolute of the ellipse (within ~43 km of the Earth's centre), which covers
    /// every point a trajectory can reach. For the sphere (e² = 0) it reduces to spherical
    /// coordinates. Hand-written because no maintained crate provides it (DEPENDENCIES.md);
    /// checked against GeographicLib's `CartConvert` in `val_geographiclib_cartconvert`.
    pub fn ecef_to_geodetic(&self, pos_ecef_m: DVec3) -> Geodetic {
        let v = self.vermeille(pos_ecef_m);
        Geodetic {
            lat_rad: 2.0 * pos_ecef_m.z.atan2(v.d_m + v.dz_m),
            lon_rad: pos_ecef_m.y.atan2(pos_ecef_m.x),
            alt_m: v.alt_m(self.e2()),
        }
    }

    /// The trigonometry-free core of Vermeille's method: altitude, normal and latitude all
    /// follow from `k` and `d`.
    #[inline]
    fn vermeille(&self, pos_ecef_m: DVec3) -> Vermeille {
        let a = self.a_m;
        let e2 = self.e2();
        let e4 = e2 * e2;
        let (x, y, z) = (pos_ecef_m.x, pos_ecef_m.y, pos_ecef_m.z);
        let rho2 = x * x + y * y;
        let rho = rho2.sqrt();
        let p = rho2 / (a * a);
        let q = (1.0 - e2) * z * z / (a * a);
        let r = (p + q - e4) / 6.0;
        let s = e4 * p * q / (4.0 * r * r * r);
        let t = cbrt_near_one(1.0 + s + (s * (2.0 + s)).sqrt());
        let u = r * (1.0 + t + 1.0 / t);
        let v = (u * u + e4 * q).sqrt();
        let w = e2 * (u + v - q) / (2.0 * v);
        let k = (u + v + w * w).sqrt() - w;
        let d_m = k * rho / (k + e2);
        Vermeille {
            k,
            d_m,
            dz_m: (d_m * d_m + z * z).sqrt(),
        }
    }

    /// Geodetic altitude (m) of an ECEF position; the impact event function. Free of
    /// trigonometry, since it runs at every step of every flight.
    #[inline]
    pub fn altitude_m(&self, pos_ecef_m: DVec3) -> f64 {
        self.vermeille(pos_ecef_m).alt_m(self.e2())
    }

    /// Unit ellipsoid normal ("geodetic up") at an ECEF position. The gradient of geodetic
    /// height is this normal, so dh/dt = v_ecef · up exactly (used to locate apogee).
    #[inline]
    pub fn up_ecef(&self, pos_ecef_m: DVec3) -> DVec3 {
        self.altitude_and_up(pos_ecef_m).1
    }

    /// Geodetic altitude (m) and unit normal together, without trigonometry: with
    /// cos φ = d/√(d²+z²), sin φ = z/√(d²+z²) (Vermeille's φ = 2 atan(z/(d+√(d²+z²))) is
    /// atan2(z, d)) and (cos λ, sin λ) = (x, y)/ρ, where d/ρ = k/(k+e²).
    #[inline]
    pub fn altitude_and_up(&self, pos_ecef_m: DVec3) -> (f64, DVec3) {
        let v = self.vermeille(pos_ecef_m);
        let horizontal = v.k / (v.k + self.e2()) / v.dz_m;
        let up = DVec3::new(
            pos_ecef_m.x * horizontal,
            pos_ecef_m.y * horizontal,
            pos_ecef_m.z / v.dz_m,
        );
        (v.alt_m(self.e2()), up)
    }
}

/// Cube root for Vermeille's t, whose argument 1 + s + √(s(2+s)) lies in [1, 1.036] on and
/// above the WGS84 surface (s ≤ e⁴/(16 r³) ≈ 6e-4 there). On [1, 1.1] two Halley steps from the
/// first-order guess agree with `f64::cbrt` to 2 ulp (tested) at a fifth of its cost, and this
/// runs at every derivative evaluation of a boost. Other arguments take the library routine.
#[inline]
fn cbrt_near_one(x: f64) -> f64 {
    if !(1.0..=1.1).contains(&x) {
        return x.cbrt();
    }
    // Halley: t ← t (t³ + 2x)/(2t³ + x), cubically convergent; the guess errs by ≤ (x−1)²/9.
    let mut t = 1.0 + (x - 1.0) / 3.0;
    for _ in 0..2 {
        let t3 = t * t * t;
        t *= (t3 + 2.0 * x) / (2.0 * t3 + x);
    }
    t
}

/// Intermediate quantities of Vermeille's conversion (his k and d, and √(d²+z²)).
struct Vermeille {
    k: f64,
    d_m: f64,
    dz_m: f64,
}

impl Vermeille {
    /// Vermeille's eq. for the height: h = (k + e² − 1)/k · √(d² + z²).
    #[inline]
    fn alt_m(&self, e2: f64) -> f64 {
        (self.k + e2 - 1.0) / self.k * self.dz_m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn analytic_sphere_reduces_to_spherical_coordinates() {
        let e = Earth::sphere();
        let r = DVec3::new(3.0e6, 4.0e6, 5.0e6);
        let g = e.ecef_to_geodetic(r);
        assert_relative_eq!(g.alt_m, r.length() - 6_371_000.0, epsilon = 1e-8);
        assert_relative_eq!(g.lat_rad, (5.0e6f64).atan2(5.0e6), epsilon = 1e-15);
    }

    #[test]
    fn analytic_poles_and_equator() {
        let e = Earth::wgs84();
        let pole = e.ecef_to_geodetic(DVec3::new(0.0, 0.0, e.b_m() + 1000.0));
        assert_relative_eq!(pole.lat_rad, std::f64::consts::FRAC_PI_2, epsilon = 1e-15);
        assert_relative_eq!(pole.alt_m, 1000.0, epsilon = 1e-8);
        let eq = e.ecef_to_geodetic(DVec3::new(0.0, -(e.a_m + 250.0), 0.0));
        assert_relative_eq!(eq.lat_rad, 0.0, epsilon = 1e-15);
        assert_relative_eq!(eq.alt_m, 250.0, epsilon = 1e-8);
        assert_relative_eq!(eq.lon_rad, -std::f64::consts::FRAC_PI_2, epsilon = 1e-15);
    }

    #[test]
    fn prop_speed_angles_round_trip() {
        let sa = SpeedAngles {
            speed_m_s: 7000.0,
            gamma_rad: 0.4,
            azimuth_rad: 5.5,
        };
        let back = SpeedAngles::from_enu(sa.to_enu());
        assert_relative_eq!(back.speed_m_s, sa.speed_m_s, max_relative = 1e-15);
        assert_relative_eq!(back.gamma_rad, sa.gamma_rad, epsilon = 1e-15);
        assert_relative_eq!(back.azimuth_rad, sa.azimuth_rad, epsilon = 1e-14);
    }

    proptest! {
        /// ECEF → geodetic → ECEF to 1e-9 km (1 µm), from 1 km below the surface to 40,000 km
        /// up, all latitudes and longitudes (issue 2: round trip to 1e-9 km).
        #[test]
        fn prop_geodetic_ecef_round_trip(
            lat in -90.0f64..=90.0, lon in -180.0f64..180.0, alt_km in -1.0f64..40_000.0
        ) {
            for e in [Earth::wgs84(), Earth::sphere()] {
                let g = Geodetic::from_deg_km(lat, lon, alt_km);
                let r = e.geodetic_to_ecef(g);
                let g2 = e.ecef_to_geodetic(r);
                let r2 = e.geodetic_to_ecef(g2);
                prop_assert!((r2 - r).length() < 1e-6, "{:?} → {:e} m", g, (r2 - r).length());
                prop_assert!((g2.alt_m - g.alt_m).abs() < 1e-6);
            }
        }

        /// The fast cube root matches the library's to 2 ulp where Vermeille's method uses it.
        #[test]
        fn prop_cbrt_near_one(x in 1.0f64..1.1) {
            let (fast, lib) = (cbrt_near_one(x), x.cbrt());
            prop_assert!((fast - lib).abs() <= 2.0 * f64::EPSILON * lib, "{x}: {fast} vs {lib}");
        }

        /// The trigonometry-free altitude and normal agree with the full conversion.
        #[test]
        fn prop_altitude_and_up_match_geodetic(
            lat in -1.57f64..1.57, lon in -3.1f64..3.1, alt in -5e3f64..3e7
        ) {
            let e = Earth::wgs84();
            let r = e.geodetic_to_ecef(Geodetic { lat_rad: lat, lon_rad: lon, alt_m: alt });
            let g = e.ecef_to_geodetic(r);
            let (h, up) = e.altitude_and_up(r);
            prop_assert!((h - g.alt_m).abs() < 1e-6);
            prop_assert!((up - EnuBasis::at(g.lat_rad, g.lon_rad).up).length() < 1e-14);
        }

        /// The ENU basis is orthonormal and right-handed.
        #[test]
        fn prop_enu_orthonormal(lat in -1.5f64..1.5, lon in -3.1f64..3.1) {
            let b = EnuBasis::at(lat, lon);
            prop_assert!((b.east.cross(b.north) - b.up).length() < 1e-15);
            prop_assert!((b.up.length() - 1.0).abs() < 1e-15);
        }
    }
}
