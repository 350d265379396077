//! Maps JSON paths (`levels[2].id`) to line:column in the original text.
//!
//! serde_json only reports positions for syntax errors; our validator works on parsed values and knows the
//! path of each mistake. This scanner walks the (already syntax-checked) text once and records where every
//! value and every key starts, so each error can point an integrator's editor at the exact spot. It also
//! notices duplicate keys, which serde_json would silently resolve to the last one.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Positions {
    values: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
    /// (path of the repeated key, line, column).
    pub duplicates: Vec<(String, usize, usize)>,
}

impl Positions {
    /// Where the value at `path` starts; falls back to the nearest enclosing value that exists.
    pub fn value(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match parent(p) {
                Some(up) => p = up,
                None => return (1, 1),
            }
        }
    }

    /// Where the key naming `path` starts (for "unknown field" errors); else where its value starts.
    pub fn key(&self, path: &str) -> (usize, usize) {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// Appends an object key to a path, quoting keys that are not plain identifiers.
pub fn join_key(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$');
    match (path.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", serde_json::Value::from(key)),
    }
}

pub fn join_index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Indexes `text`, which must already be valid JSON (anything else is indexed as far as it goes).
pub fn index(text: &str) -> Positions {
    let mut s = Scanner {
        chars: text.char_indices().peekable(),
        src: text,
        line: 1,
        col: 1,
        out: Positions::default(),
    };
    s.value(String::new(), 0);
    s.out
}

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    src: &'a str,
    line: usize,
    col: usize,
    out: Positions,
}

impl Scanner<'_> {
    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String, depth: usize) {
        self.ws();
        self.out.values.insert(path.clone(), (self.line, self.col));
        if depth > 256 {
            return;
        }
        match self.peek() {
            Some('{') => {
                self.bump();
                let mut seen = std::collections::HashSet::new();
                loop {
                    self.ws();
                    match self.peek() {
                        Some('"') => {}
                        Some('}') | None => {
                            self.bump();
                            return;
                        }
                        Some(_) => {
                            self.bump();
                            continue;
                        }
                    }
                    let at = (self.line, self.col);
                    let key = self.string();
                    let child = join_key(&path, &key);
                    if !seen.insert(key) {
                        self.out.duplicates.push((child.clone(), at.0, at.1));
                    }
                    self.out.keys.insert(child.clone(), at);
                    self.ws();
                    if self.peek() == Some(':') {
                        self.bump();
                    }
                    self.value(child, depth + 1);
                    self.ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
            }
            Some('[') => {
                self.bump();
                let mut i = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(']') | None => {
                            self.bump();
                            return;
                        }
                        _ => {}
                    }
                    self.value(join_index(&path, i), depth + 1);
                    i += 1;
                    self.ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
            }
            Some('"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | '}' | ']' | ' ' | '\n' | '\r' | '\t'))
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    /// Reads a string literal and returns its decoded text.
    fn string(&mut self) -> String {
        let start = self.chars.peek().map_or(self.src.len(), |&(i, _)| i);
        self.bump();
        let mut escaped = false;
        let mut end = self.src.len();
        while let Some(&(i, c)) = self.chars.peek() {
            self.bump();
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                end = i + 1;
                break;
            }
        }
        serde_json::from_str(&self.src[start..end]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_keys_and_duplicates() {
        let text = "{\n  \"levels\": [\n    {\"id\": \"p1\"},\n    {\"id\": \"p2\", \"id\": \"x\"}\n  ],\n  \"a b\": 1\n}";
        let p = index(text);
        assert_eq!(p.value("levels"), (2, 13));
        assert_eq!(p.value("levels[0].id"), (3, 12));
        assert_eq!(p.key("levels[1].id"), (4, 18));
        assert_eq!(p.value("[\"a b\"]"), (6, 10));
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(p.value("levels[1].name"), (4, 5));
        assert_eq!(p.duplicates, vec![("levels[1].id".to_string(), 4, 18)]);
    }

    #[test]
    fn never_panics_on_garbage() {
        for s in [
            "",
            "{",
            "[",
            "\"",
            "{\"a\":",
            "[1,",
            "{\"\\",
            "é{\"é\":[",
            "}}]]",
        ] {
            let _ = index(s);
        }
    }
}
