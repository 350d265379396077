//! Secrets recognised by the shape of the text around them rather than by a prefix: PEM private-key
//! blocks, passwords inside URLs (`scheme://user:pass@host`), and the values of a Kubernetes `Secret`
//! manifest's `data:` section (base64, so nothing else would recognise them).

use super::text::{b64, floor_boundary, placeholder};
use super::{Finding, Kind};

pub(super) fn scan(text: &str, out: &mut Vec<Finding>) {
    private_keys(text, out);
    url_passwords(text, out);
    if text.contains("ecret") && text.contains("ata:") {
        kubernetes_secrets(text, out);
    }
}

/// `-----BEGIN … PRIVATE KEY-----` through its `-----END …-----` line. A paste cut short (no END) is
/// masked through the last line that still looks like key material.
fn private_keys(text: &str, out: &mut Vec<Finding>) {
    let mut search = 0;
    let mut end_missing_after = usize::MAX;
    while let Some(rel) = text[search..].find("-----BEGIN ") {
        let start = search + rel;
        let label_start = start + "-----BEGIN ".len();
        let window = &text[label_start..floor_boundary(text, label_start + 80)];
        let Some(close) = window.find("-----") else {
            search = label_start;
            continue;
        };
        let label = &window[..close];
        if !label.contains("PRIVATE KEY") || label.contains('\n') {
            search = label_start;
            continue;
        }
        let body_start = label_start + close + 5;
        let end_marker = if body_start < end_missing_after {
            text[body_start..].find("-----END ").map(|r| body_start + r)
        } else {
            None
        };
        let end = match end_marker {
            Some(e) => {
                let after = e + "-----END ".len();
                let window = &text[after..floor_boundary(text, after + 80)];
                window.find("-----").map_or(after, |c| after + c + 5)
            }
            None => {
                end_missing_after = end_missing_after.min(body_start);
                key_material_end(text, body_start)
            }
        };
        out.push(Finding {
            kind: Kind::PrivateKey,
            start,
            end,
        });
        search = end;
    }
}

fn key_material_end(text: &str, body_start: usize) -> usize {
    let mut end = body_start;
    let mut pos = body_start;
    loop {
        let line_end = text[pos..].find('\n').map_or(text.len(), |r| pos + r);
        let line = text[pos..line_end].trim();
        let material = line.bytes().all(b64) || line.contains(": ");
        if (pos > body_start && line.is_empty()) || !material {
            break;
        }
        end = pos + text[pos..line_end].trim_end().len();
        if line_end >= text.len() {
            break;
        }
        pos = line_end + 1;
    }
    end
}

/// The password of `scheme://user:password@host` (JDBC, Redis, AMQP, git remotes, package indexes…).
fn url_passwords(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    for (at, _) in text.match_indices("://") {
        let mut scheme = at;
        while scheme > 0
            && (b[scheme - 1].is_ascii_alphanumeric()
                || matches!(b[scheme - 1], b'+' | b'.' | b'-'))
        {
            scheme -= 1;
        }
        if at - scheme < 2 || !b[scheme].is_ascii_alphabetic() {
            continue;
        }
        let auth = at + 3;
        let limit = (auth + 512).min(b.len());
        let auth_end = (auth..limit)
            .find(|&i| {
                b[i].is_ascii_whitespace()
                    || matches!(
                        b[i],
                        b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\'
                    )
            })
            .unwrap_or(limit);
        let Some(at_sign) = (auth..auth_end).rev().find(|&i| b[i] == b'@') else {
            continue;
        };
        let Some(colon) = (auth..at_sign).find(|&i| b[i] == b':') else {
            continue;
        };
        let pass = &text[colon + 1..at_sign];
        let structural = pass.is_empty()
            || matches!(pass.as_bytes()[0], b'$' | b'<' | b'[' | b'{' | b'%')
            || pass
                .bytes()
                .all(|c| matches!(c, b'*' | b'x' | b'X' | b'.' | b'#'));
        if !structural {
            out.push(Finding {
                kind: Kind::UrlPassword,
                start: colon + 1,
                end: at_sign,
            });
        }
    }
}

struct Line {
    start: usize,
    end: usize,
}

fn indent(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t']).len()
}

/// Values under `data:` / `stringData:` in YAML documents whose `kind:` is `Secret`.
fn kubernetes_secrets(text: &str, out: &mut Vec<Finding>) {
    let mut lines = Vec::new();
    let mut pos = 0;
    for l in text.split('\n') {
        let end = pos + l.trim_end_matches('\r').len();
        lines.push(Line { start: pos, end });
        pos += l.len() + 1;
    }
    let line = |l: &Line| &text[l.start..l.end];
    let docs = lines.split(|l| line(l).trim() == "---");
    for doc in docs {
        let is_secret = doc.iter().any(|l| {
            let t = line(l).trim();
            t.strip_prefix("kind:").is_some_and(|v| {
                v.trim()
                    .trim_matches(['"', '\''])
                    .eq_ignore_ascii_case("secret")
            })
        });
        if !is_secret {
            continue;
        }
        for (idx, l) in doc.iter().enumerate() {
            let t = line(l).trim_end();
            let string_data = match t.trim_start() {
                "data:" => false,
                "stringData:" => true,
                _ => continue,
            };
            let base = indent(t);
            let mut j = idx + 1;
            while j < doc.len() {
                let raw = line(&doc[j]);
                let t = raw.trim();
                if t.is_empty() || t.starts_with('#') {
                    j += 1;
                    continue;
                }
                if indent(raw) <= base {
                    break;
                }
                let Some(colon) = raw.find(':') else { break };
                let value_start = colon + 1 + indent(&raw[colon + 1..]);
                let value = raw[value_start..].trim_end();
                j += 1;
                if matches!(value, "|" | "|-" | "|+" | ">" | ">-" | ">+") {
                    let own = indent(raw);
                    while j < doc.len()
                        && (line(&doc[j]).trim().is_empty() || indent(line(&doc[j])) > own)
                    {
                        let inner = line(&doc[j]);
                        let s = doc[j].start + indent(inner);
                        let e = doc[j].start + inner.trim_end().len();
                        if e > s {
                            out.push(Finding {
                                kind: Kind::KubernetesSecret,
                                start: s,
                                end: e,
                            });
                        }
                        j += 1;
                    }
                    continue;
                }
                let (mut s, mut e) = (
                    doc[j - 1].start + value_start,
                    doc[j - 1].start + value_start + value.len(),
                );
                let vb = value.as_bytes();
                if vb.len() >= 2 && matches!(vb[0], b'"' | b'\'') && vb[vb.len() - 1] == vb[0] {
                    s += 1;
                    e -= 1;
                }
                let v = &text[s..e];
                let ok = if string_data {
                    !placeholder(v)
                } else {
                    v.len() >= 4 && v.bytes().all(b64)
                };
                if ok {
                    out.push(Finding {
                        kind: Kind::KubernetesSecret,
                        start: s,
                        end: e,
                    });
                }
            }
        }
    }
}
