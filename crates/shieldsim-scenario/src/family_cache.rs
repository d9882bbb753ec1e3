//! Threat families built once per process.
//!
//! A footprint's threat family (its ~150 exact minimum-energy solves) is about 40 % of a
//! footprint's time, and the same family serves every architecture, site and setting against
//! one missile from one launch point on one grid. The web app asks for footprints again with
//! another architecture; a sharded study (issue 16) computes a footprint's aim points in
//! several work units, of which a worker process may run many. Both get their families here.
//!
//! Keyed by the `Debug` forms of the Earth model, the vehicle, the launch point, the grid and
//! the family's own grid (`Debug` prints every `f64` so that it reads back to the same bits):
//! the family is a function of exactly these, so a family from the cache is the one a build
//! would give, and an answer is the same bytes with or without it. At most
//! [`FAMILY_CACHE_ENTRIES`] are kept (a family is a few MB); the oldest goes first.

use crate::analysis::GridSpec;
use shieldsim_core::earth::{Earth, Geodetic};
use shieldsim_core::missile::{MissileError, Vehicle};
use shieldsim_core::threat_family::{FamilyGrid, ThreatFamily};
use std::sync::{Arc, Mutex, OnceLock};

/// Threat families kept in memory.
pub const FAMILY_CACHE_ENTRIES: usize = 8;

type Entries = Vec<(String, Arc<ThreatFamily>)>;

fn entries() -> std::sync::MutexGuard<'static, Entries> {
    static CACHE: OnceLock<Mutex<Entries>> = OnceLock::new();
    // The list is valid at every step; a panic elsewhere leaves it usable.
    CACHE
        .get_or_init(|| Mutex::new(Vec::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The threat family of `vehicle` launched from `launch` for the aim points of `grid`, with the
/// default [`FamilyGrid`]: from memory when built before in this process, else built (in
/// parallel; the lock is not held while building, so two threads asking at once for a new
/// family both build it, and the first stored is kept).
pub fn family(
    earth: &Earth,
    vehicle: &Vehicle,
    launch: Geodetic,
    grid: &GridSpec,
) -> Result<Arc<ThreatFamily>, MissileError> {
    let family_grid = FamilyGrid::default();
    let key = format!("{earth:?}|{vehicle:?}|{launch:?}|{grid:?}|{family_grid:?}");
    if let Some((_, f)) = entries().iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(f));
    }
    let built = Arc::new(ThreatFamily::build(
        earth,
        vehicle,
        launch,
        &grid.nodes(),
        family_grid,
    )?);
    let mut held = entries();
    if let Some((_, f)) = held.iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(f));
    }
    if held.len() >= FAMILY_CACHE_ENTRIES {
        held.remove(0);
    }
    held.push((key, Arc::clone(&built)));
    Ok(built)
}
