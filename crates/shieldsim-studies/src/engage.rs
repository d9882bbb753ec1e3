//! One engagement, as `shieldsim engage` answers it (and the web app's `POST /api/engage`, the
//! Python package's `engage`): a catalog threat flown minimum-energy between two places and
//! engaged by every site of an architecture under a named sensing assumption, with the kill
//! chain's timeline, the settings it rests on and, on request, the probability of no leaker.
//! The answer's JSON keys are the command-line contract (DESIGN.md).

use crate::StudyError;
use serde::Serialize;
use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::Sensing;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalog::ResolvedPlace;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::ScenarioAssumptions;

/// Shot doctrine and raid for the probability of no leaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectivenessQuery {
    /// Single-shot kill probability.
    pub pk: f64,
    /// Interceptors per salvo.
    pub shots_per_salvo: u32,
    /// Threats in the raid, all on this trajectory.
    pub raid_size: u32,
    /// Monte Carlo trials.
    pub trials: u64,
    /// Monte Carlo seed (the same seed gives the same bytes on any thread count).
    pub seed: u64,
}

/// What to engage.
#[derive(Debug, Clone)]
pub struct EngageQuery<'a> {
    /// The catalog, with any settings applied (their record goes into the answer).
    pub catalogs: &'a Catalogs,
    /// The architecture (a catalog id or a file, resolved).
    pub architecture: &'a ResolvedArchitecture,
    /// Catalog missile id of the threat.
    pub threat: &'a str,
    /// Launch place.
    pub from: &'a ResolvedPlace,
    /// Aim point.
    pub to: &'a ResolvedPlace,
    /// Where fire-control tracks come from.
    pub sensing: Sensing,
    /// The early-warning radars `cued` links (`None`: the catalog's, all of them).
    pub cued_radars: Option<Vec<String>>,
    /// The probability of no leaker per engaging site, if wanted.
    pub effectiveness: Option<EffectivenessQuery>,
    /// The answer's range over the catalog's uncertainty, if wanted.
    pub uncertainty: Option<crate::uncertainty::Design>,
}

/// Answer `q`. The scenario-level assumptions (delays, RCS) are the catalog's, as set.
/// Builds the architecture's fly-out tables (≈ 80 ms each); [`engage_with_tables`] takes them
/// ready.
pub fn engage(q: &EngageQuery) -> Result<EngageJson, StudyError> {
    let tables = analysis::tables(q.architecture).map_err(crate::internal)?;
    engage_with_tables(q, &tables)
}

/// [`engage`] with the architecture's fly-out tables already built, one per
/// `q.architecture.interceptors` entry in that order (as `analysis::tables` returns them): a
/// front end that answers many queries (the web app) keeps them warm.
pub fn engage_with_tables(
    q: &EngageQuery,
    tables: &[shieldsim_core::interceptor::FlyoutTable],
) -> Result<EngageJson, StudyError> {
    if tables.len() != q.architecture.interceptors.len() {
        return Err(crate::internal(format!(
            "{} fly-out tables for the {} interceptor types of {}",
            tables.len(),
            q.architecture.interceptors.len(),
            q.architecture.entry.id
        )));
    }
    let earth = Earth::wgs84();
    let (catalog, defence) = (&q.catalogs.catalog, &q.catalogs.defence);
    let entry = catalog.missile(q.threat).map_err(crate::input)?;
    let mut a = ScenarioAssumptions::defaults(&q.catalogs.assumptions, defence);
    if let Some(r) = &q.cued_radars {
        a.cued_radars = r.iter().map(|x| x.to_lowercase()).collect();
    }
    let arch = a
        .sensed(q.catalogs, q.architecture, q.sensing)
        .map_err(crate::input)?;
    let assumptions = a.engagement(q.catalogs.assumptions.rcs_m2.value, q.sensing);
    let (flight, path) = analysis::threat_path(
        &earth,
        catalog,
        &entry.id,
        (q.from.surface(), q.to.surface()),
    )?;
    let e = shieldsim_core::engagement::engage(
        &earth,
        &path,
        &arch.sensors,
        &arch.sites,
        tables,
        &assumptions,
    );
    let mut json = EngageJson::new(&arch, entry, q.from, q.to, &flight, &e);
    json.assumptions = Some(EngageAssumptionsJson {
        sensing: q.sensing.name().to_string(),
        sensing_meaning: q.sensing.describe().to_string(),
        decision_delay_s: assumptions.decision_delay_s,
        track_after_burnout_s: assumptions.track_after_burnout_s,
        kill_assessment_s: assumptions.kill_assessment_s,
        rcs_m2: assumptions.rcs_m2,
        cued_radars: match q.sensing {
            Sensing::Cued => a.cued_radars.clone(),
            _ => Vec::new(),
        },
        cross_side_delay_s: (q.sensing != Sensing::KinematicBound
            && shieldsim_core::engagement::crosses_sides(&arch.sensors, &arch.sites))
        .then_some(assumptions.cross_side_delay_s),
    });
    json.settings = q.catalogs.applied.clone();
    if let Some(design) = &q.uncertainty {
        let variants = crate::uncertainty::threat_variants(
            &earth,
            q.catalogs,
            &entry.id,
            (q.from.surface(), q.to.surface()),
            design,
        )?;
        let prepared = crate::uncertainty::Prepared::new(
            q.catalogs,
            &arch,
            assumptions,
            design,
            &crate::uncertainty::LatticeCache::default(),
            false,
        )?;
        // `--vary` and `fix` keys must bear on this engagement: the defence's or the threat's.
        let mut keys = prepared.keys();
        keys.extend(variants.keys.iter().cloned());
        for key in design
            .vary
            .iter()
            .chain(design.fix.iter().map(|f| &f.0))
            .chain(design.narrow.iter().map(|f| &f.0))
        {
            if !keys.contains(key) {
                return Err(crate::input(format!(
                    "`{key}` does not bear on this engagement (keys that do: {})",
                    keys.join(", ")
                )));
            }
        }
        let u = prepared.answer_with(&path, Some(&variants), true)?;
        for o in &mut json.opportunities {
            if let Some(s) = u.sites.iter().find(|s| s.site == o.site) {
                o.engageable_share = Some(s.engageable_share);
                o.margin_s_quantiles = s.margin_s_quantiles;
            }
        }
        for x in &mut json.sites {
            if let Some(s) = u.sites.iter().find(|s| s.site == x.site) {
                x.engageable_share = Some(s.engageable_share);
                x.margin_s_quantiles = s.margin_s_quantiles;
            }
        }
        json.engageable_share = Some(u.engageable_share);
        json.sensitivity = Some(u.sensitivity.clone());
        json.break_even = Some(u.break_even.clone());
        json.uncertainty = Some(u);
    }
    if let Some(x) = q.effectiveness {
        use shieldsim_core::effectiveness::{Doctrine, monte_carlo, p_no_leak};
        for (o, site) in json.opportunities.iter_mut().filter_map(|o| {
            let site = arch.sites.iter().find(|s| s.id == o.site)?;
            Some((o, site))
        }) {
            let d = Doctrine {
                pk: x.pk,
                shots_per_salvo: x.shots_per_salvo,
                opportunities: o.shots,
                inventory: site.inventory,
                raid_size: x.raid_size,
            };
            let (mc, se) = monte_carlo(&d, x.trials, x.seed);
            let k = arch.sites.iter().position(|s| s.id == site.id);
            let p_no_leak_quantiles = json.uncertainty.as_ref().zip(k).and_then(|(u, k)| {
                crate::uncertainty::quantiles(
                    u.shots_per_set
                        .iter()
                        .map(|shots| {
                            let shots = shots.get(k).copied().unwrap_or(0);
                            if shots == 0 {
                                0.0
                            } else {
                                p_no_leak(&Doctrine {
                                    opportunities: shots,
                                    ..d
                                })
                            }
                        })
                        .collect(),
                )
            });
            o.effectiveness = Some(EffectivenessJson {
                pk: x.pk,
                shots_per_salvo: x.shots_per_salvo,
                raid_size: x.raid_size,
                inventory: site.inventory,
                p_no_leak: p_no_leak(&d),
                monte_carlo_p_no_leak: mc,
                monte_carlo_standard_error: se,
                trials: x.trials,
                seed: x.seed,
                p_no_leak_quantiles,
            });
        }
    }
    Ok(json)
}

/// `engage --json`: the contract keys (DESIGN.md) plus per-site reasons and sensor windows.
#[derive(Debug, Clone, Serialize)]
pub struct EngageJson {
    /// Architecture id.
    pub architecture: String,
    /// Its year.
    pub year: u32,
    /// The threat.
    pub threat: ThreatJson,
    /// Whether any site can engage (under `assumptions.sensing`).
    pub engageable: bool,
    /// The kill chain's assumptions behind the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<EngageAssumptionsJson>,
    /// Catalog figures changed by `--set` (or the assumption flags), with their sourced ranges.
    pub settings: Vec<shieldsim_scenario::catalogs::Applied>,
    /// One entry per engaging site: its earliest intercept.
    pub opportunities: Vec<OpportunityJson>,
    /// Every site, with why it cannot engage when it cannot.
    pub sites: Vec<SiteJson>,
    /// Tracking windows per sensor.
    pub sensors: Vec<SensorWindowsJson>,
    /// With `--samples`: the share of sampled parameter sets in which some site engages (a
    /// share of plausible parameter sets, not a probability of the world).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engageable_share: Option<f64>,
    /// With `--samples`: one-at-a-time swings of each varied figure, largest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Vec<crate::uncertainty::Swing>>,
    /// With `--samples`: the deciding figure's break-even value when the verdict flips inside
    /// the ranges (null when it does not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub break_even: Option<Option<crate::uncertainty::BreakEven>>,
    /// With `--samples`: the design, what varied and what was held, and per-site results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<crate::uncertainty::EngageUncertainty>,
}

/// The assumptions an engagement answer rests on.
#[derive(Debug, Clone, Serialize)]
pub struct EngageAssumptionsJson {
    /// `own`, `cued` or `kinematic-bound`.
    pub sensing: String,
    /// What that means, in words (the kinematic bound is an upper bound on capability).
    pub sensing_meaning: String,
    /// Fire-control solution to launch (s).
    pub decision_delay_s: f64,
    /// Threat burnout to the first fire-control solution (s).
    pub track_after_burnout_s: f64,
    /// Kill assessment between shots (s).
    pub kill_assessment_s: f64,
    /// Threat radar cross-section (m²).
    pub rcs_m2: f64,
    /// The early-warning radars linked under `cued` (empty otherwise).
    pub cued_radars: Vec<String>,
    /// From one side's radar track to another side's fire control (s); present when some site
    /// may fire on another side's radar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_side_delay_s: Option<f64>,
}

/// The threat flight.
#[derive(Debug, Clone, Serialize)]
pub struct ThreatJson {
    /// Missile id.
    pub missile: String,
    /// Launch place name.
    pub from: String,
    /// Aim-point name.
    pub to: String,
    /// Launch to impact (s).
    pub flight_time_s: f64,
    /// Apogee (km).
    pub apogee_km: f64,
    /// Ground range (km).
    pub ground_range_km: f64,
    /// Burnout: thrust ends, the ballistic path exists from here (s).
    pub burnout_s: f64,
    /// Space-based launch warning report (s), when space IR sees the boost (a warning, never a
    /// fire-control track).
    pub warning_s: Option<f64>,
}

/// One engagement opportunity.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityJson {
    /// Site id.
    pub site: String,
    /// Interceptor id.
    pub interceptor: String,
    /// Sensor whose track the site fires on.
    pub cue_sensor: String,
    /// Its detection at the start of the tracking window used (s; null under the kinematic
    /// bound).
    pub first_detect_s: Option<f64>,
    /// Its track: detection + track-formation delay (s; null under the kinematic bound).
    pub track_s: Option<f64>,
    /// The cross-side delay inside `track_s` when the cue sensor is another side's (s; absent
    /// when it is the site's own side's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_side_delay_s: Option<f64>,
    /// Fire-control solution: the later of the track and burnout + track-after-burnout (s).
    pub fire_control_s: f64,
    /// Earliest launch: fire-control solution + decision delay (s).
    pub earliest_launch_s: f64,
    /// The last launch that still intercepts (s).
    pub latest_launch_s: f64,
    /// latest_launch_s − earliest_launch_s (s).
    pub margin_s: f64,
    /// The stage that sets the earliest launch: "waiting for burnout" or "waiting for track".
    pub binding_constraint: String,
    /// Interceptor launch for the earliest intercept (s).
    pub launch_s: f64,
    /// Earliest intercept (s).
    pub intercept_s: f64,
    /// Latest intercept (s).
    pub latest_intercept_s: f64,
    /// Every interval of feasible intercept times, `[start_s, end_s]`.
    pub intercept_windows_s: Vec<[f64; 2]>,
    /// Intercept altitude (km).
    pub intercept_alt_km: f64,
    /// Intercept latitude (deg).
    pub intercept_lat_deg: f64,
    /// Intercept longitude (deg).
    pub intercept_lon_deg: f64,
    /// Closing speed (km/s).
    pub closing_speed_km_s: f64,
    /// Shoot-look-shoot shots that fit.
    pub shots: u32,
    /// With `--samples`: the share of parameter sets in which this site engages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engageable_share: Option<f64>,
    /// With `--samples`: its margin's p05, p50, p95 over the parameter sets (s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_s_quantiles: Option<crate::uncertainty::Quantiles>,
    /// With `--pk`: the probability that no threat of the raid leaks past this site alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effectiveness: Option<EffectivenessJson>,
}

/// Effectiveness of one site against a raid on this trajectory.
#[derive(Debug, Clone, Serialize)]
pub struct EffectivenessJson {
    /// Single-shot kill probability.
    pub pk: f64,
    /// Interceptors per salvo.
    pub shots_per_salvo: u32,
    /// Threats in the raid.
    pub raid_size: u32,
    /// The site's interceptors.
    pub inventory: u32,
    /// Exact probability that no threat leaks.
    pub p_no_leak: f64,
    /// Monte Carlo estimate.
    pub monte_carlo_p_no_leak: f64,
    /// Its standard error.
    pub monte_carlo_standard_error: f64,
    /// Trials.
    pub trials: u64,
    /// Seed.
    pub seed: u64,
    /// With `--samples`: the exact P(no leaker)'s p05/p50/p95 over the parameter sets (the
    /// shots that fit change with them; a set in which the site cannot engage counts 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_no_leak_quantiles: Option<crate::uncertainty::Quantiles>,
}

/// A site's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct SiteJson {
    /// Site id.
    pub site: String,
    /// Interceptor id.
    pub interceptor: String,
    /// Whether it can engage.
    pub engageable: bool,
    /// Why not, when it cannot.
    pub reason: Option<String>,
    /// Latest − earliest launch (s; negative: how much too late), if the site has a
    /// fire-control solution and anything is reachable.
    pub margin_s: Option<f64>,
    /// Earliest launch (s), if the site has a fire-control solution.
    pub earliest_launch_s: Option<f64>,
    /// The stage that sets the earliest launch.
    pub binding_constraint: Option<String>,
    /// Where it may intercept under the architecture's sector rule (absent: anywhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// With `--samples`: the share of parameter sets in which this site engages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engageable_share: Option<f64>,
    /// With `--samples`: its margin's p05, p50, p95 over the parameter sets (s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_s_quantiles: Option<crate::uncertainty::Quantiles>,
}

/// A sensor's tracking windows.
#[derive(Debug, Clone, Serialize)]
pub struct SensorWindowsJson {
    /// Sensor id.
    pub sensor: String,
    /// `[start_s, end_s]` pairs.
    pub windows_s: Vec<[f64; 2]>,
}

impl EngageJson {
    /// Assemble from the engagement.
    pub fn new(
        arch: &shieldsim_scenario::defence::ResolvedArchitecture,
        missile: &shieldsim_scenario::catalog::MissileEntry,
        from: &shieldsim_scenario::catalog::ResolvedPlace,
        to: &shieldsim_scenario::catalog::ResolvedPlace,
        flight: &shieldsim_core::missile::MissileFlight,
        e: &shieldsim_core::engagement::Engagement,
    ) -> Self {
        let interceptor_of = |k: usize| arch.interceptors[arch.sites[k].table].0.clone();
        let sector_of = |k: usize| arch.sites[k].sector.as_ref().map(|x| x.describe.clone());
        let mut opportunities = Vec::new();
        let mut sites = Vec::new();
        for (k, s) in e.sites.iter().enumerate() {
            match &s.outcome {
                Ok(o) => {
                    opportunities.push(OpportunityJson {
                        site: s.site.clone(),
                        interceptor: interceptor_of(k),
                        cue_sensor: s.cue_sensor.clone().unwrap_or_default(),
                        first_detect_s: s.first_detect_s,
                        track_s: s.track_s,
                        cross_side_delay_s: (s.cross_side_delay_s > 0.0)
                            .then_some(s.cross_side_delay_s),
                        fire_control_s: s.fire_control_s.unwrap_or(f64::NAN),
                        earliest_launch_s: s.earliest_launch_s.unwrap_or(f64::NAN),
                        latest_launch_s: s.latest_launch_s.unwrap_or(f64::NAN),
                        margin_s: s.margin_s.unwrap_or(f64::NAN),
                        binding_constraint: s.binding.map_or("", |b| b.name()).to_string(),
                        launch_s: o.launch_s,
                        intercept_s: o.intercept_s,
                        latest_intercept_s: o.latest_intercept_s,
                        intercept_windows_s: o.windows.iter().map(|w| [w.0, w.1]).collect(),
                        intercept_alt_km: o.intercept.alt_km(),
                        intercept_lat_deg: o.intercept.lat_deg(),
                        intercept_lon_deg: o.intercept.lon_deg(),
                        closing_speed_km_s: o.closing_speed_m_s / 1e3,
                        shots: o.shots,
                        engageable_share: None,
                        margin_s_quantiles: None,
                        effectiveness: None,
                    });
                    sites.push(SiteJson {
                        site: s.site.clone(),
                        interceptor: interceptor_of(k),
                        engageable: true,
                        reason: None,
                        margin_s: s.margin_s,
                        earliest_launch_s: s.earliest_launch_s,
                        binding_constraint: s.binding.map(|b| b.name().to_string()),
                        sector: sector_of(k),
                        engageable_share: None,
                        margin_s_quantiles: None,
                    });
                }
                Err(r) => sites.push(SiteJson {
                    site: s.site.clone(),
                    interceptor: interceptor_of(k),
                    engageable: false,
                    reason: Some(r.reason().to_string()),
                    margin_s: s.margin_s,
                    earliest_launch_s: s.earliest_launch_s,
                    binding_constraint: s.binding.map(|b| b.name().to_string()),
                    sector: sector_of(k),
                    engageable_share: None,
                    margin_s_quantiles: None,
                }),
            }
        }
        EngageJson {
            architecture: arch.entry.id.clone(),
            year: arch.entry.year,
            threat: ThreatJson {
                missile: missile.id.clone(),
                from: from.name.clone(),
                to: to.name.clone(),
                flight_time_s: flight.flight_time_s(),
                apogee_km: flight.rv.apogee_alt_m / 1e3,
                ground_range_km: flight.rv.ground_range_m / 1e3,
                burnout_s: e.burnout_s,
                warning_s: e.warning_s,
            },
            engageable: !opportunities.is_empty(),
            assumptions: None,
            settings: Vec::new(),
            engageable_share: None,
            sensitivity: None,
            break_even: None,
            uncertainty: None,
            opportunities,
            sites,
            sensors: e
                .sensor_windows
                .iter()
                .map(|(id, w)| SensorWindowsJson {
                    sensor: id.clone(),
                    windows_s: w.iter().map(|w| [w.start_s, w.end_s]).collect(),
                })
                .collect(),
        }
    }
}
