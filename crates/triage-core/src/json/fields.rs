//! Typed reading over a parsed [`Value`], for the stored types the widget reads back (outbox entries,
//! tickets, drafts, prefills): plain functions instead of derived deserializers, so each type costs a few
//! calls, not a generated state machine. An error names the field (`ticket.answers[2].option`), and, as
//! with serde's `deny_unknown_fields`, a key the type does not know is an error too.

use std::fmt;

use super::Value;
use crate::maps::SortedMap;

/// Where a document does not have the expected shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// `ticket.answers[2].option`; empty for the document itself.
    pub path: String,
    pub problem: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        f.write_str(&self.problem)
    }
}

impl std::error::Error for FieldError {}

pub type Read<T> = Result<T, FieldError>;

fn expected<T>(what: &str) -> Read<T> {
    Err(FieldError {
        path: String::new(),
        problem: format!("expected {what}"),
    })
}

/// Adds `segment` (a key, or `[i]`) in front of the error's path.
fn under<T>(r: Read<T>, segment: &str) -> Read<T> {
    r.map_err(|mut e| {
        if !e.path.is_empty() && !e.path.starts_with('[') {
            e.path.insert(0, '.');
        }
        e.path.insert_str(0, segment);
        e
    })
}

/// The members of an object, read by name.
pub struct Fields<'a> {
    members: &'a SortedMap<String, Value>,
}

impl<'a> Fields<'a> {
    /// `v` as an object whose keys are all among `known`.
    pub fn of(v: &'a Value, known: &[&str]) -> Read<Fields<'a>> {
        let Value::Object(members) = v else {
            return expected("an object");
        };
        if let Some(k) = members.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(FieldError {
                path: String::new(),
                problem: format!(
                    "unknown field `{k}`, expected one of `{}`",
                    known.join("`, `")
                ),
            });
        }
        Ok(Fields { members })
    }

    /// `v` as an object, whatever other keys it has.
    pub fn any(v: &'a Value) -> Read<Fields<'a>> {
        match v {
            Value::Object(members) => Ok(Fields { members }),
            _ => expected("an object"),
        }
    }

    /// A field that must be there.
    pub fn req<T>(&self, key: &str, read: impl FnOnce(&'a Value) -> Read<T>) -> Read<T> {
        match self.members.get(key) {
            Some(v) => under(read(v), key),
            None => Err(FieldError {
                path: String::new(),
                problem: format!("missing field `{key}`"),
            }),
        }
    }

    /// A field that may be missing or null.
    pub fn opt<T>(&self, key: &str, read: impl FnOnce(&'a Value) -> Read<T>) -> Read<Option<T>> {
        match self.members.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => under(read(v), key).map(Some),
        }
    }

    /// A field that may be missing (then `T::default()`), but not null.
    pub fn or_default<T: Default>(
        &self,
        key: &str,
        read: impl FnOnce(&'a Value) -> Read<T>,
    ) -> Read<T> {
        match self.members.get(key) {
            None => Ok(T::default()),
            Some(v) => under(read(v), key),
        }
    }
}

pub fn string(v: &Value) -> Read<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => expected("a string"),
    }
}

pub fn boolean(v: &Value) -> Read<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => expected("true or false"),
    }
}

/// A whole number from 0 to `T::MAX`.
pub fn whole<T: TryFrom<u64>>(v: &Value) -> Read<T> {
    match v.as_u64().map(T::try_from) {
        Some(Ok(n)) => Ok(n),
        _ => expected("a whole number in range"),
    }
}

/// A whole number in `i64`'s range.
pub fn int(v: &Value) -> Read<i64> {
    match v.as_i64() {
        Some(n) => Ok(n),
        None => expected("a whole number in range"),
    }
}

pub fn list<'a, T>(v: &'a Value, mut read: impl FnMut(&'a Value) -> Read<T>) -> Read<Vec<T>> {
    let Value::Array(items) = v else {
        return expected("a list");
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(under(read(item), &format!("[{i}]"))?);
    }
    Ok(out)
}

/// An object read as a map from its keys to `read` of each value.
pub fn map<'a, T>(
    v: &'a Value,
    mut read: impl FnMut(&'a Value) -> Read<T>,
) -> Read<SortedMap<String, T>> {
    let Value::Object(members) = v else {
        return expected("an object");
    };
    let mut out = SortedMap::new();
    for (k, item) in members.iter() {
        out.insert(k.clone(), under(read(item), k)?);
    }
    Ok(out)
}

/// A whole document: JSON syntax first, then `read`; either error as one line.
pub fn parse_with<T>(text: &str, read: impl FnOnce(&Value) -> Read<T>) -> Result<T, String> {
    let v = super::parse(text).map_err(|e| e.to_string())?;
    read(&v).map_err(|e| e.to_string())
}
