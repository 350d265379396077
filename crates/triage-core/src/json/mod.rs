//! A small JSON reader for what the widget reads back: the compiled policy, its own outbox entries and
//! drafts from storage, the host's attributes and the receiver's answer.
//!
//! Why not serde_json's deserializer: in the widget's wasm, serde_json's reader, its `Value` and the
//! derived `Deserialize` code for every stored type were about 60 KB raw (a tenth of the code). Reading
//! is this one parser into one tree type, and the typed readers ([`fields`]) are plain functions over it;
//! writing is [`write`], byte for byte what serde_json writes for the same types.
//!
//! It accepts exactly RFC 8259 JSON (serde_json's grammar): no comments, no trailing commas, strings
//! without raw control characters, `\u` escapes with paired surrogates. Nesting is limited to 127 levels,
//! as serde_json's, so a hostile document cannot exhaust the widget's 64 KiB stack (measured in the e2e
//! suite: a page reading an outbox entry nested 125 deep went 22,184 bytes deep, about 110 bytes a level
//! over the usual 8–12 KB; the suite fails any page over half the stack). Numbers keep their
//! text: the widget only ever needs whole numbers, so no float parser is linked. For a duplicate key the
//! last value wins, as with serde_json.

pub mod fields;
mod parse;
pub mod write;

pub use parse::{parse, SyntaxError};

use std::fmt;

use crate::maps::SortedMap;

/// Deepest nesting of arrays and objects accepted (serde_json's: its recursion limit of 128 counts the
/// level that fails).
pub const MAX_DEPTH: usize = 127;

/// A parsed JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(SortedMap<String, Value>),
}

/// A number as written (validated JSON number syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(pub(super) String);

impl Number {
    /// The number when it is a whole number from 0 to `u64::MAX` written without fraction or exponent
    /// (as serde_json's `as_u64`).
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The number when it is a whole number in `i64`'s range written without fraction or exponent.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&SortedMap<String, Value>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value at an RFC 6901 JSON Pointer (`/reference`, `/data/0/key`; `""` is the whole document),
    /// as serde_json's `Value::pointer`.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut at = self;
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            at = match at {
                Value::Object(members) => members.get(token.as_str())?,
                Value::Array(items) => {
                    // Decimal digits only, no leading zero (RFC 6901), as serde_json reads them.
                    if !token.bytes().all(|b| b.is_ascii_digit())
                        || (token.len() > 1 && token.starts_with('0'))
                    {
                        return None;
                    }
                    items.get(token.parse::<usize>().ok()?)?
                }
                _ => return None,
            };
        }
        Some(at)
    }

    /// A member of an object (`None` for a missing key or anything but an object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
}

/// Compact JSON, as serde_json writes it (keys in order).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Value::Number(n) => f.write_str(&n.0),
            Value::String(s) => write_str(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    fmt::Display::fmt(v, f)?;
                }
                f.write_str("]")
            }
            Value::Object(members) => {
                f.write_str("{")?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_str(f, k)?;
                    f.write_str(":")?;
                    fmt::Display::fmt(v, f)?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A string shown in quotes in a message, as a JSON string literal: `{:?}` would do, but links the
/// `Debug` escaper and its Unicode tables (about 3 KB of the widget's wasm) for the same result on
/// ordinary ids. Unlike `{:?}` it leaves DEL, zero-width and bidirectional characters as they are, as
/// JSON does: these messages go to the console and the CLI, never into a page, and escaping them cost
/// 472 bytes of wasm (brotli).
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_str(f, self.0)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string literal with serde_json's escapes.
pub fn write_str(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    escape(out, s)?;
    out.write_char('"')
}

/// The inside of a JSON string literal, escaped as serde_json escapes it.
fn escape(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.write_str(&s[start..i])?;
        if escape.is_empty() {
            out.write_str("\\u00")?;
            out.write_char(HEX[usize::from(b >> 4)] as char)?;
            out.write_char(HEX[usize::from(b & 15)] as char)?;
        } else {
            out.write_str(escape)?;
        }
        start = i + 1;
    }
    out.write_str(&s[start..])
}

#[cfg(test)]
mod tests;
