//! Pasted terminal sessions: the shell words of a command line, the value of an option, and which
//! program a word runs. Shared by the detectors of passwords given as options (`flags.rs`) and of secrets a command prints
//! (`printed.rs`). Neither needs a shell parser: words, quotes and `|`, `;`, `&&` are enough to tell
//! which program an argument goes to.

use super::text::{floor_boundary, quote, run_max, MAX_VALUE};

/// The program a command word runs: `/usr/bin/mysql` → `mysql`, `C:\Tools\sqlcmd.exe` → `sqlcmd`.
pub(super) fn program(word: &str) -> &str {
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    base.strip_suffix(".exe").unwrap_or(base)
}

/// Bytes that end an unquoted shell word besides whitespace: pipes, lists, redirections.
pub(super) fn operator(c: u8) -> bool {
    matches!(c, b'|' | b';' | b'&' | b'<' | b'>')
}

pub(super) fn skip_blanks(b: &[u8], i: usize) -> usize {
    run_max(b, i, 256, |c| c == b' ' || c == b'\t')
}

/// The shell words of `text[from..to]` with their quotes removed; `|`, `;`, `&&`, `>`… are words of
/// their own, so callers can split a pipeline into its commands.
pub(super) fn words(text: &str, from: usize, to: usize) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if operator(c) {
            let e = run_max(b, i, 2, |x| x == c);
            out.push(text[i..e].to_string());
            i = e;
            continue;
        }
        // Only ASCII bytes (quotes, backslashes) are dropped, so the rest stays valid UTF-8.
        let mut w = Vec::new();
        let mut q = 0u8;
        while i < to {
            let c = b[i];
            if q == 0 && (c.is_ascii_whitespace() || operator(c)) {
                break;
            }
            if q == 0 && quote(c) {
                q = c;
            } else if q != 0 && c == q {
                q = 0;
            } else if c == b'\\' && q != b'\'' && i + 1 < to {
                i += 1;
                w.push(b[i]);
            } else {
                w.push(c);
            }
            i += 1;
        }
        out.push(String::from_utf8(w).unwrap_or_default());
    }
    out
}

/// The value a shell word at `p` gives a program: inside its quotes when it starts with one, else up
/// to whitespace or an operator. Never crosses a line.
pub(super) fn value_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let c = *b.get(p)?;
    if quote(c) {
        let close = b[p + 1..]
            .iter()
            .take(MAX_VALUE)
            .position(|x| *x == c || *x == b'\n')
            .map(|r| p + 1 + r)?;
        return (b[close] == c && close > p + 1).then_some((p + 1, close));
    }
    let e = run_max(b, p, MAX_VALUE, |c| {
        !(c.is_ascii_whitespace() || operator(c) || quote(c))
    });
    let e = floor_boundary(text, e);
    (e > p).then_some((p, e))
}

/// The words before `at` in its command (back to the line's start or a `|`, `;`, `&`, `(`; at most 512
/// bytes), for asking which program an option is given to: `mysql` in `root@db:~# sudo mysql -p…`.
pub(super) fn words_before(text: &str, at: usize) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let lo = at.saturating_sub(512);
    let mut s = at;
    while s > lo && !matches!(b[s - 1], b'\n' | b'|' | b';' | b'&' | b'(') {
        s -= 1;
    }
    while !text.is_char_boundary(s) {
        s += 1;
    }
    text[s..at]
        .split_ascii_whitespace()
        .map(|w| w.trim_matches(|c: char| c == '"' || c == '\'' || c == '`'))
}
