//! The documentation shows what the CLI does: every ```text block in docs/policy.md and README.md that
//! starts with `$ triage …` is run from the repository root and must print exactly the rest of the
//! block, and the worked example policy in docs/policy.md is the file those examples read.

mod run;
use run::{root, triage};

/// (file, command line, expected stdout) for each example block.
fn examples() -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    for doc in ["docs/policy.md", "README.md"] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("```text\n$ triage ") {
            let block = &rest[start + "```text\n$ ".len()..];
            let end = block.find("```").expect("a closed block");
            let (command, output) = block[..end].split_once('\n').unwrap();
            out.push((doc, command.to_string(), output.to_string()));
            rest = &block[end..];
        }
    }
    out
}

#[test]
fn docs_command_examples_match_the_cli() {
    let all = examples();
    assert!(all.len() >= 2, "{} examples", all.len());
    for (doc, command, want) in all {
        // Examples are written without shell quoting, so splitting on spaces is enough.
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = triage(&args);
        assert!(
            out.status.success(),
            "{doc}: `{command}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            want,
            "{doc}: `{command}` prints something else than the example shows"
        );
    }
}

#[test]
fn the_worked_example_in_the_docs_is_tests_policies_acme_json() {
    let docs = std::fs::read_to_string(root().join("docs/policy.md")).unwrap();
    let from = docs.find("## Worked example").unwrap();
    let block = &docs[from..];
    let start = block.find("```json\n").unwrap() + "```json\n".len();
    let end = start + block[start..].find("```").unwrap();
    let mut shown: serde_json::Value = serde_json::from_str(&block[start..end]).unwrap();
    let file = std::fs::read_to_string(root().join("tests/policies/acme.json")).unwrap();
    let mut stored: serde_json::Value = serde_json::from_str(&file).unwrap();
    // Only the schema's relative path differs (the files are in different folders).
    shown["$schema"] = serde_json::Value::Null;
    stored["$schema"] = serde_json::Value::Null;
    assert_eq!(
        shown, stored,
        "docs/policy.md's worked example and tests/policies/acme.json differ"
    );
}
