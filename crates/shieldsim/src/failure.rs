//! The binary's failure type: one line and an exit code (2 bad input, 1 internal error), and
//! how each library error maps onto it.

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

impl From<shieldsim_studies::StudyError> for Failure {
    fn from(e: shieldsim_studies::StudyError) -> Self {
        match e {
            shieldsim_studies::StudyError::Input(s) => Failure::input(s),
            shieldsim_studies::StudyError::Internal(s) => Failure::internal(s),
        }
    }
}
