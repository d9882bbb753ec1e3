//! # shieldsim-core
//!
//! The pure, deterministic physics of shieldsim: no I/O, no command-line or file-format types.
//! Everything is SI inside (m, s, rad); names of raw numbers carry their unit (`alt_m`,
//! `speed_m_s`) and vectors their frame (`pos_eci_m`).
//!
//! Concepts, one module each:
//!
//! - [`earth`] — the Earth model as a value ([`earth::Earth`]: WGS84 ellipsoid + J2, or the
//!   6371 km sphere; rotating or not), geodetic ↔ ECEF ↔ inertial frames and the local ENU frame,
//!   geodesics (GeographicLib), gravity, and the US Standard Atmosphere 1976.
//! - [`integrator`] — adaptive DOP853 with dense output; events are found by the caller.
//! - [`roots`] — Brent's root finder and minimiser.
//! - [`kepler`] — closed-form two-body arcs: the oracle and the fast path on the non-rotating sphere.
//! - [`ballistic`] — free flight from a burnout state to impact, with apogee and samples.
//! - [`threat_family`] — minimum-energy trajectories from one launch point over a region, solved
//!   on a coarse polar grid and interpolated (the footprint's fast path).
//! - [`aim`] — the burnout state that lands on a target: minimum-energy, fixed flight time or
//!   fixed apogee (Lambert first guess, then J2 correction).
//!
//! ```
//! use shieldsim_core::earth::{Earth, Geodetic};
//! use shieldsim_core::earth::geodetic::SpeedAngles;
//! use shieldsim_core::ballistic::{free_flight, BurnoutState, FreeFlightOptions};
//!
//! let earth = Earth::wgs84();
//! let burnout = BurnoutState {
//!     position: Geodetic::from_deg_km(54.03, 35.78, 0.0),
//!     velocity: SpeedAngles { speed_m_s: 7000.0, gamma_rad: 25f64.to_radians(), azimuth_rad: 330f64.to_radians() },
//! };
//! let flight = free_flight(&earth, &burnout, &FreeFlightOptions::default()).unwrap();
//! assert!(flight.ground_range_m > 8.0e6 && flight.flight_time_s > 1500.0);
//! ```

pub mod aim;
pub mod ballistic;
pub mod earth;
pub mod effectiveness;
pub mod engagement;
pub mod integrator;
pub mod interceptor;
pub mod kepler;
pub mod missile;
pub mod roots;
pub mod sector;
pub mod sensor;
pub mod threat_family;
pub mod threat_path;

/// A number as a person writes it, for messages: at most six decimals with trailing zeros
/// trimmed (`0.3`, `4.5`, `1300`), and the exponent form for what that would hide or spell out
/// at length (`1e-7`, `1e300`, `inf`, `NaN`). A message never prints the 300 digits that
/// `{}` gives `1e300`, nor `0` for a tiny value that is not zero.
///
/// ```
/// use shieldsim_core::format_number;
/// assert_eq!(format_number(0.3), "0.3");
/// assert_eq!(format_number(-0.0700001), "-0.07");
/// assert_eq!(format_number(1e-7), "1e-7");
/// assert_eq!(format_number(1e300), "1e300");
/// assert_eq!(format_number(f64::NAN), "NaN");
/// ```
pub fn format_number(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.is_finite() && (1e-4..1e9).contains(&x.abs()) {
        let s = format!("{x:.6}");
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if !x.is_finite() {
        return format!("{x}");
    }
    // Six significant digits in exponent form, trailing zeros of the mantissa trimmed.
    let s = format!("{x:.5e}");
    match s.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => format!(
            "{}e{exponent}",
            mantissa.trim_end_matches('0').trim_end_matches('.')
        ),
        _ => s,
    }
}
