//! Free flight in vacuum from a burnout state on a (rotating) Earth model.
//!
//! The state is integrated in the inertial frame that coincides with ECEF at t = 0, under the
//! model's gravity (point mass, + J2 for `wgs84`), with DOP853 ([`crate::integrator`]). Two events
//! are located on the dense output with Brent's method: apogee (dh/dt = v_rel · n̂ changes sign
//! from + to −, n̂ the ellipsoid normal) and impact (the first descending crossing of geodetic
//! altitude 0). On the non-rotating sphere the flight has a closed form ([`crate::kepler`]),
//! used as a fast path and as the oracle in tests.

use crate::earth::geodetic::{EnuBasis, SpeedAngles};
use crate::earth::{Earth, Geodetic};
use crate::format_number;
use crate::integrator::{self, Control, Dense, IntegrationError, Settings, Step, Tolerance};
use crate::kepler::KeplerArc;
use crate::roots::brent;
use glam::DVec3;
use thiserror::Error;

/// A burnout (initial) state: position, and velocity relative to the rotating Earth as speed,
/// flight-path angle and azimuth in the local geodetic east-north-up frame (DESIGN.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurnoutState {
    /// Geodetic position; altitude above the model surface.
    pub position: Geodetic,
    /// Earth-relative velocity in the local ENU frame.
    pub velocity: SpeedAngles,
}

/// Which propagator a free flight uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The analytic Kepler solution where it is exact (non-rotating sphere), else numerical.
    Auto,
    /// Always integrate numerically (DOP853).
    Numerical,
}

/// How a free flight was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MethodUsed {
    /// Closed-form two-body solution.
    Kepler,
    /// DOP853 integration.
    Dop853,
}

impl MethodUsed {
    /// Name used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            MethodUsed::Kepler => "kepler",
            MethodUsed::Dop853 => "dop853",
        }
    }
}

/// Options of a free-flight propagation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreeFlightOptions {
    /// Relative integration tolerance.
    pub rel_tolerance: f64,
    /// Spacing of output samples (s); `None` for no samples.
    pub sample_step_s: Option<f64>,
    /// Propagator choice.
    pub method: Method,
    /// Samples fall at `sample_origin_s + k·sample_step_s` (and at the start and impact): a
    /// missile's RV samples continue the boost's grid from lift-off.
    pub sample_origin_s: f64,
    /// Ballistic coefficient β = m/(C_D·A) (kg/m²) of the body for drag in the US76 atmosphere
    /// (co-rotating with the Earth); `None` for vacuum, as `ballistic` and `aim` use.
    pub ballistic_coefficient_kg_m2: Option<f64>,
}

impl Default for FreeFlightOptions {
    fn default() -> Self {
        FreeFlightOptions {
            rel_tolerance: DEFAULT_REL_TOLERANCE,
            sample_step_s: None,
            method: Method::Auto,
            sample_origin_s: 0.0,
            ballistic_coefficient_kg_m2: None,
        }
    }
}

/// The least rise above the surface of a flight that starts on it (m): below the
/// integrator's position tolerance the landing cannot be told from the start.
pub const MIN_SURFACE_RISE_M: f64 = 0.001;

/// Default relative tolerance: 1e-10 keeps the integration error of a 30-minute ICBM flight
/// well under a metre.
pub const DEFAULT_REL_TOLERANCE: f64 = 1e-10;

/// One output sample of a trajectory.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    /// Time (s) since the integration epoch (burnout for `ballistic`).
    pub t_s: f64,
    /// Geodetic position.
    pub position: Geodetic,
    /// Speed relative to the rotating Earth (m/s).
    pub speed_m_s: f64,
    /// Inertial position (m).
    pub pos_eci_m: DVec3,
    /// Inertial velocity (m/s).
    pub vel_eci_m_s: DVec3,
    /// Earth-fixed position (m).
    pub pos_ecef_m: DVec3,
    /// Velocity relative to the rotating Earth, Earth-fixed axes (m/s).
    pub vel_ecef_m_s: DVec3,
}

/// The result of a free flight from burnout to impact.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FreeFlight {
    /// Time from the start of the free flight to impact (s).
    pub flight_time_s: f64,
    /// Impact point (altitude 0 up to the root-finding tolerance).
    pub impact: Geodetic,
    /// Earth-relative velocity at impact.
    pub impact_velocity: SpeedAngles,
    /// Greatest altitude above the model surface along the flight (m).
    pub apogee_alt_m: f64,
    /// Time of apogee (s).
    pub apogee_time_s: f64,
    /// Geodesic distance on the model surface from the start's sub-point to impact (m).
    pub ground_range_m: f64,
    /// Inertial position (m) and velocity (m/s) at impact.
    pub impact_eci: (DVec3, DVec3),
    /// Output samples (empty unless asked for), ending with the impact.
    pub samples: Vec<Sample>,
    /// Which propagator produced this.
    pub method: MethodUsed,
    /// Accepted integration steps (0 for Kepler).
    pub steps: usize,
}

/// Why a free flight cannot be computed. Every variant names the offending value.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum BallisticError {
    /// An input is outside its physical domain.
    #[error("{what} = {} is out of range: {expected}", format_number(*value))]
    OutOfRange {
        /// Which input.
        what: &'static str,
        /// Its value, in the user's units.
        value: f64,
        /// What is allowed.
        expected: &'static str,
    },
    /// Starting on the surface without climbing goes straight into the ground.
    #[error(
        "a burnout on the surface (altitude 0) needs a positive flight-path angle, got {}°",
        format_number(*gamma_deg)
    )]
    StartsIntoGround {
        /// Flight-path angle (deg).
        gamma_deg: f64,
    },
    /// Starting on the surface, the flight would rise less than [`MIN_SURFACE_RISE_M`].
    #[error(
        "a burnout on the surface at {} km/s, {}° above the horizontal, rises about {} m: less than the {MIN_SURFACE_RISE_M} m the model resolves (give a higher speed or angle, or a burnout altitude)",
        format_number(*speed_km_s), format_number(*gamma_deg), format_number(*rise_m)
    )]
    BarelyRises {
        /// Earth-relative speed given (km/s).
        speed_km_s: f64,
        /// Flight-path angle given (deg).
        gamma_deg: f64,
        /// Height it would rise, without rotation or drag (m).
        rise_m: f64,
    },
    /// A free flight (of a missile's re-entry vehicle, say) starts on or below the surface
    /// without climbing.
    #[error(
        "the free flight starts at {} m altitude, climbing at {} m/s: on or below the surface and not rising",
        format_number(*alt_m), format_number(*climb_m_s)
    )]
    StartsBelowSurface {
        /// Altitude at the start (m).
        alt_m: f64,
        /// Vertical speed at the start (m/s).
        climb_m_s: f64,
    },
    /// The inertial speed reaches escape speed: the object never comes back.
    #[error(
        "speed {} km/s (inertial {inertial_km_s:.4} km/s) is at or above escape speed {escape_km_s:.4} km/s at this altitude",
        format_number(*speed_km_s)
    )]
    Escape {
        /// Earth-relative speed given (km/s).
        speed_km_s: f64,
        /// Inertial speed (km/s).
        inertial_km_s: f64,
        /// Escape speed at the burnout radius (km/s).
        escape_km_s: f64,
    },
    /// The trajectory does not come back to the surface (it is in orbit).
    #[error(
        "the trajectory does not come back to the surface within {searched_s:.0} s: it is in orbit (perigee altitude about {perigee_km:.0} km)"
    )]
    NoImpact {
        /// How long was searched (s).
        searched_s: f64,
        /// Two-body perigee altitude above the equatorial radius (km).
        perigee_km: f64,
    },
    /// The numerical integration failed.
    #[error("integration failed: {0}")]
    Integration(#[from] IntegrationError),
}

impl BurnoutState {
    /// Check the state against physical domains (latitude, speed, angles, altitude).
    pub fn validate(&self) -> Result<(), BallisticError> {
        let lat = self.position.lat_deg();
        if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
            return Err(BallisticError::OutOfRange {
                what: "latitude (deg)",
                value: lat,
                expected: "−90 … 90",
            });
        }
        if !self.position.lon_rad.is_finite() {
            return Err(BallisticError::OutOfRange {
                what: "longitude (deg)",
                value: self.position.lon_rad.to_degrees(),
                expected: "a finite angle",
            });
        }
        let alt_km = self.position.alt_km();
        if !(0.0..=100_000.0).contains(&alt_km) {
            return Err(BallisticError::OutOfRange {
                what: "altitude (km)",
                value: alt_km,
                expected: "0 … 100000 (above the model surface)",
            });
        }
        let speed_km_s = self.velocity.speed_m_s / 1e3;
        if !(speed_km_s > 0.0 && speed_km_s.is_finite()) {
            return Err(BallisticError::OutOfRange {
                what: "speed (km/s)",
                value: speed_km_s,
                expected: "greater than 0",
            });
        }
        let gamma_deg = self.velocity.gamma_rad.to_degrees();
        if !(-90.0..=90.0).contains(&gamma_deg) {
            return Err(BallisticError::OutOfRange {
                what: "flight-path angle (deg)",
                value: gamma_deg,
                expected: "−90 … 90 from the local horizontal",
            });
        }
        if !self.velocity.azimuth_rad.is_finite() {
            return Err(BallisticError::OutOfRange {
                what: "azimuth (deg)",
                value: self.velocity.azimuth_rad.to_degrees(),
                expected: "a finite angle",
            });
        }
        if self.position.alt_m == 0.0 && gamma_deg <= 0.0 {
            return Err(BallisticError::StartsIntoGround { gamma_deg });
        }
        if self.position.alt_m == 0.0 {
            // From the surface, a climb too slow to rise a millimetre lands within the
            // integrator's position tolerance (1e-10 of the Earth's radius, 0.6 mm): the
            // impact cannot be told from the start (issue 17: 1e-7 km/s ran into "step size
            // underflow").
            let climb_m_s = self.velocity.speed_m_s * self.velocity.gamma_rad.sin();
            let rise_m = climb_m_s * climb_m_s / (2.0 * 9.806_65);
            if rise_m < MIN_SURFACE_RISE_M {
                return Err(BallisticError::BarelyRises {
                    speed_km_s,
                    gamma_deg,
                    rise_m,
                });
            }
        }
        Ok(())
    }

    /// Inertial position (m) and velocity (m/s) at t = 0 (ECI ≡ ECEF then).
    pub fn to_eci(&self, earth: &Earth) -> (DVec3, DVec3) {
        let r = earth.geodetic_to_ecef(self.position);
        let basis = EnuBasis::at(self.position.lat_rad, self.position.lon_rad);
        let v_rel = basis.to_ecef(self.velocity.to_enu());
        (r, earth.ecef_to_eci_vel(0.0, r, v_rel))
    }
}

/// Propagate a free flight from a burnout state (taken at t = 0) to impact.
pub fn free_flight(
    earth: &Earth,
    burnout: &BurnoutState,
    options: &FreeFlightOptions,
) -> Result<FreeFlight, BallisticError> {
    burnout.validate()?;
    let (r0, v0) = burnout.to_eci(earth);
    check_escape(earth, r0, v0, burnout.velocity.speed_m_s)?;
    let kepler_exact = earth.j2 == 0.0
        && earth.f == 0.0
        && !earth.rotates()
        && options.ballistic_coefficient_kg_m2.is_none();
    let mut flight = if options.method == Method::Auto && kepler_exact {
        kepler_flight(earth, r0, v0, options)?
    } else {
        propagate_eci(earth, 0.0, r0, v0, options)?
    };
    let line = earth.geodesic_deg(
        burnout.position.lat_deg(),
        burnout.position.lon_deg(),
        flight.impact.lat_deg(),
        flight.impact.lon_deg(),
    );
    flight.ground_range_m = line.distance_m;
    Ok(flight)
}

/// An upper bound on a free flight's duration from `burnout` (s): the search horizon the
/// propagation uses (1.5 two-body periods; a day when no ellipse exists), for sizing the
/// samples a step asks for before flying.
pub fn flight_time_bound_s(earth: &Earth, burnout: &BurnoutState) -> f64 {
    let (r0, v0) = burnout.to_eci(earth);
    KeplerArc::new(r0, v0, earth.mu_m3_s2).map_or(86_400.0, |a| 1.5 * a.period_s())
}

fn check_escape(
    earth: &Earth,
    r0: DVec3,
    v0: DVec3,
    speed_rel_m_s: f64,
) -> Result<(), BallisticError> {
    let escape_m_s = (2.0 * earth.mu_m3_s2 / r0.length()).sqrt();
    if v0.length() >= escape_m_s {
        return Err(BallisticError::Escape {
            speed_km_s: speed_rel_m_s / 1e3,
            inertial_km_s: v0.length() / 1e3,
            escape_km_s: escape_m_s / 1e3,
        });
    }
    Ok(())
}

/// Earth-relative speed (m/s) and ECEF state of an inertial state at time t.
fn relative_state(earth: &Earth, t_s: f64, r: DVec3, v: DVec3) -> (DVec3, DVec3) {
    (
        earth.eci_to_ecef_pos(t_s, r),
        earth.eci_to_ecef_vel(t_s, r, v),
    )
}

fn sample_at(earth: &Earth, t_s: f64, r: DVec3, v: DVec3) -> Sample {
    let (re, ve) = relative_state(earth, t_s, r, v);
    Sample {
        t_s,
        position: earth.ecef_to_geodetic(re),
        speed_m_s: ve.length(),
        pos_eci_m: r,
        vel_eci_m_s: v,
        pos_ecef_m: re,
        vel_ecef_m_s: ve,
    }
}

fn impact_velocity(earth: &Earth, t_s: f64, r: DVec3, v: DVec3) -> (Geodetic, SpeedAngles) {
    let (re, ve) = relative_state(earth, t_s, r, v);
    let g = earth.ecef_to_geodetic(re);
    let enu = EnuBasis::at(g.lat_rad, g.lon_rad).from_ecef(ve);
    (g, SpeedAngles::from_enu(enu))
}

/// The closed-form flight on the non-rotating sphere.
fn kepler_flight(
    earth: &Earth,
    r0: DVec3,
    v0: DVec3,
    options: &FreeFlightOptions,
) -> Result<FreeFlight, BallisticError> {
    let arc = KeplerArc::new(r0, v0, earth.mu_m3_s2).ok_or(BallisticError::Escape {
        speed_km_s: v0.length() / 1e3,
        inertial_km_s: v0.length() / 1e3,
        escape_km_s: (2.0 * earth.mu_m3_s2 / r0.length()).sqrt() / 1e3,
    })?;
    let de_impact = arc
        .descending_crossing(earth.a_m)
        .ok_or(BallisticError::NoImpact {
            searched_s: f64::INFINITY,
            perigee_km: (arc.periapsis_radius_m() - earth.a_m) / 1e3,
        })?;
    let flight_time_s = arc.time_for(de_impact);
    let (ri, vi) = arc.state_after(de_impact);
    let (apogee_alt_m, apogee_time_s) = {
        let de_apo = arc.apoapsis_advance();
        if de_apo > 0.0 && de_apo < de_impact {
            (arc.apoapsis_radius_m() - earth.a_m, arc.time_for(de_apo))
        } else {
            (r0.length() - earth.a_m, 0.0)
        }
    };
    let mut samples = Vec::new();
    if let Some(step_s) = options.sample_step_s {
        let mut k = 0u32;
        loop {
            let t = f64::from(k) * step_s;
            if t >= flight_time_s {
                break;
            }
            let (r, v) = arc.state_at(t);
            samples.push(sample_at(earth, t, r, v));
            k += 1;
        }
        samples.push(sample_at(earth, flight_time_s, ri, vi));
    }
    let (mut impact, impact_velocity) = impact_velocity(earth, flight_time_s, ri, vi);
    impact.alt_m = 0.0; // exactly on the sphere by construction; drop the last-digit noise
    Ok(FreeFlight {
        flight_time_s,
        impact,
        impact_velocity,
        apogee_alt_m,
        apogee_time_s,
        ground_range_m: 0.0,
        impact_eci: (ri, vi),
        samples,
        method: MethodUsed::Kepler,
        steps: 0,
    })
}

/// Integration tolerance for a state of position (m) and velocity (m/s).
pub fn state_tolerance(rel: f64) -> Tolerance<6> {
    // Absolute floors matter only when a component passes through zero: 0.1 mm and 0.1 µm/s.
    Tolerance {
        rel,
        abs: [1e-4, 1e-4, 1e-4, 1e-7, 1e-7, 1e-7],
    }
}

/// Equations of motion of free flight in the inertial frame: gravity, plus drag
/// −ρ|v_rel|v_rel/(2β) when a ballistic coefficient β (kg/m²) is given, with v_rel the velocity
/// relative to the co-rotating atmosphere.
pub fn free_flight_rhs(
    earth: &Earth,
    beta_kg_m2: Option<f64>,
) -> impl FnMut(f64, &[f64; 6]) -> [f64; 6] + '_ {
    // Drag acts below 120 km: above it the US76 density (2.2e-8 kg/m³ at 120 km) decelerates a
    // re-entry vehicle (β ≳ 1000 kg/m²) by less than 1e-3 m/s² and changes its impact by well
    // under a metre, while evaluating it costs most of a coast's run time. The cheap radius test
    // is conservative (the equatorial radius is the largest).
    let top_of_atmosphere_m = earth.a_m + DRAG_TOP_ALT_M;
    move |_t, y| {
        let r = DVec3::new(y[0], y[1], y[2]);
        let v = DVec3::new(y[3], y[4], y[5]);
        let mut a = earth.gravity_m_s2(r);
        if let Some(beta) = beta_kg_m2
            && r.length() < top_of_atmosphere_m
        {
            a += drag_accel_m_s2(earth, r, v, beta);
        }
        [y[3], y[4], y[5], a.x, a.y, a.z]
    }
}

/// Altitude (m) above which free flight is drag-free.
pub const DRAG_TOP_ALT_M: f64 = 120_000.0;

/// Drag acceleration (m/s², inertial) of a body with ballistic coefficient β (kg/m²) at an
/// inertial position and velocity, in the US76 atmosphere co-rotating with the Earth.
pub fn drag_accel_m_s2(
    earth: &Earth,
    pos_eci_m: DVec3,
    vel_eci_m_s: DVec3,
    beta_kg_m2: f64,
) -> DVec3 {
    let v_rel = vel_eci_m_s - earth.omega_vec_rad_s().cross(pos_eci_m);
    // Geodetic altitude does not depend on the rotation angle about z: use the inertial vector.
    let rho = crate::earth::atmosphere::us76(earth.altitude_m(pos_eci_m)).density_kg_m3;
    -rho * v_rel.length() / (2.0 * beta_kg_m2) * v_rel
}

/// Split a 6-state into position and velocity.
pub fn split(y: &[f64; 6]) -> (DVec3, DVec3) {
    (DVec3::new(y[0], y[1], y[2]), DVec3::new(y[3], y[4], y[5]))
}

/// Join position and velocity into a 6-state.
pub fn join(r: DVec3, v: DVec3) -> [f64; 6] {
    [r.x, r.y, r.z, v.x, v.y, v.z]
}

/// Altitude (m) and its rate (m/s) of an inertial state at time t.
fn alt_and_rate(earth: &Earth, t_s: f64, y: &[f64; 6]) -> (f64, f64) {
    let (r, v) = split(y);
    let (re, ve) = relative_state(earth, t_s, r, v);
    let (alt_m, up) = earth.altitude_and_up(re);
    (alt_m, ve.dot(up))
}

/// Numerically propagate an inertial state from `t0_s` (the ECI/ECEF alignment is at t = 0) to
/// the first descending crossing of altitude 0. Ground range is left at 0 for the caller.
pub fn propagate_eci(
    earth: &Earth,
    t0_s: f64,
    r0: DVec3,
    v0: DVec3,
    options: &FreeFlightOptions,
) -> Result<FreeFlight, BallisticError> {
    // Search at most 1.5 two-body periods: a suborbital arc comes down well within one.
    let arc = KeplerArc::new(r0, v0, earth.mu_m3_s2);
    let horizon_s = arc.map_or(86_400.0, |a| 1.5 * a.period_s());
    let settings = Settings::new(state_tolerance(options.rel_tolerance));
    let y0 = join(r0, v0);
    let (h0, hdot0) = alt_and_rate(earth, t0_s, &y0);
    // A start on or below the surface that does not climb has no descending crossing to find
    // (it used to be reported as "in orbit" with a perigee thousands of km underground).
    if h0 <= 0.0 && hdot0 <= 0.0 {
        return Err(BallisticError::StartsBelowSurface {
            alt_m: h0,
            climb_m_s: hdot0,
        });
    }
    let mut rhs = free_flight_rhs(earth, options.ballistic_coefficient_kg_m2);

    let mut samples = Vec::new();
    let mut next_sample_s = t0_s;
    let mut prev_alt_m = h0;
    let mut prev_rate_m_s = hdot0;
    let mut apogee = (h0, t0_s);
    let mut impact: Option<(f64, [f64; 6])> = None;
    let mut failure: Option<BallisticError> = None;

    let observe = |step: &Step<6>, f: &mut _| {
        let (alt1, rate1) = alt_and_rate(earth, step.t1, &step.y1);
        let mut dense: Option<Dense<6>> = None;
        let mut get_dense =
            |f: &mut _| -> Dense<6> { dense.get_or_insert_with(|| step.dense(f)).clone() };
        // Apogee: dh/dt from + to −.
        let mut search_from = step.t0;
        let mut alt_from = prev_alt_m;
        if prev_rate_m_s > 0.0 && rate1 <= 0.0 {
            let d = get_dense(f);
            let rate = |t: f64| alt_and_rate(earth, t, &d.at(t)).1;
            if let Some(t_apo) = brent(rate, step.t0, step.t1, 1e-9) {
                let alt_apo = alt_and_rate(earth, t_apo, &d.at(t_apo)).0;
                if alt_apo > apogee.0 {
                    apogee = (alt_apo, t_apo);
                }
                search_from = t_apo;
                alt_from = alt_apo;
            }
        }
        if alt1 > apogee.0 {
            apogee = (alt1, step.t1);
        }
        // Impact: first descending crossing of altitude 0.
        let mut stop_at = step.t1;
        if alt1 <= 0.0 && alt_from > 0.0 {
            let d = get_dense(f);
            let alt = |t: f64| alt_and_rate(earth, t, &d.at(t)).0;
            match brent(alt, search_from, step.t1, 1e-10) {
                Some(t_imp) => {
                    impact = Some((t_imp, d.at(t_imp)));
                    stop_at = t_imp;
                }
                None => {
                    failure = Some(BallisticError::Integration(IntegrationError::NonFinite {
                        t_s: step.t1,
                    }))
                }
            }
        }
        if let Some(step_s) = options.sample_step_s {
            while next_sample_s < stop_at {
                let y = if next_sample_s == step.t0 {
                    step.y0
                } else {
                    get_dense(f).at(next_sample_s)
                };
                let (r, v) = split(&y);
                samples.push(sample_at(earth, next_sample_s, r, v));
                // The next point of the grid origin + k·step after this one.
                let k = ((next_sample_s - options.sample_origin_s) / step_s + 1e-9).floor() + 1.0;
                next_sample_s = options.sample_origin_s + k * step_s;
            }
        }
        prev_alt_m = alt1;
        prev_rate_m_s = rate1;
        if impact.is_some() || failure.is_some() {
            Control::Stop
        } else {
            Control::Continue
        }
    };
    let (_, _, stats) =
        integrator::integrate(&mut rhs, t0_s, y0, t0_s + horizon_s, &settings, observe)?;
    if let Some(err) = failure {
        return Err(err);
    }
    let Some((t_imp, y_imp)) = impact else {
        let perigee_km = arc.map_or(f64::NAN, |a| (a.periapsis_radius_m() - earth.a_m) / 1e3);
        return Err(BallisticError::NoImpact {
            searched_s: horizon_s,
            perigee_km,
        });
    };
    let (ri, vi) = split(&y_imp);
    if options.sample_step_s.is_some() {
        samples.push(sample_at(earth, t_imp, ri, vi));
    }
    let (impact_pos, impact_velocity) = impact_velocity(earth, t_imp, ri, vi);
    Ok(FreeFlight {
        flight_time_s: t_imp - t0_s,
        impact: impact_pos,
        impact_velocity,
        apogee_alt_m: apogee.0,
        apogee_time_s: apogee.1 - t0_s,
        ground_range_m: 0.0,
        impact_eci: (ri, vi),
        samples,
        method: MethodUsed::Dop853,
        steps: stats.accepted,
    })
}

/// Propagate an inertial state from `t0_s` to `t1_s` (either direction) without events.
pub fn propagate_to(
    earth: &Earth,
    t0_s: f64,
    r0: DVec3,
    v0: DVec3,
    t1_s: f64,
    rel_tolerance: f64,
) -> Result<(DVec3, DVec3), IntegrationError> {
    let settings = Settings::new(state_tolerance(rel_tolerance));
    let mut rhs = free_flight_rhs(earth, None);
    let (_, y, _) =
        integrator::integrate(&mut rhs, t0_s, join(r0, v0), t1_s, &settings, |_, _| {
            Control::Continue
        })?;
    Ok(split(&y))
}
