//! Writes the fuzz targets' seed corpora from the project's own files, so a run starts from documents
//! that get deep into each reader instead of rediscovering JSON one byte at a time:
//! `fuzz-seeds REPO_ROOT OUT_DIR` fills `OUT_DIR/<target>/` (scripts/fuzz.sh calls it).
//!
//! - policy_load: every policy source the tests use, valid and invalid, and the JSON examples of
//!   docs/policy.md;
//! - compiled_decode: the compiled form of every one of them that loads (written now, so the seeds are
//!   always in the format this build reads);
//! - json_parse: all of the above;
//! - ticket_read: the example of docs/ticket.md, as written and as the widget writes it, and a minimal one;
//! - outbox_decode: outbox entries holding those tickets (new, after a failure, held, a bare ticket as the
//!   first widget stored it), a receipt and a lease.
//!
//! Reads only the repository's own folders listed below.

use std::fs;
use std::path::{Path, PathBuf};

use triage_core::delivery::{Backoff, Failure};
use triage_core::json::write::ToJson;
use triage_core::outbox::{self, Entry};
use triage_core::policy::{self, Policy};
use triage_core::ticket::Ticket;
use triage_fuzz_support::FakeZones;

const POLICY_DIRS: [&str; 5] = [
    "public/policies",
    "tests/policies",
    "tests/policies/invalid",
    "tests/fixtures",
    "tests/e2e/fixtures",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, root, out] = args.as_slice() else {
        eprintln!("usage: fuzz-seeds REPO_ROOT OUT_DIR");
        std::process::exit(2);
    };
    let (root, out) = (Path::new(root), Path::new(out));
    let mut seeds = Seeds::new(out);

    let mut sources = Vec::new();
    for dir in POLICY_DIRS {
        let mut files: Vec<PathBuf> = fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            sources.push(fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display())));
        }
    }
    sources.extend(json_blocks(&read(root, "docs/policy.md")));
    for text in &sources {
        seeds.add("policy_load", text);
        seeds.add("json_parse", text);
        if let Ok(p) = policy::load(text, &FakeZones) {
            let compiled = policy::compile(&p);
            assert_eq!(Policy::from_compiled(&compiled).as_ref(), Ok(&p));
            seeds.add("compiled_decode", &compiled);
            seeds.add("json_parse", &compiled);
        }
    }

    let example = json_blocks(&read(root, "docs/ticket.md"))
        .into_iter()
        .find(|b| b.contains("severity-triage/ticket@1"))
        .expect("docs/ticket.md has an example ticket");
    let full =
        Ticket::from_json(example.as_bytes()).expect("the documented example is a valid ticket");
    let minimal = Ticket {
        plan: None,
        request_type: None,
        answers: Vec::new(),
        first_response: None,
        resolution: None,
        details: Default::default(),
        attachments: Vec::new(),
        context: Default::default(),
        redactions: Default::default(),
        locale: None,
        time_zone: None,
        ..full.clone()
    };
    for text in [example.clone(), full.to_json(), minimal.to_json()] {
        seeds.add("ticket_read", &text);
        seeds.add("json_parse", &text);
    }

    let now = 1_795_000_000_000;
    for t in [&full, &minimal] {
        let fresh = Entry::new(t.clone(), "https://support.example/api/tickets");
        let failures = [
            Failure::Offline,
            Failure::Timeout { seconds: 30 },
            Failure::Busy {
                status: 503,
                retry_after: Some(std::time::Duration::from_secs(120)),
            },
            Failure::Rejected {
                status: 422,
                message: "summary is required".into(),
            },
        ];
        seeds.add("outbox_decode", &outbox::encode(&fresh));
        for f in &failures {
            let e = fresh.clone().failed(f, now, 0.5, Backoff::STANDARD);
            seeds.add("outbox_decode", &outbox::encode(&e));
        }
        // Version 0: the bare ticket.
        seeds.add("outbox_decode", &t.to_json());
    }
    seeds.add(
        "outbox_decode",
        r#"{"reference":"SUP-1042","at_ms":1795000000000}"#,
    );
    seeds.add(
        "outbox_decode",
        r#"{"owner":"tab-7f3a","until_ms":1795000004000}"#,
    );

    for (target, n) in &seeds.counts {
        println!("fuzz-seeds: {target}: {n} seeds");
    }
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The ```json blocks of a Markdown file.
fn json_blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in md.lines() {
        match (&mut block, line.trim_start()) {
            (None, "```json") => block = Some(String::new()),
            (Some(_), "```") => out.extend(block.take()),
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    out
}

/// Seed files named after their content's hash, as libFuzzer names corpus entries (so re-running adds
/// nothing twice).
struct Seeds<'a> {
    out: &'a Path,
    counts: std::collections::BTreeMap<&'static str, usize>,
}

impl<'a> Seeds<'a> {
    fn new(out: &'a Path) -> Seeds<'a> {
        Seeds {
            out,
            counts: Default::default(),
        }
    }

    fn add(&mut self, target: &'static str, text: &str) {
        let dir = self.out.join(target);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let name = triage_core::hash::content_version(text).replace(':', "-");
        let path = dir.join(format!("seed-{name}"));
        if !path.exists() {
            fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            *self.counts.entry(target).or_default() += 1;
        }
    }
}
