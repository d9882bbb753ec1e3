//! `shieldsim run FILE --out DIR` and `shieldsim demo [--out DIR]`: run a scenario's analyses
//! (or the bundled EPAA study) and write the report directory atomically.

use crate::cli::Failure;
use serde_json::{Value, json};
use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::Assumptions;
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_report::{EngageCase, SiteInfo};
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalog::Catalog;
use shieldsim_scenario::defence::{DefenceCatalog, ResolvedArchitecture};
use shieldsim_scenario::scenario::{Analysis, Scenario, ScenarioAssumptions, Threat};
use std::path::Path;

/// Every aim point of a threat engaged by an architecture.
fn engage_cases(
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    threat: &Threat,
    a: &ScenarioAssumptions,
) -> Result<Vec<EngageCase>, Failure> {
    let earth = Earth::wgs84();
    let catalog = Catalog::bundled().map_err(Failure::internal)?;
    let assumptions = Assumptions {
        decision_delay_s: a.decision_delay_s,
        kill_assessment_s: a.kill_assessment_s,
        rcs_m2: threat.rcs_m2,
        space_track: false,
    };
    let mut cases = Vec::new();
    for (to_name, to) in &threat.to {
        let (flight, engagement) = analysis::engage_threat(
            &earth,
            catalog,
            &threat.missile,
            (threat.from.1, *to),
            arch,
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
                "first_detect_s": s.first_detect_s, "launch_s": o.launch_s, "intercept_s": o.intercept_s,
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
        "from": c.from.0, "to": c.to.0,
        "flight_time_s": c.flight.flight_time_s(), "apogee_km": c.flight.rv.apogee_alt_m / 1e3,
        "ground_range_km": c.flight.rv.ground_range_m / 1e3,
        "engageable": !opportunities.is_empty(), "opportunities": opportunities, "cannot_engage": reasons
    })
}

fn assumptions_html(a: &ScenarioAssumptions) -> String {
    format!(
        "<ul><li>decision delay (fire-control track to launch): {} s</li><li>kill assessment between shots: {} s</li><li>single-shot kill probability: {} (scenario parameter)</li><li>shots per salvo: {}; raid size: {}</li><li>threats fly minimum-energy trajectories on the rotating WGS84 Earth; interceptors are kinematic fly-out models; sites fire on any linked radar's track. Every catalog figure, with source and uncertainty range: <code>shieldsim list --json</code>.</li></ul>",
        a.decision_delay_s, a.kill_assessment_s, a.pk, a.shots_per_salvo, a.raid_size
    )
}

/// All output files for a set of architectures' engagement cases.
#[allow(clippy::too_many_arguments)]
fn report_files(
    title: &str,
    description: &str,
    a: &ScenarioAssumptions,
    per_arch: &[(&ResolvedArchitecture, Vec<EngageCase>)],
    deterrent: Option<(&str, &[shieldsim_report::DeterrentRow])>,
    sweep: Option<&[shieldsim_report::SweepPoint]>,
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
    let summary = json!({
        "title": title,
        "description": description,
        "assumptions": {"decision_delay_s": a.decision_delay_s, "kill_assessment_s": a.kill_assessment_s,
            "pk": a.pk, "shots_per_salvo": a.shots_per_salvo, "raid_size": a.raid_size},
        "architectures": per_arch.iter().map(|(arch, _)| json!({
            "id": arch.entry.id, "year": arch.entry.year, "command": arch.entry.command,
            "source": arch.entry.source,
            // Shares of NATO Europe inside the architecture's footprints (empty when the run
            // computed none).
            "coverage": coverage.iter().filter(|c| c.architecture == arch.entry.id)
                .map(shieldsim_report::coverage_json).collect::<Vec<_>>()
        })).collect::<Vec<_>>(),
        "engagements": all_cases.iter().map(case_json).collect::<Vec<_>>(),
        "deterrent": deterrent.map_or(json!([]), |(_, rows)| shieldsim_report::deterrent_json(rows)),
        "deterrent_assumption": deterrent.map(|(a, _)| a),
        "sensitivity": sweep.map_or(json!([]), shieldsim_report::sweep_json),
        "footprints": footprints.iter().map(|f| shieldsim_report::footprint_geojson(f)["features"][0]["properties"].clone()).collect::<Vec<_>>()
    });
    files.push(("summary.json".into(), json_bytes(&summary)?));
    files.push((
        "index.html".into(),
        shieldsim_report::engage_html(
            title,
            description,
            &assumptions_html(a),
            &all_cases,
            &deterrent
                .map(|(text, rows)| shieldsim_report::deterrent_html(text, rows))
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

fn write(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    shieldsim_report::write_dir_atomically(out, files)
        .map_err(|e| Failure::input(format!("{}: cannot write the report: {e}", out.display())))
}

/// Run a validated scenario into `out`.
pub fn run_scenario(s: &Scenario, out: &Path) -> Result<usize, Failure> {
    let tables = analysis::tables(&s.architecture).map_err(Failure::internal)?;
    let earth = Earth::wgs84();
    let catalog = Catalog::bundled().map_err(Failure::internal)?;
    let threat = |id: &str| {
        s.threats
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Failure::internal(format!("validated threat {id} missing")))
    };
    let mut cases = Vec::new();
    let mut footprints = Vec::new();
    for a in &s.analyses {
        match a {
            Analysis::Engage { threat: id } => {
                cases.extend(engage_cases(
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
                let bar = indicatif::ProgressBar::new(0).with_message(format!("footprint {id}"));
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{msg} [{bar:40}] {pos}/{len} aim points ({eta})",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                let assumptions = Assumptions {
                    decision_delay_s: s.assumptions.decision_delay_s,
                    kill_assessment_s: s.assumptions.kill_assessment_s,
                    rcs_m2: t.rcs_m2,
                    space_track: false,
                };
                let fp = analysis::footprint(
                    &earth,
                    catalog,
                    &t.missile,
                    t.from.1,
                    *grid,
                    &s.architecture,
                    &tables,
                    &assumptions,
                    site.as_deref(),
                    analysis::FootprintMethod::default(),
                    &|done, total| {
                        // indicatif draws only on a terminal; elsewhere the bar stays hidden.
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    },
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
                        &s.architecture,
                        t.rcs_m2,
                        cases.iter().filter(|c| c.threat == *id),
                    ),
                });
            }
        }
    }
    let n = cases.len() + footprints.len();
    let files = report_files(
        &s.title,
        &s.description,
        &s.assumptions,
        &[(&s.architecture, cases)],
        None,
        None,
        &footprints,
        &[],
    )?;
    write(out, &files)?;
    Ok(n)
}

/// A bundled place by name: its catalog id and surface position.
fn catalog_place(
    catalog: &Catalog,
    name: &str,
) -> Result<(String, shieldsim_core::earth::Geodetic), Failure> {
    let p = catalog.resolve_place(name).map_err(Failure::internal)?;
    Ok((
        p.name,
        shieldsim_core::earth::Geodetic::from_deg_km(p.lat_deg, p.lon_deg, 0.0),
    ))
}

/// ICBM bases of the deterrent question (catalog places, DATA.md §4.2).
const DETERRENT_BASES: [&str; 5] = [
    "kozelsk",
    "tatishchevo",
    "teykovo",
    "yoshkar-ola",
    "vypolzovo",
];
/// North-American targets (catalog places).
const DETERRENT_TARGETS: [&str; 2] = ["washington", "new-york"];

/// The bundled EPAA study: every EPAA phase and the NATO interim capability against Iranian
/// MRBM/IRBM threats aimed at European capitals within their reach.
pub fn demo(out: &Path) -> Result<usize, Failure> {
    const ARCHITECTURES: [&str; 6] = [
        "nato-interim-2012",
        "epaa-phase-1",
        "epaa-phase-2",
        "epaa-phase-3",
        "epaa-phase-4",
        "epaa-phase-4-north-sea",
    ];
    let catalog = Catalog::bundled().map_err(Failure::internal)?;
    let defence = DefenceCatalog::bundled().map_err(Failure::internal)?;
    let place = |name: &str| catalog_place(catalog, name);
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
    let a = ScenarioAssumptions {
        decision_delay_s: 60.0,
        kill_assessment_s: 60.0,
        pk: 0.7,
        shots_per_salvo: 2,
        raid_size: 1,
    };
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
            cases.extend(engage_cases(arch, &tables, t, &a)?);
        }
        per_arch.push((arch, cases));
        arch_tables.push(tables);
    }
    let n = per_arch.iter().map(|(_, c)| c.len()).sum();
    // The deterrent question: Russian ICBM bases toward North America, every architecture,
    // with a track assumed at the space-IR report (the kinematic question).
    let earth = Earth::wgs84();
    let kinematic = Assumptions {
        decision_delay_s: a.decision_delay_s,
        kill_assessment_s: a.kill_assessment_s,
        rcs_m2: 0.1,
        space_track: true,
    };
    let mut rows = Vec::new();
    for ((arch, _), tables) in per_arch.iter().zip(&arch_tables) {
        for base in DETERRENT_BASES {
            for target in DETERRENT_TARGETS {
                let (b, t) = (place(base)?, place(target)?);
                let (_, e) = analysis::engage_threat(
                    &earth,
                    catalog,
                    "icbm-11000",
                    (b.1, t.1),
                    arch,
                    tables,
                    &kinematic,
                )
                .map_err(|e| Failure::internal(format!("deterrent {base} → {target}: {e}")))?;
                rows.push(shieldsim_report::DeterrentRow {
                    architecture: arch.entry.id.clone(),
                    base: b.0,
                    target: t.0,
                    sites: e
                        .sites
                        .iter()
                        .filter(|s| s.outcome.is_ok())
                        .map(|s| s.site.clone())
                        .collect(),
                    margin_s: e.sites.iter().filter_map(|s| s.margin_s).reduce(f64::max),
                });
            }
        }
    }
    let sweep = speed_needed(&earth, catalog, defence)?;
    let deterrent_text = format!(
        "icbm-11000 minimum-energy flights from Russian ICBM bases to North America; a fire-control track is assumed at the space-IR launch report ({} s after detection) plus the {} s decision delay, whatever the architecture's radars see — the kinematic question. With the architectures' own radars no site tracks these flights.",
        defence.sensor("space-ir").map_or(60.0, |s| s.delay_s.value),
        a.decision_delay_s
    );
    let (footprints, coverage) = coverage_study(&earth, catalog, &per_arch, &arch_tables, &a)?;
    let files = report_files(
        "The European Phased Adaptive Approach, phase by phase",
        "Which EPAA and NATO sites can engage Iranian medium- and intermediate-range missiles aimed at European capitals, from the 2011 first phase to the cancelled SM-3 IIB phase and its North Sea variant; how much of NATO Europe's territory and population each phase covers; and whether any site could reach Russian ICBMs flying to North America.",
        &a,
        &per_arch,
        Some((&deterrent_text, &rows)),
        Some(&sweep),
        &footprints,
        &coverage,
    )?;
    write(out, &files)?;
    Ok(n)
}

/// The footprint grid of the coverage study: NATO Europe's box (the region of `catalog/geo`).
pub const COVERAGE_GRID: analysis::GridSpec = analysis::GridSpec {
    lat_min_deg: 34.0,
    lat_max_deg: 72.0,
    lon_min_deg: -32.0,
    lon_max_deg: 45.0,
    spacing_km: 50.0,
};

/// Threats and launch areas of the coverage study: (threat id, missile, launch place).
pub const COVERAGE_THREATS: [(&str, &str, &str); 2] = [
    ("irbm", "irbm-4000", "semnan"),
    ("mrbm", "mrbm-2000", "tabriz"),
];

/// Footprints of every architecture against each coverage threat over NATO Europe, and the
/// shares of territory and population they cover. One threat family per threat serves all
/// architectures; `arch_tables` are the architectures' fly-out tables, in `per_arch` order.
pub fn coverage_study(
    earth: &Earth,
    catalog: &Catalog,
    per_arch: &[(&ResolvedArchitecture, Vec<EngageCase>)],
    arch_tables: &[Vec<FlyoutTable>],
    a: &ScenarioAssumptions,
) -> Result<
    (
        Vec<shieldsim_report::FootprintCase>,
        Vec<shieldsim_report::CoverageRow>,
    ),
    Failure,
> {
    let region = shieldsim_scenario::geo::Region::bundled();
    let (mut footprints, mut rows) = (Vec::new(), Vec::new());
    for (threat, missile, from) in COVERAGE_THREATS {
        let launch = catalog_place(catalog, from)?;
        let entry = catalog.missile(missile).map_err(Failure::internal)?;
        let family = shieldsim_core::threat_family::ThreatFamily::build(
            earth,
            &catalog.vehicle(entry),
            launch.1,
            &COVERAGE_GRID.nodes(),
            Default::default(),
        )
        .map_err(|e| Failure::internal(format!("threat family {missile} from {from}: {e}")))?;
        let assumptions = Assumptions {
            decision_delay_s: a.decision_delay_s,
            kill_assessment_s: a.kill_assessment_s,
            rcs_m2: 0.1,
            space_track: false,
        };
        for ((arch, cases), tables) in per_arch.iter().zip(arch_tables) {
            let fp = analysis::footprint_with(
                earth,
                catalog,
                missile,
                launch.1,
                COVERAGE_GRID,
                Some(&family),
                (&arch.sensors, &arch.sites),
                tables,
                &assumptions,
                &|_, _| {},
            )
            .map_err(|e| Failure::internal(format!("footprint {missile} from {from}: {e}")))?;
            let covered = region.coverage(&fp.polygons());
            let threatened = region.coverage(&fp.reachable_polygons());
            rows.push(shieldsim_report::CoverageRow {
                architecture: arch.entry.id.clone(),
                threat: missile.to_string(),
                launch_area: launch.0.clone(),
                area_fraction: covered.area_fraction,
                population_fraction: covered.population_fraction,
                threatened_area_fraction: threatened.area_fraction,
                threatened_population_fraction: threatened.population_fraction,
            });
            footprints.push(shieldsim_report::FootprintCase {
                stem: format!("footprint-{}-{threat}", arch.entry.id),
                architecture: arch.entry.id.clone(),
                threat: threat.to_string(),
                missile: missile.to_string(),
                launch: launch.clone(),
                site: None,
                footprint: fp,
                marks: map_marks(
                    earth,
                    arch,
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

/// Decision latencies of the sensitivity sweep (s).
const SWEEP_LATENCIES_S: [f64; 5] = [0.0, 30.0, 60.0, 90.0, 120.0];
/// Burnout speeds of the sweep (km/s): 3.0 … 7.0 in 0.25 steps.
fn sweep_speeds_km_s() -> Vec<f64> {
    (0..=16).map(|i| 3.0 + 0.25 * f64::from(i)).collect()
}

/// The "speed needed to threaten" curve: for the EPAA/GAO interceptor sites and the deterrent
/// routes, the least burnout speed of an SM-3-class interceptor (the IIA's burn profile, ceiling
/// raised to 1,500 km) at which the site could engage, against the decision latency after the
/// space-IR report.
fn speed_needed(
    earth: &Earth,
    catalog: &Catalog,
    defence: &DefenceCatalog,
) -> Result<Vec<shieldsim_report::SweepPoint>, Failure> {
    use shieldsim_core::engagement::{ArchSensor, Site, engage};
    use shieldsim_core::sensor::{SensorKind, SpaceIr};
    let arch = defence
        .architecture(catalog, "epaa-phase-4-north-sea")
        .map_err(Failure::internal)?;
    let base_model = defence
        .interceptor("sm3-iia")
        .map_err(Failure::internal)?
        .model();
    let speeds = sweep_speeds_km_s();
    let tables = speeds
        .iter()
        .map(|v| {
            let mut m = base_model.clone();
            m.burnout_speed_m_s = v * 1e3;
            m.max_intercept_alt_m = 1_500e3;
            FlyoutTable::build(&m).map_err(Failure::internal)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let ir = defence.sensor("space-ir").map_err(Failure::internal)?;
    let sensors = vec![ArchSensor {
        id: "space-ir".into(),
        kind: SensorKind::SpaceIr(SpaceIr {
            min_alt_m: ir.min_alt_km.as_ref().map_or(10.0, |p| p.value) * 1e3,
        }),
        delay_s: ir.delay_s.value,
    }];
    let mut out = Vec::new();
    for base in ["kozelsk", "tatishchevo", "teykovo"] {
        for target in DETERRENT_TARGETS {
            let (b, t) = (
                catalog_place(catalog, base)?,
                catalog_place(catalog, target)?,
            );
            let (_, path) = analysis::threat_path(earth, catalog, "icbm-11000", (b.1, t.1))
                .map_err(|e| Failure::internal(format!("sweep {base} → {target}: {e}")))?;
            for site in &arch.sites {
                for latency in SWEEP_LATENCIES_S {
                    let a = Assumptions {
                        decision_delay_s: latency,
                        kill_assessment_s: 60.0,
                        rcs_m2: 0.1,
                        space_track: true,
                    };
                    // Reach grows with speed (tested as a property), so the first speed that
                    // engages is the answer.
                    let needed = (0..speeds.len()).find(|&k| {
                        let probe = Site {
                            table: k,
                            sensors: Vec::new(),
                            ..site.clone()
                        };
                        engage(
                            earth,
                            &path,
                            &sensors,
                            std::slice::from_ref(&probe),
                            &tables,
                            &a,
                        )
                        .sites[0]
                            .outcome
                            .is_ok()
                    });
                    out.push(shieldsim_report::SweepPoint {
                        site: site.id.clone(),
                        base: b.0.clone(),
                        target: t.0.clone(),
                        latency_s: latency,
                        speed_needed_km_s: needed.map(|k| speeds[k]),
                    });
                }
            }
        }
    }
    Ok(out)
}
