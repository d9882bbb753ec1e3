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
        let ny = ((self.lat_max_deg - self.lat_min_deg) / lat_step).floor() as usize + 1;
        let nx = ((self.lon_max_deg - self.lon_min_deg) / lon_step).floor() as usize + 1;
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
        let builder = contour::ContourBuilder::new(self.nx, self.ny, false)
            .x_origin(self.grid.lon_min_deg)
            .y_origin(self.grid.lat_min_deg)
            .x_step(self.lon_step_deg)
            .y_step(self.lat_step_deg);
        let Ok(contours) = builder.contours(&values, &[0.5]) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in &contours {
            for poly in c.geometry().0.iter() {
                let mut rings = Vec::new();
                let exterior: Vec<[f64; 2]> =
                    poly.exterior().0.iter().map(|p| [p.x, p.y]).collect();
                rings.push(wound(exterior, true));
                for hole in poly.interiors() {
                    rings.push(wound(hole.0.iter().map(|p| [p.x, p.y]).collect(), false));
                }
                out.push(rings);
            }
        }
        out
    }

    /// Whether a point (deg) lies inside the defended polygons (even–odd over all rings).
    pub fn contains(&self, lon_deg: f64, lat_deg: f64) -> bool {
        crate::geo::contains(&self.polygons(), lon_deg, lat_deg)
    }
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
