//! `triage check` (and `compile`, which validates the same way) deciding whether a policy file is valid:
//! the seeds pass, every broken policy in tests/policies/invalid fails with the lines of its .expect
//! file, all of a file's mistakes come out in one run, notes are not errors, and empty, unreadable,
//! binary and oversized files are refused. Its own file because this is the gate every policy passes
//! before anything else reads it; how valid policies are explained or tabulated is tested elsewhere.

use std::path::Path;
mod run;
use run::{root, scratch, triage, SEEDS};

#[test]
fn all_five_seed_policies_pass_check() {
    let files: Vec<String> = SEEDS
        .iter()
        .map(|s| format!("public/policies/{s}.json"))
        .collect();
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = triage(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.contains(": ok (")).count(),
        5,
        "{stdout}"
    );
}

#[test]
fn every_broken_policy_is_rejected_with_its_expected_messages() {
    let dir = root().join("tests/policies/invalid");
    let mut checked = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let expected = std::fs::read_to_string(path.with_extension("expect"))
            .expect("each broken policy has a .expect file");
        let out = triage(&["check", path.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{} should be invalid",
            path.display()
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(!expected.trim().is_empty());
        // Every expected line, in the order of the .expect file (which is the file's order).
        let mut from = 0;
        for line in expected.lines() {
            let found = stderr[from..].find(&format!("{name}:{line}"));
            assert!(
                found.is_some(),
                "{name}: expected (after the lines before it)\n  {line}\nin\n{stderr}"
            );
            from += found.unwrap_or(0) + 1;
        }
        let reported = stderr
            .lines()
            .filter(|l| {
                l.contains(&format!("{name}:"))
                    && l.split(':')
                        .nth(2)
                        .is_some_and(|c| c.trim().parse::<u32>().is_ok())
            })
            .count();
        assert_eq!(
            reported,
            expected.lines().count(),
            "{name}: unexpected extra errors in\n{stderr}"
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} broken policies");
}

/// The case: an unknown field no longer hides the file's other mistakes. All four are listed in
/// one run, in file order, the typo with the field it was meant to be.
#[test]
fn an_unknown_field_and_three_other_mistakes_are_reported_in_one_run() {
    let file = "tests/policies/invalid/27-unknown-field-among-other-mistakes.json";
    let out = triage(&["check", file]);
    assert_eq!(out.status.code(), Some(1));
    let want = format!(
        "{file}:21:20: default_level: unknown level \"p9\"; expected one of \"p1\", \"p2\", \"p3\"
{file}:105:11: plans[0].targets.p1.first_reponse: unknown field `first_reponse`: did you mean `first_response`?
{file}:109:29: plans[0].targets.p2.first_response: \"soon\" is not a response target; write a whole number and a unit (\"45 minutes\", \"4 hours\", \"2 days\", \"1 business day\"), optionally followed by \", best effort\" when the time is not promised, or \"best effort\" or \"no SLA\"
{file}:118:12: endpoint.url: \"ftp://example.com\": must start with https:// (http:// only on loopback), or be a path such as /api/tickets
{file}: 4 errors
1 of 1 policies invalid
"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), want);
    assert!(out.stdout.is_empty());
}

#[test]
fn an_empty_policy_file_says_it_is_empty() {
    let dir = scratch("empty");
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "\n").unwrap();
    let out = triage(&["check", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.json:1:1: (policy): the file is empty;"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_reports_a_missing_file_and_still_checks_the_rest() {
    let out = triage(&[
        "check",
        "public/policies/wati.json",
        "no/such/file.json",
        "public/policies/weka.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("public/policies/wati.json: ok ("),
        "{stdout}"
    );
    assert!(
        stdout.contains("public/policies/weka.json: ok ("),
        "{stdout}"
    );
    assert!(stderr.contains("cannot read no/such/file.json"), "{stderr}");
    assert!(
        stderr.contains("1 of 3 files could not be read"),
        "{stderr}"
    );
}

#[test]
fn binary_and_oversized_input_is_invalid_input_exit_1() {
    let dir = scratch("binary");
    let binary = dir.join("policy.bin");
    std::fs::write(&binary, [0x7b, 0xff, 0xfe, 0x00, 0x7d]).unwrap();
    let out = triage(&["check", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not UTF-8 text (invalid byte at offset 1)")
    );

    let big = dir.join("big.json");
    std::fs::write(&big, vec![b' '; 2 * 1024 * 1024]).unwrap();
    let out = triage(&["check", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit of 1048576 bytes"));

    // An endless input is read only up to the limit.
    if Path::new("/dev/zero").exists() {
        let out = triage(&["check", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit"));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Issue C: "N days" on a business-hours calendar gets a note with its position; notes are not
/// errors (exit 0), and compile, which validates as check does, prints none.
#[test]
fn check_notes_days_counted_on_business_hours_and_still_succeeds() {
    let file = "tests/policies/office-hours-units.json";
    let out = triage(&["check", file]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let notes: Vec<&str> = stdout.lines().filter(|l| l.contains(": note: ")).collect();
    assert_eq!(notes.len(), 1, "{stdout}");
    assert!(
        notes[0].starts_with(&format!(
            "{file}:14:98: note: plans[0].default_target.first_response: \"1 day\" on business-hours calendar \"office\" counts calendar days"
        )),
        "{stdout}"
    );
    assert!(notes[0].contains("write \"1 business day\""), "{stdout}");
    assert!(out.stderr.is_empty());
    let compiled = triage(&["compile", file]);
    assert_eq!(compiled.status.code(), Some(0));
    assert!(compiled.stderr.is_empty());
    // The seeds have no such pairing.
    for seed in SEEDS {
        let out = triage(&["check", &format!("public/policies/{seed}.json")]);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("note:"),
            "{seed}"
        );
    }
}
