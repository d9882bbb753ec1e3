//! The binary's failure type: one line and an exit code (2 bad input, 1 internal error), and
//! how each library error maps onto it.

use shieldsim_core::aim::AimError;
use shieldsim_core::ballistic::BallisticError;
use shieldsim_core::missile::MissileError;

/// A failure with its exit code: 2 for bad input, 1 for internal errors.
#[derive(Debug)]
pub struct Failure {
    /// Exit code.
    pub code: u8,
    /// One-line reason.
    pub message: String,
}

impl Failure {
    pub(crate) fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<BallisticError> for Failure {
    fn from(e: BallisticError) -> Self {
        match e {
            BallisticError::Integration(_) => Failure::internal(e.to_string()),
            _ => Failure::input(e.to_string()),
        }
    }
}

impl From<MissileError> for Failure {
    fn from(e: MissileError) -> Self {
        match e {
            MissileError::NoConvergence(_)
            | MissileError::Integration(_)
            | MissileError::InvalidVehicle(_) => Failure::internal(e.to_string()),
            MissileError::Ballistic(b) => b.into(),
            _ => Failure::input(e.to_string()),
        }
    }
}

impl From<shieldsim_scenario::analysis::EngageError> for Failure {
    fn from(e: shieldsim_scenario::analysis::EngageError) -> Self {
        use shieldsim_scenario::analysis::EngageError;
        match e {
            EngageError::Input(s) => Failure::input(s),
            EngageError::Missile(m) => m.into(),
            EngageError::Internal(s) => Failure::internal(s),
        }
    }
}

impl From<AimError> for Failure {
    fn from(e: AimError) -> Self {
        match e {
            AimError::NoConvergence(_) => Failure::internal(e.to_string()),
            AimError::Ballistic(b) => b.into(),
            _ => Failure::input(e.to_string()),
        }
    }
}

impl From<shieldsim_studies::StudyError> for Failure {
    fn from(e: shieldsim_studies::StudyError) -> Self {
        match e {
            shieldsim_studies::StudyError::Input(s) => Failure::input(s),
            shieldsim_studies::StudyError::Internal(s) => Failure::internal(s),
        }
    }
}
