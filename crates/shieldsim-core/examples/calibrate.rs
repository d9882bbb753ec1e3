use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::missile::*;

fn cd() -> Vec<(f64, f64)> {
    vec![
        (0.0, 0.20),
        (0.6, 0.20),
        (0.8, 0.25),
        (1.0, 0.42),
        (1.2, 0.45),
        (1.5, 0.40),
        (2.0, 0.34),
        (3.0, 0.28),
        (5.0, 0.24),
        (10.0, 0.22),
    ]
}
fn st(p: f64, d: f64, isp: f64, b: f64, ae: f64, dia: f64) -> Stage {
    Stage {
        propellant_kg: p,
        dry_kg: d,
        isp_vac_s: isp,
        burn_s: b,
        exit_area_m2: ae,
        diameter_m: dia,
    }
}
fn main() {
    let args: Vec<f64> = std::env::args()
        .skip(2)
        .map(|a| a.parse().unwrap())
        .collect();
    let which = std::env::args().nth(1).unwrap();
    let earth = Earth::wgs84().without_rotation();
    let v = match which.as_str() {
        "scud" => Vehicle {
            stages: vec![st(args[0], args[1], args[2], args[3], args[4], 0.88)],
            payload_kg: args[5],
            rv_beta_kg_m2: args[6],
            cd_mach: cd(),
            vertical_rise_s: 4.0,
            kick_s: 4.0,
        },
        "nodong" => Vehicle {
            stages: vec![st(args[0], args[1], args[2], args[3], args[4], 1.32)],
            payload_kg: args[5],
            rv_beta_kg_m2: args[6],
            cd_mach: cd(),
            vertical_rise_s: 5.0,
            kick_s: 5.0,
        },
        "two" => Vehicle {
            stages: vec![
                st(args[0], args[1], args[2], args[3], args[4], args[5]),
                st(args[6], args[7], args[8], args[9], args[10], args[11]),
            ],
            payload_kg: args[12],
            rv_beta_kg_m2: args[13],
            cd_mach: cd(),
            vertical_rise_s: 5.0,
            kick_s: 5.0,
        },
        _ => Vehicle {
            stages: vec![
                st(args[0], args[1], args[2], args[3], args[4], 1.86),
                st(args[5], args[6], args[7], args[8], args[9], 1.61),
                st(args[10], args[11], args[12], args[13], args[14], 1.58),
            ],
            payload_kg: args[15],
            rv_beta_kg_m2: args[16],
            cd_mach: cd(),
            vertical_rise_s: 6.0,
            kick_s: 4.0,
        },
    };
    let launch = Geodetic::from_deg_km(0.0, 0.0, 0.0);
    let mut best = (0.0, 0.0, None);
    for i in 1..200 {
        let k = (i as f64 * 0.2f64).to_radians();
        let s = Steering {
            azimuth_rad: 0.0,
            kick_rad: k,
            cutoff_s: 1e9,
        };
        if let Ok(f) = fly(&earth, &v, launch, &s, None) {
            if f.rv.ground_range_m > best.0 {
                best = (f.rv.ground_range_m, k, Some(f));
            }
        }
    }
    let f = best.2.unwrap();
    println!(
        "{which}: launch {:.0} kg, ideal dv {:.0} m/s, max range {:.0} km at kick {:.1} deg; burnout t {:.0} s v {:.3} km/s gamma {:.1} alt {:.0} km; apogee {:.0} km; total {:.1} min",
        v.launch_mass_kg(),
        v.ideal_delta_v_m_s(),
        best.0 / 1e3,
        best.1.to_degrees(),
        f.burnout.t_s,
        f.burnout.velocity.speed_m_s / 1e3,
        f.burnout.velocity.gamma_rad.to_degrees(),
        f.burnout.position.alt_m / 1e3,
        f.rv.apogee_alt_m / 1e3,
        f.flight_time_s() / 60.0
    );
}
