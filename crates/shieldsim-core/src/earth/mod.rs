//! Earth models: shape (ellipsoid or sphere), gravity (point mass, optionally + J2) and rotation.
//!
//! An [`Earth`] is a value passed explicitly to every computation (as Orekit's data context or
//! ANISE's almanac), never a global, so that the model behind each number is visible in code.
//! All quantities inside are SI (m, s, rad).

pub mod atmosphere;
pub mod geodesic;
pub mod geodetic;
pub mod gravity;

pub use geodetic::Geodetic;

use glam::DVec3;

/// WGS84 semi-major axis (m). NGA TR8350.2; EPSG:7030.
pub const WGS84_A_M: f64 = 6_378_137.0;
/// WGS84 inverse flattening. NGA TR8350.2; EPSG:7030.
pub const WGS84_INV_F: f64 = 298.257_223_563;
/// WGS84 angular velocity of the Earth (rad/s). NGA TR8350.2.
pub const WGS84_OMEGA_RAD_S: f64 = 7.292_115e-5;
/// Earth's gravitational parameter incl. atmosphere (m³/s²), WGS84 (1994 revision).
pub const WGS84_MU_M3_S2: f64 = 3.986_004_418e14;
/// Second zonal harmonic used by shieldsim's `wgs84` model (the value fixed in DESIGN.md;
/// EGM2008 C̄20 = −484.165143790815e−6 gives J2 = −√5·C̄20 = 1.0826267e−3 to the printed digits).
pub const WGS84_J2: f64 = 1.082_626_68e-3;
/// Radius of the `sphere` model (m): the mean Earth radius used in the open
/// arms-control literature and in `reference/DATA.md` §1.1.
pub const SPHERE_RADIUS_M: f64 = 6_371_000.0;

/// Which Earth model a computation uses. The CLI's `--earth wgs84|sphere`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EarthModel {
    /// WGS84 ellipsoid, point-mass + J2 gravity.
    Wgs84,
    /// Sphere of radius 6371.0 km, point-mass gravity.
    Sphere,
}

impl EarthModel {
    /// The lower-case name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            EarthModel::Wgs84 => "wgs84",
            EarthModel::Sphere => "sphere",
        }
    }
}

/// A complete Earth model: ellipsoid, gravity field and rotation rate.
///
/// Frames: ECEF is the Earth-fixed frame (x to 0° lat/0° lon, z to the north pole). The
/// inertial frame used for integration ("ECI" here) coincides with ECEF at t = 0 (the threat's
/// launch or burnout time) and ECEF turns about z at `rotation_rad_s` relative to it. No
/// precession, nutation or polar motion: over a flight of an hour they move a point by far less
/// than a metre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Earth {
    /// Which named model this is.
    pub model: EarthModel,
    /// Equatorial radius (m).
    pub a_m: f64,
    /// Flattening (dimensionless; 0 for the sphere).
    pub f: f64,
    /// Gravitational parameter (m³/s²).
    pub mu_m3_s2: f64,
    /// Second zonal harmonic J2 (0 for point-mass gravity).
    pub j2: f64,
    /// Angular velocity of the Earth-fixed frame relative to the inertial frame (rad/s).
    pub rotation_rad_s: f64,
}

impl Earth {
    /// WGS84 ellipsoid with point-mass + J2 gravity, rotating.
    pub fn wgs84() -> Self {
        Earth {
            model: EarthModel::Wgs84,
            a_m: WGS84_A_M,
            f: 1.0 / WGS84_INV_F,
            mu_m3_s2: WGS84_MU_M3_S2,
            j2: WGS84_J2,
            rotation_rad_s: WGS84_OMEGA_RAD_S,
        }
    }

    /// Sphere of radius 6371.0 km with point-mass gravity, rotating at the WGS84 rate.
    pub fn sphere() -> Self {
        Earth {
            model: EarthModel::Sphere,
            a_m: SPHERE_RADIUS_M,
            f: 0.0,
            mu_m3_s2: WGS84_MU_M3_S2,
            j2: 0.0,
            rotation_rad_s: WGS84_OMEGA_RAD_S,
        }
    }

    /// The named model, rotating.
    pub fn from_model(model: EarthModel) -> Self {
        match model {
            EarthModel::Wgs84 => Self::wgs84(),
            EarthModel::Sphere => Self::sphere(),
        }
    }

    /// The same Earth without rotation (ECEF ≡ inertial), as the CLI's `--no-rotation`.
    pub fn without_rotation(self) -> Self {
        Earth {
            rotation_rad_s: 0.0,
            ..self
        }
    }

    /// Whether the Earth-fixed frame rotates.
    pub fn rotates(&self) -> bool {
        self.rotation_rad_s != 0.0
    }

    /// First eccentricity squared e² = f(2 − f).
    pub fn e2(&self) -> f64 {
        self.f * (2.0 - self.f)
    }

    /// Semi-minor axis (m).
    pub fn b_m(&self) -> f64 {
        self.a_m * (1.0 - self.f)
    }

    /// The Earth's angular-velocity vector (rad/s), along +z in both ECI and ECEF.
    pub fn omega_vec_rad_s(&self) -> DVec3 {
        DVec3::new(0.0, 0.0, self.rotation_rad_s)
    }

    /// Rotation angle of ECEF relative to ECI at time `t_s` after the frames' alignment (rad).
    fn angle_rad(&self, t_s: f64) -> f64 {
        self.rotation_rad_s * t_s
    }

    /// ECEF position (m) → ECI position (m) at `t_s`.
    pub fn ecef_to_eci_pos(&self, t_s: f64, pos_ecef_m: DVec3) -> DVec3 {
        rotate_z(pos_ecef_m, self.angle_rad(t_s))
    }

    /// ECI position (m) → ECEF position (m) at `t_s`.
    pub fn eci_to_ecef_pos(&self, t_s: f64, pos_eci_m: DVec3) -> DVec3 {
        rotate_z(pos_eci_m, -self.angle_rad(t_s))
    }

    /// ECEF state → ECI velocity (m/s): v_i = R (v_e + ω × r_e).
    pub fn ecef_to_eci_vel(&self, t_s: f64, pos_ecef_m: DVec3, vel_ecef_m_s: DVec3) -> DVec3 {
        rotate_z(
            vel_ecef_m_s + self.omega_vec_rad_s().cross(pos_ecef_m),
            self.angle_rad(t_s),
        )
    }

    /// ECI state → Earth-relative velocity in ECEF (m/s): v_e = Rᵀ (v_i − ω × r_i).
    pub fn eci_to_ecef_vel(&self, t_s: f64, pos_eci_m: DVec3, vel_eci_m_s: DVec3) -> DVec3 {
        rotate_z(
            vel_eci_m_s - self.omega_vec_rad_s().cross(pos_eci_m),
            -self.angle_rad(t_s),
        )
    }

    /// Gravitational acceleration (m/s²) at an ECI (or ECEF: the field is axisymmetric about z)
    /// position, point mass plus J2.
    #[inline]
    pub fn gravity_m_s2(&self, pos_m: DVec3) -> DVec3 {
        gravity::point_mass_j2(pos_m, self.mu_m3_s2, self.j2, self.a_m)
    }
}

/// Rotate a vector about +z by `angle_rad` (right-handed).
#[inline]
fn rotate_z(v: DVec3, angle_rad: f64) -> DVec3 {
    let (s, c) = angle_rad.sin_cos();
    DVec3::new(c * v.x - s * v.y, s * v.x + c * v.y, v.z)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn analytic_wgs84_derived_constants() {
        let e = Earth::wgs84();
        // DATA.md §7.1 (C, H): b = 6,356,752.3142 m, e² = 6.69437999014e-3.
        assert_relative_eq!(e.b_m(), 6_356_752.314_2, epsilon = 1e-4);
        assert_relative_eq!(e.e2(), 6.694_379_990_14e-3, max_relative = 1e-11);
    }

    #[test]
    fn prop_ecef_eci_velocity_round_trip() {
        let e = Earth::wgs84();
        let r = DVec3::new(4.0e6, -3.0e6, 3.5e6);
        let v = DVec3::new(1200.0, 3000.0, -500.0);
        for t in [0.0, 10.0, 1234.5, 86_164.0] {
            let ri = e.ecef_to_eci_pos(t, r);
            let vi = e.ecef_to_eci_vel(t, r, v);
            let r2 = e.eci_to_ecef_pos(t, ri);
            let v2 = e.eci_to_ecef_vel(t, ri, vi);
            assert!((r2 - r).length() < 1e-8);
            assert!((v2 - v).length() < 1e-11);
        }
    }

    #[test]
    fn analytic_fixed_point_moves_east_at_omega_r() {
        // A point at rest on the equator moves in ECI at ω·a (DATA.md §7.1: 465.1 m/s).
        let e = Earth::wgs84();
        let r = DVec3::new(e.a_m, 0.0, 0.0);
        let vi = e.ecef_to_eci_vel(0.0, r, DVec3::ZERO);
        assert_relative_eq!(vi.y, 465.1, epsilon = 0.05);
    }
}
