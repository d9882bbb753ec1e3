//! Sensors: ground and ship radars with faces, and space-based infrared launch warning.
//!
//! A radar sees a target when it is above the radar's horizon and elevation mask, inside one
//! face's field of regard, and within the detection range for the target's radar cross-section.
//! Detection range scales as RCS^(1/4) from a reference range at a reference RCS (the radar
//! range equation at fixed signal-to-noise ratio: R⁴ ∝ σ; Skolnik, *Introduction to Radar
//! Systems*, 3rd ed., eq. 1.14). Refraction is modelled by the effective-Earth-radius method
//! (Skolnik §8.2): rays are straight over an Earth of radius k·R, k = 4/3 for the standard
//! atmosphere; k = 1 is the exact geometric line of sight on the model ellipsoid.
//!
//! Results are the windows of time in which the sensor tracks a threat path.

use crate::earth::geodetic::EnuBasis;
use crate::earth::{Earth, Geodetic};
use crate::missile::Phase;
use crate::roots::bisect_edge;
use crate::threat_path::ThreatPath;
use glam::DVec3;

/// One radar face: an azimuth sector and elevation limits (deg).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// Boresight azimuth from north, clockwise (deg).
    pub boresight_az_deg: f64,
    /// Half-width of the azimuth field of regard (deg); 180 for all round.
    pub half_width_az_deg: f64,
    /// Lowest elevation searched (deg).
    pub el_min_deg: f64,
    /// Highest elevation searched (deg).
    pub el_max_deg: f64,
}

/// A radar at a fixed place.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// Antenna position; its altitude is the antenna height above the ellipsoid.
    pub position: Geodetic,
    /// Faces (at least one).
    pub faces: Vec<Face>,
    /// Detection range (m) against `ref_rcs_m2`.
    pub ref_range_m: f64,
    /// Reference radar cross-section (m²).
    pub ref_rcs_m2: f64,
    /// Effective-Earth-radius factor for refraction (1 = none, 4/3 = standard).
    pub refraction_k: f64,
}

/// How a radar sees a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Slant range (m).
    pub range_m: f64,
    /// Azimuth from north, clockwise (deg, 0 … 360).
    pub az_deg: f64,
    /// Elevation above the local horizontal (deg), with refraction when k ≠ 1.
    pub el_deg: f64,
}

/// Why a radar does not see a point (or that it does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Seen.
    Visible,
    /// Below the horizon or the elevation mask of every face.
    BelowHorizon,
    /// Outside every face's azimuth sector or above its elevation limit.
    OutsideFieldOfRegard,
    /// Beyond the detection range for the RCS.
    OutOfRange,
}

impl Radar {
    /// Detection range (m) against a radar cross-section (m²): R_ref (σ/σ_ref)^(1/4).
    pub fn detection_range_m(&self, rcs_m2: f64) -> f64 {
        self.ref_range_m * (rcs_m2 / self.ref_rcs_m2).powf(0.25)
    }

    /// Range, azimuth and (apparent) elevation of an Earth-fixed point.
    pub fn look(&self, earth: &Earth, target_ecef_m: DVec3) -> Look {
        self.look_from(earth, &RadarGeometry::of(earth, self), target_ecef_m)
    }

    fn look_from(&self, earth: &Earth, g: &RadarGeometry, target_ecef_m: DVec3) -> Look {
        let d = g.enu.from_ecef(target_ecef_m - g.site_ecef_m);
        let range_m = d.length();
        let az_deg = d.x.atan2(d.y).to_degrees().rem_euclid(360.0);
        let el_deg = if self.refraction_k == 1.0 {
            d.z.atan2(d.x.hypot(d.y)).to_degrees()
        } else {
            self.effective_earth_elevation_deg(earth, g, target_ecef_m)
        };
        Look {
            range_m,
            az_deg,
            el_deg,
        }
    }

    /// Apparent elevation with refraction by the effective-Earth method: the radar and the
    /// target at their heights over a sphere of radius k·R (R the Gaussian radius of curvature
    /// at the radar), separated by the same ground arc; tan el = (b cos φ' − a)/(b sin φ').
    fn effective_earth_elevation_deg(
        &self,
        earth: &Earth,
        g: &RadarGeometry,
        target_ecef_m: DVec3,
    ) -> f64 {
        let (target_alt_m, target_up) = earth.altitude_and_up(target_ecef_m);
        let r_local_m = earth.gaussian_radius_m(self.position.lat_rad);
        // The site's ellipsoid normal is its ENU up vector.
        let arc_rad = g.enu.up.angle_between(target_up);
        let re_m = self.refraction_k * r_local_m;
        let phi = arc_rad / self.refraction_k;
        let (a, b) = (re_m + self.position.alt_m, re_m + target_alt_m);
        (b * phi.cos() - a).atan2(b * phi.sin()).to_degrees()
    }

    /// Whether the radar sees an Earth-fixed point of radar cross-section `rcs_m2`.
    pub fn visibility(&self, earth: &Earth, target_ecef_m: DVec3, rcs_m2: f64) -> Visibility {
        let g = RadarGeometry::of(earth, self);
        self.visibility_from(earth, &g, target_ecef_m, self.detection_range_m(rcs_m2))
    }

    pub(crate) fn visibility_from(
        &self,
        earth: &Earth,
        g: &RadarGeometry,
        target_ecef_m: DVec3,
        detection_range_m: f64,
    ) -> Visibility {
        let look = self.look_from(earth, g, target_ecef_m);
        let lowest_mask = self
            .faces
            .iter()
            .map(|f| f.el_min_deg)
            .fold(f64::INFINITY, f64::min);
        if look.el_deg < lowest_mask {
            return Visibility::BelowHorizon;
        }
        let in_face = self.faces.iter().any(|f| {
            let off = crate::earth::geodetic::wrap_deg_180(look.az_deg - f.boresight_az_deg);
            off.abs() <= f.half_width_az_deg
                && look.el_deg >= f.el_min_deg
                && look.el_deg <= f.el_max_deg
        });
        if !in_face {
            return Visibility::OutsideFieldOfRegard;
        }
        if look.range_m > detection_range_m {
            return Visibility::OutOfRange;
        }
        Visibility::Visible
    }
}

/// What a radar's looks share: its Earth-fixed position and local frame.
pub(crate) struct RadarGeometry {
    site_ecef_m: DVec3,
    enu: EnuBasis,
}

impl RadarGeometry {
    pub(crate) fn of(earth: &Earth, r: &Radar) -> Self {
        RadarGeometry {
            site_ecef_m: earth.geodetic_to_ecef(r.position),
            enu: EnuBasis::at(r.position.lat_rad, r.position.lon_rad),
        }
    }
}

/// Space-based infrared launch warning: sees a missile while it burns, once it has climbed
/// above the cloud tops, and reports it after a processing delay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpaceIr {
    /// Altitude above which the plume is seen (m).
    pub min_alt_m: f64,
}

/// A sensor of either kind.
#[derive(Debug, Clone, PartialEq)]
pub enum SensorKind {
    /// A radar.
    Radar(Radar),
    /// Space-based infrared.
    SpaceIr(SpaceIr),
}

/// A window of time (s since threat launch) in which a sensor sees the threat.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Window {
    /// First time seen (s).
    pub start_s: f64,
    /// Last time seen (s).
    pub end_s: f64,
}

/// Scan step along the path (s) before boundaries are refined.
const SCAN_STEP_S: f64 = 2.0;

/// The windows in which a sensor sees a threat path (boundaries to 1 ms). Sensing gaps shorter
/// than the scan step can be missed; the step is far shorter than any horizon crossing of a
/// ballistic missile.
pub fn windows(earth: &Earth, sensor: &SensorKind, path: &ThreatPath, rcs_m2: f64) -> Vec<Window> {
    // Beyond the detection range nothing else need be looked at: the cheap test first (a
    // footprint asks this of thousands of paths).
    let (geometry, detection_range_m) = match sensor {
        SensorKind::Radar(r) => (
            Some(RadarGeometry::of(earth, r)),
            r.detection_range_m(rcs_m2),
        ),
        SensorKind::SpaceIr(_) => (None, 0.0),
    };
    let seen = |t: f64| -> bool {
        match (sensor, &geometry) {
            (SensorKind::Radar(r), Some(g)) => {
                let p = path.position_at(t);
                p.distance(g.site_ecef_m) <= detection_range_m
                    && r.visibility_from(earth, g, p, detection_range_m) == Visibility::Visible
            }
            (SensorKind::Radar(_), None) => false,
            (SensorKind::SpaceIr(ir), _) => {
                path.phase_at(t) == Phase::Boost
                    && earth.altitude_m(path.position_at(t)) >= ir.min_alt_m
            }
        }
    };
    let times = path.scan_times(SCAN_STEP_S);
    // The boundary between two scan times where visibility changes, on the seen side.
    let edge = |a: f64, b: f64, _seen_at_a: bool| -> f64 { bisect_edge(seen, a, b, 1e-3, true) };
    let mut out = Vec::new();
    let mut start: Option<f64> = seen(times[0]).then_some(times[0]);
    for w in times.windows(2) {
        let now = seen(w[1]);
        match (start, now) {
            (None, true) => start = Some(edge(w[0], w[1], false)),
            (Some(s), false) => {
                out.push(Window {
                    start_s: s,
                    end_s: edge(w[0], w[1], true),
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Window {
            start_s: s,
            end_s: path.t_end_s(),
        });
    }
    out
}
