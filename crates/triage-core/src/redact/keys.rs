//! Which key names name a secret. `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `x-api-key`, `db.password`
//! do; `secret_name`, `token_ttl`, `api_key_id`, `password_hash_algorithm`… name something *about* a
//! secret and do not. Keys are split into parts (snake, kebab, dotted and camel case) and judged on them.
//!
//! A password word followed by the thing it qualifies is a name of that thing, whatever comes last:
//! `passwordResetController`, `password-policy.min-length`, `PasswordEncoder` are software, not passwords
//! (people type such names in YAML and bean errors as `passwordEncoder: bcrypt`).

use super::text::ValueClass;
use super::Kind;

/// How a key's value is read: a plain value of some kind, an `Authorization` header, or cookies.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
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
    "stdin",
    "prompt",
];

/// Things named after passwords (`passwordEncoder`, `password-complexity`): after a password word, any
/// of these (or of [`NOT_THE_VALUE`]) makes the key the name of that thing. Qualifiers that keep a
/// password a password (`password_prod`, `PASSWORD_ROOT`, `password2`) are not nouns of this kind.
const NAMED_AFTER_PASSWORDS: &[&str] = &[
    "controller",
    "encoder",
    "decoder",
    "hasher",
    "validator",
    "verifier",
    "checker",
    "generator",
    "handler",
    "factory",
    "builder",
    "filter",
    "listener",
    "config",
    "configuration",
    "properties",
    "settings",
    "options",
    "complexity",
    "history",
    "recovery",
    "change",
    "template",
    "form",
    "page",
    "view",
    "dialog",
    "flow",
    "mail",
    "email",
    "notification",
    "exception",
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

pub(super) fn classify(key: &str) -> Option<Role> {
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
    let password_word = |x: &String| {
        [
            "password",
            "passwd",
            "pwd",
            "pass",
            "passphrase",
            "passcode",
            "pw",
        ]
        .contains(&x.as_str())
            || x.ends_with("password")
            || x.ends_with("passwd")
    };
    if let Some(at) = p.iter().rposition(password_word) {
        let names_a_thing = p[at + 1..].iter().any(|x| {
            NOT_THE_VALUE.contains(&x.as_str()) || NAMED_AFTER_PASSWORDS.contains(&x.as_str())
        });
        if !names_a_thing {
            return Some(Role::Value(Kind::Password, ValueClass::Password));
        }
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
