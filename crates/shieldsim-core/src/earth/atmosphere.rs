//! U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562).
//!
//! * −5 to 86 km geometric altitude: the standard's defining equations, exactly — seven
//!   geopotential layers with linear molecular-scale temperature (its eqs. 18, 23, 33a/b, 42,
//!   50), so pressure, density, temperature and speed of sound reproduce the published tables.
//! * 86 to 1000 km: kinetic temperature from the standard's defining segments (isothermal,
//!   elliptical, linear, exponential; its eqs. 25–31), while pressure and density — which the
//!   standard obtains by integrating species diffusion equations — come from the curve fits of
//!   R. A. Braeunig ("Atmospheric Models", braeunig.us), ln ρ and ln p as quartics in altitude
//!   per band, fitted to the standard's tables. The coefficients were read from the MIT-licensed
//!   `hapsira` package (`earth/atmosphere/data/coesa76_{p,rho}.dat`). Errors of the fit against the
//!   standard's tables are a few per cent, checked in the tests; the speed of sound above 86 km
//!   (which the standard does not define) uses the kinetic temperature and sea-level molar mass.
//! * Above 1000 km: a vacuum (ρ = p = 0).
//!
//! Drag at these heights matters only below ~120 km for re-entry vehicles, so the fitted region
//! is more than adequate for shieldsim's use; the exact region covers boost and re-entry.

/// State of the atmosphere at one altitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtmosphereSample {
    /// Kinetic temperature (K).
    pub temperature_k: f64,
    /// Pressure (Pa).
    pub pressure_pa: f64,
    /// Mass density (kg/m³).
    pub density_kg_m3: f64,
    /// Speed of sound (m/s).
    pub speed_of_sound_m_s: f64,
}

/// Standard gravity g₀ (m/s²), US76.
const G0_M_S2: f64 = 9.806_65;
/// Sea-level mean molar mass M₀ (kg/mol), US76.
const M0_KG_MOL: f64 = 0.028_964_4;
/// Universal gas constant R* as the standard defines it (J/(mol·K)), US76.
const R_STAR_J_MOL_K: f64 = 8.314_32;
/// Ratio of specific heats γ, US76.
const GAMMA_AIR: f64 = 1.4;
/// Effective Earth radius r₀ for geopotential height (m), US76.
const R0_M: f64 = 6_356_766.0;
/// Sea-level pressure (Pa) and temperature (K), US76.
const P0_PA: f64 = 101_325.0;
const T0_K: f64 = 288.15;

/// Geopotential layer bases (m') and molecular-scale lapse rates (K/m'), US76 Table 4.
const LAYER_BASE_H_M: [f64; 7] = [
    0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0,
];
const LAYER_LAPSE_K_M: [f64; 7] = [-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3];

/// Geometric altitude where the exact (layered) region ends (m).
const Z_86_KM_M: f64 = 86_000.0;

/// Ratio M/M₀ of molar masses between 80 and 86 km geometric altitude, every 0.5 km
/// (US76 Table 8), used only to convert molecular-scale to kinetic temperature there.
const MOLAR_RATIO_80_86: [f64; 13] = [
    1.000_000, 0.999_996, 0.999_989, 0.999_971, 0.999_941, 0.999_909, 0.999_870, 0.999_829,
    0.999_786, 0.999_741, 0.999_694, 0.999_641, 0.999_579,
];

/// Band lower bounds (km) of the Braeunig fits; the last band ends at 1000 km.
const FIT_BAND_KM: [f64; 10] = [
    86.0, 91.0, 100.0, 110.0, 120.0, 150.0, 200.0, 300.0, 500.0, 750.0,
];
/// ln p(Pa) = A z⁴ + B z³ + C z² + D z + E, z in km.
const FIT_P: [[f64; 5]; 10] = [
    [0.0, 2.159582e-06, -0.000_483_695_7, -0.142_519_2, 13.4753],
    [0.0, 3.304895e-05, -0.009_062_73, 0.651_669_8, -11.03037],
    [0.0, 6.693926e-05, -0.019_453_88, 1.71908, -47.7503],
    [0.0, -6.539316e-05, 0.024_855_68, -3.22362, 135.9355],
    [
        2.283506e-07,
        -0.000_134_322_1,
        0.029_990_16,
        -3.055446,
        113.5764,
    ],
    [
        1.209434e-08,
        -9.692458e-06,
        0.003_002_041,
        -0.452_301_5,
        19.19151,
    ],
    [
        8.113942e-10,
        -9.822568e-07,
        0.000_468_761_6,
        -0.123_171,
        3.067409,
    ],
    [
        9.814674e-11,
        -1.654439e-07,
        0.000_114_811_5,
        -0.054_313_34,
        -2.011365,
    ],
    [
        -7.835161e-11,
        1.964589e-07,
        -0.000_165_721_3,
        0.043_058_69,
        -14.77132,
    ],
    [
        2.813255e-11,
        -1.120689e-07,
        0.000_169_556_8,
        -0.118_894_1,
        14.56718,
    ],
];
/// ln ρ(kg/m³) = A z⁴ + B z³ + C z² + D z + E, z in km.
const FIT_RHO: [[f64; 5]; 10] = [
    [0.0, -3.322622e-06, 0.000_911_146, -0.260_997_1, 5.944694],
    [0.0, 2.873405e-05, -0.008_492_037, 0.654_117_9, -23.6201],
    [
        -1.240774e-05,
        0.005_162_063,
        -0.804_834_2,
        55.55996,
        -1443.338,
    ],
    [0.0, -8.854164e-05, 0.033_732_54, -4.390837, 176.5294],
    [
        3.661771e-07,
        -0.000_215_434_4,
        0.048_092_14,
        -4.884744,
        172.3597,
    ],
    [
        1.906032e-08,
        -1.527799e-05,
        0.004_724_294,
        -0.699_234,
        20.50921,
    ],
    [
        1.199282e-09,
        -1.451051e-06,
        0.000_691_047_4,
        -0.173_622,
        -5.321644,
    ],
    [
        1.140564e-10,
        -2.130756e-07,
        0.000_157_076_2,
        -0.070_292_96,
        -12.89844,
    ],
    [
        8.105631e-12,
        -2.358417e-09,
        -2.63511e-06,
        -0.015_626_08,
        -20.02246,
    ],
    [
        -3.701195e-12,
        -8.608611e-09,
        5.118829e-05,
        -0.066_009_98,
        -6.137674,
    ],
];

/// The U.S. Standard Atmosphere 1976 at geometric altitude `alt_m` (m above mean sea level;
/// shieldsim uses height above the model surface). Below −5 km the lowest layer is extended.
pub fn us76(alt_m: f64) -> AtmosphereSample {
    if alt_m <= Z_86_KM_M {
        lower(alt_m)
    } else {
        upper(alt_m)
    }
}

/// The standard's layered region, −5 … 86 km.
fn lower(alt_m: f64) -> AtmosphereSample {
    let h_m = R0_M * alt_m / (R0_M + alt_m); // geopotential height, US76 eq. 18
    let k = G0_M_S2 * M0_KG_MOL / R_STAR_J_MOL_K; // K/m'
    let layer = LAYER_BASE_H_M
        .iter()
        .rposition(|&hb| h_m >= hb)
        .unwrap_or(0);
    let (tb_k, pb_pa) = layer_bases()[layer];
    let (tm_k, p_pa) = layer_step(
        tb_k,
        pb_pa,
        LAYER_LAPSE_K_M[layer],
        h_m - LAYER_BASE_H_M[layer],
        k,
    );
    let density_kg_m3 = p_pa * M0_KG_MOL / (R_STAR_J_MOL_K * tm_k); // eq. 42
    let speed_of_sound_m_s = (GAMMA_AIR * R_STAR_J_MOL_K * tm_k / M0_KG_MOL).sqrt(); // eq. 50
    AtmosphereSample {
        temperature_k: tm_k * molar_ratio(alt_m),
        pressure_pa: p_pa,
        density_kg_m3,
        speed_of_sound_m_s,
    }
}

/// Base temperature (K) and pressure (Pa) of each layer, carried up from sea level once
/// (eqs. 23, 33a, 33b) rather than on every call: the boost evaluates the atmosphere thousands
/// of times per flight.
fn layer_bases() -> &'static [(f64, f64); 7] {
    static BASES: std::sync::OnceLock<[(f64, f64); 7]> = std::sync::OnceLock::new();
    BASES.get_or_init(|| {
        let k = G0_M_S2 * M0_KG_MOL / R_STAR_J_MOL_K;
        let mut bases = [(T0_K, P0_PA); 7];
        for i in 1..7 {
            let (t, p) = bases[i - 1];
            bases[i] = layer_step(
                t,
                p,
                LAYER_LAPSE_K_M[i - 1],
                LAYER_BASE_H_M[i] - LAYER_BASE_H_M[i - 1],
                k,
            );
        }
        bases
    })
}

/// Temperature and pressure `dh_m` geopotential metres above a layer base.
fn layer_step(tb_k: f64, pb_pa: f64, lapse_k_m: f64, dh_m: f64, k: f64) -> (f64, f64) {
    if lapse_k_m == 0.0 {
        (tb_k, pb_pa * (-k * dh_m / tb_k).exp())
    } else {
        let t_k = tb_k + lapse_k_m * dh_m;
        (t_k, pb_pa * (tb_k / t_k).powf(k / lapse_k_m))
    }
}

/// M/M₀ at geometric altitude (1 below 80 km), linear between the tabulated points.
fn molar_ratio(alt_m: f64) -> f64 {
    let z_km = alt_m / 1e3;
    if z_km <= 80.0 {
        return 1.0;
    }
    let x = ((z_km - 80.0) / 0.5).min(12.0);
    let i = (x.floor() as usize).min(11);
    let frac = x - i as f64;
    MOLAR_RATIO_80_86[i] + frac * (MOLAR_RATIO_80_86[i + 1] - MOLAR_RATIO_80_86[i])
}

/// Kinetic temperature above 86 km, US76 eqs. 25–31 (geometric altitude).
fn upper_temperature_k(z_km: f64) -> f64 {
    const T7_K: f64 = 186.8673;
    const T11_K: f64 = 240.0; // at 110 km
    const LAPSE_110_120_K_KM: f64 = 12.0;
    const TC_K: f64 = 263.1905;
    const A_K: f64 = -76.3232;
    const A_KM: f64 = -19.9429;
    const T_INF_K: f64 = 1000.0;
    const T12_K: f64 = 360.0; // at 120 km
    const LAMBDA_PER_KM: f64 = 0.01875;
    const R0_KM: f64 = 6356.766;
    if z_km <= 91.0 {
        T7_K
    } else if z_km <= 110.0 {
        TC_K + A_K * (1.0 - ((z_km - 91.0) / A_KM).powi(2)).sqrt()
    } else if z_km <= 120.0 {
        T11_K + LAPSE_110_120_K_KM * (z_km - 110.0)
    } else {
        let xi = (z_km - 120.0) * (R0_KM + 120.0) / (R0_KM + z_km);
        T_INF_K - (T_INF_K - T12_K) * (-LAMBDA_PER_KM * xi).exp()
    }
}

/// 86 … 1000 km (fitted pressure and density), vacuum above.
fn upper(alt_m: f64) -> AtmosphereSample {
    let z_km = alt_m / 1e3;
    let temperature_k = upper_temperature_k(z_km);
    let speed_of_sound_m_s = (GAMMA_AIR * R_STAR_J_MOL_K * temperature_k / M0_KG_MOL).sqrt();
    if z_km > 1000.0 {
        return AtmosphereSample {
            temperature_k,
            pressure_pa: 0.0,
            density_kg_m3: 0.0,
            speed_of_sound_m_s,
        };
    }
    let band = FIT_BAND_KM.iter().rposition(|&b| z_km >= b).unwrap_or(0);
    let poly = |c: &[f64; 5]| (((c[0] * z_km + c[1]) * z_km + c[2]) * z_km + c[3]) * z_km + c[4];
    AtmosphereSample {
        temperature_k,
        pressure_pa: poly(&FIT_P[band]).exp(),
        density_kg_m3: poly(&FIT_RHO[band]).exp(),
        speed_of_sound_m_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative agreement to 4 significant digits: |x − ref| ≤ 0.5e−4 · |ref| (rounding of the
    /// 5th digit), plus the rounding of the reference itself.
    fn assert_4_digits(x: f64, reference: f64, what: &str) -> f64 {
        let rel = ((x - reference) / reference).abs();
        assert!(rel < 1e-4, "{what}: {x} vs {reference} (rel {rel:.2e})");
        rel
    }

    /// DATA.md §7.2 test points (US76 tables), to 4 significant digits (issue 2).
    #[test]
    fn val_us76_table_points() {
        // Z km, T K, p Pa, rho kg/m3, a m/s
        let table: [(f64, f64, f64, f64, f64); 11] = [
            (0.0, 288.150, 1.01325e5, 1.22500, 340.294),
            (1.0, 281.651, 8.98763e4, 1.11166, 336.435),
            (5.0, 255.676, 5.40483e4, 0.736_428, 320.546),
            (10.0, 223.252, 2.64999e4, 0.413_510, 299.532),
            (20.0, 216.650, 5.52931e3, 8.89099e-2, 295.070),
            (30.0, 226.509, 1.19703e3, 1.84102e-2, 301.709),
            (40.0, 250.350, 2.87144e2, 3.99568e-3, 317.189),
            (50.0, 270.650, 7.97791e1, 1.02688e-3, 329.799),
            (60.0, 247.021, 2.19587e1, 3.09678e-4, 315.074),
            (70.0, 219.585, 5.22090, 8.28286e-5, 297.061),
            (80.0, 198.639, 1.05247, 1.84580e-5, 282.538),
        ];
        let mut worst = 0.0f64;
        for (z_km, t, p, rho, a) in table {
            let s = us76(z_km * 1e3);
            worst = worst
                .max(assert_4_digits(
                    s.temperature_k,
                    t,
                    &format!("T at {z_km} km"),
                ))
                .max(assert_4_digits(
                    s.pressure_pa,
                    p,
                    &format!("p at {z_km} km"),
                ))
                .max(assert_4_digits(
                    s.density_kg_m3,
                    rho,
                    &format!("rho at {z_km} km"),
                ))
                .max(assert_4_digits(
                    s.speed_of_sound_m_s,
                    a,
                    &format!("a at {z_km} km"),
                ));
        }
        println!("us76 table: 11 altitudes x 4 quantities, max relative error {worst:.2e}");
    }

    /// Layer bases, DATA.md §7.2 (p to the printed digits).
    #[test]
    fn val_us76_layer_base_pressures() {
        for (z_km, p) in [
            (11.019, 22_632.06),
            (20.063, 5_474.889),
            (32.162, 868.0187),
            (47.350, 110.9063),
            (51.413, 66.93887),
            (71.802, 3.956420),
            (86.0, 0.37338),
        ] {
            assert_4_digits(us76(z_km * 1e3).pressure_pa, p, &format!("p at {z_km} km"));
        }
        // Kinetic temperature at 86 km: 186.87 K.
        assert!((us76(86_000.0).temperature_k - 186.87).abs() < 0.01);
    }

    /// Above 86 km: the fits against the standard's table values (DATA.md §7.2 and US76
    /// Table 1), to the fits' stated accuracy of a few per cent; and continuity at 86 km.
    #[test]
    fn val_us76_upper_fits() {
        for (z_km, rho, tol) in [
            (110.0, 9.708e-8, 0.03),
            (120.0, 2.222e-8, 0.03),
            (500.0, 5.215e-13, 0.03),
            (1000.0, 3.561e-15, 0.03),
        ] {
            let s = us76(z_km * 1e3);
            let rel = (s.density_kg_m3 - rho).abs() / rho;
            assert!(
                rel < tol,
                "rho at {z_km} km: {} vs {rho} ({rel:.3})",
                s.density_kg_m3
            );
            println!("us76 upper fit: rho at {z_km} km relative error {rel:.2e}");
        }
        let below = us76(85_999.999);
        let above = us76(86_000.001);
        assert!((above.density_kg_m3 / below.density_kg_m3 - 1.0).abs() < 0.01);
        assert!((above.pressure_pa / below.pressure_pa - 1.0).abs() < 0.01);
        assert!((us76(120_000.0).temperature_k - 360.0).abs() < 1e-9);
        assert!((us76(110_000.0).temperature_k - 240.0).abs() < 0.01);
        assert_eq!(us76(1_500_000.0).density_kg_m3, 0.0);
    }

    /// Density never increases with altitude.
    #[test]
    fn prop_density_monotone() {
        let mut last = f64::INFINITY;
        let mut z_m = -5_000.0;
        while z_m < 1_000_000.0 {
            let rho = us76(z_m).density_kg_m3;
            assert!(rho <= last * (1.0 + 1e-12), "density rises at {z_m} m");
            last = rho;
            z_m += 250.0;
        }
    }
}
