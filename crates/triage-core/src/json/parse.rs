//! The JSON grammar (RFC 8259, as serde_json reads it) into [`Value`]: why the widget has its own reader
//! is in the module's header. Recursive descent, at most [`MAX_DEPTH`] levels deep; errors say what and
//! where (line and column) so a person can find the place in a stored or pasted document.

use std::fmt;

use super::{Number, Value, MAX_DEPTH};
use crate::maps::SortedMap;

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
