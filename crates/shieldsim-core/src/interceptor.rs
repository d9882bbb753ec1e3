//! Interceptors as kinematic fly-out models: how soon an interceptor can reach a point around
//! its site. No guidance, homing or seeker — only the reach of the booster (DESIGN.md scope).
//!
//! **Model.** Launched from the surface at an elevation angle γ₀, the interceptor flies a
//! gravity turn (thrust along the velocity) through its stages, then coasts. Each stage burns
//! for its burn time with constant mass flow and exhaust speed c = g₀·Isp, so its thrust
//! acceleration c·ṁ/m rises as propellant burns and integrates to the stage's ideal Δv. Gravity
//! is point-mass over a sphere of radius 6,371 km; drag acts through a ballistic coefficient in
//! the US76 atmosphere. The flight is computed relative to the Earth's surface, neglecting the
//! Coriolis and centrifugal terms: over a 300 s fly-out they displace the interceptor by up to
//! ~½·2ωv·t² ≈ 25 km at 4 km/s, small against the ±10 % spread of published burnout speeds,
//! and it keeps the reach symmetric about the site so one table serves every azimuth.
//!
//! **Calibration.** Published figures are burnout speeds. The stages' Δv are scaled together
//! until the speed at the end of the last burn, on a 45° fly-out, equals the published burnout
//! speed.
//!
//! **Fly-out table.** Fly-outs for γ₀ every 0.25° are sampled every 0.5 s. For each downrange
//! column of a 5 km grid every fly-out's crossing gives (altitude, time); between neighbouring
//! γ₀ the time is interpolated linearly in altitude onto the grid nodes, keeping the least.
//! A lookup is then bilinear on the nodes: an engagement check is four array reads.

use crate::earth::atmosphere::us76;
use crate::format_number;
use crate::integrator::{self, Control, Settings, Tolerance};
use crate::roots::brent;
use glam::DVec2;

/// Standard gravity (m/s²) for Isp.
const G0_M_S2: f64 = 9.806_65;
/// Sphere radius of the fly-out model (m): the IUGG mean Earth radius.
pub const FLYOUT_EARTH_RADIUS_M: f64 = 6_371_000.0;
/// Gravitational parameter (m³/s²), WGS84.
const MU_M3_S2: f64 = 3.986_004_418e14;

/// One interceptor stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptorStage {
    /// Burn time (s).
    pub burn_s: f64,
    /// Share of the total ideal Δv (the shares are normalised).
    pub dv_share: f64,
}

/// Most stages of an interceptor (every catalogued one has two to four).
pub const MAX_STAGES: usize = 6;
/// Bounds of a stage's burn time (s): from a booster pulse to far beyond any interceptor
/// stage's two minutes (and a bound on the fly-out's integration).
pub const STAGE_BURN_S: (f64, f64) = (0.5, 600.0);
/// Bounds of a stage's share of the Δv (the shares are normalised).
pub const DV_SHARE: (f64, f64) = (0.01, 100.0);
/// Bounds of the burnout speed (km/s): from the slowest point-defence missiles to below
/// escape speed.
pub const BURNOUT_SPEED_KM_S: (f64, f64) = (0.3, 11.0);
/// Bounds of the specific impulse (s): chemical rocket motors (solid ~250, liquid hydrogen
/// ~450).
pub const ISP_S: (f64, f64) = (100.0, 500.0);
/// Bounds of the ballistic coefficient (kg/m²).
pub const BETA_KG_M2: (f64, f64) = (100.0, 1e6);
/// Bounds of the lowest launch elevation (deg).
pub const MIN_LAUNCH_EL_DEG: (f64, f64) = (0.0, 89.0);
/// Bounds of the longest fly-out (s): kill-vehicle endurance.
pub const MAX_FLYOUT_S: (f64, f64) = (10.0, 5000.0);
/// Bounds of the intercept altitudes (km): from the ground to above the highest published
/// ceilings (GBI ~2,000 km); the fly-out table's height follows the highest.
pub const INTERCEPT_ALT_KM: (f64, f64) = (0.0, 3000.0);

/// A figure of an [`Interceptor`] that [`Interceptor::problems`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterceptorFigure {
    /// The number of stages.
    Stages,
    /// A stage's burn time (index from 0).
    StageBurn(usize),
    /// A stage's Δv share (index from 0).
    StageDvShare(usize),
    /// The burnout speed.
    BurnoutSpeed,
    /// The specific impulse.
    Isp,
    /// The ballistic coefficient.
    BallisticCoefficient,
    /// The lowest launch elevation.
    MinLaunchElevation,
    /// The lowest intercept altitude.
    MinInterceptAlt,
    /// The highest intercept altitude.
    MaxInterceptAlt,
    /// The longest fly-out.
    MaxFlyout,
}

/// An interceptor's kinematic parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Interceptor {
    /// Stages, first to last.
    pub stages: Vec<InterceptorStage>,
    /// Published burnout speed (m/s).
    pub burnout_speed_m_s: f64,
    /// Specific impulse (s), which shapes the acceleration within a burn.
    pub isp_s: f64,
    /// Ballistic coefficient during fly-out (kg/m²).
    pub beta_kg_m2: f64,
    /// Lowest launch elevation (deg).
    pub min_launch_el_deg: f64,
    /// Lowest intercept altitude (m).
    pub min_intercept_alt_m: f64,
    /// Highest intercept altitude (m).
    pub max_intercept_alt_m: f64,
    /// Longest fly-out (s): kill-vehicle endurance.
    pub max_flyout_s: f64,
}

/// A state along a fly-out, in the launch plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyoutPoint {
    /// Time since interceptor launch (s).
    pub t_s: f64,
    /// Ground range along the surface (m).
    pub range_m: f64,
    /// Altitude (m).
    pub alt_m: f64,
    /// Speed (m/s).
    pub speed_m_s: f64,
    /// Flight-path angle above the local horizontal (rad).
    pub gamma_rad: f64,
}

impl Interceptor {
    /// Total burn time (s).
    pub fn burn_s(&self) -> f64 {
        self.stages.iter().map(|s| s.burn_s).sum()
    }

    /// Check the numbers for physical sense: the first problem of [`Self::problems`].
    pub fn validate(&self) -> Result<(), String> {
        match self.problems().into_iter().next() {
            Some((_, message)) => Err(message),
            None => Ok(()),
        }
    }

    /// Every figure outside its physical bounds (see [`InterceptorFigure`]), with a message
    /// that quotes the value in the catalog's units (km/s, km) and the accepted range.
    pub fn problems(&self) -> Vec<(InterceptorFigure, String)> {
        use InterceptorFigure as F;
        let mut out = Vec::new();
        let n = self.stages.len();
        if !(1..=MAX_STAGES).contains(&n) {
            out.push((
                F::Stages,
                format!("an interceptor needs 1 … {MAX_STAGES} stages, not {n}"),
            ));
        }
        let mut check = |figure: F, what: &str, v: f64, (lo, hi): (f64, f64), unit: &str| {
            if !(lo..=hi).contains(&v) {
                out.push((
                    figure,
                    format!(
                        "{what} {}{unit} is outside {} … {}{unit}",
                        format_number(v),
                        format_number(lo),
                        format_number(hi)
                    ),
                ));
            }
        };
        for (i, s) in self.stages.iter().enumerate() {
            check(
                F::StageBurn(i),
                &format!("stage {} burn time", i + 1),
                s.burn_s,
                STAGE_BURN_S,
                " s",
            );
            check(
                F::StageDvShare(i),
                &format!("stage {} Δv share", i + 1),
                s.dv_share,
                DV_SHARE,
                "",
            );
        }
        check(
            F::BurnoutSpeed,
            "burnout speed",
            self.burnout_speed_m_s / 1e3,
            BURNOUT_SPEED_KM_S,
            " km/s",
        );
        check(F::Isp, "Isp", self.isp_s, ISP_S, " s");
        check(
            F::BallisticCoefficient,
            "ballistic coefficient",
            self.beta_kg_m2,
            BETA_KG_M2,
            " kg/m²",
        );
        check(
            F::MinLaunchElevation,
            "lowest launch elevation",
            self.min_launch_el_deg,
            MIN_LAUNCH_EL_DEG,
            "°",
        );
        check(
            F::MaxFlyout,
            "longest fly-out",
            self.max_flyout_s,
            MAX_FLYOUT_S,
            " s",
        );
        let (lo_km, hi_km) = (
            self.min_intercept_alt_m / 1e3,
            self.max_intercept_alt_m / 1e3,
        );
        check(
            F::MinInterceptAlt,
            "lowest intercept altitude",
            lo_km,
            INTERCEPT_ALT_KM,
            " km",
        );
        check(
            F::MaxInterceptAlt,
            "highest intercept altitude",
            hi_km,
            INTERCEPT_ALT_KM,
            " km",
        );
        if lo_km >= hi_km {
            out.push((
                F::MaxInterceptAlt,
                format!(
                    "highest intercept altitude {} km is not above the lowest, {} km",
                    format_number(hi_km),
                    format_number(lo_km)
                ),
            ));
        }
        // The calibration measures the speed at the end of the last burn, which must come
        // within the fly-out.
        let burn = self.burn_s();
        if burn >= self.max_flyout_s && self.max_flyout_s.is_finite() && burn.is_finite() {
            out.push((
                F::MaxFlyout,
                format!(
                    "longest fly-out {} s ends before the stages burn out ({} s)",
                    format_number(self.max_flyout_s),
                    format_number(burn)
                ),
            ));
        }
        out
    }

    /// Fly out at launch elevation `gamma0_rad` with the stages' Δv scaled so that their sum
    /// is `total_dv_m_s` (see [`Self::calibrated_dv_m_s`]); samples every `step_s` to
    /// `max_flyout_s` or impact.
    pub fn flyout(&self, gamma0_rad: f64, total_dv_m_s: f64, step_s: f64) -> Vec<FlyoutPoint> {
        let c = self.isp_s * G0_M_S2;
        let share_sum: f64 = self.stages.iter().map(|s| s.dv_share).sum();
        // Per stage: start, end, and final/initial mass ratio μ = exp(−Δv/c).
        let mut stages = Vec::new();
        let mut t0 = 0.0;
        for s in &self.stages {
            let dv = total_dv_m_s * s.dv_share / share_sum;
            stages.push((t0, t0 + s.burn_s, (-dv / c).exp()));
            t0 += s.burn_s;
        }
        let burn_end_s = t0;
        let beta = self.beta_kg_m2;
        let thrust_accel = move |t: f64| -> f64 {
            for &(a, b, mu) in &stages {
                if t >= a && t < b {
                    let fraction_burnt = (1.0 - mu) * (t - a) / (b - a);
                    return c * (1.0 - mu) / ((b - a) * (1.0 - fraction_burnt));
                }
            }
            0.0
        };
        // State: position (x, y) with the Earth's centre at the origin and the site at
        // (0, R), velocity (vx, vy).
        let mut rhs = |t: f64, y: &[f64; 4]| -> [f64; 4] {
            let p = DVec2::new(y[0], y[1]);
            let v = DVec2::new(y[2], y[3]);
            let r = p.length();
            let speed = v.length();
            let mut a = -MU_M3_S2 / (r * r * r) * p;
            if speed > 0.0 {
                a += thrust_accel(t) * v / speed;
                let alt = r - FLYOUT_EARTH_RADIUS_M;
                if alt < 86_000.0 {
                    let rho = us76(alt.max(0.0)).density_kg_m3;
                    a -= rho * speed / (2.0 * beta) * v;
                }
            }
            [y[2], y[3], a.x, a.y]
        };
        // Start at 1 m/s along the launch direction (the gravity turn needs a direction).
        let y0 = [
            0.0,
            FLYOUT_EARTH_RADIUS_M,
            gamma0_rad.cos(),
            gamma0_rad.sin(),
        ];
        let settings = Settings::new(Tolerance {
            rel: 1e-8,
            abs: [1e-3, 1e-3, 1e-6, 1e-6],
        });
        let point = |t: f64, y: &[f64; 4]| -> FlyoutPoint {
            let p = DVec2::new(y[0], y[1]);
            let v = DVec2::new(y[2], y[3]);
            let r = p.length();
            let up = p / r;
            let horizontal = DVec2::new(up.y, -up.x);
            FlyoutPoint {
                t_s: t,
                range_m: y[0].atan2(y[1]) * FLYOUT_EARTH_RADIUS_M,
                alt_m: r - FLYOUT_EARTH_RADIUS_M,
                speed_m_s: v.length(),
                gamma_rad: v.dot(up).atan2(v.dot(horizontal)),
            }
        };
        let mut out = vec![point(0.0, &y0)];
        let mut next = step_s;
        let mut y = y0;
        // Integrate burn by burn (the thrust switches at stage ends), then the coast.
        let mut cuts: Vec<f64> = self
            .stages
            .iter()
            .scan(0.0, |acc, s| {
                *acc += s.burn_s;
                Some(*acc)
            })
            .filter(|&t| t < self.max_flyout_s)
            .collect();
        cuts.push(self.max_flyout_s.max(burn_end_s));
        let mut t_from = 0.0;
        'segments: for t_to in cuts {
            let mut landed = false;
            let result = integrator::integrate(&mut rhs, t_from, y, t_to, &settings, |step, f| {
                let dense = step.dense(f);
                while next <= step.t1 + 1e-9 {
                    let ys = dense.at(next.min(step.t1));
                    let p = point(next, &ys);
                    if p.alt_m < 0.0 {
                        landed = true;
                        return Control::Stop;
                    }
                    out.push(p);
                    next += step_s;
                }
                Control::Continue
            });
            match result {
                Ok((_, y1, _)) => y = y1,
                Err(_) => break 'segments,
            }
            if landed {
                break;
            }
            t_from = t_to;
        }
        out
    }

    /// The total ideal Δv (m/s) that gives the published burnout speed on a 45° fly-out.
    pub fn calibrated_dv_m_s(&self) -> f64 {
        let v_bo = self.burnout_speed_m_s;
        let burn = self.burn_s();
        let speed_at_burnout = |dv: f64| {
            self.flyout(45f64.to_radians(), dv, burn)
                .iter()
                .find(|p| (p.t_s - burn).abs() < 1e-6)
                .map_or(0.0, |p| p.speed_m_s)
        };
        brent(
            |dv| speed_at_burnout(dv) - v_bo,
            v_bo,
            2.0 * v_bo + 3000.0,
            0.01,
        )
        .unwrap_or(v_bo)
    }
}

/// Grid spacing of fly-out tables (m).
pub const TABLE_CELL_M: f64 = 5_000.0;
/// Launch-elevation step of the fly-outs behind a table (deg).
const TABLE_GAMMA_STEP_DEG: f64 = 0.25;
/// Sample step of those fly-outs (s).
const TABLE_SAMPLE_S: f64 = 0.5;

/// What a table knows about the fastest fly-out to one grid node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Time from interceptor launch (s).
    pub time_s: f64,
    /// Launch elevation of that fly-out (rad).
    pub gamma0_rad: f64,
    /// Interceptor speed there (m/s).
    pub speed_m_s: f64,
    /// Its flight-path angle there (rad).
    pub gamma_rad: f64,
}

/// The fly-out table of one interceptor: the least time to every node of a (ground range,
/// altitude) grid around the site, with the fly-out that achieves it.
#[derive(Debug, Clone)]
pub struct FlyoutTable {
    /// The interceptor it was built for.
    pub interceptor: Interceptor,
    /// Its calibrated total ideal Δv (m/s).
    pub total_dv_m_s: f64,
    n_range: usize,
    n_alt: usize,
    /// Row-major [range][alt]; `None` where no fly-out reaches within the fly-out time. Shared,
    /// so that a copy with other intercept limits (`interceptor`'s altitude band and fly-out
    /// time, which the engagement reads from the table) costs no copy of the grid.
    nodes: std::sync::Arc<[Option<Reach>]>,
    /// A table between two built ones ([`FlyoutTable::between`]): the lower and the higher
    /// speed's tables and the weight of the higher; its nodes are blended on lookup and
    /// `nodes` is unused.
    blend: Option<(
        std::sync::Arc<FlyoutTable>,
        std::sync::Arc<FlyoutTable>,
        f64,
    )>,
}

impl FlyoutTable {
    /// Build the table (see the module notes).
    pub fn build(interceptor: &Interceptor) -> Result<Self, String> {
        interceptor.validate()?;
        let total_dv_m_s = interceptor.calibrated_dv_m_s();
        let g_min = interceptor.min_launch_el_deg;
        let n_gamma = ((90.0 - g_min) / TABLE_GAMMA_STEP_DEG).round() as usize + 1;
        let gammas: Vec<f64> = (0..n_gamma)
            .map(|i| {
                (g_min + i as f64 * TABLE_GAMMA_STEP_DEG)
                    .min(90.0)
                    .to_radians()
            })
            .collect();
        let flyouts: Vec<Vec<FlyoutPoint>> = gammas
            .iter()
            .map(|&g| interceptor.flyout(g, total_dv_m_s, TABLE_SAMPLE_S))
            .collect();
        let max_range = flyouts
            .iter()
            .flatten()
            .map(|p| p.range_m)
            .fold(0.0, f64::max);
        // Above the highest intercept altitude nothing is looked up.
        let max_alt = flyouts
            .iter()
            .flatten()
            .map(|p| p.alt_m)
            .fold(0.0, f64::max)
            .min(interceptor.max_intercept_alt_m + TABLE_CELL_M);
        let n_range = (max_range / TABLE_CELL_M).floor() as usize + 1;
        let n_alt = (max_alt / TABLE_CELL_M).floor() as usize + 1;
        let mut nodes: Vec<Option<Reach>> = vec![None; n_range * n_alt];
        // crossings[j][i]: where fly-out i first crosses ground range column j.
        let mut crossings: Vec<Vec<Option<(f64, Reach)>>> =
            vec![vec![None; flyouts.len()]; n_range];
        for (i, (f, &g0)) in flyouts.iter().zip(&gammas).enumerate() {
            for w in f.windows(2) {
                let (a, b) = (w[0], w[1]);
                if b.range_m <= a.range_m {
                    continue;
                }
                let j_lo = (a.range_m / TABLE_CELL_M).floor() as usize + 1;
                let j_hi = ((b.range_m / TABLE_CELL_M).floor() as usize).min(n_range - 1);
                for (j, column) in crossings.iter_mut().enumerate().take(j_hi + 1).skip(j_lo) {
                    if column[i].is_some() {
                        continue;
                    }
                    let x = j as f64 * TABLE_CELL_M;
                    let w = (x - a.range_m) / (b.range_m - a.range_m);
                    let lerp = |p: f64, q: f64| p + w * (q - p);
                    column[i] = Some((
                        lerp(a.alt_m, b.alt_m),
                        Reach {
                            time_s: lerp(a.t_s, b.t_s),
                            gamma0_rad: g0,
                            speed_m_s: lerp(a.speed_m_s, b.speed_m_s),
                            gamma_rad: lerp(a.gamma_rad, b.gamma_rad),
                        },
                    ));
                }
            }
        }
        for (j, crossings) in crossings.iter().enumerate() {
            for pair in crossings.windows(2) {
                let (Some((h0, r0)), Some((h1, r1))) = (pair[0], pair[1]) else {
                    continue;
                };
                let (lo, hi) = (h0.min(h1), h0.max(h1));
                let k_lo = (lo / TABLE_CELL_M).ceil().max(0.0) as usize;
                let k_hi = ((hi / TABLE_CELL_M).floor() as usize).min(n_alt - 1);
                for k in k_lo..=k_hi {
                    let h = k as f64 * TABLE_CELL_M;
                    if h < lo || h > hi {
                        continue;
                    }
                    let w = if hi > lo { (h - h0) / (h1 - h0) } else { 0.0 };
                    let lerp = |a: f64, b: f64| a + w * (b - a);
                    let reach = Reach {
                        time_s: lerp(r0.time_s, r1.time_s),
                        gamma0_rad: lerp(r0.gamma0_rad, r1.gamma0_rad),
                        speed_m_s: lerp(r0.speed_m_s, r1.speed_m_s),
                        gamma_rad: lerp(r0.gamma_rad, r1.gamma_rad),
                    };
                    let node = &mut nodes[j * n_alt + k];
                    if node.is_none_or(|n| reach.time_s < n.time_s) {
                        *node = Some(reach);
                    }
                }
            }
        }
        Ok(FlyoutTable {
            interceptor: interceptor.clone(),
            total_dv_m_s,
            n_range,
            n_alt,
            nodes: nodes.into(),
            blend: None,
        })
    }

    /// Greatest ground range in the table (m).
    pub fn max_range_m(&self) -> f64 {
        (self.n_range - 1) as f64 * TABLE_CELL_M
    }

    /// Greatest altitude in the table (m).
    pub fn max_alt_m(&self) -> f64 {
        (self.n_alt - 1) as f64 * TABLE_CELL_M
    }

    /// The fastest fly-out to (ground range, altitude), bilinear between the four surrounding
    /// nodes; `None` if any of them is out of reach (conservative at the edge of the reach).
    pub fn reach(&self, range_m: f64, alt_m: f64) -> Option<Reach> {
        if !(range_m >= 0.0 && alt_m >= 0.0) {
            return None;
        }
        let (u, v) = (range_m / TABLE_CELL_M, alt_m / TABLE_CELL_M);
        let (j, k) = (u.floor() as usize, v.floor() as usize);
        if j + 1 >= self.n_range || k + 1 >= self.n_alt {
            return None;
        }
        let (fu, fv) = (u - j as f64, v - k as f64);
        let at = |jj: usize, kk: usize| self.node(jj, kk);
        let (a, b, c, d) = (at(j, k)?, at(j + 1, k)?, at(j, k + 1)?, at(j + 1, k + 1)?);
        let mix = |f: fn(&Reach) -> f64| {
            (1.0 - fu) * (1.0 - fv) * f(&a)
                + fu * (1.0 - fv) * f(&b)
                + (1.0 - fu) * fv * f(&c)
                + fu * fv * f(&d)
        };
        Some(Reach {
            time_s: mix(|r| r.time_s),
            gamma0_rad: mix(|r| r.gamma0_rad),
            speed_m_s: mix(|r| r.speed_m_s),
            gamma_rad: mix(|r| r.gamma_rad),
        })
    }

    /// Ground range (m) from which on [`FlyoutTable::reach`] has no answer.
    pub fn range_limit_m(&self) -> f64 {
        (self.n_range - 1) as f64 * TABLE_CELL_M
    }

    /// The table of the same interceptor at a burnout speed between those of `lo` and `hi`,
    /// `w` of the way from `lo` (0 … 1): each node's reach linearly interpolated where both
    /// tables reach it; at the envelope's edge, where only one does, the nearer table decides.
    /// The nodes are blended on lookup (the two grids are shared), so a sampled burnout speed
    /// costs neither a build nor a copy; its error against a direct build is measured in the
    /// tests (VALIDATION.md).
    pub fn between(
        lo: std::sync::Arc<FlyoutTable>,
        hi: std::sync::Arc<FlyoutTable>,
        w: f64,
    ) -> FlyoutTable {
        let lerp = |x: f64, y: f64| x + w * (y - x);
        let mut interceptor = lo.interceptor.clone();
        interceptor.burnout_speed_m_s = lerp(
            lo.interceptor.burnout_speed_m_s,
            hi.interceptor.burnout_speed_m_s,
        );
        FlyoutTable {
            interceptor,
            total_dv_m_s: lerp(lo.total_dv_m_s, hi.total_dv_m_s),
            n_range: lo.n_range.max(hi.n_range),
            n_alt: lo.n_alt.max(hi.n_alt),
            nodes: lo.nodes.clone(),
            blend: Some((lo, hi, w)),
        }
    }

    /// The reach stored at grid node (j, k), blended for a table between two.
    fn node(&self, j: usize, k: usize) -> Option<Reach> {
        match &self.blend {
            None => (j < self.n_range && k < self.n_alt)
                .then(|| self.nodes[j * self.n_alt + k])
                .flatten(),
            Some((lo, hi, w)) => match (lo.node(j, k), hi.node(j, k)) {
                (Some(a), Some(b)) => {
                    let lerp = |x: f64, y: f64| x + w * (y - x);
                    Some(Reach {
                        time_s: lerp(a.time_s, b.time_s),
                        gamma0_rad: lerp(a.gamma0_rad, b.gamma0_rad),
                        speed_m_s: lerp(a.speed_m_s, b.speed_m_s),
                        gamma_rad: lerp(a.gamma_rad, b.gamma_rad),
                    })
                }
                (Some(a), None) if *w < 0.5 => Some(a),
                (None, Some(b)) if *w >= 0.5 => Some(b),
                _ => None,
            },
        }
    }

    /// Memory held by the grid (bytes), for the benchmark notes.
    pub fn size_bytes(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<Option<Reach>>()
    }
}

/// FNV-1a (64-bit) of `bytes`, continuing from `h` (start from [`FNV_OFFSET`]): a stable hash
/// for cache file names and checksums (not cryptographic; a cache entry is also checked
/// against its whole key).
pub const fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// FNV-1a's offset basis.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// A fingerprint of the code that shapes a fly-out table: this file (the fly-out model, the
/// calibration, the table's resolution and construction), the integrator, the atmosphere and
/// the root finder, hashed at compile time. A stored table built by other code is never taken
/// for this code's, even when the program version did not change.
pub const FLYOUT_CODE_FINGERPRINT: u64 = {
    let h = fnv1a(FNV_OFFSET, include_bytes!("interceptor.rs"));
    let h = fnv1a(h, include_bytes!("integrator/mod.rs"));
    let h = fnv1a(h, include_bytes!("integrator/dop853_coefficients.rs"));
    let h = fnv1a(h, include_bytes!("earth/atmosphere.rs"));
    fnv1a(h, include_bytes!("roots.rs"))
};

/// First bytes of a stored table ([`FlyoutTable::to_bytes`]).
const TABLE_MAGIC: &[u8; 16] = b"shieldsim-flyout";
/// Layout of the stored form; raised when it changes.
const TABLE_FORMAT: u32 = 1;

impl FlyoutTable {
    /// Everything that shapes the table built for `interceptor`: the program version, the
    /// code's fingerprint ([`FLYOUT_CODE_FINGERPRINT`]), the table's resolution and the whole
    /// model (`{:?}` of f64 round-trips, so equal keys are equal models). Two tables with equal
    /// keys are the same bytes.
    pub fn cache_key(interceptor: &Interceptor) -> String {
        format!(
            "shieldsim-core {} code {FLYOUT_CODE_FINGERPRINT:016x} format {TABLE_FORMAT} cell_m {TABLE_CELL_M:?} gamma_step_deg {TABLE_GAMMA_STEP_DEG:?} sample_s {TABLE_SAMPLE_S:?} model {interceptor:?}",
            env!("CARGO_PKG_VERSION")
        )
    }

    /// The table as bytes: magic, format, its [`FlyoutTable::cache_key`], the grid (every f64
    /// in its exact little-endian bits) and a checksum of all of it. `None` for a table
    /// between two ([`FlyoutTable::between`]), which is never stored.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        if self.blend.is_some() {
            return None;
        }
        let key = FlyoutTable::cache_key(&self.interceptor);
        let mut b = Vec::with_capacity(64 + key.len() + self.nodes.len() * 33);
        b.extend_from_slice(TABLE_MAGIC);
        b.extend_from_slice(&TABLE_FORMAT.to_le_bytes());
        b.extend_from_slice(&(key.len() as u64).to_le_bytes());
        b.extend_from_slice(key.as_bytes());
        b.extend_from_slice(&self.total_dv_m_s.to_le_bytes());
        b.extend_from_slice(&(self.n_range as u64).to_le_bytes());
        b.extend_from_slice(&(self.n_alt as u64).to_le_bytes());
        for n in self.nodes.iter() {
            match n {
                None => b.push(0),
                Some(r) => {
                    b.push(1);
                    for x in [r.time_s, r.gamma0_rad, r.speed_m_s, r.gamma_rad] {
                        b.extend_from_slice(&x.to_le_bytes());
                    }
                }
            }
        }
        let sum = fnv1a(FNV_OFFSET, &b);
        b.extend_from_slice(&sum.to_le_bytes());
        Some(b)
    }

    /// The table `bytes` hold if they are a whole, uncorrupted table built for exactly
    /// `interceptor` by this code ([`FlyoutTable::cache_key`]); otherwise why not. The table is
    /// then the very one [`FlyoutTable::build`] gives.
    pub fn from_bytes(interceptor: &Interceptor, bytes: &[u8]) -> Result<FlyoutTable, String> {
        let (body, sum) = bytes
            .split_last_chunk::<8>()
            .ok_or("shorter than a table")?;
        if fnv1a(FNV_OFFSET, body) != u64::from_le_bytes(*sum) {
            return Err("checksum mismatch (a corrupt or partial table)".into());
        }
        let mut r = Reader { b: body };
        if r.take(TABLE_MAGIC.len())? != TABLE_MAGIC {
            return Err("not a fly-out table".into());
        }
        if r.u32()? != TABLE_FORMAT {
            return Err("another table format".into());
        }
        let key_len = usize::try_from(r.u64()?).map_err(|_| "key length")?;
        if r.take(key_len)? != FlyoutTable::cache_key(interceptor).as_bytes() {
            return Err("built for another model, resolution or program version".into());
        }
        let total_dv_m_s = r.f64()?;
        let n_range = usize::try_from(r.u64()?).map_err(|_| "grid size")?;
        let n_alt = usize::try_from(r.u64()?).map_err(|_| "grid size")?;
        let count = n_range.checked_mul(n_alt).ok_or("grid size")?;
        if count == 0 || count > r.b.len() {
            return Err("grid size does not match the data".into());
        }
        let mut nodes = Vec::with_capacity(count);
        for _ in 0..count {
            nodes.push(match r.take(1)?[0] {
                0 => None,
                1 => Some(Reach {
                    time_s: r.f64()?,
                    gamma0_rad: r.f64()?,
                    speed_m_s: r.f64()?,
                    gamma_rad: r.f64()?,
                }),
                _ => return Err("bad node tag".into()),
            });
        }
        if !r.b.is_empty() {
            return Err("trailing bytes".into());
        }
        Ok(FlyoutTable {
            interceptor: interceptor.clone(),
            total_dv_m_s,
            n_range,
            n_alt,
            nodes: nodes.into(),
            blend: None,
        })
    }
}

/// Reads a stored table front to back.
struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.b.len() {
            return Err("truncated".into());
        }
        let (head, tail) = self.b.split_at(n);
        self.b = tail;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    fn u64(&mut self) -> Result<u64, String> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn f64(&mut self) -> Result<f64, String> {
        self.u64().map(f64::from_bits)
    }
}
