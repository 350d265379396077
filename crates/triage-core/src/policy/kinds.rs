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

impl ChannelKind {
    /// Every kind, in declaration order (the compiled form's `as u8`).
    pub const ALL: [ChannelKind; 9] = [
        ChannelKind::Portal,
        ChannelKind::Email,
        ChannelKind::Phone,
        ChannelKind::Chat,
        ChannelKind::Slack,
        ChannelKind::Teams,
        ChannelKind::Form,
        ChannelKind::Widget,
        ChannelKind::Other,
    ];

    /// The widget's name for the kind ("Phone", "Support portal"), which a policy may reword.
    pub fn name_key(self) -> crate::strings::UiString {
        use crate::strings::UiString;
        match self {
            ChannelKind::Phone => UiString::KindPhone,
            ChannelKind::Email => UiString::KindEmail,
            ChannelKind::Portal => UiString::KindPortal,
            ChannelKind::Chat => UiString::KindChat,
            ChannelKind::Slack => UiString::KindSlack,
            ChannelKind::Teams => UiString::KindTeams,
            ChannelKind::Form => UiString::KindForm,
            ChannelKind::Widget => UiString::KindWidget,
            ChannelKind::Other => UiString::KindOther,
        }
    }

    /// The id the policy file uses ("phone"), for text and JSON written without serde (the widget).
    pub fn id(self) -> &'static str {
        match self {
            ChannelKind::Portal => "portal",
            ChannelKind::Email => "email",
            ChannelKind::Phone => "phone",
            ChannelKind::Chat => "chat",
            ChannelKind::Slack => "slack",
            ChannelKind::Teams => "teams",
            ChannelKind::Form => "form",
            ChannelKind::Widget => "widget",
            ChannelKind::Other => "other",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::ChannelKind;

    #[test]
    fn a_channel_kind_id_is_its_name_in_the_file() {
        for k in ChannelKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
    }
}
