//! Geodesic distance and azimuth on the model surface.
//!
//! Delegates to geographiclib-rs, the maintained Rust port of Karney's GeographicLib
//! (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87:43–55, 2013), which passes
//! GeographicLib's own GeodTest suite; never a hand-written Vincenty.

use super::Earth;
use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};

/// Solution of the inverse geodesic problem between two points on the model surface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeodesicLine {
    /// Length along the surface (m).
    pub distance_m: f64,
    /// Azimuth at the first point, from north clockwise (deg, −180 … 180).
    pub azimuth1_deg: f64,
    /// Azimuth at the second point, forward direction (deg, −180 … 180).
    pub azimuth2_deg: f64,
}

impl Earth {
    /// The geodesic from (lat1, lon1) to (lat2, lon2), all in degrees, on this model's surface
    /// (ellipsoid for `wgs84`, sphere of radius 6371 km for `sphere`).
    pub fn geodesic_deg(
        &self,
        lat1_deg: f64,
        lon1_deg: f64,
        lat2_deg: f64,
        lon2_deg: f64,
    ) -> GeodesicLine {
        let geod = Geodesic::new(self.a_m, self.f);
        let (distance_m, azimuth1_deg, azimuth2_deg, _arc_deg): (f64, f64, f64, f64) =
            geod.inverse(lat1_deg, lon1_deg, lat2_deg, lon2_deg);
        GeodesicLine {
            distance_m,
            azimuth1_deg,
            azimuth2_deg,
        }
    }

    /// The direct problem: the point (lat, lon in degrees) reached from (lat1, lon1) along the
    /// geodesic leaving at `azimuth1_deg` after `distance_m`.
    pub fn geodesic_direct_deg(
        &self,
        lat1_deg: f64,
        lon1_deg: f64,
        azimuth1_deg: f64,
        distance_m: f64,
    ) -> (f64, f64) {
        let geod = Geodesic::new(self.a_m, self.f);
        geod.direct(lat1_deg, lon1_deg, azimuth1_deg, distance_m)
    }
}
