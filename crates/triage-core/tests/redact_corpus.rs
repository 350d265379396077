//! The scanner on realistic text people paste into tickets (see tests/redact/README.md): every planted
//! secret is caught with its kind and never appears in the output, nothing else is redacted, and the
//! clean corpus comes out unchanged.

use std::path::{Path, PathBuf};

use triage_core::redact::{redact, scan, Kind, Options};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/redact")
        .join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

struct Planted {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Strips the `«kind:value»` marks; returns the text and where each value landed.
fn unmark(marked: &str) -> (String, Vec<Planted>) {
    let mut text = String::new();
    let mut planted = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('«') {
        text.push_str(&rest[..open]);
        let after = &rest[open + '«'.len_utf8()..];
        let close = after.find('»').expect("every « has its »");
        let (kind, value) = after[..close].split_once(':').expect("«kind:value»");
        let kind = Kind::from_id(kind).unwrap_or_else(|| panic!("unknown kind {kind:?}"));
        planted.push(Planted {
            kind,
            start: text.len(),
            end: text.len() + value.len(),
        });
        text.push_str(value);
        rest = &after[close + '»'.len_utf8()..];
    }
    text.push_str(rest);
    (text, planted)
}

#[test]
fn every_planted_secret_is_caught_and_nothing_else() {
    let mut checked = 0;
    for path in files("planted") {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (text, planted) = unmark(&std::fs::read_to_string(&path).unwrap());
        let pii = name.contains("-pii");
        let opts = Options {
            emails: pii,
            ip_addresses: pii,
        };
        let found = scan(&text, &opts);
        for p in &planted {
            let value = &text[p.start..p.end];
            let cover = found.iter().find(|f| f.start <= p.start && p.end <= f.end);
            let cover = cover.unwrap_or_else(|| {
                let near: Vec<_> = found
                    .iter()
                    .map(|f| (f.kind, &text[f.start..f.end]))
                    .collect();
                panic!("{name}: {:?} {value:?} not caught; found {near:?}", p.kind)
            });
            assert_eq!(cover.kind, p.kind, "{name}: {value:?}");
            checked += 1;
        }
        for f in &found {
            assert!(
                planted.iter().any(|p| p.start < f.end && f.start < p.end),
                "{name}: redacted something not planted: {:?} {:?}",
                f.kind,
                &text[f.start..f.end]
            );
        }
        let out = redact(&text, &found);
        for p in &planted {
            let value = &text[p.start..p.end];
            for line in value.lines().filter(|l| l.len() >= 6) {
                assert!(
                    !out.contains(line),
                    "{name}: output still contains {line:?}:\n{out}"
                );
            }
        }
    }
    assert!(checked >= 55, "only {checked} planted secrets");
}

#[test]
fn the_clean_corpus_comes_out_unchanged() {
    let mut checked = 0;
    for path in files("clean") {
        let text = std::fs::read_to_string(&path).unwrap();
        let found = scan(&text, &Options::default());
        let what: Vec<_> = found
            .iter()
            .map(|f| (f.kind, &text[f.start..f.end]))
            .collect();
        assert!(what.is_empty(), "{}: {what:?}", path.display());
        assert_eq!(redact(&text, &found), text);
        checked += 1;
    }
    assert!(checked >= 9);
}

#[test]
fn emails_and_ips_are_masked_only_when_asked() {
    let text = "Reporter ann@example.org saw 502 from 203.0.113.40 and 2001:db8::7334 at 09:00.";
    assert!(scan(text, &Options::default()).is_empty());
    let on = Options {
        emails: true,
        ip_addresses: true,
    };
    let kinds: Vec<_> = scan(text, &on).iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [Kind::Email, Kind::IpAddress, Kind::IpAddress]);
    assert_eq!(
        redact(text, &scan(text, &on)),
        "Reporter [REDACTED:email] saw 502 from [REDACTED:ip-address] and [REDACTED:ip-address] at 09:00."
    );
}
