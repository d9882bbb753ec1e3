//! The work a study asks for, estimated before any of it starts, and the caps it must stay
//! under: a scenario that `check` accepts must not start a run of hours or exhaust memory
//! (issue 17). Each cap has a default and a command-line flag that raises it; a refusal names
//! the key, the estimate, the cap and the flag.

use shieldsim_scenario::analysis::GridSpec;
use shieldsim_scenario::scenario::{Analysis, Scenario};

/// What a scenario run will do, counted before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Work {
    /// Aim points of footprint and coverage analyses (each flown or interpolated and engaged).
    pub aim_points: usize,
    /// Trajectories solved and flown in full: engage aim points and deterrent routes.
    pub flights: usize,
    /// Fly-out tables the speed sweeps build (interceptor models × speeds).
    pub sweep_tables: usize,
    /// The report's size, estimated from the demo's measured bytes per unit (MB, rounded up).
    pub output_mb: usize,
    /// Engagements over the catalog's ranges (`[uncertainty]`): parameter sets × (engage
    /// flights + deterrent rows) + coverage sets × coverage aim points, an upper bound (answers
    /// decided at the corners take one or two).
    pub evaluations: usize,
}

/// Report bytes per engage flight (GeoJSON, KML, CZML, CSV and its share of `summary.json`
/// and `index.html`): 78 kB measured on the demo's 36 cases, with margin.
const BYTES_PER_ENGAGE_FLIGHT: usize = 100_000;
/// Report bytes per deterrent route (its track in three formats and its rows for every
/// architecture and sensing assumption): 146 kB measured on the demo's 35 routes, with margin.
const BYTES_PER_DETERRENT_ROUTE: usize = 200_000;
/// Report bytes per footprint or coverage aim point (CSV row, polygons, HTML map): about
/// 70 B measured on the demo's 50 km grids, with margin.
const BYTES_PER_AIM_POINT: usize = 100;
/// Report bytes of any run (index.html's fixed part, outlines, summary header).
const BYTES_FIXED: usize = 1_000_000;

/// Caps on [`Work`], with their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// Most aim points.
    pub aim_points: usize,
    /// Most full flights.
    pub flights: usize,
    /// Most sweep fly-out tables (each about 1 MB and 80 ms).
    pub sweep_tables: usize,
    /// Most megabytes of report.
    pub output_mb: usize,
    /// Most engagements over the catalog's ranges.
    pub evaluations: usize,
}

impl Default for Caps {
    /// 200,000 aim points (the demo's twelve 50 km footprints of NATO Europe hold about
    /// 105,000, about 10 s on two cores); 2,000 full flights (each engage aim point writes about
    /// 75 kB of report); 200 sweep tables.
    fn default() -> Caps {
        Caps {
            aim_points: 200_000,
            flights: 2_000,
            sweep_tables: 200,
            output_mb: 1_024,
            evaluations: 20_000_000,
        }
    }
}

/// The nodes of a grid.
fn nodes(g: &GridSpec) -> usize {
    let (_, _, nx, ny) = g.layout();
    nx.saturating_mul(ny)
}

/// The work of every analysis of `s`.
pub fn estimate(s: &Scenario) -> Work {
    let mut w = Work::default();
    let mut bytes = BYTES_FIXED;
    let threat_aims = |id: &str| {
        s.threats
            .iter()
            .find(|t| t.id == id)
            .map_or(0, |t| t.to.len())
    };
    for a in &s.analyses {
        match a {
            Analysis::Engage { threat } => {
                w.flights += threat_aims(threat);
                bytes = bytes.saturating_add(threat_aims(threat) * BYTES_PER_ENGAGE_FLIGHT);
            }
            Analysis::Footprint { grid, .. } => {
                w.aim_points = w.aim_points.saturating_add(nodes(grid));
                bytes = bytes.saturating_add(nodes(grid).saturating_mul(BYTES_PER_AIM_POINT));
            }
            Analysis::Coverage { spacing_km, .. } => {
                let n = nodes(&shieldsim_scenario::geo::grid(*spacing_km));
                w.aim_points = w.aim_points.saturating_add(n);
                bytes = bytes.saturating_add(n.saturating_mul(BYTES_PER_AIM_POINT));
            }
            Analysis::Deterrent(d) => {
                let routes = d.bases.len() * d.targets.len();
                w.flights += routes;
                bytes = bytes.saturating_add(routes * BYTES_PER_DETERRENT_ROUTE);
                if let Some(sweep) = &d.sweep {
                    let mut models: Vec<usize> =
                        s.architecture.sites.iter().map(|x| x.table).collect();
                    models.sort_unstable();
                    models.dedup();
                    w.sweep_tables += models.len() * sweep.speeds_km_s.len();
                }
            }
        }
    }
    w.output_mb = bytes.div_ceil(1_000_000);
    if let Some(u) = &s.uncertainty {
        let (sets, cov_sets) = (u.samples as usize, u.coverage_samples as usize);
        for a in &s.analyses {
            let n = match a {
                Analysis::Engage { threat } => sets.saturating_mul(threat_aims(threat)),
                Analysis::Deterrent(d) => sets
                    .saturating_mul(d.bases.len() * d.targets.len())
                    .saturating_mul(d.sensing.len()),
                Analysis::Coverage { spacing_km, .. } => {
                    let spacing = u.interval_spacing_km(*spacing_km);
                    cov_sets.saturating_mul(nodes(&shieldsim_scenario::geo::grid(spacing)))
                }
                Analysis::Footprint { .. } => 0,
            };
            w.evaluations = w.evaluations.saturating_add(n);
        }
    }
    w
}

/// A cap exceeded: the key, the estimate, the cap and the flag that raises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverBudget {
    /// What is counted.
    pub key: &'static str,
    /// The estimate.
    pub estimate: usize,
    /// The cap.
    pub cap: usize,
    /// The command-line flag that raises the cap.
    pub flag: &'static str,
}

impl std::fmt::Display for OverBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the run would need {} {} (cap {}): raise the cap with {} {} if you mean it, or ask for less (a coarser spacing, fewer aim points or routes)",
            self.estimate, self.key, self.cap, self.flag, self.estimate
        )
    }
}

/// Every cap `w` exceeds.
pub fn over(w: &Work, caps: &Caps) -> Vec<OverBudget> {
    [
        (
            "aim points",
            w.aim_points,
            caps.aim_points,
            "--max-aim-points",
        ),
        ("full flights", w.flights, caps.flights, "--max-flights"),
        (
            "sweep fly-out tables",
            w.sweep_tables,
            caps.sweep_tables,
            "--max-sweep-tables",
        ),
        (
            "MB of report (estimated)",
            w.output_mb,
            caps.output_mb,
            "--max-output-mb",
        ),
        (
            "engagements over the catalog's ranges",
            w.evaluations,
            caps.evaluations,
            "--max-evaluations",
        ),
    ]
    .into_iter()
    .filter(|&(_, e, c, _)| e > c)
    .map(|(key, estimate, cap, flag)| OverBudget {
        key,
        estimate,
        cap,
        flag,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn scenario(analyses: &str) -> Scenario {
        let text = format!(
            "[scenario]\ntitle = \"t\"\n[architecture]\nid = \"epaa-phase-3\"\n[[threat]]\nid = \"irbm\"\nmissile = \"irbm-4000\"\nfrom = \"semnan\"\nto = [\"bucharest\", \"warsaw\"]\n{analyses}"
        );
        shieldsim_scenario::scenario::parse_in(&text, Path::new(".")).expect("valid")
    }

    #[test]
    fn estimates_count_what_runs_do() {
        let s = scenario(
            "[[analysis]]\nkind = \"engage\"\nthreat = \"irbm\"\n[[analysis]]\nkind = \"coverage\"\nthreat = \"irbm\"\nspacing_km = 50\n[[analysis]]\nkind = \"deterrent\"\nbases = [\"kozelsk\"]\ntargets = [\"washington\", \"new-york\"]\n",
        );
        let w = estimate(&s);
        assert_eq!(w.flights, 2 + 2);
        // The coverage grid at 50 km (the demo's: 8,755 aim points per footprint).
        assert!((8_000..10_000).contains(&w.aim_points), "{w:?}");
        // Phase 3 flies two interceptor models (IB, IIA); the default sweep tries 17 speeds.
        assert_eq!(w.sweep_tables, 2 * 17);
        assert!(over(&w, &Caps::default()).is_empty());
        let tight = Caps {
            aim_points: 100,
            ..Caps::default()
        };
        let o = over(&w, &tight);
        assert_eq!(o.len(), 1);
        assert!(o[0].to_string().contains("--max-aim-points"));
    }
}
