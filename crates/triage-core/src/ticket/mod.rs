//! The ticket: the one JSON document the widget posts and every receiver stores.
//!
//! It lives in the core because three parties must agree on it byte for byte: the widget that builds it,
//! the reference receiver (`triage serve`) that validates and stores it, and integrators' own receivers,
//! which read `docs/ticket.md`. The client chooses `id`, so a retried POST is recognised, not duplicated.

use crate::maps::SortedMap;

use serde::{Deserialize, Serialize};

pub mod read;
mod write;

/// Upper bound on a whole ticket as posted; receivers refuse more, the widget trims logs to stay under it.
pub const MAX_TICKET_BYTES: usize = 256 * 1024;
/// Upper bound on any one free-text field (logs are the usual offender).
pub const MAX_FIELD_CHARS: usize = 64 * 1024;
/// The schema tag every ticket carries, so receivers can tell versions apart.
pub const SCHEMA: &str = "severity-triage/ticket@1";

/// A support ticket as the widget posts it (`public/ticket.schema.json`, documented in `docs/ticket.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    /// Always `severity-triage/ticket@1`.
    pub schema: String,
    /// Client-chosen idempotency key (a UUID from the widget): 8–64 characters of `[A-Za-z0-9_-]`.
    pub id: String,
    /// When the person pressed send, RFC 3339 in UTC.
    pub created_at: String,
    /// The `id` of the policy the ticket was triaged under.
    pub policy: String,
    /// A content hash of that policy's text (`fnv1a64:` and 16 hex digits).
    pub policy_version: String,
    /// The support plan whose targets apply, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The request type id, when the policy has types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_type: Option<String>,
    /// The impact questions as asked and answered, in order.
    #[serde(default)]
    pub answers: Vec<Answer>,
    pub level: ChosenLevel,
    /// The first-response target the person was shown, when the plan states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<Target>,
    /// The resolution target the person was shown, when the plan states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Target>,
    /// One line saying what is wrong.
    pub summary: String,
    /// Detail field id (environment, error_messages, …) → text, as redacted.
    #[serde(default)]
    pub details: SortedMap<String, String>,
    /// Text files the person attached, as redacted and trimmed.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Context item id (page_url, browser, …, product_version) → value; only what the person kept.
    #[serde(default)]
    pub context: SortedMap<String, String>,
    /// Redaction kind id → how many values of that kind were masked. Never the values.
    #[serde(default)]
    pub redactions: SortedMap<String, u32>,
    /// The person's language (BCP 47), unless they removed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The person's IANA time zone, unless they removed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// One impact question and the answer given, by id and in the words the person saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub question: String,
    pub question_text: String,
    pub option: String,
    pub option_label: String,
}

/// A response or resolution target: the policy's words, and the deadline when one can be computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// e.g. "2 hours", "Per your support contract".
    pub text: String,
    /// RFC 3339 UTC deadline, absent for best effort or targets stated elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// First response only: the promise shown beside this one, which holds if the case is raised
    /// through a channel as well ("— or within 4 hours, 24/7, if you call").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<Alternative>,
}

/// A promise the person was shown beside the first-response target: it holds if the case is raised
/// through `channel` as well (the policy's target `alternative`, docs/policy.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    /// e.g. "4 hours".
    pub text: String,
    /// The coverage it is counted in, e.g. "24/7".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<String>,
    /// RFC 3339 UTC deadline, absent when the time is only aimed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// The condition: the kind of channel the case must be raised through as well, e.g. "phone".
    pub channel: String,
}

/// An attached text file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub name: String,
    /// The file's size in bytes, as attached.
    pub size: u64,
    /// The text as sent: redacted, and when `trimmed`, only its end (with a note of what was cut first).
    pub text: String,
    pub trimmed: bool,
}

/// The level the ticket was filed at, and whether the person changed the suggestion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChosenLevel {
    pub id: String,
    pub name: String,
    /// The level the policy suggested for the answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<String>,
    /// Why that level was suggested, in the policy's words.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Why the person filed above the suggested level, in their words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("the ticket is {0} bytes; the limit is {MAX_TICKET_BYTES} bytes (trim the logs)")]
    TooLarge(usize),
    /// Not JSON, or not the shape of a ticket; `path` names the field (empty for the whole document).
    #[error("{}{message}", if path.is_empty() { String::new() } else { format!("`{path}`: ") })]
    Malformed { path: String, message: String },
    #[error("`schema` is {0:?}; this receiver understands {SCHEMA:?}")]
    Schema(String),
    #[error("`id` must be 8–64 characters of letters, digits, '-' or '_' (got {0:?})")]
    Id(String),
    #[error("`{0}` must not be empty")]
    Empty(&'static str),
    #[error("`{field}` is {chars} characters; the limit is {MAX_FIELD_CHARS}")]
    FieldTooLong { field: String, chars: usize },
    #[error("`{field}` must be an RFC 3339 UTC time like 2026-01-31T09:30:00Z (got {value:?})")]
    Time { field: &'static str, value: String },
}

impl Ticket {
    /// Parses and checks a posted body. Receivers call this before storing anything.
    #[cfg(feature = "validate")]
    pub fn from_json(body: &[u8]) -> Result<Ticket, TicketError> {
        if body.len() > MAX_TICKET_BYTES {
            return Err(TicketError::TooLarge(body.len()));
        }
        let mut de = serde_json::Deserializer::from_slice(body);
        let ticket: Ticket = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let message = strip_position(&e.into_inner().to_string());
            TicketError::Malformed {
                path: if path == "." { String::new() } else { path },
                message,
            }
        })?;
        de.end().map_err(|e| TicketError::Malformed {
            path: String::new(),
            message: strip_position(&e.to_string()),
        })?;
        ticket.check()?;
        Ok(ticket)
    }

    pub fn check(&self) -> Result<(), TicketError> {
        if self.schema != SCHEMA {
            return Err(TicketError::Schema(self.schema.clone()));
        }
        if !valid_id(&self.id) {
            return Err(TicketError::Id(self.id.clone()));
        }
        for (name, value) in [
            ("policy", &self.policy),
            ("summary", &self.summary),
            ("level.id", &self.level.id),
        ] {
            if value.trim().is_empty() {
                return Err(TicketError::Empty(name));
            }
        }
        let times = [
            ("created_at", Some(&self.created_at)),
            (
                "first_response.due",
                self.first_response.as_ref().and_then(|t| t.due.as_ref()),
            ),
            (
                "resolution.due",
                self.resolution.as_ref().and_then(|t| t.due.as_ref()),
            ),
            (
                "first_response.alternative.due",
                self.first_response
                    .as_ref()
                    .and_then(|t| t.alternative.as_ref()?.due.as_ref()),
            ),
        ];
        for (field, value) in times {
            if let Some(v) = value {
                if crate::time::parse_rfc3339_utc(v).is_none() {
                    return Err(TicketError::Time {
                        field,
                        value: v.clone(),
                    });
                }
            }
        }
        let long = std::iter::once(("summary".to_string(), &self.summary))
            .chain(
                self.details
                    .iter()
                    .map(|(k, v)| (format!("details.{k}"), v)),
            )
            .chain(
                self.attachments
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (format!("attachments[{i}].text"), &a.text)),
            )
            .chain(
                self.context
                    .iter()
                    .map(|(k, v)| (format!("context.{k}"), v)),
            )
            .map(|(field, v)| (field, v.chars().count()))
            .find(|(_, chars)| *chars > MAX_FIELD_CHARS);
        if let Some((field, chars)) = long {
            return Err(TicketError::FieldTooLong { field, chars });
        }
        Ok(())
    }
}

#[cfg(feature = "validate")]
fn strip_position(msg: &str) -> String {
    msg.rfind(" at line ")
        .map_or(msg, |i| &msg[..i])
        .to_string()
}

/// The JSON Schema of the ticket format, pretty-printed; `public/ticket.schema.json` must equal it.
#[cfg(feature = "schema")]
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Ticket);
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

/// Whether `id` can be a ticket id (and so an Idempotency-Key and a storage key).
pub fn valid_id(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Cuts `text` to at most `max_chars` characters, keeping the end (the newest log lines matter most) and
/// saying what was cut, so support never mistakes a trimmed log for a whole one.
pub fn trim_keep_tail(text: &str, max_chars: usize) -> (String, Option<usize>) {
    let total = text.chars().count();
    if total <= max_chars {
        return (text.to_string(), None);
    }
    let marker_budget = 64.min(max_chars);
    let keep = max_chars - marker_budget;
    let cut = total - keep;
    let tail: String = text.chars().skip(cut).collect();
    let marker = format!("[… {cut} earlier characters trimmed …]\n");
    let marker: String = marker.chars().take(marker_budget).collect();
    (format!("{marker}{tail}"), Some(cut))
}

#[cfg(all(test, feature = "validate"))]
mod tests;
