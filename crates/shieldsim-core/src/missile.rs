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
use crate::integrator::{self, Control, IntegrationError, Settings, Tolerance};
use crate::roots::{brent, brent_min};
use glam::DVec3;
use thiserror::Error;

/// Standard gravity for specific impulse (m/s²).
const G0_M_S2: f64 = 9.806_65;

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

    /// Drag coefficient at a Mach number.
    pub fn cd(&self, mach: f64) -> f64 {
        let t = &self.cd_mach;
        match t.iter().position(|&(m, _)| m > mach) {
            None => t.last().map_or(0.0, |p| p.1),
            Some(0) => t[0].1,
            Some(i) => {
                let (m0, c0) = t[i - 1];
                let (m1, c1) = t[i];
                c0 + (c1 - c0) * (mach - m0) / (m1 - m0)
            }
        }
    }

    /// Check the numbers for physical sense; says which one is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.stages.is_empty() {
            return Err("a missile needs at least one stage".into());
        }
        for (i, s) in self.stages.iter().enumerate() {
            for (what, v) in [
                ("propellant_kg", s.propellant_kg),
                ("dry_kg", s.dry_kg),
                ("isp_vac_s", s.isp_vac_s),
                ("burn_s", s.burn_s),
                ("diameter_m", s.diameter_m),
            ] {
                if !(v > 0.0 && v.is_finite()) {
                    return Err(format!(
                        "stage {}: {what} = {v} must be greater than 0",
                        i + 1
                    ));
                }
            }
            if !(s.exit_area_m2 >= 0.0) {
                return Err(format!(
                    "stage {}: exit_area_m2 = {} must not be negative",
                    i + 1,
                    s.exit_area_m2
                ));
            }
        }
        if !(self.payload_kg > 0.0 && self.rv_beta_kg_m2 > 0.0) {
            return Err("payload_kg and rv_beta_kg_m2 must be greater than 0".into());
        }
        if self.cd_mach.is_empty() || self.cd_mach.windows(2).any(|w| w[1].0 <= w[0].0) {
            return Err("cd_mach must list (Mach, C_D) pairs with increasing Mach".into());
        }
        if !(self.vertical_rise_s > 0.0 && self.kick_s > 0.0) {
            return Err("vertical_rise_s and kick_s must be greater than 0".into());
        }
        if self.vertical_rise_s + self.kick_s >= self.total_burn_s() {
            return Err(
                "the vertical rise and kick must end before the last stage burns out".into(),
            );
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissileSample {
    /// Time since lift-off (s).
    pub t_s: f64,
    /// Geodetic position.
    pub position: Geodetic,
    /// Speed relative to the rotating Earth (m/s).
    pub speed_m_s: f64,
    /// Flight phase.
    pub phase: Phase,
}

/// State at burnout (thrust termination and RV separation).
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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
        "the target is {range_km:.0} km away, closer than the {min_range_km:.0} km this missile can be shaped to reach"
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
    #[error("the missile strikes the ground during boost (kick {kick_deg:.2}°)")]
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

/// Boost integration tolerance (relative).
const BOOST_REL_TOLERANCE: f64 = 1e-10;

/// Local ENU basis at an inertial position, in the inertial frame. The geodetic latitude and the
/// up direction do not depend on the Earth's rotation angle, so converting the inertial vector
/// directly yields the ENU basis expressed in inertial axes.
fn enu_inertial(earth: &Earth, pos_eci_m: DVec3) -> (Geodetic, EnuBasis) {
    let g = earth.ecef_to_geodetic(pos_eci_m);
    (g, EnuBasis::at(g.lat_rad, g.lon_rad))
}

/// Fly the boost and the RV to impact.
pub fn fly(
    earth: &Earth,
    vehicle: &Vehicle,
    launch: Geodetic,
    steering: &Steering,
    sample_step_s: Option<f64>,
) -> Result<MissileFlight, MissileError> {
    let burnout_time = steering.cutoff_s.min(vehicle.total_burn_s());
    let kick_end = vehicle.vertical_rise_s + vehicle.kick_s;
    // Segment boundaries: rise, kick, stage burnouts, cutoff.
    let mut cuts = vec![0.0, vehicle.vertical_rise_s, kick_end];
    let mut t_acc = 0.0;
    for s in &vehicle.stages {
        t_acc += s.burn_s;
        cuts.push(t_acc);
    }
    cuts.push(burnout_time);
    cuts.retain(|&t| t <= burnout_time);
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
    let segments: Vec<Segment> = cuts
        .windows(2)
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
        .collect();

    let r0 = earth.geodetic_to_ecef(Geodetic {
        alt_m: 0.0,
        ..launch
    });
    let v0 = earth.ecef_to_eci_vel(0.0, r0, DVec3::ZERO);
    let mass0 = vehicle.launch_mass_kg();
    let mut y = [r0.x, r0.y, r0.z, v0.x, v0.y, v0.z, mass0];
    let mut samples = Vec::new();
    let mut next_sample = 0.0;
    let mut current_stage = 0;
    let settings = Settings::new(Tolerance {
        rel: BOOST_REL_TOLERANCE,
        abs: [1e-4, 1e-4, 1e-4, 1e-7, 1e-7, 1e-7, 1e-6],
    });
    for seg in &segments {
        // Drop the dry mass of every stage that burnt out before this segment.
        while current_stage < seg.stage {
            y[6] -= vehicle.stages[current_stage].dry_kg;
            current_stage += 1;
        }
        let stage = &vehicle.stages[seg.stage];
        // Cross-section of the stack: that of its lowest remaining stage.
        let area_m2 = std::f64::consts::PI * 0.25 * stage.diameter_m * stage.diameter_m;
        let mut rhs = |_t: f64, s: &[f64; 7]| -> [f64; 7] {
            let r = DVec3::new(s[0], s[1], s[2]);
            let v = DVec3::new(s[3], s[4], s[5]);
            let (g, enu) = enu_inertial(earth, r);
            let atm = us76(g.alt_m.max(0.0));
            let v_air = v - earth.omega_vec_rad_s().cross(r);
            let speed_air = v_air.length();
            let dir = match seg.pointing {
                Pointing::Vertical => enu.up,
                Pointing::Kick => {
                    let horizontal = enu.north * steering.azimuth_rad.cos()
                        + enu.east * steering.azimuth_rad.sin();
                    enu.up * steering.kick_rad.cos() + horizontal * steering.kick_rad.sin()
                }
                Pointing::GravityTurn => {
                    if speed_air > 0.0 {
                        v_air / speed_air
                    } else {
                        enu.up
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
                0.5 * atm.density_kg_m3 * speed_air * speed_air * vehicle.cd(mach) * area_m2;
            let drag = if speed_air > 0.0 {
                -drag_n * v_air / speed_air
            } else {
                DVec3::ZERO
            };
            let a = earth.gravity_m_s2(r) + (thrust_n * dir + drag) / s[6];
            [v.x, v.y, v.z, a.x, a.y, a.z, -stage.mass_flow_kg_s()]
        };
        let (_, y1, _) =
            integrator::integrate(&mut rhs, seg.t0_s, y, seg.t1_s, &settings, |step, f| {
                if let Some(dt) = sample_step_s {
                    while next_sample < step.t1 {
                        let ys = if next_sample <= step.t0 {
                            step.y0
                        } else {
                            step.dense(f).at(next_sample)
                        };
                        samples.push(boost_sample(earth, next_sample, &ys));
                        next_sample += dt;
                    }
                }
                Control::Continue
            })?;
        y = y1;
        let alt = earth.altitude_m(DVec3::new(y[0], y[1], y[2]));
        if alt < 0.0 {
            return Err(MissileError::GroundDuringBoost {
                kick_deg: steering.kick_rad.to_degrees(),
            });
        }
    }
    let r_b = DVec3::new(y[0], y[1], y[2]);
    let v_b = DVec3::new(y[3], y[4], y[5]);
    let (re, ve) = (
        earth.eci_to_ecef_pos(burnout_time, r_b),
        earth.eci_to_ecef_vel(burnout_time, r_b, v_b),
    );
    let position = earth.ecef_to_geodetic(re);
    let velocity =
        SpeedAngles::from_enu(EnuBasis::at(position.lat_rad, position.lon_rad).from_ecef(ve));
    let burnout = Burnout {
        t_s: burnout_time,
        position,
        velocity,
        pos_eci_m: r_b,
        vel_eci_m_s: v_b,
    };
    let options = FreeFlightOptions {
        sample_step_s,
        method: Method::Numerical,
        sample_origin_s: 0.0,
        ballistic_coefficient_kg_m2: Some(vehicle.rv_beta_kg_m2),
        ..Default::default()
    };
    let mut rv = ballistic::propagate_eci(earth, burnout_time, r_b, v_b, &options)?;
    let line = earth.geodesic_deg(
        launch.lat_deg(),
        launch.lon_deg(),
        rv.impact.lat_deg(),
        rv.impact.lon_deg(),
    );
    rv.ground_range_m = line.distance_m;
    Ok(MissileFlight {
        burnout,
        rv,
        boost_samples: samples,
    })
}

fn boost_sample(earth: &Earth, t_s: f64, y: &[f64; 7]) -> MissileSample {
    let r = DVec3::new(y[0], y[1], y[2]);
    let v = DVec3::new(y[3], y[4], y[5]);
    let re = earth.eci_to_ecef_pos(t_s, r);
    MissileSample {
        t_s,
        position: earth.ecef_to_geodetic(re),
        speed_m_s: earth.eci_to_ecef_vel(t_s, r, v).length(),
        phase: Phase::Boost,
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
const KICK_MAX_RAD: f64 = 40.0 * std::f64::consts::PI / 180.0;

/// The in-plane problem for a fixed azimuth: ranges as functions of kick and cutoff.
struct Plane<'a> {
    earth: &'a Earth,
    vehicle: &'a Vehicle,
    launch: Geodetic,
    azimuth_rad: f64,
}

impl Plane<'_> {
    /// Ground range (m) and the flight, or a very short range if the flight fails (so that
    /// searches steer away from it).
    fn range(&self, kick_rad: f64, cutoff_s: f64) -> (f64, Option<MissileFlight>) {
        let steering = Steering {
            azimuth_rad: self.azimuth_rad,
            kick_rad,
            cutoff_s,
        };
        match fly(self.earth, self.vehicle, self.launch, &steering, None) {
            Ok(f) => (f.rv.ground_range_m, Some(f)),
            Err(_) => (0.0, None),
        }
    }

    /// The kick (rad) that maximises range for a cutoff, and that range (m).
    fn max_range(&self, cutoff_s: f64) -> (f64, f64) {
        let (k, neg) = brent_min(
            |k| -self.range(k, cutoff_s).0,
            KICK_MIN_RAD,
            KICK_MAX_RAD,
            1e-5,
        );
        (k, -neg)
    }
}

/// Find the steering that lands the vehicle's RV on the target.
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
    let full_burn = vehicle.total_burn_s();
    let mut azimuth_rad = line.azimuth1_deg.to_radians();
    let mut solution = None;
    // Outer loop: correct the launch azimuth for the cross-range the rotating Earth adds.
    for _ in 0..8 {
        let plane = Plane {
            earth,
            vehicle,
            launch,
            azimuth_rad,
        };
        let (kick, cutoff) = solve_in_plane(&plane, range_m, shape, apogee_m, full_burn)?;
        let steering = Steering {
            azimuth_rad,
            kick_rad: kick,
            cutoff_s: cutoff,
        };
        let flight = fly(earth, vehicle, launch, &steering, None)?;
        let impact = earth.geodesic_deg(
            launch.lat_deg(),
            launch.lon_deg(),
            flight.rv.impact.lat_deg(),
            flight.rv.impact.lon_deg(),
        );
        let miss = earth
            .geodesic_deg(
                flight.rv.impact.lat_deg(),
                flight.rv.impact.lon_deg(),
                target.lat_deg(),
                target.lon_deg(),
            )
            .distance_m;
        let daz_deg = crate::earth::geodetic::wrap_deg_180(impact.azimuth1_deg - line.azimuth1_deg);
        solution = Some(MissileSolution {
            steering,
            flight,
            miss_m: miss,
            target_range_m: range_m,
        });
        if miss < 1.0 {
            break;
        }
        azimuth_rad -= daz_deg.to_radians();
    }
    solution.ok_or_else(|| MissileError::NoConvergence("no azimuth iteration ran".into()))
}

/// Kick and cutoff that give the range (and apogee) asked for, on one azimuth.
fn solve_in_plane(
    plane: &Plane<'_>,
    range_m: f64,
    shape: Shape,
    apogee_m: Option<f64>,
    full_burn: f64,
) -> Result<(f64, f64), MissileError> {
    let (k_star, r_max) = plane.max_range(full_burn);
    if range_m > r_max {
        return Err(MissileError::OutOfRange {
            range_km: range_m / 1e3,
            max_range_km: r_max / 1e3,
            azimuth_deg: plane.azimuth_rad.to_degrees(),
        });
    }
    let earliest_cutoff = plane.vehicle.vertical_rise_s + plane.vehicle.kick_s + 1.0;
    match (shape, apogee_m) {
        (Shape::MinEnergy, _) => {
            // Least cutoff whose best range reaches the target: R_max(c) is increasing in c.
            let (_, r_min) = plane.max_range(earliest_cutoff);
            if range_m < r_min {
                return Err(MissileError::TooClose {
                    range_km: range_m / 1e3,
                    min_range_km: r_min / 1e3,
                });
            }
            let c = brent(
                |c| plane.max_range(c).1 - range_m,
                earliest_cutoff,
                full_burn,
                1e-3,
            )
            .ok_or_else(|| MissileError::NoConvergence("no cutoff reaches the range".into()))?;
            let (k, _) = plane.max_range(c);
            // Land exactly: at the range maximum, range is flat in kick but not in cutoff.
            let c = brent(
                |c| plane.range(k, c).0 - range_m,
                (c - 2.0).max(earliest_cutoff),
                (c + 2.0).min(full_burn),
                1e-7,
            )
            .unwrap_or(c);
            Ok((k, c))
        }
        (Shape::Lofted | Shape::Depressed, None) => {
            let (lo, hi) = if shape == Shape::Lofted {
                (KICK_MIN_RAD, k_star)
            } else {
                (k_star, KICK_MAX_RAD)
            };
            let k = brent(|k| plane.range(k, full_burn).0 - range_m, lo, hi, 1e-10).ok_or_else(
                || MissileError::TooClose {
                    range_km: range_m / 1e3,
                    min_range_km: plane
                        .range(if shape == Shape::Lofted { lo } else { hi }, full_burn)
                        .0
                        / 1e3,
                },
            )?;
            Ok((k, full_burn))
        }
        (_, Some(apogee)) => {
            // Apogee grows with cutoff along the branch that hits the range: solve c, then k.
            let branch = if shape == Shape::Depressed {
                (k_star, KICK_MAX_RAD)
            } else {
                (KICK_MIN_RAD, k_star)
            };
            let kick_for = |c: f64| -> Option<(f64, f64)> {
                let (kc, rc) = plane.max_range(c);
                if rc < range_m {
                    return None;
                }
                let (lo, hi) = if shape == Shape::Depressed {
                    (kc, branch.1)
                } else {
                    (branch.0, kc)
                };
                let k = brent(|k| plane.range(k, c).0 - range_m, lo, hi, 1e-10)?;
                let ap = plane.range(k, c).1.map(|f| f.rv.apogee_alt_m)?;
                Some((k, ap))
            };
            let why = |s: &str| MissileError::ApogeeUnreachable {
                apogee_km: apogee / 1e3,
                range_km: range_m / 1e3,
                why: s.to_string(),
            };
            let at_full =
                kick_for(full_burn).ok_or_else(|| why("no trajectory reaches the range"))?;
            let sign = if shape == Shape::Depressed { -1.0 } else { 1.0 };
            if sign * (apogee - at_full.1) > 0.0 {
                return Err(why("it needs more energy than a full burn gives"));
            }
            let c = brent(
                |c| kick_for(c).map_or(-sign * 1e12, |(_, ap)| sign * (ap - apogee)),
                earliest_cutoff,
                full_burn,
                1e-6,
            )
            .ok_or_else(|| why("the minimum-energy trajectory already flies the other way"))?;
            let (k, _) = kick_for(c).ok_or_else(|| why("no trajectory reaches the range"))?;
            Ok((k, c))
        }
    }
}
