//! Credentials carried by HTTP and command-line conventions rather than by a `key=value`: the
//! `Authorization` header (the scheme stays readable), `Bearer <token>` wherever it appears, cookie
//! values, and `curl -u user:password`.

use super::text::{
    placeholder, plausible_value, quote, run_max, starts_word, ValueClass, MAX_VALUE,
};
use super::{Finding, Kind};

fn skip_blanks(b: &[u8], i: usize) -> usize {
    run_max(b, i, 256, |c| c == b' ' || c == b'\t')
}

/// `Authorization: <scheme> <credentials>`; the scheme stays readable.
pub(super) fn authorization(text: &str, p: usize, key_quote: u8) -> Option<Vec<Finding>> {
    let b = text.as_bytes();
    let (s, e) = if quote(b.get(p).copied().unwrap_or(0)) {
        let (s, e, _) = super::pairs::value_span(text, p, false)?;
        (s, e)
    } else {
        let stop = |c: u8| c == b'\n' || c == b'\r' || (quote(key_quote) && c == key_quote);
        let e = run_max(b, p, 2 * MAX_VALUE, |c| !stop(c));
        let v = text[p..e].trim_end();
        (p, p + v.trim_end_matches('\\').trim_end().len())
    };
    let v = &text[s..e];
    let (scheme, cred_start) = match v.find(' ') {
        Some(sp)
            if v[..sp]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && sp <= 32 =>
        {
            (&v[..sp], s + sp + skip_blanks(&b[s + sp..], 0))
        }
        _ => ("", s),
    };
    let cred = &text[cred_start..e];
    let kind = match scheme.to_ascii_lowercase().as_str() {
        "basic" => Kind::BasicAuth,
        "bearer" => Kind::BearerToken,
        _ => Kind::Secret,
    };
    (cred_start < e && plausible_value(cred, ValueClass::Password)).then(|| {
        vec![Finding {
            kind,
            start: cred_start,
            end: e,
        }]
    })
}

/// `Bearer <token>` anywhere (JSON values, code, log lines).
pub(super) fn bearer(text: &str, p: usize, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    if b.get(p) != Some(&b' ') {
        return;
    }
    let s = skip_blanks(b, p);
    let e = run_max(b, s, MAX_VALUE, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
    });
    if e > s && starts_word(b, s) && plausible_value(&text[s..e], ValueClass::Token) {
        out.push(Finding {
            kind: Kind::BearerToken,
            start: s,
            end: e,
        });
    }
}

const COOKIE_ATTRIBUTES: &[&str] = &[
    "path",
    "domain",
    "expires",
    "max-age",
    "samesite",
    "secure",
    "httponly",
    "priority",
    "partitioned",
    "version",
    "comment",
];

/// `Cookie: a=…; b=…` and `Set-Cookie: name=…; Path=/`: cookie values are sessions.
pub(super) fn cookies(text: &str, p: usize, key_quote: u8) -> Vec<Finding> {
    let b = text.as_bytes();
    let e = run_max(b, p, 2 * MAX_VALUE, |c| {
        !(c == b'\n' || c == b'\r' || (quote(key_quote) && c == key_quote))
    });
    let mut out = Vec::new();
    let mut pos = p;
    for item in text[p..e].split(';') {
        let item_start = pos;
        pos += item.len() + 1;
        let Some(eq) = item.find('=') else { continue };
        if COOKIE_ATTRIBUTES.contains(&item[..eq].trim().to_ascii_lowercase().as_str()) {
            continue;
        }
        let v = item[eq + 1..].trim_end();
        let s = item_start + eq + 1;
        if plausible_value(v, ValueClass::Token) {
            out.push(Finding {
                kind: Kind::SessionCookie,
                start: s,
                end: s + v.len(),
            });
        }
    }
    out
}

/// `curl -u user:password`, `--user 'user:pass'`, `-u "user":"pass"`, `-u "apikey:"`.
pub(super) fn curl_user(text: &str, p: usize, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    if !matches!(b.get(p), Some(b' ' | b'=')) {
        return;
    }
    let s = skip_blanks(b, p + 1);
    // One shell word: quoted and unquoted pieces up to unquoted whitespace.
    let mut e = s;
    let mut q = 0u8;
    while e < b.len().min(s + MAX_VALUE) && b[e] != b'\n' {
        let c = b[e];
        if q == 0 && c.is_ascii_whitespace() {
            break;
        }
        if q == 0 && quote(c) {
            q = c;
        } else if c == q {
            q = 0;
        }
        e += 1;
    }
    if b.get(s) == Some(&b'<') {
        return;
    }
    let Some(colon) = (s..e).find(|&i| b[i] == b':') else {
        return;
    };
    let strip = |mut s: usize, mut e: usize| {
        while s < e && quote(b[s]) {
            s += 1;
        }
        while e > s && quote(b[e - 1]) {
            e -= 1;
        }
        (s, e)
    };
    let (ps, pe) = strip(colon + 1, e);
    let (us, ue) = strip(s, colon);
    let (kind, s, e) = if ps < pe {
        (Kind::Password, ps, pe)
    } else {
        (Kind::Secret, us, ue)
    };
    // Braces are common in generated passwords here (`"{id}":"{secret}"`), so only placeholders are refused.
    let v = &text[s..e];
    if v.chars().count() >= 6 && !placeholder(v) {
        out.push(Finding {
            kind,
            start: s,
            end: e,
        });
    }
}
