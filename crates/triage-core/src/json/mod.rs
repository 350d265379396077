//! A small JSON reader for what the widget reads back: the compiled policy, its own outbox entries and
//! drafts from storage, the host's attributes and the receiver's answer.
//!
//! Why not serde_json's deserializer: in the widget's wasm, serde_json's reader, its `Value` and the
//! derived `Deserialize` code for every stored type were about 60 KB raw (a tenth of the code). Writing
//! stays with serde_json (small, and the ticket must be byte-for-byte what the receiver parses); reading
//! is this one parser into one tree type, and the typed readers ([`fields`]) are plain functions over it.
//!
//! It accepts exactly RFC 8259 JSON (serde_json's grammar): no comments, no trailing commas, strings
//! without raw control characters, `\u` escapes with paired surrogates. Nesting is limited to 127 levels,
//! as serde_json's, so a hostile document cannot exhaust the widget's 64 KiB stack (measured in the e2e
//! suite: a page reading an outbox entry nested 125 deep went 22,184 bytes deep, about 110 bytes a level
//! over the usual 8–12 KB; the suite fails any page over half the stack). Numbers keep their
//! text: the widget only ever needs whole numbers, so no float parser is linked. For a duplicate key the
//! last value wins, as with serde_json.

pub mod fields;

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
pub struct Number(String);

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

/// A JSON string literal with serde_json's escapes.
pub fn write_str(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
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
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.write_str("\\u00")?;
            out.write_char(HEX[usize::from(b >> 4)] as char)?;
            out.write_char(HEX[usize::from(b & 15)] as char)?;
        } else {
            out.write_str(escape)?;
        }
        start = i + 1;
    }
    out.write_str(&s[start..])?;
    out.write_char('"')
}

/// Why a text is not JSON, and where: the 1-based line and column of the character where the problem
/// was found (one past the last character at the end of the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Parses one JSON document (surrounding whitespace allowed, nothing else after it).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser {
        text,
        s: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let v = p.value().map_err(|what| p.error(what))?;
    p.ws();
    if p.at < p.s.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    at: usize,
    depth: usize,
}

type Step<T> = Result<T, &'static str>;

impl Parser<'_> {
    fn error(&self, what: &'static str) -> SyntaxError {
        let upto = &self.s[..self.at.min(self.s.len())];
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count();
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        let column = 1 + upto[line_start..]
            .iter()
            .filter(|&&b| b & 0xc0 != 0x80)
            .count();
        SyntaxError { what, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], v: Value) -> Step<Value> {
        if self.s[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(v)
        } else {
            Err("expected value")
        }
    }

    fn value(&mut self) -> Step<Value> {
        self.ws();
        match self.peek() {
            None => Err("EOF while parsing a value"),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(|p| {
                let mut items = Vec::new();
                p.ws();
                if p.peek() == Some(b']') {
                    p.at += 1;
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(p.value()?);
                    p.ws();
                    match p.peek() {
                        Some(b',') => p.at += 1,
                        Some(b']') => {
                            p.at += 1;
                            return Ok(Value::Array(items));
                        }
                        None => return Err("EOF while parsing a list"),
                        _ => return Err("expected `,` or `]`"),
                    }
                }
            }),
            Some(b'{') => self.nested(|p| {
                // Collected in document order, sorted once at the end (`SortedMap::from_pairs`).
                let mut members = Vec::new();
                p.ws();
                if p.peek() == Some(b'}') {
                    p.at += 1;
                    return Ok(Value::Object(SortedMap::new()));
                }
                loop {
                    p.ws();
                    match p.peek() {
                        Some(b'"') => {}
                        None => return Err("EOF while parsing an object"),
                        _ => return Err("key must be a string"),
                    }
                    let key = p.string()?;
                    p.ws();
                    match p.peek() {
                        Some(b':') => p.at += 1,
                        None => return Err("EOF while parsing an object"),
                        _ => return Err("expected `:`"),
                    }
                    let v = p.value()?;
                    members.push((key, v));
                    p.ws();
                    match p.peek() {
                        Some(b',') => p.at += 1,
                        Some(b'}') => {
                            p.at += 1;
                            return Ok(Value::Object(SortedMap::from_pairs(members)));
                        }
                        None => return Err("EOF while parsing an object"),
                        _ => return Err("expected `,` or `}`"),
                    }
                }
            }),
            Some(_) => Err("expected value"),
        }
    }

    /// Runs `inner` one level deeper, past the opening bracket.
    fn nested(&mut self, inner: impl FnOnce(&mut Self) -> Step<Value>) -> Step<Value> {
        if self.depth == MAX_DEPTH {
            return Err("recursion limit exceeded");
        }
        self.depth += 1;
        self.at += 1;
        let v = inner(self);
        self.depth -= 1;
        v
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Step<Value> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        match self.digits() {
            0 => return Err("invalid number"),
            n if n > 1 && self.s[int_start] == b'0' => return Err("invalid number"),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        // Only ASCII was consumed, so both ends are character boundaries.
        Ok(Value::Number(Number(self.text[start..self.at].to_string())))
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                None => return Err("EOF while parsing a string"),
                _ => return Err("invalid escape"),
            };
            n = n * 16 + u32::from(d);
            self.at += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Step<String> {
        self.at += 1; // the opening quote
        let mut out = Vec::new();
        loop {
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.extend_from_slice(&self.s[start..self.at]);
            match self.peek() {
                None => return Err("EOF while parsing a string"),
                Some(b'"') => {
                    self.at += 1;
                    // The input is a `str` and escapes below push whole characters.
                    return String::from_utf8(out).map_err(|_| "invalid unicode in string");
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        None => return Err("EOF while parsing a string"),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.unicode_escape()?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        Some(_) => return Err("invalid escape"),
                    };
                    self.at += 1;
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => {
                    return Err("control character (\\u0000-\\u001F) found while parsing a string")
                }
            }
        }
    }

    /// The character of a `\u` escape (after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Step<char> {
        let first = self.hex4()?;
        let code = match first {
            0xd800..=0xdbff => {
                if !self.s[self.at..].starts_with(b"\\u") {
                    return Err("lone leading surrogate in hex escape");
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err("lone leading surrogate in hex escape");
                }
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            0xdc00..=0xdfff => return Err("lone trailing surrogate in hex escape"),
            c => c,
        };
        char::from_u32(code).ok_or("invalid unicode code point")
    }
}

#[cfg(test)]
mod tests;
