//! The outbox's stored format and its decisions: one versioned entry per ticket, what happens to an entry
//! after an attempt, which entry goes next, who may send (the storage lease), and the ticket as plain text
//! and as an email for the fallbacks.
//!
//! The widget keeps each entry under its own storage key, so two tabs never rewrite each other's tickets and
//! one unreadable entry is only that entry: [`decode`] names what is wrong, and the widget moves it aside
//! instead of deleting it.
//!
//! Each entry names the endpoint it was filed for, and goes nowhere else ([`Entry::goes_to`]): a page
//! that sets another `endpoint` (a link to `frame.html?endpoint=…`, say) must not drain the tickets
//! people queued for the vendor.

use serde::{Deserialize, Serialize};

use crate::delivery::{Backoff, Failure, Retry};
use crate::json::fields::{boolean, int, string, whole, Fields, Read};
use crate::json::write::ToJson;
use crate::json::Value;
use crate::policy::Policy;
use crate::strings::UiString;
use crate::ticket::Ticket;

/// The version written into every entry; older ones are upgraded by [`decode`], newer ones are set aside.
/// Version 2 added `endpoint`.
pub const OUTBOX_VERSION: u32 = 2;

/// A ticket waiting for a 2xx, and what happened to it so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub v: u32,
    pub ticket: Ticket,
    /// The absolute URL the ticket was filed for; `None` for an entry from before version 2, which goes
    /// only to the policy's own endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not before this time (Unix ms); 0 = now.
    pub next_at_ms: i64,
    /// The last failure, for the person (`None` until the first attempt fails).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<LastFailure>,
    /// A 4xx: the sender leaves the entry alone until the person acts.
    #[serde(default)]
    pub held: bool,
}

/// The last failure as stored: enough to show it again after a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastFailure {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl From<&Failure> for LastFailure {
    fn from(f: &Failure) -> LastFailure {
        let (kind, status, seconds, message) = match f {
            Failure::Offline => ("offline", None, None, None),
            Failure::Unreachable => ("unreachable", None, None, None),
            Failure::Cors => ("cors", None, None, None),
            Failure::Dropped => ("dropped", None, None, None),
            Failure::Timeout { seconds } => ("timeout", None, Some(*seconds), None),
            Failure::Server { status } => ("server", Some(*status), None, None),
            Failure::Busy {
                status,
                retry_after,
            } => (
                "busy",
                Some(*status),
                retry_after.map(|d| d.as_secs()),
                None,
            ),
            Failure::TooLarge => ("too_large", Some(413), None, None),
            Failure::Rejected { status, message } => {
                ("rejected", Some(*status), None, Some(message.clone()))
            }
        };
        LastFailure {
            kind: kind.into(),
            status,
            seconds,
            message,
        }
    }
}

impl LastFailure {
    /// Back to a [`Failure`]; an unknown kind (written by a newer widget) reads as a server fault.
    pub fn failure(&self) -> Failure {
        let status = self.status.unwrap_or(500);
        match self.kind.as_str() {
            "offline" => Failure::Offline,
            "unreachable" => Failure::Unreachable,
            "cors" => Failure::Cors,
            "dropped" => Failure::Dropped,
            "timeout" => Failure::Timeout {
                seconds: self.seconds.unwrap_or(0),
            },
            "busy" => Failure::Busy {
                status,
                retry_after: self.seconds.map(std::time::Duration::from_secs),
            },
            "too_large" => Failure::TooLarge,
            "rejected" => Failure::Rejected {
                status,
                message: self.message.clone().unwrap_or_default(),
            },
            _ => Failure::Server { status },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("the outbox entry is not valid JSON for version {OUTBOX_VERSION}: {0}")]
    Malformed(String),
    #[error("the outbox entry is version {0}; this widget reads version {OUTBOX_VERSION} (a newer widget wrote it)")]
    Newer(u32),
    #[error("the outbox entry holds an invalid ticket: {0}")]
    Ticket(String),
}

impl Entry {
    /// A fresh entry for `endpoint` (an absolute URL), due at once.
    pub fn new(ticket: Ticket, endpoint: &str) -> Entry {
        Entry {
            v: OUTBOX_VERSION,
            ticket,
            endpoint: Some(endpoint.to_string()),
            attempts: 0,
            next_at_ms: 0,
            last: None,
            held: false,
        }
    }

    /// Whether a sender posting to `endpoint` may send this entry: only to the endpoint it was filed for.
    /// An entry from before entries named theirs goes only to `policy_endpoint`, the policy's own (never
    /// to a host page's override, which may not be the one it was filed for). Both are absolute URLs.
    pub fn goes_to(&self, endpoint: &str, policy_endpoint: &str) -> bool {
        self.endpoint.as_deref().unwrap_or(policy_endpoint) == endpoint
    }

    pub fn due(&self, now_ms: i64) -> bool {
        !self.held && self.next_at_ms <= now_ms
    }

    /// The entry after `failure` at `now_ms`; `random` in [0, 1) jitters the delay.
    pub fn failed(
        mut self,
        failure: &Failure,
        now_ms: i64,
        random: f64,
        backoff: Backoff,
    ) -> Entry {
        self.last = Some(LastFailure::from(failure));
        match failure.retry() {
            Retry::AfterEdit => self.held = true,
            Retry::Automatically { not_before } => {
                let delay = backoff.delay(self.attempts, random, not_before);
                self.next_at_ms =
                    now_ms.saturating_add(delay.as_millis().min(i64::MAX as u128) as i64);
            }
        }
        self.attempts = self.attempts.saturating_add(1);
        self
    }

    /// "Retry now": due at once, and a held entry is released (the person chose to try again).
    pub fn nudged(mut self) -> Entry {
        self.next_at_ms = 0;
        self.held = false;
        self
    }
}

/// The entry as stored: what serde_json writes for the derive, written by hand ([`crate::json::write`]).
pub fn encode(entry: &Entry) -> String {
    entry.to_json()
}

/// Reads a stored entry. Version 0 — a bare ticket, as the first widget stored it — is upgraded.
pub fn decode(raw: &str) -> Result<Entry, EntryError> {
    let malformed = |e: String| EntryError::Malformed(e);
    let v = crate::json::parse(raw).map_err(|e| malformed(e.to_string()))?;
    if v.as_object().is_none() {
        return Err(malformed("expected an object".into()));
    }
    let present = |key: &str| v.get(key).is_some_and(|x| !x.is_null());
    let version = match v.get("v") {
        None | Some(Value::Null) => None,
        Some(n) => Some(
            n.as_u64()
                .ok_or_else(|| malformed("`v`: expected a whole number".into()))?,
        ),
    };
    let entry = match version {
        // A bare ticket, as the first widget stored it (a ticket from before format v1, with `format`
        // where v1 has `schema`, does not parse and is set aside like any unreadable entry).
        None if present("schema") || present("format") => Entry {
            endpoint: None,
            ..Entry::new(
                crate::ticket::read::ticket(&v).map_err(|e| malformed(e.to_string()))?,
                "",
            )
        },
        Some(n) if n > u64::from(OUTBOX_VERSION) => {
            return Err(EntryError::Newer(u32::try_from(n).unwrap_or(u32::MAX)))
        }
        _ => entry(&v).map_err(|e| malformed(e.to_string()))?,
    };
    // Only what the outbox itself relies on: the id names the entry and is the Idempotency-Key. Whether the
    // content is acceptable is the endpoint's to say (its limits may differ from the reference receiver's).
    if !crate::ticket::valid_id(&entry.ticket.id) {
        return Err(EntryError::Ticket(format!(
            "the id {} is not 8–64 letters, digits, '-' or '_'",
            crate::json::Quoted(&entry.ticket.id)
        )));
    }
    Ok(entry)
}

/// An entry as [`encode`] writes it (strict, like the derived reader it replaces in the widget).
fn entry(v: &Value) -> Read<Entry> {
    let f = Fields::of(
        v,
        &[
            "v",
            "ticket",
            "endpoint",
            "attempts",
            "next_at_ms",
            "last",
            "held",
        ],
    )?;
    let v = f.req("v", whole::<u32>)?;
    Ok(Entry {
        v,
        ticket: f.req("ticket", crate::ticket::read::ticket)?,
        // Version 1 had none; from version 2 on it is required, so an entry cannot lose it silently.
        endpoint: if v < 2 {
            f.opt("endpoint", string)?
        } else {
            Some(f.req("endpoint", string)?)
        },
        attempts: f.req("attempts", whole::<u32>)?,
        next_at_ms: f.req("next_at_ms", int)?,
        last: f.opt("last", last_failure)?,
        held: f.or_default("held", boolean)?,
    })
}

/// Keys it does not know are ignored: a newer widget may say more about a failure.
fn last_failure(v: &Value) -> Read<LastFailure> {
    let f = Fields::any(v)?;
    Ok(LastFailure {
        kind: f.req("kind", string)?,
        status: f.opt("status", whole::<u16>)?,
        seconds: f.opt("seconds", whole::<u64>)?,
        message: f.opt("message", string)?,
    })
}

/// The entries to send now, oldest ticket first (`created_at`, then id, so every tab agrees). The caller
/// passes only the entries that go to its endpoint ([`Entry::goes_to`]).
pub fn due_order(entries: &[Entry], now_ms: i64) -> Vec<&Entry> {
    let mut due: Vec<&Entry> = entries.iter().filter(|e| e.due(now_ms)).collect();
    due.sort_by(|a, b| {
        (&a.ticket.created_at, &a.ticket.id).cmp(&(&b.ticket.created_at, &b.ticket.id))
    });
    due
}

/// When the sender should next look, if nothing wakes it sooner.
pub fn next_wake_ms(entries: &[Entry]) -> Option<i64> {
    entries
        .iter()
        .filter(|e| !e.held)
        .map(|e| e.next_at_ms)
        .min()
}

/// The ticket as plain text, for copying into any channel: summary, level, answers, targets and details
/// in the policy's words, then the attachments, context, redaction counts and the identifiers support needs.
pub fn ticket_text(policy: &Policy, ticket: &Ticket) -> String {
    let mut out = Vec::new();
    let line = |key: UiString, value: &str| policy.text(key, &[("value", value)]);
    out.push(line(UiString::TextSummary, &ticket.summary));
    out.push(line(UiString::TextLevel, &ticket.level.name));
    if let Some(j) = &ticket.level.justification {
        out.push(line(UiString::TextJustification, j));
    }
    if let Some(t) = &ticket.request_type {
        let name = policy
            .type_ix(t)
            .map_or(t.as_str(), |i| &policy.request_types[i].name);
        out.push(line(UiString::TextType, name));
    }
    if let Some(p) = &ticket.plan {
        let name = policy
            .plan_ix(p)
            .map_or(p.as_str(), |i| &policy.plans[i].name);
        out.push(line(UiString::TextPlan, name));
    }
    for a in &ticket.answers {
        out.push(format!("{}: {}", a.question_text, a.option_label));
    }
    for t in [&ticket.first_response, &ticket.resolution]
        .into_iter()
        .flatten()
    {
        out.push(match &t.due {
            Some(due) => format!("{} ({due})", t.text),
            None => t.text.clone(),
        });
    }
    for (k, v) in &ticket.details {
        let label = policy
            .fields
            .iter()
            .find(|f| &f.id == k)
            .map_or(k.as_str(), |f| &f.label);
        out.push(format!("{label}:\n{v}"));
    }
    for a in &ticket.attachments {
        out.push(format!("{} ({} bytes):\n{}", a.name, a.size, a.text));
    }
    for (k, v) in &ticket.context {
        out.push(format!("{k}: {v}"));
    }
    for (k, n) in &ticket.redactions {
        out.push(format!("[REDACTED:{k}] ×{n}"));
    }
    out.push(line(UiString::TextSubmitted, &ticket.created_at));
    out.push(line(UiString::TextId, &ticket.id));
    out.join("\n")
}

/// The first email address in a contact text such as "Email support@acme.example." (`mailto:` stripped,
/// trailing punctuation dropped).
pub fn email_address(contact: &str) -> Option<String> {
    contact
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';'))
        .map(|w| w.trim_start_matches("mailto:"))
        .map(|w| w.trim_end_matches(['.', ':', '!', '?']))
        .find(|w| {
            w.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !host.starts_with('.')
            })
        })
        .map(str::to_string)
}

/// Longest body put into a `mailto:` link; mail clients and browsers cut longer URLs unpredictably.
pub const MAX_MAIL_BODY_CHARS: usize = 1_800;

/// Longest summary put into the subject line.
pub const MAX_MAIL_SUBJECT_CHARS: usize = 100;

/// A `mailto:` URL (RFC 6068) to the policy's fallback contact with the ticket as the body, or `None` when
/// the fallback contact names no email address.
pub fn mailto(policy: &Policy, ticket: &Ticket) -> Option<String> {
    let to = email_address(&policy.fallback_contact)?;
    let mut summary: String = ticket
        .summary
        .chars()
        .take(MAX_MAIL_SUBJECT_CHARS)
        .collect();
    if summary.len() < ticket.summary.len() {
        summary.push('…');
    }
    let subject = policy.text(
        UiString::MailSubject,
        &[("level", &ticket.level.name), ("summary", &summary)],
    );
    let mut body = ticket_text(policy, ticket);
    if body.chars().count() > MAX_MAIL_BODY_CHARS {
        body = body.chars().take(MAX_MAIL_BODY_CHARS).collect();
        body.push_str("\n…\n");
        body.push_str(&policy.string(UiString::MailTruncated));
    }
    Some(format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(&to).replace("%40", "@"),
        percent_encode(&subject),
        percent_encode(&body.replace('\n', "\r\n"))
    ))
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

mod records;
mod write;

pub use records::{Lease, Receipt};

#[cfg(test)]
mod tests;
