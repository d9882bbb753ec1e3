//! Issue 11: quantitative results of the open literature reproduced with this model. Each case
//! names its source, what was read there (quoted in VALIDATION.md), how its assumptions map onto
//! ours, and its tolerance. The sources' own missile models and timelines are mostly not
//! published, so several cases are bounds or orderings rather than point values; none is
//! loosened to pass.

use shieldsim_core::aim::{AimMode, AimRequest, aim};
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::engagement::{Engagement, Sensing, Site, engage};
use shieldsim_core::missile::{Shape, fly, solve};
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::{Catalogs, Setting};
use shieldsim_scenario::scenario::{Deterrent, ScenarioAssumptions};

/// A nominal launch point in the Pyongyang area (the sources do not give one; the results move
/// by ±3 s over ±20° of azimuth and a degree of position).
const PYONGYANG: (f64, f64) = (39.0, 125.7);

/// Free-flight time (s) from a surface burnout at Pyongyang, heading east, to a point
/// `range_km` away, on a trajectory with apogee `apogee_km` (rotating WGS84).
fn lofted_free_flight_s(range_km: f64, apogee_km: f64) -> f64 {
    let earth = Earth::wgs84();
    let (lat, lon) = earth.geodesic_direct_deg(PYONGYANG.0, PYONGYANG.1, 90.0, range_km * 1e3);
    let s = aim(
        &earth,
        &AimRequest {
            launch: Geodetic::from_deg_km(PYONGYANG.0, PYONGYANG.1, 0.0),
            target: Geodetic::from_deg_km(lat, lon, 0.0),
            mode: AimMode::Apogee(apogee_km * 1e3),
        },
    )
    .expect("aims");
    s.flight.flight_time_s
}

/// L1. North Korea's lofted ICBM tests 2017–2023, as reported (KCNA / JCS figures repeated by
/// CSIS Missile Threat, Janes, TASS, Yonhap; R*): ground range, apogee, total flight time. A
/// free flight from a surface burnout to the same range and apogee is a lower bound on the
/// flight time; the excess stands for the powered ascent and re-entry drag, which NRC 2012 (via
/// Wired) puts at about 3–4 min of boost for solid and liquid ICBMs. Tolerance: the excess lies
/// in 0 … 300 s for every consistent report. The 24 March 2022 report fails it (free flight
/// alone exceeds the reported total), as Seoul's finding that the launch was an older missile
/// passed off as another would lead one to expect (SCMP); it is kept as a documented
/// inconsistent report, checked to stay inconsistent.
#[test]
fn val_lit_north_korean_lofted_flight_times() {
    // (flight, range km, apogee km, reported total s)
    let reports = [
        ("Hwasong-12 2017-05-14", 787.0, 2_111.5, 1_800.0),
        (
            "Hwasong-14 2017-07-04 (PACOM 37 min)",
            933.0,
            2_802.0,
            2_220.0,
        ),
        ("Hwasong-14 2017-07-28", 998.0, 3_724.9, 2_832.0),
        ("Hwasong-15 2017-11-29", 950.0, 4_475.0, 3_180.0),
        ("Hwasong-17 2022-11-18", 999.2, 6_040.9, 4_135.0),
        ("Hwasong-15 2023-02-18", 989.0, 5_768.5, 4_015.0),
        ("Hwasong-17 2023-03-16", 1_000.2, 6_045.0, 4_151.0),
        ("Hwasong-18 2023-07-12", 1_001.2, 6_648.4, 4_491.0),
    ];
    for (name, range_km, apogee_km, total_s) in reports {
        let t_ff = lofted_free_flight_s(range_km, apogee_km);
        let excess = total_s - t_ff;
        println!("{name}: free flight {t_ff:.0} s, reported {total_s:.0} s, excess {excess:+.0} s");
        assert!(
            (0.0..300.0).contains(&excess),
            "{name}: excess {excess:.0} s"
        );
    }
    let t_ff = lofted_free_flight_s(1_090.0, 6_248.5);
    println!("inconsistent report 2022-03-24: free flight {t_ff:.0} s > reported 4052 s");
    assert!(t_ff > 4_052.0);
}

/// L2. Wright (UCS blog, 29 Nov 2017, "North Korea's longest missile test yet"): a lofted flight
/// of 960 km to 4,500 km apogee "would mean that it flew for about 54 minutes". His model's
/// boost is not given; with the 150–300 s boost allowance of L1 the free flight must lie in
/// 54 min ± 2 min (his "about") less the allowance: 2,820 … 3,210 s.
#[test]
fn val_lit_wright_hwasong15_54_minutes() {
    let t_ff = lofted_free_flight_s(960.0, 4_500.0);
    println!(
        "960 km to 4500 km: free flight {t_ff:.0} s ({:.1} min)",
        t_ff / 60.0
    );
    assert!(
        (54.0 * 60.0 - 120.0 - 300.0..=54.0 * 60.0 + 120.0 - 150.0).contains(&t_ff),
        "{t_ff}"
    );
}

/// L3. Wright (UCS blog, 4 July 2017, quoted by sofrep.com and Vice): the Hwasong-14's reported
/// 37 min over about 930 km "would require it to reach a maximum altitude of more than 2,800
/// km". Mapped onto ours: the catalog's solid three-stage ICBM class flown lofted over 930 km
/// (from the Pyongyang area, east) needs an apogee in 2,800 … 3,000 km to fly 37 min. The
/// lower bound is Wright's; the upper bound (+7 %) allows for the unknown burn profile of a
/// liquid missile against our 180 s solid class.
#[test]
fn val_lit_wright_hwasong14_37_minutes_needs_2800_km() {
    let earth = Earth::wgs84();
    let c = Catalogs::bundled().expect("catalog");
    let v = c
        .catalog
        .vehicle(c.catalog.missile("icbm-11000").expect("icbm"));
    let launch = Geodetic::from_deg_km(PYONGYANG.0, PYONGYANG.1, 0.0);
    let (lat, lon) = earth.geodesic_direct_deg(PYONGYANG.0, PYONGYANG.1, 90.0, 930e3);
    let target = Geodetic::from_deg_km(lat, lon, 0.0);
    let total_s = |apogee_km: f64| {
        let s = solve(
            &earth,
            &v,
            launch,
            target,
            Shape::Lofted,
            Some(apogee_km * 1e3),
        )
        .expect("lofted solve");
        fly(&earth, &v, launch, &s.steering, None)
            .expect("flies")
            .flight_time_s()
    };
    // Flight time grows with apogee: bisect for 37 min.
    let (mut lo, mut hi) = (2_400.0, 3_400.0);
    assert!(total_s(lo) < 37.0 * 60.0 && total_s(hi) > 37.0 * 60.0);
    while hi - lo > 5.0 {
        let mid = 0.5 * (lo + hi);
        if total_s(mid) < 37.0 * 60.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    println!("37 min over 930 km: apogee {lo:.0}–{hi:.0} km");
    assert!(lo >= 2_800.0 && hi <= 3_000.0, "{lo}–{hi}");
}

/// An engagement of `path` by one site with `table` (kinematic bound, given delays).
fn kinematic(
    path: &shieldsim_core::threat_path::ThreatPath,
    site: &Site,
    table: &shieldsim_core::interceptor::FlyoutTable,
    track_after_burnout_s: f64,
    decision_delay_s: f64,
) -> Engagement {
    let a = shieldsim_core::engagement::Assumptions {
        decision_delay_s,
        kill_assessment_s: 60.0,
        rcs_m2: 0.1,
        track_after_burnout_s,
        sensing: Sensing::KinematicBound,
        cross_side_delay_s: 0.0,
    };
    let probe = Site {
        table: 0,
        sensors: Vec::new(),
        ..site.clone()
    };
    engage(
        &Earth::wgs84(),
        path,
        &[],
        std::slice::from_ref(&probe),
        std::slice::from_ref(table),
        &a,
    )
}

/// L4. GAO-13-382R (11 Feb 2013, cover letter and summary read; SpaceNews' report of the
/// briefing): MDA's analyses showed that Romania "was not a good location from a flight path
/// standpoint for defending the United States with the SM-3 Block IIB", that the Poland site
/// would have to launch "while the attacking missiles are still in their boost phase", and that
/// "the North Sea offers the best vantage point". Mapped onto ours: an Iranian ICBM (the
/// catalog's ICBM class with its payload set to 500 kg so that it reaches the US east coast from
/// Semnan — a `--set` outside the sourced range, as the question is hypothetical) against an
/// SM-3 IIB (5.5 km/s, Sankaran 2013) at Deveselu, Redzikowo and the North Sea station, each
/// launching the moment the ICBM burns out (a perfect track, no delay: the most favourable
/// case). Tolerance (ordinal; GAO gives no numbers): on every route Deveselu's margin is the
/// smallest (or absent) and the North Sea's the largest.
///
/// Not reproduced, and kept visible rather than tuned away: in this model a 5.5 km/s IIB at
/// Redzikowo launched at burnout still has minutes of margin, where MDA found Poland would need
/// a launch during boost. MDA's threat, timelines, intercept-altitude limits and IIB fly-out are
/// not in the text read; VALIDATION.md records the discrepancy and the margins measured.
#[test]
fn val_lit_gao_13_382r_sm3_iib_sites_against_iranian_icbms() {
    let earth = Earth::wgs84();
    let c = Catalogs::with(&[Setting {
        key: "icbm-11000.payload_kg".into(),
        value: 500.0,
    }])
    .expect("setting");
    let arch = c
        .defence
        .architecture(&c.catalog, "epaa-phase-4-north-sea")
        .expect("arch");
    let iib = c.defence.interceptor("sm3-iib").expect("iib").model();
    let table = shieldsim_core::interceptor::FlyoutTable::build(&iib).expect("table");
    let site = |id: &str| {
        arch.sites
            .iter()
            .find(|s| s.id == id)
            .expect("site")
            .clone()
    };
    let at = |p: &str| c.catalog.resolve_place(p).expect("place").surface();
    for target in ["washington", "new-york", "boston"] {
        let (_, path) =
            analysis::threat_path(&earth, &c.catalog, "icbm-11000", (at("semnan"), at(target)))
                .expect("reaches with 500 kg");
        let margin = |id: &str| {
            let e = kinematic(&path, &site(id), &table, 0.0, 0.0);
            e.sites[0].margin_s.unwrap_or(f64::NEG_INFINITY)
        };
        let (romania, poland, north_sea) = (
            margin("deveselu"),
            margin("redzikowo"),
            margin("north-sea-ship"),
        );
        println!(
            "semnan → {target}: burnout {:.0} s; IIB launched at burnout: margin Deveselu {romania:.0} s, Redzikowo {poland:.0} s, North Sea {north_sea:.0} s",
            path.burnout_s()
        );
        assert!(romania < poland && north_sea > poland, "{target}");
    }
}

/// L5. Sankaran, "Missile Defense Against Iran Without Threatening Russia", Arms Control Today,
/// Nov 2013 (opening read): "Cancellation of the fourth phase has removed any capability that
/// the fully deployed system would have had to intercept Russian intercontinental ballistic
/// missiles" and "the system will not be able to intercept Russian ICBMs even when fully
/// deployed". Mapped onto ours: the full phase-3 system (Redzikowo IIA, Deveselu IB, the
/// Mediterranean ship) against the deterrent question's 35 routes (five western bases, seven
/// North-American cities), under the architecture's own radars, with the UK and Greenland
/// early-warning radars linked, and under the kinematic bound (a perfect track at burnout), at
/// the catalog's figures and delays (his body text, with its timing assumptions, was not read).
/// Tolerance: no route engageable under any of the three (exact: a verdict). Under `own` the
/// reason is that no radar of phase 3 sees these flights; the kinematic bound is the verdict
/// that carries his argument. With figures inside their sourced ranges (a 5.0 km/s IIA, a 30 s
/// decision, 10 s track-after-burnout) the bound flips on some routes: VALIDATION.md.
#[test]
fn val_lit_sankaran_phase3_cannot_intercept_russian_icbms() {
    let earth = Earth::wgs84();
    let c = Catalogs::bundled().expect("catalog");
    let a = ScenarioAssumptions::defaults(&c.assumptions, &c.defence);
    let d = Deterrent::defaults(&c.catalog).expect("defaults");
    let arch = c
        .defence
        .architecture(&c.catalog, "epaa-phase-3")
        .expect("arch");
    let tables = analysis::tables(&arch).expect("tables");
    let mut routes = 0;
    for b in &d.bases {
        for t in &d.targets {
            let (_, path) =
                analysis::threat_path(&earth, &c.catalog, &d.missile, (b.1, t.1)).expect("flies");
            for sensing in Sensing::ALL {
                let sensed = a.sensed(&c, &arch, sensing).expect("sensed");
                let e = engage(
                    &earth,
                    &path,
                    &sensed.sensors,
                    &sensed.sites,
                    &tables,
                    &a.engagement(c.assumptions.rcs_m2.value, sensing),
                );
                assert!(
                    e.sites.iter().all(|s| s.outcome.is_err()),
                    "{} → {} {}: a site engages",
                    b.0,
                    t.0,
                    sensing.name()
                );
            }
            routes += 1;
        }
    }
    assert_eq!(routes, 35);
}
