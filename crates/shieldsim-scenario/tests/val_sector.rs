//! Issue 15: the sector rule of Russia's sectoral proposal and the cross-side delay of a joint
//! NATO–Russia system, as properties of the engagement engine on the bundled architectures.
//!
//! - Under `russia-sectoral-2010`'s territorial rule every intercept window of a Russian site
//!   lies over Russia's land and every window of a NATO site outside it (checked at points along
//!   each window against the Natural Earth outline directly); the rule only removes intercept
//!   times (each window lies inside one of the same site's windows without the rule), and it
//!   removes some (so the check bites).
//! - A sector drawn where the threat is not (Belarus, for an IRBM aimed at Moscow) leaves the
//!   Russian sites "reachable only outside its side's sector".
//! - The cross-side delay: a site whose cue radar is another side's reports the delay, and its
//!   fire-control solution never comes earlier, nor more than the delay later, than with no
//!   delay; with every radar on the site's own side the delay changes nothing.

use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::{Engagement, Infeasible, Sensing, engage};
use shieldsim_core::sector::PolygonSet;
use shieldsim_core::threat_path::ThreatPath;
use shieldsim_scenario::analysis;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::defence::{ArchitectureEntry, ResolvedArchitecture, SectorEntry};
use shieldsim_scenario::scenario::ScenarioAssumptions;

const ROUTES: [(&str, &str, &str); 7] = [
    ("irbm-4000", "semnan", "moscow"),
    ("mrbm-2000", "tabriz", "moscow"),
    ("irbm-4000", "semnan", "bucharest"),
    ("irbm-4000", "semnan", "warsaw"),
    ("irbm-4000", "semnan", "berlin"),
    ("mrbm-2000", "tabriz", "bucharest"),
    ("mrbm-2000", "tabriz", "kurecik"),
];

fn path(c: &Catalogs, (missile, from, to): (&str, &str, &str)) -> ThreatPath {
    let at = |p: &str| c.catalog.resolve_place(p).expect("place").surface();
    analysis::threat_path(&Earth::wgs84(), &c.catalog, missile, (at(from), at(to)))
        .expect("flies")
        .1
}

fn entry(c: &Catalogs, id: &str) -> ArchitectureEntry {
    c.defence
        .architectures
        .iter()
        .find(|a| a.id == id)
        .expect("bundled architecture")
        .clone()
}

fn run(
    c: &Catalogs,
    a: &ScenarioAssumptions,
    arch: &ResolvedArchitecture,
    p: &ThreatPath,
    sensing: Sensing,
) -> Engagement {
    let tables = analysis::tables(arch).expect("tables");
    let sensed = a.sensed(c, arch, sensing).expect("sensed");
    engage(
        &Earth::wgs84(),
        p,
        &sensed.sensors,
        &sensed.sites,
        &tables,
        &a.engagement(c.assumptions.rcs_m2.value, sensing),
    )
}

#[test]
fn territorial_sector_confines_every_intercept() {
    let c = &Catalogs::bundled().expect("catalogs");
    let a = ScenarioAssumptions::defaults(&c.assumptions, &c.defence);
    let mut ruled_entry = entry(c, "russia-sectoral-2010");
    assert_eq!(ruled_entry.sectors.len(), 1, "the bundled rule");
    // A test-only NATO SM-3 IIA site in eastern Turkey, whose reach extends over southern
    // Russia, so that the rule has something to take away from NATO as well.
    let mut probe = ruled_entry
        .sites
        .iter()
        .find(|s| s.alliance == "NATO")
        .expect("a NATO site")
        .clone();
    probe.id = "probe-iia".into();
    probe.place = Some("kurecik".into());
    probe.lat_deg = None;
    probe.lon_deg = None;
    probe.kind = "ashore".into();
    probe.host = "Turkey".into();
    probe.interceptor = "sm3-iia".into();
    ruled_entry.sites.push(probe);
    let ruled = c
        .defence
        .resolve(&c.catalog, ruled_entry.clone())
        .expect("resolves");
    let free = c
        .defence
        .resolve(
            &c.catalog,
            ArchitectureEntry {
                sectors: Vec::new(),
                ..ruled_entry.clone()
            },
        )
        .expect("resolves");
    let russia =
        PolygonSet::new(shieldsim_scenario::geo::country_polygons("RU").expect("Russia's outline"));
    let earth = Earth::wgs84();
    let (mut checked_points, mut removed, mut russian_engages) = (0, 0, 0);
    for route in ROUTES {
        let p = path(c, route);
        for sensing in Sensing::ALL {
            let with = run(c, &a, &ruled, &p, sensing);
            let without = run(c, &a, &free, &p, sensing);
            for (k, (w, f)) in with.sites.iter().zip(&without.sites).enumerate() {
                let russian = ruled_entry.sites[k].alliance == "Russia";
                let windows = w.outcome.as_ref().map(|o| o.windows.clone());
                let free_windows = f.outcome.as_ref().map(|o| o.windows.clone());
                match (&windows, &free_windows) {
                    (Ok(ws), Ok(fs)) => {
                        for &(t0, t1) in ws {
                            assert!(
                                fs.iter()
                                    .any(|&(f0, f1)| f0 - 0.02 <= t0 && t1 <= f1 + 0.02),
                                "{route:?} {} {}: window {t0}–{t1} not within {fs:?}",
                                w.site,
                                sensing.name()
                            );
                            // Points just inside the window's edges and its middle.
                            for t in [t0 + 0.05, 0.5 * (t0 + t1), t1 - 0.05] {
                                let g = earth.ecef_to_geodetic(p.position_at(t.clamp(t0, t1)));
                                let (lon, lat) = (g.lon_deg(), g.lat_deg());
                                let over_russia = russia.contains(lon, lat)
                                    || (lon < 0.0 && russia.contains(lon + 360.0, lat));
                                assert_eq!(
                                    over_russia,
                                    russian,
                                    "{route:?} {} {} at {t:.2} s: ({lat:.2}, {lon:.2})",
                                    w.site,
                                    sensing.name()
                                );
                                checked_points += 1;
                            }
                        }
                        let span = |v: &[(f64, f64)]| v.iter().map(|x| x.1 - x.0).sum::<f64>();
                        if span(ws) < span(fs) - 1.0 {
                            removed += 1;
                        }
                        russian_engages += usize::from(russian);
                    }
                    (Err(_), Ok(_)) => removed += 1,
                    (Ok(ws), Err(e)) => {
                        panic!("{route:?} {}: {ws:?} with the rule, {e:?} without", w.site)
                    }
                    (Err(_), Err(_)) => {}
                }
            }
        }
    }
    println!(
        "sector rule: {checked_points} window points checked, {removed} site-cases lost time to the rule, {russian_engages} Russian site-cases engage over Russia"
    );
    assert!(checked_points > 20, "only {checked_points} points checked");
    assert!(removed > 0, "the rule never bit");
    assert!(russian_engages > 0, "no Russian site engaged over Russia");

    // The same architecture with Russia's sector drawn over Belarus: the IRBM aimed at Moscow
    // is reachable by the Moscow sites only over Russia, outside their sector.
    let belarus = c
        .defence
        .resolve(
            &c.catalog,
            ArchitectureEntry {
                sectors: vec![SectorEntry {
                    countries: vec!["BY".into()],
                    ..ruled_entry.sectors[0].clone()
                }],
                ..ruled_entry.clone()
            },
        )
        .expect("resolves");
    let p = path(c, ROUTES[0]);
    let e = run(c, &a, &belarus, &p, Sensing::Own);
    for (k, s) in e.sites.iter().enumerate() {
        if ruled_entry.sites[k].alliance == "Russia" {
            assert_eq!(s.outcome.as_ref().err(), Some(&Infeasible::OutsideSector));
        }
    }
}

#[test]
fn cross_side_delay_is_the_hand_off_between_command_chains() {
    let c = &Catalogs::bundled().expect("catalogs");
    let base = ScenarioAssumptions::defaults(&c.assumptions, &c.defence);
    let joint_entry = entry(c, "russia-sectoral-2010");
    let joint = c
        .defence
        .resolve(&c.catalog, joint_entry.clone())
        .expect("resolves");
    // Every radar on NATO's side: no site but the Russian ones crosses, and those are
    // measured against it below only through the NATO site.
    let one_side = c
        .defence
        .resolve(
            &c.catalog,
            ArchitectureEntry {
                radars: joint_entry
                    .radars
                    .iter()
                    .map(|r| shieldsim_scenario::defence::RadarDeployment {
                        operator: Some("NATO".into()),
                        ..r.clone()
                    })
                    .collect(),
                ..joint_entry.clone()
            },
        )
        .expect("resolves");
    let with_delay = |d: f64| ScenarioAssumptions {
        cross_side_delay_s: d,
        ..base.clone()
    };
    let mut crossed = 0;
    for route in ROUTES {
        let p = path(c, route);
        for sensing in [Sensing::Own, Sensing::Cued] {
            let e0 = run(c, &with_delay(0.0), &joint, &p, sensing);
            for d in [10.0, 60.0, 300.0] {
                let e = run(c, &with_delay(d), &joint, &p, sensing);
                for (s0, s) in e0.sites.iter().zip(&e.sites) {
                    let (Some(f0), Some(f)) = (s0.fire_control_s, s.fire_control_s) else {
                        assert_eq!(s0.fire_control_s.is_some(), s.fire_control_s.is_some());
                        continue;
                    };
                    assert!(
                        f0 - 1e-9 <= f && f <= f0 + d + 1e-9,
                        "{route:?} {} {}: {f0} → {f} with {d} s",
                        s.site,
                        sensing.name()
                    );
                    assert!(s.cross_side_delay_s == 0.0 || s.cross_side_delay_s == d);
                    if s.cross_side_delay_s > 0.0 {
                        crossed += 1;
                        // The track arrives the delay after the radar formed it.
                        assert!(
                            s.track_s.expect("track") >= s.first_detect_s.expect("detection") + d
                        );
                    }
                }
                // All radars on NATO's side: the NATO site never waits for a hand-off.
                let ns = run(c, &with_delay(d), &one_side, &p, sensing);
                let n0 = run(c, &with_delay(0.0), &one_side, &p, sensing);
                for (k, (x, y)) in ns.sites.iter().zip(&n0.sites).enumerate() {
                    if joint_entry.sites[k].alliance == "NATO" {
                        assert_eq!(x.fire_control_s, y.fire_control_s, "{route:?} {}", x.site);
                        assert_eq!(x.cross_side_delay_s, 0.0);
                    }
                }
            }
        }
    }
    println!("cross-side delay: {crossed} site-cases fired on another side's track");
    assert!(crossed > 0, "no site ever used another side's track");
}
