//! Loading a policy source file: JSON syntax, then the file's shape (serde, read leniently so that one
//! mistake does not hide the others), then the validator; every error with its path and line:column,
//! all of them in one run, in the order they appear in the file.

use std::fmt;

use serde_json::Value;

use super::format::{PolicyFile, UiString};
use super::lenient;
use super::limits;
use super::position::{self, Anchor};
use super::validate;
use super::Policy;
use crate::time::Zones;

/// One mistake in a policy file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PolicyError {
    /// Where, as a path like `plans[0].targets.p1.first_response` (empty for the whole file).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(policy)"
        } else {
            &self.path
        };
        write!(f, "{}:{}: {path}: {}", self.line, self.column, self.message)
    }
}

/// An error before its line:column is known: positions are looked up for all errors in one pass.
#[derive(Debug)]
pub(crate) struct Pending {
    pub(super) path: String,
    pub(super) anchor: Anchor,
    pub(super) at: Option<(usize, usize)>,
    pub(super) message: String,
}

impl Pending {
    pub(crate) fn new(path: &str, anchor: Anchor, message: impl Into<String>) -> Pending {
        Pending {
            path: path.to_string(),
            anchor,
            at: None,
            message: message.into(),
        }
    }

    /// Adds an error unless the list is already past the reporting limit (so that a file of a
    /// million mistakes costs no more memory than one of a few hundred).
    pub(crate) fn push(
        list: &mut Vec<Pending>,
        path: &str,
        anchor: Anchor,
        message: impl Into<String>,
    ) {
        if list.len() <= limits::MAX_ERRORS {
            list.push(Pending::new(path, anchor, message));
        }
    }
}

/// Cuts the list to [`limits::MAX_ERRORS`], shortens long messages, and finds every position.
fn finish(text: &str, mut pending: Vec<Pending>) -> Vec<PolicyError> {
    let more = pending.len() > limits::MAX_ERRORS;
    pending.truncate(limits::MAX_ERRORS);
    let wanted: Vec<(&str, Anchor)> = pending
        .iter()
        .filter(|p| p.at.is_none())
        .map(|p| (p.path.as_str(), p.anchor))
        .collect();
    let mut found = position::locate(text, &wanted).into_iter();
    let mut errors: Vec<PolicyError> = pending
        .into_iter()
        .map(|p| {
            let (line, column) = p.at.or_else(|| found.next()).unwrap_or((1, 1));
            let mut message = p.message;
            if let Some((cut, _)) = message.char_indices().nth(limits::MAX_MESSAGE_CHARS) {
                message.truncate(cut);
                message.push('…');
            }
            PolicyError {
                path: p.path,
                line,
                column,
                message,
            }
        })
        .collect();
    // In the order they appear in the file, as an editor lists them (a stable sort keeps the order of
    // several at one place).
    errors.sort_by_key(|e| (e.line, e.column));
    if more {
        errors.push(PolicyError {
            path: String::new(),
            line: 1,
            column: 1,
            message: format!(
                "more errors not shown (at most {} are listed); fix these first",
                limits::MAX_ERRORS
            ),
        });
    }
    errors
}

/// A valid policy, and notes about it that are not mistakes (see `docs/policy.md`).
#[derive(Debug)]
pub struct Loaded {
    pub policy: Policy,
    /// Things worth a second look, each with its path and position; `triage check` prints them.
    pub notes: Vec<PolicyError>,
}

/// Parses and validates a policy. `zones` checks that the calendars' time zones exist.
///
/// Time and memory are proportional to the input's size (see `examples/adversarial.rs`).
pub fn load(text: &str, zones: &dyn Zones) -> Result<Policy, Vec<PolicyError>> {
    load_with_notes(text, zones).map(|l| l.policy)
}

/// [`load`], keeping the notes.
pub fn load_with_notes(text: &str, zones: &dyn Zones) -> Result<Loaded, Vec<PolicyError>> {
    let at_start = |message: String| {
        vec![PolicyError {
            path: String::new(),
            line: 1,
            column: 1,
            message,
        }]
    };
    if text.len() > limits::MAX_POLICY_BYTES {
        return Err(at_start(format!(
            "the policy is {} bytes; the limit is {} bytes",
            text.len(),
            limits::MAX_POLICY_BYTES
        )));
    }
    if text.trim().is_empty() {
        return Err(at_start(
            "the file is empty; a policy is a JSON object ({ … }): see docs/policy.md".into(),
        ));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![PolicyError {
                path: String::new(),
                line: e.line().max(1),
                column: e.column().max(1),
                message: format!("not valid JSON: {}", strip_position(&e.to_string())),
            }])
        }
    };
    let scan = position::scan(text);
    if let Some((bytes, line, column)) = scan.long_key {
        return Err(vec![PolicyError {
            path: String::new(),
            line,
            column,
            message: format!(
                "a key of {bytes} bytes; keys in a policy are ids and field names of at most {} bytes",
                position::MAX_KEY_BYTES
            ),
        }]);
    }
    if !value.is_object() {
        return Err(at_start("a policy is a JSON object ({ … })".into()));
    }
    let mut errors: Vec<Pending> = scan
        .duplicates
        .into_iter()
        .map(|(path, line, column)| Pending {
            path,
            anchor: Anchor::Key,
            at: Some((line, column)),
            message: "this key appears twice in the same object; only one is allowed".into(),
        })
        .collect();
    // Mistakes in the file's shape are collected, not fatal: the rest of the file is still validated.
    let shape = lenient::read::<PolicyFile>(&value);
    errors.extend(shape.errors);
    let Some(raw) = shape.file else {
        return Err(finish(text, errors));
    };
    match validate::validate(&raw, zones, &shape.broken) {
        Ok((mut policy, notes)) if errors.is_empty() => {
            policy.version = crate::hash::content_version(text);
            Ok(Loaded {
                policy,
                notes: finish(text, notes),
            })
        }
        Ok(_) => Err(finish(text, errors)),
        Err(more) => {
            errors.extend(more);
            Err(finish(text, errors))
        }
    }
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// The JSON Schema of the policy format, pretty-printed; `public/policy.schema.json` must equal it.
#[cfg(feature = "schema")]
pub fn schema_json() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(PolicyFile)).expect("a schema");
    // A map keyed by an enum comes out as "any key": name the keys, so editors complete and check them.
    if let Some(strings) = schema.pointer_mut("/properties/strings") {
        strings["propertyNames"] = serde_json::json!({
            "enum": UiString::ALL
                .iter()
                .map(|k| serde_json::to_value(k).expect("a key"))
                .collect::<Vec<_>>()
        });
    }
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

#[cfg(all(test, feature = "schema"))]
mod tests;
