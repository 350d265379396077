//! Support policies: the file format, loading with precise errors, and the validated model.
//!
//! `load` is the only way to get a [`Policy`]: it refuses oversized input, reports JSON syntax errors
//! where they are, then reports every structural and cross-reference mistake at once, each with its path
//! and line:column, so an integrator fixes a policy in one pass rather than one error per run.

pub mod format;
pub mod model;
mod position;
mod validate;

use std::fmt;

pub use format::{PolicyFile, UiString};
pub use model::*;
use position::{join_index, join_key, Positions};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::time::Zones;

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
}

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

/// Parses and validates a policy. `zones` checks that the calendars' time zones exist.
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
    let pos = position::index(text);
    let mut errors: Vec<PolicyError> = pos
        .duplicates
        .iter()
        .map(|(path, line, column)| PolicyError {
            path: path.clone(),
            line: *line,
            column: *column,
            message: "this key appears twice in the same object; only one is allowed".into(),
        })
        .collect();
    match serde_path_to_error::deserialize::<_, PolicyFile>(&value) {
        Ok(raw) => match validate::validate(&raw, &pos, zones) {
            Ok(policy) if errors.is_empty() => Ok(policy),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        },
        Err(_) => {
            structural_errors(&value, &pos, &mut errors);
            Err(errors)
        }
    }
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// Deserializes each top-level field (and each element of list fields) on its own, so that one broken
/// level does not hide a broken plan.
fn structural_errors(value: &Value, pos: &Positions, errors: &mut Vec<PolicyError>) {
    use format::*;
    let Some(obj) = value.as_object() else {
        errors.push(PolicyError {
            path: String::new(),
            line: 1,
            column: 1,
            message: "a policy is a JSON object ({ … })".into(),
        });
        return;
    };
    const REQUIRED: [&str; 7] = [
        "id",
        "vendor",
        "levels",
        "default_level",
        "plans",
        "endpoint",
        "fallback_contact",
    ];
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
        "endpoint",
        "fallback_contact",
        "escalation",
        "tips",
        "notes",
        "strings",
        "",
    ];
    for name in REQUIRED {
        if !obj.contains_key(name) {
            errors.push(PolicyError {
                path: String::new(),
                line: 1,
                column: 1,
                message: format!("missing field `{name}`"),
            });
        }
    }
    for (key, v) in obj {
        match key.as_str() {
            "levels" => list::<LevelDef>(key, v, pos, errors),
            "request_types" => list::<RequestTypeDef>(key, v, pos, errors),
            "questions" => list::<QuestionDef>(key, v, pos, errors),
            "plans" => list::<PlanDef>(key, v, pos, errors),
            "channels" => list::<ChannelDef>(key, v, pos, errors),
            "fields" => list::<FieldDef>(key, v, pos, errors),
            "escalation" => list::<EscalationStepDef>(key, v, pos, errors),
            "tips" | "notes" => list::<String>(key, v, pos, errors),
            "$schema" | "source" | "default_plan" => check::<Option<String>>(key, v, pos, errors),
            "id" | "vendor" | "default_level" | "fallback_contact" => {
                check::<String>(key, v, pos, errors)
            }
            "decision" => check::<DecisionDef>(key, v, pos, errors),
            "calendars" => match v.as_object() {
                Some(m) => {
                    for (id, cal) in m {
                        check::<CalendarDef>(&join_key(key, id), cal, pos, errors);
                    }
                }
                None => {
                    check::<std::collections::BTreeMap<String, CalendarDef>>(key, v, pos, errors)
                }
            },
            "endpoint" => check::<EndpointDef>(key, v, pos, errors),
            "strings" => check::<std::collections::BTreeMap<UiString, String>>(key, v, pos, errors),
            other => {
                let (line, column) = pos.key(&join_key("", other));
                let known: Vec<String> = KNOWN
                    .iter()
                    .filter(|k| !k.is_empty())
                    .map(|k| format!("`{k}`"))
                    .collect();
                errors.push(PolicyError {
                    path: join_key("", other),
                    line,
                    column,
                    message: format!(
                        "unknown field `{other}`, expected one of {}",
                        known.join(", ")
                    ),
                });
            }
        }
    }
}

fn list<T: DeserializeOwned>(key: &str, v: &Value, pos: &Positions, errors: &mut Vec<PolicyError>) {
    match v.as_array() {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                check::<T>(&join_index(key, i), item, pos, errors);
            }
        }
        None => check::<Vec<T>>(key, v, pos, errors),
    }
}

fn check<T: DeserializeOwned>(
    base: &str,
    v: &Value,
    pos: &Positions,
    errors: &mut Vec<PolicyError>,
) {
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
    let (line, column) = match message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        Some(field) if !path.ends_with(field) => {
            path = join_key(&path, field);
            pos.key(&path)
        }
        Some(_) => pos.key(&path),
        None => pos.value(&path),
    };
    errors.push(PolicyError {
        path,
        line,
        column,
        message,
    });
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
    let schema = schemars::schema_for!(PolicyFile);
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}
