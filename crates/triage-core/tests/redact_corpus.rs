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

/// Per file: secrets planted, caught (covered by one finding of their kind and absent from the output),
/// and findings that cover nothing planted. Printed (`-- --nocapture`) so the figures in
/// docs/redaction.md can be read off one run; every problem is listed before the test fails.
#[test]
fn every_planted_secret_is_caught_and_nothing_else() {
    let (mut planted_total, mut problems) = (0, Vec::new());
    println!(
        "{:28} {:>7} {:>6} {:>5}",
        "planted/", "planted", "caught", "false"
    );
    for path in files("planted") {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (text, planted) = unmark(&std::fs::read_to_string(&path).unwrap());
        let pii = name.contains("-pii");
        let opts = Options {
            emails: pii,
            ip_addresses: pii,
        };
        let found = scan(&text, &opts);
        let out = redact(&text, &found);
        let mut caught = 0;
        for p in &planted {
            let value = &text[p.start..p.end];
            let cover = found.iter().find(|f| f.start <= p.start && p.end <= f.end);
            let left = value
                .lines()
                .find(|l| l.len() >= 6 && out.contains(*l))
                .is_some();
            match cover {
                Some(f) if f.kind == p.kind && !left => caught += 1,
                Some(f) if f.kind != p.kind => problems.push(format!(
                    "{name}: {value:?} caught as {:?}, planted as {:?}",
                    f.kind, p.kind
                )),
                Some(_) => problems.push(format!("{name}: output still contains {value:?}")),
                None => problems.push(format!("{name}: {:?} {value:?} not caught", p.kind)),
            }
        }
        let mut false_ones = 0;
        for f in &found {
            if !planted.iter().any(|p| p.start < f.end && f.start < p.end) {
                false_ones += 1;
                problems.push(format!(
                    "{name}: redacted something not planted: {:?} {:?}",
                    f.kind,
                    &text[f.start..f.end]
                ));
            }
        }
        println!("{name:28} {:>7} {caught:>6} {false_ones:>5}", planted.len());
        planted_total += planted.len();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(planted_total >= 85, "only {planted_total} planted secrets");
}

#[test]
fn the_clean_corpus_comes_out_unchanged() {
    let (mut checked, mut problems) = (0, Vec::new());
    println!("{:28} {:>5}", "clean/", "false");
    for path in files("clean") {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let found = scan(&text, &Options::default());
        println!("{name:28} {:>5}", found.len());
        for f in &found {
            problems.push(format!("{name}: {:?} {:?}", f.kind, &text[f.start..f.end]));
        }
        if found.is_empty() {
            assert_eq!(redact(&text, &found), text);
        }
        checked += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked >= 11);
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
