//! The secret scanner: finds credentials (and, when the policy asks, emails and IP addresses) in pasted
//! text so the widget can mask them before a ticket leaves the browser.
//!
//! Why hand-written: it runs in the widget's WebAssembly, where a regex engine would cost more bytes than
//! the whole scanner, and every rule here needs a plausibility judgement (placeholder? identifier?
//! Luhn?) that a pattern alone cannot express. Findings cover the secret *value*, never the key name, so
//! a redacted log stays readable: `password=[REDACTED:password]`.
//!
//! Guarantees the tests hold it to: findings are sorted, non-overlapping and on char boundaries; every
//! occurrence of a found secret of 6+ characters is masked, not just the one with context; redacting is
//! idempotent (markers are never flagged, and masking never makes a neighbour look like a new secret);
//! the output is the input with some ranges replaced by markers.

mod flags;
mod headers;
mod keys;
mod kind;
mod pairs;
mod pii;
mod printed;
mod shell;
mod structure;
mod text;
mod vendor;

use crate::maps::SortedMap;

use serde::Serialize;

pub use kind::Kind;

/// The largest text `triage redact` accepts (the widget trims logs far below this).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// Personal data that is not a credential is masked only when the policy asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub emails: bool,
    pub ip_addresses: bool,
}

/// One secret: byte offsets `start..end` of the value to mask in the scanned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Finding {
    /// A preview safe to show next to the finding (see [`masked_preview`]).
    pub fn preview(&self, text: &str) -> String {
        text.get(self.start..self.end)
            .map(masked_preview)
            .unwrap_or_default()
    }
}

/// Finds every secret in `text`; sorted by `start`, non-overlapping, on char boundaries.
pub fn scan(text: &str, opts: &Options) -> Vec<Finding> {
    let mut found = with_echoes(text, detect(text, opts));
    // Masking changes a secret's neighbours (`4111 1111 1111 1111hooks.slack…` is no card until the
    // webhook becomes `[REDACTED:…]`). Scanning the redacted text again, and mapping what it finds back,
    // makes redaction idempotent; it converges in one extra round in practice.
    for _ in 0..4 {
        if found.is_empty() {
            break;
        }
        let (out, marks) = render(text, &found);
        let again = detect(&out, opts);
        if again.is_empty() {
            break;
        }
        let mut more: Vec<Finding> = again.iter().map(|f| map_back(f, &marks)).collect();
        more.extend(found);
        found = with_echoes(text, merge(more));
    }
    found
}

fn detect(text: &str, opts: &Options) -> Vec<Finding> {
    let mut raw = Vec::new();
    vendor::scan(text, &mut raw);
    structure::scan(text, &mut raw);
    pairs::scan(text, &mut raw);
    printed::scan(text, &mut raw);
    pii::cards(text, &mut raw);
    if opts.emails {
        pii::emails(text, &mut raw);
    }
    if opts.ip_addresses {
        pii::ips(text, &mut raw);
    }
    merge(outside_markers(text, raw))
}

/// Markers already in the text (a re-scan, or a paste of redacted text) are never part of a finding: a
/// detector that read across one was reading the marker as data, so its finding is dropped.
fn outside_markers(text: &str, raw: Vec<Finding>) -> Vec<Finding> {
    let mut spans = Vec::new();
    for (at, _) in text.match_indices("[REDACTED:") {
        let id_start = at + "[REDACTED:".len();
        if let Some(close) = text[id_start..].find(']') {
            if Kind::from_id(&text[id_start..id_start + close]).is_some() {
                spans.push((at, id_start + close + 1));
            }
        }
    }
    if spans.is_empty() {
        return raw;
    }
    raw.into_iter()
        .filter(|f| {
            let n = spans.partition_point(|(_, e)| *e <= f.start);
            spans.get(n).is_none_or(|(s, _)| *s >= f.end)
        })
        .collect()
}

fn with_echoes(text: &str, found: Vec<Finding>) -> Vec<Finding> {
    if found.is_empty() {
        return found;
    }
    let mut all = echoes(text, &found);
    all.extend(found);
    merge(all)
}

/// The text with each finding replaced by its marker. Overlapping findings are joined; findings that do
/// not fit `text` (out of range, not on a char boundary) are ignored.
pub fn redact(text: &str, findings: &[Finding]) -> String {
    render(text, findings).0
}

/// Where a marker sits in the output (`out`) and what it replaced in the input (`orig`).
struct Mark {
    out: (usize, usize),
    orig: (usize, usize),
}

fn render(text: &str, findings: &[Finding]) -> (String, Vec<Mark>) {
    let valid = findings.iter().copied().filter(|f| {
        f.start < f.end
            && f.end <= text.len()
            && text.is_char_boundary(f.start)
            && text.is_char_boundary(f.end)
    });
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut pos = 0;
    for f in merge(valid.collect()) {
        out.push_str(&text[pos..f.start]);
        let at = out.len();
        out.push_str(&marker(f.kind));
        marks.push(Mark {
            out: (at, out.len()),
            orig: (f.start, f.end),
        });
        pos = f.end;
    }
    out.push_str(&text[pos..]);
    (out, marks)
}

/// A finding in the redacted text, as a range of the original text (covering any marker it touches).
fn map_back(f: &Finding, marks: &[Mark]) -> Finding {
    let point = |pos: usize, is_end: bool| {
        // The last marker starting before `pos` (or at it, for a start).
        let n = marks.partition_point(|m| {
            if is_end {
                m.out.0 < pos
            } else {
                m.out.0 <= pos
            }
        });
        match n.checked_sub(1).map(|i| &marks[i]) {
            None => pos,
            Some(m) if pos < m.out.1 || (is_end && pos == m.out.1) => {
                if is_end {
                    m.orig.1
                } else {
                    m.orig.0
                }
            }
            Some(m) => m.orig.1 + (pos - m.out.1),
        }
    };
    Finding {
        kind: f.kind,
        start: point(f.start, false),
        end: point(f.end, true),
    }
}

/// What replaces a secret: `[REDACTED:<kind id>]`. No detector ever flags it, so redaction is idempotent.
pub fn marker(kind: Kind) -> String {
    format!("[REDACTED:{}]", kind.as_str())
}

/// Kind id → count: what a ticket records about its redactions (never the values).
pub fn summarize(findings: &[Finding]) -> SortedMap<String, u32> {
    let mut out = SortedMap::new();
    for f in findings {
        *out.get_or_insert_with(f.kind.as_str().to_string(), || 0) += 1;
    }
    out
}

/// Enough to recognise a secret, never enough to rebuild it: the first 4 characters of secrets of 16 or
/// more characters (usually the vendor prefix, like `ghp_` or `AKIA`), and the length.
pub fn masked_preview(secret: &str) -> String {
    let n = secret.chars().count();
    if n >= 16 {
        let head: String = secret.chars().take(4).collect();
        format!("{head}\u{2026} ({n} characters)")
    } else {
        format!("\u{2026} ({n} characters)")
    }
}

/// Sorts and joins overlapping findings; the joined finding takes the more specific kind.
fn merge(mut v: Vec<Finding>) -> Vec<Finding> {
    v.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end), f.kind.rank()));
    let mut out: Vec<Finding> = Vec::with_capacity(v.len());
    for f in v {
        match out.last_mut() {
            Some(last) if f.start < last.end => {
                if f.kind.rank() < last.kind.rank() {
                    last.kind = f.kind;
                }
                last.end = last.end.max(f.end);
            }
            _ => out.push(f),
        }
    }
    out
}

/// Every other occurrence of a found secret: a token pasted once with `token=` and again bare in a URL
/// or a stack trace is masked in both places.
fn echoes(text: &str, found: &[Finding]) -> Vec<Finding> {
    let b = text.as_bytes();
    // Secrets by their first two bytes, with a bitset of those heads to skip most positions cheaply.
    let mut by_head: Vec<([u8; 2], &[u8], Kind)> = Vec::new();
    let mut heads = [0u64; 1024];
    for f in found {
        let s = &b[f.start..f.end];
        if s.len() < 6 {
            continue;
        }
        let head = [s[0], s[1]];
        let h = usize::from(u16::from_le_bytes(head));
        heads[h / 64] |= 1 << (h % 64);
        by_head.push((head, s, f.kind));
    }
    // Longest first within a head, so the first match found is the longest.
    by_head.sort_unstable_by_key(|x| (x.0, std::cmp::Reverse(x.1.len()), x.1));
    by_head.dedup_by(|x, y| x.1 == y.1);
    let mut out = Vec::new();
    for i in 0..b.len().saturating_sub(1) {
        let head = [b[i], b[i + 1]];
        let h = usize::from(u16::from_le_bytes(head));
        if heads[h / 64] & (1 << (h % 64)) == 0 {
            continue;
        }
        let from = by_head.partition_point(|x| x.0 < head);
        if let Some((_, s, kind)) = by_head[from..]
            .iter()
            .take_while(|x| x.0 == head)
            .find(|(_, s, _)| b.get(i + 2) == Some(&s[2]) && b[i..].starts_with(s))
        {
            out.push(Finding {
                kind: *kind,
                start: i,
                end: i + s.len(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        scan(text, &Options::default())
            .into_iter()
            .map(|f| (f.kind, &text[f.start..f.end]))
            .collect()
    }

    #[test]
    fn ids_match_the_serde_form_and_parse_back() {
        for k in Kind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert_eq!(Kind::from_id(k.as_str()), Some(k));
            assert!(!k.label().is_empty());
        }
    }

    #[test]
    fn masks_the_value_not_the_key() {
        let t = "db password=Tr0ub4dor&3x and more";
        assert_eq!(kinds(t), vec![(Kind::Password, "Tr0ub4dor&3x")]);
        assert_eq!(
            redact(t, &scan(t, &Options::default())),
            "db password=[REDACTED:password] and more"
        );
        let q = "GET /login?user=ann&password=Tr0ub4dor&next=/home";
        assert_eq!(kinds(q), vec![(Kind::Password, "Tr0ub4dor")]);
    }

    #[test]
    fn a_secret_seen_once_with_context_is_masked_everywhere() {
        let t = "api_key=9f8e7d6c5b4a39281706 then GET /v1?k=9f8e7d6c5b4a39281706";
        let out = redact(t, &scan(t, &Options::default()));
        assert!(!out.contains("9f8e7d6c5b4a39281706"), "{out}");
        assert_eq!(summarize(&scan(t, &Options::default()))["secret"], 2);
    }

    #[test]
    fn previews_never_show_short_secrets() {
        assert_eq!(masked_preview("hunter22"), "\u{2026} (8 characters)");
        assert_eq!(
            masked_preview("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp_\u{2026} (40 characters)"
        );
    }

    #[test]
    fn redact_joins_overlaps_and_ignores_findings_that_do_not_fit() {
        let t = "aé-secretvalue";
        let f = |kind, start, end| Finding { kind, start, end };
        let out = redact(
            t,
            &[
                f(Kind::Secret, 5, 10),
                f(Kind::Password, 4, 8),
                f(Kind::Secret, 2, 3),
                f(Kind::Secret, 3, 99),
            ],
        );
        assert_eq!(out, "aé-[REDACTED:password]value");
    }
}
