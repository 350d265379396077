//! Personal data that is not a credential: card numbers (always: a pasted card number is never needed to
//! solve a ticket), and — only when the policy asks — email and IP addresses, which support often does
//! need, so they stay visible by default.
//!
//! Card numbers must be plausible, not merely Luhn-valid (one random number in ten passes Luhn): a
//! network's prefix, its length, standalone digits, and spacing in the printed 4-4-4-4 (or Amex 4-6-5)
//! groups when spaced at all. Millisecond timestamps (13 digits starting with 1) have no network prefix.

use super::text::{alnum, run};
use super::{Finding, Kind};

pub(super) fn cards(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (alnum(b[i - 1]) || matches!(b[i - 1], b'.' | b'-' | b'_' | b'+')))
        {
            i += 1;
            continue;
        }
        // Digit groups joined by one consistent separator.
        let mut groups = [(i, run(b, i, |c| c.is_ascii_digit())); 5];
        let mut len = 1;
        let mut sep = 0u8;
        while len < 5 {
            let end = groups[len - 1].1;
            let Some(&c) = b.get(end) else { break };
            let next_digit = b.get(end + 1).is_some_and(u8::is_ascii_digit);
            if !(matches!(c, b' ' | b'-') && next_digit && (sep == 0 || sep == c)) {
                break;
            }
            sep = c;
            groups[len] = (end + 1, run(b, end + 1, |c| c.is_ascii_digit()));
            len += 1;
        }
        let digits = |n: usize| groups[..n].iter().map(|(s, e)| e - s).sum::<usize>();
        let found = (1..=len)
            .rev()
            .filter(|n| (13..=19).contains(&digits(*n)))
            .find_map(|n| candidate(b, &groups[..n]));
        match found {
            Some(end) => {
                out.push(Finding {
                    kind: Kind::CardNumber,
                    start: i,
                    end,
                });
                i = end;
            }
            None => i = groups[0].1,
        }
    }
}

fn candidate(b: &[u8], groups: &[(usize, usize)]) -> Option<usize> {
    let end = groups.last()?.1;
    let after_ok = match b.get(end) {
        None => true,
        Some(&c) => {
            !(alnum(c)
                || c == b'_'
                || ((c == b'.' || c == b',') && b.get(end + 1).is_some_and(u8::is_ascii_digit)))
        }
    };
    if !after_ok {
        return None;
    }
    let lens: Vec<usize> = groups.iter().map(|(s, e)| e - s).collect();
    let digits: Vec<u8> = groups
        .iter()
        .flat_map(|(s, e)| b[*s..*e].iter().map(|c| c - b'0'))
        .collect();
    let n = digits.len();
    let spaced_ok = lens.len() == 1
        || (lens[..lens.len() - 1].iter().all(|l| *l == 4) && (1..=4).contains(lens.last()?))
        || lens == [4, 6, 5]
        || lens == [4, 6, 4];
    (spaced_ok
        && network_length_ok(&digits, n)
        && luhn(&digits)
        && digits.iter().any(|d| *d != digits[0]))
    .then_some(end)
}

fn network_length_ok(d: &[u8], n: usize) -> bool {
    let prefix = |k: usize| {
        d.iter()
            .take(k)
            .fold(0u32, |acc, x| acc * 10 + u32::from(*x))
    };
    match d[0] {
        4 => matches!(n, 13 | 16 | 19),
        5 => (51..=55).contains(&prefix(2)) && n == 16,
        2 => (2221..=2720).contains(&prefix(4)) && n == 16,
        3 => match prefix(2) {
            34 | 37 => n == 15,
            35 => (16..=19).contains(&n),
            36 | 38 | 39 | 30 => (14..=16).contains(&n),
            _ => false,
        },
        6 => {
            (prefix(4) == 6011
                || prefix(2) == 65
                || (644..=649).contains(&prefix(3))
                || prefix(2) == 62)
                && (16..=19).contains(&n)
        }
        _ => false,
    }
}

fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 {
                    y - 9
                } else {
                    y
                }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn email_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

pub(super) fn emails(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && email_local(b[s - 1]) && at - s < 64 {
            s -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        // `user:password@host` is a URL's credentials, handled elsewhere.
        if s == at || (s > 0 && b[s - 1] == b':') {
            continue;
        }
        let mut e = run(b, at + 1, |c| {
            c.is_ascii_alphanumeric() || c == b'-' || c == b'.'
        });
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let domain = &text[at + 1..e];
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels.len() >= 2
            && labels
                .last()
                .is_some_and(|t| t.len() >= 2 && t.bytes().all(|c| c.is_ascii_alphabetic()))
            && labels.iter().all(|l| !l.is_empty());
        if tld_ok {
            out.push(Finding {
                kind: Kind::Email,
                start: s,
                end: e,
            });
        }
    }
}

pub(super) fn ips(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts = i == 0 || !(alnum(b[i - 1]) || matches!(b[i - 1], b'.' | b':' | b'_'));
        if starts && b[i].is_ascii_hexdigit()
            || (starts && b[i] == b':' && b.get(i + 1) == Some(&b':'))
        {
            let e = run(b, i, |c| c.is_ascii_hexdigit() || c == b'.' || c == b':');
            let mut end = e;
            while end > i && b[end - 1] == b'.' {
                end -= 1;
            }
            // `10.0.0.7:5432`: an IPv4 address followed by a port.
            if !ipv6(&text[i..end]) {
                if let Some(colon) = text[i..end].find(':') {
                    if ipv4(&text[i..i + colon]) {
                        end = i + colon;
                    }
                }
            }
            let candidate = &text[i..end];
            let bounded = b.get(end).is_none_or(|c| !(alnum(*c) || *c == b'_'));
            if bounded && (ipv4(candidate) || ipv6(candidate)) {
                out.push(Finding {
                    kind: Kind::IpAddress,
                    start: i,
                    end,
                });
                i = end;
                continue;
            }
            i = e.max(i + 1);
            continue;
        }
        i += 1;
    }
}

fn ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}

fn ipv6(s: &str) -> bool {
    if s.matches(':').count() < 2 || s.contains(":::") {
        return false;
    }
    let (groups, compressed): (Vec<&str>, bool) = match s.split_once("::") {
        Some((head, tail)) => {
            if tail.contains("::") {
                return false;
            }
            let g = head
                .split(':')
                .chain(tail.split(':'))
                .filter(|g| !g.is_empty())
                .collect();
            (g, true)
        }
        None => (s.split(':').collect(), false),
    };
    let mut count = 0;
    for (n, g) in groups.iter().enumerate() {
        if n + 1 == groups.len() && g.contains('.') {
            if !ipv4(g) {
                return false;
            }
            count += 2;
        } else if (1..=4).contains(&g.len()) && g.bytes().all(|c| c.is_ascii_hexdigit()) {
            count += 1;
        } else {
            return false;
        }
    }
    if compressed {
        (1..=7).contains(&count)
    } else {
        count == 8
    }
}
