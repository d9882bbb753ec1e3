//! JSON documents (the command-line contract of DESIGN.md: every quantity's key ends in its
//! unit) and the plain-text rendering of the same values.

use crate::cli::Failure;
use serde::Serialize;
use shieldsim_core::ballistic::{BurnoutState, FreeFlight, Sample};
use shieldsim_core::earth::Earth;
use std::io::Write;

/// A burnout state as printed.
#[derive(Debug, Serialize)]
pub struct BurnoutJson {
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub alt_km: f64,
    pub speed_km_s: f64,
    pub gamma_deg: f64,
    pub azimuth_deg: f64,
}

impl BurnoutJson {
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
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub speed_km_s: f64,
    pub gamma_deg: f64,
    pub azimuth_deg: f64,
}

impl ImpactJson {
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
    pub t_s: f64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub alt_km: f64,
    pub speed_km_s: f64,
}

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
    pub earth: &'static str,
    pub rotation: bool,
    pub method: &'static str,
    pub flight_time_s: f64,
    pub apogee_km: f64,
    pub apogee_time_s: f64,
    pub ground_range_km: f64,
    pub impact: ImpactJson,
    pub samples: Vec<SampleJson>,
}

impl FlightJson {
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
    pub command: &'static str,
    pub burnout: BurnoutJson,
    #[serde(flatten)]
    pub flight: FlightJson,
}

/// A named place.
#[derive(Debug, Serialize)]
pub struct PlaceJson {
    pub name: String,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

/// `shieldsim aim --json`.
#[derive(Debug, Serialize)]
pub struct AimJson {
    pub command: &'static str,
    pub mode: &'static str,
    pub from: PlaceJson,
    pub to: PlaceJson,
    pub burnout: BurnoutJson,
    pub target_range_km: f64,
    pub miss_km: f64,
    #[serde(flatten)]
    pub flight: FlightJson,
}

/// Print a document as pretty JSON with a trailing newline.
pub fn print_json<T: Serialize>(doc: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(doc).map_err(|e| Failure {
        code: 1,
        message: format!("JSON encoding failed: {e}"),
    })?;
    write_stdout(&format!("{text}\n"))
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write to standard output: {e}"),
        }),
    }
}

fn model_line(f: &FlightJson) -> String {
    let rotating = if f.rotation {
        "rotating"
    } else {
        "not rotating"
    };
    format!("{}, {rotating}", f.earth)
}

fn burnout_lines(b: &BurnoutJson) -> String {
    format!(
        "burnout        {:.5}°, {:.5}°, {:.3} km\n  speed        {:.6} km/s (Earth-relative)\n  gamma        {:.4}° above horizontal\n  azimuth      {:.4}° from north\n",
        b.lat_deg, b.lon_deg, b.alt_km, b.speed_km_s, b.gamma_deg, b.azimuth_deg
    )
}

fn flight_lines(f: &FlightJson) -> String {
    let i = &f.impact;
    format!(
        "flight time    {:.3} s ({:.2} min)\napogee         {:.3} km at {:.1} s\nground range   {:.3} km\nimpact         {:.5}°, {:.5}° at {:.4} km/s, {:.3}° below horizontal\n",
        f.flight_time_s,
        f.flight_time_s / 60.0,
        f.apogee_km,
        f.apogee_time_s,
        f.ground_range_km,
        i.lat_deg,
        i.lon_deg,
        i.speed_km_s,
        -i.gamma_deg
    )
}

pub fn print_ballistic_text(j: &BallisticJson) -> Result<(), Failure> {
    let text = format!(
        "free flight    {} ({})\n{}{}",
        model_line(&j.flight),
        j.flight.method,
        burnout_lines(&j.burnout),
        flight_lines(&j.flight)
    );
    write_stdout(&text)
}

pub fn print_aim_text(j: &AimJson) -> Result<(), Failure> {
    let text = format!(
        "aim            {} → {} ({:.3} km), {}\nearth          {}\n{}{}miss           {:.3} m\n",
        j.from.name,
        j.to.name,
        j.target_range_km,
        j.mode,
        model_line(&j.flight),
        burnout_lines(&j.burnout),
        flight_lines(&j.flight),
        j.miss_km * 1e3
    );
    write_stdout(&text)
}
