//! Issue 4: engagement of catalog threats by catalog architectures — the intercepts lie on the
//! threat trajectory and are reachable by direct fly-out simulation, and the answers move the
//! right way when the interceptor, the latency or the radar change.

use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::engagement::{Assumptions, Engagement, engage};
use shieldsim_core::interceptor::{FLYOUT_EARTH_RADIUS_M, FlyoutTable};
use shieldsim_core::missile::{Shape, fly, solve};
use shieldsim_core::sensor::SensorKind;
use shieldsim_core::threat_path::ThreatPath;
use shieldsim_scenario::catalog::Catalog;
use shieldsim_scenario::defence::{DefenceCatalog, ResolvedArchitecture};

const ASSUMPTIONS: Assumptions = Assumptions {
    decision_delay_s: 60.0,
    kill_assessment_s: 60.0,
    rcs_m2: 0.1,
    track_after_burnout_s: 30.0,
    sensing: shieldsim_core::engagement::Sensing::Own,
    cross_side_delay_s: 0.0,
};

fn threat(missile: &str, from: &str, to: &str, step_s: f64) -> ThreatPath {
    let earth = Earth::wgs84();
    let cat = Catalog::bundled().expect("catalog");
    let v = cat.vehicle(cat.missile(missile).expect("missile"));
    let at = |p: &str| {
        let r = cat.resolve_place(p).expect("place");
        Geodetic::from_deg_km(r.lat_deg, r.lon_deg, 0.0)
    };
    let (l, t) = (at(from), at(to));
    let s = solve(&earth, &v, l, t, Shape::MinEnergy, None).expect("solves");
    let f = fly(&earth, &v, l, &s.steering, Some(step_s)).expect("flies");
    ThreatPath::from_flight(&f).expect("path")
}

fn architecture(id: &str) -> ResolvedArchitecture {
    let cat = Catalog::bundled().expect("catalog");
    DefenceCatalog::bundled()
        .expect("defence catalog")
        .architecture(cat, id)
        .expect("architecture")
}

fn run(
    a: &ResolvedArchitecture,
    path: &ThreatPath,
    assumptions: &Assumptions,
) -> (Engagement, Vec<FlyoutTable>) {
    let tables = shieldsim_scenario::analysis::tables(a).expect("tables");
    let e = engage(
        &Earth::wgs84(),
        path,
        &a.sensors,
        &a.sites,
        &tables,
        assumptions,
    );
    (e, tables)
}

/// Issue 4: `engage --architecture epaa-phase-3 --threat irbm-4000 --from semnan --to bucharest`
/// finds opportunities; every intercept lies on the threat trajectory (a path sampled four
/// times finer agrees within 0.1 km at the intercept time) and a direct fly-out simulation from
/// the site reaches it within 1 s of the table's time.
#[test]
fn val_epaa_phase3_irbm_semnan_bucharest() {
    let earth = Earth::wgs84();
    let a = architecture("epaa-phase-3");
    let path = threat("irbm-4000", "semnan", "bucharest", 2.0);
    let fine = threat("irbm-4000", "semnan", "bucharest", 0.5);
    let (e, tables) = run(&a, &path, &ASSUMPTIONS);
    for (id, w) in &e.sensor_windows {
        println!(
            "sensor {id}: {:?}",
            w.iter()
                .map(|w| (w.start_s.round(), w.end_s.round()))
                .collect::<Vec<_>>()
        );
    }
    let mut engaged = 0;
    for (k, s) in e.sites.iter().enumerate() {
        let Ok(o) = &s.outcome else {
            println!(
                "{}: cannot engage: {}",
                s.site,
                s.outcome.as_ref().err().map_or("", |r| r.reason())
            );
            continue;
        };
        engaged += 1;
        println!(
            "{}: cue {:?} detect {:.0} s, fire control {:.0} s, launch {:.0} s, intercept {:.0}–{:.0} s at {:.0} km ({:.2}°, {:.2}°), closing {:.2} km/s, shots {}",
            s.site,
            s.cue_sensor,
            s.first_detect_s.unwrap_or(f64::NAN),
            s.fire_control_s.unwrap_or(f64::NAN),
            o.launch_s,
            o.intercept_s,
            o.latest_intercept_s,
            o.intercept.alt_km(),
            o.intercept.lat_deg(),
            o.intercept.lon_deg(),
            o.closing_speed_m_s / 1e3,
            o.shots
        );
        // On the trajectory.
        let p = earth.geodetic_to_ecef(o.intercept);
        let off_m = (p - fine.state_at(o.intercept_s).0).length();
        assert!(
            off_m < 100.0,
            "{}: intercept {off_m:.1} m off the trajectory",
            s.site
        );
        // Reached by direct simulation.
        let site = &a.sites[k];
        let table = &tables[site.table];
        let site_ecef = earth.geodetic_to_ecef(Geodetic {
            alt_m: 0.0,
            ..site.position
        });
        let (x, h) = (
            site_ecef.angle_between(p) * FLYOUT_EARTH_RADIUS_M,
            o.intercept.alt_m,
        );
        let r = table.reach(x, h).expect("table reaches its own intercept");
        let direct = table
            .interceptor
            .flyout(r.gamma0_rad, table.total_dv_m_s, 0.05);
        let (d, t) = direct
            .iter()
            .map(|q| ((q.range_m - x).hypot(q.alt_m - h), q.t_s))
            .fold(
                (f64::INFINITY, 0.0),
                |acc, q| if q.0 < acc.0 { q } else { acc },
            );
        let table_time = o.intercept_s - o.launch_s;
        println!(
            "  on trajectory within {off_m:.3} m; direct fly-out: closest {d:.0} m at {t:.2} s; table {table_time:.2} s"
        );
        assert!(d < 2_000.0 && (t - table_time).abs() < 1.0);
    }
    assert!(engaged > 0);
}

fn opportunities(e: &Engagement) -> Vec<Option<(f64, f64)>> {
    e.sites
        .iter()
        .map(|s| {
            s.outcome
                .as_ref()
                .ok()
                .map(|o| (o.intercept_s, o.latest_intercept_s))
        })
        .collect()
}

/// Issue 4, as properties over several threats and architectures: a faster interceptor never
/// loses an opportunity; a longer latency never gains one; a longer radar range never delays
/// first detection. (Tolerance 0.1 s for the refined window edges.)
#[test]
fn prop_engagement_monotone() {
    let cases = [
        ("epaa-phase-3", "irbm-4000", "semnan", "bucharest"),
        ("epaa-phase-2", "mrbm-2000", "tabriz", "bucharest"),
        ("epaa-phase-4-north-sea", "irbm-4000", "semnan", "berlin"),
        ("nato-interim-2012", "mrbm-1300", "tabriz", "39.93,32.86"),
        ("epaa-phase-1", "irbm-4000", "semnan", "berlin"),
        ("epaa-phase-2", "mrbm-2000", "semnan", "kurecik"),
        ("epaa-phase-3", "irbm-4000", "semnan", "warsaw"),
    ];
    const TOL_S: f64 = 0.1;
    for (arch, missile, from, to) in cases {
        let a = architecture(arch);
        let path = threat(missile, from, to, 2.0);
        let (base, _) = run(&a, &path, &ASSUMPTIONS);
        let base_ops = opportunities(&base);
        // Regression: an earliest intercept refined onto the infeasible side of its edge once
        // reported launch = intercept time and a NaN closing speed.
        for s in &base.sites {
            if let Ok(o) = &s.outcome {
                assert!(
                    o.launch_s < o.intercept_s && o.closing_speed_m_s.is_finite(),
                    "{arch} {}: {o:?}",
                    s.site
                );
            }
        }
        // Faster interceptors.
        let mut fast = a.clone();
        for (_, i) in &mut fast.interceptors {
            i.burnout_speed_m_s *= 1.2;
        }
        let (e, _) = run(&fast, &path, &ASSUMPTIONS);
        for (b, f) in base_ops.iter().zip(opportunities(&e)) {
            if let Some((b0, b1)) = b {
                let (f0, f1) = f.unwrap_or_else(|| {
                    panic!("{arch} {missile}: faster interceptor lost an opportunity")
                });
                assert!(
                    f0 <= b0 + TOL_S && f1 >= b1 - TOL_S,
                    "{arch}: {b:?} → {f:?}"
                );
            }
        }
        // Longer latency.
        let slow = Assumptions {
            decision_delay_s: ASSUMPTIONS.decision_delay_s + 45.0,
            ..ASSUMPTIONS
        };
        let (e, _) = run(&a, &path, &slow);
        for (b, s) in base_ops.iter().zip(opportunities(&e)) {
            if let Some((s0, s1)) = s {
                let (b0, b1) = b.unwrap_or_else(|| {
                    panic!("{arch} {missile}: longer latency gained an opportunity")
                });
                assert!(s0 >= b0 - TOL_S && s1 <= b1 + TOL_S);
            }
        }
        // Longer radar range.
        let mut far = a.clone();
        for s in &mut far.sensors {
            if let SensorKind::Radar(r) = &mut s.kind {
                r.ref_range_m *= 1.5;
            }
        }
        let (e, _) = run(&far, &path, &ASSUMPTIONS);
        for ((id, wb), (_, wf)) in base.sensor_windows.iter().zip(&e.sensor_windows) {
            if let Some(b) = wb.first() {
                let f = wf
                    .first()
                    .unwrap_or_else(|| panic!("{id}: longer range lost detection"));
                assert!(
                    f.start_s <= b.start_s + TOL_S,
                    "{id}: {} → {}",
                    b.start_s,
                    f.start_s
                );
            }
        }
        let engaged = base_ops.iter().filter(|o| o.is_some()).count();
        println!(
            "{arch} vs {missile} {from}→{to}: {engaged}/{} sites engage",
            base_ops.len()
        );
    }
}
