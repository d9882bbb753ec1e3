//! `summary.json`: the serde form of a study's results. The key names are the command-line
//! contract (DESIGN.md): extended, never renamed. Every quantity's key ends in its unit.

use crate::uncertainty::{BreakEven, Quantiles, Swing};
use crate::{CoverageRow, DeterrentRow, EngageCase, FootprintCase, StudyResults, SweepPoint};
use serde::Serialize;
use shieldsim_scenario::analysis::Cell;
use shieldsim_scenario::catalogs::Applied;

/// Round to `decimals` for stable, readable output.
pub(crate) fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

/// The whole `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: &'a str,
    /// What the study found, in short sentences, each with the numbers it rests on and the
    /// analysis it comes from ([`findings`]).
    pub findings: Vec<Finding>,
    /// The assumptions behind every answer.
    pub assumptions: AssumptionsSummary<'a>,
    /// Catalog figures set by `[overrides]` or `--set`, with their sourced ranges.
    pub settings: &'a [Applied],
    /// Per architecture: what it is and its coverage rows.
    pub architectures: Vec<ArchitectureSummary<'a>>,
    /// Every engagement case.
    pub engagements: Vec<CaseSummary<'a>>,
    /// The deterrent question's rows.
    pub deterrent: Vec<DeterrentSummary<'a>>,
    /// The deterrent question's assumptions, in words.
    pub deterrent_assumption: Option<&'a str>,
    /// The deterrent question's sampling of the catalog's ranges, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deterrent_uncertainty: Option<DeterrentUncertaintySummary>,
    /// The speed-needed sweep's points.
    pub sensitivity: Vec<SweepSummary<'a>>,
    /// What the sweep assumes, in words (including the catalog figures it changes).
    pub sensitivity_assumption: Option<&'a str>,
    /// Per footprint: what it is of and how many aim points are defended.
    pub footprints: Vec<FootprintSummary<'a>>,
    /// Every site against the declared basing rules: `{architecture, site, host, alliance,
    /// host_alliances, rule, consent_required_from, consent_given, status}`
    /// ([`crate::basing`]); a statement of a declared rule, not legal advice.
    pub basing: &'a [crate::BasingRow],
}

/// The run's assumptions.
#[derive(Debug, Clone, Serialize)]
pub struct AssumptionsSummary<'a> {
    /// Fire-control solution to launch (s).
    pub decision_delay_s: f64,
    /// Threat burnout to the first fire-control solution (s).
    pub track_after_burnout_s: f64,
    /// From one side's radar track to another side's fire control (s).
    pub cross_side_delay_s: f64,
    /// Sensing of the engagement, footprint and coverage analyses.
    pub sensing: &'static str,
    /// The early-warning radars `cued` links.
    pub cued_radars: &'a [String],
    /// Kill assessment between shots (s).
    pub kill_assessment_s: f64,
    /// Single-shot kill probability.
    pub pk: f64,
    /// Interceptors per salvo.
    pub shots_per_salvo: u32,
    /// Threats per raid.
    pub raid_size: u32,
}

/// An architecture and its coverage.
#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureSummary<'a> {
    /// Id.
    pub id: &'a str,
    /// Year.
    pub year: u32,
    /// Who commands it.
    pub command: &'a str,
    /// Source.
    pub source: &'a str,
    /// Shares of each coverage region (NATO Europe; in the demo also the CSTO members) inside
    /// its footprints, the region named in each row (empty when the run computed none).
    pub coverage: Vec<CoverageSummary<'a>>,
}

/// A coverage row (shares rounded to 1e-4).
#[derive(Debug, Clone, Serialize)]
pub struct CoverageSummary<'a> {
    /// The region: `nato-europe` or `csto` (the CSTO members in the year `region_name` gives).
    pub region: &'a str,
    /// The region as shown: `NATO Europe`, `CSTO members (2026)`.
    pub region_name: &'a str,
    /// Catalog missile id.
    pub threat: &'a str,
    /// Launch area.
    pub launch_area: &'a str,
    /// Share of the region's land area defended.
    pub area_fraction: f64,
    /// Share of the population (places ≥ 10,000) defended.
    pub population_fraction: f64,
    /// Share of the land area the threat can reach.
    pub threatened_area_fraction: f64,
    /// Share of the population the threat can reach.
    pub threatened_population_fraction: f64,
    /// One site, or null for the whole architecture.
    pub site: Option<&'a str>,
    /// Grid spacing (km).
    pub spacing_km: f64,
    /// Over the catalog's ranges: the area share's p05/p50/p95 (on `interval_spacing_km`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_fraction_quantiles: Option<Quantiles>,
    /// The population share's p05/p50/p95.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population_fraction_quantiles: Option<Quantiles>,
    /// Parameter sets behind them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty_samples: Option<u32>,
    /// Grid spacing of the intervals (km).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_spacing_km: Option<f64>,
    /// The area share at the values in use on the intervals' grid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_grid_area_fraction: Option<f64>,
    /// The population share at the values in use on the intervals' grid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_grid_population_fraction: Option<f64>,
}

/// Quantiles rounded to `d` decimals.
fn round_q(q: Quantiles, d: i32) -> Quantiles {
    Quantiles {
        p05: round(q.p05, d),
        p50: round(q.p50, d),
        p95: round(q.p95, d),
    }
}

impl<'a> CoverageSummary<'a> {
    /// The summary of a coverage row.
    pub fn of(c: &'a CoverageRow) -> Self {
        CoverageSummary {
            region: c.region.key(),
            region_name: &c.region_name,
            threat: &c.threat,
            launch_area: &c.launch_area,
            area_fraction: round(c.area_fraction, 4),
            population_fraction: round(c.population_fraction, 4),
            threatened_area_fraction: round(c.threatened_area_fraction, 4),
            threatened_population_fraction: round(c.threatened_population_fraction, 4),
            site: c.site.as_deref(),
            spacing_km: c.spacing_km,
            area_fraction_quantiles: c.area_fraction_quantiles.map(|q| round_q(q, 4)),
            population_fraction_quantiles: c.population_fraction_quantiles.map(|q| round_q(q, 4)),
            uncertainty_samples: c.uncertainty_samples,
            interval_spacing_km: c.interval_spacing_km,
            interval_grid_area_fraction: c.interval_grid_area_fraction.map(|x| round(x, 4)),
            interval_grid_population_fraction: c
                .interval_grid_population_fraction
                .map(|x| round(x, 4)),
        }
    }
}

/// One engagement case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary<'a> {
    /// Architecture id.
    pub architecture: &'a str,
    /// Threat id.
    pub threat: &'a str,
    /// Catalog missile id.
    pub missile: &'a str,
    /// Launch place.
    pub from: &'a str,
    /// Aim point.
    pub to: &'a str,
    /// Sensing assumption.
    pub sensing: &'static str,
    /// The threat's burnout (s).
    pub threat_burnout_s: f64,
    /// Space-based launch warning (s).
    pub warning_s: Option<f64>,
    /// Launch to impact (s).
    pub flight_time_s: f64,
    /// Apogee (km).
    pub apogee_km: f64,
    /// Ground range (km).
    pub ground_range_km: f64,
    /// Whether any site can engage.
    pub engageable: bool,
    /// The engaging sites' timelines and earliest intercepts.
    pub opportunities: Vec<OpportunitySummary<'a>>,
    /// Over the catalog's ranges (with `[uncertainty]`): the share of parameter sets in which
    /// some site engages, the best margin's quantiles, the largest swings, the break-even and
    /// why the sets were not evaluated one by one (when they were not).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub over_ranges: Option<RangeSummary<'a>>,
    /// Why the other sites cannot.
    pub cannot_engage: Vec<Refusal<'a>>,
}

/// An engaging site.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunitySummary<'a> {
    /// Site id.
    pub site: &'a str,
    /// Sensor whose track it fires on.
    pub cue_sensor: Option<&'a str>,
    /// That sensor's detection (s).
    pub first_detect_s: Option<f64>,
    /// Its track (s).
    pub track_s: Option<f64>,
    /// Fire-control solution (s).
    pub fire_control_s: Option<f64>,
    /// Earliest launch (s).
    pub earliest_launch_s: Option<f64>,
    /// Latest launch that still intercepts (s).
    pub latest_launch_s: Option<f64>,
    /// Latest − earliest launch (s).
    pub margin_s: Option<f64>,
    /// What sets the earliest launch.
    pub binding_constraint: Option<&'static str>,
    /// Launch for the earliest intercept (s).
    pub launch_s: f64,
    /// Earliest intercept (s).
    pub intercept_s: f64,
    /// Latest intercept (s).
    pub latest_intercept_s: f64,
    /// Intercept altitude (km).
    pub intercept_alt_km: f64,
    /// Intercept latitude (deg).
    pub intercept_lat_deg: f64,
    /// Intercept longitude (deg).
    pub intercept_lon_deg: f64,
    /// Closing speed (km/s).
    pub closing_speed_km_s: f64,
    /// Shoot-look-shoot shots.
    pub shots: u32,
}

/// A site that cannot engage, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal<'a> {
    /// Site id.
    pub site: &'a str,
    /// Why.
    pub reason: &'static str,
}

/// An answer over the catalog's ranges, as summary rows carry it.
#[derive(Debug, Clone, Serialize)]
pub struct RangeSummary<'a> {
    /// Share of the parameter sets in which some site engages (not a probability).
    pub engageable_share: f64,
    /// The best margin's p05/p50/p95 (s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_s_quantiles: Option<Quantiles>,
    /// The five largest one-at-a-time swings (margins to 0.1 s, rank correlations to 0.001).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Vec<Swing>>,
    /// The break-even of the deciding parameter, where the verdict flips.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub break_even: Option<&'a BreakEven>,
    /// Why the sets were not evaluated one by one, when they were not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty_shortcut: Option<&'a str>,
}

impl<'a> RangeSummary<'a> {
    /// The summary of an answer over the ranges.
    pub fn of(u: &'a crate::uncertainty::EngageUncertainty) -> Self {
        RangeSummary {
            engageable_share: round(u.engageable_share, 4),
            margin_s_quantiles: u.margin_s_quantiles.map(|q| round_q(q, 1)),
            sensitivity: u.shortcut.is_none().then(|| {
                u.sensitivity
                    .iter()
                    .take(5)
                    .map(|x| {
                        let a = |a: crate::uncertainty::Answer| crate::uncertainty::Answer {
                            margin_s: a.margin_s.map(|m| round(m, 1)),
                            ..a
                        };
                        Swing {
                            answer_at_low: a(x.answer_at_low),
                            answer_at_high: a(x.answer_at_high),
                            rank_correlation: x.rank_correlation.map(|r| round(r, 3)),
                            ..x.clone()
                        }
                    })
                    .collect()
            }),
            break_even: u.break_even.as_ref(),
            uncertainty_shortcut: u.shortcut.as_deref(),
        }
    }
}

impl<'a> CaseSummary<'a> {
    /// The summary of an engagement case.
    pub fn of(c: &'a EngageCase) -> Self {
        let e = &c.engagement;
        let opportunities: Vec<OpportunitySummary> = e
            .sites
            .iter()
            .filter_map(|s| {
                let o = s.outcome.as_ref().ok()?;
                Some(OpportunitySummary {
                    site: &s.site,
                    cue_sensor: s.cue_sensor.as_deref(),
                    first_detect_s: s.first_detect_s,
                    track_s: s.track_s,
                    fire_control_s: s.fire_control_s,
                    earliest_launch_s: s.earliest_launch_s,
                    latest_launch_s: s.latest_launch_s,
                    margin_s: s.margin_s,
                    binding_constraint: s.binding.map(|b| b.name()),
                    launch_s: o.launch_s,
                    intercept_s: o.intercept_s,
                    latest_intercept_s: o.latest_intercept_s,
                    intercept_alt_km: o.intercept.alt_km(),
                    intercept_lat_deg: o.intercept.lat_deg(),
                    intercept_lon_deg: o.intercept.lon_deg(),
                    closing_speed_km_s: o.closing_speed_m_s / 1e3,
                    shots: o.shots,
                })
            })
            .collect();
        CaseSummary {
            architecture: &c.architecture,
            threat: &c.threat,
            missile: &c.missile,
            from: &c.from.0,
            to: &c.to.0,
            sensing: e.sensing.name(),
            threat_burnout_s: e.burnout_s,
            warning_s: e.warning_s,
            flight_time_s: c.flight.flight_time_s(),
            apogee_km: c.flight.rv.apogee_alt_m / 1e3,
            ground_range_km: c.flight.rv.ground_range_m / 1e3,
            engageable: !opportunities.is_empty(),
            opportunities,
            over_ranges: c.uncertainty.as_deref().map(RangeSummary::of),
            cannot_engage: e
                .sites
                .iter()
                .filter_map(|s| {
                    Some(Refusal {
                        site: &s.site,
                        reason: s.outcome.as_ref().err()?.reason(),
                    })
                })
                .collect(),
        }
    }
}

/// A deterrent row (times rounded to 0.1 s).
#[derive(Debug, Clone, Serialize)]
pub struct DeterrentSummary<'a> {
    /// Architecture id.
    pub architecture: &'a str,
    /// Launch base.
    pub base: &'a str,
    /// Target.
    pub target: &'a str,
    /// Sensing assumption.
    pub sensing: &'a str,
    /// Whether any site can engage.
    pub engageable: bool,
    /// The engaging sites.
    pub sites: &'a [String],
    /// Best margin (s).
    pub margin_s: Option<f64>,
    /// The ICBM's burnout (s).
    pub threat_burnout_s: f64,
    /// The best engaging site's earliest launch (s).
    pub launch_s: Option<f64>,
    /// What sets it.
    pub binding_constraint: Option<&'a str>,
    /// Over the catalog's ranges (with `[uncertainty]` or in the demo): `engageable_share`,
    /// `margin_s_quantiles`, `sensitivity`, `break_even`, `uncertainty_shortcut`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub over_ranges: Option<RangeSummary<'a>>,
}

impl<'a> DeterrentSummary<'a> {
    /// The summary of a deterrent row.
    pub fn of(r: &'a DeterrentRow) -> Self {
        DeterrentSummary {
            architecture: &r.architecture,
            base: &r.base,
            target: &r.target,
            sensing: &r.sensing,
            engageable: !r.sites.is_empty(),
            sites: &r.sites,
            margin_s: r.margin_s.map(|m| round(m, 1)),
            threat_burnout_s: round(r.threat_burnout_s, 1),
            launch_s: r.launch_s.map(|m| round(m, 1)),
            binding_constraint: r.binding_constraint.as_deref(),
            over_ranges: r.uncertainty.as_deref().map(RangeSummary::of),
        }
    }
}

/// The deterrent question's sampling, when it samples the catalog's ranges.
#[derive(Debug, Clone, Serialize)]
pub struct DeterrentUncertaintySummary {
    /// Parameter sets per row.
    pub samples: u32,
    /// Seed.
    pub seed: u32,
    /// Spread of each parameter.
    pub distribution: crate::uncertainty::Distribution,
    /// What the shares mean.
    pub meaning: &'static str,
    /// What did not vary.
    pub held_fixed: String,
}

/// What a share of parameter sets is.
pub const SHARE_MEANING: &str = "engageable_share is the share of plausible parameter sets (each ranged figure drawn over its sourced low–value–high) in which some site engages; it is not a probability of the world";

/// A point of the speed-needed sweep.
#[derive(Debug, Clone, Serialize)]
pub struct SweepSummary<'a> {
    /// Site id.
    pub site: &'a str,
    /// ICBM base.
    pub base: &'a str,
    /// Target.
    pub target: &'a str,
    /// Launch delay after the threat's burnout (s; the name kept from when it was a decision
    /// latency after the space-IR report).
    pub latency_s: f64,
    /// The same, named for what it is.
    pub launch_delay_after_burnout_s: f64,
    /// Least burnout speed that engages (km/s), null if none in the sweep.
    pub speed_needed_km_s: Option<f64>,
    /// Over the catalog's ranges: the least speed with the interceptor's other figures at
    /// their favourable ends (km/s; null: none in the sweep).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_needed_low_km_s: Option<Option<f64>>,
    /// The same at their unfavourable ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_needed_high_km_s: Option<Option<f64>>,
}

impl<'a> SweepSummary<'a> {
    /// The summary of a sweep point.
    pub fn of(p: &'a SweepPoint) -> Self {
        SweepSummary {
            site: &p.site,
            base: &p.base,
            target: &p.target,
            latency_s: p.latency_s,
            launch_delay_after_burnout_s: p.latency_s,
            speed_needed_km_s: p.speed_needed_km_s,
            speed_needed_low_km_s: p.speed_needed_band_km_s.map(|b| b[0]),
            speed_needed_high_km_s: p.speed_needed_band_km_s.map(|b| b[1]),
        }
    }
}

/// A footprint: what it is of, and its aim points by status.
#[derive(Debug, Clone, Serialize)]
pub struct FootprintSummary<'a> {
    /// Always `footprint`.
    pub kind: &'static str,
    /// Architecture id.
    pub architecture: &'a str,
    /// One site, or null for the whole architecture.
    pub site: Option<&'a str>,
    /// Threat id.
    pub threat: &'a str,
    /// Catalog missile id.
    pub missile: &'a str,
    /// Launch area.
    pub launch_area: &'a str,
    /// Grid spacing (km).
    pub spacing_km: f64,
    /// Aim points some site defends.
    pub defended_nodes: usize,
    /// Aim points the threat reaches but no site defends.
    pub undefended_nodes: usize,
    /// Aim points the threat cannot reach.
    pub unreachable_nodes: usize,
    /// Aim points the threat reaches that were not evaluated, away from the coverage region's
    /// land (a CSTO coverage footprint; absent when none).
    #[serde(skip_serializing_if = "is_zero")]
    pub not_evaluated_nodes: usize,
    /// The coverage region whose grid it is on (`nato-europe`, `csto`; absent for a footprint
    /// analysis's own grid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<&'static str>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl<'a> FootprintSummary<'a> {
    /// The summary of a footprint.
    pub fn of(f: &'a FootprintCase) -> Self {
        let count = |c: Cell| f.footprint.cells.iter().filter(|x| **x == c).count();
        FootprintSummary {
            kind: "footprint",
            architecture: &f.architecture,
            site: f.site.as_deref(),
            threat: &f.threat,
            missile: &f.missile,
            launch_area: &f.launch.0,
            spacing_km: f.footprint.grid.spacing_km,
            defended_nodes: count(Cell::Defended),
            undefended_nodes: count(Cell::Undefended),
            unreachable_nodes: count(Cell::Unreachable),
            not_evaluated_nodes: count(Cell::Skipped),
            region: f.region.map(|r| r.key()),
        }
    }
}

/// One finding: a sentence, the analysis it comes from (`coverage`, `deterrent`, `engage`) and
/// the numbers it rests on, by name (each name ends in its unit; shares are fractions, rounded
/// to 1e-4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The finding in words.
    pub text: String,
    /// The analysis it comes from.
    pub analysis: &'static str,
    /// The numbers it rests on.
    pub numbers: std::collections::BTreeMap<String, f64>,
}

/// What a study found, answers first: per region, threat and launch area, each architecture's
/// coverage of the region (as a share of the whole and of what the threat can reach); per architecture,
/// the deterrent verdict under each sensing assumption; per architecture, how many engagement
/// cases some site can engage. In the results' order, so the same results give the same
/// findings.
pub fn findings(r: &StudyResults) -> Vec<Finding> {
    let pct = |x: f64| 100.0 * x;
    let mut out = Vec::new();
    for c in &r.coverage {
        let of_reach = if c.threatened_area_fraction > 0.0 {
            c.area_fraction / c.threatened_area_fraction
        } else {
            0.0
        };
        let who = match &c.site {
            Some(s) => format!("{} ({s} only)", c.architecture),
            None => c.architecture.clone(),
        };
        let mut numbers: std::collections::BTreeMap<String, f64> = [
            ("area_fraction", round(c.area_fraction, 4)),
            ("population_fraction", round(c.population_fraction, 4)),
            (
                "threatened_area_fraction",
                round(c.threatened_area_fraction, 4),
            ),
            ("share_of_reachable_area_fraction", round(of_reach, 4)),
            ("grid_spacing_km", c.spacing_km),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let range = match (c.area_fraction_quantiles, c.uncertainty_samples) {
            (Some(q), Some(n)) => {
                numbers.insert("area_fraction_p05".into(), round(q.p05, 4));
                numbers.insert("area_fraction_p95".into(), round(q.p95, 4));
                numbers.insert("uncertainty_samples".into(), f64::from(n));
                let grid = c.interval_spacing_km.unwrap_or(c.spacing_km);
                let own = match c.interval_grid_area_fraction {
                    Some(x) if grid != c.spacing_km => {
                        format!(", where the catalog values give {:.1} %", pct(x))
                    }
                    _ => String::new(),
                };
                format!(
                    " Over the catalog's ranges ({n} parameter sets on a {grid} km grid{own}): {:.1}–{:.1} % of the area (p05–p95).",
                    pct(q.p05),
                    pct(q.p95)
                )
            }
            _ => String::new(),
        };
        let shares = if c.region == shieldsim_scenario::geo::RegionId::NatoEurope {
            format!(
                "{:.1} % of NATO Europe's area and {:.1} % of its population",
                pct(c.area_fraction),
                pct(c.population_fraction)
            )
        } else {
            format!(
                "{:.1} % of the area and {:.1} % of the population of the {}",
                pct(c.area_fraction),
                pct(c.population_fraction),
                c.region_name
            )
        };
        out.push(Finding {
            text: format!(
                "{who} defends {shares} against {} from {} — {:.0} % of the area the missile can reach ({:.1} %).{range}",
                c.threat,
                c.launch_area,
                pct(of_reach),
                pct(c.threatened_area_fraction)
            ),
            analysis: "coverage",
            numbers,
        });
    }
    if let Some(d) = &r.deterrent {
        let mut archs: Vec<&str> = Vec::new();
        let mut sensings: Vec<&str> = Vec::new();
        for row in &d.rows {
            if !archs.contains(&row.architecture.as_str()) {
                archs.push(&row.architecture);
            }
            if !sensings.contains(&row.sensing.as_str()) {
                sensings.push(&row.sensing);
            }
        }
        for a in archs {
            let mut numbers = std::collections::BTreeMap::new();
            let (mut parts, mut ranges) = (Vec::new(), Vec::new());
            let mut routes = 0;
            for (k, s) in sensings.iter().enumerate() {
                let of: Vec<&DeterrentRow> = d
                    .rows
                    .iter()
                    .filter(|x| x.architecture == a && x.sensing == *s)
                    .collect();
                routes = of.len();
                let yes = of.iter().filter(|x| !x.sites.is_empty()).count();
                let key = [
                    "routes_engageable_own",
                    "routes_engageable_cued",
                    "routes_engageable_kinematic_bound",
                ]
                .get(k)
                .copied()
                .unwrap_or("routes_engageable_other");
                numbers.insert(key.to_string(), yes as f64);
                parts.push(format!("{yes} under {s}"));
                // Over the catalog's ranges: routes engageable in some parameter sets, and the
                // largest share.
                let shares: Vec<f64> = of
                    .iter()
                    .filter_map(|x| x.uncertainty.as_ref().map(|u| u.engageable_share))
                    .collect();
                if shares.len() == of.len() && !shares.is_empty() {
                    let some = shares.iter().filter(|&&x| x > 0.0).count();
                    let most = shares.iter().copied().fold(0.0, f64::max);
                    numbers.insert(format!("{key}_in_some_parameter_sets"), some as f64);
                    numbers.insert(format!("{key}_largest_share"), round(most, 3));
                    ranges.push(if some > 0 {
                        format!("{some} under {s} (up to {:.0} % of the sets)", 100.0 * most)
                    } else {
                        format!("0 under {s}")
                    });
                }
            }
            numbers.insert("routes".to_string(), routes as f64);
            let none = numbers
                .iter()
                .filter(|(k, _)| k.starts_with("routes_engageable"))
                .all(|(_, v)| *v == 0.0);
            let over_ranges = if ranges.is_empty() {
                String::new()
            } else {
                format!(
                    " Over the catalog's ranges, routes engageable in some parameter sets: {}.",
                    ranges.join(", ")
                )
            };
            out.push(Finding {
                text: if none {
                    format!(
                        "{a}: no site can engage any of the {routes} ICBM routes to North America, under any sensing assumption ({}){}.",
                        sensings.join(", "),
                        if ranges.is_empty() {
                            ""
                        } else {
                            ", at the catalog values or in any sampled parameter set"
                        }
                    )
                } else if parts.iter().all(|p| p.starts_with("0 ")) {
                    format!(
                        "{a}: no site can engage any of the {routes} ICBM routes to North America at the catalog values ({}).{over_ranges}",
                        sensings.join(", ")
                    )
                } else {
                    format!(
                        "{a}: of {routes} ICBM routes to North America, some site can engage {} at the catalog values.{over_ranges}",
                        parts.join(", ")
                    )
                },
                analysis: "deterrent",
                numbers,
            });
        }
    }
    out.extend(crate::debate::findings(r));
    for b in r.basing.iter().filter(|b| b.flagged()) {
        out.push(Finding {
            text: format!(
                "{}: site {} in {} under {} needs the consent of every CSTO member ({}); the scenario records {} of them (missing: {}). A declared rule (CSTO, 20 Dec 2011), not legal advice.",
                b.architecture,
                b.site,
                b.host,
                b.alliance,
                b.consent_required_from.join(", "),
                b.consent_required_from.len() - b.missing().len(),
                b.missing().join(", ")
            ),
            analysis: "basing",
            numbers: [
                ("consent_required", b.consent_required_from.len() as f64),
                ("consent_missing", b.missing().len() as f64),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        });
    }
    for arch in &r.architectures {
        if arch.cases.is_empty() {
            continue;
        }
        let yes = arch
            .cases
            .iter()
            .filter(|c| !c.engaging_sites().is_empty())
            .count();
        out.push(Finding {
            text: format!(
                "{}: some site can engage {yes} of its {} engagement cases (sensing: {}).",
                arch.info.id,
                arch.cases.len(),
                r.assumptions.sensing.name()
            ),
            analysis: "engage",
            numbers: [
                ("cases", arch.cases.len() as f64),
                ("cases_engageable", yes as f64),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        });
    }
    out
}

impl<'a> Summary<'a> {
    /// The summary of a study's results.
    pub fn of(r: &'a StudyResults) -> Self {
        let a = &r.assumptions;
        Summary {
            title: &r.title,
            description: &r.description,
            findings: findings(r),
            assumptions: AssumptionsSummary {
                decision_delay_s: a.decision_delay_s,
                track_after_burnout_s: a.track_after_burnout_s,
                cross_side_delay_s: a.cross_side_delay_s,
                sensing: a.sensing.name(),
                cued_radars: &a.cued_radars,
                kill_assessment_s: a.kill_assessment_s,
                pk: a.pk,
                shots_per_salvo: a.shots_per_salvo,
                raid_size: a.raid_size,
            },
            settings: &r.settings,
            architectures: r
                .architectures
                .iter()
                .map(|x| ArchitectureSummary {
                    id: &x.info.id,
                    year: x.info.year,
                    command: &x.info.command,
                    source: &x.info.source,
                    coverage: r
                        .coverage
                        .iter()
                        .filter(|c| c.architecture == x.info.id)
                        .map(CoverageSummary::of)
                        .collect(),
                })
                .collect(),
            engagements: r.cases().map(CaseSummary::of).collect(),
            deterrent: r
                .deterrent
                .iter()
                .flat_map(|d| d.rows.iter().map(DeterrentSummary::of))
                .collect(),
            deterrent_assumption: r.deterrent.as_ref().map(|d| d.assumption.as_str()),
            deterrent_uncertainty: r
                .deterrent
                .iter()
                .flat_map(|d| d.rows.iter())
                .find_map(|x| x.uncertainty.as_ref())
                .map(|u| DeterrentUncertaintySummary {
                    samples: u.samples,
                    seed: u.seed,
                    distribution: u.distribution,
                    meaning: SHARE_MEANING,
                    held_fixed: u.held_fixed.clone(),
                }),
            sensitivity: r
                .sweep
                .iter()
                .flat_map(|s| s.points.iter().map(SweepSummary::of))
                .collect(),
            sensitivity_assumption: r.sweep.as_ref().map(|s| s.interceptor_text.as_str()),
            footprints: r.footprints.iter().map(FootprintSummary::of).collect(),
            basing: &r.basing,
        }
    }
}

/// A run's results serialise as `summary.json` does: the web app and the Python package hand
/// out the same document the command line writes.
impl Serialize for StudyResults {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        Summary::of(self).serialize(ser)
    }
}

#[cfg(test)]
mod results_serialise {
    use super::Summary;

    #[test]
    fn study_results_serialise_as_the_summary() {
        let scenario = shieldsim_scenario::scenario::parse(
            "[scenario]\ntitle = \"t\"\n[architecture]\nid = \"epaa-phase-3\"\n[[threat]]\nid = \"irbm\"\nmissile = \"irbm-4000\"\nfrom = \"semnan\"\nto = [\"bucharest\"]\n[[analysis]]\nkind = \"engage\"\nthreat = \"irbm\"\n",
        )
        .expect("scenario parses");
        let results = crate::run_scenario(&scenario, &|_, _, _| {}).expect("runs");
        let direct = serde_json::to_string(&results).expect("results serialise");
        let via_summary = serde_json::to_string(&Summary::of(&results)).expect("summary");
        assert_eq!(direct, via_summary);
        let v: serde_json::Value = serde_json::from_str(&direct).expect("valid JSON");
        assert_eq!(v["engagements"].as_array().map(Vec::len), Some(1), "{v}");
        // Issue 15: every site of the architecture against the declared basing rules; none of
        // phase 3's is on CSTO territory.
        let basing = v["basing"].as_array().expect("basing[]");
        assert_eq!(basing.len(), 3, "{v}");
        assert!(basing.iter().all(|b| b["status"] == "not applicable"));
        assert_eq!(basing[1]["host_alliances"], serde_json::json!(["NATO"]));
    }
}
