//! Shardable studies (issue 16): a scenario's run split into independent work units, computed
//! in any number of shards (separate processes or machines: a batch system's array job), and
//! merged into exactly the single-process answer.
//!
//! **Work units**, numbered in file order: one per aim point of each `engage` analysis; a
//! `footprint` or `coverage` analysis's grid in [`grid_units`] blocks of consecutive aim points
//! (row-major; with uncertainty, a coverage unit also holds the same share of the intervals'
//! grid: its cells and their verdicts per parameter set); one per route (base × target) of the
//! deterrent question, carrying every cell of that route (each architecture under each sensing
//! assumption, each with all its parameter sets); and one for its speed sweep. A route is one
//! unit rather than one per cell because its flight and its threat variants (16
//! minimum-energy solves) are shared by its cells; splitting them would fly the route again in
//! every shard. The sweep is one unit because its cost is its fly-out tables (one per
//! interceptor model and speed, and the band's): split by route, every shard would build them
//! all (measured: BENCHMARKS.md, "Sharding"). A footprint's aim points are
//! independent given its threat family (built from the whole grid, so the same in every
//! shard, and kept per process: `family_cache`), so its blocks are computed anywhere and the
//! shares, contours and intervals are computed at the merge from all of them.
//!
//! **Assignment.** Unit `k` belongs to shard `k mod N` (counted from 1: shard `(k mod N) + 1`
//! of `N`). Round robin rather than contiguous blocks because an analysis's units are
//! numbered together and cost alike, and very different from another analysis's (an aim point
//! takes milliseconds, a coverage footprint minutes): dealing each analysis out across the
//! shards balances them; blocks would give one shard all the footprints.
//!
//! **Seeds.** A unit's randomness is a function of the study seed and the parameter-set index
//! alone: parameter set `i` of the `[uncertainty]` design is point `i` of the Owen-scrambled
//! Sobol sequence of the study seed (`sobol_burley::sample(i, dimension, seed)`, addressed by
//! index, not drawn from a stream), and the same set `i` serves every unit (common random
//! numbers: architectures and sensings are compared on the same sets). No unit reads a shard
//! number, a thread or a clock, so its result is the same in any shard of any `N`.
//!
//! **Merge.** [`merge`] checks that the shards are all `N` of one study (the same fingerprint:
//! the validated scenario with its catalog figures and settings, and the program version),
//! puts the units back in their order and assembles the report exactly as [`run_scenario`]
//! does; [`run_scenario`] is itself one shard of one, merged, so the two cannot drift apart.
//! Every aggregate over units (the deterrent table's row order, a footprint's polygons and shares, a coverage row's quantiles over parameter sets, the maps'
//! ground tracks) is computed at the merge from the units' exact results; aggregates within a
//! unit (quantiles, shares, sensitivity over a deterrent cell's parameter sets) are computed in
//! the unit from all its sets.
//!
//! [`run_scenario`]: crate::run_scenario

use crate::coverage::{
    CoverageFrame, CoverageJob, CoverageSpec, IntervalCells, ground_track, map_marks,
};
use crate::deterrent::{deterrent_assumption, deterrent_study_of};
use crate::sweep::{SweepSite, speed_needed};
use crate::{
    ArchitectureInfo, ArchitectureResult, BasingRow, DeterrentReport, DeterrentRoute, DeterrentRow,
    EngageCase, FootprintCase, Progress, StudyError, StudyResults, Sweep, input, internal,
};
use serde::{Deserialize, Serialize};
use shieldsim_core::earth::Earth;
use shieldsim_scenario::analysis::{self, Cell};
use shieldsim_scenario::catalogs::Applied;
use shieldsim_scenario::scenario::{Analysis, Scenario, ScenarioAssumptions};

/// The shard file format this program writes and reads.
/// `-2` (2026-12-01): footprint and coverage grids in blocks of aim points; the header frames
/// them.
pub const SHARD_FORMAT: &str = "shieldsim-shard-2";

/// Shard `index` of `count`, counted from 1 (`1/4 … 4/4`), as batch systems number the tasks
/// of an array job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShardSpec {
    /// Which shard, 1 … `count`.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl ShardSpec {
    /// The whole study as one shard.
    pub const WHOLE: ShardSpec = ShardSpec { index: 1, count: 1 };

    /// Shard `index` of `count` (counted from 1), or why not.
    pub fn new(index: u32, count: u32) -> Result<ShardSpec, String> {
        if count == 0 {
            return Err(format!(
                "{index}/{count}: the number of shards must be at least 1"
            ));
        }
        if index == 0 {
            return Err(format!(
                "0/{count}: shards are counted from 1 (1/{count} … {count}/{count}), as batch systems number array tasks"
            ));
        }
        if index > count {
            return Err(format!(
                "{index}/{count}: there are only {count} shard(s), 1/{count} … {count}/{count}"
            ));
        }
        Ok(ShardSpec { index, count })
    }

    /// Whether work unit `k` (counted from 0) belongs to this shard: `k mod count = index − 1`
    /// (never, for a spec [`ShardSpec::new`] refuses).
    pub fn owns(&self, k: usize) -> bool {
        self.index >= 1
            && self.index <= self.count
            && k % self.count as usize == (self.index - 1) as usize
    }

    /// The file a shard is written to: `shard-I-of-N.json`.
    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.json", self.index, self.count)
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for ShardSpec {
    type Err = String;

    /// `I/N`, counted from 1: `1/4`, …, `4/4`.
    fn from_str(text: &str) -> Result<ShardSpec, String> {
        let bad = || {
            format!(
                "{text}: expected I/N, shard I of N counted from 1 (such as 2/8; whole numbers)"
            )
        };
        let (i, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let number = |s: &str| {
            let s = s.trim();
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse::<u32>().map_err(|_| bad())
        };
        ShardSpec::new(number(i)?, number(n)?)
    }
}

/// What every shard of a study knows without computing a unit: the report's frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    title: String,
    description: String,
    assumptions: ScenarioAssumptions,
    settings: Vec<Applied>,
    architectures: Vec<ArchitectureInfo>,
    basing: Vec<BasingRow>,
    /// Per footprint or coverage analysis, in file order: its outputs without the aim points'
    /// answers.
    grids: Vec<GridFrame>,
    /// Per deterrent analysis, in file order.
    deterrents: Vec<DeterrentHead>,
}

/// A footprint or coverage analysis's outputs without its aim points' answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum GridFrame {
    /// A footprint analysis: its case, cells empty.
    Footprint(Box<FootprintCase>),
    /// A coverage analysis.
    Coverage(Box<CoverageFrame>),
}

/// The frame of a deterrent analysis: what its route units fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DeterrentHead {
    assumption: String,
    sites: Vec<crate::deterrent::DeterrentSite>,
    /// Routes (units).
    routes: usize,
    /// Rows per route: architectures × sensing assumptions, architecture-major.
    cells: usize,
}

/// Per parameter set, per site: the shots that fit (`EngageUncertainty::shots_per_set`, which
/// the report does not serialise and a shard must keep).
type Shots = Option<Vec<Vec<u32>>>;

/// One unit's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Output {
    /// An engage analysis's aim point.
    Case { case: Box<EngageCase>, shots: Shots },
    /// A block of a footprint analysis's aim points: their cells.
    Footprint {
        /// Which footprint or coverage analysis (index into [`Header::grids`]).
        grid: usize,
        /// Which block of it.
        block: usize,
        cells: Vec<Cell>,
    },
    /// A block of a coverage analysis's aim points (and of its intervals' grid's).
    Coverage {
        /// As for a footprint.
        grid: usize,
        /// As for a footprint.
        block: usize,
        cells: Vec<Cell>,
        intervals: Option<IntervalCells>,
    },
    /// A deterrent route: its flight and its rows, one per cell.
    Route {
        /// Which deterrent analysis (index into [`Header::deterrents`]).
        deterrent: usize,
        /// Which route of it.
        route: usize,
        report: Box<DeterrentRoute>,
        rows: Vec<DeterrentRow>,
        shots: Vec<Shots>,
    },
    /// A deterrent analysis's speed sweep.
    Sweep(Box<Sweep>),
}

/// A unit's index and result.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Unit {
    unit: usize,
    output: Output,
}

/// One shard's results: which study (its fingerprint), which shard, and its units' results.
/// [`Shard::to_bytes`] and [`Shard::from_bytes`] carry it between processes (JSON; every
/// number round-trips exactly).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shard {
    format: String,
    version: String,
    fingerprint: String,
    shard: ShardSpec,
    units: usize,
    header: Header,
    results: Vec<Unit>,
}

impl Shard {
    /// Which shard this is.
    pub fn spec(&self) -> ShardSpec {
        self.shard
    }

    /// The study's fingerprint: 16 hex digits of a hash of the validated scenario (with its
    /// catalog figures and settings) and the program version. Shards merge only with shards of
    /// the same fingerprint.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The study's work units (all shards together).
    pub fn study_units(&self) -> usize {
        self.units
    }

    /// The work units this shard computed.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether this shard computed no unit (possible when there are more shards than units).
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// The shard as JSON bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, StudyError> {
        let mut bytes = serde_json::to_vec(self)
            .map_err(|e| internal(format!("shard {}: not serialisable: {e}", self.shard)))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// A shard from [`Shard::to_bytes`]' bytes; malformed bytes, another format or another
    /// program version are bad input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Shard, StudyError> {
        // The format and version first, so that a shard of another version says so rather than
        // failing on some field.
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: String,
        }
        let head: Head = serde_json::from_slice(bytes)
            .map_err(|e| input(format!("not a shieldsim shard ({e})")))?;
        if head.format != SHARD_FORMAT {
            return Err(input(format!(
                "a shard in format {}, not {SHARD_FORMAT}",
                head.format
            )));
        }
        if head.version != VERSION {
            return Err(input(format!(
                "a shard written by shieldsim {}; this is shieldsim {VERSION}: run every shard and the merge with one version",
                head.version
            )));
        }
        serde_json::from_slice(bytes).map_err(|e| input(format!("a malformed shard ({e})")))
    }
}

/// The program version recorded in shards.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Aim points per work unit of a footprint or coverage analysis's grid: a block costs about
/// as much as a few engagements with their parameter sets (tens of milliseconds to a second),
/// small beside a shard's own start (parsing, tables, the threat family once per process).
pub const AIM_POINTS_PER_UNIT: usize = 256;

/// The fewest units a grid of as many aim points splits into, so that a small grid still
/// spreads over a few workers.
pub const MIN_GRID_UNITS: usize = 8;

/// How many work units (blocks of consecutive aim points) a grid of `aim_points` splits into:
/// one per [`AIM_POINTS_PER_UNIT`], at least [`MIN_GRID_UNITS`] (or one per aim point when it
/// has fewer), at least one.
pub fn grid_units(aim_points: usize) -> usize {
    aim_points
        .div_ceil(AIM_POINTS_PER_UNIT)
        .max(MIN_GRID_UNITS.min(aim_points))
        .max(1)
}

/// The aim points (row-major indices) of block `b` of `blocks` of a grid of `n`: the blocks
/// are consecutive and as even as integers allow. A coverage analysis's intervals' grid is cut
/// into as many blocks as its footprint's grid, so a block holds the same share of both.
fn block(n: usize, blocks: usize, b: usize) -> std::ops::Range<usize> {
    b * n / blocks..(b + 1) * n / blocks
}

/// The region a scenario's coverage analysis is over.
const SCENARIO_COVERAGE_REGION: shieldsim_scenario::geo::RegionId =
    shieldsim_scenario::geo::RegionId::NatoEurope;

/// The aim points of a coverage analysis's footprint grid at `spacing_km` (that of
/// [`crate::coverage::coverage_grid`] over NATO Europe: its whole box).
fn coverage_aim_points(spacing_km: f64) -> usize {
    let (_, _, nx, ny) = shieldsim_scenario::geo::Region::nato_europe()
        .grid(spacing_km)
        .layout();
    nx * ny
}

/// The work units of analysis `a`: its aim points (engage), its grid's blocks (footprint,
/// coverage), or its routes and its sweep (deterrent).
fn analysis_units(s: &Scenario, a: &Analysis) -> usize {
    match a {
        Analysis::Engage { threat } => s
            .threats
            .iter()
            .find(|t| t.id == *threat)
            .map_or(0, |t| t.to.len()),
        Analysis::Footprint { grid, .. } => {
            let (_, _, nx, ny) = grid.layout();
            grid_units(nx * ny)
        }
        Analysis::Coverage { spacing_km, .. } => grid_units(coverage_aim_points(*spacing_km)),
        Analysis::Deterrent(d) => d.bases.len() * d.targets.len() + usize::from(d.sweep.is_some()),
    }
}

/// How many work units a validated scenario's run splits into: the most shards that all get
/// work.
pub fn work_units(s: &Scenario) -> usize {
    s.analyses.iter().map(|a| analysis_units(s, a)).sum()
}

/// The study's fingerprint: FNV-1a (64 bits) of the shard format, the program version and the
/// validated scenario's full description (its catalogs with every figure and setting, its
/// architecture, threats, assumptions, analyses and design; `Debug` prints every `f64` so that
/// it reads back to the same bits).
fn fingerprint(s: &Scenario) -> String {
    let text = format!("{SHARD_FORMAT}\n{VERSION}\n{s:?}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The shard's work units of a validated scenario's run (unit `k` when `shard.owns(k)`), with
/// what [`merge`] needs to assemble the report. `progress` hears (what, done, total) as the
/// shard's units advance.
pub fn run_scenario_shard(
    s: &Scenario,
    shard: ShardSpec,
    progress: Progress,
) -> Result<Shard, StudyError> {
    let shard = ShardSpec::new(shard.index, shard.count).map_err(input)?;
    let design = s.uncertainty.as_ref().map(crate::uncertainty::Design::of);
    // Coverage intervals take fewer sets: each is a footprint evaluation.
    let coverage_design = s.uncertainty.as_ref().map(|u| crate::uncertainty::Design {
        samples: u.coverage_samples,
        ..crate::uncertainty::Design::of(u)
    });
    let cache = crate::uncertainty::LatticeCache::default();
    let tables = analysis::tables(&s.architecture).map_err(internal)?;
    let earth = Earth::wgs84();
    let catalog = &s.catalogs.catalog;
    let threat = |id: &str| {
        s.threats
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| internal(format!("validated threat {id} missing")))
    };
    let sensed = s
        .assumptions
        .sensed(&s.catalogs, &s.architecture, s.assumptions.sensing)
        .map_err(input)?;
    let mut results = Vec::new();
    let mut grids = Vec::new();
    let mut deterrents = Vec::new();
    // The first unit of the analysis at hand.
    let mut first = 0;
    for a in &s.analyses {
        let units = analysis_units(s, a);
        let mine: Vec<usize> = (0..units).filter(|&j| shard.owns(first + j)).collect();
        match a {
            Analysis::Engage { threat: id } => {
                if !mine.is_empty() {
                    let what = format!("engage {id}: flights");
                    let cases = crate::engagement::engage_cases_at(
                        &s.catalogs,
                        &s.architecture,
                        &tables,
                        threat(id)?,
                        &s.assumptions,
                        design.as_ref().map(|x| (x, &cache)),
                        &mine,
                        &|done, total| progress(&what, done, total),
                    )?;
                    for (j, case) in mine.iter().zip(cases) {
                        let shots = shots_of(case.uncertainty.as_deref());
                        results.push(Unit {
                            unit: first + j,
                            output: Output::Case {
                                case: Box::new(case),
                                shots,
                            },
                        });
                    }
                }
            }
            Analysis::Footprint {
                threat: id,
                site,
                grid,
            } => {
                let t = threat(id)?;
                let which = grids.len();
                let assumptions = s.assumptions.engagement(t.rcs_m2, s.assumptions.sensing);
                let (_, _, nx, ny) = grid.layout();
                grids.push(GridFrame::Footprint(Box::new(FootprintCase {
                    stem: match site {
                        Some(x) => format!("footprint-{id}-{x}"),
                        None => format!("footprint-{id}"),
                    },
                    architecture: s.architecture.entry.id.clone(),
                    threat: id.clone(),
                    missile: t.missile.clone(),
                    launch: t.from.clone(),
                    site: site.clone(),
                    region: None,
                    footprint: analysis::Footprint::of_cells(*grid, Vec::new()),
                    // The engage cases' ground tracks are added at the merge.
                    marks: map_marks(&earth, &sensed, t.rcs_m2, std::iter::empty()),
                })));
                if !mine.is_empty() {
                    // As analysis::footprint computes it (the family from the process's cache),
                    // for this shard's blocks.
                    let failed = |e: String| input(format!("footprint of threat {id}: {e}"));
                    let (sensors, sites) =
                        analysis::engaging(&sensed, site.as_deref()).map_err(failed)?;
                    let entry = catalog.missile(&t.missile).map_err(failed)?;
                    let family = shieldsim_scenario::family_cache::family(
                        &earth,
                        &catalog.vehicle(entry),
                        t.from.1,
                        grid,
                    )
                    .map_err(|e| failed(e.to_string()))?;
                    let indices: Vec<usize> = mine
                        .iter()
                        .flat_map(|&b| block(nx * ny, units, b))
                        .collect();
                    let what = format!("footprint {id}: aim points");
                    let mut cells = analysis::footprint_cells(
                        &earth,
                        catalog,
                        &t.missile,
                        t.from.1,
                        *grid,
                        Some(&family),
                        (&sensors, &sites),
                        &tables,
                        &assumptions,
                        None,
                        &indices,
                        &|done, total| progress(&what, done, total),
                    )
                    .map_err(|e| failed(e.to_string()))?
                    .into_iter();
                    for &b in &mine {
                        let cells = cells
                            .by_ref()
                            .take(block(nx * ny, units, b).len())
                            .collect();
                        results.push(Unit {
                            unit: first + b,
                            output: Output::Footprint {
                                grid: which,
                                block: b,
                                cells,
                            },
                        });
                    }
                }
            }
            Analysis::Coverage {
                threat: id,
                site,
                spacing_km,
            } => {
                let t = threat(id)?;
                let which = grids.len();
                let job = CoverageJob {
                    region: SCENARIO_COVERAGE_REGION,
                    threat: id.clone(),
                    missile: t.missile.clone(),
                    launch: t.from.clone(),
                    rcs_m2: t.rcs_m2,
                    site: site.clone(),
                    spacing_km: *spacing_km,
                    interval_spacing_km: s
                        .uncertainty
                        .as_ref()
                        .map_or(*spacing_km, |u| u.interval_spacing_km(*spacing_km)),
                };
                let stem = match site {
                    Some(x) => format!("coverage-{id}-{x}"),
                    None => format!("coverage-{id}"),
                };
                let spec = CoverageSpec::new(
                    &earth,
                    &s.catalogs,
                    &s.architecture,
                    &job,
                    &s.assumptions,
                    coverage_design.as_ref(),
                    false,
                    &stem,
                )?;
                if spec.main_len() != coverage_aim_points(*spacing_km) {
                    return Err(internal(
                        "a coverage grid other than its region's whole box",
                    ));
                }
                grids.push(GridFrame::Coverage(Box::new(spec.frame.clone())));
                if !mine.is_empty() {
                    let (n, n_int) = (spec.main_len(), spec.interval_len());
                    let indices = |n: usize| -> Vec<usize> {
                        mine.iter().flat_map(|&b| block(n, units, b)).collect()
                    };
                    let what = format!("coverage {id}: aim points");
                    let main = indices(n);
                    let cells =
                        spec.main_cells(&earth, &s.catalogs, &tables, &main, &|done, total| {
                            progress(&what, done, total)
                        })?;
                    let intervals = match &coverage_design {
                        Some(design) => Some(spec.interval_cells(
                            &earth,
                            &s.catalogs,
                            &tables,
                            (design, &cache),
                            &indices(n_int),
                            spec.same_grids().then_some(cells.as_slice()),
                        )?),
                        None => None,
                    };
                    let (mut cells, mut intervals) = (
                        cells.into_iter(),
                        intervals.map(|iv| (iv.cells.into_iter(), iv.verdicts.into_iter())),
                    );
                    for &b in &mine {
                        let cells = cells.by_ref().take(block(n, units, b).len()).collect();
                        let intervals = intervals.as_mut().map(|(c, v)| {
                            let k = block(n_int, units, b).len();
                            IntervalCells {
                                cells: c.by_ref().take(k).collect(),
                                verdicts: v.by_ref().take(k).collect(),
                            }
                        });
                        results.push(Unit {
                            unit: first + b,
                            output: Output::Coverage {
                                grid: which,
                                block: b,
                                cells,
                                intervals,
                            },
                        });
                    }
                }
            }
            Analysis::Deterrent(d) => {
                let deterrent = deterrents.len();
                let archs = [(&s.architecture, tables.as_slice())];
                let routes = d.bases.len() * d.targets.len();
                let cells = archs.len() * d.sensing.len();
                deterrents.push(DeterrentHead {
                    assumption: deterrent_assumption(d, &s.assumptions),
                    sites: crate::deterrent::deterrent_sites(&archs),
                    routes,
                    cells,
                });
                let my_routes: Vec<usize> = mine.iter().copied().filter(|&j| j < routes).collect();
                let sweep_mine = d.sweep.is_some() && mine.contains(&routes);
                let study = if my_routes.is_empty() {
                    None
                } else {
                    Some(deterrent_study_of(
                        &earth,
                        &s.catalogs,
                        &archs,
                        d,
                        &s.assumptions,
                        design.as_ref().map(|x| (x, &cache)),
                        &my_routes,
                        &|done, total| progress("deterrent: routes flown", done, total),
                    )?)
                };
                // The sweep is one unit: its cost is its fly-out tables (one per interceptor
                // model and speed, and the band's), which one shard builds. It flies every
                // route: this shard's own flights when it holds them all (one shard of one),
                // else every route again (flights only, a small part of its cost).
                let sweep = match (&d.sweep, sweep_mine) {
                    (Some(spec), true) => {
                        let flown;
                        let all = match &study {
                            Some(st) if st.routes.len() == routes => &st.routes,
                            _ => {
                                let every: Vec<usize> = (0..routes).collect();
                                flown = deterrent_study_of(
                                    &earth,
                                    &s.catalogs,
                                    &[],
                                    d,
                                    &s.assumptions,
                                    None,
                                    &every,
                                    &|done, total| progress("sweep: routes flown", done, total),
                                )?;
                                &flown.routes
                            }
                        };
                        let sites: Vec<SweepSite> = s
                            .architecture
                            .sites
                            .iter()
                            .map(|site| {
                                (
                                    site.clone(),
                                    s.architecture.interceptors[site.table].clone(),
                                )
                            })
                            .collect();
                        let routes: Vec<&crate::deterrent::Route> = all.iter().collect();
                        Some(speed_needed(
                            &earth,
                            &sites,
                            &routes,
                            spec,
                            "each site's own interceptor's burn profile",
                            design.as_ref().map(|_| &s.catalogs),
                        )?)
                    }
                    _ => None,
                };
                if let Some(study) = study {
                    // Rows come architecture-major, then sensing, then route: cell c of local
                    // route j is row c × (routes here) + j.
                    let here = my_routes.len();
                    let mut rows: Vec<Option<DeterrentRow>> =
                        study.rows.into_iter().map(Some).collect();
                    if rows.len() != cells * here {
                        return Err(internal("deterrent rows do not fill the cells"));
                    }
                    for (j, (&route, r)) in my_routes.iter().zip(study.routes).enumerate() {
                        let rows: Vec<DeterrentRow> = (0..cells)
                            .map(|c| {
                                rows[c * here + j]
                                    .take()
                                    .ok_or_else(|| internal("deterrent row taken twice"))
                            })
                            .collect::<Result<_, _>>()?;
                        let shots = rows
                            .iter()
                            .map(|row| shots_of(row.uncertainty.as_deref()))
                            .collect();
                        results.push(Unit {
                            unit: first + route,
                            output: Output::Route {
                                deterrent,
                                route,
                                report: Box::new(r.report),
                                rows,
                                shots,
                            },
                        });
                    }
                }
                if let Some(sweep) = sweep {
                    results.push(Unit {
                        unit: first + routes,
                        output: Output::Sweep(Box::new(sweep)),
                    });
                }
            }
        }
        first += units;
    }
    results.sort_by_key(|u| u.unit);
    Ok(Shard {
        format: SHARD_FORMAT.to_string(),
        version: VERSION.to_string(),
        fingerprint: fingerprint(s),
        shard,
        units: first,
        header: Header {
            title: s.title.clone(),
            description: s.description.clone(),
            assumptions: s.assumptions.clone(),
            settings: s.catalogs.applied.clone(),
            architectures: vec![ArchitectureInfo::of(&s.architecture)],
            basing: crate::basing::basing(
                &s.architecture,
                shieldsim_scenario::alliances::Alliances::bundled().map_err(internal)?,
            ),
            grids,
            deterrents,
        },
        results,
    })
}

/// The frame of grid analysis `grid` for its block `b`: the analysis being filled, or the
/// next one when `b` is its first block; a block other than the next (`filled`, the blocks in
/// so far) is out of place (a damaged shard).
fn next_grid<'h>(
    frames: &mut impl Iterator<Item = (usize, &'h GridFrame)>,
    filling: &mut Option<(usize, &'h GridFrame)>,
    grid: usize,
    b: usize,
    filled: usize,
) -> Result<&'h GridFrame, StudyError> {
    if filling.is_none() && b == 0 {
        *filling = frames.next();
    }
    match *filling {
        Some((g, frame)) if g == grid && b == filled => Ok(frame),
        _ => Err(input(format!(
            "block {b} of footprint or coverage analysis {grid} out of place: a damaged shard"
        ))),
    }
}

/// The shots per parameter set of an answer over the ranges, which its serialisation skips.
fn shots_of(u: Option<&crate::uncertainty::EngageUncertainty>) -> Shots {
    u.map(|u| u.shots_per_set.clone())
}

/// Put back the shots per parameter set.
fn restore(u: Option<&mut Box<crate::uncertainty::EngageUncertainty>>, shots: Shots) {
    if let (Some(u), Some(shots)) = (u, shots) {
        u.shots_per_set = shots;
    }
}

/// Every shard of a study, merged into exactly what [`crate::run_scenario`] gives. Refuses (bad
/// input, naming the shards) an empty list, shards of different studies, formats or versions,
/// a shard given twice, a missing shard, and a shard whose units are not its own.
pub fn merge(mut shards: Vec<Shard>) -> Result<StudyResults, StudyError> {
    let Some(first) = shards.first() else {
        return Err(input("no shards to merge"));
    };
    let (fp, count, units) = (first.fingerprint.clone(), first.shard.count, first.units);
    let first_spec = first.shard;
    for s in &shards {
        if s.format != SHARD_FORMAT || s.version != VERSION {
            return Err(input(format!(
                "shard {} is in format {} of shieldsim {}; this is {SHARD_FORMAT} of shieldsim {VERSION}",
                s.shard, s.format, s.version
            )));
        }
        if s.fingerprint != fp {
            return Err(input(format!(
                "shard {} is of another study than shard {first_spec} (fingerprint {} against {fp}): another scenario file, other settings or catalog figures, or another shieldsim version",
                s.shard, s.fingerprint
            )));
        }
        if s.shard.count != count {
            return Err(input(format!(
                "shard {} is one of {} shards, shard {first_spec} one of {count}: merge the shards of one split",
                s.shard, s.shard.count
            )));
        }
        ShardSpec::new(s.shard.index, s.shard.count).map_err(|e| input(format!("shard {e}")))?;
        if s.units != units {
            return Err(input(format!(
                "shard {} counts {} work units, shard {first_spec} {units}",
                s.shard, s.units
            )));
        }
    }
    shards.sort_by_key(|s| s.shard.index);
    if let Some(w) = shards.windows(2).find(|w| w[0].shard == w[1].shard) {
        return Err(input(format!(
            "shard {} was given twice: merge each shard once",
            w[0].shard
        )));
    }
    // The shards are distinct and sorted: any missing one shows as fewer shards than N. Name
    // the first few (a damaged count must not make a list of billions).
    let absent = count as usize - shards.len();
    if absent > 0 {
        let present: std::collections::BTreeSet<u32> =
            shards.iter().map(|s| s.shard.index).collect();
        let named: Vec<String> = (1..=count)
            .filter(|i| !present.contains(i))
            .take(8)
            .map(|i| format!("{i}/{count}"))
            .collect();
        return Err(input(format!(
            "shard{} {}{} missing: merge needs all {count} shards of the split",
            if absent > 1 { "s" } else { "" },
            named.join(", "),
            if absent > named.len() {
                format!(" and {} more", absent - named.len())
            } else {
                String::new()
            }
        )));
    }
    // As many results as units before anything is allocated for them (a damaged count).
    let held: usize = shards.iter().map(|s| s.results.len()).sum();
    if held != units {
        return Err(input(format!(
            "the shards hold {held} work units, the study has {units}: a damaged shard"
        )));
    }
    // Every unit once, from the shard it belongs to.
    let mut slots: Vec<Option<Output>> = (0..units).map(|_| None).collect();
    let mut header = None;
    for s in shards {
        for u in s.results {
            if !s.shard.owns(u.unit) || u.unit >= units {
                return Err(input(format!(
                    "shard {} holds work unit {}, which is not its own: a damaged shard",
                    s.shard, u.unit
                )));
            }
            if slots[u.unit].replace(u.output).is_some() {
                return Err(input(format!(
                    "shard {} holds work unit {} twice: a damaged shard",
                    s.shard, u.unit
                )));
            }
        }
        match &header {
            None => header = Some(s.header),
            Some(h) if *h != s.header => {
                return Err(input(format!(
                    "shard {} frames the report differently from the others: a damaged shard",
                    s.shard
                )));
            }
            Some(_) => {}
        }
    }
    let header = header.ok_or_else(|| internal("no header"))?;
    let outputs = slots
        .into_iter()
        .enumerate()
        .map(|(k, o)| {
            o.ok_or_else(|| {
                input(format!(
                    "work unit {k} is in no shard (shard {}/{count} should hold it): a damaged shard",
                    k % count as usize + 1
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    assemble(header, outputs)
}

/// The report from the units' results in unit order, as the single process builds it.
fn assemble(header: Header, outputs: Vec<Output>) -> Result<StudyResults, StudyError> {
    let mut cases: Vec<EngageCase> = Vec::new();
    let mut footprints = Vec::new();
    let mut coverage = Vec::new();
    let mut deterrent = None;
    let mut sweep = None;
    // The footprint or coverage analysis being filled: its blocks' cells (and intervals).
    let mut blocks: Vec<(Vec<Cell>, Option<IntervalCells>)> = Vec::new();
    let mut grid_frames = header.grids.iter().enumerate();
    let mut filling: Option<(usize, &GridFrame)> = None;
    // The deterrent analysis being filled: its routes and each route's rows.
    let mut routes: Vec<(DeterrentRoute, Vec<DeterrentRow>)> = Vec::new();
    let damaged = |what: &str| input(format!("{what}: a damaged shard"));
    for o in outputs {
        match o {
            Output::Case { mut case, shots } => {
                restore(case.uncertainty.as_mut(), shots);
                cases.push(*case);
            }
            Output::Footprint {
                grid,
                block: b,
                cells,
            } => {
                let frame = next_grid(&mut grid_frames, &mut filling, grid, b, blocks.len())?;
                let GridFrame::Footprint(f) = frame else {
                    return Err(damaged("a footprint block of a coverage analysis"));
                };
                blocks.push((cells, None));
                let n = f.footprint.nx * f.footprint.ny;
                if blocks.len() == grid_units(n) {
                    let mut f = f.as_ref().clone();
                    f.footprint.cells = blocks.drain(..).flat_map(|b| b.0).collect();
                    if f.footprint.cells.len() != n {
                        return Err(damaged("a footprint's blocks do not fill its grid"));
                    }
                    // The ground tracks of the engage cases of its threat so far.
                    f.marks.tracks = cases
                        .iter()
                        .filter(|c| c.threat == f.threat)
                        .map(ground_track)
                        .collect();
                    footprints.push(f);
                    filling = None;
                }
            }
            Output::Coverage {
                grid,
                block: b,
                cells,
                intervals,
            } => {
                let frame = next_grid(&mut grid_frames, &mut filling, grid, b, blocks.len())?;
                let GridFrame::Coverage(f) = frame else {
                    return Err(damaged("a coverage block of a footprint analysis"));
                };
                blocks.push((cells, intervals));
                let n = f.case.footprint.nx * f.case.footprint.ny;
                if blocks.len() == grid_units(n) {
                    let mut all = Vec::with_capacity(n);
                    let mut iv: Option<IntervalCells> = None;
                    for (cells, intervals) in blocks.drain(..) {
                        all.extend(cells);
                        match (intervals, &mut iv) {
                            (Some(i), Some(acc)) => {
                                acc.cells.extend(i.cells);
                                acc.verdicts.extend(i.verdicts);
                            }
                            (Some(i), None) => iv = Some(i),
                            (None, _) => {}
                        }
                    }
                    let (mut case, row) = f.as_ref().clone().assemble(all, iv)?;
                    // The ground tracks of the engage cases of its missile so far.
                    case.marks.tracks = cases
                        .iter()
                        .filter(|c| c.missile == case.missile)
                        .map(ground_track)
                        .collect();
                    footprints.push(case);
                    coverage.push(row);
                    filling = None;
                }
            }
            Output::Sweep(s) => sweep = Some(*s),
            Output::Route {
                deterrent: which,
                route,
                report,
                mut rows,
                shots,
            } => {
                let head = header
                    .deterrents
                    .get(which)
                    .ok_or_else(|| input("a route of no deterrent analysis: a damaged shard"))?;
                if route != routes.len() || rows.len() != head.cells || shots.len() != head.cells {
                    return Err(input(format!(
                        "deterrent route {route} out of place or with {} rows for {} cells: a damaged shard",
                        rows.len(),
                        head.cells
                    )));
                }
                for (row, shots) in rows.iter_mut().zip(shots) {
                    restore(row.uncertainty.as_mut(), shots);
                }
                routes.push((*report, rows));
                if routes.len() == head.routes {
                    // Every route in: the rows architecture-major, then sensing, then route.
                    let mut by_route: Vec<std::vec::IntoIter<DeterrentRow>> = Vec::new();
                    let mut reports = Vec::new();
                    for (r, rows) in routes.drain(..) {
                        reports.push(r);
                        by_route.push(rows.into_iter());
                    }
                    let mut rows = Vec::new();
                    for _ in 0..head.cells {
                        for r in &mut by_route {
                            rows.push(r.next().ok_or_else(|| internal("deterrent cell missing"))?);
                        }
                    }
                    deterrent = Some(DeterrentReport {
                        assumption: head.assumption.clone(),
                        routes: reports,
                        sites: head.sites.clone(),
                        rows,
                    });
                }
            }
        }
    }
    if filling.is_some() || grid_frames.next().is_some() {
        return Err(damaged("a footprint or coverage analysis lacks blocks"));
    }
    if !routes.is_empty() {
        return Err(input("a deterrent analysis lacks routes: a damaged shard"));
    }
    Ok(StudyResults {
        title: header.title,
        description: header.description,
        assumptions: header.assumptions,
        settings: header.settings,
        architectures: header
            .architectures
            .into_iter()
            .enumerate()
            .map(|(k, info)| ArchitectureResult {
                info,
                // One architecture per scenario: every case is its own.
                cases: if k == 0 {
                    std::mem::take(&mut cases)
                } else {
                    Vec::new()
                },
            })
            .collect(),
        deterrent,
        sweep,
        footprints,
        coverage,
        basing: header.basing,
    })
}
