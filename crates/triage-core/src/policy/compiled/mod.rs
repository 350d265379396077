//! The compiled policy: what the widget reads instead of the source file.
//!
//! The validator (line:column errors, prose checks, the serde model of the source format) is a third of
//! the widget's wasm, and every visitor would download it to re-check a file the integrator already
//! checked. So `triage compile` validates once and prints this form: a JSON list (inlinable in a
//! `<script type="application/json">`) of positional records, flat indices and bitsets, which a small
//! hand-written decoder turns back into the same [`Policy`], bounds-checking every index so that no
//! corrupt or hand-edited file can make the widget panic later. It is not a second validator: it only
//! keeps the structural promises the model makes (indices in range, one target per level, …).
//!
//! Layout, format 2 (each record is a list; `?` marks null-or-value; a set is a bitset, one number, or a
//! list of 64-bit words when an index is 64 or more):
//! `[MAGIC, 1, version, id, vendor, source?, levels, default_level, request_types, questions, rules,
//! matrix?, calendars, plans, default_plan, channels, fields, endpoint, fallback_contact, escalation,
//! tips, notes, strings, collect]`; see [`encode`] for each record (a plan's target carries its
//! `alternative`, the first response that depends on how the case is raised, as a sixth item).

mod decode;
mod decode_sla;
mod encode;
mod read;
#[cfg(test)]
mod tests;

pub use encode::compile;

use super::Policy;

/// The format this build writes and reads. Bump it with any change to the layout, including the order
/// of [`crate::strings::UiString::ALL`] or [`crate::context::ContextItem::ALL`] (a test pins both).
pub const FORMAT: u64 = 2;

/// The first item of every compiled policy, so that a file is recognised before anything else is read.
pub const MAGIC: &str = "severity-triage/compiled-policy";

/// Why a text is not a compiled policy this widget can use; each says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompiledError {
    #[error("the compiled policy is {0} bytes; the limit is {max} bytes", max = super::limits::MAX_POLICY_BYTES)]
    TooLarge(usize),
    #[error("not JSON ({0}); a compiled policy is what `triage compile policy.json` prints")]
    NotJson(String),
    /// `file` is the source file's name when it is known (from the URL it came from).
    #[error("this is a policy source file, not a compiled policy: run `triage compile {src} > {out}` and point the widget at {out}",
        src = file.as_deref().unwrap_or("policy.json"),
        out = compiled_name(file.as_deref().unwrap_or("policy.json")))]
    SourceFile { file: Option<String> },
    #[error("not a compiled policy: one is a JSON list starting with \"{MAGIC}\", as `triage compile policy.json` prints it")]
    NotCompiled,
    #[error("compiled with format {found}, this widget reads format {FORMAT}: recompile with the triage CLI of the same release")]
    Format { found: String },
    #[error("compiled policy is corrupt at {}: expected {expected}", if path.is_empty() { "the top level" } else { path })]
    Corrupt { path: String, expected: String },
}

impl CompiledError {
    /// Names the source file after the last segment of `url` (e.g. `/policies/wati.json` →
    /// `triage compile wati.json > wati.compiled.json`), when it has a plain file name.
    pub fn at(self, url: &str) -> CompiledError {
        match self {
            CompiledError::SourceFile { file: None } => CompiledError::SourceFile {
                file: file_name(url),
            },
            other => other,
        }
    }
}

fn file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    plain.then(|| name.to_string())
}

fn compiled_name(source: &str) -> String {
    let stem = source.strip_suffix(".json").unwrap_or(source);
    format!("{stem}.compiled.json")
}

impl Policy {
    /// Reads a compiled policy (what `triage compile` prints). A source file, a newer format or a
    /// corrupt file is an error that says what to run or where the file is broken; never a panic.
    pub fn from_compiled(text: &str) -> Result<Policy, CompiledError> {
        if text.len() > super::limits::MAX_POLICY_BYTES {
            return Err(CompiledError::TooLarge(text.len()));
        }
        let value = crate::json::parse(text).map_err(|e| CompiledError::NotJson(e.to_string()))?;
        decode::policy(&value)
    }
}

/// For the core's own tests: `p` through the compiled form, which must give it back unchanged; the
/// tests then run on what the widget would read.
#[cfg(test)]
pub(crate) fn via_compiled(p: Policy) -> Policy {
    let back = Policy::from_compiled(&compile(&p)).expect("a compiled policy reads back");
    assert_eq!(back, p, "the compiled form loses something");
    back
}
