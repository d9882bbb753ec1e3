//! Issue 5: footprint polygons agree with point-wise engagement: for scattered aim points,
//! inside the polygons ⇔ engageable, except within one grid cell of a border; rings are closed
//! and wound per RFC 7946.

use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::engagement::Assumptions;
use shieldsim_scenario::analysis::{
    Cell, FootprintMethod, GridSpec, engage_threat, footprint, tables,
};
use shieldsim_scenario::catalog::Catalog;
use shieldsim_scenario::defence::DefenceCatalog;

#[test]
fn val_footprint_polygons_match_pointwise_engage() {
    let earth = Earth::wgs84();
    let cat = Catalog::bundled().expect("catalog");
    let arch = DefenceCatalog::bundled()
        .expect("defence")
        .architecture(cat, "epaa-phase-2")
        .expect("architecture");
    let t = tables(&arch).expect("tables");
    let a = Assumptions {
        decision_delay_s: 60.0,
        kill_assessment_s: 60.0,
        rcs_m2: 0.1,
        track_after_burnout_s: 30.0,
        sensing: shieldsim_core::engagement::Sensing::Own,
        cross_side_delay_s: 0.0,
    };
    let tabriz = cat.resolve_place("tabriz").expect("place");
    let launch = Geodetic::from_deg_km(tabriz.lat_deg, tabriz.lon_deg, 0.0);
    let grid = GridSpec {
        lat_min_deg: 38.0,
        lat_max_deg: 50.0,
        lon_min_deg: 16.0,
        lon_max_deg: 36.0,
        spacing_km: 100.0,
    };
    let f = footprint(
        &earth,
        cat,
        "mrbm-2000",
        launch,
        grid,
        &arch,
        &t,
        &a,
        None,
        FootprintMethod::default(),
        &|_, _| {},
    )
    .expect("footprint");
    let count = |c: Cell| f.cells.iter().filter(|x| **x == c).count();
    println!(
        "footprint {}×{}: {} defended, {} undefended, {} unreachable",
        f.nx,
        f.ny,
        count(Cell::Defended),
        count(Cell::Undefended),
        count(Cell::Unreachable)
    );
    assert!(count(Cell::Defended) > 5 && count(Cell::Undefended) + count(Cell::Unreachable) > 5);
    // Rings closed, exteriors counter-clockwise, holes clockwise.
    let polygons = f.polygons();
    assert!(!polygons.is_empty());
    for poly in &polygons {
        for (k, ring) in poly.iter().enumerate() {
            assert_eq!(ring.first(), ring.last(), "ring not closed");
            let area2: f64 = ring
                .windows(2)
                .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
                .sum();
            assert!(if k == 0 { area2 > 0.0 } else { area2 < 0.0 });
        }
    }
    // Scattered aim points (a fixed low-discrepancy sequence).
    let (mut checked, mut skipped) = (0, 0);
    for n in 1..=60 {
        let u = (n as f64 * 0.618_033_988_75).fract();
        let v = (n as f64 * 0.754_877_666_2).fract();
        let lat = grid.lat_min_deg + v * (grid.lat_max_deg - grid.lat_min_deg);
        let lon = grid.lon_min_deg + u * (grid.lon_max_deg - grid.lon_min_deg);
        // The nodes within one cell of the point: all must agree, or it is near a border.
        let i = ((lon - grid.lon_min_deg) / f.lon_step_deg).floor() as i64;
        let j = ((lat - grid.lat_min_deg) / f.lat_step_deg).floor() as i64;
        let mut states = Vec::new();
        for dj in -1..=2 {
            for di in -1..=2 {
                let (ii, jj) = (i + di, j + dj);
                if ii >= 0 && jj >= 0 && (ii as usize) < f.nx && (jj as usize) < f.ny {
                    states.push(f.cells[jj as usize * f.nx + ii as usize] == Cell::Defended);
                }
            }
        }
        if states.len() < 16 || states.iter().any(|s| *s != states[0]) {
            skipped += 1;
            continue;
        }
        let aim = Geodetic::from_deg_km(lat, lon, 0.0);
        let engageable = match engage_threat(&earth, cat, "mrbm-2000", (launch, aim), &arch, &t, &a)
        {
            Ok((_, e)) => e.sites.iter().any(|s| s.outcome.is_ok()),
            Err(_) => false,
        };
        assert_eq!(f.contains(lon, lat), engageable, "({lat:.2}, {lon:.2})");
        assert_eq!(
            engageable, states[0],
            "({lat:.2}, {lon:.2}) against its grid neighbourhood"
        );
        checked += 1;
    }
    println!(
        "footprint vs point-wise engage: {checked} points agree, {skipped} within a cell of a border"
    );
    assert!(checked >= 20);
}
