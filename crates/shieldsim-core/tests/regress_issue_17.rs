//! Issue 17 (hostile and careless input): the core's validators refuse what cannot be
//! computed, with messages that quote the user's own values at a readable precision.

mod common;

use common::sm3_iia;
use shieldsim_core::aim::{AimError, AimMode, AimRequest, aim};
use shieldsim_core::ballistic::{BallisticError, BurnoutState, FreeFlightOptions, free_flight};
use shieldsim_core::earth::geodetic::SpeedAngles;
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::interceptor::InterceptorFigure;
use shieldsim_core::missile::{Stage, Vehicle};

/// The catalog's mrbm-1300 (catalog/missiles.toml).
fn mrbm_1300() -> Vehicle {
    Vehicle {
        stages: vec![Stage {
            propellant_kg: 13000.0,
            dry_kg: 1900.0,
            isp_vac_s: 258.0,
            burn_s: 110.0,
            exit_area_m2: 0.5,
            diameter_m: 1.32,
        }],
        payload_kg: 1000.0,
        rv_beta_kg_m2: 5000.0,
        cd_mach: vec![(0.0, 0.2), (1.0, 0.42), (10.0, 0.22)],
        vertical_rise_s: 5.0,
        kick_s: 5.0,
    }
}

#[test]
fn regress_issue_17_interceptor_problems_name_every_figure() {
    assert_eq!(sm3_iia().problems(), vec![]);
    let mut i = sm3_iia();
    i.isp_s = 50.0;
    i.burnout_speed_m_s = 1e-4; // 1e-7 km/s
    i.beta_kg_m2 = f64::NAN;
    i.stages[1].burn_s = f64::INFINITY;
    i.max_intercept_alt_m = 1e300;
    let p = i.problems();
    let figures: Vec<InterceptorFigure> = p.iter().map(|x| x.0).collect();
    assert_eq!(
        figures,
        [
            InterceptorFigure::StageBurn(1),
            InterceptorFigure::BurnoutSpeed,
            InterceptorFigure::Isp,
            InterceptorFigure::BallisticCoefficient,
            InterceptorFigure::MaxInterceptAlt,
        ]
    );
    let messages: Vec<&str> = p.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        messages,
        [
            "stage 2 burn time inf s is outside 0.5 … 600 s",
            "burnout speed 1e-7 km/s is outside 0.3 … 11 km/s",
            "Isp 50 s is outside 100 … 500 s",
            "ballistic coefficient NaN kg/m² is outside 100 … 1000000 kg/m²",
            "highest intercept altitude 1e297 km is outside 0 … 3000 km",
        ]
    );
    assert_eq!(i.validate(), Err(messages[0].to_string()));
    // The calibration needs the burn to end within the fly-out.
    let mut i = sm3_iia();
    i.max_flyout_s = 50.0;
    assert_eq!(
        i.validate(),
        Err("longest fly-out 50 s ends before the stages burn out (60 s)".into())
    );
}

#[test]
fn regress_issue_17_missiles_that_cannot_fly_are_refused() {
    assert_eq!(mrbm_1300().validate(), Ok(()));
    let refused = |change: &dyn Fn(&mut Vehicle)| {
        let mut v = mrbm_1300();
        change(&mut v);
        v.validate().expect_err("unphysical")
    };
    // Isp 1e-7 s ran the steering search into "boost failed" (exit 1).
    assert_eq!(
        refused(&|v| v.stages[0].isp_vac_s = 1e-7),
        "stage 1: isp_vac_s = 1e-7 s is outside 100 … 500 s (chemical rocket motors)"
    );
    // A heavier payload than the first stage lifts.
    assert_eq!(
        refused(&|v| v.payload_kg = 20_000.0),
        "the first stage's sea-level thrust, 248 kN, does not lift the launch mass of 34900 kg (342 kN): the missile cannot leave the pad"
    );
    // A feather-light RV was reported "in orbit, perigee −6209 km".
    assert!(refused(&|v| v.rv_beta_kg_m2 = 1.0).starts_with("rv_beta_kg_m2 = 1 kg/m² is outside"));
    assert!(refused(&|v| v.cd_mach[1].1 = f64::NAN).starts_with("cd_mach must list finite"));
    assert_eq!(
        refused(&|v| v.stages[0].burn_s = 1e300),
        "stage 1: burn_s = 1e300 s is outside 0.5 … 1000 s"
    );
}

/// `ballistic --alt-km 0 --speed-km-s 1e-7` ran into "integration step size underflow" (exit 1).
#[test]
fn regress_issue_17_a_burnout_that_barely_rises_is_bad_input() {
    let burnout = |speed_km_s: f64, gamma_deg: f64, alt_km: f64| BurnoutState {
        position: Geodetic::from_deg_km(54.0, 35.0, alt_km),
        velocity: SpeedAngles {
            speed_m_s: speed_km_s * 1e3,
            gamma_rad: gamma_deg.to_radians(),
            azimuth_rad: 330f64.to_radians(),
        },
    };
    let earth = Earth::wgs84();
    let e = free_flight(
        &earth,
        &burnout(1e-7, 25.0, 0.0),
        &FreeFlightOptions::default(),
    )
    .expect_err("barely rises");
    assert!(matches!(e, BallisticError::BarelyRises { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with(
            "a burnout on the surface at 1e-7 km/s, 25° above the horizontal, rises about 9.1"
        ),
        "{e}"
    );
    // From above the surface the same speed just falls.
    let f = free_flight(
        &earth,
        &burnout(1e-7, 25.0, 0.001),
        &FreeFlightOptions::default(),
    )
    .expect("falls 1 m");
    assert!(f.flight_time_s > 0.4 && f.flight_time_s < 0.5, "{f:?}");
    // Out-of-range values print as users write them, not with 300 digits.
    let e = free_flight(
        &earth,
        &burnout(1e300, 25.0, 0.0),
        &FreeFlightOptions::default(),
    )
    .expect_err("too fast");
    assert!(e.to_string().starts_with("speed 1e300 km/s"), "{e}");
}

/// Places 1–6 km apart were called "nearly antipodal".
#[test]
fn regress_issue_17_close_places_are_too_close_not_antipodal() {
    let request = |to: Geodetic| AimRequest {
        launch: Geodetic::from_deg_km(54.03, 35.78, 0.0),
        target: to,
        mode: AimMode::MinEnergy,
    };
    let earth = Earth::wgs84();
    for lat in [54.04, 54.06, 54.08] {
        let e = aim(&earth, &request(Geodetic::from_deg_km(lat, 35.78, 0.0))).expect_err("close");
        assert!(matches!(e, AimError::TooClose { .. }), "{e:?}");
    }
    let e = aim(
        &earth,
        &request(Geodetic::from_deg_km(-54.03, -144.22, 0.0)),
    )
    .expect_err("far");
    assert!(matches!(e, AimError::Antipodal { .. }), "{e:?}");
}
