//! Analytic two-body (Keplerian) elliptic arcs.
//!
//! The exact solution of free flight for point-mass gravity in an inertial frame: on the
//! non-rotating sphere it is both the oracle for the numerical propagator and the fast path of
//! `ballistic`. Formulated in eccentric anomaly with Lagrange's f and g functions (Vallado,
//! *Fundamentals of Astrodynamics and Applications*, 4th ed., §2.3 and Algorithm 8), which stays
//! regular for the radial (vertical) orbits that a true-anomaly form cannot describe.

use glam::DVec3;
use std::f64::consts::{PI, TAU};

/// An elliptic two-body arc starting at an epoch state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeplerArc {
    /// Initial position (m, inertial).
    pub r0_m: DVec3,
    /// Initial velocity (m/s, inertial).
    pub v0_m_s: DVec3,
    /// Gravitational parameter (m³/s²).
    pub mu_m3_s2: f64,
    /// Semi-major axis (m).
    pub a_m: f64,
    /// Eccentricity.
    pub e: f64,
    /// Mean motion (rad/s).
    pub n_rad_s: f64,
    /// e·cos E0 = 1 − r0/a.
    ecos_e0: f64,
    /// e·sin E0 = r0·v0 / √(μa).
    esin_e0: f64,
}

impl KeplerArc {
    /// The arc through (r0, v0), or `None` if the orbit is not elliptic (energy ≥ 0).
    pub fn new(r0_m: DVec3, v0_m_s: DVec3, mu_m3_s2: f64) -> Option<Self> {
        let r0 = r0_m.length();
        let energy = 0.5 * v0_m_s.length_squared() - mu_m3_s2 / r0;
        if energy >= 0.0 || !energy.is_finite() {
            return None;
        }
        let a_m = -mu_m3_s2 / (2.0 * energy);
        let ecos_e0 = 1.0 - r0 / a_m;
        let esin_e0 = r0_m.dot(v0_m_s) / (mu_m3_s2 * a_m).sqrt();
        let e = ecos_e0.hypot(esin_e0);
        Some(KeplerArc {
            r0_m,
            v0_m_s,
            mu_m3_s2,
            a_m,
            e,
            n_rad_s: (mu_m3_s2 / (a_m * a_m * a_m)).sqrt(),
            ecos_e0,
            esin_e0,
        })
    }

    /// Eccentric anomaly at the epoch (rad, −π … π]; 0 for a circular orbit.
    pub fn e0_rad(&self) -> f64 {
        self.esin_e0.atan2(self.ecos_e0)
    }

    /// Time (s) for the eccentric anomaly to advance by `de_rad` from the epoch (Kepler's
    /// equation written relative to E0).
    pub fn time_for(&self, de_rad: f64) -> f64 {
        let (s, c) = de_rad.sin_cos();
        (de_rad + self.esin_e0 * (1.0 - c) - self.ecos_e0 * s) / self.n_rad_s
    }

    /// Position (m) and velocity (m/s) after the eccentric anomaly advanced by `de_rad`.
    pub fn state_after(&self, de_rad: f64) -> (DVec3, DVec3) {
        let (s, c) = de_rad.sin_cos();
        let r0 = self.r0_m.length();
        let dt = self.time_for(de_rad);
        let f = 1.0 - self.a_m / r0 * (1.0 - c);
        let g = dt - (de_rad - s) / self.n_rad_s;
        let r = f * self.r0_m + g * self.v0_m_s;
        let rm = r.length();
        let fdot = -(self.mu_m3_s2 * self.a_m).sqrt() / (rm * r0) * s;
        let gdot = 1.0 - self.a_m / rm * (1.0 - c);
        (r, fdot * self.r0_m + gdot * self.v0_m_s)
    }

    /// Eccentric-anomaly advance after `dt_s` seconds: Newton on Kepler's equation, safeguarded
    /// by bisection. F(x) = x + e sinE0 (1 − cos x) − e cosE0 sin x − n·dt is non-decreasing
    /// (F' = r/a ≥ 0) and |F(x) − x + n·dt| ≤ e√(2 − 2cos x) ≤ 2e, so the root lies in
    /// [n·dt − 2e, n·dt + 2e]; plain Newton can stall there for near-radial orbits.
    pub fn anomaly_after(&self, dt_s: f64) -> f64 {
        let target = self.n_rad_s * dt_s;
        let residual = |x: f64| {
            let (s, c) = x.sin_cos();
            (
                x + self.esin_e0 * (1.0 - c) - self.ecos_e0 * s - target,
                1.0 + self.esin_e0 * s - self.ecos_e0 * c,
            )
        };
        let (mut lo, mut hi) = (target - 2.0 * self.e, target + 2.0 * self.e);
        let mut x = target;
        for _ in 0..100 {
            let (f, slope) = residual(x);
            if f == 0.0 {
                return x;
            }
            if f < 0.0 {
                lo = x
            } else {
                hi = x
            }
            let newton = x - f / slope;
            let next = if slope > 0.0 && newton > lo && newton < hi {
                newton
            } else {
                0.5 * (lo + hi)
            };
            if (next - x).abs() <= 1e-15 * (1.0 + x.abs()) || hi - lo <= 1e-15 * (1.0 + x.abs()) {
                return next;
            }
            x = next;
        }
        x
    }

    /// Position (m) and velocity (m/s) at `dt_s` after the epoch.
    pub fn state_at(&self, dt_s: f64) -> (DVec3, DVec3) {
        self.state_after(self.anomaly_after(dt_s))
    }

    /// Eccentric-anomaly advance to the first descending crossing of radius `radius_m` after
    /// the epoch, or `None` if the orbit never comes down to it.
    pub fn descending_crossing(&self, radius_m: f64) -> Option<f64> {
        if self.e == 0.0 {
            return None;
        }
        let cos_e = (1.0 - radius_m / self.a_m) / self.e;
        if !(-1.0..=1.0).contains(&cos_e) {
            return None;
        }
        let e0 = self.e0_rad();
        // Descending means sin E < 0: E = −acos(cos_e) (mod 2π), strictly after E0.
        let mut e_hit = -cos_e.acos();
        while e_hit <= e0 + 1e-14 {
            e_hit += TAU;
        }
        Some(e_hit - e0)
    }

    /// Eccentric-anomaly advance to apoapsis (E = π), if it lies ahead within one revolution
    /// (0 when the epoch is apoapsis).
    pub fn apoapsis_advance(&self) -> f64 {
        PI - self.e0_rad()
    }

    /// Apoapsis radius a(1 + e) (m).
    pub fn apoapsis_radius_m(&self) -> f64 {
        self.a_m * (1.0 + self.e)
    }

    /// Periapsis radius a(1 − e) (m).
    pub fn periapsis_radius_m(&self) -> f64 {
        self.a_m * (1.0 - self.e)
    }

    /// Orbital period (s).
    pub fn period_s(&self) -> f64 {
        TAU / self.n_rad_s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const MU: f64 = 3.986_004_418e14;

    /// A circular orbit returns to its start after one period and keeps its radius.
    #[test]
    fn analytic_circular_orbit() {
        let r = 7_000_000.0;
        let v = (MU / r).sqrt();
        let arc =
            KeplerArc::new(DVec3::new(r, 0.0, 0.0), DVec3::new(0.0, v, 0.0), MU).expect("elliptic");
        let (p, _) = arc.state_at(arc.period_s() / 4.0);
        assert!((p - DVec3::new(0.0, r, 0.0)).length() < 1e-6);
        let (p, vel) = arc.state_at(arc.period_s());
        assert!((p - DVec3::new(r, 0.0, 0.0)).length() < 1e-6);
        assert!((vel.length() - v).abs() < 1e-9);
    }

    /// Vertical launch: the radial orbit rises to r0/(1 − v²r0/2μ) (DATA.md §1.3) and comes back.
    #[test]
    fn analytic_vertical_coast_height() {
        let r0 = 6_371_000.0;
        for (v_km_s, gain_km) in [(1.5, 117.0), (3.0, 494.0), (4.5, 1230.0), (7.0, 4101.0)] {
            let v = v_km_s * 1e3;
            let arc = KeplerArc::new(DVec3::new(r0, 0.0, 0.0), DVec3::new(v, 0.0, 0.0), MU)
                .expect("elliptic");
            let gain = (arc.apoapsis_radius_m() - r0) / 1e3;
            assert!((gain - gain_km).abs() < 0.5, "{v_km_s} km/s → {gain} km");
            let de = arc.descending_crossing(r0).expect("comes back");
            let (p, vel) = arc.state_after(de);
            assert!((p.length() - r0).abs() < 1e-6 && (vel.length() - v).abs() < 1e-6);
        }
    }

    /// Energy and angular momentum are conserved along the analytic arc.
    #[test]
    fn prop_arc_conserves_energy_and_momentum() {
        let r0 = DVec3::new(6.4e6, 1.0e5, -2.0e5);
        let v0 = DVec3::new(2000.0, 4500.0, 1200.0);
        let arc = KeplerArc::new(r0, v0, MU).expect("elliptic");
        let energy = |r: DVec3, v: DVec3| 0.5 * v.length_squared() - MU / r.length();
        for dt in [10.0, 300.0, 900.0, 1500.0] {
            let (r, v) = arc.state_at(dt);
            assert!((energy(r, v) / energy(r0, v0) - 1.0).abs() < 1e-12);
            assert!((r.cross(v) - r0.cross(v0)).length() / r0.cross(v0).length() < 1e-12);
        }
    }

    /// Regression (found by `aim --apogee-km 5000`): Kepler's equation must be solved for
    /// near-radial orbits, where unguarded Newton stalled and corrupted the aiming Jacobian.
    #[test]
    fn regress_near_radial_anomaly_inverts_time() {
        let r0 = DVec3::new(6_371_000.0, 0.0, 0.0);
        for gamma_deg in [89.0f64, 89.9, 89.999, 90.0] {
            let g = gamma_deg.to_radians();
            let v0 = 7_500.0 * DVec3::new(g.sin(), g.cos(), 0.0);
            let arc = KeplerArc::new(r0, v0, MU).expect("elliptic");
            let de_end = arc.descending_crossing(6_371_000.0).expect("returns");
            for k in 1..20 {
                let de = de_end * f64::from(k) / 20.0;
                let back = arc.anomaly_after(arc.time_for(de));
                assert!((back - de).abs() < 1e-9, "γ {gamma_deg}: {de} → {back}");
            }
        }
    }
}
