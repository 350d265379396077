//! Reads a policy file's shape without stopping at the first mistake, so that the validator can still
//! check the rest of the file in the same run.
//!
//! Why: serde stops at the first unknown field, missing field or value of the wrong type, and that one
//! mistake hid every other one until it was fixed (fix, rerun, discover the next). This deserializer
//! walks the parsed JSON tree for serde and, instead of failing, notes the mistake and carries on:
//! - an unknown field is reported (with the nearest known name, from the field list serde itself passes
//!   to `deserialize_struct`) and left out;
//! - a missing required field, or a value of the wrong type, is reported and replaced by a placeholder
//!   (empty text, an empty list, zero, the first variant).
//!
//! Placeholders are not the integrator's words, so whatever the validator says about them would be
//! noise: the object holding one is recorded as *broken* and the validator drops its findings there
//! (and, when a list of ids has a broken entry, its "unknown id" findings, since the reference may be to
//! that entry). One pass over the tree, no retries: cost stays proportional to the input, and it stops
//! once more than [`limits::MAX_ERRORS`] mistakes are found.

mod access;
mod placeholder;
mod value;

use std::cell::RefCell;

use serde::de::{DeserializeOwned, Error as _};
use serde_json::{Error, Map, Value};

use super::limits;
use super::position::{join_key, Anchor};
use super::zone_names::nearest;
use super::Pending;
use value::ValueDe;

/// What reading the shape found.
pub(super) struct Shape<T> {
    /// The file, placeholders included; `None` when it could not be read at all (then `errors` says why).
    pub file: Option<T>,
    pub errors: Vec<Pending>,
    /// Paths of objects (or top-level fields) holding a placeholder.
    pub broken: Vec<String>,
}

/// Reads `value` as a `T`, reporting every shape mistake instead of stopping at the first.
pub(super) fn read<T: DeserializeOwned>(value: &Value) -> Shape<T> {
    let ctx = Ctx::default();
    let result = T::deserialize(ValueDe {
        value,
        ctx: &ctx,
        parent: Parent::Root,
    });
    let Ctx {
        errors,
        broken,
        full,
        failed_at,
        ..
    } = ctx;
    let mut errors = errors.into_inner();
    let file = match result {
        Ok(file) => Some(file),
        // Over the limit: the list already says so; the validator would add nothing that is shown.
        Err(_) if full.into_inner() => None,
        // Something no placeholder stands in for (not expected with the policy types; kept as a net).
        Err(e) => {
            let path = failed_at.into_inner().unwrap_or_default();
            errors.push(Pending::new(&path, Anchor::Value, e.to_string()));
            None
        }
    };
    Shape {
        file,
        errors,
        broken: broken.into_inner(),
    }
}

/// The required fields of each policy struct, by the name serde gives `deserialize_struct`. serde does
/// not say which fields are required before it fails on one; a test checks this table against the JSON
/// Schema generated from the types.
pub(super) fn required(name: &str) -> &'static [&'static str] {
    match name {
        "PolicyFile" => &[
            "id",
            "vendor",
            "levels",
            "default_level",
            "plans",
            "endpoint",
            "fallback_contact",
        ],
        "LevelDef" => &["id", "name", "definition"],
        "RequestTypeDef" | "PlanDef" => &["id", "name"],
        "QuestionDef" => &["id", "text", "options"],
        "OptionDef" => &["id", "label"],
        "RuleDef" => &["level", "reason"],
        "MatrixDef" => &["rows", "columns", "levels", "reason"],
        "CalendarDef" => &["kind"],
        "HoursDef" => &["days", "from", "to"],
        "TargetDef" => &["first_response"],
        "AlternativeDef" => &["when"],
        "ChannelDef" => &["kind", "use"],
        "FieldDef" => &["id", "label", "kind"],
        "EndpointDef" => &["url"],
        "EscalationStepDef" => &["title"],
        _ => &[],
    }
}

#[derive(Default)]
pub(super) struct Ctx {
    /// The path of the value being read, kept as one buffer (pushed and cut back as the walk goes) so
    /// that no path string is built per value.
    pub(super) path: RefCell<String>,
    errors: RefCell<Vec<Pending>>,
    broken: RefCell<Vec<String>>,
    /// More than the reportable number of errors: reading stops.
    pub(super) full: RefCell<bool>,
    /// Where an error no placeholder could absorb arose (the innermost path that saw it).
    failed_at: RefCell<Option<String>>,
}

impl Ctx {
    pub(super) fn path(&self) -> String {
        self.path.borrow().clone()
    }

    /// Records a mistake and what it breaks; `Err` ends the reading once there are too many to list.
    pub(super) fn report(
        &self,
        path: &str,
        anchor: Anchor,
        message: String,
        broken: Option<String>,
    ) -> Result<(), Error> {
        let mut errors = self.errors.borrow_mut();
        if errors.len() > limits::MAX_ERRORS {
            *self.full.borrow_mut() = true;
            return Err(Error::custom("too many errors"));
        }
        errors.push(Pending::new(path, anchor, message));
        if let Some(b) = broken {
            self.broken.borrow_mut().push(b);
        }
        Ok(())
    }

    /// Reads a child with `step` appended to the path buffer, and cuts it back after.
    pub(super) fn at<R>(
        &self,
        step: impl FnOnce(&mut String),
        read: impl FnOnce() -> Result<R, Error>,
    ) -> Result<R, Error> {
        let len = self.path.borrow().len();
        step(&mut self.path.borrow_mut());
        let result = read();
        if result.is_err() && !*self.full.borrow() {
            let mut failed_at = self.failed_at.borrow_mut();
            if failed_at.is_none() {
                *failed_at = Some(self.path());
            }
        }
        self.path.borrow_mut().truncate(len);
        result
    }
}

/// What a value sits in, which decides what a wrong value breaks.
#[derive(Clone, Copy)]
pub(super) enum Parent {
    /// The file itself (or a top-level field).
    Root,
    /// A field of a nested object whose path is this long: a wrong value breaks that object.
    Struct(usize),
    /// An element of a list or an entry of a map: a wrong value breaks only itself.
    Other,
}

pub(super) fn first(variants: &'static [&'static str]) -> &'static str {
    variants.first().copied().unwrap_or("")
}

pub(super) fn unknown_variant(s: &str, variants: &'static [&'static str]) -> String {
    let mut message = Error::unknown_variant(s, variants).to_string();
    if let Some(near) = nearest(s, variants.iter().copied()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    message
}

/// The members of an object read as struct `name`: its known fields, then a placeholder for each
/// missing required one. Unknown fields are reported here and left out.
pub(super) fn struct_entries<'a>(
    ctx: &Ctx,
    object: Option<&'a Map<String, Value>>,
    name: &'static str,
    fields: &'static [&'static str],
) -> Result<Vec<(&'a str, Option<&'a Value>)>, Error> {
    let path = ctx.path();
    // A missing field of the file itself breaks only that field; of a nested object, the object.
    let breaks = |field: &str| {
        if path.is_empty() {
            field.to_string()
        } else {
            path.clone()
        }
    };
    let mut entries = Vec::new();
    // Required fields an unknown key looks like a typo of: that key's message already says it.
    let mut explained: Vec<&str> = Vec::new();
    for (key, value) in object.into_iter().flatten() {
        if fields.contains(&key.as_str()) {
            entries.push((key.as_str(), Some(value)));
            continue;
        }
        let near = nearest(key, fields.iter().copied());
        let message = match near {
            Some(f) => format!("unknown field `{key}`: did you mean `{f}`?"),
            None => {
                let known: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
                format!(
                    "unknown field `{key}`, expected one of {} (remove it or correct its name)",
                    known.join(", ")
                )
            }
        };
        let missing = near
            .filter(|f| required(name).contains(f) && object.is_some_and(|o| !o.contains_key(*f)));
        let breaks_here = missing.map(&breaks);
        ctx.report(&join_key(&path, key), Anchor::Key, message, breaks_here)?;
        explained.extend(missing);
    }
    for &field in required(name) {
        if object.is_some_and(|o| o.contains_key(field)) {
            continue;
        }
        // A value of the wrong type was already reported (and broke the object); nothing more to say.
        if object.is_some() && !explained.contains(&field) {
            ctx.report(
                &path,
                Anchor::Value,
                format!("missing field `{field}`; add it"),
                Some(breaks(field)),
            )?;
        }
        entries.push((field, None));
    }
    Ok(entries)
}
