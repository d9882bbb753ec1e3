//! Issue 12: the uncertainty of an engagement answer. The sampled shares agree with the
//! measure of a parameter's range beyond its break-even value; quantiles are ordered; shares
//! never fall when a range shifts toward more capability; the speed lattice's tables agree
//! with directly built ones; the same seed gives the same answer whatever the thread count.

use shieldsim_core::engagement::Sensing;
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_studies::engage::{EngageJson, EngageQuery, engage};
use shieldsim_studies::uncertainty::{Design, Distribution, Ranged, SPEED_LATTICE_KM_S};

fn answer(
    c: &Catalogs,
    arch: &str,
    from: &str,
    to: &str,
    sensing: Sensing,
    design: Design,
) -> EngageJson {
    let a = c.defence.architecture(&c.catalog, arch).expect("arch");
    let (from, to) = (
        c.catalog.resolve_place(from).expect("from"),
        c.catalog.resolve_place(to).expect("to"),
    );
    engage(&EngageQuery {
        catalogs: c,
        architecture: &a,
        threat: "icbm-11000",
        from: &from,
        to: &to,
        sensing,
        cued_radars: None,
        effectiveness: None,
        uncertainty: Some(design),
    })
    .expect("engages")
}

fn design(samples: u32, vary: &[&str]) -> Design {
    Design {
        samples,
        seed: 7,
        distribution: Distribution::Triangular,
        vary: vary.iter().map(|s| s.to_string()).collect(),
        fix: Vec::new(),
        narrow: Vec::new(),
    }
}

/// With only the decision delay varied, the share of parameter sets in which some site engages
/// equals the triangular distribution's mass below the break-even delay, within three binomial
/// standard errors (the scrambled Sobol design does better than that).
#[test]
fn val_single_parameter_share_is_the_mass_beyond_break_even() {
    let c = Catalogs::bundled().expect("catalog");
    let n = 512;
    let j = answer(
        &c,
        "epaa-phase-4",
        "tatishchevo",
        "washington",
        Sensing::KinematicBound,
        design(n, &["assumptions.decision_delay_s"]),
    );
    let share = j.engageable_share.expect("share");
    let be = j
        .break_even
        .clone()
        .flatten()
        .expect("the verdict flips inside the range");
    assert_eq!(be.parameter, "assumptions.decision_delay_s");
    assert!(!be.engageable_above);
    let p = &c.assumptions.decision_delay_s;
    let r = Ranged {
        parameter: be.parameter.clone(),
        low: p.low,
        value: p.value,
        high: p.high,
    };
    let expected = 1.0 - r.mass_above(be.value, Distribution::Triangular);
    let se = (expected * (1.0 - expected) / f64::from(n)).sqrt();
    println!(
        "share {share:.4}, mass below break-even {:.2} s: {expected:.4} (SE {se:.4})",
        be.value
    );
    assert!(
        (share - expected).abs() <= 3.0 * se + be.resolution,
        "{share} vs {expected}"
    );
}

/// Quantiles are ordered for every site; shares lie in [0, 1]; shifting the SM-3 IIB's whole
/// burnout-speed range up never lowers any share.
#[test]
fn prop_quantiles_ordered_and_shares_monotone_in_range_shifts() {
    let base = Catalogs::bundled().expect("catalog");
    let mut shifted = base.clone();
    for i in &mut shifted.defence.interceptors {
        if i.id == "sm3-iib" {
            let p = &mut i.burnout_speed_km_s;
            (p.low, p.value, p.high) = (p.low + 0.3, p.value + 0.3, p.high + 0.3);
        }
    }
    let run = |c: &Catalogs| {
        answer(
            c,
            "epaa-phase-4",
            "tatishchevo",
            "washington",
            Sensing::KinematicBound,
            design(256, &[]),
        )
    };
    let (a, b) = (run(&base), run(&shifted));
    for j in [&a, &b] {
        let s = j.engageable_share.expect("share");
        assert!((0.0..=1.0).contains(&s));
        for site in &j.sites {
            if let Some(q) = site.margin_s_quantiles {
                assert!(q.p05 <= q.p50 && q.p50 <= q.p95, "{q:?}");
            }
        }
    }
    let (sa, sb) = (
        a.engageable_share.expect("a"),
        b.engageable_share.expect("b"),
    );
    println!("share {sa:.3} → {sb:.3} with the IIB range 0.3 km/s higher");
    assert!(sb >= sa && sb > 0.0);
    for (x, y) in a.sites.iter().zip(&b.sites) {
        assert!(y.engageable_share >= x.engageable_share, "{}", x.site);
    }
}

/// The speed lattice: a table interpolated halfway between two lattice tables (the worst a
/// sampled speed meets) against a table built directly at that speed. Node by node, inside the
/// envelope the reach times agree to a fraction of a second (the 99th percentile of |Δt| is
/// ≤ 0.5 s); the larger differences sit at the envelope's edge, where the 0.25° family of
/// fly-outs behind every table makes the edge a staircase whose steps move with the speed — as
/// much the direct table's own discretisation as the interpolation's. What matters is the
/// answer: over the engagements of two routes (an IRBM against Berlin, an ICBM toward
/// Washington) by every site flying each interceptor, under three sensing assumptions, the
/// verdicts with the interpolated and the direct table agree, and wherever a margin lies within
/// ±120 s of the verdict (the span of the sampled delays) the two margins agree within 1 s.
/// (Far from the verdict — a site ten minutes too late — edge nodes move margins by up to
/// ~3 s; no verdict depends on them.)
#[test]
fn val_speed_lattice_tables_agree_with_direct_builds() {
    use shieldsim_core::earth::Earth;
    use shieldsim_scenario::analysis;
    use shieldsim_scenario::scenario::ScenarioAssumptions;
    let c = Catalogs::bundled().expect("catalog");
    let earth = Earth::wgs84();
    let mut worst_margin = 0.0f64;
    for id in ["sm3-iia", "sm3-iib", "sm3-ib"] {
        let m = c.defence.interceptor(id).expect("interceptor").model();
        let at = |dv_km_s: f64| {
            let mut x = m.clone();
            x.burnout_speed_m_s += dv_km_s * 1e3;
            FlyoutTable::build(&x).expect("table")
        };
        let (lo, hi) = (at(0.0), at(SPEED_LATTICE_KM_S));
        let direct = at(0.5 * SPEED_LATTICE_KM_S);
        let mid = FlyoutTable::between(std::sync::Arc::new(lo), std::sync::Arc::new(hi), 0.5);
        // Node by node, for the record.
        let mut dts = Vec::new();
        let mut x = 0.0;
        while x < direct.max_range_m() {
            let mut h = 0.0;
            while h < direct.max_alt_m() {
                if let (Some(p), Some(q)) = (direct.reach(x, h), mid.reach(x, h)) {
                    dts.push((p.time_s - q.time_s).abs());
                }
                h += 5_000.0;
            }
            x += 5_000.0;
        }
        dts.sort_by(f64::total_cmp);
        let p99 = dts[dts.len() * 99 / 100];
        println!(
            "{id}: {} nodes, |Δt| p50 {:.3} s, p99 {p99:.3} s, worst {:.2} s",
            dts.len(),
            dts[dts.len() / 2],
            dts[dts.len() - 1]
        );
        assert!(p99 <= 0.5, "{id}");
        // The answers.
        for (arch, missile, from, to) in [
            ("epaa-phase-3", "irbm-4000", "semnan", "berlin"),
            ("epaa-phase-4", "icbm-11000", "tatishchevo", "washington"),
        ] {
            let a = c.defence.architecture(&c.catalog, arch).expect("arch");
            let (flight_from, flight_to) = (
                c.catalog.resolve_place(from).expect("place").surface(),
                c.catalog.resolve_place(to).expect("place").surface(),
            );
            let (_, path) =
                analysis::threat_path(&earth, &c.catalog, missile, (flight_from, flight_to))
                    .expect("flies");
            let base = analysis::tables(&a).expect("tables");
            let Some(t) = a.interceptors.iter().position(|(x, _)| x == id) else {
                continue;
            };
            let sa = ScenarioAssumptions::defaults(&c.assumptions, &c.defence);
            for sensing in Sensing::ALL {
                let sensed = sa.sensed(&c, &a, sensing).expect("sensed");
                let assumptions = sa.engagement(c.assumptions.rcs_m2.value, sensing);
                let run = |table: &FlyoutTable| {
                    let mut tables = base.clone();
                    tables[t] = table.clone();
                    shieldsim_core::engagement::engage(
                        &earth,
                        &path,
                        &sensed.sensors,
                        &sensed.sites,
                        &tables,
                        &assumptions,
                    )
                };
                let (e1, e2) = (run(&direct), run(&mid));
                for (s1, s2) in e1.sites.iter().zip(&e2.sites) {
                    assert_eq!(
                        s1.outcome.is_ok(),
                        s2.outcome.is_ok(),
                        "{id} {arch} {} {}",
                        sensing.name(),
                        s1.site
                    );
                    if let (Some(m1), Some(m2)) = (s1.margin_s, s2.margin_s)
                        && m1.abs() <= 120.0
                    {
                        worst_margin = worst_margin.max((m1 - m2).abs());
                        assert!(
                            (m1 - m2).abs() <= 1.0,
                            "{id} {arch} {} {}: {m1} vs {m2}",
                            sensing.name(),
                            s1.site
                        );
                    }
                }
            }
        }
    }
    println!("worst margin difference {worst_margin:.3} s");
}

/// The same seed gives the same answer (here: the same serialised JSON) on one thread and on
/// two; another seed changes the sampled figures but not the nominal answer.
#[test]
fn prop_same_seed_same_answer_any_thread_count() {
    let c = Catalogs::bundled().expect("catalog");
    let run = |threads: usize, seed: u32| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            let mut d = design(64, &[]);
            d.seed = seed;
            // A verdict that flips inside the ranges, so every set is evaluated (not one
            // decided at the optimistic corner).
            serde_json::to_string(&answer(
                &c,
                "epaa-phase-4",
                "tatishchevo",
                "washington",
                Sensing::KinematicBound,
                d,
            ))
            .expect("json")
        })
    };
    let (one, two) = (run(1, 7), run(2, 7));
    assert_eq!(one, two);
    let parsed: serde_json::Value = serde_json::from_str(&one).expect("json");
    let share = parsed["engageable_share"].as_f64().expect("share");
    assert!(
        share > 0.0 && share < 1.0,
        "not a flipping verdict: {share}"
    );
    let other = run(2, 8);
    assert_ne!(one, other);
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).expect("json");
        for k in [
            "uncertainty",
            "engageable_share",
            "sensitivity",
            "break_even",
        ] {
            v.as_object_mut().expect("object").remove(k);
        }
        for list in ["opportunities", "sites"] {
            for x in v[list].as_array_mut().expect("list") {
                let o = x.as_object_mut().expect("object");
                o.remove("engageable_share");
                o.remove("margin_s_quantiles");
            }
        }
        v
    };
    assert_eq!(strip(&one), strip(&other));
}

/// The optimistic-corner shortcut (no engagement with every figure at its favourable end, so
/// none in any parameter set) agrees with sampling every set: over 2 architectures × 3 sensing
/// assumptions × 4 ICBM routes, every answer the shortcut gives as "none" has no engaging
/// parameter set when all 128 are flown, and the answers it does not shortcut are identical.
#[test]
fn val_optimistic_corner_shortcut_agrees_with_sampling() {
    use shieldsim_core::earth::Earth;
    use shieldsim_scenario::analysis::threat_path;
    use shieldsim_scenario::scenario::ScenarioAssumptions;
    use shieldsim_studies::uncertainty::{LatticeCache, Prepared};
    let c = Catalogs::bundled().expect("catalogs");
    let earth = Earth::wgs84();
    let cache = LatticeCache::default();
    let a = ScenarioAssumptions::defaults(&c.assumptions, &c.defence);
    let routes = [
        ("tatishchevo", "boston"),
        ("tatishchevo", "washington"),
        ("kozelsk", "new-york"),
        ("teykovo", "chicago"),
    ];
    let paths: Vec<_> = routes
        .iter()
        .map(|(f, t)| {
            let f = c.catalog.resolve_place(f).expect("from").surface();
            let t = c.catalog.resolve_place(t).expect("to").surface();
            threat_path(&earth, &c.catalog, "icbm-11000", (f, t))
                .expect("flies")
                .1
        })
        .collect();
    let (mut shortcuts, mut sampled) = (0, 0);
    for arch in ["epaa-phase-3", "epaa-phase-4"] {
        let arch = c.defence.architecture(&c.catalog, arch).expect("arch");
        for sensing in Sensing::ALL {
            let sensed = a.sensed(&c, &arch, sensing).expect("sensed");
            let base = a.engagement(c.assumptions.rcs_m2.value, sensing);
            let p = Prepared::new(&c, &sensed, base, &design(128, &[]), &cache, false)
                .expect("prepared");
            for path in &paths {
                let quick = p.answer(path).expect("answer");
                let full = p.answer_with(path, None, false).expect("answer");
                if quick.shortcut.is_some() {
                    shortcuts += 1;
                    assert_eq!(
                        full.engageable_share, 0.0,
                        "{} {sensing:?}",
                        sensed.entry.id
                    );
                    assert!(full.sites.iter().all(|s| s.engageable_share == 0.0));
                } else {
                    sampled += 1;
                    assert_eq!(quick, full);
                }
            }
        }
    }
    // Both branches are exercised.
    assert!(shortcuts > 0 && sampled > 0, "{shortcuts} / {sampled}");
}

/// The threat's own figures vary over flown variants: with only stage 1's burn time varied
/// (55–70 s around 65 s), the variants' burnout times spread around the nominal burnout by
/// about that much, the varied figure is the only threat parameter, and the margin moves with
/// it (a rank correlation is defined and the margin's quantiles spread; measured ρ = +1.0:
/// a longer first-stage burn widens this route's margin). A threat that cannot fly the route
/// in any variant is bad input.
#[test]
fn val_threat_figures_vary_over_flown_variants() {
    let c = Catalogs::bundled().expect("catalog");
    let key = "icbm-11000.stage.1.burn_s";
    let j = answer(
        &c,
        "epaa-phase-4",
        "tatishchevo",
        "washington",
        Sensing::KinematicBound,
        design(200, &[key]),
    );
    let u = j.uncertainty.as_ref().expect("uncertainty");
    let t = u.threat.as_ref().expect("threat variants");
    assert_eq!(t.parameters.len(), 1);
    assert_eq!(t.parameters[0].parameter, key);
    assert_eq!(t.unflyable_share, 0.0);
    let q = t.burnout_s_quantiles.expect("burnout quantiles");
    let nominal = j.threat.burnout_s;
    // Stage 1 burns 55–70 s: burnout moves by −10 … +5 s.
    assert!(
        q.p05 < nominal && nominal < q.p95 + 1e-6,
        "{q:?} around {nominal}"
    );
    assert!(
        q.p05 > nominal - 11.0 && q.p95 < nominal + 6.0,
        "{q:?} around {nominal}"
    );
    // Only the threat varies, so every set's margin comes from its variant's flight.
    let m = u.margin_s_quantiles.expect("margins");
    assert!(m.p05 < m.p95, "{m:?}");
    let rc = t.rank_correlations[0].1.expect("rank correlation");
    assert!(rc.abs() > 0.5, "ρ = {rc}");
    // A payload no variant can lift that far: refused as input, not a defect.
    let a = c
        .defence
        .architecture(&c.catalog, "epaa-phase-4")
        .expect("arch");
    let (from, to) = (
        c.catalog.resolve_place("tatishchevo").expect("from"),
        c.catalog.resolve_place("washington").expect("to"),
    );
    let mut heavy = design(16, &[key]);
    heavy.fix = vec![("icbm-11000.payload_kg".into(), 6000.0)];
    let e = engage(&EngageQuery {
        catalogs: &c,
        architecture: &a,
        threat: "icbm-11000",
        from: &from,
        to: &to,
        sensing: Sensing::KinematicBound,
        cued_radars: None,
        effectiveness: None,
        uncertainty: Some(heavy),
    });
    assert!(
        matches!(e, Err(shieldsim_studies::StudyError::Input(ref m)) if m.contains("no variant")),
        "{e:?}"
    );
}

/// `narrow` restricts a figure's range: with only the decision delay varying, narrowed below
/// its break-even (60.19 s on this route) every set engages, above it none does, and the
/// answer reports the narrowed range.
#[test]
fn val_narrowed_range_moves_the_share_to_its_side_of_the_break_even() {
    let c = Catalogs::bundled().expect("catalog");
    let key = "assumptions.decision_delay_s";
    let share = |lo: f64, hi: f64| {
        let mut d = design(64, &[key]);
        d.narrow = vec![(key.into(), lo, hi)];
        let j = answer(
            &c,
            "epaa-phase-4",
            "tatishchevo",
            "washington",
            Sensing::KinematicBound,
            d,
        );
        let u = j.uncertainty.expect("uncertainty");
        let p = u
            .parameters
            .iter()
            .find(|p| p.parameter == key)
            .expect("varied");
        assert_eq!((p.low, p.high), (lo, hi));
        u.engageable_share
    };
    assert_eq!(share(30.0, 55.0), 1.0);
    assert_eq!(share(65.0, 120.0), 0.0);
    let mid = share(50.0, 70.0);
    assert!(mid > 0.0 && mid < 1.0, "{mid}");
}
