use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::threat_family::{FamilyGrid, FamilyPath, ThreatFamily};
use shieldsim_scenario::analysis::{self, GridSpec};
use shieldsim_scenario::catalog::Catalog;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let missile = args.get(1).map_or("irbm-4000", |s| s.as_str());
    let from = args.get(2).map_or("semnan", |s| s.as_str());
    let az: f64 = args.get(3).map_or(5.0, |s| s.parse().unwrap());
    let fr: f64 = args.get(4).map_or(0.07, |s| s.parse().unwrap());
    let earth = Earth::wgs84();
    let cat = Catalog::bundled().unwrap();
    let s = cat.resolve_place(from).unwrap();
    let launch = Geodetic::from_deg_km(s.lat_deg, s.lon_deg, 0.0);
    let grid = GridSpec { lat_min_deg: 34.0, lat_max_deg: 72.0, lon_min_deg: -12.0, lon_max_deg: 45.0, spacing_km: 50.0 };
    let (_, _, nx, ny) = grid.layout();
    let aims: Vec<Geodetic> = (0..nx*ny).map(|k| grid.node(k % nx, k / nx)).collect();
    let v = cat.vehicle(cat.missile(missile).unwrap());
    let t0 = Instant::now();
    let fam = ThreatFamily::build(&earth, &v, launch, &aims, FamilyGrid { azimuth_step_deg: az, range_fraction_step: fr, outer_fraction: 0.999 }).unwrap();
    println!("build {:.3} s members {:?}", t0.elapsed().as_secs_f64(), fam.member_counts());
    let t0 = Instant::now();
    let mut counts = [0usize; 3];
    for a in &aims { match fam.path_to(&earth, *a) { FamilyPath::Path(_) => counts[0]+=1, FamilyPath::Unreachable => counts[1]+=1, FamilyPath::NeedsExact => counts[2]+=1 } }
    println!("interp all {:.3} s counts path/unreach/exact {:?}", t0.elapsed().as_secs_f64(), counts);
    let (mut worst_pos, mut worst_t, mut worst_miss) = (0.0f64, 0.0f64, 0.0f64);
    let mut n = 0;
    for k in (0..aims.len()).step_by(37) {
        let a = aims[k];
        let FamilyPath::Path(p) = fam.path_to(&earth, a) else { continue };
        let Ok((_, e)) = analysis::threat_path(&earth, cat, missile, (launch, a)) else { println!("exact failed at {:?}", (a.lat_deg(), a.lon_deg())); continue };
        n += 1;
        let dt = (p.t_end_s() - e.t_end_s()).abs();
        let end = p.state_at(p.t_end_s()).0;
        let g = earth.ecef_to_geodetic(end);
        let miss = earth.geodesic_deg(g.lat_deg(), g.lon_deg(), a.lat_deg(), a.lon_deg()).distance_m;
        let mut dp: f64 = 0.0;
        for t in p.scan_times(1.0) { dp = dp.max((p.state_at(t).0 - e.state_at(t).0).length()); }
        if dp > 3e3 || miss > 2e3 { let g2 = earth.geodesic_deg(launch.lat_deg(), launch.lon_deg(), a.lat_deg(), a.lon_deg()); println!("az {:.1} r {:.0} km miss {:.2} dp {:.2} dt {:.2}", g2.azimuth1_deg, g2.distance_m/1e3, miss/1e3, dp/1e3, dt); }
        worst_pos = worst_pos.max(dp); worst_t = worst_t.max(dt); worst_miss = worst_miss.max(miss);
    }
    println!("n {n} worst pos {:.3} km dt {:.3} s miss {:.3} km", worst_pos/1e3, worst_t, worst_miss/1e3);
}
