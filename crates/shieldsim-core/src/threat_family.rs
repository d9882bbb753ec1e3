//! A threat family: the minimum-energy trajectories of one missile from one launch point to
//! every aim point of a region, solved exactly on a coarse polar grid and interpolated in
//! between.
//!
//! A defended footprint asks the same question for thousands of aim points. Solving each one's
//! steering costs 3–5 ms (mostly boost integrations), far too much for a 50 km grid over Europe
//! in a second, yet the trajectories vary smoothly with the aim point: with the azimuth through
//! the Earth's rotation and oblateness (a few per cent, sinusoidally), and with the range as the
//! cutoff and kick move along the minimum-energy family. So the family holds exact flights at
//! geodesic azimuths `Δα` apart and at fractions `ρ` of the greatest range on each azimuth, and
//! an aim point's trajectory is the tensor-product Catmull–Rom interpolant (third order, C¹)
//! of its sixteen neighbours.
//!
//! What is interpolated: every member is resampled at the same normalised times — the boost at
//! fractions of its cutoff, the re-entry vehicle's flight at fractions of its duration — so
//! that burnout (the kink in acceleration) and impact line up across members; positions and
//! velocities are taken relative to the launch point in a frame turned to the member's aim
//! azimuth (up, downrange, crossrange), so that neighbours on different azimuths look alike
//! and the interpolant is rebuilt in the aim point's own frame. The error of this interpolant
//! against exact solves is measured in the tests and listed in VALIDATION.md; aim points whose
//! stencil lacks a member (beyond the outermost range fraction, shorter than the shortest
//! member, or next to a member that could not be solved) are reported as needing an exact
//! solve instead.

use crate::earth::geodetic::EnuBasis;
use crate::earth::{Earth, Geodetic};
use crate::missile::{self, MissileError, Phase, REENTRY_ALT_M, Shape, Vehicle};
use crate::threat_path::{PathNode, ThreatPath};
use glam::DVec3;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::f64::consts::TAU;

/// Spacing of the family's polar grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FamilyGrid {
    /// Geodesic azimuth between members (deg).
    pub azimuth_step_deg: f64,
    /// Range fraction between members (of the greatest range on the azimuth).
    pub range_fraction_step: f64,
    /// Outermost range fraction with a member; farther aim points need an exact solve.
    pub outer_fraction: f64,
}

impl Default for FamilyGrid {
    /// The spacing whose interpolation error VALIDATION.md lists.
    fn default() -> Self {
        FamilyGrid {
            azimuth_step_deg: 7.5,
            range_fraction_step: 0.1,
            outer_fraction: 0.999,
        }
    }
}

/// Node spacing of a member's resampled boost (s, at most) and of its RV flight (s, at most):
/// the sample step of exact threat paths.
const NODE_STEP_S: f64 = 2.0;

/// Range fractions beyond `1 + UNREACHABLE_MARGIN` are out of reach without an exact solve. The
/// greatest range varies smoothly with azimuth and is interpolated linearly between members
/// (error ≈ 0.2 km at 5° spacing for a 4,000 km missile), and the true maximum lies within
/// metres of the sampled one (the range is flat in the kick at its maximum), so a 0.5 % margin
/// is generous.
const UNREACHABLE_MARGIN: f64 = 0.001;

/// One exact member, resampled at the family's normalised times.
#[derive(Debug, Clone)]
struct Member {
    /// Time of burnout (s).
    burnout_s: f64,
    /// Time of impact (s).
    impact_s: f64,
    /// Time of apogee (s).
    apogee_s: f64,
    /// Per node: position relative to the launch point and velocity, in the member's
    /// (up, downrange, crossrange) frame (m, m/s); and the altitude (m).
    nodes: Vec<([f64; 3], [f64; 3], f64)>,
}

/// What the family says about an aim point.
#[derive(Debug, Clone, PartialEq)]
pub enum FamilyPath {
    /// The interpolated trajectory.
    Path(ThreatPath),
    /// The missile cannot reach it: beyond the greatest range on its azimuth, with margin.
    Unreachable,
    /// The family cannot say: the caller should solve this aim point exactly.
    NeedsExact,
}

/// The (up, downrange, crossrange) frame at the launch point for a geodesic azimuth.
#[derive(Debug, Clone, Copy)]
struct Frame {
    up: DVec3,
    down: DVec3,
    cross: DVec3,
}

impl Frame {
    fn components(&self, v: DVec3) -> [f64; 3] {
        [v.dot(self.up), v.dot(self.down), v.dot(self.cross)]
    }

    fn vector(&self, c: [f64; 3]) -> DVec3 {
        self.up * c[0] + self.down * c[1] + self.cross * c[2]
    }
}

/// Minimum-energy trajectories of one missile from one launch point over a region.
#[derive(Debug, Clone)]
pub struct ThreatFamily {
    launch: Geodetic,
    launch_ecef_m: DVec3,
    basis: EnuBasis,
    grid: FamilyGrid,
    /// Members' range fractions: evenly spaced, the last one `outer_fraction`.
    fractions: Vec<f64>,
    /// Greatest range against the geodesic azimuth of its impact: (azimuth rad, unwrapped and
    /// increasing; range m).
    max_range: Vec<(f64, f64)>,
    /// Whether `max_range` spans the whole circle (periodic).
    full_circle: bool,
    /// Boost and RV node counts of every member.
    boost_nodes: usize,
    rv_nodes: usize,
    members: BTreeMap<(usize, usize), Member>,
    /// Members attempted.
    attempted: usize,
}

/// Catmull–Rom weights for the four nodes −1, 0, 1, 2 at fraction `t` of the interval [0, 1].
fn catmull_rom(t: f64) -> [f64; 4] {
    let (t2, t3) = (t * t, t * t * t);
    [
        0.5 * (-t3 + 2.0 * t2 - t),
        0.5 * (3.0 * t3 - 5.0 * t2 + 2.0),
        0.5 * (-3.0 * t3 + 4.0 * t2 + t),
        0.5 * (t3 - t2),
    ]
}

impl ThreatFamily {
    /// Solve the members that the aim points' stencils need, in parallel (the result does not
    /// depend on the thread count: each member is an independent solve).
    pub fn build(
        earth: &Earth,
        vehicle: &Vehicle,
        launch: Geodetic,
        aims: &[Geodetic],
        grid: FamilyGrid,
    ) -> Result<Self, MissileError> {
        vehicle.validate().map_err(MissileError::InvalidVehicle)?;
        let launch = Geodetic {
            alt_m: 0.0,
            ..launch
        };
        let step_rad = grid.azimuth_step_deg.to_radians();
        let n_az = (TAU / step_rad).round().max(4.0) as usize;
        let step_rad = TAU / n_az as f64;
        // The azimuth span of the aim points: the circle less its widest empty gap.
        let mut az: Vec<f64> = aims
            .iter()
            .map(|a| {
                earth
                    .geodesic_deg(launch.lat_deg(), launch.lon_deg(), a.lat_deg(), a.lon_deg())
                    .azimuth1_deg
                    .to_radians()
                    .rem_euclid(TAU)
            })
            .collect();
        az.sort_by(f64::total_cmp);
        let (start_rad, span_rad) = if az.is_empty() {
            (0.0, 0.0)
        } else {
            let mut gap = (az[0] + TAU - az[az.len() - 1], 0usize);
            for k in 1..az.len() {
                if az[k] - az[k - 1] > gap.0 {
                    gap = (az[k] - az[k - 1], k);
                }
            }
            (az[gap.1], TAU - gap.0)
        };
        // Greatest ranges on launch azimuths two steps beyond the span each side (the impact
        // azimuth turns from the launch azimuth by a few degrees with the Earth's rotation).
        let full_circle = span_rad + 6.0 * step_rad >= TAU;
        let launch_az: Vec<f64> = if full_circle {
            (0..n_az).map(|k| k as f64 * step_rad).collect()
        } else {
            let k0 = (start_rad / step_rad).floor() as i64 - 2;
            let k1 = ((start_rad + span_rad) / step_rad).ceil() as i64 + 2;
            (k0..=k1).map(|k| k as f64 * step_rad).collect()
        };
        let maxima: Vec<(f64, f64)> = launch_az
            .par_iter()
            .map(|&a| {
                missile::max_range(earth, vehicle, launch, a.rem_euclid(TAU)).map(|(r, f, _)| {
                    let g = earth.geodesic_deg(
                        launch.lat_deg(),
                        launch.lon_deg(),
                        f.rv.impact.lat_deg(),
                        f.rv.impact.lon_deg(),
                    );
                    (a, g.azimuth1_deg.to_radians(), r)
                })
            })
            // In azimuth order, then the first error: the same one on any thread count.
            .collect::<Vec<Result<_, _>>>()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(launch_rad, impact_rad, r)| {
                // Unwrap the impact azimuth next to its launch azimuth.
                let d = (impact_rad - launch_rad + std::f64::consts::PI).rem_euclid(TAU)
                    - std::f64::consts::PI;
                (launch_rad + d, r)
            })
            .collect();
        // Evenly spaced up to the outermost fraction (Catmull–Rom assumes even spacing).
        let n_fractions = (grid.outer_fraction / grid.range_fraction_step)
            .ceil()
            .max(2.0);
        let fractions: Vec<f64> = (1..=n_fractions as usize)
            .map(|j| grid.outer_fraction * j as f64 / n_fractions)
            .collect();
        let mut family = ThreatFamily {
            launch,
            launch_ecef_m: earth.geodetic_to_ecef(launch),
            basis: EnuBasis::at(launch.lat_rad, launch.lon_rad),
            grid: FamilyGrid {
                azimuth_step_deg: step_rad.to_degrees(),
                ..grid
            },
            fractions,
            max_range: maxima,
            full_circle,
            boost_nodes: 0,
            rv_nodes: 0,
            members: BTreeMap::new(),
            attempted: 0,
        };
        // The members the stencils need.
        let mut needed = std::collections::BTreeSet::new();
        for a in aims {
            let origin = family
                .polar(earth, *a)
                .and_then(|(az, rho)| family.stencil_origin(az, rho));
            if let Some((i, j, _, _)) = origin {
                for di in -1..=2i64 {
                    for dj in -1..=2i64 {
                        let jj = j as i64 + dj;
                        if jj >= 0 && (jj as usize) < family.fractions.len() {
                            needed.insert(((i + di).rem_euclid(n_az as i64) as usize, jj as usize));
                        }
                    }
                }
            }
        }
        family.attempted = needed.len();
        let solved: Vec<((usize, usize), Option<ThreatPath>)> = needed
            .into_par_iter()
            .map(|(i, j)| {
                let path = family.solve_member(earth, vehicle, i, j);
                ((i, j), path)
            })
            .collect();
        let max_boost_s = solved
            .iter()
            .filter_map(|(_, p)| p.as_ref().map(ThreatPath::burnout_s))
            .fold(0.0, f64::max);
        let max_rv_s = solved
            .iter()
            .filter_map(|(_, p)| p.as_ref().map(|p| p.t_end_s() - p.burnout_s()))
            .fold(0.0, f64::max);
        family.boost_nodes = (max_boost_s / NODE_STEP_S).ceil() as usize + 1;
        family.rv_nodes = (max_rv_s / NODE_STEP_S).ceil() as usize + 1;
        for ((i, j), path) in solved {
            if let Some(path) = path {
                let member = family.resample(earth, i, &path);
                family.members.insert((i, j), member);
            }
        }
        Ok(family)
    }

    /// Members solved, and members attempted.
    pub fn member_counts(&self) -> (usize, usize) {
        (self.members.len(), self.attempted)
    }

    /// The frame of a geodesic azimuth (rad).
    fn frame(&self, azimuth_rad: f64) -> Frame {
        let (s, c) = azimuth_rad.sin_cos();
        let down = self.basis.north * c + self.basis.east * s;
        Frame {
            up: self.basis.up,
            down,
            cross: self.basis.up.cross(down),
        }
    }

    /// The greatest range (m) toward a geodesic azimuth (rad), linear between samples; None
    /// outside the sampled span.
    fn max_range_m(&self, azimuth_rad: f64) -> Option<f64> {
        let m = &self.max_range;
        let first = m.first()?.0;
        let mut a = first + (azimuth_rad - first).rem_euclid(TAU);
        if self.full_circle {
            let last = m[m.len() - 1];
            if a > last.0 {
                // Between the last sample and the first one, a turn later.
                let (a1, r1) = (m[0].0 + TAU, m[0].1);
                let t = (a - last.0) / (a1 - last.0);
                return Some(last.1 + t * (r1 - last.1));
            }
        } else if a > m[m.len() - 1].0 {
            a -= TAU;
            if a < first {
                return None;
            }
        }
        let k = m.partition_point(|p| p.0 <= a).clamp(1, m.len() - 1);
        let ((a0, r0), (a1, r1)) = (m[k - 1], m[k]);
        if a < a0 || a > a1 {
            return None;
        }
        Some(r0 + (a - a0) / (a1 - a0) * (r1 - r0))
    }

    /// Azimuth index, range index and the fractions within their intervals for an aim point's
    /// geodesic azimuth (rad) and range fraction: (i, j, fa, fr), with j indexing `fractions`
    /// (the range interval is [j, j + 1]); or None outside the family's range fractions.
    fn stencil_origin(&self, azimuth_rad: f64, rho: f64) -> Option<(i64, usize, f64, f64)> {
        let step_rad = self.grid.azimuth_step_deg.to_radians();
        let a = azimuth_rad.rem_euclid(TAU) / step_rad;
        let i = a.floor();
        let f = &self.fractions;
        if rho < f[0] || rho > f[f.len() - 1] {
            return None;
        }
        let j = f.partition_point(|x| *x <= rho).clamp(1, f.len() - 1) - 1;
        Some((i as i64, j, a - i, (rho - f[j]) / (f[j + 1] - f[j])))
    }

    /// Geodesic azimuth (rad) and range fraction of an aim point.
    fn polar(&self, earth: &Earth, aim: Geodetic) -> Option<(f64, f64)> {
        let g = earth.geodesic_deg(
            self.launch.lat_deg(),
            self.launch.lon_deg(),
            aim.lat_deg(),
            aim.lon_deg(),
        );
        let azimuth_rad = g.azimuth1_deg.to_radians();
        Some((azimuth_rad, g.distance_m / self.max_range_m(azimuth_rad)?))
    }

    fn member_aim(&self, earth: &Earth, i: usize, j: usize) -> Option<Geodetic> {
        let azimuth_rad = i as f64 * self.grid.azimuth_step_deg.to_radians();
        let range_m = self.fractions[j] * self.max_range_m(azimuth_rad)?;
        let (lat, lon) = earth.geodesic_direct_deg(
            self.launch.lat_deg(),
            self.launch.lon_deg(),
            azimuth_rad.to_degrees(),
            range_m,
        );
        Some(Geodetic::from_deg_km(lat, lon, 0.0))
    }

    /// One member: the exact minimum-energy flight to its aim point, as a threat path; None
    /// where there is none (too close, beyond the sampled azimuths, no convergence).
    fn solve_member(
        &self,
        earth: &Earth,
        vehicle: &Vehicle,
        i: usize,
        j: usize,
    ) -> Option<ThreatPath> {
        let aim = self.member_aim(earth, i, j)?;
        let s = missile::solve(earth, vehicle, self.launch, aim, Shape::MinEnergy, None).ok()?;
        let flight =
            missile::fly(earth, vehicle, self.launch, &s.steering, Some(NODE_STEP_S)).ok()?;
        ThreatPath::from_flight(&flight)
    }

    /// A member's path at the family's normalised times, in its own frame.
    fn resample(&self, earth: &Earth, i: usize, path: &ThreatPath) -> Member {
        let frame = self.frame(i as f64 * self.grid.azimuth_step_deg.to_radians());
        let burnout_s = path.burnout_s();
        let impact_s = path.t_end_s();
        let mut nodes = Vec::with_capacity(self.boost_nodes + self.rv_nodes);
        let mut apogee = (f64::NEG_INFINITY, burnout_s);
        for t in normalised_times(burnout_s, impact_s, self.boost_nodes, self.rv_nodes) {
            let (p, v) = path.state_at(t);
            let alt_m = earth.altitude_m(p);
            if t >= burnout_s && alt_m > apogee.0 {
                apogee = (alt_m, t);
            }
            nodes.push((
                frame.components(p - self.launch_ecef_m),
                frame.components(v),
                alt_m,
            ));
        }
        Member {
            burnout_s,
            impact_s,
            apogee_s: apogee.1,
            nodes,
        }
    }

    /// The trajectory to an aim point.
    pub fn path_to(&self, earth: &Earth, aim: Geodetic) -> FamilyPath {
        let Some((azimuth_rad, rho)) = self.polar(earth, aim) else {
            return FamilyPath::NeedsExact;
        };
        if rho > 1.0 + UNREACHABLE_MARGIN {
            return FamilyPath::Unreachable;
        }
        let Some((i, j, fa, fr)) = self.stencil_origin(azimuth_rad, rho) else {
            return FamilyPath::NeedsExact;
        };
        let n_az = self.n_azimuths() as i64;
        let wa = catmull_rom(fa);
        let wr = catmull_rom(fr);
        // Range weights with missing outer nodes folded in (linear extrapolation of the
        // missing node from its two neighbours); the central two must exist.
        let mut stencil: Vec<(&Member, f64)> = Vec::with_capacity(16);
        for (da, wa_k) in (-1..=2i64).zip(wa) {
            let ii = (i + da).rem_euclid(n_az) as usize;
            let get = |dj: i64| -> Option<&Member> {
                let jj = j as i64 + dj;
                (jj >= 0)
                    .then(|| self.members.get(&(ii, jj as usize)))
                    .flatten()
            };
            let (m0, m1) = match (get(0), get(1)) {
                (Some(a), Some(b)) => (a, b),
                _ => return FamilyPath::NeedsExact,
            };
            let mut w = [wr[1], wr[2]];
            match get(-1) {
                Some(m) => stencil.push((m, wa_k * wr[0])),
                None => {
                    w[0] += 2.0 * wr[0];
                    w[1] -= wr[0];
                }
            }
            match get(2) {
                Some(m) => stencil.push((m, wa_k * wr[3])),
                None => {
                    w[1] += 2.0 * wr[3];
                    w[0] -= wr[3];
                }
            }
            stencil.push((m0, wa_k * w[0]));
            stencil.push((m1, wa_k * w[1]));
        }
        let mix = |f: &dyn Fn(&Member) -> f64| stencil.iter().map(|(m, w)| w * f(m)).sum::<f64>();
        let burnout_s = mix(&|m| m.burnout_s);
        let impact_s = mix(&|m| m.impact_s);
        let apogee_s = mix(&|m| m.apogee_s);
        if !(burnout_s > 0.0 && impact_s > burnout_s) {
            return FamilyPath::NeedsExact;
        }
        let frame = self.frame(azimuth_rad);
        let times = normalised_times(burnout_s, impact_s, self.boost_nodes, self.rv_nodes);
        let mut nodes = Vec::with_capacity(times.len());
        for (k, &t_s) in times.iter().enumerate() {
            let boosting = k < self.boost_nodes;
            let (mut p, mut v, mut alt_m) = ([0.0; 3], [0.0; 3], 0.0);
            for (m, w) in &stencil {
                let (mp, mv, ma) = &m.nodes[k];
                // Velocities scale with the member's time per normalised unit against the
                // interpolant's, so that they stay the derivative of the interpolated positions.
                let scale = if boosting {
                    m.burnout_s / burnout_s
                } else {
                    (m.impact_s - m.burnout_s) / (impact_s - burnout_s)
                };
                for c in 0..3 {
                    p[c] += w * mp[c];
                    v[c] += w * mv[c] * scale;
                }
                alt_m += w * ma;
            }
            let phase = if boosting && k + 1 < self.boost_nodes {
                Phase::Boost
            } else if t_s > apogee_s && alt_m < REENTRY_ALT_M {
                Phase::Reentry
            } else {
                Phase::Coast
            };
            nodes.push(PathNode {
                t_s,
                pos_ecef_m: self.launch_ecef_m + frame.vector(p),
                vel_ecef_m_s: frame.vector(v),
                phase,
            });
        }
        ThreatPath::from_nodes(nodes).map_or(FamilyPath::NeedsExact, FamilyPath::Path)
    }

    fn n_azimuths(&self) -> usize {
        (TAU / self.grid.azimuth_step_deg.to_radians()).round() as usize
    }
}

/// `boost` nodes from launch to burnout and `rv` nodes from burnout to impact (the burnout node
/// shared: the boost's last node is the RV's first).
fn normalised_times(burnout_s: f64, impact_s: f64, boost: usize, rv: usize) -> Vec<f64> {
    let mut t: Vec<f64> = (0..boost)
        .map(|k| burnout_s * k as f64 / (boost - 1).max(1) as f64)
        .collect();
    t.extend((1..rv).map(|k| burnout_s + (impact_s - burnout_s) * k as f64 / (rv - 1) as f64));
    t
}
