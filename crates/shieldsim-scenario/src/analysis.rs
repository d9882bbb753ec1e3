//! Analyses shared by the command line and scenario runs: one place that turns a catalog threat
//! and a resolved architecture into an engagement.

use crate::catalog::Catalog;
use crate::defence::ResolvedArchitecture;
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::engagement::{Assumptions, Engagement, engage};
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_core::missile::{self, MissileError, MissileFlight, Shape};
use shieldsim_core::threat_path::ThreatPath;

/// Sample step of the threat path given to sensors and engagement (s).
pub const PATH_STEP_S: f64 = 2.0;

/// The fly-out tables of an architecture's interceptors, in `Site::table` order.
pub fn tables(arch: &ResolvedArchitecture) -> Result<Vec<FlyoutTable>, String> {
    arch.interceptors
        .iter()
        .map(|(_, i)| FlyoutTable::build(i))
        .collect()
}

/// Fly a catalog missile minimum-energy along `route` (launch, target): the flight sampled
/// every [`PATH_STEP_S`] and its threat path.
pub fn threat_path(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    (launch, target): (Geodetic, Geodetic),
) -> Result<(MissileFlight, ThreatPath), EngageError> {
    let entry = catalog.missile(missile_id).map_err(EngageError::Input)?;
    let vehicle = catalog.vehicle(entry);
    let solution = missile::solve(earth, &vehicle, launch, target, Shape::MinEnergy, None)?;
    let flight = missile::fly(
        earth,
        &vehicle,
        launch,
        &solution.steering,
        Some(PATH_STEP_S),
    )?;
    let path = ThreatPath::from_flight(&flight)
        .ok_or_else(|| EngageError::Internal("threat path has too few samples".into()))?;
    Ok((flight, path))
}

/// Fly a catalog missile minimum-energy along `route` (launch, target) and engage it.
pub fn engage_threat(
    earth: &Earth,
    catalog: &Catalog,
    missile_id: &str,
    route: (Geodetic, Geodetic),
    arch: &ResolvedArchitecture,
    tables: &[FlyoutTable],
    assumptions: &Assumptions,
) -> Result<(MissileFlight, Engagement), EngageError> {
    let (flight, path) = threat_path(earth, catalog, missile_id, route)?;
    let e = engage(
        earth,
        &path,
        &arch.sensors,
        &arch.sites,
        tables,
        assumptions,
    );
    Ok((flight, e))
}

/// Why an engagement could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum EngageError {
    /// Bad input (unknown id).
    Input(String),
    /// The threat cannot fly that trajectory (out of range, …): also bad input.
    Missile(MissileError),
    /// A defect.
    Internal(String),
}

impl From<MissileError> for EngageError {
    fn from(e: MissileError) -> Self {
        EngageError::Missile(e)
    }
}

impl std::fmt::Display for EngageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngageError::Input(s) | EngageError::Internal(s) => f.write_str(s),
            EngageError::Missile(e) => write!(f, "{e}"),
        }
    }
}
