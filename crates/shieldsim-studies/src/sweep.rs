//! The "speed needed to threaten" sweep: per site and route, the least interceptor burnout
//! speed that engages, against the launch delay after the threat's burnout.

use crate::deterrent::Route;
use crate::{StudyError, internal};
use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::{Assumptions, Sensing};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::scenario::SweepSpec;

/// One point of the "speed needed to threaten" curve.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SweepPoint {
    /// Site id.
    pub site: String,
    /// ICBM base.
    pub base: String,
    /// Target.
    pub target: String,
    /// Interceptor launch delay after the threat's burnout (s).
    pub latency_s: f64,
    /// Least burnout speed that engages (km/s), `None` if none up to the sweep's top.
    pub speed_needed_km_s: Option<f64>,
    /// Over the catalog's ranges of the interceptor's other figures (lowest intercept altitude
    /// and longest fly-out): the least speed with both at their favourable ends, and with both
    /// at their unfavourable ends. Reach only grows toward the favourable ends, so every
    /// parameter set's speed needed lies in this band. `None` without sampling.
    pub speed_needed_band_km_s: Option<[Option<f64>; 2]>,
}

/// A "speed needed to threaten" sweep: what was swept, and the answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sweep {
    /// Which interceptor model each site flies, for the caption (e.g. "the site's own
    /// interceptor's burn profile").
    pub interceptor_text: String,
    /// Burnout speeds tried (km/s), ascending.
    pub speeds_km_s: Vec<f64>,
    /// Decision latencies (s), ascending.
    pub latencies_s: Vec<f64>,
    /// One point per (site, route, latency).
    pub points: Vec<SweepPoint>,
}

/// The least intercept ceiling the speed sweep gives every interceptor (km): above every
/// catalogued ceiling, so that the burnout speed alone decides.
pub const SWEEP_CEILING_KM: f64 = 1_500.0;

/// A site of the sweep and the interceptor (id, model) whose burn profile it flies.
pub type SweepSite = (
    shieldsim_core::engagement::Site,
    (String, shieldsim_core::interceptor::Interceptor),
);

/// The "speed needed to threaten" curve: for each site and route, the least burnout speed of
/// `spec` at which the site could engage, against the interceptor's launch delay after the
/// threat's burnout (a perfect track at burnout: the kinematic bound). The model's intercept
/// ceiling is raised to at least [`SWEEP_CEILING_KM`] so that speed alone decides; the output
/// says so. Points come site by site, then route, then latency.
pub fn speed_needed(
    earth: &Earth,
    sites: &[SweepSite],
    routes: &[&Route],
    spec: &SweepSpec,
    interceptor_text: &str,
    band: Option<&shieldsim_scenario::catalogs::Catalogs>,
) -> Result<crate::Sweep, StudyError> {
    let tables = SweepTables::build(sites, spec, band)?;
    Ok(crate::Sweep {
        interceptor_text: format!(
            "{interceptor_text}; launch at the threat's burnout plus the delay on the axis, with a perfect track at burnout (the kinematic bound); the intercept ceiling of {} raised to at least {SWEEP_CEILING_KM} km for the sweep so that speed alone decides",
            tables.models.join(", ")
        ),
        speeds_km_s: spec.speeds_km_s.clone(),
        latencies_s: spec.latencies_s.clone(),
        points: tables.points(earth, sites, routes)?,
    })
}

/// The sweep's fly-out tables: one per (interceptor model, speed), and with a band, the same
/// cut at the two corners of the catalog's ranges.
struct SweepTables {
    /// The interceptor models' ids, in the order of first use by the sites.
    models: Vec<String>,
    /// Model-major, then speed.
    tables: Vec<FlyoutTable>,
    corners: Option<[Vec<FlyoutTable>; 2]>,
    /// The sweep the tables were built for (its speeds index the tables).
    spec: SweepSpec,
}

impl SweepTables {
    /// Build (or take from the process's cache) every table the sweep of `spec` needs for
    /// `sites`; with `band` (the catalogs), those of the band's corners too.
    fn build(
        sites: &[SweepSite],
        spec: &SweepSpec,
        band: Option<&shieldsim_scenario::catalogs::Catalogs>,
    ) -> Result<SweepTables, StudyError> {
        // One table per (interceptor model, speed), built once.
        let mut models: Vec<&(String, shieldsim_core::interceptor::Interceptor)> = Vec::new();
        for (_, m) in sites {
            if !models.iter().any(|x| x.0 == m.0) {
                models.push(m);
            }
        }
        let jobs: Vec<(usize, f64)> = (0..models.len())
            .flat_map(|m| spec.speeds_km_s.iter().map(move |&v| (m, v)))
            .collect();
        // The first failing table in job order, whatever the thread count.
        let tables = shieldsim_scenario::analysis::try_par_map(&jobs, |&(m, v)| {
            let mut model = models[m].1.clone();
            model.burnout_speed_m_s = v * 1e3;
            model.max_intercept_alt_m = model.max_intercept_alt_m.max(SWEEP_CEILING_KM * 1e3);
            shieldsim_scenario::table_cache::table(&model).map_err(internal)
        })?;
        // The band: tables built to the longest fly-out in the catalog's range, cut at lookup
        // to each corner's fly-out and lowest intercept altitude (the engagement reads both
        // from the table's interceptor). Types without a catalog range (an architecture file's
        // own) keep their values at both corners.
        let corners: Option<[Vec<FlyoutTable>; 2]> = match band {
            None => None,
            Some(catalogs) => {
                let ranges: Vec<((f64, f64), (f64, f64))> = models
                    .iter()
                    .map(|(id, m)| match catalogs.defence.interceptor(id) {
                        Ok(e) => (
                            (
                                e.min_intercept_alt_km.low * 1e3,
                                e.min_intercept_alt_km.high * 1e3,
                            ),
                            (
                                e.max_flyout_s.low.min(m.max_flyout_s),
                                e.max_flyout_s.high.max(m.max_flyout_s),
                            ),
                        ),
                        Err(_) => (
                            (m.min_intercept_alt_m, m.min_intercept_alt_m),
                            (m.max_flyout_s, m.max_flyout_s),
                        ),
                    })
                    .collect();
                let extended = shieldsim_scenario::analysis::try_par_map(&jobs, |&(m, v)| {
                    let mut model = models[m].1.clone();
                    model.burnout_speed_m_s = v * 1e3;
                    model.max_intercept_alt_m =
                        model.max_intercept_alt_m.max(SWEEP_CEILING_KM * 1e3);
                    model.max_flyout_s = ranges[m].1.1;
                    shieldsim_scenario::table_cache::table(&model).map_err(internal)
                })?;
                let cut = |favourable: bool| -> Vec<FlyoutTable> {
                    extended
                        .iter()
                        .zip(&jobs)
                        .map(|(t, &(m, _))| {
                            let mut t = t.clone();
                            let ((floor_lo, floor_hi), (flyout_lo, flyout_hi)) = ranges[m];
                            (
                                t.interceptor.min_intercept_alt_m,
                                t.interceptor.max_flyout_s,
                            ) = if favourable {
                                (floor_lo, flyout_hi)
                            } else {
                                (floor_hi, flyout_lo)
                            };
                            t
                        })
                        .collect()
                };
                Some([cut(true), cut(false)])
            }
        };
        Ok(SweepTables {
            models: models.iter().map(|m| m.0.clone()).collect(),
            tables,
            corners,
            spec: spec.clone(),
        })
    }

    /// The sweep's points for `routes`: site by site, then route, then latency, at the speeds
    /// and latencies of the sweep the tables were built for.
    fn points(
        &self,
        earth: &Earth,
        sites: &[SweepSite],
        routes: &[&Route],
    ) -> Result<Vec<crate::SweepPoint>, StudyError> {
        use rayon::prelude::*;
        use shieldsim_core::engagement::{Site, engage};
        let spec = &self.spec;
        let n = spec.speeds_km_s.len();
        let mut cases = Vec::new();
        for (site, (model_id, _)) in sites {
            let m = self
                .models
                .iter()
                .position(|x| x == model_id)
                .ok_or_else(|| internal("sweep model missing"))?;
            for route in routes {
                for &latency in &spec.latencies_s {
                    cases.push((site, m, *route, latency));
                }
            }
        }
        let speeds: Vec<usize> = (0..n).collect();
        Ok(cases
            .par_iter()
            .map(|&(site, m, route, latency)| {
                // Launch exactly `latency` after burnout: a perfect track at burnout and the
                // whole delay as the decision (no radar, no RCS, no kill assessment enters).
                let a = Assumptions {
                    decision_delay_s: latency,
                    kill_assessment_s: 0.0,
                    rcs_m2: 1.0,
                    track_after_burnout_s: 0.0,
                    sensing: Sensing::KinematicBound,
                    cross_side_delay_s: 0.0,
                };
                let engages = |tables: &[FlyoutTable], k: usize| {
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
                        tables,
                        &a,
                    )
                    .sites[0]
                        .outcome
                        .is_ok()
                };
                // Reach grows with speed (tested as a property), so "engages" is monotone in
                // the speed and a bisection finds the first speed that does.
                let needed = |tables: &[FlyoutTable]| {
                    let k = speeds.partition_point(|&k| !engages(tables, k));
                    (k < n).then(|| spec.speeds_km_s[k])
                };
                crate::SweepPoint {
                    site: site.id.clone(),
                    base: route.report.base.0.clone(),
                    target: route.report.target.0.clone(),
                    latency_s: latency,
                    speed_needed_km_s: needed(&self.tables),
                    speed_needed_band_km_s: self
                        .corners
                        .as_ref()
                        .map(|[best, worst]| [needed(best), needed(worst)]),
                }
            })
            .collect())
    }
}
