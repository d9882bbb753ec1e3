//! Engagement geometry and timing: for a threat path and an architecture's sites, when each
//! site may first launch, and every point of the path its interceptor can reach in time — the
//! earliest and latest intercept, launch time, intercept point and altitude, closing speed, and
//! how many shoot-look-shoot shots fit.
//!
//! The kill chain is a sequence of stages, and the earliest launch is the latest of their
//! constraints:
//!
//! 1. **Detection** by a radar the site may fire on (its own, or over the command network the
//!    architecture's other radars — engage-on-remote — and, under [`Sensing::Cued`], early-warning
//!    radars outside the architecture).
//! 2. **Track**: detection + the radar's track-formation delay.
//! 3. **Fire-control solution**: a midcourse or terminal intercept needs the threat's
//!    *ballistic* state, which exists only once thrust has stopped. The solution comes no
//!    earlier than burnout + the track-after-burnout time, and only while the radar still
//!    tracks the threat (a radar that saw only the boost gives no ballistic state).
//! 4. **Decision**: + the decision delay.
//! 5. **Launch**.
//!
//! Space-based infrared warns and cues (launch point, time, azimuth) but is not a fire-control
//! track: it never starts stage 3 here, and no cue shortens a radar's acquisition in this model.
//! [`Sensing::KinematicBound`] replaces stages 1–3 by a perfect track at burnout + the
//! track-after-burnout time: an upper bound on capability, not a claim about any sensor.
//!
//! A radar of another command chain than the site's (an ally's or another party's, as in a
//! joint NATO–Russia system) passes its track on after the cross-side delay: the site's track
//! and solution come that much later.
//!
//! An intercept at time t on the path is feasible when the point lies between the interceptor's
//! lowest and highest intercept altitudes, its fly-out table reaches it, its ground point lies
//! in the site's sector (under a sector rule, [`crate::sector`]), and the launch time
//! t − fly-out time is no earlier than the earliest launch. Infeasible is a result with a
//! reason, not an error.

use crate::earth::{Earth, Geodetic};
use crate::interceptor::{FLYOUT_EARTH_RADIUS_M, FlyoutTable};
use crate::roots::bisect_edge;
use crate::sector::Sector;
use crate::sensor::{SensorKind, Window, windows};
use crate::threat_path::ThreatPath;
use glam::DVec3;

/// A sensor of an architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchSensor {
    /// Identifier (for reports).
    pub id: String,
    /// What it is and where.
    pub kind: SensorKind,
    /// Track formation (radar) or report (space IR) delay after first detection (s).
    pub delay_s: f64,
    /// The command chain that runs it (an alliance, or a country in none), when it is not the
    /// architecture's own: a site of another side gets its track only after
    /// [`Assumptions::cross_side_delay_s`].
    pub side: Option<String>,
}

/// A site (or ship station) with interceptors.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Identifier.
    pub id: String,
    /// Launcher position.
    pub position: Geodetic,
    /// Index of its interceptor's fly-out table.
    pub table: usize,
    /// Interceptors on hand.
    pub inventory: u32,
    /// Indices of the sensors whose tracks it may fire on (its own and remote ones).
    pub sensors: Vec<usize>,
    /// Its command chain (its alliance in the architecture's year, or its country), when
    /// sensors of other sides may feed it; see [`ArchSensor::side`].
    pub side: Option<String>,
    /// Where it may intercept, under the architecture's sector rule (`None`: anywhere).
    pub sector: Option<std::sync::Arc<Sector>>,
}

/// Where a site's fire-control track comes from: the sensing assumption every answer names.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Sensing {
    /// The architecture's own linked radars.
    #[default]
    Own,
    /// The architecture's radars plus early-warning radars outside it. The caller adds those
    /// radars to the sensors and links them to every site; the engagement treats them as any
    /// linked radar.
    Cued,
    /// A perfect track at burnout + the track-after-burnout time, whatever any radar sees: an
    /// upper bound on capability (the kinematic question).
    KinematicBound,
}

impl Sensing {
    /// Every assumption, in the order reports show them.
    pub const ALL: [Sensing; 3] = [Sensing::Own, Sensing::Cued, Sensing::KinematicBound];

    /// The name used on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Sensing::Own => "own",
            Sensing::Cued => "cued",
            Sensing::KinematicBound => "kinematic-bound",
        }
    }

    /// The assumption of a name (as [`Sensing::name`] gives it).
    pub fn from_name(name: &str) -> Option<Sensing> {
        Sensing::ALL.into_iter().find(|s| s.name() == name)
    }

    /// One sentence saying what the assumption means.
    pub fn describe(self) -> &'static str {
        match self {
            Sensing::Own => {
                "own: fire-control tracks only from the architecture's own linked radars"
            }
            Sensing::Cued => {
                "cued: the architecture's radars plus early-warning radars outside it, linked to every site"
            }
            Sensing::KinematicBound => {
                "kinematic-bound: a perfect track at threat burnout plus the track-after-burnout time, whatever any radar sees — an upper bound on what sensors could give at the stated delays and interceptor figures, not a sensor"
            }
        }
    }
}

/// The kill-chain stage that sets a site's earliest launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Binding {
    /// The radar track comes after burnout + the track-after-burnout time.
    Track,
    /// The threat's burnout (plus the track-after-burnout time) comes after the radar track.
    Burnout,
}

impl Binding {
    /// A short, stable description (the `binding_constraint` of outputs).
    pub fn name(self) -> &'static str {
        match self {
            Binding::Track => "waiting for track",
            Binding::Burnout => "waiting for burnout",
        }
    }
}

/// Timing assumptions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assumptions {
    /// From fire-control solution to interceptor launch (s).
    pub decision_delay_s: f64,
    /// From one intercept to the next launch decision (kill assessment, s).
    pub kill_assessment_s: f64,
    /// Threat radar cross-section (m²).
    pub rcs_m2: f64,
    /// From the threat's burnout to the first fire-control (ballistic) solution (s).
    pub track_after_burnout_s: f64,
    /// Where the fire-control track comes from.
    pub sensing: Sensing,
    /// From a track of one side's radar to its use by another side's fire control: the data
    /// link and hand-off between command chains (s).
    pub cross_side_delay_s: f64,
}

/// Why a site cannot engage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Infeasible {
    /// The threat stays below the horizon (or elevation mask) of every radar it may fire on.
    BelowHorizon,
    /// Above the horizon, but outside every face's field of regard.
    OutsideFieldOfRegard,
    /// In view, but beyond every radar's detection range for the threat's RCS.
    BeyondRadarRange,
    /// Seen, but never long enough to form a track.
    NotDetected,
    /// No point of the path lies within its interceptor's reach.
    OutOfReach,
    /// Reachable points lie only below the lowest intercept altitude.
    TooLow,
    /// Reachable points would need a launch before the earliest launch (fire-control solution
    /// + decision delay).
    TooLate,
    /// Reachable points lie only outside the site's sector (the architecture's sector rule).
    OutsideSector,
    /// Tracked, but not after burnout + the track-after-burnout time: no ballistic state, so
    /// no fire-control solution.
    NoTrackAfterBurnout,
}

impl Infeasible {
    /// A short, stable description.
    pub fn reason(self) -> &'static str {
        match self {
            Infeasible::BelowHorizon => "below the horizon of every linked radar",
            Infeasible::OutsideFieldOfRegard => "outside every linked radar's field of regard",
            Infeasible::BeyondRadarRange => "beyond every linked radar's detection range",
            Infeasible::NotDetected => "seen too briefly to form a track",
            Infeasible::OutOfReach => "out of reach",
            Infeasible::TooLow => "reachable only below the lowest intercept altitude",
            Infeasible::TooLate => {
                "too late: reachable points need a launch before the kill chain's earliest launch"
            }
            Infeasible::OutsideSector => {
                "reachable only outside its side's sector (the architecture's sector rule)"
            }
            Infeasible::NoTrackAfterBurnout => {
                "tracked only before a fire-control solution exists (burnout + track-after-burnout)"
            }
        }
    }
}

/// One site's engagement of the threat.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Opportunity {
    /// Time of the earliest intercept (s since threat launch).
    pub intercept_s: f64,
    /// Interceptor launch time for it (s).
    pub launch_s: f64,
    /// Intercept point.
    pub intercept: Geodetic,
    /// Closing speed at intercept (m/s).
    pub closing_speed_m_s: f64,
    /// Latest feasible intercept (s).
    pub latest_intercept_s: f64,
    /// Every interval of feasible intercept times (s), earliest first: the reach can open,
    /// close and open again along a path.
    pub windows: Vec<(f64, f64)>,
    /// Shots that fit in shoot-look-shoot order (bounded by inventory).
    pub shots: u32,
}

/// A site's result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SiteResult {
    /// Site id.
    pub site: String,
    /// The sensor whose track the site fires on first (`kinematic-bound` under that
    /// assumption), if any.
    pub cue_sensor: Option<String>,
    /// That sensor's detection at the start of the tracking window used (s).
    pub first_detect_s: Option<f64>,
    /// That sensor's track (detection + track-formation delay, + the cross-side delay when the
    /// sensor belongs to another side, s).
    pub track_s: Option<f64>,
    /// The cross-side delay inside `track_s` (s): 0 when the cue sensor is the site's side's.
    pub cross_side_delay_s: f64,
    /// Fire-control solution: the later of the radar's track and burnout +
    /// track-after-burnout, plus the cross-side delay (s).
    pub fire_control_s: Option<f64>,
    /// Earliest launch: fire-control solution + decision delay (s).
    pub earliest_launch_s: Option<f64>,
    /// The stage that sets the earliest launch.
    pub binding: Option<Binding>,
    /// The last launch whose interceptor still reaches a point of the path in its altitude
    /// band (s), whatever the track; `None` when nothing is reachable.
    pub latest_launch_s: Option<f64>,
    /// The engagement, or why there is none.
    pub outcome: Result<Opportunity, Infeasible>,
    /// Time margin (s) = latest launch − earliest launch: how much later the site could still
    /// launch and intercept (≥ 0 when it can engage), or, negative, how much too late its
    /// fire-control solution comes for any point its interceptor reaches; `None` when nothing
    /// is reachable or tracked.
    pub margin_s: Option<f64>,
}

/// The full result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Engagement {
    /// The sensing assumption.
    pub sensing: Sensing,
    /// The threat's burnout (s since launch).
    pub burnout_s: f64,
    /// Space-based warning: the launch report (s), when a space-IR sensor sees the boost.
    pub warning_s: Option<f64>,
    /// Per sensor: its tracking windows.
    pub sensor_windows: Vec<(String, Vec<Window>)>,
    /// Per site.
    pub sites: Vec<SiteResult>,
}

/// Scan step along the threat path (s); boundaries are refined to 10 ms.
const SCAN_STEP_S: f64 = 1.0;

/// Engage one threat path with every site.
pub fn engage(
    earth: &Earth,
    path: &ThreatPath,
    sensors: &[ArchSensor],
    sites: &[Site],
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
) -> Engagement {
    let sensor_windows: Vec<(String, Vec<Window>)> = sensors
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                windows(earth, &s.kind, path, assumptions.rcs_m2),
            )
        })
        .collect();
    let scan = Scan::of(path);
    let results = sites
        .iter()
        .map(|site| {
            engage_site(
                earth,
                path,
                &scan,
                sensors,
                &sensor_windows,
                site,
                &tables[site.table],
                assumptions,
            )
        })
        .collect();
    let warning_s = sensors
        .iter()
        .zip(&sensor_windows)
        .filter(|(s, _)| matches!(s.kind, SensorKind::SpaceIr(_)))
        .filter_map(|(s, (_, w))| w.first().map(|w| w.start_s + s.delay_s))
        .reduce(f64::min);
    Engagement {
        sensing: assumptions.sensing,
        burnout_s: path.burnout_s(),
        warning_s,
        sensor_windows,
        sites: results,
    }
}

/// A site's fire-control solution: (cue sensor, detection, track, solution, binding stage,
/// cross-side delay inside the track).
type FireControl = (Option<usize>, Option<f64>, Option<f64>, f64, Binding, f64);

/// Whether any site may fire on a radar of another side (so that the cross-side delay bears on
/// the answer).
pub fn crosses_sides(sensors: &[ArchSensor], sites: &[Site]) -> bool {
    sites.iter().any(|site| {
        site.sensors.iter().any(|&k| {
            matches!(sensors[k].kind, SensorKind::Radar(_)) && other_side(&sensors[k], site)
        })
    })
}

/// Whether a sensor belongs to another command chain than a site (both sides stated).
fn other_side(sensor: &ArchSensor, site: &Site) -> bool {
    matches!((&sensor.side, &site.side), (Some(x), Some(y)) if x != y)
}

/// The delay before a site may use a sensor's track across command chains (0 on its own side
/// or when either side is unstated).
pub fn cross_side_delay_s(sensor: &ArchSensor, site: &Site, a: &Assumptions) -> f64 {
    if other_side(sensor, site) {
        a.cross_side_delay_s
    } else {
        0.0
    }
}

/// The earliest fire-control solution of a site over the radars it may fire on (space IR warns
/// but gives no fire control), or under the kinematic bound; `None` when no radar tracks the
/// threat after burnout + the track-after-burnout time.
fn fire_control(
    sensors: &[ArchSensor],
    sensor_windows: &[(String, Vec<Window>)],
    site: &Site,
    burnout_s: f64,
    a: &Assumptions,
) -> Option<FireControl> {
    let ballistic_s = burnout_s + a.track_after_burnout_s;
    if a.sensing == Sensing::KinematicBound {
        return Some((None, None, None, ballistic_s, Binding::Burnout, 0.0));
    }
    let mut best: Option<FireControl> = None;
    for &k in &site.sensors {
        if !matches!(sensors[k].kind, SensorKind::Radar(_)) {
            continue;
        }
        let link_s = cross_side_delay_s(&sensors[k], site, a);
        // The first window that holds the track until a ballistic solution exists. A track
        // handed across command chains reaches the site `link_s` after the radar has it: the
        // radar must still hold the threat at its own solution time, and the site's solution
        // comes the link's delay later.
        for w in &sensor_windows[k].1 {
            let radar_track_s = w.start_s + sensors[k].delay_s;
            let radar_solution_s = radar_track_s.max(ballistic_s);
            if radar_solution_s <= w.end_s {
                let (track_s, solution_s) = (radar_track_s + link_s, radar_solution_s + link_s);
                let binding = if ballistic_s >= radar_track_s {
                    Binding::Burnout
                } else {
                    Binding::Track
                };
                if best.is_none_or(|b| solution_s < b.3) {
                    best = Some((
                        Some(k),
                        Some(w.start_s),
                        Some(track_s),
                        solution_s,
                        binding,
                        link_s,
                    ));
                }
                break;
            }
        }
    }
    best
}

/// Site-relative ground range (m, on the fly-out sphere) and altitude (m) of a point.
fn relative(earth: &Earth, site_ecef_m: DVec3, p_ecef_m: DVec3) -> (f64, f64) {
    let psi = site_ecef_m.angle_between(p_ecef_m);
    (psi * FLYOUT_EARTH_RADIUS_M, earth.altitude_m(p_ecef_m))
}

/// The path at its scan times, shared by every site of an engagement: the position and (once
/// some site needs it) the geodetic altitude of each scan point. Every site scans the same
/// times, and the path lookup and the altitude are most of a scan's cost (profiled on the
/// demo's coverage: ~30 %), so they are computed once per engagement instead of once per site;
/// the numbers are the same as computing them where they are used.
struct Scan {
    times: Vec<f64>,
    positions: Vec<DVec3>,
    /// Altitude (m) per scan point; NaN until first asked for.
    altitudes: Vec<std::cell::Cell<f64>>,
}

impl Scan {
    fn of(path: &ThreatPath) -> Scan {
        let times = path.scan_times(SCAN_STEP_S);
        let positions = times.iter().map(|&t| path.position_at(t)).collect();
        let altitudes = vec![std::cell::Cell::new(f64::NAN); times.len()];
        Scan {
            times,
            positions,
            altitudes,
        }
    }

    fn altitude_m(&self, earth: &Earth, i: usize) -> f64 {
        let h = self.altitudes[i].get();
        if h.is_nan() {
            let h = earth.altitude_m(self.positions[i]);
            self.altitudes[i].set(h);
            h
        } else {
            h
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn engage_site(
    earth: &Earth,
    path: &ThreatPath,
    scan: &Scan,
    sensors: &[ArchSensor],
    sensor_windows: &[(String, Vec<Window>)],
    site: &Site,
    table: &FlyoutTable,
    a: &Assumptions,
) -> SiteResult {
    let burnout_s = path.burnout_s();
    let fc = fire_control(sensors, sensor_windows, site, burnout_s, a);
    // Without a fire-control solution nothing can launch; the path is still scanned, so that
    // the answer says whether the interceptor could reach it at all (then the tracking is what
    // fails) or not (out of reach, whatever the sensors).
    let earliest_launch_s = fc.map_or(f64::INFINITY, |f| f.3 + a.decision_delay_s);
    let interceptor = &table.interceptor;
    let site_ecef = earth.geodetic_to_ecef(Geodetic {
        alt_m: 0.0,
        ..site.position
    });
    // Classify a path time: Ok(launch time) if reachable in the altitude band.
    #[derive(Clone, Copy, PartialEq)]
    enum Point {
        Reach(f64),
        Low,
        Out,
        /// Reachable in the band, but outside the site's sector.
        OutsideSector,
    }
    // Beyond the table's ground range nothing is reachable, whatever the altitude: that test
    // first, since the altitude costs a geodetic conversion.
    // (As a cosine: the angle's arccosine is then taken only for points within reach.)
    let cos_limit = (table.range_limit_m() / FLYOUT_EARTH_RADIUS_M)
        .min(std::f64::consts::PI)
        .cos();
    let site_dir = site_ecef.normalize();
    // A point of the path at time t; its altitude only when the cheap range test passes.
    let classify_at = |t: f64, p: DVec3, altitude: &dyn Fn() -> f64| -> Point {
        if site_dir.dot(p) <= cos_limit * p.length() {
            return Point::Out;
        }
        let x = site_ecef.angle_between(p) * FLYOUT_EARTH_RADIUS_M;
        let h = altitude();
        if h > interceptor.max_intercept_alt_m {
            return Point::Out;
        }
        match table.reach(x, h) {
            Some(r) if r.time_s <= interceptor.max_flyout_s => {
                if h < interceptor.min_intercept_alt_m {
                    Point::Low
                } else if site.sector.as_ref().is_some_and(|sector| {
                    let g = earth.ecef_to_geodetic(p);
                    !sector.allows(g.lon_rad.to_degrees(), g.lat_rad.to_degrees())
                }) {
                    Point::OutsideSector
                } else {
                    Point::Reach(t - r.time_s)
                }
            }
            _ => Point::Out,
        }
    };
    let classify = |t: f64| -> Point {
        let p = path.position_at(t);
        classify_at(t, p, &|| earth.altitude_m(p))
    };
    // The same at the i-th scan point, from the engagement's shared scan.
    let classify_scan = |i: usize| -> Point {
        classify_at(scan.times[i], scan.positions[i], &|| {
            scan.altitude_m(earth, i)
        })
    };
    let feasible_from = |t: f64, earliest_launch: f64| -> bool {
        matches!(classify(t), Point::Reach(l) if l >= earliest_launch)
    };
    let times = &scan.times;
    let (mut any_reach, mut any_low, mut any_outside) = (false, false, false);
    let mut latest_launch_s: Option<f64> = None;
    let mut latest_at: Option<usize> = None;
    // Runs of consecutive feasible scan points (index ranges).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for i in 0..times.len() {
        match classify_scan(i) {
            Point::Reach(launch) => {
                any_reach = true;
                if latest_launch_s.is_none_or(|m| launch > m) {
                    (latest_launch_s, latest_at) = (Some(launch), Some(i));
                }
                if launch >= earliest_launch_s {
                    match runs.last_mut() {
                        Some(run) if run.1 + 1 == i => run.1 = i,
                        _ => runs.push((i, i)),
                    }
                }
            }
            Point::Low => any_low = true,
            Point::OutsideSector => any_outside = true,
            Point::Out => {}
        }
    }
    // The latest launch is the greatest t − fly-out time(t) over the reachable path: refined
    // from the best scan point by golden-section search over its neighbouring intervals (the
    // scan alone resolves it to the 1 s grid).
    if let Some(i) = latest_at {
        let launch_at = |t: f64| match classify(t) {
            Point::Reach(l) => l,
            _ => f64::NEG_INFINITY,
        };
        let (mut lo, mut hi) = (
            times[i.saturating_sub(1)],
            times[(i + 1).min(times.len() - 1)],
        );
        const INV_PHI: f64 = 0.618_033_988_749_894_8;
        let (mut x1, mut x2) = (hi - INV_PHI * (hi - lo), lo + INV_PHI * (hi - lo));
        let (mut f1, mut f2) = (launch_at(x1), launch_at(x2));
        while hi - lo > 1e-2 {
            if f1 < f2 {
                lo = x1;
                (x1, f1) = (x2, f2);
                x2 = lo + INV_PHI * (hi - lo);
                f2 = launch_at(x2);
            } else {
                hi = x2;
                (x2, f2) = (x1, f1);
                x1 = hi - INV_PHI * (hi - lo);
                f1 = launch_at(x1);
            }
        }
        latest_launch_s = latest_launch_s.map(|l| l.max(f1).max(f2));
    }
    // A run's edges, refined between scan points to 10 ms.
    let feasible = |t: f64| feasible_from(t, earliest_launch_s);
    let refine = |(i, j): (usize, usize)| -> (f64, f64) {
        let start = if i > 0 {
            bisect_edge(feasible, times[i - 1], times[i], 1e-2, true)
        } else {
            times[i]
        };
        let end = if j + 1 < times.len() {
            bisect_edge(feasible, times[j], times[j + 1], 1e-2, true)
        } else {
            times[j]
        };
        (start, end)
    };
    let windows: Vec<(f64, f64)> = runs.iter().map(|&r| refine(r)).collect();
    let outcome = match (windows.first(), windows.last()) {
        (Some(&(earliest, _)), Some(&(_, latest))) => {
            // Shoot-look-shoot: each next shot launches after the previous intercept plus the
            // kill assessment, and must still find a feasible intercept before `latest`.
            let mut shots = 1;
            let mut last_intercept = earliest;
            while shots < site.inventory {
                let ready = last_intercept + a.kill_assessment_s;
                let next = (0..times.len()).find(|&k| {
                    let t = times[k];
                    t > last_intercept
                        && t <= latest
                        && matches!(classify_scan(k), Point::Reach(l) if l >= ready)
                });
                match next {
                    Some(k) => {
                        shots += 1;
                        last_intercept = times[k];
                    }
                    None => break,
                }
            }
            let (p, v_threat) = path.state_at(earliest);
            let launch_s = match classify(earliest) {
                Point::Reach(l) => l,
                _ => earliest,
            };
            let (x, h) = relative(earth, site_ecef, p);
            let closing_speed_m_s = table.reach(x, h).map_or(f64::NAN, |r| {
                let up = p.normalize();
                let away = (p - site_ecef) - (p - site_ecef).dot(up) * up;
                let away = if away.length() > 1.0 {
                    away.normalize()
                } else {
                    DVec3::ZERO
                };
                let v_int = r.speed_m_s * (r.gamma_rad.cos() * away + r.gamma_rad.sin() * up);
                (v_threat - v_int).length()
            });
            Ok(Opportunity {
                intercept_s: earliest,
                launch_s,
                intercept: earth.ecef_to_geodetic(p),
                closing_speed_m_s,
                latest_intercept_s: latest,
                windows: windows.clone(),
                shots,
            })
        }
        _ if !any_reach && any_outside => Err(Infeasible::OutsideSector),
        _ if !any_reach && any_low => Err(Infeasible::TooLow),
        _ if !any_reach => Err(Infeasible::OutOfReach),
        _ if fc.is_some() => Err(Infeasible::TooLate),
        // Reachable, but no fire-control solution: say why the tracking fails.
        _ => Err(why_no_solution(
            earth,
            path,
            sensors,
            sensor_windows,
            site,
            a.rcs_m2,
        )),
    };
    let Some((cue, first_detect_s, track_s, fire_control_s, binding, link_s)) = fc else {
        return SiteResult {
            site: site.id.clone(),
            cue_sensor: None,
            first_detect_s: None,
            track_s: None,
            cross_side_delay_s: 0.0,
            fire_control_s: None,
            earliest_launch_s: None,
            binding: None,
            latest_launch_s,
            outcome,
            margin_s: None,
        };
    };
    SiteResult {
        site: site.id.clone(),
        cue_sensor: Some(match cue {
            Some(k) => sensors[k].id.clone(),
            None => Sensing::KinematicBound.name().to_string(),
        }),
        first_detect_s,
        track_s,
        cross_side_delay_s: link_s,
        fire_control_s: Some(fire_control_s),
        earliest_launch_s: Some(earliest_launch_s),
        binding: Some(binding),
        latest_launch_s,
        outcome,
        margin_s: latest_launch_s.map(|l| l - earliest_launch_s),
    }
}

/// Why a site whose interceptor could reach the threat has no fire-control solution: a linked
/// radar formed a track, but none holds it past burnout + track-after-burnout;
/// or radars saw the threat but never long enough to form a track; or the closest any radar
/// comes to seeing it ([`why_no_track`]).
fn why_no_solution(
    earth: &Earth,
    path: &ThreatPath,
    sensors: &[ArchSensor],
    sensor_windows: &[(String, Vec<Window>)],
    site: &Site,
    rcs_m2: f64,
) -> Infeasible {
    let radar_windows = site
        .sensors
        .iter()
        .filter(|&&k| matches!(sensors[k].kind, SensorKind::Radar(_)))
        .flat_map(|&k| sensor_windows[k].1.iter().map(move |w| (k, w)));
    let (mut seen, mut tracked) = (false, false);
    for (k, w) in radar_windows {
        seen = true;
        tracked |= w.start_s + sensors[k].delay_s <= w.end_s;
    }
    match (seen, tracked) {
        // Tracked, but only before the ballistic solution could exist.
        (_, true) => Infeasible::NoTrackAfterBurnout,
        (true, _) => Infeasible::NotDetected,
        _ => why_no_track(earth, path, sensors, site, rcs_m2),
    }
}

/// Why no radar a site may fire on forms a track: the closest any of them comes to seeing the
/// threat along its path (in view but out of range beats outside the field of regard, which
/// beats below the horizon).
fn why_no_track(
    earth: &Earth,
    path: &ThreatPath,
    sensors: &[ArchSensor],
    site: &Site,
    rcs_m2: f64,
) -> Infeasible {
    use crate::sensor::Visibility;
    let rank = |v: Visibility| match v {
        Visibility::BelowHorizon => 0,
        Visibility::OutsideFieldOfRegard => 1,
        Visibility::OutOfRange => 2,
        Visibility::Visible => 3,
    };
    let times = path.scan_times(SCAN_STEP_S);
    let mut best = 0;
    for &k in &site.sensors {
        if let SensorKind::Radar(r) = &sensors[k].kind {
            let g = crate::sensor::RadarGeometry::of(earth, r);
            let detection_range_m = r.detection_range_m(rcs_m2);
            for &t in &times {
                let v = r.visibility_from(earth, &g, path.position_at(t), detection_range_m);
                best = best.max(rank(v));
            }
        }
    }
    match best {
        0 => Infeasible::BelowHorizon,
        1 => Infeasible::OutsideFieldOfRegard,
        2 => Infeasible::BeyondRadarRange,
        _ => Infeasible::NotDetected,
    }
}
