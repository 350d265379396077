//! Loading a policy source file: JSON syntax, then the file's shape (serde), then the validator, every
//! error with its path and line:column.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::format::{self, PolicyFile, UiString};
use super::limits;
use super::position::{self, join_index, join_key, Anchor};
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

/// Parses and validates a policy. `zones` checks that the calendars' time zones exist.
///
/// Time and memory are proportional to the input's size (see `examples/adversarial.rs`).
pub fn load(text: &str, zones: &dyn Zones) -> Result<Policy, Vec<PolicyError>> {
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
    match serde_path_to_error::deserialize::<_, PolicyFile>(&value) {
        Ok(raw) => match validate::validate(&raw, zones) {
            Ok(mut policy) if errors.is_empty() => {
                policy.version = crate::hash::content_version(text);
                Ok(policy)
            }
            Ok(_) => Err(finish(text, errors)),
            Err(more) => {
                errors.extend(more);
                Err(finish(text, errors))
            }
        },
        Err(_) => {
            structural_errors(&value, &mut errors);
            Err(finish(text, errors))
        }
    }
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// The file's required top-level fields; a test checks them against [`PolicyFile`]'s schema.
const REQUIRED: [&str; 7] = [
    "id",
    "vendor",
    "levels",
    "default_level",
    "plans",
    "endpoint",
    "fallback_contact",
];
/// Every top-level field of [`PolicyFile`]; a test checks this list against its schema.
const KNOWN: [&str; 21] = [
    "$schema",
    "id",
    "vendor",
    "source",
    "levels",
    "default_level",
    "request_types",
    "questions",
    "decision",
    "calendars",
    "plans",
    "default_plan",
    "channels",
    "fields",
    "collect",
    "endpoint",
    "fallback_contact",
    "escalation",
    "tips",
    "notes",
    "strings",
];

/// Deserializes each top-level field (and each element of list fields) on its own, so that one broken
/// level does not hide a broken plan.
fn structural_errors(value: &Value, errors: &mut Vec<Pending>) {
    use format::*;
    let Some(obj) = value.as_object() else {
        errors.push(Pending::new(
            "",
            Anchor::Value,
            "a policy is a JSON object ({ … })",
        ));
        return;
    };
    for name in REQUIRED {
        if !obj.contains_key(name) {
            errors.push(Pending::new(
                "",
                Anchor::Value,
                format!("missing field `{name}`"),
            ));
        }
    }
    for (key, v) in obj {
        match key.as_str() {
            "levels" => list::<LevelDef>(key, v, errors),
            "request_types" => list::<RequestTypeDef>(key, v, errors),
            "questions" => list::<QuestionDef>(key, v, errors),
            "plans" => list::<PlanDef>(key, v, errors),
            "channels" => list::<ChannelDef>(key, v, errors),
            "fields" => list::<FieldDef>(key, v, errors),
            "escalation" => list::<EscalationStepDef>(key, v, errors),
            "tips" | "notes" => list::<String>(key, v, errors),
            "$schema" | "source" | "default_plan" => check::<Option<String>>(key, v, errors),
            "id" | "vendor" | "default_level" | "fallback_contact" => {
                check::<String>(key, v, errors)
            }
            "decision" => check::<DecisionDef>(key, v, errors),
            "calendars" => match v.as_object() {
                Some(m) => {
                    for (id, cal) in m {
                        check::<CalendarDef>(&join_key(key, id), cal, errors);
                    }
                }
                None => check::<std::collections::BTreeMap<String, CalendarDef>>(key, v, errors),
            },
            "endpoint" => check::<EndpointDef>(key, v, errors),
            "collect" => check::<CollectDef>(key, v, errors),
            "strings" => check::<std::collections::BTreeMap<UiString, String>>(key, v, errors),
            other => {
                let known: Vec<String> = KNOWN.iter().map(|k| format!("`{k}`")).collect();
                errors.push(Pending::new(
                    &join_key("", other),
                    Anchor::Key,
                    format!(
                        "unknown field `{other}`, expected one of {}",
                        known.join(", ")
                    ),
                ));
            }
        }
    }
}

fn list<T: DeserializeOwned>(key: &str, v: &Value, errors: &mut Vec<Pending>) {
    match v.as_array() {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                check::<T>(&join_index(key, i), item, errors);
            }
        }
        None => check::<Vec<T>>(key, v, errors),
    }
}

fn check<T: DeserializeOwned>(base: &str, v: &Value, errors: &mut Vec<Pending>) {
    if errors.len() > limits::MAX_ERRORS {
        return;
    }
    let Err(e) = serde_path_to_error::deserialize::<_, T>(v) else {
        return;
    };
    let mut path = base.to_string();
    for seg in e.path().iter() {
        path = match seg {
            serde_path_to_error::Segment::Seq { index } => join_index(&path, *index),
            serde_path_to_error::Segment::Map { key } => join_key(&path, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {
                path
            }
        };
    }
    let message = friendly(&e.inner().to_string());
    let anchor = match message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        Some(field) if !path.ends_with(field) => {
            path = join_key(&path, field);
            Anchor::Key
        }
        Some(_) => Anchor::Key,
        None => Anchor::Value,
    };
    Pending::push(errors, &path, anchor, message);
}

/// serde's messages for untagged enums say nothing useful; say what is expected instead.
fn friendly(msg: &str) -> String {
    if msg.contains("untagged enum OneOrMany") {
        "expected an option id or a list of option ids".into()
    } else if msg.contains("untagged enum Scope") {
        "expected true, false, or {\"types\": [...], \"levels\": [...]}".into()
    } else {
        msg.to_string()
    }
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
mod tests {
    use super::*;

    /// The hand-written field lists and match arms in `structural_errors` follow the struct: every
    /// field of `PolicyFile` (as its schema lists them) is known, the required ones are required, and a
    /// field of the wrong type is reported at its own path, never as unknown.
    #[test]
    fn the_field_lists_follow_the_struct() {
        let schema = serde_json::to_value(schemars::schema_for!(PolicyFile)).unwrap();
        let mut properties: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let (mut known, mut req) = (KNOWN.to_vec(), REQUIRED.to_vec());
        for v in [&mut properties, &mut required, &mut known, &mut req] {
            v.sort_unstable();
        }
        assert_eq!(known, properties);
        assert_eq!(req, required);
        for field in properties {
            let mut errors = Vec::new();
            structural_errors(&serde_json::json!({ field: 12345 }), &mut errors);
            assert!(
                errors
                    .iter()
                    .any(|e| e.path == field && !e.message.starts_with("unknown field")),
                "{field}: {errors:?}"
            );
        }
    }
}
