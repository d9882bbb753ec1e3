//! Footprints and coverage of NATO Europe: per threat and launch area, the aim points each
//! architecture (or one site) defends, and the share of territory and population inside.

use crate::engagement::EngageCase;
use crate::{StudyError, input, internal};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::ScenarioAssumptions;

/// A computed footprint with what it is of.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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

/// Coverage of NATO Europe by one architecture against one threat and launch area.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoverageRow {
    /// Architecture id.
    pub architecture: String,
    /// One site's coverage, or `None` for the whole architecture.
    pub site: Option<String>,
    /// Catalog missile id.
    pub threat: String,
    /// Launch area (catalog place).
    pub launch_area: String,
    /// Aim-point grid spacing (km).
    pub spacing_km: f64,
    /// Share of NATO Europe's land area inside the defended footprint.
    pub area_fraction: f64,
    /// Share of the population (places ≥ 10,000) inside it.
    pub population_fraction: f64,
    /// Share of the land area the threat can reach at all.
    pub threatened_area_fraction: f64,
    /// Share of the population the threat can reach.
    pub threatened_population_fraction: f64,
    /// Over the catalog's ranges (with `[uncertainty]`): the share of NATO Europe's area
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

/// One coverage footprint to compute: a threat from its launch area over NATO Europe.
pub struct CoverageJob {
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

/// Footprints of every architecture against each job's threat over NATO Europe
/// ([`shieldsim_scenario::geo::grid`]), and the shares of territory and population they
/// cover. One threat family per job serves all architectures. `stem` names a footprint's files
/// from the architecture id and the job.
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
    let catalog = &catalogs.catalog;
    let region = shieldsim_scenario::geo::Region::bundled();
    let (mut footprints, mut rows) = (Vec::new(), Vec::new());
    for job in jobs {
        let grid = shieldsim_scenario::geo::grid(job.spacing_km);
        let (missile, launch) = (job.missile.as_str(), &job.launch);
        let entry = catalog.missile(missile).map_err(internal)?;
        let family = shieldsim_core::threat_family::ThreatFamily::build(
            earth,
            &catalog.vehicle(entry),
            launch.1,
            &grid.nodes(),
            Default::default(),
        )
        .map_err(|e| input(format!("threat family {missile} from {}: {e}", launch.0)))?;
        let assumptions = a.engagement(job.rcs_m2, a.sensing);
        for (arch, tables, cases) in archs {
            let sensed = a.sensed(catalogs, arch, a.sensing).map_err(input)?;
            let (sensors, sites) =
                analysis::engaging(&sensed, job.site.as_deref()).map_err(input)?;
            // The architecture's (or site's) footprint on a grid, with that grid's family.
            let footprint_on =
                |grid, family: &shieldsim_core::threat_family::ThreatFamily, progress| {
                    analysis::footprint_with(
                        earth,
                        catalog,
                        missile,
                        launch.1,
                        grid,
                        Some(family),
                        (&sensors, &sites),
                        tables,
                        &assumptions,
                        progress,
                    )
                    .map_err(|e| input(format!("footprint {missile} from {}: {e}", launch.0)))
                };
            let fp = footprint_on(grid, &family, progress)?;
            let covered = region.coverage(&fp.polygons());
            let threatened = region.coverage(&fp.reachable_polygons());
            let ranges = match uncertainty {
                Some((design, cache)) => {
                    // The same sites and sensors as the footprint (one site's, or all).
                    let mut engaged = sensed.clone();
                    (engaged.sensors, engaged.sites) = (sensors.clone(), sites.clone());
                    let prepared = crate::uncertainty::Prepared::new(
                        catalogs,
                        &engaged,
                        assumptions,
                        design,
                        cache,
                        false,
                    )?;
                    let coarse = (job.interval_spacing_km != job.spacing_km)
                        .then(|| {
                            let grid = shieldsim_scenario::geo::grid(job.interval_spacing_km);
                            let family = shieldsim_core::threat_family::ThreatFamily::build(
                                earth,
                                &catalog.vehicle(entry),
                                launch.1,
                                &grid.nodes(),
                                Default::default(),
                            )
                            .map_err(|e| input(format!("threat family {missile}: {e}")))?;
                            let fp = footprint_on(grid, &family, &|_, _| {})?;
                            Ok::<_, StudyError>((family, fp))
                        })
                        .transpose()?;
                    let (fam, grid_fp) = match &coarse {
                        Some((f, g)) => (f, g),
                        None => (&family, &fp),
                    };
                    let at_values = region.coverage(&grid_fp.polygons());
                    let (a, p) = coverage_ranges(
                        earth,
                        catalog,
                        (missile, launch.1),
                        fam,
                        grid_fp,
                        &prepared,
                        region,
                    )?;
                    Some((a, p, at_values))
                }
                None => None,
            };
            rows.push(crate::CoverageRow {
                architecture: arch.entry.id.clone(),
                site: job.site.clone(),
                threat: missile.to_string(),
                launch_area: launch.0.clone(),
                spacing_km: job.spacing_km,
                area_fraction: covered.area_fraction,
                population_fraction: covered.population_fraction,
                threatened_area_fraction: threatened.area_fraction,
                threatened_population_fraction: threatened.population_fraction,
                area_fraction_quantiles: ranges.as_ref().map(|r| r.0),
                population_fraction_quantiles: ranges.as_ref().map(|r| r.1),
                uncertainty_samples: uncertainty.map(|u| u.0.samples),
                interval_spacing_km: ranges.as_ref().map(|_| job.interval_spacing_km),
                interval_grid_area_fraction: ranges.as_ref().map(|r| r.2.area_fraction),
                interval_grid_population_fraction: ranges.as_ref().map(|r| r.2.population_fraction),
            });
            footprints.push(crate::FootprintCase {
                stem: stem(&arch.entry.id, job),
                architecture: arch.entry.id.clone(),
                threat: job.threat.clone(),
                missile: missile.to_string(),
                launch: launch.clone(),
                site: job.site.clone(),
                footprint: fp,
                marks: map_marks(
                    earth,
                    &sensed,
                    assumptions.rcs_m2,
                    cases.iter().filter(|c| c.missile == missile),
                ),
            });
        }
    }
    Ok((footprints, rows))
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

/// A footprint's coverage over the catalog's ranges: per parameter set, the cells defended
/// (the unreachable ones stay so), then the area and population shares' quantiles. The
/// footprint's own threat paths are used again (the family's, or an exact solve where the
/// family cannot say); [`crate::uncertainty::Prepared::verdicts`] decides most cells at the
/// corners.
fn coverage_ranges(
    earth: &Earth,
    catalog: &shieldsim_scenario::catalog::Catalog,
    (missile, launch): (&str, Geodetic),
    family: &shieldsim_core::threat_family::ThreatFamily,
    fp: &analysis::Footprint,
    prepared: &crate::uncertainty::Prepared,
    region: &shieldsim_scenario::geo::Region,
) -> Result<(crate::uncertainty::Quantiles, crate::uncertainty::Quantiles), StudyError> {
    use shieldsim_core::threat_family::FamilyPath;
    use shieldsim_scenario::analysis::Cell;
    let aims = fp.grid.nodes();
    let n = prepared.sets();
    let idx: Vec<usize> = (0..aims.len()).collect();
    let per_cell: Vec<Option<Vec<bool>>> = analysis::try_par_map(&idx, |&i| {
        if fp.cells[i] == Cell::Unreachable {
            return Ok(None);
        }
        let path = match family.path_to(earth, aims[i]) {
            FamilyPath::Path(p) => p,
            FamilyPath::Unreachable => return Ok(None),
            FamilyPath::NeedsExact => {
                analysis::threat_path(earth, catalog, missile, (launch, aims[i]))
                    .map_err(|e| input(format!("footprint {missile}: {e}")))?
                    .1
            }
        };
        Ok::<_, StudyError>(Some(
            prepared.verdicts(&path, Some(fp.cells[i] == Cell::Defended)),
        ))
    })?;
    let (mut areas, mut people) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for set in 0..n {
        let mut f = fp.clone();
        for (cell, v) in f.cells.iter_mut().zip(&per_cell) {
            if let Some(v) = v {
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
        (Some(a), Some(p)) => Ok((a, p)),
        _ => Err(internal("coverage over no parameter set")),
    }
}
