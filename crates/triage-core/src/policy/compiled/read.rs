//! The decoder's reading primitives over [`crate::json::Value`]: strings, bounded numbers and indices,
//! lists, flat pairs and bitsets, and positional records read by name, each error carrying the path to
//! where the file is broken (`levels[3].name`) without allocating anything on the way when it is not.

use crate::policy::index::{Ix, IxSet};

use crate::json::Value;

use super::CompiledError;
use crate::policy::{ChannelKind, ChannelUse, FieldKind, Unit};

/// Where the file is broken, innermost segment first while the error travels up.
pub(super) struct Corrupt {
    path: Vec<Seg>,
    expected: String,
}

pub(super) enum Seg {
    Key(&'static str),
    Ix(usize),
}

pub(super) type R<T> = Result<T, Corrupt>;

pub(super) fn bad<T>(expected: impl Into<String>) -> R<T> {
    Err(Corrupt {
        path: Vec::new(),
        expected: expected.into(),
    })
}

pub(super) fn within<T>(r: R<T>, seg: Seg) -> R<T> {
    r.map_err(|mut e| {
        e.path.push(seg);
        e
    })
}

impl From<Corrupt> for CompiledError {
    fn from(e: Corrupt) -> CompiledError {
        let mut path = String::new();
        for seg in e.path.iter().rev() {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Ix(i) => path.push_str(&format!("[{i}]")),
            }
        }
        CompiledError::Corrupt {
            path,
            expected: e.expected,
        }
    }
}

/// A positional record: a list of exactly `len` items, read in order by name.
pub(super) struct Rec<'a> {
    pub(super) items: &'a [Value],
    pub(super) next: usize,
}

impl<'a> Rec<'a> {
    pub(super) fn new(v: &'a Value, len: usize) -> R<Rec<'a>> {
        match v.as_array() {
            Some(items) if items.len() == len => Ok(Rec { items, next: 0 }),
            _ => bad(format!("a list of {len} items")),
        }
    }

    pub(super) fn get<T>(&mut self, name: &'static str, f: impl FnOnce(&'a Value) -> R<T>) -> R<T> {
        let v = &self.items[self.next];
        self.next += 1;
        within(f(v), Seg::Key(name))
    }
}

/// Every text of a policy is read here, so this is where bidirectional overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) are dropped: the widget shows policy text inside its own sentences,
/// and an unclosed right-to-left override would make a level name or a deadline read as something it
/// is not. Right-to-left languages need none of them (the marks U+200E/U+200F stay).
pub(super) fn string(v: &Value) -> R<String> {
    match v.as_str() {
        Some(s) => Ok(without_bidi_controls(s)),
        None => bad("a string"),
    }
}

pub(super) fn opt_string(v: &Value) -> R<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(without_bidi_controls(s))),
        _ => bad("a string or null"),
    }
}

pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn without_bidi_controls(s: &str) -> String {
    if s.contains(is_bidi_control) {
        s.chars().filter(|&c| !is_bidi_control(c)).collect()
    } else {
        s.to_string()
    }
}

pub(super) fn number(v: &Value, max: u64) -> R<u64> {
    match v.as_u64() {
        Some(n) if n <= max => Ok(n),
        _ => bad(format!("a whole number from 0 to {max}")),
    }
}

pub(super) fn ix<I: From<usize>>(v: &Value, len: usize, what: &str) -> R<I> {
    match v.as_u64() {
        Some(n) if n < len as u64 => Ok(I::from(n as usize)),
        _ => bad(format!("a {what} index below {len}")),
    }
}

pub(super) fn opt_ix<I: From<usize>>(v: &Value, len: usize, what: &str) -> R<Option<I>> {
    if v.is_null() {
        Ok(None)
    } else {
        ix(v, len, what).map(Some)
    }
}

pub(super) fn array(v: &Value) -> R<&[Value]> {
    match v.as_array() {
        Some(a) => Ok(a),
        None => bad("a list"),
    }
}

pub(super) fn list<'a, T>(v: &'a Value, mut f: impl FnMut(&'a Value) -> R<T>) -> R<Vec<T>> {
    let mut out = Vec::new();
    for (i, item) in array(v)?.iter().enumerate() {
        out.push(within(f(item), Seg::Ix(i))?);
    }
    Ok(out)
}

pub(super) fn strings(v: &Value) -> R<Vec<String>> {
    list(v, string)
}

/// A flat list of pairs, `[a, b, a, b, …]`.
pub(super) fn pairs(v: &Value) -> R<std::slice::ChunksExact<'_, Value>> {
    let items = array(v)?;
    if items.len() % 2 != 0 {
        return bad("a list of pairs (an even number of items)");
    }
    Ok(items.chunks_exact(2))
}

/// A bitset of indices below `len`: one number, or a list of 64-bit words.
pub(super) fn set<I: Ix>(v: &Value, len: usize, what: &str) -> R<IxSet<I>> {
    let words: Vec<u64> = match v {
        Value::Array(ws) => ws.iter().map(Value::as_u64).collect::<Option<_>>(),
        other => other.as_u64().map(|w| vec![w]),
    }
    .map_or_else(|| bad(format!("a set of {what} indices (a bitset)")), Ok)?;
    // Checked on the bits themselves, before any index is made from them.
    let highest = words
        .iter()
        .enumerate()
        .rev()
        .find(|(_, w)| **w != 0)
        .map(|(i, w)| i * 64 + 63 - w.leading_zeros() as usize);
    if highest.is_some_and(|h| h >= len) {
        return bad(format!("a set of {what} indices below {len}"));
    }
    Ok(IxSet::from_words(words))
}

pub(super) fn opt_set<I: Ix>(v: &Value, len: usize, what: &str) -> R<Option<IxSet<I>>> {
    if v.is_null() {
        Ok(None)
    } else {
        set(v, len, what).map(Some)
    }
}

pub(super) fn flag(v: &Value) -> R<bool> {
    number(v, 1).map(|n| n == 1)
}

pub(super) fn pick<T: Copy>(v: &Value, table: &[T], what: &str) -> R<T> {
    let i: usize = ix(v, table.len(), what)?;
    Ok(table[i])
}

/// In declaration order, which is the encoder's `as u8` (a test checks both tables).
pub(super) const CHANNEL_KINDS: [ChannelKind; 9] = ChannelKind::ALL;
pub(super) const CHANNEL_USES: [ChannelUse; 4] = [
    ChannelUse::Required,
    ChannelUse::Recommended,
    ChannelUse::Accepted,
    ChannelUse::NotAccepted,
];
pub(super) const FIELD_KINDS: [FieldKind; 5] = [
    FieldKind::Line,
    FieldKind::Text,
    FieldKind::Log,
    FieldKind::Email,
    FieldKind::Choice,
];
pub(super) const UNITS: [Unit; 4] = [Unit::Minutes, Unit::Hours, Unit::Days, Unit::BusinessDays];
