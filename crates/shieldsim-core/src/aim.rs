//! Aiming: the burnout state, straight above the launch point, whose free flight lands on a
//! target — minimum-energy, for a fixed flight time, or for a fixed apogee.
//!
//! Every mode is a one-parameter family of trajectories indexed by the flight time T:
//!
//! 1. **Two-body first guess.** For a given T, Lambert's problem (Izzo 2015, via the
//!    `lambert_izzo` crate) from the burnout point to where the rotating Earth carries the
//!    target at T gives the inertial burnout velocity under point-mass gravity. Positions are
//!    exact points on the model ellipsoid, so on the sphere (no J2) this is already the answer.
//! 2. **J2 correction.** With J2, a quasi-Newton shooting on the three components of the
//!    burnout velocity drives the propagated position at T onto the target. The Jacobian
//!    ∂r(T)/∂v₀ is the two-body one (finite differences on the analytic arc): it differs from
//!    the true one by O(J2) ≈ 1e−3, so each iteration cuts the miss by about a thousand.
//! 3. **The outer problem.** *Minimum energy* minimises the Earth-relative burnout speed over
//!    T (Brent), first on the two-body family, then with the J2 velocity correction modelled
//!    as linear in T from two corrected solutions. *Fixed apogee* solves apogee(T) = A with the
//!    two-body apogee plus the offset that the full model adds, iterated to 1 m. *Fixed
//!    flight time* needs no outer problem.
//!
//! The final answer is always re-flown with [`crate::ballistic`]'s event-located propagator,
//! and its miss distance from the target reported, so no approximation above can hide.

use crate::ballistic::{
    self, BurnoutState, DEFAULT_REL_TOLERANCE, FreeFlight, FreeFlightOptions, Method,
};
use crate::earth::geodetic::{EnuBasis, SpeedAngles};
use crate::earth::{Earth, Geodetic};
use crate::format_number;
use crate::kepler::KeplerArc;
use crate::roots::{brent, brent_min};
use glam::{DMat3, DVec3};
use lambert_izzo::{LambertInput, RevolutionBudget, TransferWay};
use std::f64::consts::PI;
use thiserror::Error;

/// Which member of the family of trajectories to the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AimMode {
    /// Least Earth-relative burnout speed.
    MinEnergy,
    /// Free-flight time from burnout to impact (s).
    FlightTime(f64),
    /// Apogee altitude above the model surface (m): above the minimum-energy apogee this is a
    /// lofted trajectory, below it a depressed one.
    Apogee(f64),
}

/// An aiming problem.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AimRequest {
    /// Launch point; its altitude is the burnout altitude (burnout straight above launch).
    pub launch: Geodetic,
    /// Target on the surface (its altitude is ignored: impact is at altitude 0).
    pub target: Geodetic,
    /// Which trajectory.
    pub mode: AimMode,
}

/// A solved aiming problem.
#[derive(Debug, Clone, PartialEq)]
pub struct AimSolution {
    /// The burnout state (Earth-relative velocity in the local ENU frame).
    pub burnout: BurnoutState,
    /// Its free flight, re-flown with the event-located propagator.
    pub flight: FreeFlight,
    /// Geodesic distance from the impact point to the target (m).
    pub miss_m: f64,
    /// Geodesic distance from launch to target on the model surface (m).
    pub target_range_m: f64,
}

/// Why no trajectory of the requested kind exists (or could be found).
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum AimError {
    /// Latitude out of −90 … 90, burnout altitude negative, and the like.
    #[error("{what} = {} is out of range: {expected}", format_number(*value))]
    OutOfRange {
        /// Which input.
        what: &'static str,
        /// Its value in the user's units.
        value: f64,
        /// What is allowed.
        expected: &'static str,
    },
    /// Launch and target (nearly) coincide.
    #[error("launch and target are {distance_km:.3} km apart: too close to aim at")]
    TooClose {
        /// Their distance (km).
        distance_km: f64,
    },
    /// Launch and target are (nearly) antipodal: every great circle joins them.
    #[error(
        "launch and target are nearly antipodal ({distance_km:.0} km apart): the direction of flight is undefined"
    )]
    Antipodal {
        /// Their distance (km).
        distance_km: f64,
    },
    /// The fixed flight time is too short for a trajectory that stays above ground and below escape speed.
    #[error(
        "flight time {} s is too short for a {range_km:.0} km range: {why}",
        format_number(*flight_time_s)
    )]
    FlightTimeTooShort {
        /// Requested time (s).
        flight_time_s: f64,
        /// Range (km).
        range_km: f64,
        /// The physical reason.
        why: &'static str,
    },
    /// The fixed flight time is too long (needs escape speed or more than one revolution).
    #[error(
        "flight time {} s is too long for a {range_km:.0} km range: the trajectory would need escape speed",
        format_number(*flight_time_s)
    )]
    FlightTimeTooLong {
        /// Requested time (s).
        flight_time_s: f64,
        /// Range (km).
        range_km: f64,
    },
    /// The requested apogee is below the burnout altitude.
    #[error(
        "apogee {} km is below the burnout altitude {} km",
        format_number(*apogee_km),
        format_number(*burnout_alt_km)
    )]
    ApogeeBelowBurnout {
        /// Requested apogee (km).
        apogee_km: f64,
        /// Burnout altitude (km).
        burnout_alt_km: f64,
    },
    /// The requested apogee is too low for the range: every lower trajectory strikes the ground
    /// before the target (or needs escape speed).
    #[error(
        "apogee {} km is too low for a {range_km:.0} km range: the lowest trajectory that clears the Earth has an apogee of about {lowest_km:.1} km",
        format_number(*apogee_km)
    )]
    ApogeeTooLow {
        /// Requested apogee (km).
        apogee_km: f64,
        /// Range (km).
        range_km: f64,
        /// Lowest feasible apogee found (km).
        lowest_km: f64,
    },
    /// The requested apogee needs escape speed.
    #[error(
        "apogee {} km is too high for a {range_km:.0} km range: it would need escape speed",
        format_number(*apogee_km)
    )]
    ApogeeTooHigh {
        /// Requested apogee (km).
        apogee_km: f64,
        /// Range (km).
        range_km: f64,
    },
    /// The only trajectory of the requested kind grazes the Earth and strikes it before the target.
    #[error(
        "the trajectory to a target {range_km:.0} km away strikes the ground {short_km:.0} km short of it: choose a higher trajectory"
    )]
    StrikesGround {
        /// Range (km).
        range_km: f64,
        /// Distance from the ground strike to the target (km).
        short_km: f64,
    },
    /// The iteration did not converge (a bug or an extreme case; never a silent wrong answer).
    #[error("aiming did not converge: {0}")]
    NoConvergence(String),
    /// The final free flight failed.
    #[error(transparent)]
    Ballistic(#[from] ballistic::BallisticError),
}

/// Shooting converges when the position at T is within this of the target (m).
const SHOOT_TOL_M: f64 = 1e-3;
/// Newton iterations of the J2 shooting before it gives up.
const SHOOT_MAX_ITERATIONS: usize = 30;
/// Fixed-apogee mode converges when the apogee is within this of the request (m).
const APOGEE_TOL_M: f64 = 0.5;

/// The geometry of one aiming problem.
struct Geometry<'a> {
    earth: &'a Earth,
    /// Burnout position (ECI ≡ ECEF at t = 0), m.
    r0: DVec3,
    /// Target position (ECEF), m.
    rt_ecef: DVec3,
    /// Unit normal of the Earth-fixed plane of flight (the sense of motion).
    n_plane: DVec3,
    range_m: f64,
}

/// One member of the family: flight time and inertial burnout velocity.
#[derive(Debug, Clone, Copy)]
struct Member {
    t_s: f64,
    v_eci: DVec3,
}

impl<'a> Geometry<'a> {
    fn target_eci(&self, t_s: f64) -> DVec3 {
        self.earth.ecef_to_eci_pos(t_s, self.rt_ecef)
    }

    /// Two-body burnout velocity for flight time T (Lambert), if the solver has one.
    fn lambert(&self, t_s: f64) -> Option<DVec3> {
        let r2 = self.target_eci(t_s);
        let way = if self.r0.cross(r2).dot(self.n_plane) >= 0.0 {
            TransferWay::Short
        } else {
            TransferWay::Long
        };
        let input = LambertInput {
            r1: self.r0.to_array(),
            r2: r2.to_array(),
            tof: t_s,
            mu: self.earth.mu_m3_s2,
            way,
            revolutions: RevolutionBudget::SingleOnly,
        };
        let sol = lambert_izzo::lambert(&input).ok()?;
        let v = DVec3::from_array(sol.single.v1);
        v.is_finite().then_some(v)
    }

    /// Earth-relative burnout speed (m/s) of an inertial burnout velocity.
    fn relative_speed(&self, v_eci: DVec3) -> f64 {
        (v_eci - self.earth.omega_vec_rad_s().cross(self.r0)).length()
    }

    /// Whether the burnout velocity is below escape speed.
    fn bound(&self, v_eci: DVec3) -> bool {
        v_eci.length_squared() < 2.0 * self.earth.mu_m3_s2 / self.r0.length()
    }

    /// Drive the J2 position at T onto the target, starting from `v_guess` (quasi-Newton with
    /// the two-body Jacobian). Returns the corrected inertial velocity.
    fn correct(&self, t_s: f64, v_guess: DVec3) -> Result<DVec3, AimError> {
        if self.earth.j2 == 0.0 {
            return Ok(v_guess); // Lambert is exact for point-mass gravity.
        }
        let target = self.target_eci(t_s);
        // Newton with the two-body Jacobian, re-evaluated at each iterate: J2 moves the arc
        // only slightly, so the two-body sensitivity is a good model of the J2 one, but on
        // long, near-vertical arcs a Jacobian frozen at the Lambert guess stalls.
        let jac_inv_at = |v: DVec3| {
            two_body_jacobian(self.r0, v, t_s, self.earth.mu_m3_s2)
                .filter(|j| j.determinant().abs() > 0.0)
                .map(|j| j.inverse())
                .ok_or_else(|| {
                    AimError::NoConvergence(format!("singular two-body Jacobian at T = {t_s:.1} s"))
                })
        };
        let mut v = v_guess;
        for _ in 0..SHOOT_MAX_ITERATIONS {
            let (r_t, _) =
                ballistic::propagate_to(self.earth, 0.0, self.r0, v, t_s, DEFAULT_REL_TOLERANCE)
                    .map_err(|e| AimError::NoConvergence(e.to_string()))?;
            let miss = r_t - target;
            if miss.length() < SHOOT_TOL_M {
                return Ok(v);
            }
            v -= jac_inv_at(v)? * miss;
        }
        Err(AimError::NoConvergence(format!(
            "J2 shooting at T = {t_s:.1} s did not reach {SHOOT_TOL_M} m"
        )))
    }

    /// Two-body solution corrected for J2.
    fn member(&self, t_s: f64) -> Result<Member, AimError> {
        let v = self.lambert(t_s).ok_or_else(|| {
            AimError::NoConvergence(format!("no Lambert solution for T = {t_s} s"))
        })?;
        Ok(Member {
            t_s,
            v_eci: self.correct(t_s, v)?,
        })
    }
}

/// ∂r(T)/∂v₀ of the two-body problem, by central differences on the analytic arc.
fn two_body_jacobian(r0: DVec3, v0: DVec3, t_s: f64, mu: f64) -> Option<DMat3> {
    let dv = 1e-3 * (1.0 + v0.length() * 1e-3);
    let pos = |v: DVec3| KeplerArc::new(r0, v, mu).map(|a| a.state_at(t_s).0);
    let mut cols = [DVec3::ZERO; 3];
    for (i, col) in cols.iter_mut().enumerate() {
        let mut e = DVec3::ZERO;
        e[i] = dv;
        *col = (pos(v0 + e)? - pos(v0 - e)?) / (2.0 * dv);
    }
    Some(DMat3::from_cols(cols[0], cols[1], cols[2]))
}

/// Solve an aiming problem.
pub fn aim(earth: &Earth, request: &AimRequest) -> Result<AimSolution, AimError> {
    for (what, g) in [
        ("launch latitude (deg)", request.launch),
        ("target latitude (deg)", request.target),
    ] {
        let lat = g.lat_deg();
        if !(-90.0..=90.0).contains(&lat) {
            return Err(AimError::OutOfRange {
                what,
                value: lat,
                expected: "−90 … 90",
            });
        }
    }
    let burnout_alt_km = request.launch.alt_km();
    if !(0.0..=5_000.0).contains(&burnout_alt_km) {
        return Err(AimError::OutOfRange {
            what: "burnout altitude (km)",
            value: burnout_alt_km,
            expected: "0 … 5000",
        });
    }
    let target = Geodetic {
        alt_m: 0.0,
        ..request.target
    };
    let line = earth.geodesic_deg(
        request.launch.lat_deg(),
        request.launch.lon_deg(),
        target.lat_deg(),
        target.lon_deg(),
    );
    let range_m = line.distance_m;
    if range_m < 1_000.0 {
        return Err(AimError::TooClose {
            distance_km: range_m / 1e3,
        });
    }
    let r0 = earth.geodetic_to_ecef(request.launch);
    let rt_ecef = earth.geodetic_to_ecef(target);
    // The plane of flight needs the two points at least ~1e-3 rad (6 km) from the same or
    // the opposite direction; near the same one they are too close (issue 17: 1–6 km apart
    // was called "nearly antipodal").
    let normal = r0.cross(rt_ecef);
    if normal.length() < 1e-3 * r0.length() * rt_ecef.length() {
        let distance_km = range_m / 1e3;
        return Err(if r0.dot(rt_ecef) > 0.0 {
            AimError::TooClose { distance_km }
        } else {
            AimError::Antipodal { distance_km }
        });
    }
    let geo = Geometry {
        earth,
        r0,
        rt_ecef,
        n_plane: normal.normalize(),
        range_m,
    };
    let member = match request.mode {
        AimMode::MinEnergy => min_energy(&geo)?,
        AimMode::FlightTime(t_s) => fixed_time(&geo, t_s)?,
        AimMode::Apogee(alt_m) => fixed_apogee(&geo, request.launch.alt_m, alt_m)?,
    };
    let solution = fly(&geo, request.launch, target, member)?;
    if solution.flight.flight_time_s < member.t_s - 1e-3 {
        return Err(AimError::StrikesGround {
            range_km: range_m / 1e3,
            short_km: solution.miss_m / 1e3,
        });
    }
    Ok(solution)
}

/// Re-fly a member with the event-located propagator and package the answer.
fn fly(
    geo: &Geometry<'_>,
    launch: Geodetic,
    target: Geodetic,
    m: Member,
) -> Result<AimSolution, AimError> {
    let earth = geo.earth;
    let v_rel = m.v_eci - earth.omega_vec_rad_s().cross(geo.r0);
    let velocity =
        SpeedAngles::from_enu(EnuBasis::at(launch.lat_rad, launch.lon_rad).from_ecef(v_rel));
    let burnout = BurnoutState {
        position: launch,
        velocity,
    };
    // The same propagator `ballistic` uses, so that the two commands agree to the last digit.
    let flight = ballistic::free_flight(earth, &burnout, &FreeFlightOptions::default())?;
    let miss = earth.geodesic_deg(
        flight.impact.lat_deg(),
        flight.impact.lon_deg(),
        target.lat_deg(),
        target.lon_deg(),
    );
    Ok(AimSolution {
        burnout,
        flight,
        miss_m: miss.distance_m,
        target_range_m: geo.range_m,
    })
}

/// Flight time of the non-rotating two-body minimum-energy ellipse between the burnout point
/// and the target's t = 0 position (Lagrange: a_m = s/2, T_m = √(a_m³/μ)(π − β + sin β)), the
/// centre of the search bracket.
fn min_energy_time_guess(geo: &Geometry<'_>) -> f64 {
    let (r1, r2) = (geo.r0.length(), geo.rt_ecef.length());
    let c = (geo.rt_ecef - geo.r0).length();
    let s = 0.5 * (r1 + r2 + c);
    let a = 0.5 * s;
    let beta = 2.0 * ((s - c) / s).sqrt().asin();
    (a * a * a / geo.earth.mu_m3_s2).sqrt() * (PI - beta + beta.sin())
}

/// Minimise `speed(T)` over a bracket around `t_guess`, widening it if the minimum sits on an edge.
fn minimise_speed<F: FnMut(f64) -> f64>(mut speed: F, t_guess: f64) -> f64 {
    let (mut lo, mut hi) = (0.5 * t_guess, 2.0 * t_guess);
    for _ in 0..6 {
        let (t, _) = brent_min(&mut speed, lo, hi, 1e-4);
        if t - lo < 1e-3 * t_guess {
            lo *= 0.5;
        } else if hi - t < 1e-3 * t_guess {
            hi *= 2.0;
        } else {
            return t;
        }
    }
    brent_min(&mut speed, lo, hi, 1e-4).0
}

fn min_energy(geo: &Geometry<'_>) -> Result<Member, AimError> {
    let t_guess = min_energy_time_guess(geo);
    let kepler_speed = |t: f64, dv: DVec3| {
        geo.lambert(t)
            .map_or(f64::INFINITY, |v| geo.relative_speed(v + dv))
    };
    // 1. Two-body minimum.
    let t1 = minimise_speed(|t| kepler_speed(t, DVec3::ZERO), t_guess);
    if geo.earth.j2 == 0.0 {
        return geo.member(t1);
    }
    // 2. J2: the correction Δv(T) = v_J2(T) − v_2body(T), linear in T from two solutions.
    let dt = 5.0;
    let m1 = geo.member(t1)?;
    let m2 = geo.member(t1 + dt)?;
    let lam = |t: f64| {
        geo.lambert(t)
            .ok_or_else(|| AimError::NoConvergence(format!("no Lambert solution for T = {t} s")))
    };
    let dv1 = m1.v_eci - lam(t1)?;
    let dv2 = m2.v_eci - lam(t1 + dt)?;
    let slope = (dv2 - dv1) / dt;
    let t2 = minimise_speed(|t| kepler_speed(t, dv1 + slope * (t - t1)), t1);
    let guess = lam(t2)? + dv1 + slope * (t2 - t1);
    Ok(Member {
        t_s: t2,
        v_eci: geo.correct(t2, guess)?,
    })
}

fn fixed_time(geo: &Geometry<'_>, t_s: f64) -> Result<Member, AimError> {
    let range_km = geo.range_m / 1e3;
    if !(t_s > 0.0 && t_s.is_finite()) {
        return Err(AimError::OutOfRange {
            what: "flight time (s)",
            value: t_s,
            expected: "greater than 0",
        });
    }
    let v = geo.lambert(t_s).ok_or(AimError::FlightTimeTooShort {
        flight_time_s: t_s,
        range_km,
        why: "no trajectory exists",
    })?;
    if !geo.bound(v) {
        let t_me = min_energy_time_guess(geo);
        return Err(if t_s < t_me {
            AimError::FlightTimeTooShort {
                flight_time_s: t_s,
                range_km,
                why: "it would need escape speed",
            }
        } else {
            AimError::FlightTimeTooLong {
                flight_time_s: t_s,
                range_km,
            }
        });
    }
    if geo.r0.dot(v) <= 0.0 && geo.earth.altitude_m(geo.r0) < 1.0 {
        return Err(AimError::FlightTimeTooShort {
            flight_time_s: t_s,
            range_km,
            why: "the trajectory would leave the surface heading down",
        });
    }
    Ok(Member {
        t_s,
        v_eci: geo.correct(t_s, v)?,
    })
}

/// Greatest altitude (m) of the two-body arc from the burnout point over flight time T.
fn kepler_apogee(geo: &Geometry<'_>, t_s: f64, v: DVec3) -> Option<f64> {
    let arc = KeplerArc::new(geo.r0, v, geo.earth.mu_m3_s2)?;
    let de_apo = arc.apoapsis_advance();
    let h0 = geo.earth.altitude_m(geo.r0);
    if de_apo > 0.0 && arc.time_for(de_apo) < t_s {
        // Geodetic altitude is unchanged by the rotation about z, so the ECI point will do.
        Some(geo.earth.altitude_m(arc.state_after(de_apo).0).max(h0))
    } else {
        Some(h0)
    }
}

fn fixed_apogee(geo: &Geometry<'_>, burnout_alt_m: f64, apogee_m: f64) -> Result<Member, AimError> {
    let range_km = geo.range_m / 1e3;
    let apogee_km = apogee_m / 1e3;
    if !(apogee_m.is_finite()) || apogee_m <= burnout_alt_m {
        return Err(AimError::ApogeeBelowBurnout {
            apogee_km,
            burnout_alt_km: burnout_alt_m / 1e3,
        });
    }
    // Feasible two-body members: bound, and leaving the burnout point upward when it is on the ground.
    let feasible_apogee = |t: f64, dh: f64| -> Option<f64> {
        let v = geo.lambert(t)?;
        if !geo.bound(v) || (burnout_alt_m < 1.0 && geo.r0.dot(v) <= 0.0) {
            return None;
        }
        kepler_apogee(geo, t, v).map(|h| h + dh)
    };
    // Bracket the flight time around the minimum-energy one: apogee grows with T.
    let t_me = min_energy_time_guess(geo);
    let mut lo = t_me;
    let mut hi = t_me;
    let mut lowest = feasible_apogee(t_me, 0.0).unwrap_or(f64::INFINITY);
    while feasible_apogee(lo, 0.0).is_some_and(|h| h > apogee_m) {
        let next = lo * 0.8;
        if let Some(h) = feasible_apogee(next, 0.0) {
            lo = next;
            lowest = lowest.min(h);
            continue;
        }
        // `next` is past the feasibility edge (ground contact or escape): bisect for the edge,
        // keeping the feasible end.
        let (mut bad, mut good) = (next, lo);
        while good - bad > 1e-6 * good {
            let mid = 0.5 * (bad + good);
            if feasible_apogee(mid, 0.0).is_some() {
                good = mid
            } else {
                bad = mid
            }
        }
        match feasible_apogee(good, 0.0).map(|h| (good, h)) {
            Some((t, h)) if h <= apogee_m => lo = t,
            found => {
                let lowest_km = found.map_or(lowest, |(_, h)| h.min(lowest)) / 1e3;
                return Err(AimError::ApogeeTooLow {
                    apogee_km,
                    range_km,
                    lowest_km,
                });
            }
        }
    }
    while feasible_apogee(hi, 0.0).is_some_and(|h| h < apogee_m) {
        hi *= 1.5;
        if feasible_apogee(hi, 0.0).is_none() || hi > 1e6 {
            return Err(AimError::ApogeeTooHigh {
                apogee_km,
                range_km,
            });
        }
    }
    // The two-body flight time for an apogee, shifted by the full model's offset.
    let kepler_time = |offset_m: f64| -> Result<f64, AimError> {
        let f = |t: f64| feasible_apogee(t, offset_m).map_or(-1e12, |h| h - apogee_m);
        let (mut a, mut b) = (lo, hi);
        while f(a) > 0.0 && a > 1.0 {
            a *= 0.95;
        }
        while f(b) < 0.0 && b < 1e6 {
            b *= 1.05;
        }
        brent(f, a, b, 1e-6)
            .ok_or_else(|| AimError::NoConvergence("no flight time brackets the apogee".into()))
    };
    // The full model: J2-corrected member, re-flown with events; a ground strike is an error.
    let full = |t: f64| -> Result<(Member, f64), AimError> {
        let member = geo.member(t)?;
        let flight = ballistic::propagate_eci(
            geo.earth,
            0.0,
            geo.r0,
            member.v_eci,
            &FreeFlightOptions {
                method: Method::Numerical,
                ..Default::default()
            },
        )?;
        if flight.flight_time_s < t - 1e-3 {
            let target = geo.earth.ecef_to_geodetic(geo.rt_ecef);
            let short_m = geo
                .earth
                .geodesic_deg(
                    flight.impact.lat_deg(),
                    flight.impact.lon_deg(),
                    target.lat_deg(),
                    target.lon_deg(),
                )
                .distance_m;
            return Err(AimError::StrikesGround {
                range_km,
                short_km: short_m / 1e3,
            });
        }
        Ok((member, flight.apogee_alt_m))
    };
    let t1 = kepler_time(0.0)?;
    let (m1, h1) = full(t1)?;
    if (h1 - apogee_m).abs() < APOGEE_TOL_M {
        return Ok(m1);
    }
    let offset_m = h1 - feasible_apogee(t1, 0.0).unwrap_or(h1);
    if apogee_m - offset_m <= burnout_alt_m {
        // The two-body family's lowest members (apogee → burnout altitude) have a full-model
        // apogee of about burnout + offset: nothing that clears the Earth goes lower.
        return Err(AimError::ApogeeTooLow {
            apogee_km,
            range_km,
            lowest_km: (burnout_alt_m + offset_m) / 1e3,
        });
    }
    let t2 = kepler_time(offset_m)?;
    let (m2, h2) = full(t2)?;
    if (h2 - apogee_m).abs() < APOGEE_TOL_M {
        return Ok(m2);
    }
    // Bracket the root of the full model's apogee(T) − A (increasing in T), then Brent.
    let (mut ta, mut ga, mut tb, mut gb) = (t1, h1 - apogee_m, t2, h2 - apogee_m);
    let mut step_s = (t2 - t1).abs().max(1e-3);
    for _ in 0..40 {
        if ga.signum() != gb.signum() {
            break;
        }
        let (t_near, g_near) = if ga.abs() < gb.abs() {
            (ta, ga)
        } else {
            (tb, gb)
        };
        let t_new = if g_near > 0.0 {
            t_near - step_s
        } else {
            t_near + step_s
        };
        step_s *= 2.0;
        let g_new = match full(t_new) {
            Ok((_, h)) => h - apogee_m,
            Err(AimError::StrikesGround { .. }) if g_near > 0.0 => {
                return Err(AimError::ApogeeTooLow {
                    apogee_km,
                    range_km,
                    lowest_km: (g_near + apogee_m) / 1e3,
                });
            }
            Err(e) => return Err(e),
        };
        (ta, ga, tb, gb) = (t_near, g_near, t_new, g_new);
    }
    let residual = |t: f64| full(t).map_or(-1e12, |(_, h)| h - apogee_m);
    let t = brent(residual, ta.min(tb), ta.max(tb), 1e-9)
        .ok_or_else(|| AimError::NoConvergence("apogee not bracketed".into()))?;
    let (member, h) = full(t)?;
    if (h - apogee_m).abs() < APOGEE_TOL_M {
        return Ok(member);
    }
    Err(AimError::NoConvergence(format!(
        "apogee iteration did not reach {APOGEE_TOL_M} m"
    )))
}
