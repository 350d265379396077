//! What reaches the terminal: policy text carrying escape sequences, carriage returns or bidi overrides
//! is printed escaped by check (also in its error messages), explain and table, and stays exact in
//! --json. Its own file because it is a security property of every command's output, with a
//! hostile policy of its own (tests/policies/terminal-escapes.json).

mod run;
use run::{root, scratch, triage};

/// Bytes a terminal acts on (ESC, CR, BEL, C1 CSI) or reorders text by (RLO, LRI): none may reach it
/// from a policy.
fn raw_controls(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(out);
    text.chars()
        .filter(|c| {
            matches!(
                c,
                '\u{1b}' | '\r' | '\u{7}' | '\u{9b}' | '\u{202e}' | '\u{2066}'
            )
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// The security issue: policy text with escape sequences and bidi overrides is printed escaped by
/// check, explain and table (and in check's error messages), never as it is.
#[test]
fn policy_text_reaches_the_terminal_with_its_controls_escaped() {
    let policy = "tests/policies/terminal-escapes.json";
    let dir = scratch("escapes");
    // Invalid: an unknown field and an unknown level, both quoting the policy's text in the message.
    let broken = dir.join("broken.json");
    let text = std::fs::read_to_string(root().join(policy))
        .unwrap()
        .replace(
            "\"default_level\": \"p3\"",
            "\"default_level\": \"p\\u001b[31m\\u202e9\", \"x\\u001b[2J\": 1",
        );
    std::fs::write(&broken, text).unwrap();
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", policy], "Acme\\u{1b}]0;owned\\u{7} Support"),
        (
            vec![
                "explain",
                policy,
                "--answer",
                "down=yes",
                "--at",
                "2026-11-24T09:30:00Z",
            ],
            "Sev\\u{1b}[31m1\\u{202e} reversed — Down.\\u{d}Overwritten. (p1)",
        ),
        (vec!["table", policy], "P2\\u{1b}[2J"),
        (vec!["check", broken.to_str().unwrap()], "\\u{1b}[31m"),
    ];
    for (args, shown) in runs {
        let out = triage(&args);
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert_eq!(
                raw_controls(bytes),
                Vec::<String>::new(),
                "{args:?} {stream}:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains(shown), "{args:?}: no {shown:?} in\n{all}");
    }
    // JSON stays JSON: the characters are written as \u escapes and read back unchanged.
    let out = triage(&["explain", policy, "--answer", "down=yes", "--json"]);
    assert_eq!(raw_controls(&out.stdout), Vec::<String>::new());
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["level_name"], "Sev\u{1b}[31m1\u{202e} reversed");
    assert_eq!(e["channels"][0]["note"], "Call\u{202e} us.");
    std::fs::remove_dir_all(dir).unwrap();
}
