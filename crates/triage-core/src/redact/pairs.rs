//! Secrets named by their key: `password=…`, `"api_key": "…"`, `client_secret: …`, `X-Api-Key: …`,
//! `Authorization: Bearer …`, `Cookie: …`, `?access_token=…`, `<token>…</token>`, `curl -u user:pass`.
//!
//! One pass over the words of the text: a word whose parts name a secret (and whose last part is not
//! `id`, `name`, `url`, `file`… — those name *about* a secret) followed by an assignment operator of any
//! common syntax (`=`, `:`, `:=`, `=>`, `.=`, `?=`, a quoted key and `,` in a call) yields its value, if
//! the value looks like a real secret rather than a placeholder, a name or code.

use super::headers::{authorization, bearer, cookies, curl_user};
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Value(Kind, ValueClass),
    Authorization,
    Cookie,
}

/// Parts that say the key names something about a secret, not the secret itself.
const NOT_THE_VALUE: &[&str] = &[
    "id",
    "ids",
    "name",
    "names",
    "url",
    "uri",
    "urls",
    "endpoint",
    "file",
    "files",
    "path",
    "dir",
    "size",
    "length",
    "len",
    "type",
    "types",
    "version",
    "count",
    "expiry",
    "expires",
    "expiration",
    "ttl",
    "timeout",
    "header",
    "prefix",
    "suffix",
    "format",
    "label",
    "field",
    "var",
    "variable",
    "env",
    "param",
    "source",
    "provider",
    "method",
    "mode",
    "scheme",
    "policy",
    "min",
    "max",
    "enabled",
    "required",
    "hint",
    "help",
    "placeholder",
    "pattern",
    "regex",
    "ref",
    "store",
    "manager",
    "vault",
    "service",
    "server",
    "host",
    "port",
    "user",
    "username",
    "login",
    "at",
    "date",
    "time",
    "in",
    "status",
    "state",
    "kind",
    "class",
    "index",
    "location",
    "reset",
    "rotation",
    "strength",
    "changed",
    "expired",
    "updated",
    "created",
    "valid",
    "validity",
    "level",
    "strategy",
    "results",
    "result",
    "request",
    "response",
    "error",
    "errors",
    "failed",
    "issuer",
    "audience",
    "algorithm",
    "alg",
    "keys",
    "secrets",
    "tokens",
    "usage",
    "used",
    "limit",
    "count",
    "refresh",
    "rule",
    "rules",
];

/// Splits `sengridAPITokenToken`, `AWS_SECRET_ACCESS_KEY`, `x-api-key`, `client.secret1` into lowercase
/// parts, dropping digits.
fn parts(key: &str) -> Vec<String> {
    let b = key.as_bytes();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = if i > 0 { b[i - 1] } else { 0 };
        let next = b.get(i + 1).copied().unwrap_or(0);
        let boundary = c.is_ascii_uppercase()
            && (prev.is_ascii_lowercase()
                || (prev.is_ascii_uppercase() && next.is_ascii_lowercase()));
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase() as char);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Cheap first filter (most words in a log are not keys): does any part of `key` start a hint word?
fn hinted(key: &[u8]) -> bool {
    const HINTS: [&[u8]; 8] = [
        b"pass", b"pwd", b"secret", b"token", b"key", b"cred", b"auth", b"cookie",
    ];
    (0..key.len()).any(|j| {
        let c = key[j].to_ascii_lowercase();
        matches!(c, b'p' | b's' | b't' | b'k' | b'c' | b'a')
            && HINTS.iter().any(|h| {
                h[0] == c
                    && key[j..].len() >= h.len()
                    && key[j..j + h.len()].eq_ignore_ascii_case(h)
            })
    })
}

fn classify(key: &str) -> Option<Role> {
    if !hinted(key.as_bytes()) {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    let trimmed = lower.trim_start_matches('-');
    if trimmed == "authorization" || trimmed == "proxy-authorization" {
        return Some(Role::Authorization);
    }
    if trimmed == "cookie" || trimmed == "set-cookie" {
        return Some(Role::Cookie);
    }
    let p = parts(key);
    if NOT_THE_VALUE.contains(&p.last()?.as_str()) {
        return None;
    }
    let has = |w: &str| p.iter().any(|x| x == w);
    let ends = |w: &str| p.iter().any(|x| x.ends_with(w));
    if [
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "passcode",
        "pw",
    ]
    .iter()
    .any(|w| has(w))
        || ends("password")
        || ends("passwd")
    {
        return Some(Role::Value(Kind::Password, ValueClass::Password));
    }
    let keyed = p.windows(2).any(|w| {
        w[1] == "key"
            && [
                "api",
                "access",
                "secret",
                "private",
                "client",
                "master",
                "signing",
                "encryption",
                "auth",
                "app",
                "account",
                "subscription",
                "license",
                "service",
                "storage",
            ]
            .contains(&w[0].as_str())
    });
    let secretish = keyed
        || [
            "secret",
            "token",
            "apikey",
            "accesskey",
            "secretkey",
            "privatekey",
            "credential",
            "credentials",
            "creds",
            "auth",
            "bearer",
        ]
        .iter()
        .any(|w| has(w))
        || ends("token")
        || ends("secret")
        || ends("apikey");
    if !secretish {
        return None;
    }
    let kind = if has("aws") && (has("secret") || ends("secret")) {
        Kind::AwsSecretKey
    } else {
        Kind::Secret
    };
    Some(Role::Value(kind, ValueClass::Token))
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
