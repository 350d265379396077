//! Byte-level helpers shared by the detectors, and the judgement "is this value a real secret or a
//! placeholder / identifier / number?" that keeps documentation, code and ids out of the redactions.
//!
//! Every detector starts and ends its findings on ASCII bytes (or on the text's ends), so offsets are
//! always on character boundaries even though the scanning is byte-wise.

pub(super) fn run(b: &[u8], from: usize, pred: impl Fn(u8) -> bool) -> usize {
    run_max(b, from, usize::MAX, pred)
}

/// Like [`run`], stopping after `max` bytes: detectors that start at many positions of one long run
/// (`eyJ-eyJ-eyJ-…`, `password=password=…`) stay linear in the text, not quadratic.
pub(super) fn run_max(b: &[u8], from: usize, max: usize, pred: impl Fn(u8) -> bool) -> usize {
    let limit = b.len().min(from.saturating_add(max));
    let mut i = from;
    while i < limit && pred(b[i]) {
        i += 1;
    }
    i
}

/// Longest plausible value or token body; longer runs are not secrets people paste.
pub(super) const MAX_VALUE: usize = 4100;

pub(super) fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// Token bodies: letters, digits, `_` and `-`.
pub(super) fn word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

pub(super) fn b64(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
}

pub(super) fn b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')
}

pub(super) fn hex(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

pub(super) fn quote(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b'`')
}

/// True when position `i` does not continue a run of letters or digits.
pub(super) fn starts_word(b: &[u8], i: usize) -> bool {
    i == 0 || !alnum(b[i - 1])
}

pub(super) fn ends_word(b: &[u8], i: usize) -> bool {
    i >= b.len() || !alnum(b[i])
}

/// Largest char boundary at or below `i`.
pub(super) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn longest_repeat(v: &[u8]) -> usize {
    let (mut best, mut cur) = (0, 0);
    for (i, c) in v.iter().enumerate() {
        cur = if i > 0 && v[i - 1] == *c { cur + 1 } else { 1 };
        best = best.max(cur);
    }
    best
}

fn distinct(v: &[u8]) -> usize {
    let mut seen = [false; 256];
    v.iter()
        .filter(|c| !std::mem::replace(&mut seen[**c as usize], true))
        .count()
}

/// A vendor token body drawn at random: enough different characters, no `xxxxxx` filler.
pub(super) fn random_enough(body: &[u8]) -> bool {
    let want = (body.len() / 3).clamp(4, 10);
    distinct(body) >= want && longest_repeat(body) < 6
}

const PLACEHOLDER_WORDS: &[&str] = &[
    "null",
    "nil",
    "none",
    "true",
    "false",
    "yes",
    "no",
    "undefined",
    "empty",
    "redacted",
    "masked",
    "hidden",
    "removed",
    "secret",
    "password",
    "passwd",
    "token",
    "changeme",
    "change_me",
    "example",
    "sample",
    "test",
    "dummy",
    "placeholder",
    "string",
    "value",
    "required",
    "optional",
    "todo",
    "n/a",
    "unknown",
    "default",
    "api_key",
    "apikey",
    "your_token",
    "your_password",
    "foobar",
];

/// Documentation, templates and masks: `$VAR`, `${x}`, `{{ x }}`, `<token>`, `[PASSWORD]`, `%s`,
/// `xxxx`, `****`, `...`, and words like `null` or `changeme`.
pub(super) fn placeholder(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(&first) = b.first() else { return true };
    let second = b.get(1).copied().unwrap_or(0);
    let lower = v.to_ascii_lowercase();
    (first == b'$' && (second.is_ascii_alphabetic() || matches!(second, b'{' | b'(' | b'_' | 0)))
        || (first == b'{' && !b.iter().any(u8::is_ascii_digit))
        || (first == b'%' && (second.is_ascii_alphabetic() || second == b'('))
        || matches!(first, b'<' | b'[')
        || v.contains("{{")
        || v.contains("${")
        || v.contains("$(")
        || v.contains("...")
        || v.contains('\u{2026}')
        || longest_repeat(b) >= 6
        || distinct(b) <= 3
        || PLACEHOLDER_WORDS.contains(&lower.as_str())
        || lower.starts_with("your")
        || lower.starts_with("xxx")
        || lower.contains("example")
        || lower.contains("changeme")
}

/// Code and names rather than values: `config.password`, `getToken()`, `request.form[`, `DB_PASSWORD`,
/// `/etc/secret`, `https://…`, `my-token-name`, `jjwt-0.11.2`.
pub(super) fn looks_like_code_or_name(v: &str) -> bool {
    let b = v.as_bytes();
    let dotted = v.contains('.')
        && v.split('.').all(|p| {
            p.as_bytes()
                .first()
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                && p.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        });
    let env_name = b.len() > 2
        && b.contains(&b'_')
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_');
    let version_tail = {
        let t = v.trim_end_matches(|c: char| c.is_ascii_digit());
        t.len() < v.len()
            && t.ends_with('.')
            && t[..t.len() - 1].ends_with(|c: char| c.is_ascii_digit())
    };
    let numeric = b
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b':' | b'-' | b'/' | b'_' | b' ' | b'+'))
        && b.iter().any(|c| !c.is_ascii_digit());
    dotted
        || env_name
        || version_tail
        || numeric
        || v.contains(['(', '[', '{'])
        || v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("~/")
        || v.contains("://")
}

/// How a secret-named key's value must look to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ValueClass {
    /// People choose passwords: any non-placeholder of 6+ characters.
    Password,
    /// Machines make tokens: 8+ characters, no spaces, digits or mixed case, not a name.
    Token,
}

pub(super) fn plausible_value(v: &str, class: ValueClass) -> bool {
    let n = v.chars().count();
    if !(6..=4096).contains(&n) || placeholder(v) || looks_like_code_or_name(v) {
        return false;
    }
    match class {
        ValueClass::Password => true,
        ValueClass::Token => {
            let b = v.as_bytes();
            let digits = b.iter().any(u8::is_ascii_digit);
            let upper = b.iter().any(u8::is_ascii_uppercase);
            let lower = b.iter().any(u8::is_ascii_lowercase);
            // `my-token-name`, `db_password`: words joined, a name rather than a value.
            let words_only = v.split(['-', '_', '.']).count() >= 2
                && v.split(['-', '_', '.'])
                    .all(|p| p.bytes().all(|c| c.is_ascii_alphabetic()));
            // `xsd:AgencyCode`, `ns:TypeName`: a qualified name.
            let qualified = v
                .split_once(':')
                .is_some_and(|(_, t)| t.len() >= 4 && t.bytes().all(|c| c.is_ascii_alphabetic()));
            n >= 8
                && !words_only
                && !qualified
                && !v.contains(char::is_whitespace)
                && if b.iter().all(u8::is_ascii_digit) {
                    n >= 16
                } else {
                    digits || (n >= 16 && upper && lower)
                }
        }
    }
}
