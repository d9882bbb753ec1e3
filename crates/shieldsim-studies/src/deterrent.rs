//! The deterrent question: ICBM routes from launch bases to targets, flown once and engaged by
//! every architecture under each sensing assumption.

use crate::{StudyError, input};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_core::missile::MissileFlight;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::{Deterrent, ScenarioAssumptions};

/// One row of the deterrent question: can any site of an architecture engage an ICBM from a
/// base toward a target, and with what time margin.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeterrentRow {
    /// Architecture id.
    pub architecture: String,
    /// Launch base.
    pub base: String,
    /// Target.
    pub target: String,
    /// The sensing assumption (`own`, `cued`, `kinematic-bound`).
    pub sensing: String,
    /// The ICBM's burnout (s since launch).
    pub threat_burnout_s: f64,
    /// Sites that can engage.
    pub sites: Vec<String>,
    /// Best margin over the sites (s) = latest − earliest launch; negative: the closest any
    /// site comes, too late; `None` if no site both tracks the threat and reaches the path.
    pub margin_s: Option<f64>,
    /// The earliest launch of the engaging site with the best margin (s), `None` when none
    /// engages.
    pub launch_s: Option<f64>,
    /// What sets that launch ("waiting for burnout", "waiting for track").
    pub binding_constraint: Option<String>,
    /// The answer over the catalog's ranges, when the study samples them.
    pub uncertainty: Option<Box<crate::uncertainty::EngageUncertainty>>,
}

/// One route of the deterrent question: an ICBM's flight from a base to a target.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DeterrentRoute {
    /// Launch base name and position.
    pub base: (String, Geodetic),
    /// Target name and position.
    pub target: (String, Geodetic),
    /// Catalog missile id.
    pub missile: String,
    /// The flight (sampled).
    pub flight: MissileFlight,
}

/// Bases and targets of the demo's sweep: two silo fields and a mobile division toward two
/// east-coast targets and one inland, nine routes.
pub const DEMO_SWEEP_BASES: [&str; 3] = ["kozelsk", "tatishchevo", "teykovo"];
/// See [`DEMO_SWEEP_BASES`].
pub const DEMO_SWEEP_TARGETS: [&str; 3] = ["washington", "new-york", "chicago"];

/// One deterrent route: what the report shows, and the threat path the engagements use.
pub struct Route {
    /// The route as reported.
    pub report: crate::DeterrentRoute,
    /// Its threat path.
    pub path: shieldsim_core::threat_path::ThreatPath,
}

/// An interceptor site of an architecture in the deterrent question, and where it is (the
/// report's polar map draws it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeterrentSite {
    /// Architecture id.
    pub architecture: String,
    /// Site id.
    pub site: String,
    /// Launcher position.
    pub position: Geodetic,
}

/// The deterrent question answered for some architectures.
pub struct DeterrentStudy {
    /// Every (base, target) route, base-major.
    pub routes: Vec<Route>,
    /// Every site of every architecture asked, architecture-major.
    pub sites: Vec<DeterrentSite>,
    /// One row per (architecture, route), architecture-major.
    pub rows: Vec<crate::DeterrentRow>,
}

impl DeterrentStudy {
    /// What the report writers take (the threat paths are no longer needed).
    pub fn into_report(self, assumption: String) -> DeterrentReport {
        DeterrentReport {
            assumption,
            routes: self.routes.into_iter().map(|r| r.report).collect(),
            sites: self.sites,
            rows: self.rows,
        }
    }
}

/// The deterrent section of a report.
#[derive(Debug, Clone)]
pub struct DeterrentReport {
    /// The assumption, in words.
    pub assumption: String,
    /// Routes.
    pub routes: Vec<crate::DeterrentRoute>,
    /// Every site of every architecture asked, architecture-major.
    pub sites: Vec<DeterrentSite>,
    /// Rows.
    pub rows: Vec<crate::DeterrentRow>,
}

/// The deterrent question's assumptions, in words.
pub fn deterrent_assumption(d: &Deterrent, a: &ScenarioAssumptions) -> String {
    let sensing: Vec<&str> = d.sensing.iter().map(|s| s.describe()).collect();
    format!(
        "{} minimum-energy flights from the launch bases to the targets. Kill chain: a fire-control solution no earlier than the ICBM's burnout plus {} s track-after-burnout, and only while a linked radar tracks it; then the {} s decision delay; space-based infrared warns but never gives fire control. Answers under each sensing assumption — {}. The kinematic bound is an upper bound on capability, not a claim that any sensor gives such a track. cued links {} to every site.",
        d.missile,
        a.track_after_burnout_s,
        a.decision_delay_s,
        sensing.join("; "),
        if a.cued_radars.is_empty() {
            "no radar".to_string()
        } else {
            a.cued_radars.join(", ")
        }
    )
}

/// Fly every route of `d` once (in parallel; the order is the routes' order whatever the
/// thread count) and engage it with every architecture under each of `d`'s sensing
/// assumptions.
pub fn deterrent_study(
    earth: &Earth,
    catalogs: &Catalogs,
    archs: &[(&ResolvedArchitecture, &[FlyoutTable])],
    d: &Deterrent,
    a: &ScenarioAssumptions,
    uncertainty: Option<(
        &crate::uncertainty::Design,
        &crate::uncertainty::LatticeCache,
    )>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<DeterrentStudy, StudyError> {
    let every: Vec<usize> = (0..d.bases.len() * d.targets.len()).collect();
    deterrent_study_of(earth, catalogs, archs, d, a, uncertainty, &every, progress)
}

/// [`deterrent_study`] for the routes `only` (indices into the base-major list of routes, in
/// the order given): a shard's work units (`crate::shard`). A route's rows depend on the route
/// alone (its flight, its threat variants, the design's parameter sets), never on which other
/// routes are answered with it.
// The inputs are deterrent_study's own plus the routes.
#[allow(clippy::too_many_arguments)]
pub fn deterrent_study_of(
    earth: &Earth,
    catalogs: &Catalogs,
    archs: &[(&ResolvedArchitecture, &[FlyoutTable])],
    d: &Deterrent,
    a: &ScenarioAssumptions,
    uncertainty: Option<(
        &crate::uncertainty::Design,
        &crate::uncertainty::LatticeCache,
    )>,
    only: &[usize],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<DeterrentStudy, StudyError> {
    use rayon::prelude::*;
    type NamedPlace = (String, Geodetic);
    let every: Vec<(&NamedPlace, &NamedPlace)> = d
        .bases
        .iter()
        .flat_map(|b| d.targets.iter().map(move |t| (b, t)))
        .collect();
    let pairs: Vec<(&NamedPlace, &NamedPlace)> =
        only.iter()
            .map(|&k| {
                every.get(k).copied().ok_or_else(|| {
                    crate::internal(format!("the deterrent question has no route {k}"))
                })
            })
            .collect::<Result<_, _>>()?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    // The first failing route in route order, whatever the thread count.
    let routes = analysis::try_par_map(&pairs, |&(b, t)| {
        let (flight, path) =
            analysis::threat_path(earth, &catalogs.catalog, &d.missile, (b.1, t.1))
                .map_err(|e| input(format!("deterrent {} {} → {}: {e}", d.missile, b.0, t.0)))?;
        progress(
            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
            pairs.len(),
        );
        Ok::<_, StudyError>(Route {
            report: crate::DeterrentRoute {
                base: b.clone(),
                target: t.clone(),
                missile: d.missile.clone(),
                flight,
            },
            path,
        })
    })?;
    // The threat's own figures over their ranges: variants flown once per route, shared by
    // every architecture and sensing.
    let variants: Vec<Option<crate::uncertainty::ThreatVariants>> = match uncertainty {
        Some((design, _)) => {
            let done = std::sync::atomic::AtomicUsize::new(0);
            analysis::try_par_map(&routes, |r| {
                let v = crate::uncertainty::threat_variants(
                    earth,
                    catalogs,
                    &d.missile,
                    (r.report.base.1, r.report.target.1),
                    design,
                );
                progress(
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                    routes.len(),
                );
                v.map(Some)
            })?
        }
        None => vec![None; routes.len()],
    };
    let rcs_m2 = catalogs.assumptions.rcs_m2.value;
    let mut rows = Vec::new();
    for (arch, tables) in archs {
        for &sensing in &d.sensing {
            let sensed = a.sensed(catalogs, arch, sensing).map_err(input)?;
            let assumptions = a.engagement(rcs_m2, sensing);
            let answers = routes
                .par_iter()
                .map(|r| {
                    shieldsim_core::engagement::engage(
                        earth,
                        &r.path,
                        &sensed.sensors,
                        &sensed.sites,
                        tables,
                        &assumptions,
                    )
                })
                .collect::<Vec<_>>();
            // Over the catalog's ranges: one preparation (design, fly-out lattice) per
            // architecture and sensing, then every route in parallel, in route order.
            let ranges = match uncertainty {
                Some((design, cache)) => {
                    let prepared = crate::uncertainty::Prepared::new(
                        catalogs,
                        &sensed,
                        assumptions,
                        design,
                        cache,
                        false,
                    )?;
                    let pairs: Vec<(&Route, &Option<crate::uncertainty::ThreatVariants>)> =
                        routes.iter().zip(&variants).collect();
                    let answers = analysis::try_par_map(&pairs, |(r, v)| {
                        prepared.answer_with(&r.path, v.as_ref(), true)
                    })?;
                    answers.into_iter().map(|u| Some(Box::new(u))).collect()
                }
                None => vec![None; routes.len()],
            };
            for ((r, e), u) in routes.iter().zip(answers).zip(ranges) {
                let mut row = deterrent_row(&arch.entry.id, r, &e);
                row.uncertainty = u;
                rows.push(row);
            }
        }
    }
    Ok(DeterrentStudy {
        routes,
        sites: deterrent_sites(archs),
        rows,
    })
}

/// Every site of every architecture asked, architecture-major.
pub fn deterrent_sites(archs: &[(&ResolvedArchitecture, &[FlyoutTable])]) -> Vec<DeterrentSite> {
    archs
        .iter()
        .flat_map(|(arch, _)| {
            arch.sites.iter().map(|s| DeterrentSite {
                architecture: arch.entry.id.clone(),
                site: s.id.clone(),
                position: s.position,
            })
        })
        .collect()
}

/// One route's answer: the engaging sites, and the timeline of the site with the best margin
/// (of all sites when none engages).
pub fn deterrent_row(
    architecture: &str,
    r: &Route,
    e: &shieldsim_core::engagement::Engagement,
) -> crate::DeterrentRow {
    let best = |engaging: bool| {
        e.sites
            .iter()
            .filter(|s| s.outcome.is_ok() == engaging)
            .filter_map(|s| Some((s, s.margin_s?)))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .map(|x| x.0)
    };
    let engaging = best(true);
    let shown = engaging.or_else(|| best(false));
    crate::DeterrentRow {
        architecture: architecture.to_string(),
        base: r.report.base.0.clone(),
        target: r.report.target.0.clone(),
        sensing: e.sensing.name().to_string(),
        threat_burnout_s: e.burnout_s,
        sites: e
            .sites
            .iter()
            .filter(|s| s.outcome.is_ok())
            .map(|s| s.site.clone())
            .collect(),
        margin_s: shown.and_then(|s| s.margin_s),
        launch_s: engaging.and_then(|s| s.earliest_launch_s),
        binding_constraint: engaging.and_then(|s| s.binding.map(|b| b.name().to_string())),
        uncertainty: None,
    }
}
