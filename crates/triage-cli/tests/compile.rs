//! `triage compile`: the same validation as `check` (same errors, same exit codes), and on success the
//! compiled form the widget reads, carrying the source file's content hash.

use triage_core::policy::Policy;

mod run;
use run::{root, triage};

#[test]
fn every_seed_compiles_to_one_line_the_widget_reads_with_the_source_hash() {
    for seed in ["weka", "atlan", "stakater", "severalnines", "wati"] {
        let file = format!("public/policies/{seed}.json");
        let out = triage(&["compile", &file]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), 1, "{seed}");
        let p = Policy::from_compiled(&text).unwrap_or_else(|e| panic!("{seed}: {e}"));
        let source = std::fs::read_to_string(root().join(&file)).unwrap();
        assert_eq!(p.id, seed);
        assert_eq!(p.version, triage_core::hash::content_version(&source));
        // The source file itself is refused by the widget's reader, with the command to run.
        let e = Policy::from_compiled(&source)
            .unwrap_err()
            .at(&file)
            .to_string();
        assert!(
            e.contains(&format!(
                "run `triage compile {seed}.json > {seed}.compiled.json`"
            )),
            "{e}"
        );
    }
}

#[test]
fn an_invalid_policy_fails_exactly_as_check_does_and_prints_nothing() {
    let dir = root().join("tests/policies/invalid");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file = path.to_str().unwrap();
        let (check, compile) = (triage(&["check", file]), triage(&["compile", file]));
        assert_eq!(compile.status.code(), Some(1), "{file}");
        assert!(compile.stdout.is_empty(), "{file}");
        assert!(!compile.stderr.is_empty(), "{file}");
        // The same lines, line:column included; `check` adds a count of invalid files.
        let (c, k) = (
            String::from_utf8(compile.stderr).unwrap(),
            String::from_utf8(check.stderr).unwrap(),
        );
        assert_eq!(k, format!("{c}1 of 1 policies invalid\n"), "{file}");
        compared += 1;
    }
    assert!(compared >= 15, "{compared}");
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let out = triage(&["compile", "no/such/policy.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("triage: cannot read no/such/policy.json")
    );
}
