//! `shieldsim run FILE --out DIR` and `shieldsim demo [--out DIR]`: run a scenario's analyses
//! (or the bundled EPAA study) and write the report directory atomically.

use crate::cli::Failure;
use serde_json::{Value, json};
use shieldsim_core::earth::Earth;
use shieldsim_core::earth::Geodetic;
use shieldsim_core::engagement::{Assumptions, Sensing};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_report::{EngageCase, SiteInfo};
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::{
    Analysis, Deterrent, Scenario, ScenarioAssumptions, SweepSpec, Threat,
};
use std::path::Path;

/// Every aim point of a threat engaged by an architecture, under the scenario's sensing
/// assumption.
fn engage_cases(
    catalogs: &Catalogs,
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    threat: &Threat,
    a: &ScenarioAssumptions,
) -> Result<Vec<EngageCase>, Failure> {
    let earth = Earth::wgs84();
    let assumptions = a.engagement(threat.rcs_m2, a.sensing);
    let sensed = a
        .sensed(catalogs, arch, a.sensing)
        .map_err(Failure::input)?;
    let mut cases = Vec::new();
    for (to_name, to) in &threat.to {
        let (flight, engagement) = analysis::engage_threat(
            &earth,
            &catalogs.catalog,
            &threat.missile,
            (threat.from.1, *to),
            &sensed,
            tables,
            &assumptions,
        )
        .map_err(|e| {
            Failure::input(format!(
                "threat {} ({} → {to_name}): {e}",
                threat.id, threat.from.0
            ))
        })?;
        cases.push(EngageCase {
            architecture: arch.entry.id.clone(),
            year: arch.entry.year,
            threat: threat.id.clone(),
            missile: threat.missile.clone(),
            from: threat.from.clone(),
            to: (to_name.clone(), *to),
            flight,
            engagement,
            sites: arch
                .sites
                .iter()
                .map(|s| SiteInfo {
                    id: s.id.clone(),
                    interceptor: arch.interceptors[s.table].0.clone(),
                    position: s.position,
                })
                .collect(),
        });
    }
    Ok(cases)
}

fn case_json(c: &EngageCase) -> Value {
    let opportunities: Vec<Value> = c
        .engagement
        .sites
        .iter()
        .filter_map(|s| {
            let o = s.outcome.as_ref().ok()?;
            Some(json!({
                "site": s.site, "cue_sensor": s.cue_sensor,
                "first_detect_s": s.first_detect_s, "track_s": s.track_s,
                "fire_control_s": s.fire_control_s, "earliest_launch_s": s.earliest_launch_s,
                "latest_launch_s": s.latest_launch_s, "margin_s": s.margin_s,
                "binding_constraint": s.binding.map(|b| b.name()),
                "launch_s": o.launch_s, "intercept_s": o.intercept_s,
                "latest_intercept_s": o.latest_intercept_s, "intercept_alt_km": o.intercept.alt_km(),
                "intercept_lat_deg": o.intercept.lat_deg(), "intercept_lon_deg": o.intercept.lon_deg(),
                "closing_speed_km_s": o.closing_speed_m_s / 1e3, "shots": o.shots
            }))
        })
        .collect();
    let reasons: Vec<Value> = c
        .engagement
        .sites
        .iter()
        .filter_map(|s| {
            let r = s.outcome.as_ref().err()?;
            Some(json!({"site": s.site, "reason": r.reason()}))
        })
        .collect();
    json!({
        "architecture": c.architecture, "threat": c.threat, "missile": c.missile,
        "from": c.from.0, "to": c.to.0, "sensing": c.engagement.sensing.name(),
        "threat_burnout_s": c.engagement.burnout_s, "warning_s": c.engagement.warning_s,
        "flight_time_s": c.flight.flight_time_s(), "apogee_km": c.flight.rv.apogee_alt_m / 1e3,
        "ground_range_km": c.flight.rv.ground_range_m / 1e3,
        "engageable": !opportunities.is_empty(), "opportunities": opportunities, "cannot_engage": reasons
    })
}

fn assumptions_html(
    a: &ScenarioAssumptions,
    applied: &[shieldsim_scenario::catalogs::Applied],
) -> String {
    let settings: String = applied
        .iter()
        .map(|x| {
            format!(
                "<li>set <code>{}</code> = {} (catalog {}; sourced range {} … {}){}</li>",
                x.key,
                x.value,
                x.catalog_value,
                x.low,
                x.high,
                if x.outside_range {
                    " — outside the sourced range"
                } else {
                    ""
                }
            )
        })
        .collect();
    format!(
        "<ul><li>sensing for the engagement tables, footprints and coverage: {}</li><li>kill chain: detection → track (each radar's own delay) → fire-control solution, no earlier than threat burnout + {} s track-after-burnout → decision delay {} s → launch; space-based infrared warns but never gives fire control</li>{settings}<li>kill assessment between shots: {} s</li><li>single-shot kill probability: {} (scenario parameter)</li><li>shots per salvo: {}; raid size: {}</li><li>threats fly minimum-energy trajectories on the rotating WGS84 Earth; interceptors are kinematic fly-out models; sites fire on any linked radar's track. Every catalog figure, with source and uncertainty range: <code>shieldsim list --json</code>.</li></ul>",
        a.sensing.describe(),
        a.track_after_burnout_s,
        a.decision_delay_s,
        a.kill_assessment_s,
        a.pk,
        a.shots_per_salvo,
        a.raid_size
    )
}

/// All output files for a set of architectures' engagement cases.
#[allow(clippy::too_many_arguments)]
fn report_files(
    title: &str,
    description: &str,
    a: &ScenarioAssumptions,
    applied: &[shieldsim_scenario::catalogs::Applied],
    per_arch: &[(&ResolvedArchitecture, Vec<EngageCase>)],
    deterrent: Option<&DeterrentReport>,
    sweep: Option<&shieldsim_report::Sweep>,
    footprints: &[shieldsim_report::FootprintCase],
    coverage: &[shieldsim_report::CoverageRow],
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let json_bytes = |v: &Value| -> Result<Vec<u8>, Failure> {
        serde_json::to_vec_pretty(v)
            .map(|mut b| {
                b.push(b'\n');
                b
            })
            .map_err(|e| Failure::internal(format!("JSON encoding failed: {e}")))
    };
    let mut files = Vec::new();
    let mut all_cases = Vec::new();
    for f in footprints {
        files.push((
            format!("{}.csv", f.stem),
            shieldsim_report::footprint_csv(f).into_bytes(),
        ));
        files.push((
            format!("{}.geojson", f.stem),
            json_bytes(&shieldsim_report::footprint_geojson(f))?,
        ));
        files.push((
            format!("{}.kml", f.stem),
            shieldsim_report::footprint_kml(f).into_bytes(),
        ));
        files.push((
            format!("{}.czml", f.stem),
            json_bytes(&shieldsim_report::footprint_czml(f))?,
        ));
    }
    for (arch, cases) in per_arch {
        if cases.is_empty() {
            continue;
        }
        let stem = format!("engage-{}", arch.entry.id);
        files.push((
            format!("{stem}.csv"),
            shieldsim_report::engage_csv(cases).into_bytes(),
        ));
        files.push((
            format!("{stem}.geojson"),
            json_bytes(&shieldsim_report::engage_geojson(cases))?,
        ));
        files.push((
            format!("{stem}.kml"),
            shieldsim_report::engage_kml(title, cases).into_bytes(),
        ));
        files.push((
            format!("{stem}.czml"),
            json_bytes(&shieldsim_report::engage_czml(title, cases))?,
        ));
        all_cases.extend(cases.iter().cloned());
    }
    if let Some(d) = deterrent {
        files.push((
            "deterrent.csv".into(),
            shieldsim_report::deterrent_csv(&d.routes, &d.rows).into_bytes(),
        ));
        files.push((
            "deterrent.geojson".into(),
            json_bytes(&shieldsim_report::deterrent_geojson(&d.routes, &d.rows))?,
        ));
        files.push((
            "deterrent.kml".into(),
            shieldsim_report::deterrent_kml("The deterrent question", &d.routes, &d.rows)
                .into_bytes(),
        ));
        files.push((
            "deterrent.czml".into(),
            json_bytes(&shieldsim_report::deterrent_czml(
                "The deterrent question",
                &d.routes,
            ))?,
        ));
    }
    let summary = json!({
        "title": title,
        "description": description,
        "assumptions": {"decision_delay_s": a.decision_delay_s,
            "track_after_burnout_s": a.track_after_burnout_s, "sensing": a.sensing.name(),
            "cued_radars": a.cued_radars, "kill_assessment_s": a.kill_assessment_s,
            "pk": a.pk, "shots_per_salvo": a.shots_per_salvo, "raid_size": a.raid_size},
        "settings": applied,
        "architectures": per_arch.iter().map(|(arch, _)| json!({
            "id": arch.entry.id, "year": arch.entry.year, "command": arch.entry.command,
            "source": arch.entry.source,
            // Shares of NATO Europe inside the architecture's footprints (empty when the run
            // computed none).
            "coverage": coverage.iter().filter(|c| c.architecture == arch.entry.id)
                .map(shieldsim_report::coverage_json).collect::<Vec<_>>()
        })).collect::<Vec<_>>(),
        "engagements": all_cases.iter().map(case_json).collect::<Vec<_>>(),
        "deterrent": deterrent.map_or(json!([]), |d| shieldsim_report::deterrent_json(&d.rows)),
        "deterrent_assumption": deterrent.map(|d| &d.assumption),
        "sensitivity": sweep.map_or(json!([]), |s| shieldsim_report::sweep_json(&s.points)),
        "sensitivity_assumption": sweep.map(|s| &s.interceptor_text),
        "footprints": footprints.iter().map(|f| shieldsim_report::footprint_geojson(f)["features"][0]["properties"].clone()).collect::<Vec<_>>()
    });
    files.push(("summary.json".into(), json_bytes(&summary)?));
    files.push((
        "index.html".into(),
        shieldsim_report::engage_html(
            title,
            description,
            &assumptions_html(a, applied),
            &all_cases,
            &deterrent
                .map(|d| shieldsim_report::deterrent_html(&d.assumption, &d.routes, &d.rows))
                .into_iter()
                .chain(sweep.map(shieldsim_report::sweep_html))
                .chain((!coverage.is_empty()).then(|| shieldsim_report::coverage_html(coverage)))
                .chain(footprints.iter().map(shieldsim_report::footprint_html))
                .collect::<Vec<_>>(),
        )
        .into_bytes(),
    ));
    files.sort_by(|x, y| x.0.cmp(&y.0));
    Ok(files)
}

/// Write the report folder `out` (see `shieldsim_report::write_dir_atomically`): notes about a
/// killed run's leftovers go to stderr; every refusal and I/O error is bad input (exit 2).
fn write(out: &Path, force: bool, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    shieldsim_report::write_dir_atomically(out, files, force, &mut |n| eprintln!("note: {n}"))
        .map_err(|e| out_failure(out, e))
}

/// Refuse `--out` before a run starts if the write would refuse it (it checks again).
pub fn check_out(out: &Path, force: bool) -> Result<(), Failure> {
    shieldsim_report::check_out_dir(out, force).map_err(|e| out_failure(out, e))
}

fn out_failure(out: &Path, e: shieldsim_report::OutError) -> Failure {
    use shieldsim_report::OutError;
    Failure::input(match e {
        OutError::NotAReport { .. } => {
            format!("{e}; pass --force to replace it, or choose another folder")
        }
        OutError::Io { .. } => format!("{}: cannot write the report: {e}", out.display()),
        _ => e.to_string(),
    })
}

/// A progress bar for one analysis (indicatif draws only on a terminal; elsewhere it stays
/// hidden).
fn progress_bar(message: String) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0).with_message(message);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} aim points ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Move `bar` to `done` of `total`.
fn advance(bar: &indicatif::ProgressBar, done: usize, total: usize) {
    bar.set_length(total as u64);
    bar.set_position(done as u64);
}

/// Run a validated scenario into `out`.
pub fn run_scenario(s: &Scenario, out: &Path, force: bool) -> Result<usize, Failure> {
    let tables = analysis::tables(&s.architecture).map_err(Failure::internal)?;
    let earth = Earth::wgs84();
    let catalog = &s.catalogs.catalog;
    let threat = |id: &str| {
        s.threats
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Failure::internal(format!("validated threat {id} missing")))
    };
    let sensed = s
        .assumptions
        .sensed(&s.catalogs, &s.architecture, s.assumptions.sensing)
        .map_err(Failure::input)?;
    let mut cases = Vec::new();
    let mut footprints = Vec::new();
    let mut coverage = Vec::new();
    let mut deterrent = None;
    let mut sweep = None;
    for a in &s.analyses {
        match a {
            Analysis::Engage { threat: id } => {
                cases.extend(engage_cases(
                    &s.catalogs,
                    &s.architecture,
                    &tables,
                    threat(id)?,
                    &s.assumptions,
                )?);
            }
            Analysis::Footprint {
                threat: id,
                site,
                grid,
            } => {
                let t = threat(id)?;
                let bar = progress_bar(format!("footprint {id}"));
                let assumptions = s.assumptions.engagement(t.rcs_m2, s.assumptions.sensing);
                let fp = analysis::footprint(
                    &earth,
                    catalog,
                    &t.missile,
                    t.from.1,
                    *grid,
                    &sensed,
                    &tables,
                    &assumptions,
                    site.as_deref(),
                    analysis::FootprintMethod::default(),
                    &|done, total| advance(&bar, done, total),
                )
                .map_err(|e| Failure::input(format!("footprint of threat {id}: {e}")))?;
                bar.finish_and_clear();
                footprints.push(shieldsim_report::FootprintCase {
                    stem: match site {
                        Some(x) => format!("footprint-{id}-{x}"),
                        None => format!("footprint-{id}"),
                    },
                    architecture: s.architecture.entry.id.clone(),
                    threat: id.clone(),
                    missile: t.missile.clone(),
                    launch: t.from.clone(),
                    site: site.clone(),
                    footprint: fp,
                    marks: map_marks(
                        &earth,
                        &sensed,
                        t.rcs_m2,
                        cases.iter().filter(|c| c.threat == *id),
                    ),
                });
            }
            Analysis::Coverage {
                threat: id,
                site,
                spacing_km,
            } => {
                let t = threat(id)?;
                let job = CoverageJob {
                    threat: id.clone(),
                    missile: t.missile.clone(),
                    launch: t.from.clone(),
                    rcs_m2: t.rcs_m2,
                    site: site.clone(),
                    spacing_km: *spacing_km,
                };
                let bar = progress_bar(format!("coverage {id}"));
                let (mut f, mut c) = coverage_study(
                    &earth,
                    &s.catalogs,
                    &[(&s.architecture, &tables, &cases)],
                    &[job],
                    &s.assumptions,
                    &|_, job| match &job.site {
                        Some(x) => format!("coverage-{}-{x}", job.threat),
                        None => format!("coverage-{}", job.threat),
                    },
                    &|done, total| advance(&bar, done, total),
                )?;
                bar.finish_and_clear();
                footprints.append(&mut f);
                coverage.append(&mut c);
            }
            Analysis::Deterrent(d) => {
                let study = deterrent_study(
                    &earth,
                    &s.catalogs,
                    &[(&s.architecture, &tables)],
                    d,
                    &s.assumptions,
                )?;
                if let Some(spec) = &d.sweep {
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
                    let routes: Vec<&Route> = study.routes.iter().collect();
                    sweep = Some(speed_needed(
                        &earth,
                        &sites,
                        &routes,
                        spec,
                        "each site's own interceptor's burn profile",
                    )?);
                }
                deterrent = Some(study.into_report(deterrent_assumption(d, &s.assumptions)));
            }
        }
    }
    let n = cases.len() + footprints.len() + deterrent.as_ref().map_or(0, |d| d.rows.len());
    let files = report_files(
        &s.title,
        &s.description,
        &s.assumptions,
        &s.catalogs.applied,
        &[(&s.architecture, cases)],
        deterrent.as_ref(),
        sweep.as_ref(),
        &footprints,
        &coverage,
    )?;
    write(out, force, &files)?;
    Ok(n)
}

/// The bundled EPAA study: every EPAA phase and the NATO interim capability against Iranian
/// MRBM/IRBM threats aimed at European capitals within their reach.
pub fn demo(out: &Path, force: bool) -> Result<String, Failure> {
    const ARCHITECTURES: [&str; 6] = [
        "nato-interim-2012",
        "epaa-phase-1",
        "epaa-phase-2",
        "epaa-phase-3",
        "epaa-phase-4",
        "epaa-phase-4-north-sea",
    ];
    let catalogs = Catalogs::bundled().map_err(Failure::internal)?;
    let (catalog, defence) = (&catalogs.catalog, &catalogs.defence);
    // A bundled place by name: its catalog id and surface position.
    let place = |name: &str| {
        catalog
            .resolve_place(name)
            .map(|p| p.named())
            .map_err(Failure::internal)
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
        archs.push(
            defence
                .architecture(catalog, id)
                .map_err(Failure::internal)?,
        );
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
                    let t = FlyoutTable::build(model).map_err(Failure::internal)?;
                    table_cache.push((iid.clone(), t.clone()));
                    t
                }
            };
            tables.push(t);
        }
        let mut cases = Vec::new();
        for t in &threats {
            cases.extend(engage_cases(&catalogs, arch, &tables, t, &a)?);
        }
        per_arch.push((arch, cases));
        arch_tables.push(tables);
    }
    let n: usize = per_arch.iter().map(|(_, c)| c.len()).sum();
    // The deterrent question: Russian ICBM bases toward North America, every architecture;
    // the sweep over the North Sea variant's sites, each flying the SM-3 IIA's burn profile.
    let earth = Earth::wgs84();
    let question = Deterrent::defaults(catalog).map_err(Failure::internal)?;
    let archs_tables: Vec<(&ResolvedArchitecture, &[FlyoutTable])> = per_arch
        .iter()
        .zip(&arch_tables)
        .map(|((arch, _), t)| (*arch, t.as_slice()))
        .collect();
    let study = deterrent_study(&earth, &catalogs, &archs_tables, &question, &a)?;
    let north_sea = archs
        .iter()
        .find(|x| x.entry.id == "epaa-phase-4-north-sea")
        .ok_or_else(|| Failure::internal("the demo lacks the North Sea variant"))?;
    let iia = defence
        .interceptor("sm3-iia")
        .map_err(Failure::internal)?
        .model();
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
    )?;
    let deterrent = study.into_report(deterrent_assumption(&question, &a));
    let jobs = COVERAGE_THREATS
        .iter()
        .map(|&(threat, missile, from)| {
            Ok(CoverageJob {
                threat: threat.into(),
                missile: missile.into(),
                launch: place(from)?,
                rcs_m2: 0.1,
                site: None,
                spacing_km: COVERAGE_SPACING_KM,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let arch_runs: Vec<ArchRun> = per_arch
        .iter()
        .zip(&arch_tables)
        .map(|((arch, cases), t)| (*arch, t.as_slice(), cases.as_slice()))
        .collect();
    let (footprints, coverage) = coverage_study(
        &earth,
        &catalogs,
        &arch_runs,
        &jobs,
        &a,
        &|arch, job| format!("footprint-{arch}-{}", job.threat),
        &|_, _| {},
    )?;
    let files = report_files(
        "The European Phased Adaptive Approach, phase by phase",
        "Which EPAA and NATO sites can engage Iranian medium- and intermediate-range missiles aimed at European capitals, from the 2011 first phase to the cancelled SM-3 IIB phase and its North Sea variant; how much of NATO Europe's territory and population each phase covers; and whether any site could reach Russian ICBMs flying to North America.",
        &a,
        &catalogs.applied,
        &per_arch,
        Some(&deterrent),
        Some(&sweep),
        &footprints,
        &coverage,
    )?;
    write(out, force, &files)?;
    Ok(format!(
        "{n} engagements, {} deterrent cases, {} coverage footprints",
        deterrent.rows.len(),
        footprints.len()
    ))
}

/// Threats and launch areas of the demo's coverage study: (threat id, missile, launch place).
pub const COVERAGE_THREATS: [(&str, &str, &str); 2] = [
    ("irbm", "irbm-4000", "semnan"),
    ("mrbm", "mrbm-2000", "tabriz"),
];

/// Grid spacing of the demo's coverage study (km).
const COVERAGE_SPACING_KM: f64 = 50.0;

/// One coverage footprint to compute: a threat from its launch area over NATO Europe.
pub struct CoverageJob {
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
type ArchRun<'a> = (
    &'a ResolvedArchitecture,
    &'a [FlyoutTable],
    &'a [EngageCase],
);

/// Footprints of every architecture against each job's threat over NATO Europe
/// ([`shieldsim_scenario::geo::grid`]), and the shares of territory and population they
/// cover. One threat family per job serves all architectures. `stem` names a footprint's files
/// from the architecture id and the job.
pub fn coverage_study(
    earth: &Earth,
    catalogs: &Catalogs,
    archs: &[ArchRun],
    jobs: &[CoverageJob],
    a: &ScenarioAssumptions,
    stem: &dyn Fn(&str, &CoverageJob) -> String,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<
    (
        Vec<shieldsim_report::FootprintCase>,
        Vec<shieldsim_report::CoverageRow>,
    ),
    Failure,
> {
    let catalog = &catalogs.catalog;
    let region = shieldsim_scenario::geo::Region::bundled();
    let (mut footprints, mut rows) = (Vec::new(), Vec::new());
    for job in jobs {
        let grid = shieldsim_scenario::geo::grid(job.spacing_km);
        let (missile, launch) = (job.missile.as_str(), &job.launch);
        let entry = catalog.missile(missile).map_err(Failure::internal)?;
        let family = shieldsim_core::threat_family::ThreatFamily::build(
            earth,
            &catalog.vehicle(entry),
            launch.1,
            &grid.nodes(),
            Default::default(),
        )
        .map_err(|e| Failure::input(format!("threat family {missile} from {}: {e}", launch.0)))?;
        let assumptions = a.engagement(job.rcs_m2, a.sensing);
        for (arch, tables, cases) in archs {
            let sensed = a
                .sensed(catalogs, arch, a.sensing)
                .map_err(Failure::input)?;
            let (sensors, sites) =
                analysis::engaging(&sensed, job.site.as_deref()).map_err(Failure::input)?;
            let fp = analysis::footprint_with(
                earth,
                catalog,
                missile,
                launch.1,
                grid,
                Some(&family),
                (&sensors, &sites),
                tables,
                &assumptions,
                progress,
            )
            .map_err(|e| Failure::input(format!("footprint {missile} from {}: {e}", launch.0)))?;
            let covered = region.coverage(&fp.polygons());
            let threatened = region.coverage(&fp.reachable_polygons());
            rows.push(shieldsim_report::CoverageRow {
                architecture: arch.entry.id.clone(),
                site: job.site.clone(),
                threat: missile.to_string(),
                launch_area: launch.0.clone(),
                spacing_km: job.spacing_km,
                area_fraction: covered.area_fraction,
                population_fraction: covered.population_fraction,
                threatened_area_fraction: threatened.area_fraction,
                threatened_population_fraction: threatened.population_fraction,
            });
            footprints.push(shieldsim_report::FootprintCase {
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
fn map_marks<'a>(
    earth: &Earth,
    arch: &ResolvedArchitecture,
    rcs_m2: f64,
    cases: impl Iterator<Item = &'a EngageCase>,
) -> shieldsim_report::MapMarks {
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
    shieldsim_report::MapMarks {
        sites: arch
            .sites
            .iter()
            .map(|s| (s.id.clone(), s.position))
            .collect(),
        fans,
        tracks: cases
            .map(|c| {
                c.flight
                    .samples()
                    .iter()
                    .map(|p| [p.position.lon_deg(), p.position.lat_deg()])
                    .collect()
            })
            .collect(),
    }
}

/// Bases and targets of the demo's sweep: two silo fields and a mobile division toward two
/// east-coast targets and one inland, nine routes.
const DEMO_SWEEP_BASES: [&str; 3] = ["kozelsk", "tatishchevo", "teykovo"];
/// See [`DEMO_SWEEP_BASES`].
const DEMO_SWEEP_TARGETS: [&str; 3] = ["washington", "new-york", "chicago"];

/// One deterrent route: what the report shows, and the threat path the engagements use.
pub struct Route {
    /// The route as reported.
    pub report: shieldsim_report::DeterrentRoute,
    /// Its threat path.
    pub path: shieldsim_core::threat_path::ThreatPath,
}

/// The deterrent question answered for some architectures.
pub struct DeterrentStudy {
    /// Every (base, target) route, base-major.
    pub routes: Vec<Route>,
    /// One row per (architecture, route), architecture-major.
    pub rows: Vec<shieldsim_report::DeterrentRow>,
}

impl DeterrentStudy {
    /// What the report writers take (the threat paths are no longer needed).
    fn into_report(self, assumption: String) -> DeterrentReport {
        DeterrentReport {
            assumption,
            routes: self.routes.into_iter().map(|r| r.report).collect(),
            rows: self.rows,
        }
    }
}

/// The deterrent section of a report.
pub struct DeterrentReport {
    /// The assumption, in words.
    pub assumption: String,
    /// Routes.
    pub routes: Vec<shieldsim_report::DeterrentRoute>,
    /// Rows.
    pub rows: Vec<shieldsim_report::DeterrentRow>,
}

/// The deterrent question's assumptions, in words.
fn deterrent_assumption(d: &Deterrent, a: &ScenarioAssumptions) -> String {
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
fn deterrent_study(
    earth: &Earth,
    catalogs: &Catalogs,
    archs: &[(&ResolvedArchitecture, &[FlyoutTable])],
    d: &Deterrent,
    a: &ScenarioAssumptions,
) -> Result<DeterrentStudy, Failure> {
    use rayon::prelude::*;
    type NamedPlace = (String, Geodetic);
    let pairs: Vec<(&NamedPlace, &NamedPlace)> = d
        .bases
        .iter()
        .flat_map(|b| d.targets.iter().map(move |t| (b, t)))
        .collect();
    let routes = pairs
        .par_iter()
        .map(|&(b, t)| {
            let (flight, path) =
                analysis::threat_path(earth, &catalogs.catalog, &d.missile, (b.1, t.1)).map_err(
                    |e| Failure::input(format!("deterrent {} {} → {}: {e}", d.missile, b.0, t.0)),
                )?;
            Ok(Route {
                report: shieldsim_report::DeterrentRoute {
                    base: b.clone(),
                    target: t.clone(),
                    missile: d.missile.clone(),
                    flight,
                },
                path,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let rcs_m2 = catalogs.assumptions.rcs_m2.value;
    let mut rows = Vec::new();
    for (arch, tables) in archs {
        for &sensing in &d.sensing {
            let sensed = a.sensed(catalogs, arch, sensing).map_err(Failure::input)?;
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
            for (r, e) in routes.iter().zip(answers) {
                rows.push(deterrent_row(&arch.entry.id, r, &e));
            }
        }
    }
    Ok(DeterrentStudy { routes, rows })
}

/// One route's answer: the engaging sites, and the timeline of the site with the best margin
/// (of all sites when none engages).
fn deterrent_row(
    architecture: &str,
    r: &Route,
    e: &shieldsim_core::engagement::Engagement,
) -> shieldsim_report::DeterrentRow {
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
    shieldsim_report::DeterrentRow {
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
    }
}

/// The least intercept ceiling the speed sweep gives every interceptor (km): above every
/// catalogued ceiling, so that the burnout speed alone decides.
const SWEEP_CEILING_KM: f64 = 1_500.0;

/// A site of the sweep and the interceptor (id, model) whose burn profile it flies.
type SweepSite = (
    shieldsim_core::engagement::Site,
    (String, shieldsim_core::interceptor::Interceptor),
);

/// The "speed needed to threaten" curve: for each site and route, the least burnout speed of
/// `spec` at which the site could engage, against the interceptor's launch delay after the
/// threat's burnout (a perfect track at burnout: the kinematic bound). The model's intercept
/// ceiling is raised to at least [`SWEEP_CEILING_KM`] so that speed alone decides; the output
/// says so.
fn speed_needed(
    earth: &Earth,
    sites: &[SweepSite],
    routes: &[&Route],
    spec: &SweepSpec,
    interceptor_text: &str,
) -> Result<shieldsim_report::Sweep, Failure> {
    use rayon::prelude::*;
    use shieldsim_core::engagement::{Site, engage};
    // One table per (interceptor model, speed), built once.
    let mut models: Vec<&(String, shieldsim_core::interceptor::Interceptor)> = Vec::new();
    for (_, m) in sites {
        if !models.iter().any(|x| x.0 == m.0) {
            models.push(m);
        }
    }
    let n = spec.speeds_km_s.len();
    let jobs: Vec<(usize, f64)> = (0..models.len())
        .flat_map(|m| spec.speeds_km_s.iter().map(move |&v| (m, v)))
        .collect();
    let tables = jobs
        .par_iter()
        .map(|&(m, v)| {
            let mut model = models[m].1.clone();
            model.burnout_speed_m_s = v * 1e3;
            model.max_intercept_alt_m = model.max_intercept_alt_m.max(SWEEP_CEILING_KM * 1e3);
            FlyoutTable::build(&model).map_err(Failure::internal)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut cases = Vec::new();
    for (site, (model_id, _)) in sites {
        let m = models
            .iter()
            .position(|x| x.0 == *model_id)
            .ok_or_else(|| Failure::internal("sweep model missing"))?;
        for route in routes {
            for &latency in &spec.latencies_s {
                cases.push((site, m, *route, latency));
            }
        }
    }
    let speeds: Vec<usize> = (0..n).collect();
    let points = cases
        .par_iter()
        .map(|&(site, m, route, latency)| {
            // Launch exactly `latency` after burnout: a perfect track at burnout and the whole
            // delay as the decision (no radar, no RCS, no kill assessment enters).
            let a = Assumptions {
                decision_delay_s: latency,
                kill_assessment_s: 0.0,
                rcs_m2: 1.0,
                track_after_burnout_s: 0.0,
                sensing: Sensing::KinematicBound,
            };
            let engages = |k: usize| {
                let probe = Site {
                    table: m * n + k,
                    sensors: Vec::new(),
                    ..site.clone()
                };
                engage(
                    earth,
                    &route.path,
                    &[],
                    std::slice::from_ref(&probe),
                    &tables,
                    &a,
                )
                .sites[0]
                    .outcome
                    .is_ok()
            };
            // Reach grows with speed (tested as a property), so "engages" is monotone in the
            // speed and a bisection finds the first speed that does.
            let k = speeds.partition_point(|&k| !engages(k));
            shieldsim_report::SweepPoint {
                site: site.id.clone(),
                base: route.report.base.0.clone(),
                target: route.report.target.0.clone(),
                latency_s: latency,
                speed_needed_km_s: (k < n).then(|| spec.speeds_km_s[k]),
            }
        })
        .collect();
    let names: Vec<&str> = models.iter().map(|m| m.0.as_str()).collect();
    Ok(shieldsim_report::Sweep {
        interceptor_text: format!(
            "{interceptor_text}; launch at the threat's burnout plus the delay on the axis, with a perfect track at burnout (the kinematic bound); the intercept ceiling of {} raised to at least {SWEEP_CEILING_KM} km for the sweep so that speed alone decides",
            names.join(", ")
        ),
        speeds_km_s: spec.speeds_km_s.clone(),
        latencies_s: spec.latencies_s.clone(),
        points,
    })
}
