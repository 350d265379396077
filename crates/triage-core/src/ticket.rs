//! The ticket: the one JSON document the widget posts and every receiver stores.
//!
//! It lives in the core because three parties must agree on it byte for byte: the widget that builds it,
//! the reference receiver (`triage serve`) that validates and stores it, and integrators' own receivers,
//! which read `docs/ticket.md`. The client chooses `id`, so a retried POST is recognised, not duplicated.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Upper bound on a whole ticket as posted; receivers refuse more, the widget trims logs to stay under it.
pub const MAX_TICKET_BYTES: usize = 256 * 1024;
/// Upper bound on any one free-text field (logs are the usual offender).
pub const MAX_FIELD_CHARS: usize = 64 * 1024;
/// The format tag every ticket carries, so receivers can tell versions apart.
pub const FORMAT: &str = "severity-triage/ticket@1";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub format: String,
    /// Client-chosen idempotency key: 8–64 characters of `[A-Za-z0-9_-]`.
    pub id: String,
    /// The `id` of the policy the ticket was triaged under.
    pub policy: String,
    /// When the person pressed send, RFC 3339 in UTC.
    pub submitted_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    pub level: ChosenLevel,
    /// Question id → option id, as answered.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    pub summary: String,
    /// Detail field id (environment, logs, …) → text.
    #[serde(default)]
    pub details: BTreeMap<String, String>,
    /// Browser context gathered automatically and shown to the person before sending.
    #[serde(default)]
    pub context: BTreeMap<String, String>,
    /// The first-response deadline the person was shown (RFC 3339 UTC), when the plan states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_due: Option<String>,
    /// The resolution deadline the person was shown, when the plan states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_due: Option<String>,
}

/// The level the ticket was filed at, and whether the person changed the suggestion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChosenLevel {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<String>,
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
    #[error("the ticket is not valid JSON for {FORMAT}: {0}")]
    Malformed(String),
    #[error("`format` is {0:?}; this receiver understands {FORMAT:?}")]
    Format(String),
    #[error("`id` must be 8–64 characters of letters, digits, '-' or '_' (got {0:?})")]
    Id(String),
    #[error("`{0}` must not be empty")]
    Empty(&'static str),
    #[error("`{field}` is {chars} characters; the limit is {MAX_FIELD_CHARS}")]
    FieldTooLong { field: String, chars: usize },
    #[error("`submitted_at` must be an RFC 3339 UTC time like 2026-01-31T09:30:00Z (got {0:?})")]
    SubmittedAt(String),
}

impl Ticket {
    /// Parses and checks a posted body. Receivers call this before storing anything.
    pub fn from_json(body: &[u8]) -> Result<Ticket, TicketError> {
        if body.len() > MAX_TICKET_BYTES {
            return Err(TicketError::TooLarge(body.len()));
        }
        let ticket: Ticket =
            serde_json::from_slice(body).map_err(|e| TicketError::Malformed(e.to_string()))?;
        ticket.check()?;
        Ok(ticket)
    }

    pub fn check(&self) -> Result<(), TicketError> {
        if self.format != FORMAT {
            return Err(TicketError::Format(self.format.clone()));
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
        if crate::time::parse_rfc3339_utc(&self.submitted_at).is_none() {
            return Err(TicketError::SubmittedAt(self.submitted_at.clone()));
        }
        let long = std::iter::once(("summary".to_string(), &self.summary))
            .chain(
                self.details
                    .iter()
                    .map(|(k, v)| (format!("details.{k}"), v)),
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

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Ticket {
        Ticket {
            format: FORMAT.into(),
            id: "abcdef12-3456".into(),
            policy: "wati".into(),
            submitted_at: "2026-11-24T09:30:00Z".into(),
            request_type: None,
            plan: Some("pro".into()),
            level: ChosenLevel {
                id: "p1".into(),
                name: "Urgent (P1)".into(),
                suggested: Some("p1".into()),
                reasons: vec!["The service is down".into()],
                justification: None,
            },
            answers: BTreeMap::new(),
            summary: "Checkout is down".into(),
            details: BTreeMap::new(),
            context: BTreeMap::new(),
            first_response_due: None,
            resolution_due: None,
        }
    }

    #[test]
    fn round_trips_and_checks() {
        let t = sample();
        let json = serde_json::to_vec(&t).unwrap();
        assert_eq!(Ticket::from_json(&json).unwrap(), t);
    }

    #[test]
    fn rejects_each_kind_of_bad_ticket() {
        let mut t = sample();
        t.id = "short".into();
        assert!(matches!(t.check(), Err(TicketError::Id(_))));
        let mut t = sample();
        t.summary = "  ".into();
        assert_eq!(t.check(), Err(TicketError::Empty("summary")));
        let mut t = sample();
        t.submitted_at = "yesterday".into();
        assert!(matches!(t.check(), Err(TicketError::SubmittedAt(_))));
        let mut t = sample();
        t.details
            .insert("logs".into(), "x".repeat(MAX_FIELD_CHARS + 1));
        assert_eq!(
            t.check(),
            Err(TicketError::FieldTooLong {
                field: "details.logs".into(),
                chars: MAX_FIELD_CHARS + 1
            })
        );
        assert!(matches!(
            Ticket::from_json(b"{\"format\":1}"),
            Err(TicketError::Malformed(_))
        ));
        assert!(matches!(
            Ticket::from_json(&vec![b' '; MAX_TICKET_BYTES + 1]),
            Err(TicketError::TooLarge(_))
        ));
    }

    #[test]
    fn trimming_keeps_the_tail_and_says_so() {
        let log: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        let (trimmed, cut) = trim_keep_tail(&log, 200);
        assert!(trimmed.chars().count() <= 200);
        assert!(trimmed.ends_with("line 999\n"));
        assert!(trimmed.starts_with("[… "));
        assert_eq!(cut, Some(log.chars().count() - (200 - 64)));
        assert_eq!(trim_keep_tail("short", 200), ("short".into(), None));
    }
}
