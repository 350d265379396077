//! Support policies: the validated model, and the two ways to get one.
//!
//! With the `validate` feature (the CLI, native tests), `load` reads the source format an integrator
//! writes: it refuses oversized input, reports JSON syntax errors where they are, then reports every
//! structural and cross-reference mistake at once (an unknown field or a value of the wrong type does not
//! hide the others), each with its path and line:column, so an integrator fixes a policy in one pass
//! rather than one error per run. `compile` turns the result into the compact
//! compiled form, which is all the widget reads (`Policy::from_compiled`): it carries no validator.

mod channel_link;
pub mod compiled;
#[cfg(feature = "validate")]
pub mod format;
mod index;
pub mod kinds;
#[cfg(feature = "validate")]
mod lenient;
#[cfg(feature = "validate")]
mod load;
pub mod model;
#[cfg(feature = "validate")]
mod position;
mod target;
#[cfg(feature = "validate")]
mod validate;
#[cfg(feature = "validate")]
pub mod zone_names;

pub use crate::strings::UiString;
pub use channel_link::{channel_link, ChannelLink, ChannelValueError};
pub use compiled::{compile, CompiledError};
#[cfg(feature = "validate")]
pub use format::PolicyFile;
pub use index::*;
pub use kinds::{ChannelKind, ChannelUse, FieldKind};
#[cfg(feature = "validate")]
pub(crate) use load::Pending;
#[cfg(feature = "validate")]
pub use load::*;
pub use model::*;
pub use target::*;

/// Bounds that keep every computation on a policy fast (well under a second) whatever the input.
pub mod limits {
    pub const MAX_POLICY_BYTES: usize = 1024 * 1024;
    pub const MIN_LEVELS: usize = 2;
    pub const MAX_LEVELS: usize = 8;
    pub const MAX_QUESTIONS: usize = 32;
    pub const MAX_OPTIONS: usize = 12;
    pub const MAX_RULES: usize = 2_000;
    pub const MAX_PLANS: usize = 50;
    pub const MAX_HOLIDAYS: usize = 1_000;
    /// Errors reported per file; a last one says how many more there were.
    pub const MAX_ERRORS: usize = 200;
    /// Longer messages are cut (they quote the policy's own text, which may be long).
    pub const MAX_MESSAGE_CHARS: usize = 1_000;
}
