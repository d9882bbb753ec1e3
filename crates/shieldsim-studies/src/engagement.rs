//! Engagement cases: every aim point of a threat flown and engaged by an architecture.

use crate::{StudyError, input};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::engagement::Engagement;
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_core::missile::MissileFlight;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::{ScenarioAssumptions, Threat};

/// One engaged threat trajectory: an aim point of a threat against an architecture.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EngageCase {
    /// Architecture id.
    pub architecture: String,
    /// Its year.
    pub year: u32,
    /// Threat id (from the scenario).
    pub threat: String,
    /// Catalog missile id.
    pub missile: String,
    /// Launch place name and position.
    pub from: (String, Geodetic),
    /// Aim-point name and position.
    pub to: (String, Geodetic),
    /// The flight (sampled).
    pub flight: MissileFlight,
    /// The engagement.
    pub engagement: Engagement,
    /// Per site: (id, interceptor id, position, host, alliance).
    pub sites: Vec<SiteInfo>,
    /// The answer over the catalog's ranges, when the run samples them.
    pub uncertainty: Option<Box<crate::uncertainty::EngageUncertainty>>,
}

impl EngageCase {
    /// The sites that can engage, in site order.
    pub fn engaging_sites(&self) -> Vec<&str> {
        self.engagement
            .sites
            .iter()
            .filter(|s| s.outcome.is_ok())
            .map(|s| s.site.as_str())
            .collect()
    }

    /// The verdict in words: "engaged by a, b" or "no site engages".
    pub fn verdict(&self) -> String {
        let engaging = self.engaging_sites();
        if engaging.is_empty() {
            "no site engages".to_string()
        } else {
            format!("engaged by {}", engaging.join(", "))
        }
    }
}

/// What the report shows of a site.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SiteInfo {
    /// Site id.
    pub id: String,
    /// Interceptor id.
    pub interceptor: String,
    /// Launcher position.
    pub position: Geodetic,
    /// A ship station rather than a site ashore.
    pub ship: bool,
}

/// Every aim point of a threat engaged by an architecture, under the scenario's sensing
/// assumption.
pub fn engage_cases(
    catalogs: &Catalogs,
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    threat: &Threat,
    a: &ScenarioAssumptions,
    uncertainty: Option<(
        &crate::uncertainty::Design,
        &crate::uncertainty::LatticeCache,
    )>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<EngageCase>, StudyError> {
    let every: Vec<usize> = (0..threat.to.len()).collect();
    engage_cases_at(
        catalogs,
        arch,
        tables,
        threat,
        a,
        uncertainty,
        &every,
        progress,
    )
}

/// [`engage_cases`] for the aim points `aims` (indices into `threat.to`, in the order given):
/// a shard's work units (`crate::shard`). Each case depends on its aim point alone, never on
/// which others are computed with it.
// The inputs are engage_cases' own plus the aim points.
#[allow(clippy::too_many_arguments)]
pub fn engage_cases_at(
    catalogs: &Catalogs,
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    threat: &Threat,
    a: &ScenarioAssumptions,
    uncertainty: Option<(
        &crate::uncertainty::Design,
        &crate::uncertainty::LatticeCache,
    )>,
    aims: &[usize],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<EngageCase>, StudyError> {
    let aim_points: Vec<&(String, shieldsim_core::earth::Geodetic)> = aims
        .iter()
        .map(|&k| {
            threat.to.get(k).ok_or_else(|| {
                crate::internal(format!("threat {} has no aim point {k}", threat.id))
            })
        })
        .collect::<Result<_, _>>()?;
    let earth = Earth::wgs84();
    let assumptions = a.engagement(threat.rcs_m2, a.sensing);
    let sensed = a.sensed(catalogs, arch, a.sensing).map_err(input)?;
    let prepared = match uncertainty {
        Some((design, cache)) => Some(crate::uncertainty::Prepared::new(
            catalogs,
            &sensed,
            assumptions,
            design,
            cache,
            false,
        )?),
        None => None,
    };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = aim_points.len();
    // In parallel; the cases keep the aim points' order, and an error is the first in that
    // order, whatever the thread count.
    analysis::try_par_map(&aim_points, |&(to_name, to)| {
        let (flight, path) = analysis::threat_path(
            &earth,
            &catalogs.catalog,
            &threat.missile,
            (threat.from.1, *to),
        )
        .map_err(|e| {
            input(format!(
                "threat {} ({} → {to_name}): {e}",
                threat.id, threat.from.0
            ))
        })?;
        let engagement = shieldsim_core::engagement::engage(
            &earth,
            &path,
            &sensed.sensors,
            &sensed.sites,
            tables,
            &assumptions,
        );
        let uncertainty = match (&prepared, uncertainty) {
            (Some(p), Some((design, _))) => {
                let variants = crate::uncertainty::threat_variants(
                    &earth,
                    catalogs,
                    &threat.missile,
                    (threat.from.1, *to),
                    design,
                )?;
                Some(Box::new(p.answer_with(&path, Some(&variants), true)?))
            }
            _ => None,
        };
        progress(
            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
            total,
        );
        Ok(EngageCase {
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
                    ship: arch
                        .entry
                        .sites
                        .iter()
                        .any(|e| e.id == s.id && e.kind == "ship"),
                })
                .collect(),
            uncertainty,
        })
    })
}
