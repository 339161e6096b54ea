//! Host-side failures of a call or a load (the component's own errors are
//! [`crate::CallOutcome::Err`], not these).

use std::path::PathBuf;

/// Why the host could not load the component or complete a call.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The component file could not be read, compiled or deserialized.
    #[error("cannot load the component from {}: {message}", path.display())]
    Load {
        /// The file given to [`crate::Runtime::load`] or `precompile`.
        path: PathBuf,
        /// What went wrong and what to do about it.
        message: String,
    },
    /// The component does not export this function in `odr:registrar/registrar`.
    #[error("the component exports no function `{0}` (list them with `odr functions`)")]
    UnknownFunction(String),
    /// An argument does not match the function's WIT types.
    #[error("invalid argument {path}: {message}")]
    Argument {
        /// Where, e.g. `order.registrant.country` or `order.nameservers[2]`.
        path: String,
        /// What, e.g. `missing key` or `expected a string, got 42`.
        message: String,
    },
    /// The component trapped (a panic, an out-of-bounds access, stack exhaustion...).
    #[error("the component trapped: {0}")]
    Trap(String),
    /// The call used up its fuel budget.
    #[error(
        "the call exceeded its deadline: it used up its fuel budget (CallOptions::fuel); \
         the component may be looping, or the work needs a larger budget"
    )]
    DeadlineExceeded,
    /// The component tried to grow its memory beyond the call's cap.
    #[error(
        "the call exceeded its memory limit (CallOptions::memory_limit_bytes); \
         the component needed more linear memory than allowed"
    )]
    MemoryLimitExceeded,
    /// A capability failed in a way the component cannot be told about (e.g. it panicked).
    #[error("a host capability failed: {0}")]
    Capability(String),
    /// The call was refused before it started (e.g. `api-endpoint` named no usable origin).
    #[error("refused: {0}")]
    Denied(String),
    /// Anything else on the host side (runtime set-up, an unexpected result shape).
    #[error("host error: {0}")]
    Internal(String),
}

impl HostError {
    pub(crate) fn argument(path: impl Into<String>, message: impl Into<String>) -> Self {
        HostError::Argument {
            path: path.into(),
            message: message.into(),
        }
    }
}
