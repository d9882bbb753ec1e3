//! The other side of the debate (issue 15), answered from a study's results: what Russian radar
//! data would add to EPAA, whether Russia's sectoral proposal or a joint NATO–Russia system
//! changes the deterrent answer, and whether a hypothetical Nordic site reaches the deterrent
//! routes. Each answer is a finding with the numbers it rests on; an answer whose
//! architectures the study did not run is left out.
//!
//! The comparisons are like for like: `nato-russia-joint` is EPAA Phase 1 plus Russia's Gabala
//! and Armavir radars, so it is compared with `epaa-phase-1`; `russia-sectoral-2010` keeps
//! Phase 1's NATO ship, so its NATO part is compared with `epaa-phase-1` too; `nordic` is
//! Phase 3 plus a site and radar in Finland, so it is compared with `epaa-phase-3`.

use crate::summary::{Finding, round};
use crate::{DeterrentRow, EngageCase, StudyResults};
use std::collections::BTreeMap;

/// The joint system and its baseline.
pub const JOINT: (&str, &str) = ("nato-russia-joint", "epaa-phase-1");
/// The sectoral proposal and its NATO part's baseline.
pub const SECTORAL: (&str, &str) = ("russia-sectoral-2010", "epaa-phase-1");
/// The Nordic variant and its baseline.
pub const NORDIC: (&str, &str) = ("nordic", "epaa-phase-3");

/// The findings of the other side's questions that the results can answer.
pub fn findings(r: &StudyResults) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(russian_data(r));
    out.extend(coverage_by_region(r));
    out.extend(deterrent_change(r, SECTORAL, "Russia's sectoral proposal"));
    out.extend(deterrent_change(r, JOINT, "the joint NATO–Russia system"));
    out.extend(deterrent_change(
        r,
        NORDIC,
        "the hypothetical Nordic site (every figure ASSUMED)",
    ));
    out
}

fn cases<'a>(r: &'a StudyResults, arch: &str) -> Option<&'a [EngageCase]> {
    r.architectures
        .iter()
        .find(|a| a.info.id == arch)
        .map(|a| a.cases.as_slice())
        .filter(|c| !c.is_empty())
}

/// Does Russian radar data shorten EPAA's timelines against Iranian missiles? Case by case,
/// the joint system's earliest launch against Phase 1's for the same site, and how often the
/// joint system's best track is a Russian radar's.
fn russian_data(r: &StudyResults) -> Option<Finding> {
    let (joint, base) = (cases(r, JOINT.0)?, cases(r, JOINT.1)?);
    let mut numbers = BTreeMap::new();
    let (mut compared, mut earlier, mut later, mut russian_cue) = (0, 0, 0, 0);
    let (mut burnout_bound, mut gain_max_s) = (0, 0.0_f64);
    let (mut engaged_base, mut engaged_joint) = (0, 0);
    for j in joint {
        let Some(b) = base
            .iter()
            .find(|b| b.threat == j.threat && b.to.0 == j.to.0 && b.from.0 == j.from.0)
        else {
            continue;
        };
        compared += 1;
        engaged_base += usize::from(!b.engaging_sites().is_empty());
        engaged_joint += usize::from(!j.engaging_sites().is_empty());
        for sj in &j.engagement.sites {
            let Some(sb) = b.engagement.sites.iter().find(|s| s.site == sj.site) else {
                continue;
            };
            if sj.cross_side_delay_s > 0.0 {
                russian_cue += 1;
            }
            if sb.binding == Some(shieldsim_core::engagement::Binding::Burnout) {
                burnout_bound += 1;
            }
            if let (Some(x), Some(y)) = (sb.earliest_launch_s, sj.earliest_launch_s) {
                if y < x - 0.5 {
                    earlier += 1;
                    gain_max_s = gain_max_s.max(x - y);
                } else if y > x + 0.5 {
                    later += 1;
                }
            }
        }
    }
    if compared == 0 {
        return None;
    }
    // Coverage: the joint system's defended share against Phase 1's, region by region.
    let (mut pairs, mut larger, mut area_gain_max) = (0, 0, 0.0_f64);
    for j in r
        .coverage
        .iter()
        .filter(|c| c.architecture == JOINT.0 && c.site.is_none())
    {
        if let Some(b) = r.coverage.iter().find(|b| {
            b.architecture == JOINT.1
                && b.site.is_none()
                && b.region_name == j.region_name
                && b.threat == j.threat
                && b.launch_area == j.launch_area
        }) {
            pairs += 1;
            if j.area_fraction > b.area_fraction + 5e-4 {
                larger += 1;
                area_gain_max = area_gain_max.max(j.area_fraction - b.area_fraction);
            }
        }
    }
    numbers.insert("coverage_pairs_compared".into(), f64::from(pairs));
    numbers.insert("coverage_pairs_larger".into(), f64::from(larger));
    numbers.insert(
        "coverage_largest_area_gain_fraction".into(),
        round(area_gain_max, 4),
    );
    let coverage = if pairs == 0 {
        String::new()
    } else if larger == 0 {
        format!(" Its defended area is no larger in any of {pairs} region-and-threat pairs.")
    } else {
        format!(
            " Its defended area is larger in {larger} of {pairs} region-and-threat pairs (by up to {:.1} points).",
            100.0 * area_gain_max
        )
    };
    let delay_s = r.assumptions.cross_side_delay_s;
    for (k, v) in [
        ("cases_compared", compared as f64),
        ("site_cases_earlier_launch", f64::from(earlier)),
        ("site_cases_later_launch", f64::from(later)),
        ("largest_gain_s", round(gain_max_s, 1)),
        ("site_cases_cued_by_russian_radar", f64::from(russian_cue)),
        (
            "site_cases_phase1_waiting_for_burnout",
            f64::from(burnout_bound),
        ),
        ("cases_engageable_phase1", engaged_base as f64),
        ("cases_engageable_joint", engaged_joint as f64),
        ("cross_side_delay_s", delay_s),
    ] {
        numbers.insert(k.to_string(), v);
    }
    let gain = if earlier > 0 {
        format!(
            "the joint system's earliest launch is earlier in {earlier} site-case(s), by up to {gain_max_s:.0} s"
        )
    } else {
        "the joint system's earliest launch is never earlier".to_string()
    };
    Some(Finding {
        text: format!(
            "Russian radar data (nato-russia-joint: Gabala and Armavir linked to EPAA Phase 1's fire control, {delay_s} s cross-side delay, ASSUMED 10–300 s) against the Iranian threats: over {compared} engagement cases, {gain}; the best track is a Russian radar's in {russian_cue} site-case(s); some site engages {engaged_joint} case(s), against {engaged_base} for Phase 1 alone. In {burnout_bound} site-case(s) Phase 1's launch already waits for the threat's burnout (plus the track-after-burnout time), which no radar, however early, can move.{coverage}"
        ),
        analysis: "debate",
        numbers,
    })
}

/// One architecture's deterrent rows under one sensing.
#[derive(Debug, Default)]
struct Tally {
    /// Routes some counted site engages.
    engageable: usize,
    /// Routes.
    routes: usize,
    /// The largest share of parameter sets in which some site engages a route.
    largest_share: Option<f64>,
    /// The best margin over the routes (s; negative: how close the closest site comes), when
    /// every site counts.
    best_margin_s: Option<f64>,
    /// The route with the largest share, and its break-even sentence when it has one.
    flips: Option<(String, Option<String>)>,
}

/// How much of NATO Europe and of the CSTO members each architecture defends against each
/// Iranian threat: one line per threat and region, the architectures side by side.
fn coverage_by_region(r: &StudyResults) -> Vec<Finding> {
    let mut keys: Vec<(String, String, String)> = Vec::new();
    for c in r.coverage.iter().filter(|c| c.site.is_none()) {
        let k = (
            c.region_name.clone(),
            c.threat.clone(),
            c.launch_area.clone(),
        );
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    // Only a study over both regions compares them.
    let regions: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.0.as_str()).collect();
    if regions.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (region, threat, launch) in &keys {
        let rows: Vec<&crate::CoverageRow> = r
            .coverage
            .iter()
            .filter(|c| {
                c.site.is_none()
                    && c.region_name == *region
                    && c.threat == *threat
                    && c.launch_area == *launch
            })
            .collect();
        let mut numbers = BTreeMap::new();
        let parts: Vec<String> = rows
            .iter()
            .map(|c| {
                numbers.insert(
                    format!("area_fraction_{}", c.architecture.replace('-', "_")),
                    round(c.area_fraction, 4),
                );
                numbers.insert(
                    format!("population_fraction_{}", c.architecture.replace('-', "_")),
                    round(c.population_fraction, 4),
                );
                // The range comes from the intervals' grid when it is coarser: quoted with that
                // grid's own value, which is what it brackets.
                let range = c.area_fraction_quantiles.map_or(String::new(), |q| {
                    match (c.interval_spacing_km, c.interval_grid_area_fraction) {
                        (Some(g), Some(own)) if g != c.spacing_km => format!(
                            " [{:.1}–{:.1} around {:.1} on {g} km]",
                            100.0 * q.p05,
                            100.0 * q.p95,
                            100.0 * own
                        ),
                        _ => format!(" [{:.1}–{:.1}]", 100.0 * q.p05, 100.0 * q.p95),
                    }
                });
                format!(
                    "{} {:.1} %{range} / {:.1} %",
                    c.architecture,
                    100.0 * c.area_fraction,
                    100.0 * c.population_fraction
                )
            })
            .collect();
        out.push(Finding {
            text: format!(
                "Defended against {threat} from {launch} — {region}: share of the area{} / of the population, by architecture: {}.",
                if rows.iter().any(|c| c.area_fraction_quantiles.is_some()) {
                    " [p05–p95 over the catalog's ranges, on the intervals' grid]"
                } else {
                    ""
                },
                parts.join("; ")
            ),
            analysis: "debate",
            numbers,
        });
    }
    out
}

/// Routes (base → target) engageable per sensing by the sites of `arch` that are not
/// `skip_alliance`'s.
fn engageable(
    r: &StudyResults,
    rows: &[DeterrentRow],
    arch: &str,
    skip_alliance: Option<&str>,
) -> BTreeMap<String, Tally> {
    let alliance_of = |site: &str| {
        r.basing
            .iter()
            .find(|b| b.architecture == arch && b.site == site)
            .map(|b| b.alliance.as_str())
    };
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for row in rows.iter().filter(|x| x.architecture == arch) {
        let counted: Vec<&String> = row
            .sites
            .iter()
            .filter(|s| skip_alliance.is_none() || alliance_of(s) != skip_alliance)
            .collect();
        let e = out.entry(row.sensing.clone()).or_default();
        e.engageable += usize::from(!counted.is_empty());
        e.routes += 1;
        if let Some(u) = &row.uncertainty {
            if u.engageable_share > e.largest_share.unwrap_or(0.0) {
                e.flips = Some((
                    format!("{} → {}", row.base, row.target),
                    u.break_even.as_ref().map(|b| b.sentence.clone()),
                ));
            }
            e.largest_share = Some(e.largest_share.unwrap_or(0.0_f64).max(u.engageable_share));
        }
        if skip_alliance.is_none()
            && let Some(m) = row.margin_s
        {
            e.best_margin_s = Some(e.best_margin_s.map_or(m, |x: f64| x.max(m)));
        }
    }
    out
}

/// Does `arch` change the deterrent answer against its baseline? Routes engageable under each
/// sensing, NATO's sites only where the architecture also has Russian ones.
fn deterrent_change(r: &StudyResults, (arch, base): (&str, &str), what: &str) -> Option<Finding> {
    let d = r.deterrent.as_ref()?;
    if !d.rows.iter().any(|x| x.architecture == arch) {
        return None;
    }
    let has_russian = r
        .basing
        .iter()
        .any(|b| b.architecture == arch && b.alliance == "Russia");
    let skip = has_russian.then_some("Russia");
    let a = engageable(r, &d.rows, arch, skip);
    let b = engageable(r, &d.rows, base, None);
    let mut numbers = BTreeMap::new();
    let mut parts = Vec::new();
    let (mut changed, mut flips, mut sampled_differently) = (false, None, false);
    // In the order reports show the sensing assumptions.
    let ordered = shieldsim_core::engagement::Sensing::ALL
        .iter()
        .filter_map(|s| a.get_key_value(s.name()));
    for (sensing, t) in ordered {
        let key = sensing.replace('-', "_");
        numbers.insert(format!("routes_engageable_{key}"), t.engageable as f64);
        numbers.insert("routes".into(), t.routes as f64);
        let base_yes = b.get(sensing).map(|x| x.engageable);
        if let Some(y) = base_yes {
            numbers.insert(
                format!("routes_engageable_{key}_{}", base.replace('-', "_")),
                y as f64,
            );
            changed |= y != t.engageable;
        }
        let base_share = b.get(sensing).and_then(|x| x.largest_share);
        let ranges = match t.largest_share {
            Some(s) if s > 0.0 => {
                sampled_differently = true;
                numbers.insert(format!("largest_share_{key}"), round(s, 3));
                if flips.is_none() {
                    flips = t.flips.clone().map(|f| (sensing.clone(), f));
                }
                format!(
                    "; some route in up to {:.1} % of the parameter sets{}",
                    100.0 * s,
                    base_share.map_or(String::new(), |x| format!(" ({base}: {:.1} %)", 100.0 * x))
                )
            }
            Some(_) => ", and in no parameter set".to_string(),
            None => String::new(),
        };
        let margin = match t.best_margin_s {
            Some(m) => {
                numbers.insert(format!("best_margin_s_{key}"), round(m, 1));
                if m < 0.0 {
                    format!(", closest {:.0} s too late", -m)
                } else {
                    format!(", best margin {m:.0} s")
                }
            }
            None => String::new(),
        };
        parts.push(format!(
            "{} of {} under {sensing}{}{ranges}{margin}",
            t.engageable,
            t.routes,
            base_yes.map_or(String::new(), |y| format!(" ({base}: {y})"))
        ));
    }
    let whose = if has_russian {
        " (NATO's sites; Russian sites engaging Russia's own ICBMs are not the question)"
    } else {
        ""
    };
    let verdict = if changed {
        format!("{what} changes the deterrent answer against {base}")
    } else {
        format!("{what} does not change the deterrent answer against {base} at the catalog values")
    };
    // Each sensing varies its own figures (no radar figure under the kinematic bound), so its
    // parameter sets differ and the shares need not be ordered like the verdicts.
    let note = if sampled_differently {
        " Each sensing assumption samples its own figures, so the shares are not comparable across them set by set."
    } else {
        ""
    };
    let deciding = match flips {
        Some((sensing, (route, Some(sentence)))) => {
            format!(" The route most often engageable ({sensing}): {route}; {sentence}.")
        }
        Some((sensing, (route, None))) => {
            format!(" The route most often engageable ({sensing}): {route}.")
        }
        None => String::new(),
    };
    Some(Finding {
        text: format!(
            "{verdict}: ICBM routes from Russia to North America that some site{whose} can engage — {}.{deciding}{note}",
            parts.join("; ")
        ),
        analysis: "debate",
        numbers,
    })
}
