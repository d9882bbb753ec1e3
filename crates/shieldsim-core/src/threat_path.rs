//! A threat's trajectory as a continuous function of time, in Earth-fixed axes: what sensors
//! look at and interceptors aim for.
//!
//! Built from a flight's samples (position and Earth-relative velocity every few seconds) and
//! interpolated by cubic Hermite polynomials on position and velocity, which is C¹ and, at a 2 s
//! sample step, reproduces the integrated trajectory to metres (checked in the tests against a
//! finer sampling).

use crate::earth::{Earth, Geodetic};
use crate::missile::{MissileFlight, Phase};
use glam::DVec3;

/// One node of a threat path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathNode {
    /// Time since launch (s).
    pub t_s: f64,
    /// Earth-fixed position (m).
    pub pos_ecef_m: DVec3,
    /// Earth-relative velocity (m/s).
    pub vel_ecef_m_s: DVec3,
    /// Flight phase at this node.
    pub phase: Phase,
}

/// A threat trajectory from launch to impact.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatPath {
    nodes: Vec<PathNode>,
}

impl ThreatPath {
    /// The path through a flight's samples (at least two, in time order).
    pub fn from_flight(flight: &MissileFlight) -> Option<Self> {
        let nodes: Vec<PathNode> = flight
            .samples()
            .iter()
            .map(|s| PathNode {
                t_s: s.t_s,
                pos_ecef_m: s.pos_ecef_m,
                vel_ecef_m_s: s.vel_ecef_m_s,
                phase: s.phase,
            })
            .collect();
        Self::from_nodes(nodes)
    }

    /// The path through nodes (at least two, strictly increasing in time).
    pub fn from_nodes(nodes: Vec<PathNode>) -> Option<Self> {
        let ordered = nodes.windows(2).all(|w| w[1].t_s > w[0].t_s);
        (nodes.len() >= 2 && ordered).then_some(ThreatPath { nodes })
    }

    /// The nodes.
    pub fn nodes(&self) -> &[PathNode] {
        &self.nodes
    }

    /// Launch time (s).
    pub fn t_start_s(&self) -> f64 {
        self.nodes[0].t_s
    }

    /// Impact time (s).
    pub fn t_end_s(&self) -> f64 {
        self.nodes[self.nodes.len() - 1].t_s
    }

    /// Earth-fixed position (m) and velocity (m/s) at `t_s` (clamped to the path's span), by
    /// cubic Hermite interpolation between the neighbouring nodes.
    pub fn state_at(&self, t_s: f64) -> (DVec3, DVec3) {
        let (a, b, h, s) = self.segment(t_s);
        let s2 = s * s;
        let (d00, d10, d01, d11) = (
            6.0 * s2 - 6.0 * s,
            3.0 * s2 - 4.0 * s + 1.0,
            -6.0 * s2 + 6.0 * s,
            3.0 * s2 - 2.0 * s,
        );
        let vel = a.pos_ecef_m * (d00 / h)
            + a.vel_ecef_m_s * d10
            + b.pos_ecef_m * (d01 / h)
            + b.vel_ecef_m_s * d11;
        (Self::hermite_position(a, b, h, s), vel)
    }

    /// The nodes around `t_s` (clamped to the path's span), the interval and the fraction of
    /// it at `t_s`.
    fn segment(&self, t_s: f64) -> (&PathNode, &PathNode, f64, f64) {
        let t_s = t_s.clamp(self.t_start_s(), self.t_end_s());
        let i = self
            .nodes
            .partition_point(|n| n.t_s <= t_s)
            .clamp(1, self.nodes.len() - 1);
        let (a, b) = (&self.nodes[i - 1], &self.nodes[i]);
        let h = b.t_s - a.t_s;
        (a, b, h, (t_s - a.t_s) / h)
    }

    /// The cubic Hermite position between nodes `a` and `b`, `h` apart, at fraction `s`.
    fn hermite_position(a: &PathNode, b: &PathNode, h: f64, s: f64) -> DVec3 {
        let (s2, s3) = (s * s, s * s * s);
        a.pos_ecef_m * (2.0 * s3 - 3.0 * s2 + 1.0)
            + a.vel_ecef_m_s * ((s3 - 2.0 * s2 + s) * h)
            + b.pos_ecef_m * (-2.0 * s3 + 3.0 * s2)
            + b.vel_ecef_m_s * ((s3 - s2) * h)
    }

    /// Earth-fixed position (m) at `t_s`: [`ThreatPath::state_at`] without the velocity, for
    /// the scans that only look at where the threat is.
    pub fn position_at(&self, t_s: f64) -> DVec3 {
        let (a, b, h, s) = self.segment(t_s);
        Self::hermite_position(a, b, h, s)
    }

    /// Geodetic position at `t_s`.
    pub fn geodetic_at(&self, earth: &Earth, t_s: f64) -> Geodetic {
        earth.ecef_to_geodetic(self.state_at(t_s).0)
    }

    /// Times from launch to impact at most `step_s` apart, both ends included: the scan grid
    /// of the sensor and engagement searches.
    pub fn scan_times(&self, step_s: f64) -> Vec<f64> {
        let (t0, t1) = (self.t_start_s(), self.t_end_s());
        let n = ((t1 - t0) / step_s).ceil().max(1.0) as usize;
        (0..=n)
            .map(|i| (t0 + i as f64 * (t1 - t0) / n as f64).min(t1))
            .collect()
    }

    /// The threat's burnout (thrust termination, s since launch): the first node after the
    /// boost. Until then no one can know where the warhead will go; every fire-control
    /// solution waits for it. A path without boost nodes starts at burnout.
    pub fn burnout_s(&self) -> f64 {
        let k = self.nodes.partition_point(|n| n.phase == Phase::Boost);
        self.nodes[k.min(self.nodes.len() - 1)].t_s
    }

    /// Flight phase at `t_s` (that of the node at or before it).
    pub fn phase_at(&self, t_s: f64) -> Phase {
        let i = self.nodes.partition_point(|n| n.t_s <= t_s).max(1);
        self.nodes[i - 1].phase
    }
}
