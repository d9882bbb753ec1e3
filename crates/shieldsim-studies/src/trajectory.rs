//! Single trajectories as a library: the `ballistic`, `aim` and `fly` answers as typed,
//! serialisable documents (the JSON the command line prints; every quantity's key ends in its
//! unit). The inputs are checked here, with the command line's messages, so that every front
//! end (CLI, web app, Python) refuses the same things the same way.

use crate::{StudyError, input};
use serde::Serialize;
use shieldsim_core::aim::{self, AimMode, AimRequest};
use shieldsim_core::ballistic::{self, BurnoutState, FreeFlight, FreeFlightOptions, Sample};
use shieldsim_core::earth::geodetic::SpeedAngles;
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::missile::{self, MissileFlight, MissileSolution, Shape};
use shieldsim_scenario::catalog::{MissileEntry, ResolvedPlace};
use shieldsim_scenario::catalogs::Catalogs;

/// An upper bound on a catalog missile's flight, launch to impact (s): three hours, above the
/// most lofted flight of any catalog class.
pub const MISSILE_FLIGHT_BOUND_S: f64 = 10_800.0;

/// Trajectory samples asked for in the JSON output.
#[derive(Debug, Clone, Copy)]
pub struct Sampling {
    /// Spacing of the samples (s).
    pub step_s: f64,
    /// Most samples allowed (checked before flying, against a bound on the flight time).
    pub max_samples: u64,
}

impl Sampling {
    /// Refuse a step that is not a positive number.
    pub fn check_step(&self) -> Result<(), StudyError> {
        if !(self.step_s > 0.0 && self.step_s.is_finite()) {
            return Err(input(format!(
                "--sample-step-s {} must be greater than 0",
                self.step_s
            )));
        }
        Ok(())
    }

    /// Refuse a step that would ask for more than `max_samples` samples over a flight of at
    /// most `bound_s` seconds.
    pub fn check_count(&self, bound_s: f64) -> Result<(), StudyError> {
        let estimate = (bound_s / self.step_s).ceil();
        if estimate > self.max_samples as f64 {
            return Err(input(format!(
                "--sample-step-s {} over a flight of up to {:.0} s asks for up to {estimate:.0} samples (cap {}): use a longer step, or raise the cap with --max-samples {estimate:.0}",
                self.step_s, bound_s, self.max_samples
            )));
        }
        Ok(())
    }
}

/// A burnout state as printed.
#[derive(Debug, Serialize)]
pub struct BurnoutJson {
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Altitude above the ellipsoid (km).
    pub alt_km: f64,
    /// Earth-relative speed (km/s).
    pub speed_km_s: f64,
    /// Flight-path angle above the horizontal (deg).
    pub gamma_deg: f64,
    /// Heading from north, clockwise (deg).
    pub azimuth_deg: f64,
}

impl BurnoutJson {
    /// A burnout state as printed.
    pub fn from_state(s: &BurnoutState) -> Self {
        BurnoutJson {
            lat_deg: s.position.lat_deg(),
            lon_deg: s.position.lon_deg(),
            alt_km: s.position.alt_km(),
            speed_km_s: s.velocity.speed_m_s / 1e3,
            gamma_deg: s.velocity.gamma_rad.to_degrees(),
            azimuth_deg: s.velocity.azimuth_rad.to_degrees(),
        }
    }
}

/// The impact point and Earth-relative impact velocity.
#[derive(Debug, Serialize)]
pub struct ImpactJson {
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Earth-relative speed (km/s).
    pub speed_km_s: f64,
    /// Flight-path angle above the horizontal (deg).
    pub gamma_deg: f64,
    /// Heading from north, clockwise (deg).
    pub azimuth_deg: f64,
}

impl ImpactJson {
    /// The impact of a free flight.
    pub fn from_flight(f: &FreeFlight) -> Self {
        ImpactJson {
            lat_deg: f.impact.lat_deg(),
            lon_deg: f.impact.lon_deg(),
            speed_km_s: f.impact_velocity.speed_m_s / 1e3,
            gamma_deg: f.impact_velocity.gamma_rad.to_degrees(),
            azimuth_deg: f.impact_velocity.azimuth_rad.to_degrees(),
        }
    }
}

/// One trajectory sample; `speed_km_s` is relative to the rotating Earth.
#[derive(Debug, Serialize)]
pub struct SampleJson {
    /// Time since launch (s).
    pub t_s: f64,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Altitude above the ellipsoid (km).
    pub alt_km: f64,
    /// Earth-relative speed (km/s).
    pub speed_km_s: f64,
}

/// Trajectory samples as printed.
pub fn samples(samples: &[Sample]) -> Vec<SampleJson> {
    samples
        .iter()
        .map(|s| SampleJson {
            t_s: s.t_s,
            lat_deg: s.position.lat_deg(),
            lon_deg: s.position.lon_deg(),
            alt_km: s.position.alt_km(),
            speed_km_s: s.speed_m_s / 1e3,
        })
        .collect()
}

/// The flight block shared by `ballistic` and `aim` (flattened into both documents).
#[derive(Debug, Serialize)]
pub struct FlightJson {
    /// Earth model.
    pub earth: &'static str,
    /// Whether the Earth rotates.
    pub rotation: bool,
    /// Integration method.
    pub method: &'static str,
    /// Flight time, launch to impact (s).
    pub flight_time_s: f64,
    /// Apogee altitude (km).
    pub apogee_km: f64,
    /// Time of apogee (s).
    pub apogee_time_s: f64,
    /// Ground range, launch to impact (km).
    pub ground_range_km: f64,
    /// Impact point and velocity.
    pub impact: ImpactJson,
    /// Trajectory samples (empty unless asked for).
    pub samples: Vec<SampleJson>,
}

impl FlightJson {
    /// The document of a flight.
    pub fn new(earth: &Earth, flight: &FreeFlight, samples_of: &[Sample]) -> Self {
        FlightJson {
            earth: earth.model.name(),
            rotation: earth.rotates(),
            method: flight.method.name(),
            flight_time_s: flight.flight_time_s,
            apogee_km: flight.apogee_alt_m / 1e3,
            apogee_time_s: flight.apogee_time_s,
            ground_range_km: flight.ground_range_m / 1e3,
            impact: ImpactJson::from_flight(flight),
            samples: samples(samples_of),
        }
    }
}

/// `shieldsim ballistic --json`.
#[derive(Debug, Serialize)]
pub struct BallisticJson {
    /// The command that made this document.
    pub command: &'static str,
    /// The burnout state.
    pub burnout: BurnoutJson,
    /// The free flight.
    #[serde(flatten)]
    pub flight: FlightJson,
}

/// A named place.
#[derive(Debug, Serialize)]
pub struct PlaceJson {
    /// Name (catalog id or `LAT,LON`).
    pub name: String,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
}

/// `shieldsim aim --json`.
#[derive(Debug, Serialize)]
pub struct AimJson {
    /// The command that made this document.
    pub command: &'static str,
    /// Aim mode (min-energy, flight-time, apogee).
    pub mode: &'static str,
    /// Launch place.
    pub from: PlaceJson,
    /// Target place.
    pub to: PlaceJson,
    /// The burnout state.
    pub burnout: BurnoutJson,
    /// Geodesic range to the target (km).
    pub target_range_km: f64,
    /// Miss distance at impact (km).
    pub miss_km: f64,
    /// The free flight.
    #[serde(flatten)]
    pub flight: FlightJson,
}

/// Burnout of a powered flight.
#[derive(Debug, Serialize)]
pub struct FlyBurnoutJson {
    /// Time of burnout since launch (s).
    pub time_s: f64,
    /// Earth-relative speed (km/s).
    pub speed_km_s: f64,
    /// Flight-path angle above the horizontal (deg).
    pub gamma_deg: f64,
    /// Heading from north, clockwise (deg).
    pub azimuth_deg: f64,
    /// Altitude above the ellipsoid (km).
    pub alt_km: f64,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
}

/// The steering found for a powered flight.
#[derive(Debug, Serialize)]
pub struct SteeringJson {
    /// Heading from north, clockwise (deg).
    pub azimuth_deg: f64,
    /// Pitch-over kick angle (deg).
    pub kick_deg: f64,
    /// Thrust cut-off time (s).
    pub cutoff_s: f64,
}

/// One sample of a powered flight, with its phase (boost, coast, reentry).
#[derive(Debug, Serialize)]
pub struct FlySampleJson {
    /// Time since launch (s).
    pub t_s: f64,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Altitude above the ellipsoid (km).
    pub alt_km: f64,
    /// Earth-relative speed (km/s).
    pub speed_km_s: f64,
    /// Flight phase: boost, coast or reentry.
    pub phase: &'static str,
}

/// `shieldsim fly --json`.
#[derive(Debug, Serialize)]
pub struct FlyJson {
    /// The command that made this document.
    pub command: &'static str,
    /// Catalog missile id.
    pub missile: String,
    /// Catalog missile name.
    pub missile_name: String,
    /// Earth model.
    pub earth: &'static str,
    /// Whether the Earth rotates.
    pub rotation: bool,
    /// Trajectory shape.
    pub trajectory: String,
    /// Launch place.
    pub from: PlaceJson,
    /// Target place.
    pub to: PlaceJson,
    /// The steering found.
    pub steering: SteeringJson,
    /// The burnout state.
    pub burnout: FlyBurnoutJson,
    /// Flight time, launch to impact (s).
    pub flight_time_s: f64,
    /// Apogee altitude (km).
    pub apogee_km: f64,
    /// Ground range, launch to impact (km).
    pub ground_range_km: f64,
    /// Geodesic range to the target (km).
    pub target_range_km: f64,
    /// Impact point and velocity.
    pub impact: ImpactJson,
    /// Miss distance at impact (km).
    pub miss_km: f64,
    /// Catalog figures changed by `--set`, with their sourced ranges.
    pub settings: Vec<shieldsim_scenario::catalogs::Applied>,
    /// Trajectory samples (empty unless asked for).
    pub samples: Vec<FlySampleJson>,
}

impl FlyJson {
    /// The document of a flight.
    pub fn new(
        earth: &Earth,
        entry: &MissileEntry,
        from: &ResolvedPlace,
        to: &ResolvedPlace,
        trajectory: String,
        solution: &MissileSolution,
        flight: &MissileFlight,
    ) -> Self {
        let b = &flight.burnout;
        let place = |p: &ResolvedPlace| PlaceJson {
            name: p.name.clone(),
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
        };
        FlyJson {
            command: "fly",
            missile: entry.id.clone(),
            missile_name: entry.name.clone(),
            earth: earth.model.name(),
            rotation: earth.rotates(),
            trajectory,
            from: place(from),
            to: place(to),
            steering: SteeringJson {
                azimuth_deg: solution.steering.azimuth_rad.to_degrees().rem_euclid(360.0),
                kick_deg: solution.steering.kick_rad.to_degrees(),
                cutoff_s: b.t_s,
            },
            burnout: FlyBurnoutJson {
                time_s: b.t_s,
                speed_km_s: b.velocity.speed_m_s / 1e3,
                gamma_deg: b.velocity.gamma_rad.to_degrees(),
                azimuth_deg: b.velocity.azimuth_rad.to_degrees(),
                alt_km: b.position.alt_km(),
                lat_deg: b.position.lat_deg(),
                lon_deg: b.position.lon_deg(),
            },
            flight_time_s: flight.flight_time_s(),
            apogee_km: flight.rv.apogee_alt_m.max(b.position.alt_m) / 1e3,
            ground_range_km: flight.rv.ground_range_m / 1e3,
            target_range_km: solution.target_range_m / 1e3,
            impact: ImpactJson::from_flight(&flight.rv),
            miss_km: solution.miss_m / 1e3,
            settings: Vec::new(),
            samples: flight
                .samples()
                .iter()
                .map(|s| FlySampleJson {
                    t_s: s.t_s,
                    lat_deg: s.position.lat_deg(),
                    lon_deg: s.position.lon_deg(),
                    alt_km: s.position.alt_km(),
                    speed_km_s: s.speed_m_s / 1e3,
                    phase: s.phase.name(),
                })
                .collect(),
        }
    }
}

impl PlaceJson {
    /// A resolved place as printed.
    pub fn of(p: &ResolvedPlace) -> Self {
        PlaceJson {
            name: p.name.clone(),
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
        }
    }
}

/// `ballistic`: free flight from a burnout state.
#[derive(Debug, Clone)]
pub struct BallisticQuery {
    /// The Earth model.
    pub earth: Earth,
    /// Burnout latitude (deg).
    pub lat_deg: f64,
    /// Burnout longitude (deg).
    pub lon_deg: f64,
    /// Burnout altitude (km).
    pub alt_km: f64,
    /// Earth-relative burnout speed (km/s).
    pub speed_km_s: f64,
    /// Flight-path angle above the horizontal (deg).
    pub gamma_deg: f64,
    /// Heading from north (deg).
    pub azimuth_deg: f64,
    /// Samples for the JSON output, if any.
    pub sampling: Option<Sampling>,
}

/// Free flight from a burnout state, with its inputs checked.
pub fn ballistic(q: &BallisticQuery) -> Result<BallisticJson, StudyError> {
    if let Some(s) = &q.sampling {
        s.check_step()?;
    }
    if !(-90.0..=90.0).contains(&q.lat_deg) {
        return Err(input(format!(
            "--lat {} is out of range: latitude must lie in −90 … 90",
            q.lat_deg
        )));
    }
    if !q.lon_deg.is_finite() {
        return Err(input(format!("--lon {} is not a number", q.lon_deg)));
    }
    if !(-90.0..=90.0).contains(&q.gamma_deg) {
        return Err(input(format!(
            "--gamma-deg {} is out of range: the flight-path angle from the horizontal must lie in −90 … 90",
            q.gamma_deg
        )));
    }
    if !(q.speed_km_s > 0.0 && q.speed_km_s.is_finite()) {
        return Err(input(format!(
            "--speed-km-s {} must be greater than 0",
            q.speed_km_s
        )));
    }
    if !(q.alt_km >= 0.0 && q.alt_km.is_finite()) {
        return Err(input(format!(
            "--alt-km {} is below the model surface",
            q.alt_km
        )));
    }
    if !q.azimuth_deg.is_finite() {
        return Err(input(format!(
            "--azimuth-deg {} is not a number",
            q.azimuth_deg
        )));
    }
    let burnout = BurnoutState {
        position: Geodetic::from_deg_km(q.lat_deg, q.lon_deg, q.alt_km),
        velocity: SpeedAngles {
            speed_m_s: q.speed_km_s * 1e3,
            gamma_rad: q.gamma_deg.to_radians(),
            azimuth_rad: q.azimuth_deg.to_radians().rem_euclid(std::f64::consts::TAU),
        },
    };
    if let Some(s) = &q.sampling {
        s.check_count(ballistic::flight_time_bound_s(&q.earth, &burnout))?;
    }
    let options = FreeFlightOptions {
        sample_step_s: q.sampling.map(|s| s.step_s),
        ..Default::default()
    };
    let flight = ballistic::free_flight(&q.earth, &burnout, &options)?;
    Ok(BallisticJson {
        command: "ballistic",
        burnout: BurnoutJson::from_state(&burnout),
        flight: FlightJson::new(&q.earth, &flight, &flight.samples),
    })
}

/// `aim`: the burnout state that puts a free flight on a target.
#[derive(Debug, Clone)]
pub struct AimQuery {
    /// The Earth model.
    pub earth: Earth,
    /// Launch place (burnout is taken above it).
    pub from: ResolvedPlace,
    /// Target place.
    pub to: ResolvedPlace,
    /// Burnout altitude (km).
    pub burnout_alt_km: f64,
    /// Aim for this flight time (s), if given.
    pub flight_time_s: Option<f64>,
    /// Aim for this apogee (km), if given and no flight time is.
    pub apogee_km: Option<f64>,
    /// Samples for the JSON output, if any.
    pub sampling: Option<Sampling>,
}

/// The shortest burnout-to-target range `aim` solves (km). Below it a "ballistic" flight is a
/// hop of a few seconds, the root finder's brackets collapse, and no catalog question needs it.
pub const AIM_MIN_RANGE_KM: f64 = 50.0;

/// The longest flight time `aim` solves (s), and the highest apogee (km). Both lie far beyond
/// any ballistic missile (the most lofted published tests reach about 6,000 km and 70 min);
/// past them the J2 shooting is no longer shown to converge to its 1 mm tolerance.
pub const AIM_MAX_FLIGHT_TIME_S: f64 = 20_000.0;
/// See [`AIM_MAX_FLIGHT_TIME_S`].
pub const AIM_MAX_APOGEE_KM: f64 = 20_000.0;

/// Aim a free flight at a target, with its inputs checked.
pub fn aim(q: &AimQuery) -> Result<AimJson, StudyError> {
    if let Some(s) = &q.sampling {
        s.check_step()?;
    }
    if !(q.burnout_alt_km >= 0.0 && q.burnout_alt_km.is_finite()) {
        return Err(input(format!(
            "--burnout-alt-km {} is below the model surface",
            q.burnout_alt_km
        )));
    }
    let (mode, mode_name) = match (q.flight_time_s, q.apogee_km) {
        (Some(t), _) => {
            if !(t > 0.0 && t.is_finite()) {
                return Err(input(format!("--flight-time-s {t} must be greater than 0")));
            }
            if t > AIM_MAX_FLIGHT_TIME_S {
                return Err(input(format!(
                    "--flight-time-s {t} is above the {AIM_MAX_FLIGHT_TIME_S:.0} s that aim solves (no ballistic missile flies that long)"
                )));
            }
            (AimMode::FlightTime(t), "flight-time")
        }
        (_, Some(a)) => {
            if !(a > 0.0 && a.is_finite()) {
                return Err(input(format!("--apogee-km {a} must be greater than 0")));
            }
            if a > AIM_MAX_APOGEE_KM {
                return Err(input(format!(
                    "--apogee-km {a} is above the {AIM_MAX_APOGEE_KM:.0} km that aim solves (no ballistic missile flies that high)"
                )));
            }
            (AimMode::Apogee(a * 1e3), "apogee")
        }
        _ => (AimMode::MinEnergy, "min-energy"),
    };
    let launch = Geodetic::from_deg_km(q.from.lat_deg, q.from.lon_deg, q.burnout_alt_km);
    let target = q.to.surface();
    let range_km = q
        .earth
        .geodesic_deg(q.from.lat_deg, q.from.lon_deg, q.to.lat_deg, q.to.lon_deg)
        .distance_m
        / 1e3;
    if range_km < AIM_MIN_RANGE_KM {
        return Err(input(format!(
            "{} and {} are too close ({range_km:.1} km apart): aim solves ranges of {AIM_MIN_RANGE_KM:.0} km or more",
            q.from.name, q.to.name
        )));
    }
    let request = AimRequest {
        launch,
        target,
        mode,
    };
    let solution = aim::aim(&q.earth, &request)?;
    if let Some(s) = &q.sampling {
        s.check_count(ballistic::flight_time_bound_s(&q.earth, &solution.burnout))?;
    }
    let samples = match q.sampling {
        Some(s) => {
            let options = FreeFlightOptions {
                sample_step_s: Some(s.step_s),
                ..Default::default()
            };
            ballistic::free_flight(&q.earth, &solution.burnout, &options)?.samples
        }
        None => Vec::new(),
    };
    Ok(AimJson {
        command: "aim",
        mode: mode_name,
        from: PlaceJson::of(&q.from),
        to: PlaceJson::of(&q.to),
        burnout: BurnoutJson::from_state(&solution.burnout),
        target_range_km: solution.target_range_m / 1e3,
        miss_km: solution.miss_m / 1e3,
        flight: FlightJson::new(&q.earth, &solution.flight, &samples),
    })
}

/// `fly`: a catalog missile's powered flight from one place to another.
#[derive(Debug, Clone)]
pub struct FlyQuery {
    /// The Earth model.
    pub earth: Earth,
    /// Catalog missile id.
    pub missile: String,
    /// Launch place.
    pub from: ResolvedPlace,
    /// Target place.
    pub to: ResolvedPlace,
    /// Trajectory shape.
    pub shape: Shape,
    /// Apogee of a lofted or depressed trajectory (km).
    pub apogee_km: Option<f64>,
    /// Samples for the JSON output, if any.
    pub sampling: Option<Sampling>,
}

/// The name of a trajectory shape, as the command line spells it.
pub fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::MinEnergy => "min-energy",
        Shape::Lofted => "lofted",
        Shape::Depressed => "depressed",
    }
}

/// Fly a catalog missile (with the catalogs' settings applied), with its inputs checked.
pub fn fly(q: &FlyQuery, catalogs: &Catalogs) -> Result<FlyJson, StudyError> {
    if let Some(s) = &q.sampling {
        s.check_step()?;
        s.check_count(MISSILE_FLIGHT_BOUND_S)?;
    }
    let catalog = &catalogs.catalog;
    let entry = catalog.missile(&q.missile).map_err(input)?;
    let apogee_m = match q.apogee_km {
        None => None,
        Some(_) if q.shape == Shape::MinEnergy => {
            return Err(input(
                "--apogee-km needs --trajectory lofted or depressed (a minimum-energy trajectory has its own apogee)",
            ));
        }
        Some(a) if !(a > 0.0 && a.is_finite()) => {
            return Err(input(format!("--apogee-km {a} must be greater than 0")));
        }
        Some(a) => Some(a * 1e3),
    };
    let vehicle = catalog.vehicle(entry);
    let (launch, target) = (q.from.surface(), q.to.surface());
    let solution = missile::solve(&q.earth, &vehicle, launch, target, q.shape, apogee_m)?;
    // Re-fly only to sample the trajectory; without samples the solved flight is the same one.
    let flight = match q.sampling {
        Some(s) => missile::fly(
            &q.earth,
            &vehicle,
            launch,
            &solution.steering,
            Some(s.step_s),
        )?,
        None => solution.flight.clone(),
    };
    let mut json = FlyJson::new(
        &q.earth,
        entry,
        &q.from,
        &q.to,
        shape_name(q.shape).to_string(),
        &solution,
        &flight,
    );
    json.settings = catalogs.applied.clone();
    Ok(json)
}
