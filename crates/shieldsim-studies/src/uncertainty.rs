//! Uncertainty of an engagement answer over the catalog's own ranges (issue 12, first part):
//! sample the ranged figures that bear on the answer, engage once per parameter set, and report
//! the share of parameter sets in which a site engages, the margin's quantiles, what decides the
//! answer (one-at-a-time swings and rank correlations) and, for a verdict that flips inside the
//! ranges, the break-even value of the deciding parameter.
//!
//! **Design.** An Owen-scrambled Sobol sequence (`sobol_burley`, seeded: the same seed gives
//! the same design on any machine and thread count) mapped through each parameter's
//! distribution over its low–value–high: triangular with its mode at the catalog value by
//! default, or uniform. `engageable_share` is a share of *plausible parameter sets*, not a
//! probability of the world.
//!
//! **What varies.** The interceptors' burnout speeds, intercept-altitude band and longest
//! fly-out; the radars' track delays and reference ranges (not under the kinematic bound,
//! where no radar enters); the decision delay, the track-after-burnout time and the threat's
//! RCS. The threat's own figures stay at their catalog values here (its flight is solved once);
//! the output says so.
//!
//! **Speed.** Fly-out tables are built once per interceptor on a lattice of burnout speeds
//! [`SPEED_LATTICE_KM_S`] apart; a sampled speed between two lattice points gets a table
//! interpolated between them (`FlyoutTable::between`), whose error against a direct build is
//! tested. The altitude band and fly-out time are applied to the table's copy of the
//! interceptor, so a parameter set costs one interpolation per varying interceptor and one
//! engagement.

use crate::{StudyError, internal};
use rayon::prelude::*;
use serde::Serialize;
use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::{Assumptions, Engagement, Sensing, engage};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_core::sensor::SensorKind;
use shieldsim_core::threat_path::ThreatPath;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::ResolvedArchitecture;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Spacing of the burnout-speed lattice of fly-out tables (km/s).
pub const SPEED_LATTICE_KM_S: f64 = 0.05;

/// How a parameter is spread over its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Triangular, mode at the catalog value.
    #[default]
    Triangular,
    /// Uniform over low … high.
    Uniform,
}

impl Distribution {
    /// The distribution of a name (`triangular`, `uniform`).
    pub fn from_name(name: &str) -> Option<Distribution> {
        match name {
            "triangular" => Some(Distribution::Triangular),
            "uniform" => Some(Distribution::Uniform),
            _ => None,
        }
    }
}

/// A ranged figure that varies.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Ranged {
    /// Its catalog key (`ID.KEY`, as `--set` takes it).
    pub parameter: String,
    /// Low end of the sourced range.
    pub low: f64,
    /// The catalog value (or the value set).
    pub value: f64,
    /// High end.
    pub high: f64,
}

impl Ranged {
    /// The value at quantile `u` ∈ [0, 1) of the distribution.
    pub fn at(&self, u: f64, d: Distribution) -> f64 {
        let (a, c, b) = (self.low, self.value.clamp(self.low, self.high), self.high);
        if b <= a {
            return c;
        }
        match d {
            Distribution::Uniform => a + u * (b - a),
            // Inverse CDF of the triangular distribution (a, c, b).
            Distribution::Triangular => {
                let fc = (c - a) / (b - a);
                if u < fc {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
        }
    }

    /// The probability mass of the distribution above `x`.
    pub fn mass_above(&self, x: f64, d: Distribution) -> f64 {
        let (a, c, b) = (self.low, self.value.clamp(self.low, self.high), self.high);
        if x <= a {
            return 1.0;
        }
        if x >= b {
            return 0.0;
        }
        match d {
            Distribution::Uniform => (b - x) / (b - a),
            Distribution::Triangular => {
                if x <= c {
                    1.0 - (x - a) * (x - a) / ((b - a) * (c - a))
                } else {
                    (b - x) * (b - x) / ((b - a) * (b - c))
                }
            }
        }
    }
}

/// The sampling design.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// Parameter sets.
    pub samples: u32,
    /// Seed of the scrambled Sobol sequence.
    pub seed: u32,
    /// Spread of each parameter.
    pub distribution: Distribution,
    /// Only these parameters vary (catalog keys); empty: all that bear on the answer.
    pub vary: Vec<String>,
    /// These are held at a value (catalog key, value) instead of varying.
    pub fix: Vec<(String, f64)>,
    /// These vary over a narrower range (catalog key, low, high) than the catalog's.
    pub narrow: Vec<(String, f64, f64)>,
}

impl Design {
    /// The design a scenario's `[uncertainty]` asks for.
    pub fn of(spec: &shieldsim_scenario::scenario::UncertaintySpec) -> Design {
        Design {
            samples: spec.samples,
            seed: spec.seed,
            distribution: Distribution::from_name(&spec.distribution).unwrap_or_default(),
            vary: spec.vary.clone(),
            fix: spec.fix.clone(),
            narrow: spec.narrow.clone(),
        }
    }
}

/// p05, p50, p95.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Quantiles {
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Linear-interpolation quantile of sorted values (type 7).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = p * (sorted.len() - 1) as f64;
    let (i, f) = (h.floor() as usize, h - h.floor());
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + f * (sorted[j] - sorted[i])
}

/// p05/p50/p95 of `v` (type 7), `None` when empty.
pub fn quantiles(mut v: Vec<f64>) -> Option<Quantiles> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(Quantiles {
        p05: quantile(&v, 0.05),
        p50: quantile(&v, 0.5),
        p95: quantile(&v, 0.95),
    })
}

/// One site across the parameter sets.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SiteUncertainty {
    /// Site id.
    pub site: String,
    /// Share of parameter sets in which it engages.
    pub engageable_share: f64,
    /// Its margin (s) over the parameter sets in which it has one (engaging or too late).
    pub margin_s_quantiles: Option<Quantiles>,
}

/// The answer at one end of a parameter's range, the others at their values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Answer {
    /// Whether some site engages.
    pub engageable: bool,
    /// The best margin over the sites (s), if any.
    pub margin_s: Option<f64>,
}

/// A one-at-a-time swing (a tornado bar).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Swing {
    /// Catalog key.
    pub parameter: String,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// The answer with the parameter at its low end.
    pub answer_at_low: Answer,
    /// At its high end.
    pub answer_at_high: Answer,
    /// Spearman rank correlation between the parameter and the best margin over the parameter
    /// sets (a global index), where the samples allow.
    pub rank_correlation: Option<f64>,
}

/// The value of the deciding parameter at which the verdict flips, the others at their values.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct BreakEven {
    /// Catalog key.
    pub parameter: String,
    /// The break-even value.
    pub value: f64,
    /// Whether some site engages above it (else below).
    pub engageable_above: bool,
    /// The resolution of the value (the speed lattice for burnout speeds).
    pub resolution: f64,
    /// The verdict in words.
    pub sentence: String,
}

/// The answer with its range.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EngageUncertainty {
    /// Parameter sets.
    pub samples: u32,
    /// Seed.
    pub seed: u32,
    /// Spread of each parameter.
    pub distribution: Distribution,
    /// What varied, with its range.
    pub parameters: Vec<Ranged>,
    /// What did not vary, in words.
    pub held_fixed: String,
    /// Share of the parameter sets in which some site engages (a share of plausible parameter
    /// sets, not a probability of the world).
    pub engageable_share: f64,
    /// The best margin over the sites (s; negative: too late), over the parameter sets in
    /// which some site has one.
    pub margin_s_quantiles: Option<Quantiles>,
    /// Per site.
    pub sites: Vec<SiteUncertainty>,
    /// One-at-a-time swings, largest first.
    pub sensitivity: Vec<Swing>,
    /// The break-even value of the deciding parameter, when the verdict flips inside the ranges.
    pub break_even: Option<BreakEven>,
    /// When set, the parameter sets were not evaluated one by one, and why (the answer is
    /// the same in every set): then there are no margin quantiles and no sensitivity.
    pub shortcut: Option<String>,
    /// Per parameter set, per site (in site order): the shots that fit (0 where the site
    /// cannot engage). For effectiveness over the ranges; not serialised.
    #[serde(skip)]
    pub shots_per_set: Vec<Vec<u32>>,
    /// The threat's own figures over their ranges, when they varied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threat: Option<ThreatUncertainty>,
}

/// How the threat's own figures varied: a small scrambled-Sobol sub-design of flown variants.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ThreatUncertainty {
    /// Variants flown (set `i` flies variant `i mod variants`).
    pub variants: usize,
    /// Share of the parameter sets whose variant cannot fly the route (out of range, or the
    /// steering search fails); the shares above are over the others.
    pub unflyable_share: f64,
    /// The threat's figures that varied, with their ranges.
    pub parameters: Vec<Ranged>,
    /// Spearman rank correlation of each with the best margin over the sets (a global index;
    /// `None` where the samples do not allow one).
    pub rank_correlations: Vec<(String, Option<f64>)>,
    /// The burnout time's p05/p50/p95 over the variants that fly (s).
    pub burnout_s_quantiles: Option<Quantiles>,
}

/// The threat's own figures, flown as variants: each a vehicle with its ranged figures drawn
/// from the same seed's Sobol sequence (dimensions from [`THREAT_DIMENSION_OFFSET`] on, apart
/// from the defence's), solved minimum-energy onto the route.
#[derive(Debug, Clone)]
pub struct ThreatVariants {
    /// Every ranged figure of the threat that `vary` and `fix` may name.
    pub keys: Vec<String>,
    /// The figures that varied.
    pub parameters: Vec<Ranged>,
    /// Per variant: its figures (in `parameters` order) and its path (`None`: it cannot fly
    /// the route).
    pub variants: Vec<(Vec<f64>, Option<ThreatPath>)>,
}

/// Variants of the threat flown per route. Each is a full minimum-energy solve (about 13 ms for
/// an ICBM), and an answer not sampled set by set must be checked at the optimistic corner on
/// every variant; 16 keep the demo within its time budget, each standing for samples/16
/// defence parameter sets. The threat's figures move the deterrent margins little (rank
/// correlations |ρ| ≤ 0.1 on the phase-4 routes, against 0.78 for the decision delay), so a
/// coarse sub-design of them costs little accuracy.
pub const THREAT_VARIANTS: usize = 16;
/// The first Sobol dimension of the threat's figures (the defence's take 0, 1, …).
pub const THREAT_DIMENSION_OFFSET: u32 = 128;

impl ThreatVariants {
    fn summary(&self, sets: usize, best: Option<&[f64]>) -> ThreatUncertainty {
        let m = self.variants.len().max(1);
        let unflyable = (0..sets)
            .filter(|i| self.variants.get(i % m).is_some_and(|v| v.1.is_none()))
            .count();
        let rank_correlations = self
            .parameters
            .iter()
            .enumerate()
            .map(|(d, r)| {
                let rc = best.and_then(|best| {
                    let idx: Vec<usize> =
                        (0..best.len()).filter(|&i| best[i].is_finite()).collect();
                    (idx.len() >= 10)
                        .then(|| {
                            let xs: Vec<f64> =
                                idx.iter().map(|&i| self.variants[i % m].0[d]).collect();
                            let ys: Vec<f64> = idx.iter().map(|&i| best[i]).collect();
                            spearman(&xs, &ys)
                        })
                        .flatten()
                });
                (r.parameter.clone(), rc)
            })
            .collect();
        ThreatUncertainty {
            variants: self.variants.len(),
            unflyable_share: unflyable as f64 / sets.max(1) as f64,
            parameters: self.parameters.clone(),
            rank_correlations,
            burnout_s_quantiles: quantiles(
                self.variants
                    .iter()
                    .filter_map(|v| v.1.as_ref().map(|p| p.burnout_s()))
                    .collect(),
            ),
        }
    }
}

/// Fly [`THREAT_VARIANTS`] variants (fewer when the design has fewer sets) of catalog missile
/// `missile_id` along `route`, its ranged figures drawn from `design` (its `vary` and `fix` apply to the threat's keys too). Published
/// reference figures (range, burn time) are not knobs and do not vary.
pub fn threat_variants(
    earth: &Earth,
    catalogs: &Catalogs,
    missile_id: &str,
    route: (
        shieldsim_core::earth::Geodetic,
        shieldsim_core::earth::Geodetic,
    ),
    design: &Design,
) -> Result<ThreatVariants, StudyError> {
    let entry = catalogs.catalog.missile(missile_id).map_err(crate::input)?;
    // (key, range, setter) of every ranged figure of the entry.
    type Setter = fn(&mut shieldsim_scenario::catalog::MissileEntry, usize, f64);
    let mut figures: Vec<(String, Ranged, Setter, usize)> = Vec::new();
    let ranged = |key: String, p: &shieldsim_scenario::catalog::Param| Ranged {
        parameter: key,
        low: p.low.min(p.value),
        value: p.value,
        high: p.high.max(p.value),
    };
    let id = &entry.id;
    figures.push((
        format!("{id}.payload_kg"),
        ranged(format!("{id}.payload_kg"), &entry.payload_kg),
        |e, _, x| e.payload_kg.value = x,
        0,
    ));
    figures.push((
        format!("{id}.rv_beta_kg_m2"),
        ranged(format!("{id}.rv_beta_kg_m2"), &entry.rv_beta_kg_m2),
        |e, _, x| e.rv_beta_kg_m2.value = x,
        0,
    ));
    for (k, st) in entry.stage.iter().enumerate() {
        let n = k + 1;
        let per_stage: [(&str, &shieldsim_scenario::catalog::Param, Setter); 4] = [
            ("propellant_kg", &st.propellant_kg, |e, k, x| {
                e.stage[k].propellant_kg.value = x
            }),
            ("dry_kg", &st.dry_kg, |e, k, x| e.stage[k].dry_kg.value = x),
            ("isp_vac_s", &st.isp_vac_s, |e, k, x| {
                e.stage[k].isp_vac_s.value = x
            }),
            ("burn_s", &st.burn_s, |e, k, x| e.stage[k].burn_s.value = x),
        ];
        for (name, p, set) in per_stage {
            let key = format!("{id}.stage.{n}.{name}");
            figures.push((key.clone(), ranged(key, p), set, k));
        }
    }
    // The design's `fix` and `vary` apply to the threat's keys too: a fixed figure is set on
    // every variant and does not vary.
    let mut base = entry.clone();
    for (key, v) in &design.fix {
        if let Some(f) = figures.iter_mut().find(|f| f.0 == *key) {
            (f.1.low, f.1.value, f.1.high) = (*v, *v, *v);
            (f.2)(&mut base, f.3, *v);
        }
    }
    for (key, lo, hi) in &design.narrow {
        if let Some(f) = figures.iter_mut().find(|f| f.0 == *key) {
            (f.1.low, f.1.high) = (*lo, *hi);
            f.1.value = f.1.value.clamp(*lo, *hi);
        }
    }
    let keys: Vec<String> = figures.iter().map(|f| f.0.clone()).collect();
    let varying: Vec<(String, Ranged, Setter, usize)> = figures
        .into_iter()
        .filter(|f| f.1.high > f.1.low && (design.vary.is_empty() || design.vary.contains(&f.0)))
        .collect();
    // Nothing of the threat varies: no variant to fly (one, if a figure is fixed).
    let fixed_any = design.fix.iter().any(|(k, _)| keys.iter().any(|x| x == k));
    let variants = match (varying.is_empty(), fixed_any) {
        (false, _) => THREAT_VARIANTS.min(design.samples as usize),
        (true, true) => 1,
        (true, false) => 0,
    };
    let draws: Vec<Vec<f64>> = (0..variants as u32)
        .map(|j| {
            varying
                .iter()
                .enumerate()
                .map(|(d, f)| {
                    let u = f64::from(sobol_burley::sample(
                        j,
                        THREAT_DIMENSION_OFFSET + d as u32,
                        design.seed,
                    ));
                    f.1.at(u, design.distribution)
                })
                .collect()
        })
        .collect();
    let flown = shieldsim_scenario::analysis::try_par_map(&draws, |values| {
        let mut e = base.clone();
        for (f, &x) in varying.iter().zip(values) {
            (f.2)(&mut e, f.3, x);
        }
        let vehicle = catalogs.catalog.vehicle(&e);
        // A variant that cannot fly the route (too short a range, a steering search that
        // fails) is counted, not fatal.
        Ok::<_, StudyError>((
            values.clone(),
            shieldsim_scenario::analysis::vehicle_path(earth, &vehicle, route)
                .ok()
                .map(|x| x.1),
        ))
    })?;
    Ok(ThreatVariants {
        keys,
        parameters: varying.into_iter().map(|f| f.1).collect(),
        variants: flown,
    })
}

/// Why an answer with no engagement at the optimistic corner was not sampled.
pub const OPTIMISTIC_CORNER: &str = "no site engages even with every varying figure at its end that favours the defence, so none engages in any parameter set (the answer is monotone in each figure); the parameter sets were not evaluated one by one";

/// Whether the defence gains from a figure's high end.
fn favours_high(t: &Target) -> bool {
    match t {
        Target::Speed(_) | Target::Ceiling(_) | Target::Flyout(_) | Target::Range(_) => true,
        Target::Rcs => true,
        Target::Floor(_)
        | Target::Delay(_)
        | Target::Decision
        | Target::TrackAfterBurnout
        | Target::CrossSide => false,
    }
}

/// What a parameter is, resolved against the architecture.
#[derive(Debug, Clone)]
enum Target {
    /// An interceptor's burnout speed (index into the tables).
    Speed(usize),
    /// Its highest intercept altitude (km).
    Ceiling(usize),
    /// Its lowest intercept altitude (km).
    Floor(usize),
    /// Its longest fly-out (s).
    Flyout(usize),
    /// Sensors' track delay (indices into the sensors).
    Delay(Vec<usize>),
    /// Radars' reference range (km).
    Range(Vec<usize>),
    /// The decision delay.
    Decision,
    /// The track-after-burnout time.
    TrackAfterBurnout,
    /// The threat's RCS.
    Rcs,
    /// The cross-side delay between command chains.
    CrossSide,
}

/// A sampled engagement model of one threat path and one architecture.
struct Model<'a> {
    earth: Earth,
    arch: &'a ResolvedArchitecture,
    base: Assumptions,
    targets: Vec<Target>,
    /// Per interceptor: its speed lattice's origin (the speed in use, km/s) and its tables by
    /// lattice index, every index from the lowest to the highest speed sampled.
    lattice: Vec<(f64, BTreeMap<i64, Arc<FlyoutTable>>)>,
}

impl Model<'_> {
    /// The table of interceptor `t` at `v_km_s`: between the two lattice tables around it
    /// ([`FlyoutTable::between`]), or the lattice table itself on a lattice point (clamped to
    /// the lattice built).
    fn table(&self, t: usize, v_km_s: Option<f64>) -> Option<FlyoutTable> {
        let (origin, built) = &self.lattice[t];
        let (lo, hi) = (*built.keys().next()?, *built.keys().next_back()?);
        let x = v_km_s.map_or(0.0, |v| (v - origin) / SPEED_LATTICE_KM_S);
        let x = x.clamp(lo as f64, hi as f64);
        let k = (x.floor() as i64).min(hi);
        let w = x - k as f64;
        let a = built.get(&k)?;
        if w < 1e-9 || k == hi {
            return Some((**a).clone());
        }
        Some(FlyoutTable::between(
            a.clone(),
            built.get(&(k + 1))?.clone(),
            w,
        ))
    }

    /// The engagement of `path` at `values` (one per target).
    fn evaluate(&self, path: &ThreatPath, values: &[f64]) -> Engagement {
        let mut tables: Vec<FlyoutTable> = Vec::with_capacity(self.lattice.len());
        for t in 0..self.lattice.len() {
            let speed = self
                .targets
                .iter()
                .zip(values)
                .find_map(|(g, &v)| matches!(g, Target::Speed(i) if *i == t).then_some(v));
            // Every interceptor has at least its own speed's table (built before the model).
            let Some(built) = self.table(t, speed) else {
                continue;
            };
            let mut table = built;
            // The table was built to the top of the sampled band; the limits in use apply
            // unless a target below sets them.
            let m = &self.arch.interceptors[t].1;
            table.interceptor.max_intercept_alt_m = m.max_intercept_alt_m;
            table.interceptor.min_intercept_alt_m = m.min_intercept_alt_m;
            table.interceptor.max_flyout_s = m.max_flyout_s;
            tables.push(table);
        }
        let mut sensors = self.arch.sensors.clone();
        let mut a = self.base;
        for (g, &v) in self.targets.iter().zip(values) {
            match g {
                Target::Speed(_) => {}
                Target::Ceiling(t) => tables[*t].interceptor.max_intercept_alt_m = v * 1e3,
                Target::Floor(t) => tables[*t].interceptor.min_intercept_alt_m = v * 1e3,
                Target::Flyout(t) => tables[*t].interceptor.max_flyout_s = v,
                Target::Delay(ks) => ks.iter().for_each(|&k| sensors[k].delay_s = v),
                Target::Range(ks) => {
                    for &k in ks {
                        if let SensorKind::Radar(r) = &mut sensors[k].kind {
                            r.ref_range_m = v * 1e3;
                        }
                    }
                }
                Target::Decision => a.decision_delay_s = v,
                Target::TrackAfterBurnout => a.track_after_burnout_s = v,
                Target::Rcs => a.rcs_m2 = v,
                Target::CrossSide => a.cross_side_delay_s = v,
            }
        }
        engage(&self.earth, path, &sensors, &self.arch.sites, &tables, &a)
    }
}

fn answer(e: &Engagement) -> Answer {
    Answer {
        engageable: e.sites.iter().any(|s| s.outcome.is_ok()),
        margin_s: e.sites.iter().filter_map(|s| s.margin_s).reduce(f64::max),
    }
}

/// Average ranks (1-based) of `v`.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation, `None` when either side is constant.
fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The ranged figures that bear on an engagement of `arch` under `sensing`, with their
/// targets: catalog keys resolved against the (settings-applied) catalog.
fn parameters(
    catalogs: &Catalogs,
    arch: &ResolvedArchitecture,
    sensing: Sensing,
) -> Result<Vec<(Ranged, Target)>, StudyError> {
    let mut out: Vec<(Ranged, Target)> = Vec::new();
    let ranged = |key: String, p: &shieldsim_scenario::catalog::Param| Ranged {
        parameter: key,
        low: p.low,
        value: p.value,
        high: p.high,
    };
    for (t, (id, _)) in arch.interceptors.iter().enumerate() {
        let Ok(e) = catalogs.defence.interceptor(id) else {
            // An architecture file's own type: no catalog range to sample.
            continue;
        };
        out.push((
            ranged(format!("{id}.burnout_speed_km_s"), &e.burnout_speed_km_s),
            Target::Speed(t),
        ));
        out.push((
            ranged(
                format!("{id}.max_intercept_alt_km"),
                &e.max_intercept_alt_km,
            ),
            Target::Ceiling(t),
        ));
        out.push((
            ranged(
                format!("{id}.min_intercept_alt_km"),
                &e.min_intercept_alt_km,
            ),
            Target::Floor(t),
        ));
        out.push((
            ranged(format!("{id}.max_flyout_s"), &e.max_flyout_s),
            Target::Flyout(t),
        ));
    }
    if sensing != Sensing::KinematicBound {
        // Deployed radars by sensor type: the architecture's (in entry order) and the
        // early-warning radars `cued` added after them.
        let mut by_type: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, s) in arch.sensors.iter().enumerate() {
            if !matches!(s.kind, SensorKind::Radar(_)) {
                continue;
            }
            let ty = arch
                .entry
                .radars
                .iter()
                .find(|r| r.id == s.id)
                .map(|r| r.sensor.clone())
                .or_else(|| {
                    catalogs
                        .defence
                        .early_warning
                        .iter()
                        .find(|r| r.id == s.id)
                        .map(|r| r.sensor.clone())
                });
            if let Some(ty) = ty {
                by_type.entry(ty).or_default().push(k);
            }
        }
        for (ty, ks) in by_type {
            let Ok(e) = catalogs.defence.sensor(&ty) else {
                continue;
            };
            out.push((
                ranged(format!("{ty}.delay_s"), &e.delay_s),
                Target::Delay(ks.clone()),
            ));
            if let Some(p) = &e.ref_range_km {
                out.push((ranged(format!("{ty}.ref_range_km"), p), Target::Range(ks)));
            }
        }
        out.push((
            ranged("assumptions.rcs_m2".into(), &catalogs.assumptions.rcs_m2),
            Target::Rcs,
        ));
    }
    let a = &catalogs.assumptions;
    out.push((
        ranged("assumptions.decision_delay_s".into(), &a.decision_delay_s),
        Target::Decision,
    ));
    out.push((
        ranged(
            "assumptions.track_after_burnout_s".into(),
            &a.track_after_burnout_s,
        ),
        Target::TrackAfterBurnout,
    ));
    // The cross-side delay bears only where some site may fire on another side's radar (a
    // joint or sectoral architecture, or `cued` radars of another side); elsewhere it is not a
    // dimension of the design, so the answers of single-side architectures keep their sets.
    if sensing != Sensing::KinematicBound
        && shieldsim_core::engagement::crosses_sides(&arch.sensors, &arch.sites)
    {
        out.push((
            ranged(
                "assumptions.cross_side_delay_s".into(),
                &a.cross_side_delay_s,
            ),
            Target::CrossSide,
        ));
    }
    Ok(out)
}

/// The uncertainty of one engagement: `path` (the threat's flight at its catalog figures)
/// against `arch` (resolved under `sensing`, with `tables` built at the catalog values) with
/// `base` assumptions, over `design`. A `--vary` or `fix` key that does not bear on the
/// engagement is refused.
pub fn engage_uncertainty(
    catalogs: &Catalogs,
    arch: &ResolvedArchitecture,
    path: &ThreatPath,
    base: Assumptions,
    design: &Design,
) -> Result<EngageUncertainty, StudyError> {
    Prepared::new(catalogs, arch, base, design, &LatticeCache::default(), true)?.answer(path)
}

/// Fly-out tables on the burnout-speed lattice, shared by every answer of a study: keyed by
/// the whole interceptor model they were built for, so architectures with the same type (the
/// demo's six share four) build each table once.
#[derive(Debug, Default)]
pub struct LatticeCache {
    tables: std::sync::Mutex<std::collections::HashMap<String, Arc<FlyoutTable>>>,
}

/// The sampling of one architecture under one sensing assumption, ready to answer any
/// threat path: its parameters, its design rows and its fly-out lattice.
pub struct Prepared<'a> {
    arch: &'a ResolvedArchitecture,
    base: Assumptions,
    design: Design,
    varying: Vec<(Ranged, Target)>,
    fixed: Vec<(Ranged, Target)>,
    nominal: Vec<f64>,
    rows: Vec<Vec<f64>>,
    lattice: Vec<(f64, BTreeMap<i64, Arc<FlyoutTable>>)>,
}

impl<'a> Prepared<'a> {
    /// Resolve the parameters of `arch` under `base.sensing`, draw the design and build (or
    /// take from `cache`) the fly-out lattice. With `strict`, a `vary` or `fix` key that does
    /// not bear on this architecture and sensing is refused; otherwise it is ignored (a
    /// scenario's keys were checked against the whole scenario).
    pub fn new(
        catalogs: &Catalogs,
        arch: &'a ResolvedArchitecture,
        base: Assumptions,
        design: &Design,
        cache: &LatticeCache,
        strict: bool,
    ) -> Result<Prepared<'a>, StudyError> {
        let mut all = parameters(catalogs, arch, base.sensing)?;
        // The values in use (settings and flags applied) are the modes.
        for (r, t) in &mut all {
            r.value = match t {
                Target::Speed(i) => arch.interceptors[*i].1.burnout_speed_m_s / 1e3,
                Target::Ceiling(i) => arch.interceptors[*i].1.max_intercept_alt_m / 1e3,
                Target::Floor(i) => arch.interceptors[*i].1.min_intercept_alt_m / 1e3,
                Target::Flyout(i) => arch.interceptors[*i].1.max_flyout_s,
                Target::Delay(ks) => arch.sensors[ks[0]].delay_s,
                Target::Range(ks) => match &arch.sensors[ks[0]].kind {
                    SensorKind::Radar(x) => x.ref_range_m / 1e3,
                    SensorKind::SpaceIr(_) => r.value,
                },
                Target::Decision => base.decision_delay_s,
                Target::TrackAfterBurnout => base.track_after_burnout_s,
                Target::Rcs => base.rcs_m2,
                Target::CrossSide => base.cross_side_delay_s,
            };
            r.low = r.low.min(r.value);
            r.high = r.high.max(r.value);
        }
        for key in design
            .vary
            .iter()
            .chain(design.fix.iter().map(|f| &f.0))
            .chain(design.narrow.iter().map(|f| &f.0))
        {
            if strict && !all.iter().any(|(r, _)| r.parameter == *key) {
                let keys: Vec<&str> = all.iter().map(|(r, _)| r.parameter.as_str()).collect();
                return Err(crate::input(format!(
                    "`{key}` does not bear on this engagement (keys that do: {})",
                    keys.join(", ")
                )));
            }
        }
        for (key, v) in &design.fix {
            if let Some((r, _)) = all.iter_mut().find(|(r, _)| r.parameter == *key) {
                (r.low, r.value, r.high) = (*v, *v, *v);
            }
        }
        for (key, lo, hi) in &design.narrow {
            if let Some((r, _)) = all.iter_mut().find(|(r, _)| r.parameter == *key) {
                (r.low, r.high) = (*lo, *hi);
                r.value = r.value.clamp(*lo, *hi);
            }
        }
        // With a `vary` list, only its keys that bear here vary (none bearing: nothing varies).
        let (varying, fixed): (Vec<_>, Vec<_>) = all.into_iter().partition(|(r, _)| {
            r.high > r.low && (design.vary.is_empty() || design.vary.contains(&r.parameter))
        });
        let nominal: Vec<f64> = fixed.iter().chain(&varying).map(|(r, _)| r.value).collect();
        let nf = fixed.len();
        // The design: row i, column j → quantile of parameter j.
        let rows: Vec<Vec<f64>> = (0..design.samples)
            .map(|i| {
                let mut v = nominal.clone();
                for (j, (r, _)) in varying.iter().enumerate() {
                    let u = f64::from(sobol_burley::sample(i, j as u32, design.seed));
                    v[nf + j] = r.at(u, design.distribution);
                }
                v
            })
            .collect();
        // The speed lattice: every table any evaluation will ask for, built once (in parallel,
        // order-preserving).
        let mut wanted: Vec<(usize, i64)> = Vec::new();
        let mut lattice: Vec<(f64, BTreeMap<i64, Arc<FlyoutTable>>)> = Vec::new();
        for (t, (_, m)) in arch.interceptors.iter().enumerate() {
            let origin = m.burnout_speed_m_s / 1e3;
            lattice.push((origin, BTreeMap::new()));
            let (k_lo, k_hi) = match varying
                .iter()
                .find(|(_, g)| matches!(g, Target::Speed(i) if *i == t))
            {
                Some((r, _)) => (
                    ((r.low - origin) / SPEED_LATTICE_KM_S).round() as i64,
                    ((r.high - origin) / SPEED_LATTICE_KM_S).round() as i64,
                ),
                None => (0, 0),
            };
            wanted.extend((k_lo.min(0)..=k_hi.max(0)).map(|k| (t, k)));
        }
        let limits = |t: usize| -> (f64, f64) {
            let hi = |want: fn(&Target, usize) -> bool| {
                varying
                    .iter()
                    .chain(&fixed)
                    .find(|(_, g)| want(g, t))
                    .map(|(r, _)| r.high)
            };
            (
                hi(|g, t| matches!(g, Target::Ceiling(i) if *i == t))
                    .map_or(arch.interceptors[t].1.max_intercept_alt_m, |x| x * 1e3),
                hi(|g, t| matches!(g, Target::Flyout(i) if *i == t))
                    .map_or(arch.interceptors[t].1.max_flyout_s, |x| x),
            )
        };
        let models: Vec<(usize, i64, shieldsim_core::interceptor::Interceptor, String)> = wanted
            .iter()
            .map(|&(t, k)| {
                let mut m = arch.interceptors[t].1.clone();
                m.burnout_speed_m_s = (lattice[t].0 + k as f64 * SPEED_LATTICE_KM_S) * 1e3;
                // Built to the top of the altitude band and fly-out time sampled, so that each
                // parameter set's own limits cut it.
                (m.max_intercept_alt_m, m.max_flyout_s) = limits(t);
                // `{:?}` of f64 round-trips, so equal keys are equal models.
                let key = format!("{m:?}");
                (t, k, m, key)
            })
            .collect();
        let missing: Vec<&(usize, i64, shieldsim_core::interceptor::Interceptor, String)> = {
            let held = cache
                .tables
                .lock()
                .map_err(|_| internal("lattice cache poisoned"))?;
            models.iter().filter(|x| !held.contains_key(&x.3)).collect()
        };
        let built: Vec<Result<FlyoutTable, String>> = missing
            .par_iter()
            .map(|(_, _, m, _)| shieldsim_scenario::table_cache::table(m))
            .collect();
        {
            let mut held = cache
                .tables
                .lock()
                .map_err(|_| internal("lattice cache poisoned"))?;
            for (x, table) in missing.iter().zip(built) {
                held.insert(x.3.clone(), Arc::new(table.map_err(internal)?));
            }
            for (t, k, _, key) in &models {
                let table = held
                    .get(key)
                    .ok_or_else(|| internal("lattice table missing"))?;
                lattice[*t].1.insert(*k, table.clone());
            }
        }
        Ok(Prepared {
            arch,
            base,
            design: design.clone(),
            varying,
            fixed,
            nominal,
            rows,
            lattice,
        })
    }

    /// The sampled engagement model (tables and figures to vary), for any threat path.
    fn model(&self) -> Model<'_> {
        Model {
            earth: Earth::wgs84(),
            arch: self.arch,
            base: self.base,
            targets: self
                .fixed
                .iter()
                .chain(&self.varying)
                .map(|(_, t)| t.clone())
                .collect(),
            lattice: self.lattice.clone(),
        }
    }

    /// The figures at a corner of the ranges: every varying figure at its end that favours the
    /// defence (`optimistic`) or at the other end.
    fn corner(&self, optimistic: bool) -> Vec<f64> {
        let nf = self.fixed.len();
        let mut v = self.nominal.clone();
        for (j, (r, t)) in self.varying.iter().enumerate() {
            v[nf + j] = if favours_high(t) == optimistic {
                r.high
            } else {
                r.low
            };
        }
        v
    }

    /// The answer to one threat path, with its range (the threat held at its figures).
    pub fn answer(&self, path: &ThreatPath) -> Result<EngageUncertainty, StudyError> {
        self.answer_with(path, None, true)
    }

    /// [`Prepared::answer`], with the threat's own figures varying over `variants` (set `i`
    /// flies variant `i mod M`; sets whose variant cannot fly the route are left out of the
    /// shares and counted), and with the optimistic-corner shortcut allowed or not (the test
    /// of the shortcut compares both).
    pub fn answer_with(
        &self,
        path: &ThreatPath,
        variants: Option<&ThreatVariants>,
        shortcut: bool,
    ) -> Result<EngageUncertainty, StudyError> {
        let (arch, design) = (self.arch, &self.design);
        let (varying, fixed, nominal, rows) =
            (&self.varying, &self.fixed, &self.nominal, &self.rows);
        let nf = fixed.len();
        let model = self.model();
        // Every figure that varies moves the answer one way (a faster interceptor, a higher
        // ceiling, a lower floor, a longer fly-out, a longer radar range, a larger RCS and
        // shorter delays never lose an opportunity: tested), so if no site engages with every
        // figure at its favourable end, none engages in any parameter set; the samples need
        // not be flown.
        // The path each set flies: the threat at its figures, or its set's variant.
        let path_of = |i: usize| -> Option<&ThreatPath> {
            match variants {
                None => Some(path),
                Some(v) if v.variants.is_empty() => Some(path),
                Some(v) => v.variants[i % v.variants.len()].1.as_ref(),
            }
        };
        let optimistic = self.corner(true);
        // With the threat varying, the corner is checked on every variant that flies (the
        // threat's figures need not move the answer one way).
        let corner_engages = std::iter::once(path)
            .chain(
                variants
                    .iter()
                    .flat_map(|v| v.variants.iter().filter_map(|x| x.1.as_ref())),
            )
            .any(|p| answer(&model.evaluate(p, &optimistic)).engageable);
        if shortcut && !varying.is_empty() && !corner_engages {
            return Ok(EngageUncertainty {
                samples: design.samples,
                seed: design.seed,
                distribution: design.distribution,
                parameters: varying.iter().map(|(r, _)| r.clone()).collect(),
                held_fixed: held_fixed(fixed, variants),
                engageable_share: 0.0,
                margin_s_quantiles: None,
                sites: arch
                    .sites
                    .iter()
                    .map(|s| SiteUncertainty {
                        site: s.id.clone(),
                        engageable_share: 0.0,
                        margin_s_quantiles: None,
                    })
                    .collect(),
                sensitivity: Vec::new(),
                break_even: None,
                shortcut: Some(OPTIMISTIC_CORNER.to_string()),
                shots_per_set: vec![vec![0; arch.sites.len()]; rows.len()],
                threat: variants.map(|v| v.summary(rows.len(), None)),
            });
        }
        let indexed: Vec<usize> = (0..rows.len()).collect();
        let all: Vec<Option<Engagement>> = indexed
            .par_iter()
            .map(|&i| path_of(i).map(|p| model.evaluate(p, &rows[i])))
            .collect();
        let results: Vec<&Engagement> = all.iter().flatten().collect();
        if results.is_empty() {
            return Err(crate::input(
                "no variant of the threat over its ranges can fly this route",
            ));
        }
        let n = results.len() as f64;
        let engageable_share = results
            .iter()
            .filter(|e| e.sites.iter().any(|s| s.outcome.is_ok()))
            .count() as f64
            / n;
        let sites = arch
            .sites
            .iter()
            .enumerate()
            .map(|(k, s)| SiteUncertainty {
                site: s.id.clone(),
                engageable_share: results
                    .iter()
                    .filter(|e| e.sites[k].outcome.is_ok())
                    .count() as f64
                    / n,
                margin_s_quantiles: quantiles(
                    results.iter().filter_map(|e| e.sites[k].margin_s).collect(),
                ),
            })
            .collect();
        // What decides: one-at-a-time swings, and rank correlations with the best margin
        // (sets whose threat variant cannot fly the route have none).
        let best: Vec<f64> = all
            .iter()
            .map(|e| {
                e.as_ref()
                    .and_then(|e| answer(e).margin_s)
                    .unwrap_or(f64::NEG_INFINITY)
            })
            .collect();
        let finite: Vec<usize> = (0..best.len()).filter(|&i| best[i].is_finite()).collect();
        let mut sensitivity: Vec<Swing> = varying
            .iter()
            .enumerate()
            .map(|(j, (r, _))| {
                let at = |x: f64| {
                    let mut v = nominal.clone();
                    v[nf + j] = x;
                    answer(&model.evaluate(path, &v))
                };
                let rank_correlation = (finite.len() >= 10)
                    .then(|| {
                        let xs: Vec<f64> = finite.iter().map(|&i| rows[i][nf + j]).collect();
                        let ys: Vec<f64> = finite.iter().map(|&i| best[i]).collect();
                        spearman(&xs, &ys)
                    })
                    .flatten();
                Swing {
                    parameter: r.parameter.clone(),
                    low: r.low,
                    high: r.high,
                    answer_at_low: at(r.low),
                    answer_at_high: at(r.high),
                    rank_correlation,
                }
            })
            .collect();
        let swing = |s: &Swing| {
            let m = |a: &Answer| a.margin_s.unwrap_or(-1e4);
            (m(&s.answer_at_high) - m(&s.answer_at_low)).abs()
                + if s.answer_at_low.engageable != s.answer_at_high.engageable {
                    1e6
                } else {
                    0.0
                }
        };
        sensitivity.sort_by(|a, b| {
            swing(b)
                .total_cmp(&swing(a))
                .then(a.parameter.cmp(&b.parameter))
        });
        // Break-even: the first (largest) swing whose verdict flips, by bisection with the others
        // at their values.
        let break_even = if engageable_share > 0.0 && engageable_share < 1.0 {
            sensitivity
            .iter()
            .find(|s| s.answer_at_low.engageable != s.answer_at_high.engageable)
            .map(|s| {
                let j = varying
                    .iter()
                    .position(|(r, _)| r.parameter == s.parameter)
                    .unwrap_or(0);
                let is_speed = matches!(varying[j].1, Target::Speed(_));
                let resolution = if is_speed {
                    SPEED_LATTICE_KM_S
                } else {
                    (s.high - s.low) / 1024.0
                };
                let engages = |x: f64| {
                    let mut v = nominal.clone();
                    v[nf + j] = x;
                    answer(&model.evaluate(path, &v)).engageable
                };
                let above = s.answer_at_high.engageable;
                let (mut lo, mut hi) = (s.low, s.high);
                while hi - lo > resolution {
                    let mid = 0.5 * (lo + hi);
                    if engages(mid) == above {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                let value = 0.5 * (lo + hi);
                BreakEven {
                    sentence: format!(
                        "some site engages only if {} is {} {:.3} (the other figures at their values)",
                        s.parameter,
                        if above { "above" } else { "below" },
                        value
                    ),
                    parameter: s.parameter.clone(),
                    value,
                    engageable_above: above,
                    resolution,
                }
            })
        } else {
            None
        };
        Ok(EngageUncertainty {
            samples: design.samples,
            seed: design.seed,
            distribution: design.distribution,
            parameters: varying.iter().map(|(r, _)| r.clone()).collect(),
            held_fixed: held_fixed(fixed, variants),
            engageable_share,
            margin_s_quantiles: quantiles(finite.iter().map(|&i| best[i]).collect()),
            sites,
            sensitivity,
            break_even,
            shortcut: None,
            shots_per_set: all
                .iter()
                .map(|e| match e {
                    Some(e) => e
                        .sites
                        .iter()
                        .map(|s| s.outcome.as_ref().map_or(0, |o| o.shots))
                        .collect(),
                    None => vec![0; arch.sites.len()],
                })
                .collect(),
            threat: variants.map(|v| v.summary(rows.len(), Some(&best))),
        })
    }

    /// Whether some site engages `path` in each parameter set, in set order. The corners
    /// decide first: no engagement at the optimistic corner means none in any set, an
    /// engagement at the pessimistic corner one in every set (the answer is monotone in each
    /// figure); only a path between them is evaluated set by set. `nominal`, the answer at the
    /// values in use when the caller knows it, spares one corner. Sequential: callers
    /// parallelise over paths (the cells of a footprint).
    pub fn verdicts(&self, path: &ThreatPath, nominal: Option<bool>) -> Vec<bool> {
        let model = self.model();
        let corner =
            |optimistic: bool| answer(&model.evaluate(path, &self.corner(optimistic))).engageable;
        let n = self.rows.len();
        // A known answer at the values in use settles one corner: engaged at the values, it is
        // engaged at the optimistic corner; not engaged, not at the pessimistic one.
        if !self.varying.is_empty() {
            if nominal != Some(true) && !corner(true) {
                return vec![false; n];
            }
            if nominal != Some(false) && corner(false) {
                return vec![true; n];
            }
        }
        self.rows
            .iter()
            .map(|v| answer(&model.evaluate(path, v)).engageable)
            .collect()
    }

    /// Parameter sets.
    pub fn sets(&self) -> usize {
        self.rows.len()
    }

    /// What varied, with its range.
    pub fn parameters(&self) -> Vec<Ranged> {
        self.varying.iter().map(|(r, _)| r.clone()).collect()
    }

    /// Every figure `vary` and `fix` may name here (varying or held).
    pub fn keys(&self) -> Vec<String> {
        self.varying
            .iter()
            .chain(&self.fixed)
            .map(|(r, _)| r.parameter.clone())
            .collect()
    }

    /// What did not vary, in words (the threat held at its figures).
    pub fn held_fixed(&self) -> String {
        held_fixed(&self.fixed, None)
    }
}

/// What did not vary, in words.
fn held_fixed(fixed: &[(Ranged, Target)], variants: Option<&ThreatVariants>) -> String {
    format!(
        "{}{}",
        match variants {
            None => "the threat's own figures (its flight is solved once at its catalog values)"
                .to_string(),
            Some(v) => format!(
                "the threat's own figures vary over {} flown variants (each parameter set flies variant set mod {}); the steering model's vertical rise and kick at their values",
                v.variants.len(),
                v.variants.len()
            ),
        },
        if fixed.is_empty() {
            String::new()
        } else {
            format!(
                "; held at their values: {}",
                fixed
                    .iter()
                    .map(|(r, _)| format!("{} = {}", r.parameter, r.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_inverse_and_mass_agree() {
        let r = Ranged {
            parameter: "x".into(),
            low: 4.0,
            value: 4.5,
            high: 5.0,
        };
        for d in [Distribution::Triangular, Distribution::Uniform] {
            for k in 0..=20 {
                let u = k as f64 / 20.0;
                let x = r.at(u.min(0.999_999), d);
                assert!(
                    (r.mass_above(x, d) - (1.0 - u)).abs() < 1e-5,
                    "{d:?} {u} {x}"
                );
            }
        }
        assert_eq!(r.at(0.5, Distribution::Triangular), 4.5);
    }

    #[test]
    fn quantiles_are_ordered_and_exact_on_a_ramp() {
        let q = quantiles((0..=100).map(f64::from).rev().collect()).expect("values");
        assert_eq!((q.p05, q.p50, q.p95), (5.0, 50.0, 95.0));
        assert!(quantiles(Vec::new()).is_none());
    }

    #[test]
    fn rank_correlation_of_a_monotone_relation_is_one() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| v * v * v).collect();
        assert!((spearman(&x, &y).expect("defined") - 1.0).abs() < 1e-12);
        assert!(spearman(&x, &vec![1.0; 50]).is_none());
    }
}
