//! Whole studies: every analysis a validated scenario declares, and the bundled EPAA demo, as
//! typed results for the writers (no I/O; progress through a callback).

use crate::coverage::{
    COVERAGE_SPACING_KM, COVERAGE_THREATS, CoverageJob, DEMO_CSTO_YEAR, coverage_study,
};
use crate::deterrent::{
    DEMO_SWEEP_BASES, DEMO_SWEEP_TARGETS, Route, deterrent_assumption, deterrent_study,
};
use crate::engagement::engage_cases;
use crate::sweep::speed_needed;
use crate::{ArchitectureInfo, ArchitectureResult, Progress, StudyError, StudyResults, internal};
use shieldsim_core::earth::Earth;
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::alliances::Alliances;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::geo::RegionId;
use shieldsim_scenario::scenario::{Deterrent, Scenario, ScenarioAssumptions, SweepSpec, Threat};

/// Every analysis of a validated scenario, in file order. `progress` hears (what, done, total)
/// as footprints and coverage advance. The whole study as one shard of one, merged
/// ([`crate::shard`]): the sharded and the single-process run share every line of the study.
pub fn run_scenario(s: &Scenario, progress: Progress) -> Result<StudyResults, StudyError> {
    crate::shard::merge(vec![crate::shard::run_scenario_shard(
        s,
        crate::shard::ShardSpec::WHOLE,
        progress,
    )?])
}

/// The bundled alliances (a malformed bundled file is a build defect).
fn alliances() -> Result<&'static Alliances, StudyError> {
    Alliances::bundled().map_err(internal)
}

/// The bundled EPAA study: every EPAA phase, the NATO interim capability, Russia's sectoral
/// proposal, the joint NATO–Russia system and the hypothetical Nordic site against Iranian
/// MRBM/IRBM threats aimed at European capitals within their reach; their coverage of NATO
/// Europe and of the CSTO members ([`DEMO_CSTO_YEAR`]); and the deterrent question under every
/// sensing assumption, with the speed sweep.
pub fn demo(progress: Progress) -> Result<StudyResults, StudyError> {
    demo_with(&DemoOptions::default(), progress)
}

/// How the demo runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOptions {
    /// The catalog's ranges sampled for every deterrent cell, or `None` for the point answers
    /// alone. On by default: 200 parameter sets, seed 1, triangular.
    pub uncertainty: Option<crate::uncertainty::Design>,
    /// Parameter sets per coverage footprint (with `uncertainty`; 0: none).
    pub coverage_samples: u32,
}

impl Default for DemoOptions {
    fn default() -> DemoOptions {
        DemoOptions {
            uncertainty: Some(crate::uncertainty::Design {
                samples: DEMO_SAMPLES,
                seed: 1,
                distribution: crate::uncertainty::Distribution::Triangular,
                vary: Vec::new(),
                fix: Vec::new(),
                narrow: Vec::new(),
            }),
            coverage_samples: DEMO_COVERAGE_SAMPLES,
        }
    }
}

/// Parameter sets per deterrent cell in the demo.
pub const DEMO_SAMPLES: u32 = 200;
/// Parameter sets per coverage footprint in the demo.
pub const DEMO_COVERAGE_SAMPLES: u32 = 20;
/// Grid spacing of the demo's coverage intervals (km). Each parameter set is a footprint
/// evaluation, and an evaluation with long radar tracks costs several milliseconds per aim
/// point; on the footprints' own 50 km grid the intervals would take minutes (BENCHMARKS.md),
/// so they come from a 150 km grid, whose own shares at the values in use are reported beside
/// them.
pub const DEMO_INTERVAL_SPACING_KM: f64 = 150.0;
/// Grid spacing of the demo's footprints over the CSTO members (km). Their land is 3.4 times
/// NATO Europe's (20.2 against 6.0 million km²) and the IRBM reaches 57 % of it, so a 50 km grid
/// would cost the demo more than all of NATO Europe's coverage; at 100 km the CSTO grid holds
/// about as many aim points per footprint as NATO Europe's 50 km grid does in its smaller
/// region, and every row states its spacing.
pub const DEMO_CSTO_SPACING_KM: f64 = 100.0;
/// Grid spacing of the intervals over the CSTO members (km): twice the footprint grid, as
/// NATO Europe's 150 km is three times its 50 km, and reported beside that grid's own share.
pub const DEMO_CSTO_INTERVAL_SPACING_KM: f64 = 300.0;

/// [`demo`] with options.
pub fn demo_with(options: &DemoOptions, progress: Progress) -> Result<StudyResults, StudyError> {
    // Fly-out tables on the speed lattice, shared by every answer over the ranges.
    let lattice = crate::uncertainty::LatticeCache::default();
    const ARCHITECTURES: [&str; 9] = [
        "nato-interim-2012",
        "epaa-phase-1",
        "epaa-phase-2",
        "epaa-phase-3",
        "epaa-phase-4",
        "epaa-phase-4-north-sea",
        // Issue 15: the other side's proposals and the hypothetical Nordic site.
        "russia-sectoral-2010",
        "nato-russia-joint",
        "nordic",
    ];
    let catalogs = Catalogs::bundled().map_err(internal)?;
    let (catalog, defence) = (&catalogs.catalog, &catalogs.defence);
    // A bundled place by name: its catalog id and surface position.
    let place = |name: &str| {
        catalog
            .resolve_place(name)
            .map(|p| p.named())
            .map_err(internal)
    };
    let threats = vec![
        Threat {
            id: "irbm".into(),
            missile: "irbm-4000".into(),
            from: place("semnan")?,
            to: vec![
                place("bucharest")?,
                place("warsaw")?,
                place("berlin")?,
                place("rome")?,
            ],
            rcs_m2: 0.1,
        },
        Threat {
            id: "mrbm".into(),
            missile: "mrbm-2000".into(),
            from: place("tabriz")?,
            to: vec![place("bucharest")?, place("kurecik")?],
            rcs_m2: 0.1,
        },
    ];
    let a = ScenarioAssumptions::defaults(&catalogs.assumptions, defence);
    // One fly-out table per interceptor type, shared by the architectures.
    let mut table_cache: Vec<(String, FlyoutTable)> = Vec::new();
    let mut archs = Vec::new();
    for id in ARCHITECTURES {
        archs.push(defence.architecture(catalog, id).map_err(internal)?);
    }
    // Each architecture's tables, in `Site::table` order, built once and used by every analysis.
    let mut arch_tables = Vec::new();
    let mut per_arch = Vec::new();
    for arch in &archs {
        let mut tables = Vec::new();
        for (iid, model) in &arch.interceptors {
            let t = match table_cache.iter().find(|(k, _)| k == iid) {
                Some((_, t)) => t.clone(),
                None => {
                    let t = shieldsim_scenario::table_cache::table(model).map_err(internal)?;
                    table_cache.push((iid.clone(), t.clone()));
                    t
                }
            };
            tables.push(t);
        }
        let mut cases = Vec::new();
        for t in &threats {
            cases.extend(engage_cases(
                &catalogs,
                arch,
                &tables,
                t,
                &a,
                options.uncertainty.as_ref().map(|x| (x, &lattice)),
                &|done, total| progress(&format!("engage {}: flights", arch.entry.id), done, total),
            )?);
        }
        per_arch.push((arch, cases));
        arch_tables.push(tables);
    }
    // The deterrent question: Russian ICBM bases toward North America, every architecture;
    // the sweep over the North Sea variant's sites, each flying the SM-3 IIA's burn profile.
    let earth = Earth::wgs84();
    let question = Deterrent::defaults(catalog).map_err(internal)?;
    let archs_tables: Vec<(&ResolvedArchitecture, &[FlyoutTable])> = per_arch
        .iter()
        .zip(&arch_tables)
        .map(|((arch, _), t)| (*arch, t.as_slice()))
        .collect();
    let study = deterrent_study(
        &earth,
        &catalogs,
        &archs_tables,
        &question,
        &a,
        options.uncertainty.as_ref().map(|x| (x, &lattice)),
        &|done, total| progress("deterrent: routes flown", done, total),
    )?;
    let north_sea = archs
        .iter()
        .find(|x| x.entry.id == "epaa-phase-4-north-sea")
        .ok_or_else(|| internal("the demo lacks the North Sea variant"))?;
    let iia = defence.interceptor("sm3-iia").map_err(internal)?.model();
    let sweep_routes: Vec<&Route> = study
        .routes
        .iter()
        .filter(|r| {
            DEMO_SWEEP_BASES.contains(&r.report.base.0.as_str())
                && DEMO_SWEEP_TARGETS.contains(&r.report.target.0.as_str())
        })
        .collect();
    let sweep = speed_needed(
        &earth,
        &north_sea
            .sites
            .iter()
            .map(|s| (s.clone(), ("sm3-iia".to_string(), iia.clone())))
            .collect::<Vec<_>>(),
        &sweep_routes,
        &SweepSpec::default(),
        "an SM-3-class interceptor with the IIA's burn profile at every site",
        options.uncertainty.as_ref().map(|_| &catalogs),
    )?;
    let deterrent = study.into_report(deterrent_assumption(&question, &a));
    // Each threat over NATO Europe, then over the CSTO members of DEMO_CSTO_YEAR.
    let jobs = [RegionId::NatoEurope, RegionId::Csto(DEMO_CSTO_YEAR)]
        .into_iter()
        .flat_map(|region| COVERAGE_THREATS.iter().map(move |t| (region, t)))
        .map(|(region, &(threat, missile, from))| {
            Ok(CoverageJob {
                region,
                threat: threat.into(),
                missile: missile.into(),
                launch: place(from)?,
                rcs_m2: 0.1,
                site: None,
                spacing_km: match region {
                    RegionId::NatoEurope => COVERAGE_SPACING_KM,
                    RegionId::Csto(_) => DEMO_CSTO_SPACING_KM,
                },
                interval_spacing_km: match region {
                    RegionId::NatoEurope => DEMO_INTERVAL_SPACING_KM,
                    RegionId::Csto(_) => DEMO_CSTO_INTERVAL_SPACING_KM,
                },
            })
        })
        .collect::<Result<Vec<_>, StudyError>>()?;
    let arch_runs: Vec<crate::coverage::ArchRun> = per_arch
        .iter()
        .zip(&arch_tables)
        .map(|((arch, cases), t)| (*arch, t.as_slice(), cases.as_slice()))
        .collect();
    let coverage_design = options
        .uncertainty
        .as_ref()
        .filter(|_| options.coverage_samples > 0)
        .map(|d| crate::uncertainty::Design {
            samples: options.coverage_samples,
            ..d.clone()
        });
    let (footprints, coverage) = coverage_study(
        &earth,
        &catalogs,
        &arch_runs,
        &jobs,
        &a,
        &|arch, job| match job.region {
            RegionId::NatoEurope => format!("footprint-{arch}-{}", job.threat),
            other => format!("footprint-{arch}-{}-{}", job.threat, other.key()),
        },
        coverage_design.as_ref().map(|x| (x, &lattice)),
        &|done, total| progress("coverage: aim points", done, total),
    )?;
    let alliances = alliances()?;
    let basing = archs
        .iter()
        .flat_map(|a| crate::basing::basing(a, alliances))
        .collect();
    Ok(StudyResults {
        title: "The European Phased Adaptive Approach, phase by phase".into(),
        description: format!(
            "Which EPAA and NATO sites can engage Iranian medium- and intermediate-range missiles aimed at European capitals, from the 2011 first phase to the cancelled SM-3 IIB phase and its North Sea variant, and under the other side's proposals (Russia's 2010 sectoral defence, a joint NATO–Russia system with Russian early-warning data) and a hypothetical Nordic site; how much of NATO Europe's territory and population, and of the CSTO members' ({DEMO_CSTO_YEAR} membership), each covers; and whether any site could reach Russian ICBMs flying to North America."
        ),
        assumptions: a,
        settings: catalogs.applied.clone(),
        architectures: per_arch
            .into_iter()
            .map(|(arch, cases)| ArchitectureResult {
                info: ArchitectureInfo::of(arch),
                cases,
            })
            .collect(),
        deterrent: Some(deterrent),
        sweep: Some(sweep),
        footprints,
        coverage,
        basing,
    })
}
