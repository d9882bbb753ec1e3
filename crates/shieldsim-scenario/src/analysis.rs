//! Analyses shared by the command line and scenario runs: one place that turns a catalog threat
//! and a resolved architecture into an engagement.

use crate::catalog::Catalog;
use crate::defence::ResolvedArchitecture;
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::engagement::{ArchSensor, Assumptions, Engagement, Site, engage};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_core::missile::{self, MissileError, MissileFlight, Shape};
use shieldsim_core::threat_family::{FamilyGrid, FamilyPath, ThreatFamily};
use shieldsim_core::threat_path::ThreatPath;

/// Sample step of the threat path given to sensors and engagement (s).
pub const PATH_STEP_S: f64 = 2.0;

/// The fly-out tables of an architecture's interceptors, in `Site::table` order.
///
/// Each comes from [`crate::table_cache`]: built once per process (and once per machine when a
/// disk cache is set), the same bits either way.
pub fn tables(arch: &ResolvedArchitecture) -> Result<Vec<FlyoutTable>, String> {
    arch.interceptors
        .iter()
        .map(|(_, i)| crate::table_cache::table(i))
        .collect()
}

/// Fly a catalog missile minimum-energy along `route` (launch, target): the flight sampled
/// every [`PATH_STEP_S`] and its threat path.
pub fn threat_path(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    (launch, target): (Geodetic, Geodetic),
) -> Result<(MissileFlight, ThreatPath), EngageError> {
    let entry = catalog.missile(missile_id).map_err(EngageError::Input)?;
    vehicle_path(earth, &catalog.vehicle(entry), (launch, target))
}

/// [`threat_path`] for a vehicle given whole (a catalog missile with some figures changed, as
/// the uncertainty study flies them).
pub fn vehicle_path(
    earth: &Earth,
    vehicle: &shieldsim_core::missile::Vehicle,
    (launch, target): (Geodetic, Geodetic),
) -> Result<(MissileFlight, ThreatPath), EngageError> {
    let solution = missile::solve(earth, vehicle, launch, target, Shape::MinEnergy, None)?;
    let flight = missile::fly(
        earth,
        vehicle,
        launch,
        &solution.steering,
        Some(PATH_STEP_S),
    )?;
    let path = ThreatPath::from_flight(&flight)
        .ok_or_else(|| EngageError::Internal("threat path has too few samples".into()))?;
    Ok((flight, path))
}

/// Fly a catalog missile minimum-energy along `route` (launch, target) and engage it.
pub fn engage_threat(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    route: (Geodetic, Geodetic),
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
) -> Result<(MissileFlight, Engagement), EngageError> {
    let (flight, path) = threat_path(earth, catalog, missile_id, route)?;
    let e = engage(
        earth,
        &path,
        &arch.sensors,
        &arch.sites,
        tables,
        assumptions,
    );
    Ok((flight, e))
}

/// Why an engagement could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum EngageError {
    /// Bad input (unknown id).
    Input(String),
    /// The threat cannot fly that trajectory (out of range, …): also bad input.
    Missile(MissileError),
    /// A defect.
    Internal(String),
}

impl From<MissileError> for EngageError {
    fn from(e: MissileError) -> Self {
        EngageError::Missile(e)
    }
}

impl std::fmt::Display for EngageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngageError::Input(s) | EngageError::Internal(s) => f.write_str(s),
            EngageError::Missile(e) => write!(f, "{e}"),
        }
    }
}

/// A regular latitude–longitude grid of aim points: rows `spacing_km` apart along the
/// meridian, columns `spacing_km` apart along the parallel at the region's middle latitude.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GridSpec {
    /// Southern edge (deg).
    pub lat_min_deg: f64,
    /// Northern edge (deg).
    pub lat_max_deg: f64,
    /// Western edge (deg).
    pub lon_min_deg: f64,
    /// Eastern edge (deg).
    pub lon_max_deg: f64,
    /// Node spacing (km).
    pub spacing_km: f64,
}

/// What an aim point of a footprint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    /// The missile cannot be aimed there from the launch point (out of range, too close).
    Unreachable,
    /// Some site (or the chosen one) can engage the threat aimed there.
    Defended,
    /// No site can.
    Undefended,
    /// The missile can reach it, but it was not evaluated: no grid cell it is a corner of
    /// holds any of the coverage region's land or places ([`footprint_masked`]), so whether it
    /// is defended changes no share of the region.
    Skipped,
}

/// A footprint: the status of every aim point of a grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Footprint {
    /// The grid.
    pub grid: GridSpec,
    /// Columns (longitudes).
    pub nx: usize,
    /// Rows (latitudes).
    pub ny: usize,
    /// Longitude step (deg).
    pub lon_step_deg: f64,
    /// Latitude step (deg).
    pub lat_step_deg: f64,
    /// Row-major (south to north, west to east).
    pub cells: Vec<Cell>,
}

impl GridSpec {
    /// Steps (deg) and node counts: (lon step, lat step, nx, ny).
    pub fn layout(&self) -> (f64, f64, usize, usize) {
        // Degrees per km on the WGS84 mean radius; the grid is a plotting and contouring grid,
        // not a geodesic measurement, so the sphere suffices for its spacing.
        let km_per_deg = 6_371.008_8 * std::f64::consts::PI / 180.0;
        let lat_step = self.spacing_km / km_per_deg;
        let mid = 0.5 * (self.lat_min_deg + self.lat_max_deg);
        let lon_step = self.spacing_km / (km_per_deg * mid.to_radians().cos());
        // Nodes from the south-west corner until the last one's half step (the part of the
        // map it stands for: footprints are drawn half-way between nodes) reaches the far
        // edge: one node past the edge when the edge lies more than half a step beyond the
        // last node inside it, so that no land of the box is left out of every footprint.
        // (Never a row past the pole: a box reaching 90° N keeps its last row inside it.)
        let count = |span: f64, step: f64| (span / step - 0.5).ceil().max(0.0) as usize + 1;
        let mut ny = count(self.lat_max_deg - self.lat_min_deg, lat_step);
        if ny > 1 && self.lat_min_deg + (ny - 1) as f64 * lat_step > 90.0 {
            ny -= 1;
        }
        let nx = count(self.lon_max_deg - self.lon_min_deg, lon_step);
        (lon_step, lat_step, nx, ny)
    }

    /// Every node, row by row from the south-west.
    pub fn nodes(&self) -> Vec<Geodetic> {
        let (_, _, nx, ny) = self.layout();
        (0..nx * ny).map(|k| self.node(k % nx, k / nx)).collect()
    }

    /// The node at column `i`, row `j`.
    pub fn node(&self, i: usize, j: usize) -> Geodetic {
        let (lon_step, lat_step, _, _) = self.layout();
        Geodetic::from_deg_km(
            self.lat_min_deg + j as f64 * lat_step,
            self.lon_min_deg + i as f64 * lon_step,
            0.0,
        )
    }
}

/// How a footprint obtains each aim point's trajectory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FootprintMethod {
    /// Interpolated from a [`ThreatFamily`] of exact solves (the default: its error against
    /// exact solves is measured in VALIDATION.md); aim points the family cannot serve are solved
    /// exactly.
    Family(FamilyGrid),
    /// A full steering solve per aim point (reference; minutes rather than a second).
    Exact,
}

impl Default for FootprintMethod {
    fn default() -> Self {
        FootprintMethod::Family(FamilyGrid::default())
    }
}

/// The sensors and sites that engage: the whole architecture's, or, for one `site`, the site
/// alone with the sensors it fires on, indices remapped. (Space IR gives no fire-control track
/// under any sensing assumption, so it is not needed for one site's answer.)
pub fn engaging(
    arch: &ResolvedArchitecture,
    site: Option<&str>,
) -> Result<(Vec<ArchSensor>, Vec<Site>), String> {
    let Some(site) = site else {
        return Ok((arch.sensors.clone(), arch.sites.clone()));
    };
    let s = arch
        .sites
        .iter()
        .find(|s| s.id == site)
        .ok_or_else(|| format!("no site `{site}` in {}", arch.entry.id))?;
    let keep: Vec<usize> = (0..arch.sensors.len())
        .filter(|k| s.sensors.contains(k))
        .collect();
    let sensors = keep.iter().map(|&k| arch.sensors[k].clone()).collect();
    let site = Site {
        sensors: s
            .sensors
            .iter()
            .filter_map(|k| keep.iter().position(|x| x == k))
            .collect(),
        ..s.clone()
    };
    Ok((sensors, vec![site]))
}

/// The footprint of an architecture (or of one of its sites, `site`) against a catalog missile
/// launched from `launch`: every aim point of the grid flown minimum-energy and engaged. Runs
/// in parallel (rayon); the result does not depend on the thread count, nor does the error:
/// that of the first failing aim point in grid order. `progress` is called
/// with (aim points done, total) as the work advances (for a progress bar).
#[allow(clippy::too_many_arguments)]
pub fn footprint(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    launch: Geodetic,
    grid: GridSpec,
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
    site: Option<&str>,
    method: FootprintMethod,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Footprint, EngageError> {
    let entry = catalog.missile(missile_id).map_err(EngageError::Input)?;
    let vehicle = catalog.vehicle(entry);
    let (sensors, sites) = engaging(arch, site).map_err(EngageError::Input)?;
    let family = match method {
        FootprintMethod::Family(g) => Some(ThreatFamily::build(
            earth,
            &vehicle,
            launch,
            &grid.nodes(),
            g,
        )?),
        FootprintMethod::Exact => None,
    };
    footprint_with(
        earth,
        catalog,
        missile_id,
        launch,
        grid,
        family.as_ref(),
        (&sensors, &sites),
        tables,
        assumptions,
        progress,
    )
}

/// A footprint with a family already built (shared by several architectures' footprints of the
/// same threat and launch point), or an exact solve per aim point when `family` is None;
/// `sensors` and `sites` as in [`Site`].
#[allow(clippy::too_many_arguments)]
pub fn footprint_with(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    launch: Geodetic,
    grid: GridSpec,
    family: Option<&ThreatFamily>,
    (sensors, sites): (&[ArchSensor], &[Site]),
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Footprint, EngageError> {
    footprint_masked(
        earth,
        catalog,
        missile_id,
        launch,
        grid,
        family,
        (sensors, sites),
        tables,
        assumptions,
        None,
        progress,
    )
}

/// [`footprint_with`], engaging only the aim points `evaluate` marks (row-major, as the grid's
/// nodes; all when `None`): the others are [`Cell::Unreachable`] or [`Cell::Skipped`], by the
/// threat's reach alone.
#[allow(clippy::too_many_arguments)]
pub fn footprint_masked(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    launch: Geodetic,
    grid: GridSpec,
    family: Option<&ThreatFamily>,
    engaging: (&[ArchSensor], &[Site]),
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
    evaluate: Option<&[bool]>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Footprint, EngageError> {
    let (_, _, nx, ny) = grid.layout();
    let all: Vec<usize> = (0..nx * ny).collect();
    let cells = footprint_cells(
        earth,
        catalog,
        missile_id,
        launch,
        grid,
        family,
        engaging,
        tables,
        assumptions,
        evaluate,
        &all,
        progress,
    )?;
    Ok(Footprint::of_cells(grid, cells))
}

/// The cells of the aim points `indices` (row-major indices of the grid's nodes) of
/// [`footprint_masked`], in the order given: each aim point's cell depends on that aim point
/// alone (and the family, built from the whole grid), so a footprint computed in pieces (the
/// work units of a sharded study) is the footprint computed whole. `progress` hears (done,
/// `indices.len()`).
#[allow(clippy::too_many_arguments)]
pub fn footprint_cells(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    launch: Geodetic,
    grid: GridSpec,
    family: Option<&ThreatFamily>,
    (sensors, sites): (&[ArchSensor], &[Site]),
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
    evaluate: Option<&[bool]>,
    indices: &[usize],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Cell>, EngageError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    let total = indices.len();
    let classify = |path: &ThreatPath| {
        let e = engage(earth, path, sensors, sites, tables, assumptions);
        if e.sites.iter().any(|s| s.outcome.is_ok()) {
            Cell::Defended
        } else {
            Cell::Undefended
        }
    };
    let nx = grid.layout().2;
    try_par_map(indices, |&k| {
        // As GridSpec::nodes numbers them.
        let aim = grid.node(k % nx, k / nx);
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        let skip = evaluate.is_some_and(|e| !e.get(k).copied().unwrap_or(true));
        let classify = |p: &ThreatPath| if skip { Cell::Skipped } else { classify(p) };
        if let Some(f) = family {
            match f.path_to(earth, aim) {
                FamilyPath::Path(p) => return Ok(classify(&p)),
                FamilyPath::Unreachable => return Ok(Cell::Unreachable),
                FamilyPath::NeedsExact => {}
            }
        }
        match threat_path(earth, catalog, missile_id, (launch, aim)) {
            Ok((_, p)) => Ok(classify(&p)),
            Err(EngageError::Missile(
                MissileError::OutOfRange { .. } | MissileError::TooClose { .. },
            )) => Ok(Cell::Unreachable),
            Err(e) => Err(e),
        }
    })
}

impl Footprint {
    /// The footprint of `grid` with its cells (row-major, every node's).
    pub fn of_cells(grid: GridSpec, cells: Vec<Cell>) -> Footprint {
        let (lon_step_deg, lat_step_deg, nx, ny) = grid.layout();
        Footprint {
            grid,
            nx,
            ny,
            lon_step_deg,
            lat_step_deg,
            cells,
        }
    }
}

/// `f` of every item, in parallel (rayon), in order; or the error of the first item that fails
/// in that order, whatever the thread count. (Rayon's own collect into a `Result` returns
/// whichever failure a thread reached first, a different one from run to run: issue 17.)
/// Every item is computed before the first error is taken; errors are rare, and cost the
/// time the run would have taken.
pub fn try_par_map<T: Sync, U: Send, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<U, E> + Sync + Send,
) -> Result<Vec<U>, E> {
    use rayon::prelude::*;
    items
        .par_iter()
        .map(f)
        .collect::<Vec<Result<U, E>>>()
        .into_iter()
        .collect()
}

impl Footprint {
    /// The defended area as polygons in (longitude, latitude) degrees: marching squares on the
    /// grid (the `contour` crate) at the level halfway between defended (1) and not (0), so each
    /// border runs between a defended and an undefended node. Exterior rings are
    /// counter-clockwise and holes clockwise (RFC 7946 §3.1.6).
    pub fn polygons(&self) -> Vec<Vec<Vec<[f64; 2]>>> {
        self.polygons_where(|c| c == Cell::Defended)
    }

    /// The area the threat can reach from its launch point (defended or not), as polygons.
    pub fn reachable_polygons(&self) -> Vec<Vec<Vec<[f64; 2]>>> {
        self.polygons_where(|c| c != Cell::Unreachable)
    }

    fn polygons_where(&self, inside: impl Fn(Cell) -> bool) -> Vec<Vec<Vec<[f64; 2]>>> {
        let values: Vec<f64> = self
            .cells
            .iter()
            .map(|c| if inside(*c) { 1.0 } else { 0.0 })
            .collect();
        // `contour` places value (i, j) at the centre of pixel [i, i+1] × [j, j+1], i.e. at
        // (i + ½, j + ½) in its own frame (d3-contour's convention), so the origin is half a
        // step south-west of the first aim point: node (i, j) then lands on its own longitude
        // and latitude. (Until 2026-12-01 the origin was the first aim point itself, which drew
        // every footprint half a grid step north-east of its aim points.)
        let builder = contour::ContourBuilder::new(self.nx, self.ny, false)
            .x_origin(self.grid.lon_min_deg - 0.5 * self.lon_step_deg)
            .y_origin(self.grid.lat_min_deg - 0.5 * self.lat_step_deg)
            .x_step(self.lon_step_deg)
            .y_step(self.lat_step_deg);
        // The rings of marching squares (`lines`: the same rings `contours` builds its polygons
        // from), nested here rather than by `contours`: contour 0.13 puts each hole in the first
        // polygon whose exterior does not exclude the hole's first vertex off its boundary, and
        // drops a hole that no exterior takes, which changed a footprint's shares (issue 15's
        // CSTO mask test: 0.03298 against 0.03290).
        let Ok(lines) = builder.lines(&values, &[0.5]) else {
            return Vec::new();
        };
        let rings = lines
            .iter()
            .flat_map(|l| l.geometry().0.iter())
            .map(|r| r.0.iter().map(|p| [p.x, p.y]).collect());
        nest_rings(rings)
    }

    /// Whether a point (deg) lies inside the defended polygons (even–odd over all rings).
    pub fn contains(&self, lon_deg: f64, lat_deg: f64) -> bool {
        crate::geo::contains(&self.polygons(), lon_deg, lat_deg)
    }
}

/// Polygons from the closed rings of marching squares on a 0/1 field (non-crossing; two rings
/// may share a vertex at a saddle, never an edge): a clockwise ring (in lon, lat) bounds a
/// defended region from outside, a counter-clockwise one an undefended region inside it (the
/// `contour` crate's convention). Each hole goes to the smallest exterior that contains the
/// midpoint of its first edge (not on any other ring: edges are not shared), i.e. its
/// immediate parent however deeply regions nest; rings of zero area bound nothing and are left
/// out. Exterior rings come out counter-clockwise and holes clockwise (RFC 7946 §3.1.6), in
/// the order of the exteriors.
fn nest_rings(rings: impl Iterator<Item = Vec<[f64; 2]>>) -> Vec<Vec<Vec<[f64; 2]>>> {
    let (mut exteriors, mut holes) = (Vec::new(), Vec::new());
    for mut ring in rings {
        // Closed (the first point repeated last), as GeoJSON rings and the tests below need.
        if let (Some(&first), Some(&last)) = (ring.first(), ring.last())
            && first != last
        {
            ring.push(first);
        }
        let a2 = signed_area2(&ring);
        if a2 < 0.0 {
            exteriors.push((a2.abs(), bounds(&ring), ring));
        } else if a2 > 0.0 && ring.len() >= 2 {
            holes.push(ring);
        }
    }
    let mut out: Vec<Vec<Vec<[f64; 2]>>> = exteriors
        .iter()
        .map(|(_, _, r)| vec![wound(r.clone(), true)])
        .collect();
    for hole in holes {
        let m = [
            0.5 * (hole[0][0] + hole[1][0]),
            0.5 * (hole[0][1] + hole[1][1]),
        ];
        let parent = exteriors
            .iter()
            .enumerate()
            .filter(|(_, (_, b, r))| {
                m[0] >= b[0] && m[0] <= b[1] && m[1] >= b[2] && m[1] <= b[3] && ring_contains(r, m)
            })
            .min_by(|x, y| x.1.0.total_cmp(&y.1.0))
            .map(|(k, _)| k);
        // Every hole of a 0/1 field's rings lies inside some exterior (the grid's outside counts
        // as undefended, so a defended region is closed by an exterior ring).
        if let Some(k) = parent {
            out[k].push(wound(hole, false));
        }
    }
    out
}

/// A ring's bounding box: [lon min, lon max, lat min, lat max].
fn bounds(ring: &[[f64; 2]]) -> [f64; 4] {
    ring.iter().fold(
        [
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].max(p[0]),
                b[2].min(p[1]),
                b[3].max(p[1]),
            ]
        },
    )
}

/// Whether point `p` ([lon, lat]) is inside the closed ring ([`crate::geo::ring_contains`]).
fn ring_contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    crate::geo::ring_contains(ring, p[0], p[1])
}

/// Twice the signed area of a closed ring (positive: counter-clockwise).
fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

/// The ring wound counter-clockwise (`ccw`) or clockwise.
fn wound(mut ring: Vec<[f64; 2]>, ccw: bool) -> Vec<[f64; 2]> {
    if (signed_area2(&ring) > 0.0) != ccw {
        ring.reverse();
    }
    ring
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 17: with several failures, the error reported is that of the lowest index, on
    /// any number of threads and however the work is scheduled.
    #[test]
    fn regress_issue_17_the_first_failure_in_order_is_reported() {
        let items: Vec<u64> = (0..400).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(8)
            .build()
            .expect("pool");
        for round in 0..20u64 {
            let got = pool.install(|| {
                try_par_map(&items, |&i| {
                    // Later items finish first, so an unordered collect would see them first.
                    std::thread::sleep(std::time::Duration::from_micros((400 - i) * 3 + round));
                    if i % 97 == 41 { Err(i) } else { Ok(i * 2) }
                })
            });
            assert_eq!(got, Err(41), "round {round}");
        }
        assert_eq!(
            try_par_map(&items[..5], |&i| Ok::<_, ()>(i + 1)),
            Ok(vec![1, 2, 3, 4, 5])
        );
    }
}

#[cfg(test)]
mod polygon_frame {
    use super::*;

    fn grid() -> GridSpec {
        GridSpec {
            lat_min_deg: 40.0,
            lat_max_deg: 52.0,
            lon_min_deg: 10.0,
            lon_max_deg: 26.0,
            spacing_km: 100.0,
        }
    }

    /// One defended aim point in the middle of a grid: its polygon is the diamond through the
    /// midpoints to its four neighbours, centred on the aim point itself. (Until 2026-12-01
    /// every footprint was drawn half a grid step north-east of its aim points.)
    #[test]
    fn regress_a_lone_defended_aim_point_is_drawn_on_itself() {
        let grid = grid();
        let (lon_step, lat_step, nx, ny) = grid.layout();
        let mut cells = vec![Cell::Undefended; nx * ny];
        let (i, j) = (nx / 2, ny / 2);
        cells[j * nx + i] = Cell::Defended;
        let polys = Footprint::of_cells(grid, cells).polygons();
        assert_eq!(polys.len(), 1);
        assert_eq!(polys[0].len(), 1, "no hole");
        let ring = &polys[0][0];
        let node = grid.node(i, j);
        let (lon, lat) = (node.lon_deg(), node.lat_deg());
        let mut expected = vec![
            [lon + 0.5 * lon_step, lat],
            [lon, lat + 0.5 * lat_step],
            [lon - 0.5 * lon_step, lat],
            [lon, lat - 0.5 * lat_step],
        ];
        let mut got: Vec<[f64; 2]> = ring[..ring.len() - 1].to_vec();
        let key = |p: &[f64; 2]| {
            (p[0] * 1e6).round() as i64 * 1_000_000_000 + (p[1] * 1e6).round() as i64
        };
        got.sort_by_key(key);
        expected.sort_by_key(key);
        for (g, e) in got.iter().zip(&expected) {
            assert!(
                (g[0] - e[0]).abs() < 1e-9 && (g[1] - e[1]).abs() < 1e-9,
                "{got:?} against {expected:?}"
            );
        }
        assert_eq!(got.len(), 4);
    }

    /// Every spacing's grid reaches its box's far edges with the half step its last aim point
    /// stands for, and has no aim point beyond that: no land of the box is left out of every
    /// footprint. (Until 2026-12-01 the last aim point could lie up to a whole step inside the
    /// edge; with footprints drawn half-way between aim points, e.g. eastern Turkey east of
    /// 44.2° E was in no footprint at 120 km.)
    #[test]
    fn a_grid_covers_its_box() {
        // A box to the pole: no aim point past 90° N (10 km over the globe needs one more row
        // by the half-step rule, which would lie at 90.04° N).
        let globe = GridSpec {
            lat_min_deg: -90.0,
            lat_max_deg: 90.0,
            lon_min_deg: -180.0,
            lon_max_deg: 180.0,
            spacing_km: 10.0,
        };
        let (_, _, gx, gy) = globe.layout();
        assert!(globe.node(0, gy - 1).lat_deg() <= 90.0);
        assert_eq!((gx, gy), (4004, 2002));
        for spacing_km in [37.0, 50.0, 100.0, 120.0, 150.0, 390.0, 470.0, 1000.0] {
            let g = GridSpec {
                lat_min_deg: 34.0,
                lat_max_deg: 72.0,
                lon_min_deg: -32.0,
                lon_max_deg: 45.0,
                spacing_km,
            };
            let (lon_step, lat_step, nx, ny) = g.layout();
            let last = g.node(nx - 1, ny - 1);
            for (edge, node, step) in [
                (g.lon_max_deg, last.lon_deg(), lon_step),
                (g.lat_max_deg, last.lat_deg(), lat_step),
            ] {
                assert!(
                    node + 0.5 * step >= edge - 1e-9,
                    "{spacing_km} km: {node} + ½·{step} < {edge}"
                );
                assert!(
                    node - 0.5 * step < edge,
                    "{spacing_km} km: a node beyond the edge's half step"
                );
            }
        }
    }

    /// Rings nested four deep (a defended band around an undefended ring around a defended
    /// island around an undefended lake): the lake belongs to the island, not to the band
    /// whose exterior also contains it.
    #[test]
    fn a_lake_in_an_island_in_a_lake_belongs_to_the_island() {
        let grid = grid();
        let (_, _, nx, ny) = grid.layout();
        let (ci, cj) = (nx as i64 / 2, ny as i64 / 2);
        let cells: Vec<Cell> = (0..nx * ny)
            .map(|k| {
                let d = (k as i64 % nx as i64 - ci)
                    .abs()
                    .max((k as i64 / nx as i64 - cj).abs());
                if matches!(d, 1 | 3 | 4) {
                    Cell::Defended
                } else {
                    Cell::Undefended
                }
            })
            .collect();
        let mut polys = Footprint::of_cells(grid, cells).polygons();
        assert_eq!(polys.len(), 2, "the band and the island");
        polys.sort_by(|a, b| signed_area2(&a[0]).total_cmp(&signed_area2(&b[0])));
        let (island, band) = (&polys[0], &polys[1]);
        assert_eq!((island.len(), band.len()), (2, 2), "one hole each");
        let centre = grid.node(ci as usize, cj as usize);
        let at_centre =
            |ring: &[[f64; 2]]| ring_contains(ring, [centre.lon_deg(), centre.lat_deg()]);
        assert!(at_centre(&island[1]), "the lake is the island's hole");
        assert!(
            ring_contains(&band[1], [island[0][0][0], island[0][0][1]]),
            "the island lies in the band's hole"
        );
    }

    /// On a pseudo-random field with islands, lakes and islands in lakes, every defended aim
    /// point lies inside the defended polygons and every other outside (even–odd over the
    /// rings), each hole sits in the exterior around it, and exteriors wind counter-clockwise,
    /// holes clockwise.
    #[test]
    fn every_aim_point_is_on_its_own_side_of_the_polygons() {
        let grid = grid();
        let (_, _, nx, ny) = grid.layout();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut holes = 0;
        for round in 0..20 {
            let cells: Vec<Cell> = (0..nx * ny)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if state % 100 < 35 + 2 * round {
                        Cell::Defended
                    } else {
                        Cell::Undefended
                    }
                })
                .collect();
            let fp = Footprint::of_cells(grid, cells);
            let polys = fp.polygons();
            for poly in &polys {
                assert!(signed_area2(&poly[0]) > 0.0, "exterior counter-clockwise");
                for hole in &poly[1..] {
                    assert!(signed_area2(hole) < 0.0, "hole clockwise");
                    // In its own exterior, and in no smaller one: the exterior right around
                    // it (a hole shares at most saddle vertices with other rings, so "all its
                    // vertices inside" means inside).
                    let within = |ring: &[[f64; 2]]| hole.iter().any(|&p| ring_contains(ring, p));
                    assert!(
                        within(&poly[0]),
                        "round {round}: a hole outside its exterior"
                    );
                    let own = signed_area2(&poly[0]);
                    for other in &polys {
                        assert!(
                            signed_area2(&other[0]) >= own
                                || !hole.iter().all(|&p| ring_contains(&other[0], p)),
                            "round {round}: a hole in a larger exterior than the one around it"
                        );
                    }
                }
                holes += poly.len() - 1;
            }
            for j in 0..ny {
                for i in 0..nx {
                    let node = grid.node(i, j);
                    assert_eq!(
                        crate::geo::contains(&polys, node.lon_deg(), node.lat_deg()),
                        fp.cells[j * nx + i] == Cell::Defended,
                        "round {round}, aim point ({i}, {j})"
                    );
                }
            }
        }
        assert!(holes > 20, "the fields make holes: {holes}");
    }
}
