//! Tokens that announce themselves: vendors put a fixed prefix on their credentials (`AKIA`, `ghp_`,
//! `xoxb-`, `sk_live_`, `eyJ`…) precisely so scanners can find them without context. Each rule checks
//! the prefix, the body's alphabet and length, and that the body is random rather than `xxxx` filler.

use super::text::{
    alnum, b64, b64url, ends_word, hex, random_enough, run_max, starts_word, word, MAX_VALUE,
};
use super::{Finding, Kind};

pub(super) fn scan(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() && starts_word(b, i) {
            if let Some((kind, end)) = token_at(b, i) {
                out.push(Finding {
                    kind,
                    start: i,
                    end,
                });
                i = end;
                continue;
            }
            // A failed `eyJ…`/`ZXlK…` fails for every later start inside the same run; skip it.
            if b[i..].starts_with(b"eyJ") || b[i..].starts_with(b"ZXlK") {
                i = run_max(b, i, MAX_VALUE, |c| b64url(c) || c == b'+' || c == b'/');
                continue;
            }
        }
        i += 1;
    }
    azure_client_secrets(b, out);
    telegram_bot_tokens(b, out);
    slack_webhooks(text, out);
}

fn token_at(b: &[u8], i: usize) -> Option<(Kind, usize)> {
    let s = &b[i..];
    let prefixed = |p: &[u8]| s.starts_with(p);
    // Body of `alphabet` after a prefix of `p` bytes: (end, body).
    let body = |p: usize, alphabet: fn(u8) -> bool| {
        let end = run_max(b, i + p, 1024, alphabet);
        (end, &b[i + p..end])
    };
    let ok = |end: usize, body: &[u8], min: usize| {
        body.len() >= min && ends_word(b, end) && random_enough(body)
    };
    match s[0] {
        b'A' => {
            if prefixed(b"AIza") {
                let (end, body) = body(4, b64url);
                return (ok(end, body, 30) && body.len() <= 40)
                    .then_some((Kind::GoogleApiKey, end));
            }
            if prefixed(b"ATATT3") {
                let (end, body) = body(6, |c| b64url(c) || c == b'=');
                return ok(end, body, 150).then_some((Kind::AtlassianToken, end));
            }
            let aws = [&b"AKIA"[..], b"ASIA", b"ABIA", b"ACCA"]
                .iter()
                .any(|p| prefixed(p))
                || (prefixed(b"A3T") && s.len() > 3 && alnum(s[3]));
            if aws {
                let (end, body) = body(4, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
                let valid = body.len() == 16 && body.iter().any(u8::is_ascii_digit);
                return (valid && ok(end, body, 16)).then_some((Kind::AwsAccessKey, end));
            }
            None
        }
        b'g' => {
            if [&b"ghp_"[..], b"gho_", b"ghu_", b"ghs_", b"ghr_"]
                .iter()
                .any(|p| prefixed(p))
            {
                let (end, body) = body(4, alnum);
                return ok(end, body, 30).then_some((Kind::GithubToken, end));
            }
            if prefixed(b"github_pat_") {
                let (end, body) = body(11, |c| alnum(c) || c == b'_');
                return ok(end, body, 50).then_some((Kind::GithubToken, end));
            }
            for p in [&b"glpat-"[..], b"gldt-", b"glrt-", b"glptt-", b"glsoat-"] {
                if prefixed(p) {
                    let mut end = run_max(b, i + p.len(), 1024, |c| word(c) || c == b'.');
                    while end > i + p.len() && (b[end - 1] == b'.' || b[end - 1] == b'-') {
                        end -= 1;
                    }
                    let body = &b[i + p.len()..end];
                    return ok(end, body, 20).then_some((Kind::GitlabToken, end));
                }
            }
            None
        }
        b'x' => slack(b, i),
        b's' | b'r' | b'w' => {
            for p in [
                &b"sk_live_"[..],
                b"sk_test_",
                b"sk_prod_",
                b"rk_live_",
                b"rk_test_",
                b"rk_prod_",
                b"whsec_",
            ] {
                if prefixed(p) {
                    let (end, body) = body(p.len(), alnum);
                    return ok(end, body, 16).then_some((Kind::StripeKey, end));
                }
            }
            for p in [&b"shpat_"[..], b"shpca_", b"shppa_", b"shpss_"] {
                if prefixed(p) {
                    let (end, body) = body(p.len(), hex);
                    return ok(end, body, 32).then_some((Kind::ShopifyToken, end));
                }
            }
            if prefixed(b"sk-ant-") {
                let (end, body) = body(7, b64url);
                return ok(end, body, 40).then_some((Kind::AnthropicKey, end));
            }
            if prefixed(b"sk-") {
                let (end, body) = body(3, b64url);
                let mixed =
                    body.iter().any(u8::is_ascii_digit) && body.iter().any(u8::is_ascii_alphabetic);
                return (mixed && ok(end, body, 32)).then_some((Kind::OpenaiKey, end));
            }
            None
        }
        b'n' if prefixed(b"npm_") => {
            let (end, body) = body(4, alnum);
            ok(end, body, 36).then_some((Kind::NpmToken, end))
        }
        b'S' if prefixed(b"SG.") => {
            let mut end = run_max(b, i + 3, 1024, |c| b64url(c) || c == b'.' || c == b'=');
            while end > i + 3 && b[end - 1] == b'.' {
                end -= 1;
            }
            let body = &b[i + 3..end];
            ok(end, body, 60).then_some((Kind::SendgridKey, end))
        }
        b'S' if prefixed(b"SK") => {
            let (end, body) = body(2, hex);
            let mixed =
                body.iter().any(u8::is_ascii_digit) && body.iter().any(u8::is_ascii_alphabetic);
            (body.len() == 32 && mixed && ok(end, body, 32)).then_some((Kind::TwilioKey, end))
        }
        b'H' if prefixed(b"HRKU-") => {
            let (end, body) = body(5, b64url);
            ok(end, body, 50).then_some((Kind::HerokuKey, end))
        }
        b'e' if prefixed(b"eyJ") => jwt(b, i),
        // A JWT encoded once more in base64 (`eyJ` → `ZXlK`), as Kubernetes and CI configs store them.
        b'Z' if prefixed(b"ZXlK") => {
            let end = run_max(b, i + 4, MAX_VALUE, b64);
            let body = &b[i + 4..end];
            ok(end, body, 60).then_some((Kind::Jwt, end))
        }
        _ => None,
    }
}

/// `header.payload.signature` (signature may be empty for `alg: none`; JWE has five parts).
fn jwt(b: &[u8], i: usize) -> Option<(Kind, usize)> {
    let header_end = run_max(b, i, MAX_VALUE, b64url);
    if header_end - i < 10 || b.get(header_end) != Some(&b'.') {
        return None;
    }
    let payload_end = run_max(b, header_end + 1, 4 * MAX_VALUE, b64url);
    if payload_end - header_end - 1 < 8 {
        return None;
    }
    let (mut end, mut parts) = (payload_end, 2);
    while parts < 5 && b.get(end) == Some(&b'.') {
        let next = run_max(b, end + 1, MAX_VALUE, b64url);
        if next == end + 1 {
            // `header.payload.` is an unsigned token; a lone dot after a signature ends a sentence.
            if parts == 2 {
                end += 1;
            }
            break;
        }
        end = next;
        parts += 1;
    }
    (ends_word(b, end) && random_enough(&b[i..end])).then_some((Kind::Jwt, end))
}

/// `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xoxo-`, `xoxe-`, `xoxe.xoxp-`, `xapp-`.
fn slack(b: &[u8], i: usize) -> Option<(Kind, usize)> {
    let s = &b[i..];
    let (letter, body_start) = if s.starts_with(b"xoxe.xox") && s.len() > 9 && s[9] == b'-' {
        (s[8], i + 10)
    } else if s.starts_with(b"xox") && s.len() > 4 && s[4] == b'-' {
        (s[3], i + 5)
    } else if s.starts_with(b"xapp-") {
        (b'a', i + 5)
    } else {
        return None;
    };
    if !b"abposre".contains(&letter) {
        return None;
    }
    let end = run_max(b, body_start, 1024, |c| alnum(c) || c == b'-');
    if !ends_word(b, end) || b.get(end) == Some(&b'_') {
        return None;
    }
    let body = &b[body_start..end];
    // An optional version segment (`1-`, `2-`) precedes the random part.
    let rest = match body {
        [d, b'-', rest @ ..] if d.is_ascii_digit() => rest,
        _ => body,
    };
    let first = rest.split(|c| *c == b'-').next().unwrap_or_default();
    let last = rest.rsplit(|c| *c == b'-').next().unwrap_or_default();
    let numbered = matches!(letter, b'b' | b'p' | b's' | b'o') && rest.len() == body.len();
    let shaped = if numbered {
        first.len() >= 6
            && first.iter().all(u8::is_ascii_digit)
            && rest.len() > first.len()
            && last.len() >= 4
    } else {
        rest.len() >= 8
            && rest.iter().any(u8::is_ascii_digit)
            && rest.iter().any(u8::is_ascii_alphabetic)
    };
    (shaped && random_enough(last)).then_some((Kind::SlackToken, end))
}

/// Azure AD client secrets: three characters, a digit, `Q~`, then 31–34 more.
fn azure_client_secrets(b: &[u8], out: &mut Vec<Finding>) {
    let class = |c: u8| alnum(c) || matches!(c, b'_' | b'~' | b'.');
    let mut p = 4;
    while p + 1 < b.len() {
        if b[p] == b'Q'
            && b[p + 1] == b'~'
            && b[p - 1].is_ascii_digit()
            && b[p - 4..p - 1].iter().all(|c| class(*c))
        {
            let start = p - 4;
            let bounded = start == 0 || !(class(b[start - 1]) || b[start - 1] == b'-');
            let end = run_max(b, p + 2, 40, |c| class(c) || c == b'-');
            if bounded && (31..=34).contains(&(end - p - 2)) && random_enough(&b[p + 2..end]) {
                out.push(Finding {
                    kind: Kind::AzureClientSecret,
                    start,
                    end,
                });
                p = end;
                continue;
            }
        }
        p += 1;
    }
}

/// Telegram bot tokens: `<5–16 digit bot id>:A<34+ characters>`.
fn telegram_bot_tokens(b: &[u8], out: &mut Vec<Finding>) {
    let mut p = 5;
    while p + 1 < b.len() {
        if b[p] == b':' && b[p + 1] == b'A' && b[p - 1].is_ascii_digit() {
            let mut start = p;
            while start > 0 && b[start - 1].is_ascii_digit() {
                start -= 1;
            }
            let end = run_max(b, p + 2, 1024, b64url);
            if (5..=16).contains(&(p - start))
                && starts_word(b, start)
                && end - p - 2 >= 30
                && b[p + 2..end].iter().any(u8::is_ascii_digit)
                && ends_word(b, end)
                && random_enough(&b[p + 2..end])
            {
                out.push(Finding {
                    kind: Kind::TelegramBotToken,
                    start,
                    end,
                });
                p = end;
                continue;
            }
        }
        p += 1;
    }
}

/// `https://hooks.slack.com/services|workflows|triggers/…`: the whole URL is the credential.
fn slack_webhooks(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    for (at, _) in text.match_indices("hooks.slack.com/") {
        let path = at + "hooks.slack.com/".len();
        if !["services/", "workflows/", "triggers/"]
            .iter()
            .any(|p| b[path..].starts_with(p.as_bytes()))
        {
            continue;
        }
        let end = run_max(b, path, 1024, |c| word(c) || c == b'/');
        if end - path < 24 {
            continue;
        }
        let start = ["https://", "http://"]
            .iter()
            .find(|s| text[..at].ends_with(*s))
            .map_or(at, |s| at - s.len());
        out.push(Finding {
            kind: Kind::SlackWebhook,
            start,
            end,
        });
    }
}
