//! Maps JSON paths (`levels[2].id`) to line:column in the original text, at a cost proportional to the
//! input.
//!
//! serde_json only reports positions for syntax errors; our validator works on parsed values and knows the
//! path of each mistake. Positions are looked up only for the paths errors name, all in one pass over the
//! text guided by a trie of those paths, so no per-value path string is ever built: an index of every
//! value's path costs O(depth × values) memory, which a 1 MB file of one long key over a wide array turns
//! into gigabytes. A first pass notices duplicate keys (which serde_json would silently resolve to the last
//! one) and keys too long to be ids.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Keys in a policy are ids, field names and header names; nothing legitimate comes near this.
pub const MAX_KEY_BYTES: usize = 256;

/// Duplicate keys reported at most; the rest are counted in the last one's message by the caller.
const MAX_DUPLICATES: usize = 100;

/// Where in the text an error should point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The start of the value at the path (or of the nearest enclosing one that exists).
    Value,
    /// The key naming the path (for "unknown field" errors), else its value.
    Key,
}

/// What the first pass found: duplicate keys and over-long keys, each with where it is.
#[derive(Debug, Default)]
pub struct Scan {
    /// (path of the repeated key, line, column).
    pub duplicates: Vec<(String, usize, usize)>,
    /// (length in bytes, line, column) of the first key over [`MAX_KEY_BYTES`].
    pub long_key: Option<(usize, usize, usize)>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(String),
    Index(usize),
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
    let mut out = path.to_string();
    push_key(&mut out, key);
    out
}

pub fn join_index(path: &str, i: usize) -> String {
    let mut out = path.to_string();
    push_index(&mut out, i);
    out
}

/// [`join_key`] in place, for a walk that keeps one path buffer instead of a string per value.
pub fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::Value::from(key).to_string());
        path.push(']');
    }
}

/// [`join_index`] in place.
pub fn push_index(path: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(path, "[{i}]");
}

/// Splits a path made by [`join_key`]/[`join_index`] back into segments; `None` if it is not one.
fn segments(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            if r.starts_with('"') {
                let mut de = serde_json::Deserializer::from_str(r).into_iter::<String>();
                let key = de.next()?.ok()?;
                let used = de.byte_offset();
                out.push(Segment::Key(key));
                rest = r[used..].strip_prefix(']')?;
            } else {
                let end = r.find(']')?;
                out.push(Segment::Index(r[..end].parse().ok()?));
                rest = &r[end + 1..];
            }
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push(Segment::Key(r[..end].to_string()));
            rest = &r[end..];
        }
    }
    Some(out)
}

/// The first pass: duplicate keys and over-long keys. `text` must already be valid JSON (anything else is
/// scanned as far as it goes).
pub fn scan(text: &str) -> Scan {
    let mut s = Scanner::new(text);
    let mut out = Scan::default();
    let mut path: Vec<Segment> = Vec::new();
    s.walk_dups(&mut path, 0, &mut out);
    out
}

/// Line and column for each `(path, anchor)`, in one pass over `text`.
pub fn locate(text: &str, wanted: &[(&str, Anchor)]) -> Vec<(usize, usize)> {
    let mut trie = Trie::default();
    let ends: Vec<usize> = wanted
        .iter()
        .map(|(path, _)| {
            // A path that does not parse is located at its longest parsable ancestor.
            let mut p = *path;
            loop {
                if let Some(segs) = segments(p) {
                    return trie.insert(&segs);
                }
                match parent(p) {
                    Some(up) => p = up,
                    None => return 0,
                }
            }
        })
        .collect();
    let mut s = Scanner::new(text);
    s.walk_find(Some(0), 0, &mut trie);
    wanted
        .iter()
        .zip(ends)
        .map(|((_, anchor), node)| trie.position(node, *anchor))
        .collect()
}

#[derive(Debug, Default)]
struct Node {
    parent: usize,
    value: Option<(usize, usize)>,
    key: Option<(usize, usize)>,
    children: HashMap<Segment, usize>,
}

#[derive(Debug)]
struct Trie {
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Trie {
        Trie {
            nodes: vec![Node::default()],
        }
    }
}

impl Trie {
    fn insert(&mut self, segs: &[Segment]) -> usize {
        let mut at = 0;
        for seg in segs {
            at = match self.nodes[at].children.get(seg) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node {
                        parent: at,
                        ..Node::default()
                    });
                    self.nodes[at].children.insert(seg.clone(), n);
                    n
                }
            };
        }
        at
    }

    fn position(&self, node: usize, anchor: Anchor) -> (usize, usize) {
        if anchor == Anchor::Key {
            if let Some(k) = self.nodes[node].key {
                return k;
            }
        }
        let mut n = node;
        loop {
            if let Some(v) = self.nodes[n].value {
                return v;
            }
            if n == 0 {
                return (1, 1);
            }
            n = self.nodes[n].parent;
        }
    }
}

/// Nesting deeper than this is not followed (serde_json refuses it at 128 anyway).
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    src: &'a str,
    line: usize,
    col: usize,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Scanner<'a> {
        Scanner {
            chars: src.char_indices().peekable(),
            src,
            line: 1,
            col: 1,
        }
    }

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

    /// Walks one value, calling `member` for each object member (after its key, at its value) and each
    /// array element; `member` walks the child itself.
    fn value(&mut self, depth: usize, mut member: impl FnMut(&mut Self, Member<'a>)) {
        if depth > MAX_DEPTH {
            return;
        }
        match self.peek() {
            Some('{') => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek() {
                        Some('"') => {}
                        Some('}') | None => {
                            self.bump();
                            break;
                        }
                        Some(_) => {
                            self.bump();
                            continue;
                        }
                    }
                    let at = (self.line, self.col);
                    let raw = self.string();
                    self.ws();
                    if self.peek() == Some(':') {
                        self.bump();
                    }
                    self.ws();
                    member(self, Member::Key(raw, at));
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
                            break;
                        }
                        _ => {}
                    }
                    member(self, Member::Element(i));
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

    fn walk_dups(&mut self, path: &mut Vec<Segment>, depth: usize, out: &mut Scan) {
        self.ws();
        let mut seen: HashSet<Cow<'a, str>> = HashSet::new();
        self.value(depth, |s, m| {
            match m {
                Member::Key(raw, at) => {
                    let key = decode(raw);
                    if raw.len() > MAX_KEY_BYTES && out.long_key.is_none() {
                        out.long_key = Some((raw.len(), at.0, at.1));
                    }
                    if !seen.insert(key.clone()) && out.duplicates.len() < MAX_DUPLICATES {
                        path.push(Segment::Key(key.clone().into_owned()));
                        out.duplicates.push((render(path), at.0, at.1));
                        path.pop();
                    }
                    path.push(Segment::Key(key.into_owned()));
                }
                Member::Element(i) => path.push(Segment::Index(i)),
            }
            s.walk_dups(path, depth + 1, out);
            path.pop();
        });
    }

    fn walk_find(&mut self, node: Option<usize>, depth: usize, trie: &mut Trie) {
        self.ws();
        if let Some(n) = node {
            trie.nodes[n].value = Some((self.line, self.col));
        }
        self.value(depth, |s, m| {
            let child = node.and_then(|n| {
                let seg = match m {
                    Member::Key(raw, _) => Segment::Key(decode(raw).into_owned()),
                    Member::Element(i) => Segment::Index(i),
                };
                trie.nodes[n].children.get(&seg).copied()
            });
            if let (Some(c), Member::Key(_, at)) = (child, m) {
                trie.nodes[c].key = Some(at);
            }
            s.walk_find(child, depth + 1, trie);
        });
    }

    /// Skips a string literal and returns it raw, quotes included.
    fn string(&mut self) -> &'a str {
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
        &self.src[start..end]
    }
}

#[derive(Debug, Clone, Copy)]
enum Member<'a> {
    /// An object member: its key's raw literal and where the key starts.
    Key(&'a str, (usize, usize)),
    /// An array element by index.
    Element(usize),
}

/// A raw string literal's text: borrowed when it has no escapes.
fn decode(raw: &str) -> Cow<'_, str> {
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Cow::Borrowed(inner),
        _ => Cow::Owned(serde_json::from_str(raw).unwrap_or_default()),
    }
}

fn render(path: &[Segment]) -> String {
    let mut out = String::new();
    for seg in path {
        out = match seg {
            Segment::Key(k) => join_key(&out, k),
            Segment::Index(i) => join_index(&out, *i),
        };
    }
    out
}

#[cfg(test)]
mod tests;
