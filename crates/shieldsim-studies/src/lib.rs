//! # shieldsim-studies
//!
//! The studies shieldsim answers, as a library for every front end (the command line, the web
//! app, the Python package): engagement cases, footprints and coverage of NATO Europe, the
//! deterrent question under each sensing assumption, the "speed needed to threaten" sweep, the
//! sites against declared basing rules (`basing`), and whole runs of a scenario or the bundled demo. Each takes validated input
//! (`shieldsim-scenario`) and returns typed results; none does I/O, and progress goes out
//! through a callback. The writers (`shieldsim-report`) turn the results into files.
//!
//! Layers read one way: `shieldsim-core` (physics) → `shieldsim-scenario` (input) → this crate
//! (studies) → `shieldsim-report` (writers) → `shieldsim` (front end).

pub mod basing;
pub mod budget;
pub mod coverage;
pub mod deterrent;
pub mod engage;
pub mod engagement;
pub mod list;
pub mod run;
pub mod shard;
pub mod summary;
pub mod sweep;
pub mod trajectory;
pub mod uncertainty;

pub use basing::BasingRow;
pub use coverage::{CoverageRow, FootprintCase, MapMarks};
pub use deterrent::{DeterrentReport, DeterrentRoute, DeterrentRow};
pub use engagement::{EngageCase, SiteInfo};
pub use run::{demo, run_scenario};
pub use shard::{Shard, ShardSpec, merge, run_scenario_shard};
pub use sweep::{Sweep, SweepPoint};

use shieldsim_scenario::catalogs::Applied;
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::ScenarioAssumptions;

/// Progress of a long study: (what, done, total). Called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(&str, usize, usize) + Sync);

/// Why a study could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StudyError {
    /// The input asks for something the physics cannot do (a target out of range, an unknown
    /// site): bad input.
    #[error("{0}")]
    Input(String),
    /// A defect.
    #[error("{0}")]
    Internal(String),
}

/// Bad input.
pub(crate) fn input(message: impl Into<String>) -> StudyError {
    StudyError::Input(message.into())
}

/// A defect.
pub(crate) fn internal(message: impl Into<String>) -> StudyError {
    StudyError::Internal(message.into())
}

impl From<shieldsim_scenario::analysis::EngageError> for StudyError {
    fn from(e: shieldsim_scenario::analysis::EngageError) -> Self {
        use shieldsim_core::ballistic::BallisticError;
        use shieldsim_core::missile::MissileError;
        use shieldsim_scenario::analysis::EngageError;
        match e {
            EngageError::Input(s) => StudyError::Input(s),
            EngageError::Internal(s) => StudyError::Internal(s),
            EngageError::Missile(
                m @ (MissileError::NoConvergence(_)
                | MissileError::Integration(_)
                | MissileError::InvalidVehicle(_)
                | MissileError::Ballistic(BallisticError::Integration(_))),
            ) => StudyError::Internal(m.to_string()),
            EngageError::Missile(m) => StudyError::Input(m.to_string()),
        }
    }
}

/// What the report says of an architecture.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArchitectureInfo {
    /// Catalog or file id.
    pub id: String,
    /// Year.
    pub year: u32,
    /// Who commands it.
    pub command: String,
    /// Source.
    pub source: String,
}

impl ArchitectureInfo {
    /// The report's view of a resolved architecture.
    pub fn of(arch: &ResolvedArchitecture) -> ArchitectureInfo {
        ArchitectureInfo {
            id: arch.entry.id.clone(),
            year: arch.entry.year,
            command: arch.entry.command.clone(),
            source: arch.entry.source.clone(),
        }
    }
}

/// One architecture's engagement cases.
#[derive(Debug, Clone)]
pub struct ArchitectureResult {
    /// The architecture.
    pub info: ArchitectureInfo,
    /// Its engagement cases (every aim point of every engage analysis).
    pub cases: Vec<EngageCase>,
}

/// Everything a run or the demo found, for the writers.
#[derive(Debug, Clone)]
pub struct StudyResults {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The assumptions behind every answer.
    pub assumptions: ScenarioAssumptions,
    /// Catalog figures set by `[overrides]` or `--set`.
    pub settings: Vec<Applied>,
    /// Per architecture, its engagement cases.
    pub architectures: Vec<ArchitectureResult>,
    /// The deterrent question, if asked.
    pub deterrent: Option<DeterrentReport>,
    /// The speed-needed sweep, if asked.
    pub sweep: Option<Sweep>,
    /// Footprints (of footprint and coverage analyses).
    pub footprints: Vec<FootprintCase>,
    /// Coverage rows.
    pub coverage: Vec<CoverageRow>,
    /// Every site of every architecture against the declared basing rules ([`basing`]).
    pub basing: Vec<BasingRow>,
}

impl StudyResults {
    /// Engagement cases over all architectures.
    pub fn cases(&self) -> impl Iterator<Item = &EngageCase> {
        self.architectures.iter().flat_map(|a| a.cases.iter())
    }

    /// What a run counts as results: engagement cases, footprints and deterrent rows.
    pub fn count(&self) -> usize {
        self.cases().count()
            + self.footprints.len()
            + self.deterrent.as_ref().map_or(0, |d| d.rows.len())
    }
}

impl From<shieldsim_core::ballistic::BallisticError> for StudyError {
    fn from(e: shieldsim_core::ballistic::BallisticError) -> Self {
        use shieldsim_core::ballistic::BallisticError;
        match e {
            BallisticError::Integration(_) => internal(e.to_string()),
            _ => input(e.to_string()),
        }
    }
}

impl From<shieldsim_core::missile::MissileError> for StudyError {
    fn from(e: shieldsim_core::missile::MissileError) -> Self {
        use shieldsim_core::missile::MissileError;
        match e {
            MissileError::NoConvergence(_)
            | MissileError::Integration(_)
            | MissileError::InvalidVehicle(_) => internal(e.to_string()),
            MissileError::Ballistic(b) => b.into(),
            _ => input(e.to_string()),
        }
    }
}

impl From<shieldsim_core::aim::AimError> for StudyError {
    fn from(e: shieldsim_core::aim::AimError) -> Self {
        use shieldsim_core::aim::AimError;
        match e {
            AimError::NoConvergence(_) => internal(e.to_string()),
            AimError::Ballistic(b) => b.into(),
            _ => input(e.to_string()),
        }
    }
}
