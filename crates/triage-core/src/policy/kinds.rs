//! The closed vocabularies of a policy (channel kinds and uses, detail field kinds), shared by the source
//! format the CLI validates and the model the widget runs on; the widget is built without the source format.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Portal,
    Email,
    Phone,
    Chat,
    Slack,
    Teams,
    Form,
    Widget,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelUse {
    /// Must also be used (e.g. "P1: also call").
    Required,
    /// Suggested alongside the ticket.
    Recommended,
    /// May be used.
    Accepted,
    /// Not accepted for these levels (e.g. "email is never treated as critical").
    NotAccepted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines of prose.
    Text,
    /// Pasted error messages or logs: monospace, redacted, trimmed to the size limit.
    Log,
    /// An email address (or several, comma-separated).
    Email,
    /// One of `options`.
    Choice,
}
