//! Issue 4: engagement of catalog threats by catalog architectures.

use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::{Assumptions, Engagement, engage};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_core::missile::{Shape, fly, solve};
use shieldsim_core::threat_path::ThreatPath;
use shieldsim_scenario::catalog::Catalog;
use shieldsim_scenario::defence::DefenceCatalog;

fn run(
    arch: &str,
    threat: &str,
    from: &str,
    to: &str,
) -> (ThreatPath, Engagement, Vec<FlyoutTable>) {
    let earth = Earth::wgs84();
    let cat = Catalog::bundled().expect("catalog");
    let def = DefenceCatalog::bundled().expect("defence catalog");
    let a = def.architecture(cat, arch).expect("architecture");
    let v = cat.vehicle(cat.missile(threat).expect("missile"));
    let at = |p: &str| {
        let r = cat.resolve_place(p).expect("place");
        shieldsim_core::earth::Geodetic::from_deg_km(r.lat_deg, r.lon_deg, 0.0)
    };
    let (l, t) = (at(from), at(to));
    let s = solve(&earth, &v, l, t, Shape::MinEnergy, None).expect("solves");
    let f = fly(&earth, &v, l, &s.steering, Some(2.0)).expect("flies");
    let path = ThreatPath::from_flight(&f).expect("path");
    let tables: Vec<FlyoutTable> = a
        .interceptors
        .iter()
        .map(|(_, i)| FlyoutTable::build(i).expect("table"))
        .collect();
    let assumptions = Assumptions {
        decision_delay_s: 60.0,
        kill_assessment_s: 60.0,
        rcs_m2: 0.1,
    };
    let e = engage(&earth, &path, &a.sensors, &a.sites, &tables, &assumptions);
    (path, e, tables)
}

#[test]
fn val_epaa_phase3_irbm_semnan_bucharest_has_opportunities() {
    let (path, e, _) = run("epaa-phase-3", "irbm-4000", "semnan", "bucharest");
    for (id, w) in &e.sensor_windows {
        println!(
            "sensor {id}: {:?}",
            w.iter()
                .map(|w| (w.start_s.round(), w.end_s.round()))
                .collect::<Vec<_>>()
        );
    }
    for s in &e.sites {
        match &s.outcome {
            Ok(o) => println!(
                "{}: cue {:?} detect {:.0} s, fire control {:.0} s, launch {:.0} s, intercept {:.0}–{:.0} s at {:.0} km ({:.2}, {:.2}), closing {:.2} km/s, shots {}",
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
            ),
            Err(r) => println!("{}: cannot engage: {}", s.site, r.reason()),
        }
    }
    println!("threat flight {:.0} s", path.t_end_s());
    assert!(e.sites.iter().any(|s| s.outcome.is_ok()));
}
