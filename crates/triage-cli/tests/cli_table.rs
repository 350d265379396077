//! `triage table`: every combination of answers with the level and first response it gets, and
//! warnings for levels never suggested and questions that never change the result. Its own file
//! because the table is the one command that walks the whole policy rather than one case.

mod run;
use run::{triage, SEEDS};

#[test]
fn table_lists_every_combination_and_warns() {
    let out = triage(&["table", "tests/policies/table-warnings.json"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("4 combination(s)"), "{stdout}");
    assert!(
        stdout.contains("down=yes colour=red\t-> p1 (rule 1; first response 1 hour)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("down=no colour=blue\t-> p3 (default; first response no SLA)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: level \"p2\" (P2) is never suggested"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: question \"colour\" never changes the result"),
        "{stdout}"
    );
    assert!(!stdout.contains("question \"down\" never"), "{stdout}");
    // The seeds: every level is reachable.
    for seed in SEEDS {
        let out = triage(&["table", &format!("public/policies/{seed}.json")]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && !stdout.contains("is never suggested"),
            "{seed}: {stdout}"
        );
    }
}
