//! Footprints and coverage of a region (NATO Europe, or the CSTO members in a year): per
//! threat and launch area, the aim points each architecture (or one site) defends, and the
//! share of the region's territory and population inside.

use crate::engagement::EngageCase;
use crate::{StudyError, input, internal};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::geo::{Region, RegionId};
use shieldsim_scenario::scenario::ScenarioAssumptions;

/// A computed footprint with what it is of.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FootprintCase {
    /// File stem (`footprint-<threat>[-<site>]`).
    pub stem: String,
    /// Architecture id.
    pub architecture: String,
    /// Threat id and missile.
    pub threat: String,
    /// Catalog missile id.
    pub missile: String,
    /// Launch area name and position.
    pub launch: (String, Geodetic),
    /// The site, or `None` for the whole architecture.
    pub site: Option<String>,
    /// The coverage region whose grid it is on, or `None` for a footprint analysis's own grid.
    pub region: Option<RegionId>,
    /// The grid and its cells.
    pub footprint: shieldsim_scenario::analysis::Footprint,
    /// Map marks: the architecture's sites and radar fields of regard.
    pub marks: MapMarks,
}

/// What a footprint map shows besides the footprint.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapMarks {
    /// Interceptor sites: (id, position).
    pub sites: Vec<(String, Geodetic)>,
    /// Radar faces: outline [lon, lat] of each face's field of regard out to its detection
    /// range against the threat's RCS.
    pub fans: Vec<Vec<[f64; 2]>>,
    /// Representative trajectories' ground tracks, [lon, lat].
    pub tracks: Vec<Vec<[f64; 2]>>,
}

/// Coverage of a region by one architecture against one threat and launch area.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoverageRow {
    /// Architecture id.
    pub architecture: String,
    /// The region (its key in the outputs: `nato-europe` or `csto`).
    pub region: RegionId,
    /// The region's name as shown (`NATO Europe`, `CSTO members (2026)`).
    pub region_name: String,
    /// One site's coverage, or `None` for the whole architecture.
    pub site: Option<String>,
    /// Catalog missile id.
    pub threat: String,
    /// Launch area (catalog place).
    pub launch_area: String,
    /// Aim-point grid spacing (km).
    pub spacing_km: f64,
    /// Share of the region's land area inside the defended footprint.
    pub area_fraction: f64,
    /// Share of the population (places ≥ 10,000) inside it.
    pub population_fraction: f64,
    /// Share of the land area the threat can reach at all.
    pub threatened_area_fraction: f64,
    /// Share of the population the threat can reach.
    pub threatened_population_fraction: f64,
    /// Over the catalog's ranges (with `[uncertainty]`): the share of the region's area
    /// defended, p05/p50/p95 over the parameter sets.
    pub area_fraction_quantiles: Option<crate::uncertainty::Quantiles>,
    /// The same for the population.
    pub population_fraction_quantiles: Option<crate::uncertainty::Quantiles>,
    /// Parameter sets behind the quantiles.
    pub uncertainty_samples: Option<u32>,
    /// Grid spacing of the intervals (km); when coarser than `spacing_km`, the intervals come
    /// from that grid, whose own shares at the values in use follow.
    pub interval_spacing_km: Option<f64>,
    /// The area share at the values in use on the intervals' grid.
    pub interval_grid_area_fraction: Option<f64>,
    /// The population share at the values in use on the intervals' grid.
    pub interval_grid_population_fraction: Option<f64>,
}

/// Threats and launch areas of the demo's coverage study: (threat id, missile, launch place).
pub const COVERAGE_THREATS: [(&str, &str, &str); 2] = [
    ("irbm", "irbm-4000", "semnan"),
    ("mrbm", "mrbm-2000", "tabriz"),
];

/// Grid spacing of the demo's coverage study (km).
pub const COVERAGE_SPACING_KM: f64 = 50.0;

/// The year whose CSTO members the demo's CSTO coverage counts: that of the bundled NATO
/// Europe membership (30 members, Finland and Sweden included), so both regions are of one
/// date. Armenia, whose participation is frozen since 2024, is a member; Uzbekistan (2006–2012)
/// is not.
pub const DEMO_CSTO_YEAR: i32 = 2026;

/// One coverage footprint to compute: a threat from its launch area over a region.
pub struct CoverageJob {
    /// The region.
    pub region: RegionId,
    /// Grid spacing of the coverage intervals (km; the footprint's own when equal).
    pub interval_spacing_km: f64,
    /// Threat id.
    pub threat: String,
    /// Catalog missile id.
    pub missile: String,
    /// Launch area name and position.
    pub launch: (String, Geodetic),
    /// Radar cross-section (m²).
    pub rcs_m2: f64,
    /// One site, or the whole architecture.
    pub site: Option<String>,
    /// Grid spacing (km).
    pub spacing_km: f64,
}

/// An architecture with its fly-out tables (in `Site::table` order) and its engagement cases
/// (whose ground tracks the maps draw).
pub type ArchRun<'a> = (
    &'a ResolvedArchitecture,
    &'a [FlyoutTable],
    &'a [EngageCase],
);

/// Footprints of every architecture against each job's threat over the job's region (its grid,
/// [`coverage_grid`]), and the shares of its territory and population they cover. One threat
/// family per grid serves all architectures (`family_cache`). `stem` names a footprint's files
/// from the architecture id and the job.
///
/// Each footprint is computed as a sharded study computes it ([`CoverageSpec`]): its aim
/// points' answers ([`CoverageSpec::main_cells`], [`CoverageSpec::interval_cells`]), then the
/// shares from all of them ([`CoverageFrame::assemble`]); here every aim point at once.
// The study's inputs are independent (earth, catalogs, architectures, jobs, assumptions, file
// stems, sampling, progress); a struct holding them would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn coverage_study(
    earth: &Earth,
    catalogs: &Catalogs,
    archs: &[ArchRun],
    jobs: &[CoverageJob],
    a: &ScenarioAssumptions,
    stem: &dyn Fn(&str, &CoverageJob) -> String,
    uncertainty: Option<(
        &crate::uncertainty::Design,
        &crate::uncertainty::LatticeCache,
    )>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<crate::FootprintCase>, Vec<crate::CoverageRow>), StudyError> {
    let (mut footprints, mut rows) = (Vec::new(), Vec::new());
    for job in jobs {
        for (arch, tables, cases) in archs {
            let stem = stem(&arch.entry.id, job);
            let design = uncertainty.map(|u| u.0);
            let mut spec = CoverageSpec::new(earth, catalogs, arch, job, a, design, false, &stem)?;
            let every = |n: usize| (0..n).collect::<Vec<usize>>();
            let mut main =
                spec.main_cells(earth, catalogs, tables, &every(spec.main_len()), progress)?;
            if reaches_a_clipped_edge(
                &analysis::Footprint::of_cells(spec.frame.case.footprint.grid, main.clone()),
                Region::of(job.region).map_err(input)?,
            ) {
                // The reach box was too tight (it has a margin, so this is not expected): the
                // whole region's box, so that no reachable aim point is left out.
                spec = CoverageSpec::new(earth, catalogs, arch, job, a, design, true, &stem)?;
                main =
                    spec.main_cells(earth, catalogs, tables, &every(spec.main_len()), progress)?;
            }
            let intervals = match uncertainty {
                Some((design, cache)) => Some(spec.interval_cells(
                    earth,
                    catalogs,
                    tables,
                    (design, cache),
                    &every(spec.interval_len()),
                    (spec.same_grids()).then_some(main.as_slice()),
                )?),
                None => None,
            };
            spec.frame.case.marks.tracks = cases
                .iter()
                .filter(|c| c.missile == job.missile)
                .map(ground_track)
                .collect();
            let (case, row) = spec.frame.assemble(main, intervals)?;
            footprints.push(case);
            rows.push(row);
        }
    }
    Ok((footprints, rows))
}

/// A coverage footprint's outputs without its aim points' answers: the footprint case (its
/// cells empty) and what its coverage row says besides the shares. Serialisable: a sharded
/// study's shards carry it, and the merge fills it from the work units' cells
/// ([`CoverageFrame::assemble`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoverageFrame {
    /// The footprint case, `footprint.cells` empty.
    pub case: crate::FootprintCase,
    /// The region.
    pub region: RegionId,
    /// Footprint grid spacing (km).
    pub spacing_km: f64,
    /// With uncertainty: the intervals' grid (the footprint's, or a coarser one), its spacing
    /// (km) and the parameter sets of the design.
    pub intervals: Option<(analysis::GridSpec, f64, u32)>,
}

/// Some aim points' answers over the catalog's ranges: on the intervals' grid, each aim point's
/// cell at the values in use and, for those the threat can reach and the region needs, whether
/// some site engages in each parameter set.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntervalCells {
    /// The cells at the values in use.
    pub cells: Vec<analysis::Cell>,
    /// Per aim point: per parameter set, defended; `None` where unreachable or skipped.
    pub verdicts: Vec<Option<Vec<bool>>>,
}

/// One coverage footprint (an architecture, or one of its sites, against a job's threat over its
/// region) to compute in pieces: its frame, its grids' masks and the engaging sensors and sites.
pub struct CoverageSpec {
    /// What the outputs say besides the aim points' answers.
    pub frame: CoverageFrame,
    sensed: ResolvedArchitecture,
    sensors: Vec<shieldsim_core::engagement::ArchSensor>,
    sites: Vec<shieldsim_core::engagement::Site>,
    assumptions: shieldsim_core::engagement::Assumptions,
    /// The regions' masks (aim points a share depends on), `None` to evaluate all: footprint
    /// grid, intervals' grid.
    masks: (Option<Vec<bool>>, Option<Vec<bool>>),
    launch: Geodetic,
}

impl CoverageSpec {
    /// The footprint of `arch` (or the job's site) against the job's threat over its region,
    /// on [`coverage_grid`] (the whole region's box when `full`); with `design`, its intervals'
    /// grid. Cheap: no aim point is evaluated.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        earth: &Earth,
        catalogs: &Catalogs,
        arch: &ResolvedArchitecture,
        job: &CoverageJob,
        a: &ScenarioAssumptions,
        design: Option<&crate::uncertainty::Design>,
        full: bool,
        stem: &str,
    ) -> Result<CoverageSpec, StudyError> {
        let region = Region::of(job.region).map_err(input)?;
        let entry = catalogs.catalog.missile(&job.missile).map_err(internal)?;
        let reach_km = entry.published_range_km.high;
        let launch = job.launch.1;
        let grid = coverage_grid(region, job.spacing_km, launch, reach_km, full);
        let interval_grid = design.map(|_| {
            if job.interval_spacing_km == job.spacing_km {
                grid
            } else {
                coverage_grid(region, job.interval_spacing_km, launch, reach_km, full)
            }
        });
        let assumptions = a.engagement(job.rcs_m2, a.sensing);
        let sensed = a.sensed(catalogs, arch, a.sensing).map_err(input)?;
        let (sensors, sites) = analysis::engaging(&sensed, job.site.as_deref()).map_err(input)?;
        // NATO Europe's footprints evaluate every aim point (their maps show the sea too);
        // another region's only those whose grid cells hold its land or places
        // (Region::grid_mask: the same shares, a fraction of the work).
        let mask = |g: &analysis::GridSpec| {
            (region.id != RegionId::NatoEurope).then(|| region.grid_mask(g))
        };
        let masks = (mask(&grid), interval_grid.as_ref().and_then(mask));
        let frame = CoverageFrame {
            case: crate::FootprintCase {
                stem: stem.to_string(),
                architecture: arch.entry.id.clone(),
                threat: job.threat.clone(),
                missile: job.missile.clone(),
                launch: job.launch.clone(),
                site: job.site.clone(),
                region: Some(job.region),
                footprint: analysis::Footprint::of_cells(grid, Vec::new()),
                // The engage cases' ground tracks are the caller's to add.
                marks: map_marks(earth, &sensed, assumptions.rcs_m2, std::iter::empty()),
            },
            region: job.region,
            spacing_km: job.spacing_km,
            intervals: interval_grid
                .zip(design)
                .map(|(g, d)| (g, job.interval_spacing_km, d.samples)),
        };
        Ok(CoverageSpec {
            frame,
            sensed,
            sensors,
            sites,
            assumptions,
            masks,
            launch,
        })
    }

    /// Aim points of the footprint's grid.
    pub fn main_len(&self) -> usize {
        self.frame.case.footprint.nx * self.frame.case.footprint.ny
    }

    /// Aim points of the intervals' grid (0 without uncertainty).
    pub fn interval_len(&self) -> usize {
        self.frame.intervals.map_or(0, |(g, _, _)| {
            let (_, _, nx, ny) = g.layout();
            nx * ny
        })
    }

    /// Whether the intervals use the footprint's own grid.
    pub fn same_grids(&self) -> bool {
        self.frame
            .intervals
            .is_some_and(|(g, _, _)| g == self.frame.case.footprint.grid)
    }

    /// The threat family of `grid` (from the process's cache).
    fn family(
        &self,
        earth: &Earth,
        catalogs: &Catalogs,
        grid: &analysis::GridSpec,
    ) -> Result<std::sync::Arc<shieldsim_core::threat_family::ThreatFamily>, StudyError> {
        let (missile, launch) = (&self.frame.case.missile, &self.frame.case.launch);
        let entry = catalogs.catalog.missile(missile).map_err(internal)?;
        shieldsim_scenario::family_cache::family(
            earth,
            &catalogs.catalog.vehicle(entry),
            self.launch,
            grid,
        )
        .map_err(|e| input(format!("threat family {missile} from {}: {e}", launch.0)))
    }

    /// The cells of the footprint grid's aim points `indices` (row-major), in that order.
    pub fn main_cells(
        &self,
        earth: &Earth,
        catalogs: &Catalogs,
        tables: &[FlyoutTable],
        indices: &[usize],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<analysis::Cell>, StudyError> {
        let grid = self.frame.case.footprint.grid;
        self.cells_on(
            earth,
            catalogs,
            tables,
            &grid,
            self.masks.0.as_deref(),
            indices,
            progress,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn cells_on(
        &self,
        earth: &Earth,
        catalogs: &Catalogs,
        tables: &[FlyoutTable],
        grid: &analysis::GridSpec,
        mask: Option<&[bool]>,
        indices: &[usize],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<analysis::Cell>, StudyError> {
        if indices.is_empty() {
            return Ok(Vec::new());
        }
        let (missile, launch) = (&self.frame.case.missile, &self.frame.case.launch);
        let family = self.family(earth, catalogs, grid)?;
        analysis::footprint_cells(
            earth,
            &catalogs.catalog,
            missile,
            self.launch,
            *grid,
            Some(&family),
            (&self.sensors, &self.sites),
            tables,
            &self.assumptions,
            mask,
            indices,
            progress,
        )
        .map_err(|e| input(format!("footprint {missile} from {}: {e}", launch.0)))
    }

    /// The intervals' grid's aim points `indices`: their cells at the values in use and their
    /// verdicts per parameter set. `main`, the footprint grid's cells of the same `indices` when
    /// the two grids are one, spares evaluating them again. The footprint's own threat paths
    /// are used again (the family's, or an exact solve where the family cannot say);
    /// [`crate::uncertainty::Prepared::verdicts`] decides most cells at the corners.
    #[allow(clippy::too_many_arguments)]
    pub fn interval_cells(
        &self,
        earth: &Earth,
        catalogs: &Catalogs,
        tables: &[FlyoutTable],
        (design, cache): (
            &crate::uncertainty::Design,
            &crate::uncertainty::LatticeCache,
        ),
        indices: &[usize],
        main: Option<&[analysis::Cell]>,
    ) -> Result<IntervalCells, StudyError> {
        use shieldsim_core::threat_family::FamilyPath;
        use shieldsim_scenario::analysis::Cell;
        let Some((grid, _, _)) = self.frame.intervals else {
            return Err(internal("intervals of a coverage without uncertainty"));
        };
        let cells = match main {
            Some(m) if m.len() == indices.len() && self.same_grids() => m.to_vec(),
            _ => self.cells_on(
                earth,
                catalogs,
                tables,
                &grid,
                self.masks.1.as_deref(),
                indices,
                &|_, _| {},
            )?,
        };
        if indices.is_empty() {
            return Ok(IntervalCells {
                cells,
                verdicts: Vec::new(),
            });
        }
        // The same sites and sensors as the footprint (one site's, or all).
        let mut engaged = self.sensed.clone();
        (engaged.sensors, engaged.sites) = (self.sensors.clone(), self.sites.clone());
        let prepared = crate::uncertainty::Prepared::new(
            catalogs,
            &engaged,
            self.assumptions,
            design,
            cache,
            false,
        )?;
        let family = self.family(earth, catalogs, &grid)?;
        let missile = self.frame.case.missile.as_str();
        let (nx, launch) = (grid.layout().2, self.launch);
        let at: Vec<usize> = (0..indices.len()).collect();
        let verdicts = analysis::try_par_map(&at, |&n| {
            if matches!(cells[n], Cell::Unreachable | Cell::Skipped) {
                return Ok(None);
            }
            let k = indices[n];
            let aim = grid.node(k % nx, k / nx);
            let path = match family.path_to(earth, aim) {
                FamilyPath::Path(p) => p,
                FamilyPath::Unreachable => return Ok(None),
                FamilyPath::NeedsExact => {
                    analysis::threat_path(earth, &catalogs.catalog, missile, (launch, aim))
                        .map_err(|e| input(format!("footprint {missile}: {e}")))?
                        .1
                }
            };
            Ok::<_, StudyError>(Some(
                prepared.verdicts(&path, Some(cells[n] == Cell::Defended)),
            ))
        })?;
        Ok(IntervalCells { cells, verdicts })
    }
}

impl CoverageFrame {
    /// The footprint case and coverage row from every aim point's cell of the footprint's grid
    /// and, with uncertainty, of the intervals' grid (row-major, whole grids): the shares at
    /// the values in use and, per parameter set, the defended share, whose quantiles give the
    /// intervals (the unreachable cells stay so).
    pub fn assemble(
        self,
        cells: Vec<analysis::Cell>,
        intervals: Option<IntervalCells>,
    ) -> Result<(crate::FootprintCase, crate::CoverageRow), StudyError> {
        use shieldsim_scenario::analysis::Cell;
        let region = Region::of(self.region).map_err(input)?;
        let mut case = self.case;
        if cells.len() != case.footprint.nx * case.footprint.ny {
            return Err(input(
                "a coverage footprint's aim points do not fill its grid",
            ));
        }
        case.footprint.cells = cells;
        let covered = region.coverage(&case.footprint.polygons());
        let threatened = region.coverage(&case.footprint.reachable_polygons());
        let ranges = match (self.intervals, intervals) {
            (Some((grid, _, samples)), Some(iv)) => {
                let grid_fp = analysis::Footprint::of_cells(grid, iv.cells);
                if grid_fp.cells.len() != grid_fp.nx * grid_fp.ny
                    || iv.verdicts.len() != grid_fp.cells.len()
                {
                    return Err(input(
                        "a coverage's interval aim points do not fill its grid",
                    ));
                }
                let at_values = region.coverage(&grid_fp.polygons());
                // Every parameter set, also when no aim point needed a verdict (nothing the
                // threat reaches in the region): then every set gives the same shares.
                let n = samples as usize;
                if iv.verdicts.iter().flatten().any(|v| v.len() != n) {
                    return Err(input("a coverage verdict lacks a parameter set"));
                }
                let (mut areas, mut people) = (Vec::with_capacity(n), Vec::with_capacity(n));
                for set in 0..n {
                    let mut f = grid_fp.clone();
                    for (cell, v) in f.cells.iter_mut().zip(&iv.verdicts) {
                        if let Some(v) = v {
                            // Every verdict holds `n` sets (checked above).
                            *cell = if v[set] {
                                Cell::Defended
                            } else {
                                Cell::Undefended
                            };
                        }
                    }
                    let c = region.coverage(&f.polygons());
                    areas.push(c.area_fraction);
                    people.push(c.population_fraction);
                }
                match (
                    crate::uncertainty::quantiles(areas),
                    crate::uncertainty::quantiles(people),
                ) {
                    (Some(a), Some(p)) => Some((a, p, at_values)),
                    _ => return Err(internal("coverage over no parameter set")),
                }
            }
            (None, None) => None,
            _ => return Err(input("a coverage's intervals are missing or unexpected")),
        };
        let row = crate::CoverageRow {
            architecture: case.architecture.clone(),
            region: self.region,
            region_name: region.name.clone(),
            site: case.site.clone(),
            threat: case.missile.clone(),
            launch_area: case.launch.0.clone(),
            spacing_km: self.spacing_km,
            area_fraction: covered.area_fraction,
            population_fraction: covered.population_fraction,
            threatened_area_fraction: threatened.area_fraction,
            threatened_population_fraction: threatened.population_fraction,
            area_fraction_quantiles: ranges.as_ref().map(|r| r.0),
            population_fraction_quantiles: ranges.as_ref().map(|r| r.1),
            uncertainty_samples: self.intervals.map(|i| i.2),
            interval_spacing_km: self.intervals.map(|i| i.1),
            interval_grid_area_fraction: ranges.as_ref().map(|r| r.2.area_fraction),
            interval_grid_population_fraction: ranges.as_ref().map(|r| r.2.population_fraction),
        };
        Ok((case, row))
    }
}

/// The aim-point grid of a coverage footprint over `region` at `spacing_km`. NATO Europe's is its
/// whole box ([`Region::grid`]). The CSTO members' box runs from Kaliningrad to the Pacific, most
/// of it beyond an Iranian missile's reach, so its grid is the box clipped to the bounding box
/// of the spherical cap the missile can reach from `launch` (its published range's high end ×
/// 1.1, plus two grid spacings: aim points outside it would all be unreachable), unless `full`.
/// [`reaches_a_clipped_edge`] checks the clip afterwards.
pub fn coverage_grid(
    region: &Region,
    spacing_km: f64,
    launch: Geodetic,
    reach_km: f64,
    full: bool,
) -> analysis::GridSpec {
    if full || region.id == RegionId::NatoEurope {
        return region.grid(spacing_km);
    }
    let (lon_min, lon_max, lat_min, lat_max) = region.bounds;
    let d_deg = ((1.1 * reach_km + 2.0 * spacing_km) / 6_371.0).to_degrees();
    let (lat0, mut lon0) = (launch.lat_deg(), launch.lon_deg());
    // The region's longitudes may run past 180° (Chukotka unwrapped): the launch point's
    // longitude in the same turn as the box's middle.
    let mid = 0.5 * (lon_min + lon_max);
    while lon0 < mid - 180.0 {
        lon0 += 360.0;
    }
    while lon0 > mid + 180.0 {
        lon0 -= 360.0;
    }
    let (south, north) = (lat0 - d_deg, lat0 + d_deg);
    let (west, east) = if north >= 90.0 || south <= -90.0 {
        (lon_min, lon_max)
    } else {
        let s = d_deg.to_radians().sin() / lat0.to_radians().cos();
        if s >= 1.0 {
            (lon_min, lon_max)
        } else {
            let dl = s.asin().to_degrees();
            (lon0 - dl, lon0 + dl)
        }
    };
    // Clipped edges on whole degrees, so the grid does not move with the last digit of a
    // launch point.
    let clip = (
        west.floor().max(lon_min),
        east.ceil().min(lon_max),
        south.floor().max(lat_min),
        north.ceil().min(lat_max),
    );
    if clip.0 >= clip.1 || clip.2 >= clip.3 {
        return region.grid(spacing_km);
    }
    analysis::GridSpec {
        lon_min_deg: clip.0,
        lon_max_deg: clip.1,
        lat_min_deg: clip.2,
        lat_max_deg: clip.3,
        spacing_km,
    }
}

/// Whether a footprint on a clipped grid ([`coverage_grid`]) has a reachable aim point on an
/// edge the clip moved inside the region's box: then the clip may have cut off reachable land.
pub fn reaches_a_clipped_edge(fp: &analysis::Footprint, region: &Region) -> bool {
    use shieldsim_scenario::analysis::Cell;
    let g = &fp.grid;
    let (lon_min, lon_max, lat_min, lat_max) = region.bounds;
    let reachable = |i: usize, j: usize| fp.cells[j * fp.nx + i] != Cell::Unreachable;
    (g.lon_min_deg > lon_min && (0..fp.ny).any(|j| reachable(0, j)))
        || (g.lon_max_deg < lon_max && (0..fp.ny).any(|j| reachable(fp.nx - 1, j)))
        || (g.lat_min_deg > lat_min && (0..fp.nx).any(|i| reachable(i, 0)))
        || (g.lat_max_deg < lat_max && (0..fp.nx).any(|i| reachable(i, fp.ny - 1)))
}

/// What a footprint map shows of an architecture: its sites, its radars' fields of regard out
/// to the detection range against `rcs_m2`, and the ground tracks of `cases`.
pub fn map_marks<'a>(
    earth: &Earth,
    arch: &ResolvedArchitecture,
    rcs_m2: f64,
    cases: impl Iterator<Item = &'a EngageCase>,
) -> crate::MapMarks {
    use shieldsim_core::sensor::SensorKind;
    let mut fans = Vec::new();
    for s in &arch.sensors {
        let SensorKind::Radar(r) = &s.kind else {
            continue;
        };
        let range_m = r.detection_range_m(rcs_m2).min(6.0e6);
        let (lat, lon) = (r.position.lat_deg(), r.position.lon_deg());
        for f in &r.faces {
            let full = f.half_width_az_deg >= 180.0;
            let n = ((2.0 * f.half_width_az_deg.min(180.0)) / 5.0)
                .ceil()
                .max(2.0) as usize;
            let mut ring = Vec::with_capacity(n + 3);
            if !full {
                ring.push([lon, lat]);
            }
            for k in 0..=n {
                let az = f.boresight_az_deg - f.half_width_az_deg.min(180.0)
                    + 2.0 * f.half_width_az_deg.min(180.0) * k as f64 / n as f64;
                let (la, lo) = earth.geodesic_direct_deg(lat, lon, az, range_m);
                ring.push([lo, la]);
            }
            let first = ring[0];
            ring.push(first);
            fans.push(ring);
        }
    }
    crate::MapMarks {
        sites: arch
            .sites
            .iter()
            .map(|s| (s.id.clone(), s.position))
            .collect(),
        fans,
        tracks: cases.map(ground_track).collect(),
    }
}

/// A case's ground track as the maps draw it, [lon, lat].
pub fn ground_track(c: &EngageCase) -> Vec<[f64; 2]> {
    c.flight
        .samples()
        .iter()
        .map(|p| [p.position.lon_deg(), p.position.lat_deg()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shieldsim_scenario::analysis::Cell;

    /// The CSTO grid's mask (`Region::grid_mask`): epaa-phase-3 against the MRBM from Tabriz
    /// on the 150 km grid of the demo's intervals, every aim point evaluated against only the
    /// masked ones. The evaluated aim points get the same status, the skipped ones keep their
    /// reachability (so the reachable share is the same), the masked footprint's polygons hold
    /// no point of a grid cell without a defended corner, and the two footprints give the same
    /// shares to the last bit. (They differed, 0.03298 against 0.03290 of the area, while the
    /// polygons were drawn half a grid step north-east of their aim points: a land point's
    /// polygon then depended on corners the mask had not marked. Fixed 2026-12-01.)
    #[test]
    fn masked_footprint_gives_the_full_footprints_shares() {
        let catalogs = Catalogs::bundled().expect("catalogs");
        let catalog = &catalogs.catalog;
        let arch = catalogs
            .defence
            .architecture(catalog, "epaa-phase-3")
            .expect("architecture");
        let tables = analysis::tables(&arch).expect("tables");
        let a = ScenarioAssumptions::defaults(&catalogs.assumptions, &catalogs.defence);
        let sensed = a.sensed(&catalogs, &arch, a.sensing).expect("sensed");
        let earth = Earth::wgs84();
        let launch = catalog.resolve_place("tabriz").expect("tabriz").named().1;
        let entry = catalog.missile("mrbm-2000").expect("missile");
        let region = Region::csto(DEMO_CSTO_YEAR).expect("region");
        let grid = coverage_grid(region, 150.0, launch, entry.published_range_km.high, false);
        let family = shieldsim_core::threat_family::ThreatFamily::build(
            &earth,
            &catalog.vehicle(entry),
            launch,
            &grid.nodes(),
            Default::default(),
        )
        .expect("family");
        let assumptions = a.engagement(0.1, a.sensing);
        let mask = region.grid_mask(&grid);
        let run = |mask: Option<&[bool]>| {
            analysis::footprint_masked(
                &earth,
                catalog,
                "mrbm-2000",
                launch,
                grid,
                Some(&family),
                (&sensed.sensors, &sensed.sites),
                &tables,
                &assumptions,
                mask,
                &|_, _| {},
            )
            .expect("footprint")
        };
        let (full, masked) = (run(None), run(Some(&mask)));
        assert!(!reaches_a_clipped_edge(&full, region));
        let skipped = masked.cells.iter().filter(|c| **c == Cell::Skipped).count();
        assert!(skipped > 0, "the mask skips nothing");
        for (k, (f, m)) in full.cells.iter().zip(&masked.cells).enumerate() {
            if mask[k] {
                assert_eq!(f, m, "aim point {k}");
            } else {
                assert_eq!(*f == Cell::Unreachable, *m == Cell::Unreachable, "{k}");
            }
        }
        let (cf, cm) = (
            region.coverage(&full.polygons()),
            region.coverage(&masked.polygons()),
        );
        println!(
            "full {cf:?}, masked {cm:?}, {skipped} of {} skipped",
            mask.len()
        );
        assert!(cm.area_fraction > 0.0 && cm.population_fraction > 0.0);
        assert_eq!(cf, cm, "the mask changes the shares");
        assert_eq!(
            region.coverage(&full.reachable_polygons()),
            region.coverage(&masked.reachable_polygons())
        );
        // Every 0.25° sample point of the region's box inside the masked polygons lies in a
        // grid cell with a defended corner (marching squares draws nothing elsewhere).
        let polys = masked.polygons();
        let (lon_step, lat_step, nx, ny) = grid.layout();
        let b = region.bounds;
        let (mut inside, mut stray) = (0, 0);
        for r in 0..((b.3 - b.2) / 0.25) as usize {
            for c in 0..((b.1 - b.0) / 0.25) as usize {
                let (lon, lat) = (b.0 + 0.125 + 0.25 * c as f64, b.2 + 0.125 + 0.25 * r as f64);
                if !shieldsim_scenario::geo::contains(&polys, lon, lat) {
                    continue;
                }
                inside += 1;
                let i = ((lon - grid.lon_min_deg) / lon_step).floor();
                let j = ((lat - grid.lat_min_deg) / lat_step).floor();
                let defended_corner = i >= 0.0
                    && j >= 0.0
                    && (i as usize) + 1 < nx
                    && (j as usize) + 1 < ny
                    && [(0, 0), (1, 0), (0, 1), (1, 1)].iter().any(|(di, dj)| {
                        masked.cells[(j as usize + dj) * nx + i as usize + di] == Cell::Defended
                    });
                stray += usize::from(!defended_corner);
            }
        }
        assert!(inside > 100, "{inside}");
        assert_eq!(stray, 0, "of {inside} points inside");
    }
}
