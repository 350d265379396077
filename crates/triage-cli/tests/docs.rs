//! The documentation shows what the CLI does: every ```text block in docs/policy.md and README.md that
//! starts with `$ triage …` is run from the repository root and must print exactly the rest of the
//! block; the worked example policy in docs/policy.md is the file those examples read; and the table of
//! deadlines for `N days`, `N business days` and `N hours` is what the engine computes.

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
    assert!(all.len() >= 3, "{} examples", all.len());
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

/// "Thu 2026-03-19 10:00 (09:00 UTC)" from explain's "due Thu 2026-03-19 10:00 Europe/Berlin =
/// 2026-03-19T09:00:00Z".
fn as_in_table(due: &str) -> String {
    let (local, utc) = due
        .split_once(" Europe/Berlin = ")
        .expect("a deadline on the calendar's clock");
    format!("{local} ({} UTC)", &utc[11..16])
}

/// Issue C: the worked examples of the three units are computed by `triage explain`, here again.
#[test]
fn the_units_table_in_the_docs_is_what_the_engine_computes() {
    let docs = std::fs::read_to_string(root().join("docs/policy.md")).unwrap();
    let start = docs.find("<!-- units table:").expect("the units table");
    let end = docs.find("<!-- end of units table -->").unwrap();
    let rows: Vec<Vec<&str>> = docs[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("UTC"))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert!(rows.len() >= 5, "{rows:?}");
    for row in rows {
        // "Fri 2026-03-27 15:00 (14:00 UTC), before …": the date and the UTC time give --at.
        let filed = row[0];
        let date = &filed[4..14];
        let utc = &filed[filed.find('(').unwrap() + 1..][..5];
        let at = format!("{date}T{utc}:00Z");
        for (plan, want) in ["days", "business_days", "hours"].iter().zip(&row[1..]) {
            let out = triage(&[
                "explain",
                "tests/policies/office-hours-units.json",
                "--plan",
                plan,
                "--at",
                &at,
            ]);
            let text = String::from_utf8(out.stdout).unwrap();
            let due = text
                .lines()
                .find_map(|l| l.split_once(", due ").map(|(_, d)| d))
                .unwrap_or_else(|| panic!("{plan} {at}: no deadline in\n{text}"));
            assert_eq!(&as_in_table(due), want, "{plan}, filed {filed}");
            // The filing time as the table shows it, on the calendar's clock.
            let local = &filed[..filed.find(" (").unwrap()];
            assert!(
                text.contains(&format!("Submitted at {at} = {local} Europe/Berlin")),
                "{filed}: {text}"
            );
        }
    }
}
