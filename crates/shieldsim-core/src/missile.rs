//! Ballistic missiles: staged powered flight, re-entry, and the trajectory parameters that land
//! a missile on an aim point.
//!
//! The vehicle model is the one of the open arms-control literature (e.g. Wright & Kadyshev,
//! *Science & Global Security* 4, 1994; Forden, *Science & Global Security* 15, 2007): per stage
//! propellant and dry mass, vacuum specific impulse and burn time (so constant thrust and mass
//! flow), a nozzle exit area for the back-pressure loss F = ṁ·g₀·Isp_vac − p_atm·A_e, and a drag
//! coefficient against Mach number on the stack's cross-section. The payload (the re-entry
//! vehicle, RV) separates at burnout and falls with drag from its ballistic coefficient.
//!
//! Trajectory shaping is open-loop, as in those papers: a vertical rise, a pitch-over "kick"
//! (thrust tilted by a fixed angle toward the launch azimuth for a few seconds), then a gravity
//! turn (thrust along the air-relative velocity), optionally ended early by thrust termination.
//! The three numbers — launch azimuth, kick angle, cutoff time — are what [`solve`] searches
//! so that the RV lands on the aim point. No guidance law is modelled.

use crate::ballistic::{self, FreeFlight, FreeFlightOptions, Method};
use crate::earth::atmosphere::us76;
use crate::earth::geodetic::{EnuBasis, SpeedAngles};
use crate::earth::{Earth, Geodetic};
use crate::format_number;
use crate::integrator::{self, Control, IntegrationError, Settings, Tolerance};
use crate::roots::{brent, brent_min};
use glam::DVec3;
use std::cell::OnceCell;
use thiserror::Error;

/// Standard gravity for specific impulse (m/s²).
const G0_M_S2: f64 = 9.806_65;

/// Most stages of a missile (ballistic missiles have one to three).
pub const MAX_STAGES: usize = 6;
/// Bounds of a stage's vacuum specific impulse (s): chemical rocket motors.
pub const ISP_VAC_S: (f64, f64) = (100.0, 500.0);
/// Bounds of a stage's burn time (s): from a fraction of a second to far beyond any
/// ballistic missile's stage (about three minutes).
pub const STAGE_BURN_S: (f64, f64) = (0.5, 1000.0);
/// Bounds of the re-entry vehicle's ballistic coefficient (kg/m²): re-entry vehicles and
/// tumbling bodies lie between about 1,000 and 20,000.
pub const RV_BETA_KG_M2: (f64, f64) = (100.0, 1e6);

/// One rocket stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Propellant mass (kg).
    pub propellant_kg: f64,
    /// Dry (burnt-out) mass, dropped at separation (kg).
    pub dry_kg: f64,
    /// Vacuum specific impulse (s).
    pub isp_vac_s: f64,
    /// Burn time (s); thrust and mass flow are constant.
    pub burn_s: f64,
    /// Nozzle exit area (m²), for the back-pressure loss p_atm·A_e.
    pub exit_area_m2: f64,
    /// Body diameter (m); the stack's drag reference area is that of its lowest stage.
    pub diameter_m: f64,
}

impl Stage {
    /// Mass flow (kg/s).
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.propellant_kg / self.burn_s
    }

    /// Vacuum thrust (N).
    pub fn thrust_vac_n(&self) -> f64 {
        self.mass_flow_kg_s() * G0_M_S2 * self.isp_vac_s
    }
}

/// A missile: stages (first to last), payload and aerodynamics.
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    /// Stages, first (lowest) to last.
    pub stages: Vec<Stage>,
    /// Payload: the re-entry vehicle and its share of the bus (kg).
    pub payload_kg: f64,
    /// Ballistic coefficient of the re-entry vehicle β = m/(C_D·A) (kg/m²).
    pub rv_beta_kg_m2: f64,
    /// Drag coefficient of the boosting stack against Mach number: (Mach, C_D), increasing
    /// Mach; linear in between, constant outside.
    pub cd_mach: Vec<(f64, f64)>,
    /// Duration of the vertical rise after lift-off (s).
    pub vertical_rise_s: f64,
    /// Duration of the pitch-over kick (s).
    pub kick_s: f64,
}

impl Vehicle {
    /// Launch mass (kg).
    pub fn launch_mass_kg(&self) -> f64 {
        self.payload_kg
            + self
                .stages
                .iter()
                .map(|s| s.propellant_kg + s.dry_kg)
                .sum::<f64>()
    }

    /// Total burn time of all stages (s).
    pub fn total_burn_s(&self) -> f64 {
        self.stages.iter().map(|s| s.burn_s).sum()
    }

    /// Ideal (rocket-equation) velocity increment in vacuum (m/s).
    pub fn ideal_delta_v_m_s(&self) -> f64 {
        let mut above = self.payload_kg;
        let mut dv = 0.0;
        for s in self.stages.iter().rev() {
            let m0 = above + s.propellant_kg + s.dry_kg;
            let m1 = above + s.dry_kg;
            dv += s.isp_vac_s * G0_M_S2 * (m0 / m1).ln();
            above = m0;
        }
        dv
    }

    /// Drag coefficient at a Mach number: monotone piecewise-cubic Hermite interpolation of the
    /// table (Fritsch & Carlson, SIAM J. Numer. Anal. 17, 1980), constant outside it. It passes
    /// through every tabulated point without overshoot and, unlike linear interpolation, has a
    /// continuous derivative: the kinks of a piecewise-linear table made the 8th-order
    /// integrator reject most of its boost steps.
    pub fn cd(&self, mach: f64) -> f64 {
        Pchip::new(&self.cd_mach).at(mach)
    }

    /// Check the numbers for physical sense; says which one is wrong, quoting its value.
    /// Beyond the signs: chemical propulsion (Isp), stage burn times, a re-entry body that
    /// falls in minutes (β), and a first stage whose sea-level thrust lifts the launch mass —
    /// a missile that cannot leave the pad has no trajectory to search for.
    pub fn validate(&self) -> Result<(), String> {
        let n = self.stages.len();
        if !(1..=MAX_STAGES).contains(&n) {
            return Err(format!("a missile needs 1 … {MAX_STAGES} stages, not {n}"));
        }
        let outside = |what: &str, v: f64, (lo, hi): (f64, f64), unit: &str| {
            format!(
                "{what} = {}{unit} is outside {} … {}{unit}",
                format_number(v),
                format_number(lo),
                format_number(hi)
            )
        };
        for (i, s) in self.stages.iter().enumerate() {
            let k = i + 1;
            for (what, v) in [
                ("propellant_kg", s.propellant_kg),
                ("dry_kg", s.dry_kg),
                ("diameter_m", s.diameter_m),
            ] {
                if !(v > 0.0 && v.is_finite()) {
                    return Err(format!(
                        "stage {k}: {what} = {} must be greater than 0",
                        format_number(v)
                    ));
                }
            }
            if !(ISP_VAC_S.0..=ISP_VAC_S.1).contains(&s.isp_vac_s) {
                return Err(format!(
                    "stage {k}: {} (chemical rocket motors)",
                    outside("isp_vac_s", s.isp_vac_s, ISP_VAC_S, " s")
                ));
            }
            if !(STAGE_BURN_S.0..=STAGE_BURN_S.1).contains(&s.burn_s) {
                return Err(format!(
                    "stage {k}: {}",
                    outside("burn_s", s.burn_s, STAGE_BURN_S, " s")
                ));
            }
            if !(s.exit_area_m2 >= 0.0 && s.exit_area_m2.is_finite()) {
                return Err(format!(
                    "stage {k}: exit_area_m2 = {} must not be negative",
                    format_number(s.exit_area_m2)
                ));
            }
        }
        if !(self.payload_kg > 0.0 && self.payload_kg.is_finite()) {
            return Err(format!(
                "payload_kg = {} must be greater than 0",
                format_number(self.payload_kg)
            ));
        }
        if !(RV_BETA_KG_M2.0..=RV_BETA_KG_M2.1).contains(&self.rv_beta_kg_m2) {
            return Err(format!(
                "{} (a lighter body would drift down for hours)",
                outside("rv_beta_kg_m2", self.rv_beta_kg_m2, RV_BETA_KG_M2, " kg/m²")
            ));
        }
        if self.cd_mach.is_empty()
            || self.cd_mach.windows(2).any(|w| w[1].0 <= w[0].0)
            || self
                .cd_mach
                .iter()
                .any(|&(m, cd)| !(m.is_finite() && cd.is_finite() && cd >= 0.0))
        {
            return Err(
                "cd_mach must list finite (Mach, C_D) pairs with increasing Mach and C_D ≥ 0"
                    .into(),
            );
        }
        for (what, v) in [
            ("vertical_rise_s", self.vertical_rise_s),
            ("kick_s", self.kick_s),
        ] {
            if !(v > 0.0 && v.is_finite()) {
                return Err(format!(
                    "{what} = {} must be greater than 0",
                    format_number(v)
                ));
            }
        }
        if self.vertical_rise_s + self.kick_s >= self.total_burn_s() {
            return Err(format!(
                "the vertical rise and kick ({} s) must end before the last stage burns out ({} s)",
                format_number(self.vertical_rise_s + self.kick_s),
                format_number(self.total_burn_s())
            ));
        }
        let first = &self.stages[0];
        let thrust_n = first.thrust_vac_n() - us76(0.0).pressure_pa * first.exit_area_m2;
        let weight_n = self.launch_mass_kg() * G0_M_S2;
        if thrust_n <= weight_n {
            return Err(format!(
                "the first stage's sea-level thrust, {} kN, does not lift the launch mass of {} kg ({} kN): the missile cannot leave the pad",
                format_number((thrust_n / 1e3).round()),
                format_number(self.launch_mass_kg().round()),
                format_number((weight_n / 1e3).round())
            ));
        }
        Ok(())
    }
}

/// The open-loop steering parameters of one flight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Steering {
    /// Launch azimuth from north, clockwise (rad).
    pub azimuth_rad: f64,
    /// Pitch-over angle of the thrust from the local vertical during the kick (rad).
    pub kick_rad: f64,
    /// Thrust termination time after lift-off (s); the full burn if ≥ the total burn time.
    pub cutoff_s: f64,
}

/// Which flight phase a sample is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    /// Powered flight.
    Boost,
    /// RV free flight above 100 km after burnout.
    Coast,
    /// RV below 100 km on the way down.
    Reentry,
}

impl Phase {
    /// Name used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Boost => "boost",
            Phase::Coast => "coast",
            Phase::Reentry => "reentry",
        }
    }
}

/// Altitude (m) below which a descending RV is said to be re-entering.
pub const REENTRY_ALT_M: f64 = 100_000.0;

/// One sample of a missile flight.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MissileSample {
    /// Time since lift-off (s).
    pub t_s: f64,
    /// Geodetic position.
    pub position: Geodetic,
    /// Speed relative to the rotating Earth (m/s).
    pub speed_m_s: f64,
    /// Flight phase.
    pub phase: Phase,
    /// Earth-fixed position (m).
    pub pos_ecef_m: DVec3,
    /// Velocity relative to the rotating Earth, Earth-fixed axes (m/s).
    pub vel_ecef_m_s: DVec3,
}

/// State at burnout (thrust termination and RV separation).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Burnout {
    /// Time since lift-off (s).
    pub t_s: f64,
    /// Geodetic position.
    pub position: Geodetic,
    /// Earth-relative velocity in the local ENU frame.
    pub velocity: SpeedAngles,
    /// Inertial position (m).
    pub pos_eci_m: DVec3,
    /// Inertial velocity (m/s).
    pub vel_eci_m_s: DVec3,
}

/// A complete missile flight from lift-off to RV impact.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MissileFlight {
    /// Burnout state.
    pub burnout: Burnout,
    /// RV free flight from burnout, with drag: `flight_time_s` and `apogee_time_s` count from
    /// burnout, sample times from lift-off.
    pub rv: FreeFlight,
    /// Samples of the boost (empty unless asked for).
    pub boost_samples: Vec<MissileSample>,
}

impl MissileFlight {
    /// Time from lift-off to impact (s).
    pub fn flight_time_s(&self) -> f64 {
        self.burnout.t_s + self.rv.flight_time_s
    }

    /// All samples, boost then RV, each labelled with its phase.
    pub fn samples(&self) -> Vec<MissileSample> {
        let mut out = self.boost_samples.clone();
        let apogee_t = self.burnout.t_s + self.rv.apogee_time_s;
        for s in &self.rv.samples {
            let t_s = s.t_s;
            let phase = if t_s > apogee_t && s.position.alt_m < REENTRY_ALT_M {
                Phase::Reentry
            } else {
                Phase::Coast
            };
            out.push(MissileSample {
                t_s,
                position: s.position,
                speed_m_s: s.speed_m_s,
                phase,
                pos_ecef_m: s.pos_ecef_m,
                vel_ecef_m_s: s.vel_ecef_m_s,
            });
        }
        out
    }
}

/// Why a missile flight or aiming problem failed.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum MissileError {
    /// The vehicle description is not physical.
    #[error("invalid missile: {0}")]
    InvalidVehicle(String),
    /// The target lies beyond the missile's reach.
    #[error(
        "the target is {range_km:.0} km away, beyond the maximum range of {max_range_km:.0} km for this missile on azimuth {azimuth_deg:.1}°"
    )]
    OutOfRange {
        /// Target range (km).
        range_km: f64,
        /// Maximum range on this azimuth (km).
        max_range_km: f64,
        /// Launch azimuth (deg).
        azimuth_deg: f64,
    },
    /// The target is closer than the missile can be steered to reach.
    #[error(
        "the target is {range_km:.1} km away, closer than the {min_range_km:.1} km this missile can be shaped to reach"
    )]
    TooClose {
        /// Target range (km).
        range_km: f64,
        /// Shortest reachable range (km).
        min_range_km: f64,
    },
    /// The requested apogee cannot be flown to this target.
    #[error("apogee {apogee_km:.0} km cannot be flown to a target {range_km:.0} km away: {why}")]
    ApogeeUnreachable {
        /// Requested apogee (km).
        apogee_km: f64,
        /// Target range (km).
        range_km: f64,
        /// Why.
        why: String,
    },
    /// The flight hit the ground during boost.
    #[error(
        "the missile strikes the ground during boost: no trajectory of this shape reaches the target (the steering search's pitch-over kick was {kick_deg:.2}°)"
    )]
    GroundDuringBoost {
        /// Kick angle (deg).
        kick_deg: f64,
    },
    /// The search did not converge.
    #[error("steering did not converge: {0}")]
    NoConvergence(String),
    /// The RV flight failed.
    #[error(transparent)]
    Ballistic(#[from] ballistic::BallisticError),
    /// The integration failed.
    #[error(transparent)]
    Integration(#[from] IntegrationError),
}

/// A monotone piecewise-cubic Hermite interpolant (Fritsch & Carlson, SIAM J. Numer. Anal. 17,
/// 1980), constant outside its table; its slopes are computed once, since it is evaluated at
/// every derivative evaluation of a boost.
#[derive(Debug, Clone)]
struct Pchip {
    points: Vec<(f64, f64)>,
    slopes: Vec<f64>,
}

impl Pchip {
    fn new(points: &[(f64, f64)]) -> Self {
        let t = points;
        let n = t.len();
        let secant = |j: usize| (t[j + 1].1 - t[j].1) / (t[j + 1].0 - t[j].0);
        // Endpoint slopes: a harmonic-type mean of the neighbouring secants, zero at extrema;
        // one-sided at the table ends.
        let slope = |j: usize| -> f64 {
            if n < 2 {
                return 0.0;
            }
            if j == 0 {
                return secant(0);
            }
            if j == n - 1 {
                return secant(n - 2);
            }
            let (d0, d1) = (secant(j - 1), secant(j));
            if d0 * d1 <= 0.0 {
                return 0.0;
            }
            let (h0, h1) = (t[j].0 - t[j - 1].0, t[j + 1].0 - t[j].0);
            let (w0, w1) = (2.0 * h1 + h0, h1 + 2.0 * h0);
            (w0 + w1) / (w0 / d0 + w1 / d1)
        };
        Pchip {
            points: points.to_vec(),
            slopes: (0..n).map(slope).collect(),
        }
    }

    fn at(&self, x: f64) -> f64 {
        let t = &self.points;
        let n = t.len();
        if n == 1 || x <= t[0].0 {
            return t[0].1;
        }
        if x >= t[n - 1].0 {
            return t[n - 1].1;
        }
        let i = (t.partition_point(|&(m, _)| m <= x) - 1).min(n - 2);
        let h = t[i + 1].0 - t[i].0;
        let s = (x - t[i].0) / h;
        let (m0, m1) = (self.slopes[i] * h, self.slopes[i + 1] * h);
        let (y0, y1) = (t[i].1, t[i + 1].1);
        let s2 = s * s;
        let s3 = s2 * s;
        (2.0 * s3 - 3.0 * s2 + 1.0) * y0
            + (s3 - 2.0 * s2 + s) * m0
            + (-2.0 * s3 + 3.0 * s2) * y1
            + (s3 - s2) * m1
    }
}

/// Pointing of the thrust during a phase.
#[derive(Debug, Clone, Copy)]
enum Pointing {
    Vertical,
    Kick,
    GravityTurn,
}

/// One segment of powered flight with constant stage and pointing.
#[derive(Debug, Clone, Copy)]
struct Segment {
    t0_s: f64,
    t1_s: f64,
    stage: usize,
    pointing: Pointing,
}

/// Top of the atmosphere during boost (m): see `fly`.
const BOOST_ATMOSPHERE_TOP_M: f64 = 86_000.0;
const VACUUM: crate::earth::atmosphere::AtmosphereSample =
    crate::earth::atmosphere::AtmosphereSample {
        temperature_k: 186.87,
        pressure_pa: 0.0,
        density_kg_m3: 0.0,
        speed_of_sound_m_s: 0.0,
    };

/// RV free-flight tolerance (relative): 1e-11 keeps the coast's specific energy constant to
/// better than 1e-9 (VALIDATION.md).
const RV_REL_TOLERANCE: f64 = 1e-11;

/// Boost integration tolerance (relative).
const BOOST_REL_TOLERANCE: f64 = 1e-8;

/// Local ENU basis at an inertial position, in the inertial frame. The geodetic latitude and the
/// up direction do not depend on the Earth's rotation angle, so converting the inertial vector
/// directly yields the ENU basis expressed in inertial axes.
fn enu_inertial(earth: &Earth, pos_eci_m: DVec3) -> (Geodetic, EnuBasis) {
    let g = earth.ecef_to_geodetic(pos_eci_m);
    (g, EnuBasis::at(g.lat_rad, g.lon_rad))
}

/// The powered trajectory for one azimuth and kick, integrated once to full burn (or an
/// earlier end), keeping every accepted step: the burnout state for any cutoff is then an
/// interpolation, so that searching over the cutoff costs no new integration. A step's dense
/// output costs three more derivative evaluations, so it is built only when a time inside the
/// step is asked for (a search asks about a handful of steps out of ~70).
#[derive(Debug, Clone)]
pub struct BoostTrack {
    model: BoostModel,
    /// Every accepted step, in time order, with its segment and its dense output once built.
    steps: Vec<(usize, integrator::Step<7>, OnceCell<integrator::Dense<7>>)>,
    /// How far the track goes (s): the full burn, or the last step above ground.
    pub end_s: f64,
    /// The kick it was flown with (rad).
    pub kick_rad: f64,
    /// Boost samples (when asked for).
    samples: Vec<MissileSample>,
}

impl BoostTrack {
    /// Inertial position (m), velocity (m/s) and mass (kg) at `t_s` (0 … `end_s`).
    pub fn state_at(&self, t_s: f64) -> (DVec3, DVec3, f64) {
        let i = self
            .steps
            .partition_point(|(_, step, _)| step.t1 < t_s)
            .min(self.steps.len() - 1);
        let (segment, step, dense) = &self.steps[i];
        let y = if t_s == step.t1 {
            step.y1
        } else {
            dense
                .get_or_init(|| step.dense(&mut self.model.rhs(*segment)))
                .at(t_s)
        };
        (
            DVec3::new(y[0], y[1], y[2]),
            DVec3::new(y[3], y[4], y[5]),
            y[6],
        )
    }
}

/// Everything the boost's equations of motion depend on.
#[derive(Debug, Clone)]
struct BoostModel {
    earth: Earth,
    vehicle: Vehicle,
    cd: Pchip,
    steering: Steering,
    segments: Vec<Segment>,
}

impl BoostModel {
    /// The equations of motion during one segment: state (inertial position, velocity, mass).
    fn rhs(&self, segment: usize) -> impl FnMut(f64, &[f64; 7]) -> [f64; 7] + '_ {
        let earth = &self.earth;
        let vehicle = &self.vehicle;
        let steering = &self.steering;
        let seg = self.segments[segment];
        let stage = &vehicle.stages[seg.stage];
        // Cross-section of the stack: that of its lowest remaining stage.
        let area_m2 = std::f64::consts::PI * 0.25 * stage.diameter_m * stage.diameter_m;
        move |_t: f64, s: &[f64; 7]| -> [f64; 7] {
            let r = DVec3::new(s[0], s[1], s[2]);
            let v = DVec3::new(s[3], s[4], s[5]);
            // Above 86 km (the end of the standard's exact region) dynamic pressure and back
            // pressure are below 1e-5 of any stage's thrust: fly the boost in vacuum there, which
            // also keeps the fitted region's band edges out of the integrator's way. The radius
            // test is conservative (no point of the ellipsoid lies farther than a) and spares the
            // altitude during most of an upper stage's burn.
            let in_air = r.length() < earth.a_m + BOOST_ATMOSPHERE_TOP_M;
            // Geodetic altitude and up do not depend on the Earth's rotation angle, so the
            // inertial position serves; the horizontal axes are needed only before the turn.
            let alt_m = if in_air {
                earth.altitude_m(r)
            } else {
                f64::INFINITY
            };
            let atm = if alt_m < BOOST_ATMOSPHERE_TOP_M {
                us76(alt_m.max(0.0))
            } else {
                VACUUM
            };
            let v_air = v - earth.omega_vec_rad_s().cross(r);
            let speed_air = v_air.length();
            let dir = match seg.pointing {
                Pointing::Vertical => earth.up_ecef(r),
                Pointing::Kick => {
                    let enu = enu_inertial(earth, r).1;
                    let horizontal = enu.north * steering.azimuth_rad.cos()
                        + enu.east * steering.azimuth_rad.sin();
                    enu.up * steering.kick_rad.cos() + horizontal * steering.kick_rad.sin()
                }
                Pointing::GravityTurn => {
                    if speed_air > 0.0 {
                        v_air / speed_air
                    } else {
                        earth.up_ecef(r)
                    }
                }
            };
            let thrust_n = (stage.thrust_vac_n() - atm.pressure_pa * stage.exit_area_m2).max(0.0);
            let mach = if atm.speed_of_sound_m_s > 0.0 {
                speed_air / atm.speed_of_sound_m_s
            } else {
                0.0
            };
            let drag_n =
                0.5 * atm.density_kg_m3 * speed_air * speed_air * self.cd.at(mach) * area_m2;
            let drag = if speed_air > 0.0 {
                -drag_n * v_air / speed_air
            } else {
                DVec3::ZERO
            };
            let a = earth.gravity_m_s2(r) + (thrust_n * dir + drag) / s[6];
            [v.x, v.y, v.z, a.x, a.y, a.z, -stage.mass_flow_kg_s()]
        }
    }
}

/// The boost's segments: vertical rise, kick, then gravity turn, split at stage burnouts, up
/// to `end_s`.
fn segments(vehicle: &Vehicle, end_s: f64) -> Vec<Segment> {
    let kick_end = vehicle.vertical_rise_s + vehicle.kick_s;
    let mut cuts = vec![0.0, vehicle.vertical_rise_s, kick_end];
    let mut t_acc = 0.0;
    for s in &vehicle.stages {
        t_acc += s.burn_s;
        cuts.push(t_acc);
    }
    cuts.push(end_s);
    cuts.retain(|&t| t <= end_s);
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let stage_at = |t: f64| {
        let mut end = 0.0;
        for (i, s) in vehicle.stages.iter().enumerate() {
            end += s.burn_s;
            if t < end {
                return i;
            }
        }
        vehicle.stages.len() - 1
    };
    cuts.windows(2)
        .map(|w| {
            let mid = 0.5 * (w[0] + w[1]);
            let pointing = if mid < vehicle.vertical_rise_s {
                Pointing::Vertical
            } else if mid < kick_end {
                Pointing::Kick
            } else {
                Pointing::GravityTurn
            };
            Segment {
                t0_s: w[0],
                t1_s: w[1],
                stage: stage_at(mid),
                pointing,
            }
        })
        .collect()
}

/// Integrate the powered trajectory for a steering's azimuth and kick to the full burn, or
/// until it strikes the ground ([`BoostTrack::end_s`] says how far it got). The cutoff is
/// applied where a burnout is taken from the track (in [`fly`] and in the steering search
/// alike) by the track's dense output: so the search and `fly` compute the very same flight,
/// and every cutoff on one track costs no new integration. Samples stop at the cutoff.
pub fn boost(
    earth: &Earth,
    vehicle: &Vehicle,
    launch: Geodetic,
    steering: &Steering,
    sample_step_s: Option<f64>,
) -> Result<BoostTrack, MissileError> {
    let full_burn_s = vehicle.total_burn_s();
    let cutoff_s = steering.cutoff_s.min(full_burn_s);
    let mut end_s = 0.0;
    let model = BoostModel {
        earth: *earth,
        vehicle: vehicle.clone(),
        cd: Pchip::new(&vehicle.cd_mach),
        steering: *steering,
        segments: segments(vehicle, full_burn_s),
    };
    let r0 = earth.geodetic_to_ecef(Geodetic {
        alt_m: 0.0,
        ..launch
    });
    let v0 = earth.ecef_to_eci_vel(0.0, r0, DVec3::ZERO);
    let mut y = [r0.x, r0.y, r0.z, v0.x, v0.y, v0.z, vehicle.launch_mass_kg()];
    let mut steps = Vec::new();
    let mut samples = Vec::new();
    let mut next_sample = 0.0;
    let mut current_stage = 0;
    let settings = Settings::new(Tolerance {
        rel: BOOST_REL_TOLERANCE,
        abs: [1e-4, 1e-4, 1e-4, 1e-7, 1e-7, 1e-7, 1e-6],
    });
    for (i, seg) in model.segments.iter().enumerate() {
        // Drop the dry mass of every stage that burnt out before this segment.
        while current_stage < seg.stage {
            y[6] -= vehicle.stages[current_stage].dry_kg;
            current_stage += 1;
        }
        let mut rhs = model.rhs(i);
        let mut struck = false;
        let (_, y1, _) =
            integrator::integrate(&mut rhs, seg.t0_s, y, seg.t1_s, &settings, |step, f| {
                // A step that ends below ground ends the track where the last one ended.
                if earth.altitude_m(DVec3::new(step.y1[0], step.y1[1], step.y1[2])) < 0.0 {
                    struck = true;
                    return Control::Stop;
                }
                let dense = OnceCell::new();
                if let Some(dt) = sample_step_s {
                    let d = dense.get_or_init(|| step.dense(f));
                    while next_sample < step.t1.min(cutoff_s) {
                        let ys = if next_sample <= step.t0 {
                            step.y0
                        } else {
                            d.at(next_sample)
                        };
                        samples.push(boost_sample(earth, next_sample, &ys));
                        next_sample += dt;
                    }
                }
                steps.push((i, step.clone(), dense));
                end_s = step.t1;
                Control::Continue
            })?;
        if struck || steps.is_empty() {
            break;
        }
        y = y1;
    }
    if steps.is_empty() {
        return Err(MissileError::GroundDuringBoost {
            kick_deg: steering.kick_rad.to_degrees(),
        });
    }
    Ok(BoostTrack {
        model,
        steps,
        end_s,
        kick_rad: steering.kick_rad,
        samples,
    })
}

/// Burnout state at `t_s` on a boost track.
fn burnout_on(earth: &Earth, track: &BoostTrack, t_s: f64) -> Burnout {
    let (r_b, v_b, _) = track.state_at(t_s);
    let (re, ve) = (
        earth.eci_to_ecef_pos(t_s, r_b),
        earth.eci_to_ecef_vel(t_s, r_b, v_b),
    );
    let position = earth.ecef_to_geodetic(re);
    let velocity =
        SpeedAngles::from_enu(EnuBasis::at(position.lat_rad, position.lon_rad).from_ecef(ve));
    Burnout {
        t_s,
        position,
        velocity,
        pos_eci_m: r_b,
        vel_eci_m_s: v_b,
    }
}

/// The RV's flight from a burnout, with drag (`beta`) or in vacuum (`None`); ground range from
/// the launch point filled in. A burnout on the ground (a boost with kick `kick_rad` that ended
/// there) is [`MissileError::GroundDuringBoost`].
fn rv_flight(
    earth: &Earth,
    launch: Geodetic,
    b: &Burnout,
    beta_kg_m2: Option<f64>,
    sample_step_s: Option<f64>,
    kick_rad: f64,
) -> Result<FreeFlight, MissileError> {
    let options = FreeFlightOptions {
        sample_step_s,
        method: Method::Numerical,
        rel_tolerance: RV_REL_TOLERANCE,
        sample_origin_s: 0.0,
        ballistic_coefficient_kg_m2: beta_kg_m2,
    };
    let mut rv = ballistic::propagate_eci(earth, b.t_s, b.pos_eci_m, b.vel_eci_m_s, &options)
        .map_err(|e| match e {
            // Say that the boost ended on the ground, not that a free flight cannot start.
            ballistic::BallisticError::StartsBelowSurface { .. } => {
                MissileError::GroundDuringBoost {
                    kick_deg: kick_rad.to_degrees(),
                }
            }
            e => e.into(),
        })?;
    rv.ground_range_m = earth
        .geodesic_deg(
            launch.lat_deg(),
            launch.lon_deg(),
            rv.impact.lat_deg(),
            rv.impact.lon_deg(),
        )
        .distance_m;
    Ok(rv)
}

/// Fly the boost and the RV to impact.
pub fn fly(
    earth: &Earth,
    vehicle: &Vehicle,
    launch: Geodetic,
    steering: &Steering,
    sample_step_s: Option<f64>,
) -> Result<MissileFlight, MissileError> {
    let track = boost(earth, vehicle, launch, steering, sample_step_s)?;
    let cutoff_s = steering.cutoff_s.min(vehicle.total_burn_s());
    if cutoff_s > track.end_s {
        return Err(MissileError::GroundDuringBoost {
            kick_deg: steering.kick_rad.to_degrees(),
        });
    }
    let burnout = burnout_on(earth, &track, cutoff_s);
    let rv = rv_flight(
        earth,
        launch,
        &burnout,
        Some(vehicle.rv_beta_kg_m2),
        sample_step_s,
        steering.kick_rad,
    )?;
    Ok(MissileFlight {
        burnout,
        rv,
        boost_samples: track.samples,
    })
}

fn boost_sample(earth: &Earth, t_s: f64, y: &[f64; 7]) -> MissileSample {
    let r = DVec3::new(y[0], y[1], y[2]);
    let v = DVec3::new(y[3], y[4], y[5]);
    let re = earth.eci_to_ecef_pos(t_s, r);
    let ve = earth.eci_to_ecef_vel(t_s, r, v);
    MissileSample {
        t_s,
        position: earth.ecef_to_geodetic(re),
        speed_m_s: ve.length(),
        phase: Phase::Boost,
        pos_ecef_m: re,
        vel_ecef_m_s: ve,
    }
}

/// Which trajectory to fly to the aim point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Least energy: thrust terminated as early as possible, kick at the range maximum.
    MinEnergy,
    /// Full burn, steeper than the range maximum (or with cutoff, to an apogee).
    Lofted,
    /// Full burn, flatter than the range maximum (or with cutoff, to an apogee).
    Depressed,
}

/// A solved missile aiming problem.
#[derive(Debug, Clone, PartialEq)]
pub struct MissileSolution {
    /// The steering that was found.
    pub steering: Steering,
    /// The flight it produces.
    pub flight: MissileFlight,
    /// Geodesic distance from impact to the aim point (m).
    pub miss_m: f64,
    /// Geodesic range from launch to aim point (m).
    pub target_range_m: f64,
}

/// Kick angles searched (rad): from nearly vertical to a strong pitch-over.
const KICK_MIN_RAD: f64 = 0.1 * std::f64::consts::PI / 180.0;
const KICK_MAX_RAD: f64 = 45.0 * std::f64::consts::PI / 180.0;
/// The landing criterion of the search (m): far inside the 1 km.
const LANDING_TOL_M: f64 = 10.0;
/// Kick resolution of the minimum-energy search (rad): 0.1°, where the cutoff is flat in kick.
const MIN_ENERGY_KICK_XTOL_RAD: f64 = 5e-3;
/// Cutoff resolution while scoring kicks (s).
const SCORE_CUTOFF_XTOL_S: f64 = 1e-4;

/// The RV's two-body (Kepler) fall from a burnout, as seen from `launch`.
#[derive(Debug, Clone, Copy)]
struct Fall {
    /// Ground range of the impact (m).
    range_m: f64,
    /// Apogee altitude (m).
    apogee_m: f64,
}

/// The Kepler fall from a burnout: the predictor of the steering search — a microsecond where a
/// J2 flight takes fourteen. Impact is where the arc descends through the ellipsoid: the
/// surface radius under the impact is found by fixed-point iteration, which converges because
/// it varies by at most 21 km from pole to equator.
fn kepler_fall(earth: &Earth, launch: Geodetic, b: &Burnout) -> Option<Fall> {
    let arc = crate::kepler::KeplerArc::new(b.pos_eci_m, b.vel_eci_m_s, earth.mu_m3_s2)?;
    let mut radius_m = b.pos_eci_m.length() - b.position.alt_m;
    let mut impact = (0.0, DVec3::ZERO);
    for _ in 0..3 {
        let de = arc.descending_crossing(radius_m)?;
        let r = arc.state_after(de).0;
        radius_m = r.length() - earth.altitude_m(r);
        impact = (de, r);
    }
    let (de_impact, r_impact) = impact;
    let t_impact_s = b.t_s + arc.time_for(de_impact);
    let g = earth.ecef_to_geodetic(earth.eci_to_ecef_pos(t_impact_s, r_impact));
    let range_m = earth
        .geodesic_deg(launch.lat_deg(), launch.lon_deg(), g.lat_deg(), g.lon_deg())
        .distance_m;
    let to_apoapsis = arc.apoapsis_advance();
    let apogee_m = if to_apoapsis < de_impact {
        earth.altitude_m(arc.state_after(to_apoapsis).0)
    } else {
        b.position.alt_m
    };
    Some(Fall {
        range_m,
        apogee_m: apogee_m.max(b.position.alt_m),
    })
}

/// What the full flight (J2, drag) adds to the Kepler prediction from the same burnout:
/// measured on a full flight and refreshed by the solve loop until the flight lands.
#[derive(Debug, Clone, Copy, Default)]
struct Offsets {
    range_m: f64,
    apogee_m: f64,
}

/// The in-plane search on one azimuth. Ranges and apogees are predicted as the Kepler fall
/// from the burnout plus the [`Offsets`] of the latest full flight.
struct Shaper<'a> {
    earth: &'a Earth,
    vehicle: &'a Vehicle,
    launch: Geodetic,
    azimuth_rad: f64,
    offsets: Offsets,
    full_burn_s: f64,
    earliest_cutoff_s: f64,
}

impl<'a> Shaper<'a> {
    /// The search on one azimuth; cutoffs range from just after the kick to the full burn.
    fn new(
        earth: &'a Earth,
        vehicle: &'a Vehicle,
        launch: Geodetic,
        azimuth_rad: f64,
        offsets: Offsets,
    ) -> Self {
        let full_burn_s = vehicle.total_burn_s();
        let earliest_cutoff_s = vehicle.vertical_rise_s + vehicle.kick_s + 1.0;
        Shaper {
            earth,
            vehicle,
            launch,
            azimuth_rad,
            offsets,
            full_burn_s,
            earliest_cutoff_s,
        }
    }

    fn track(&self, kick_rad: f64) -> Option<BoostTrack> {
        let steering = Steering {
            azimuth_rad: self.azimuth_rad,
            kick_rad,
            cutoff_s: self.full_burn_s,
        };
        boost(self.earth, self.vehicle, self.launch, &steering, None).ok()
    }

    /// Predicted range (m) and apogee (m) of the RV cut off at `cutoff_s` on a track.
    fn predict(&self, track: &BoostTrack, cutoff_s: f64) -> Option<(f64, f64)> {
        let b = burnout_on(self.earth, track, cutoff_s);
        kepler_fall(self.earth, self.launch, &b).map(|f| {
            (
                f.range_m + self.offsets.range_m,
                f.apogee_m + self.offsets.apogee_m,
            )
        })
    }

    /// Predicted range for a cutoff on a track (0 where there is none: searches move away).
    fn range_on(&self, track: &BoostTrack, cutoff_s: f64) -> f64 {
        if cutoff_s > track.end_s {
            return 0.0;
        }
        self.predict(track, cutoff_s).map_or(0.0, |r| r.0)
    }

    /// The latest cutoff a track allows: the full burn, unless it strikes the ground first.
    fn last_cutoff(&self, track: &BoostTrack) -> f64 {
        self.full_burn_s.min(track.end_s)
    }

    /// Predicted range for a kick and cutoff (0 where the boost fails).
    fn range(&self, kick_rad: f64, cutoff_s: f64) -> f64 {
        self.track(kick_rad)
            .map_or(0.0, |t| self.range_on(&t, cutoff_s))
    }

    /// The kick maximising the range at a cutoff, within [lo, hi]; and that range.
    fn best_kick(&self, cutoff_s: f64, lo: f64, hi: f64, xtol: f64) -> (f64, f64) {
        let (k, neg) = brent_min(
            |k| -self.range(k, cutoff_s),
            lo.max(KICK_MIN_RAD),
            hi.min(KICK_MAX_RAD),
            xtol,
        );
        (k, -neg)
    }

    /// The range-maximising kick over the whole kick interval: a coarse scan first, because
    /// flights that strike the ground score 0 and make the range non-unimodal at steep kicks,
    /// then Brent's method between the best point's neighbours.
    fn best_kick_global(&self, cutoff_s: f64, xtol: f64) -> (f64, f64) {
        const SCAN_DEG: [f64; 12] = [
            0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 14.0, 19.0, 25.0, 32.0, 40.0,
        ];
        let ranges: Vec<f64> = SCAN_DEG
            .iter()
            .map(|k| self.range(k.to_radians(), cutoff_s))
            .collect();
        let i = (0..SCAN_DEG.len())
            .max_by(|&a, &b| ranges[a].total_cmp(&ranges[b]))
            .unwrap_or(0);
        let lo = if i == 0 {
            KICK_MIN_RAD
        } else {
            SCAN_DEG[i - 1].to_radians()
        };
        let hi = if i + 1 == SCAN_DEG.len() {
            KICK_MAX_RAD
        } else {
            SCAN_DEG[i + 1].to_radians()
        };
        self.best_kick(cutoff_s, lo, hi, xtol)
    }

    /// The cutoff on a track whose predicted range is `range_m` (range grows with cutoff), to
    /// `xtol_s`.
    fn cutoff_for(&self, track: &BoostTrack, range_m: f64, xtol_s: f64) -> Option<f64> {
        let f = |c: f64| self.range_on(track, c) - range_m;
        brent(f, self.earliest_cutoff_s, self.last_cutoff(track), xtol_s)
    }

    fn out_of_range(&self, range_m: f64) -> MissileError {
        let (_, r_max) = self.best_kick_global(self.full_burn_s, 1e-4);
        MissileError::OutOfRange {
            range_km: range_m / 1e3,
            max_range_km: r_max / 1e3,
            azimuth_deg: self.azimuth_rad.to_degrees().rem_euclid(360.0),
        }
    }

    /// The price of a kick on the way to `range_m`: the least cutoff (s) that reaches it, or
    /// the earliest cutoff where even that overshoots. Where a full burn falls short, the full
    /// burn plus a penalty that grows with the shortfall, and three full burns for a boost that
    /// fails: the score is then continuous across the edge of the reachable kicks and
    /// unimodal, with its minimum at the minimum-energy kick — one boost per evaluation.
    fn cutoff_score(&self, track: Option<&BoostTrack>, range_m: f64) -> f64 {
        let Some(track) = track else {
            return 3.0 * self.full_burn_s;
        };
        let reach_m = self.range_on(track, self.last_cutoff(track));
        if reach_m < range_m {
            return self.full_burn_s * (1.0 + (range_m - reach_m) / range_m);
        }
        // No sign change means that even the earliest cutoff overshoots.
        self.cutoff_for(track, range_m, SCORE_CUTOFF_XTOL_S)
            .unwrap_or(self.earliest_cutoff_s)
    }

    /// Minimum energy: the kick whose track reaches the range with the least cutoff, that
    /// cutoff, and the track. The kick need only be near the flat minimum: an error δk costs
    /// O(δk²) in cutoff, and the cutoff then lands the flight exactly.
    fn min_energy(&self, range_m: f64) -> Result<(f64, f64, BoostTrack), MissileError> {
        // The best-scoring track is kept, so that the answer costs no boost of its own.
        let mut best: Option<(f64, BoostTrack)> = None;
        let (kick, _) = brent_min(
            |k| {
                let track = self.track(k);
                let score = self.cutoff_score(track.as_ref(), range_m);
                if let Some(t) = track
                    && best.as_ref().is_none_or(|(s, _)| score < *s)
                {
                    best = Some((score, t));
                }
                score
            },
            KICK_MIN_RAD,
            KICK_MAX_RAD,
            MIN_ENERGY_KICK_XTOL_RAD,
        );
        let track = match best {
            Some((_, t)) if t.kick_rad == kick => t,
            _ => self.track(kick).ok_or_else(boost_failed)?,
        };
        let cutoff = self.cutoff_on(&track, range_m)?;
        Ok((kick, cutoff, track))
    }

    /// The cutoff landing a track at the range, or why none does.
    fn cutoff_on(&self, track: &BoostTrack, range_m: f64) -> Result<f64, MissileError> {
        if self.range_on(track, self.last_cutoff(track)) < range_m {
            return Err(self.out_of_range(range_m));
        }
        let short_m = self.range_on(track, self.earliest_cutoff_s);
        if short_m > range_m {
            return Err(MissileError::TooClose {
                range_km: range_m / 1e3,
                min_range_km: short_m / 1e3,
            });
        }
        self.cutoff_for(track, range_m, 1e-7)
            .ok_or_else(|| MissileError::NoConvergence("no cutoff reaches the range".into()))
    }

    /// Full burn on the lofted (kick below the range maximum) or depressed branch.
    fn full_burn_branch(&self, range_m: f64, shape: Shape) -> Result<f64, MissileError> {
        let (k_star, r_max) = self.best_kick_global(self.full_burn_s, 1e-4);
        if r_max < range_m {
            return Err(self.out_of_range(range_m));
        }
        let (lo, hi) = if shape == Shape::Lofted {
            (KICK_MIN_RAD, k_star)
        } else {
            (k_star, KICK_MAX_RAD)
        };
        brent(|k| self.range(k, self.full_burn_s) - range_m, lo, hi, 1e-10).ok_or_else(|| {
            let edge = if shape == Shape::Lofted { lo } else { hi };
            MissileError::TooClose {
                range_km: range_m / 1e3,
                min_range_km: self.range(edge, self.full_burn_s) / 1e3,
            }
        })
    }

    /// Cutoff and kick on a branch that land at the range with the given apogee: apogee grows
    /// with the cutoff along the lofted branch and falls along the depressed one.
    fn to_apogee(
        &self,
        range_m: f64,
        shape: Shape,
        apogee_m: f64,
    ) -> Result<(f64, f64), MissileError> {
        let why = |s: &str| MissileError::ApogeeUnreachable {
            apogee_km: apogee_m / 1e3,
            range_km: range_m / 1e3,
            why: s.to_string(),
        };
        // For a cutoff: the kick on the branch that reaches the range, and the apogee.
        let on_branch = |c: f64| -> Option<(f64, f64)> {
            let (k_star, r_max) = self.best_kick_global(c, 1e-4);
            if r_max < range_m {
                return None;
            }
            let (lo, hi) = if shape == Shape::Depressed {
                (k_star, KICK_MAX_RAD)
            } else {
                (KICK_MIN_RAD, k_star)
            };
            let k = brent(|k| self.range(k, c) - range_m, lo, hi, 1e-10)?;
            let ap = self.track(k).and_then(|t| self.predict(&t, c))?.1;
            Some((k, ap))
        };
        let (_, ap_full) = on_branch(self.full_burn_s).ok_or_else(|| self.out_of_range(range_m))?;
        let sign = if shape == Shape::Depressed { -1.0 } else { 1.0 };
        if sign * (apogee_m - ap_full) > 0.0 {
            return Err(why(&format!(
                "even a full burn reaches only {:.0} km on this branch",
                ap_full / 1e3
            )));
        }
        let c = brent(
            |c| on_branch(c).map_or(-sign * 1e12, |(_, ap)| sign * (ap - apogee_m)),
            self.earliest_cutoff_s,
            self.full_burn_s,
            1e-6,
        )
        .ok_or_else(|| why("the minimum-energy trajectory already lies beyond it"))?;
        let (k, _) = on_branch(c).ok_or_else(|| why("no trajectory reaches the range"))?;
        Ok((k, c))
    }
}

fn boost_failed() -> MissileError {
    MissileError::NoConvergence("boost failed".into())
}

/// The greatest range (m) on an azimuth (rad) with a full burn, and the steering that flies it:
/// the kick that maximises the RV's predicted (Kepler) range, flown with J2 and drag.
pub fn max_range(
    earth: &Earth,
    vehicle: &Vehicle,
    launch: Geodetic,
    azimuth_rad: f64,
) -> Result<(f64, MissileFlight, Steering), MissileError> {
    vehicle.validate().map_err(MissileError::InvalidVehicle)?;
    let shaper = Shaper::new(earth, vehicle, launch, azimuth_rad, Offsets::default());
    let full_burn_s = shaper.full_burn_s;
    let (kick, _) = shaper.best_kick_global(full_burn_s, 1e-4);
    let steering = Steering {
        azimuth_rad,
        kick_rad: kick,
        cutoff_s: full_burn_s,
    };
    let flight = fly(earth, vehicle, launch, &steering, None)?;
    Ok((flight.rv.ground_range_m, flight, steering))
}

/// Find the steering that lands the vehicle's RV on the target: an in-plane search on Kepler
/// predictions from the boost's burnout, an outer loop that measures on each full flight (J2,
/// drag) the offsets of range and apogee from the prediction, and an azimuth correction for
/// the cross-range of the rotating Earth, J2 and drag.
pub fn solve(
    earth: &Earth,
    vehicle: &Vehicle,
    launch: Geodetic,
    target: Geodetic,
    shape: Shape,
    apogee_m: Option<f64>,
) -> Result<MissileSolution, MissileError> {
    vehicle.validate().map_err(MissileError::InvalidVehicle)?;
    let line = earth.geodesic_deg(
        launch.lat_deg(),
        launch.lon_deg(),
        target.lat_deg(),
        target.lon_deg(),
    );
    let range_m = line.distance_m;
    let full_burn_s = vehicle.total_burn_s();
    // First azimuth: that of the minimum-energy ballistic shot from the launch point, which
    // already carries most of the rotating Earth's correction (6° for Kozelsk → Washington);
    // the geodesic azimuth where that shot cannot be aimed.
    let mut azimuth_rad = crate::aim::aim(
        earth,
        &crate::aim::AimRequest {
            launch: Geodetic {
                alt_m: 0.0,
                ..launch
            },
            target,
            mode: crate::aim::AimMode::MinEnergy,
        },
    )
    .map_or(line.azimuth1_deg.to_radians(), |a| {
        a.burnout.velocity.azimuth_rad
    });
    let mut offsets = Offsets::default();
    let mut kick_guess = None;
    // The best pass: its flight is exactly what `fly` computes for its steering, since both
    // take the burnout from a full-burn track.
    let mut best: Option<(Steering, MissileFlight, f64)> = None;
    let mut previous: Option<(f64, f64)> = None;
    for _ in 0..12 {
        let shaper = Shaper::new(earth, vehicle, launch, azimuth_rad, offsets);
        let (kick, cutoff, track) = match (shape, apogee_m, kick_guess) {
            // After the first pass only the azimuth and the offsets change, by little: the
            // kick stays at the (flat) minimum and only the cutoff is solved again.
            (Shape::MinEnergy, _, Some(k)) => {
                let track = shaper.track(k).ok_or_else(boost_failed)?;
                match shaper.cutoff_on(&track, range_m) {
                    Ok(c) => (k, c, track),
                    Err(_) => shaper.min_energy(range_m)?,
                }
            }
            (Shape::MinEnergy, _, None) => shaper.min_energy(range_m)?,
            (_, None, _) => {
                let k = shaper.full_burn_branch(range_m, shape)?;
                (k, full_burn_s, shaper.track(k).ok_or_else(boost_failed)?)
            }
            (_, Some(a), _) => {
                let (k, c) = shaper.to_apogee(range_m, shape, a)?;
                (k, c, shaper.track(k).ok_or_else(boost_failed)?)
            }
        };
        kick_guess = Some(kick);
        let steering = Steering {
            azimuth_rad,
            kick_rad: kick,
            cutoff_s: cutoff,
        };
        // The RV from the track's burnout: the boost is not integrated again.
        let burnout = burnout_on(earth, &track, cutoff);
        let rv = rv_flight(
            earth,
            launch,
            &burnout,
            Some(vehicle.rv_beta_kg_m2),
            None,
            kick,
        )?;
        let (lat, lon) = (rv.impact.lat_deg(), rv.impact.lon_deg());
        let miss_m = earth
            .geodesic_deg(lat, lon, target.lat_deg(), target.lon_deg())
            .distance_m;
        let impact = earth.geodesic_deg(launch.lat_deg(), launch.lon_deg(), lat, lon);
        if let Some(fall) = kepler_fall(earth, launch, &burnout) {
            offsets = Offsets {
                range_m: rv.ground_range_m - fall.range_m,
                apogee_m: rv.apogee_alt_m.max(burnout.position.alt_m) - fall.apogee_m,
            };
        }
        let converged = miss_m < LANDING_TOL_M;
        if best.as_ref().is_none_or(|(_, _, m)| miss_m < *m) {
            best = Some((
                steering,
                MissileFlight {
                    burnout,
                    rv,
                    boost_samples: Vec::new(),
                },
                miss_m,
            ));
        }
        if converged {
            break;
        }
        // Secant step on the impact's azimuth error seen from the launch point: the impact
        // turns by more than the launch azimuth (×1.16 for Kozelsk → Washington, from the
        // rotating Earth), so the plain step 1 would converge only linearly.
        let error_rad =
            crate::earth::geodetic::wrap_deg_180(impact.azimuth1_deg - line.azimuth1_deg)
                .to_radians();
        let step_per_error = match previous {
            Some((az_p, err_p)) if (error_rad - err_p).abs() > 1e-12 => {
                ((azimuth_rad - az_p) / (error_rad - err_p)).clamp(0.5, 2.0)
            }
            _ => 1.0,
        };
        previous = Some((azimuth_rad, error_rad));
        azimuth_rad -= step_per_error * error_rad;
    }
    let (steering, flight, miss_m) =
        best.ok_or_else(|| MissileError::NoConvergence("no iteration ran".into()))?;
    Ok(MissileSolution {
        steering,
        flight,
        miss_m,
        target_range_m: range_m,
    })
}
