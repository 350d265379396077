//! Idempotency as draft-ietf-httpapi-idempotency-key-header describes it, for the one operation that needs
//! it (filing a ticket). The key is the ticket's own `id`: the widget sends it again as `Idempotency-Key`,
//! and a client that omits the header still gets the same guarantee, because the key travels in the body.
//!
//! Three answers come from here: a retry of a stored ticket (same key, same fingerprint) gets the first
//! reference; a different ticket under a used key is refused (422); and a retry that arrives while the
//! first request is still being processed is told to come back (409), so two requests never race to
//! answer for one key.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use triage_core::ticket::Ticket;

use super::problem::Problem;

pub const HEADER: &str = "idempotency-key";

/// SHA-256 of the ticket re-serialised, so whitespace and key order in the posted JSON do not matter but
/// any change of content does.
pub fn fingerprint(ticket: &Ticket) -> String {
    let canonical = serde_json::to_vec(ticket).expect("a ticket always serialises");
    Sha256::digest(&canonical)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key for this request: the `Idempotency-Key` header if present (a Structured Field string, or the
/// bare value many clients send), which must then equal the ticket id; else the ticket id.
pub fn key_for(headers: &HeaderMap, ticket: &Ticket) -> Result<String, Problem> {
    let mut values = headers.get_all(HEADER).iter();
    let Some(value) = values.next() else {
        return Ok(ticket.id.clone());
    };
    let invalid = |detail: String| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "idempotency-key-invalid",
            "Idempotency-Key is invalid",
            detail,
        )
    };
    if values.next().is_some() {
        return Err(invalid(
            "send one Idempotency-Key header, not several".into(),
        ));
    }
    let raw = value
        .to_str()
        .map_err(|_| invalid("Idempotency-Key must be visible ASCII".into()))?
        .trim();
    let key = parse_key(raw).ok_or_else(|| {
        invalid(format!(
            "Idempotency-Key {raw:?} is neither a quoted string nor a bare key"
        ))
    })?;
    if key != ticket.id {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-mismatch",
            "Idempotency-Key does not match the ticket",
            format!(
                "Idempotency-Key is {key:?} but the ticket id is {:?}; send the ticket id as the key",
                ticket.id
            ),
        ));
    }
    Ok(key)
}

/// `"abc"` (RFC 8941 sf-string, with `\"` and `\\` escapes) or a bare `abc`.
fn parse_key(raw: &str) -> Option<String> {
    let Some(inner) = raw.strip_prefix('"') else {
        let bare = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_graphic() && b != b'"');
        return bare.then(|| raw.to_string());
    };
    let inner = inner.strip_suffix('"')?;
    let mut key = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                e @ ('"' | '\\') => key.push(e),
                _ => return None,
            },
            '"' => return None,
            c if c == ' ' || c.is_ascii_graphic() => key.push(c),
            _ => return None,
        }
    }
    (!key.is_empty()).then_some(key)
}

/// Keys whose request is between "arrived" and "answered".
#[derive(Default)]
pub struct InFlight(Mutex<HashSet<String>>);

/// Holding a key; dropping it (answered, or the connection went away) lets the next retry in.
pub struct Claim {
    set: Arc<InFlight>,
    key: String,
}

impl InFlight {
    pub fn claim(self: &Arc<Self>, key: &str) -> Result<Claim, Problem> {
        let mut keys = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !keys.insert(key.to_string()) {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "idempotency-key-in-use",
                "A request is outstanding for this Idempotency-Key",
                format!("ticket {key} is still being processed; retry shortly with the same key"),
            )
            .retry_after(1));
        }
        Ok(Claim {
            set: Arc::clone(self),
            key: key.to_string(),
        })
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut keys = self.set.0.lock().unwrap_or_else(|p| p.into_inner());
        keys.remove(&self.key);
    }
}

/// A different ticket under a key already stored.
pub fn reused(key: &str) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
        "Idempotency-Key is already used",
        format!("ticket {key} was already filed with different content; a changed ticket needs a new id"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_structured_strings_or_bare() {
        assert_eq!(parse_key(r#""abc-123""#).as_deref(), Some("abc-123"));
        assert_eq!(parse_key("abc-123").as_deref(), Some("abc-123"));
        assert_eq!(parse_key(r#""a\"b""#).as_deref(), Some("a\"b"));
        assert_eq!(parse_key(r#""unterminated"#), None);
        assert_eq!(parse_key(r#""bad\escape""#), None);
        assert_eq!(parse_key(r#""""#), None);
        assert_eq!(parse_key(""), None);
    }

    #[test]
    fn a_claimed_key_is_refused_until_released() {
        let set = Arc::new(InFlight::default());
        let first = set.claim("k").unwrap();
        assert_eq!(set.claim("k").err().unwrap().status, StatusCode::CONFLICT);
        assert!(set.claim("other").is_ok());
        drop(first);
        assert!(set.claim("k").is_ok());
    }
}
