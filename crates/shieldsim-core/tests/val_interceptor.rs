//! Issue 4: fly-out tables against direct simulation. For points the table says an interceptor
//! reaches, a direct fly-out at the table's launch elevation must pass the point (closest
//! approach within 2 km, a fraction of the 5 km grid) within 1 s of the table's time; and the
//! calibration must reproduce the published burnout speed.

mod common;

use common::sm3_iia;
use shieldsim_core::interceptor::FlyoutTable;

#[test]
fn val_flyout_table_matches_direct_simulation() {
    let i = sm3_iia();
    let table = FlyoutTable::build(&i).expect("builds");
    // Calibration: 45° fly-out reaches the published burnout speed.
    let burn = i.burn_s();
    let f45 = i.flyout(45f64.to_radians(), table.total_dv_m_s, burn);
    let v_bo = f45
        .iter()
        .find(|p| (p.t_s - burn).abs() < 1e-6)
        .expect("burnout sample")
        .speed_m_s;
    assert!((v_bo - 4500.0).abs() < 1.0, "burnout speed {v_bo}");
    println!(
        "table: {:.0} km range × {:.0} km altitude, Δv {:.0} m/s, {} kB",
        table.max_range_m() / 1e3,
        table.max_alt_m() / 1e3,
        table.total_dv_m_s,
        table.size_bytes() / 1024
    );
    let (mut worst_dt, mut worst_miss, mut cases) = (0.0f64, 0.0f64, 0);
    // A deterministic spread of points over the table.
    for a in 1..40 {
        for b in 1..30 {
            let range_m = table.max_range_m() * a as f64 / 40.0 + 1234.0;
            let alt_m = table.max_alt_m() * b as f64 / 30.0 + 777.0;
            let Some(r) = table.reach(range_m, alt_m) else {
                continue;
            };
            let f = i.flyout(r.gamma0_rad, table.total_dv_m_s, 0.05);
            let (d, t) = f
                .iter()
                .map(|p| ((p.range_m - range_m).hypot(p.alt_m - alt_m), p.t_s))
                .fold(
                    (f64::INFINITY, 0.0),
                    |acc, x| if x.0 < acc.0 { x } else { acc },
                );
            worst_dt = worst_dt.max((t - r.time_s).abs());
            worst_miss = worst_miss.max(d);
            cases += 1;
            assert!(
                (t - r.time_s).abs() < 1.0 && d < 2_000.0,
                "({:.0} km, {:.0} km): table {:.2} s, direct {t:.2} s, closest {d:.0} m",
                range_m / 1e3,
                alt_m / 1e3,
                r.time_s
            );
        }
    }
    assert!(cases > 200, "only {cases} reachable points");
    println!(
        "fly-out table vs direct: {cases} points, max |Δt| {worst_dt:.3} s, max closest approach {worst_miss:.0} m"
    );
}
