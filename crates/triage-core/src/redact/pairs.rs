//! Secrets named by their key: `password=…`, `"api_key": "…"`, `client_secret: …`, `X-Api-Key: …`,
//! `Authorization: Bearer …`, `Cookie: …`, `?access_token=…`, `<token>…</token>`, `curl -u user:pass`;
//! words that start with `-` are also handed to flags.rs (`mysql -p…`, `--password …`).
//!
//! One pass over the words of the text: a word whose parts name a secret (and whose last part is not
//! `id`, `name`, `url`, `file`… — those name *about* a secret) followed by an assignment operator of any
//! common syntax (`=`, `:`, `:=`, `=>`, `.=`, `?=`, a quoted key and `,` in a call) yields its value, if
//! the value looks like a real secret rather than a placeholder, a name or code.

use super::flags;
use super::headers::{authorization, bearer, cookies, curl_user};
use super::keys::{classify, Role};
use super::text::{plausible_value, quote, run, run_max, ValueClass, MAX_VALUE};
use super::{Finding, Kind};

pub(super) fn scan(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !key_byte(b[i]) || (i > 0 && key_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let end = run(b, i, key_byte);
        let mut kend = end;
        while kend > i && matches!(b[kend - 1], b'.' | b'-') {
            kend -= 1;
        }
        let key = &text[i..kend];
        if b[i] == b'-' && (i == 0 || b[i - 1].is_ascii_whitespace() || quote(b[i - 1])) {
            flags::option(text, i, out);
        }
        if key == "-u" || key == "--user" {
            curl_user(text, kend, out);
        } else if key.eq_ignore_ascii_case("identified")
            && text[kend..]
                .get(..4)
                .is_some_and(|s| s.eq_ignore_ascii_case(" by "))
        {
            // SQL: `CREATE USER … IDENTIFIED BY 'password'`.
            if let Some((s, e, true)) = value_span(text, kend + 4, false) {
                if plausible_value(&text[s..e], ValueClass::Password) {
                    out.push(Finding {
                        kind: Kind::Password,
                        start: s,
                        end: e,
                    });
                }
            }
        } else if key.eq_ignore_ascii_case("bearer") {
            bearer(text, kend, out);
        } else if let Some(role) = classify(key) {
            if let Some(f) = value_after(text, i, kend, role) {
                out.extend(f);
            }
        }
        i = end;
    }
}

fn key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')
}

fn skip_blanks(b: &[u8], i: usize) -> usize {
    run_max(b, i, 256, |c| c == b' ' || c == b'\t')
}

/// The value after the key `kstart..kend`, if an assignment follows.
fn value_after(text: &str, kstart: usize, kend: usize, role: Role) -> Option<Vec<Finding>> {
    let b = text.as_bytes();
    let before = if kstart > 0 { b[kstart - 1] } else { 0 };
    let mut p = kend;
    let mut quoted_key = false;
    if quote(before) && b.get(p) == Some(&before) {
        quoted_key = true;
        p += 1;
    } else if before == b'<' && b.get(p) == Some(&b'>') {
        return xml_value(text, p + 1, role);
    }
    if b.get(p) == Some(&b'\\') && b.get(p + 1).is_some_and(|c| quote(*c)) {
        quoted_key = true;
        p += 2;
    }
    p = skip_blanks(b, p);
    for type_name in ["string ", "String ", "str "] {
        if text[p..].starts_with(type_name) {
            p = skip_blanks(b, p + type_name.len());
        }
    }
    let op_start = p;
    p = run_max(b, p, 8, |c| {
        matches!(c, b':' | b'=' | b'?' | b'.' | b'>' | b'+' | b'|' | b'!')
    });
    let op = &text[op_start..p];
    let op_ok = match op {
        // `setProperty("API_TOKEN", "…")`: a quoted key as a call's first argument.
        "" => {
            quoted_key
                && b.get(p) == Some(&b',')
                && kstart >= 2
                && b[..kstart - 1].trim_ascii_end().ends_with(b"(")
        }
        ":" => {
            quoted_key
                || role == Role::Authorization
                || b.get(p)
                    .is_none_or(|c| c.is_ascii_whitespace() || quote(*c) || *c == b'\\')
        }
        _ => {
            op.len() <= 4
                && (op.contains('=') || op.contains(':'))
                && !op.contains("==")
                && !op.contains("!=")
                && (op.contains('=') || !op.contains("::"))
        }
    };
    if !op_ok {
        return None;
    }
    if op.is_empty() {
        p += 1;
    }
    p = skip_blanks(b, p);
    let in_query = matches!(before, b'?' | b'&');
    match role {
        Role::Authorization => authorization(text, p, before),
        Role::Cookie => Some(cookies(text, p, before)),
        Role::Value(kind, class) => {
            let (s, e, quoted) = value_span(text, p, in_query)?;
            let v = &text[s..e];
            let ok = plausible_value(v, class)
                && (quoted || !b.get(e).is_some_and(|c| matches!(c, b'(' | b'[')));
            ok.then(|| {
                vec![Finding {
                    kind,
                    start: s,
                    end: e,
                }]
            })
        }
    }
}

/// `(start, end, quoted)` of a value starting at `p`: inside quotes (also `\"…\"` in embedded JSON) or up
/// to whitespace and punctuation that ends values in logs and configs.
pub(super) fn value_span(text: &str, p: usize, in_query: bool) -> Option<(usize, usize, bool)> {
    let b = text.as_bytes();
    let c = *b.get(p)?;
    let (open, escaped) = if quote(c) {
        (p + 1, false)
    } else if c == b'\\' && b.get(p + 1).is_some_and(|q| quote(*q)) {
        (p + 2, true)
    } else {
        let e = run_max(b, p, MAX_VALUE, |c| {
            !(c.is_ascii_whitespace()
                || quote(c)
                || matches!(c, b'\\' | b',' | b';' | b'<' | b'>' | b')' | b']' | b'}')
                || (in_query && c == b'&'))
        });
        return (e > p).then_some((p, e, false));
    };
    let q = if escaped { b[p + 1] } else { c };
    let mut e = open;
    let limit = b.len().min(open + MAX_VALUE);
    while e < limit && b[e] != b'\n' && b[e] != b'\r' {
        if b[e] == q && (!escaped || b[e - 1] == b'\\') {
            let end = if escaped { e - 1 } else { e };
            return (end > open).then_some((open, end, true));
        }
        if b[e] == b'\\' && !escaped {
            e += 1;
        }
        e += 1;
    }
    // Unterminated: treat as unquoted from after the quote.
    let e = run_max(b, open, MAX_VALUE, |c| {
        !(c.is_ascii_whitespace() || quote(c) || c == b'\\')
    });
    (e > open).then_some((open, e, false))
}

/// `<apiToken>  value  </apiToken>`.
fn xml_value(text: &str, p: usize, role: Role) -> Option<Vec<Finding>> {
    let Role::Value(kind, class) = role else {
        return None;
    };
    let b = text.as_bytes();
    let s = run_max(b, p, 1024, |c| c.is_ascii_whitespace());
    let close = b[s..]
        .iter()
        .take(MAX_VALUE)
        .position(|c| *c == b'<')
        .map(|r| s + r)?;
    let e = s + text[s..close].trim_end().len();
    (e > s && plausible_value(&text[s..e], class)).then(|| {
        vec![Finding {
            kind,
            start: s,
            end: e,
        }]
    })
}
