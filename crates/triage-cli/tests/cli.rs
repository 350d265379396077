//! The `triage` binary as integrators and scripts use it: real files in, stdout/stderr and exit codes out.

use std::path::{Path, PathBuf};
mod run;
use run::{root, triage};

fn explain_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = triage(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("explain --json prints one JSON object")
}

const SEEDS: [&str; 5] = ["weka", "atlan", "stakater", "severalnines", "wati"];

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
fn explain_json_has_the_documented_shape() {
    let e = explain_json(&[
        "public/policies/wati.json",
        "--type",
        "incident",
        "--answer",
        "service=down",
        "--at",
        "2026-11-24T09:30:00Z",
    ]);
    assert_eq!(e["level"], "p1");
    assert_eq!(e["level_name"], "Urgent (P1)");
    assert_eq!(
        e["reasons"][0],
        "The service is completely down or unavailable."
    );
    let fr = &e["first_response"];
    assert_eq!(fr["target"], "45 minutes");
    assert_eq!(fr["best_effort"], false);
    assert_eq!(fr["deadline"], "2026-11-24T10:15:00Z");
    assert_eq!(fr["coverage"], "24/7");
    assert!(e["resolution"].is_null());
    assert!(e["channels"].is_array());
}

#[test]
fn wati_pro_first_responses_are_45m_2h_4h_8h_around_the_clock() {
    // Saturday night: 24/7 means no waiting for Monday.
    let at = "2026-11-28T23:50:00Z";
    for (answers, level, due) in [
        (vec!["service=down"], "p1", "2026-11-29T00:35:00Z"),
        (
            vec!["service=degraded", "workaround=temporary"],
            "p2",
            "2026-11-29T01:50:00Z",
        ),
        (
            vec!["service=partial", "workaround=temporary"],
            "p3",
            "2026-11-29T03:50:00Z",
        ),
        (vec!["service=minor"], "p4", "2026-11-29T07:50:00Z"),
    ] {
        let mut args = vec![
            "public/policies/wati.json",
            "--type",
            "incident",
            "--at",
            at,
        ];
        for a in &answers {
            args.extend(["--answer", a]);
        }
        let e = explain_json(&args);
        assert_eq!(e["level"], level, "{answers:?}");
        assert_eq!(e["first_response"]["deadline"], due, "{answers:?}");
    }
    let q = explain_json(&[
        "public/policies/wati.json",
        "--type",
        "question",
        "--at",
        at,
    ]);
    assert_eq!(q["level"], "p4");
    assert_eq!(q["first_response"]["target"], "8 hours");
}

#[test]
fn weka_critical_names_the_phone_number_and_refuses_email() {
    let e = explain_json(&[
        "public/policies/weka.json",
        "--type",
        "problem",
        "--answer",
        "business_ops=yes",
        "--answer",
        "data=no",
    ]);
    assert_eq!(e["level"], "critical");
    let channels = e["channels"].as_array().unwrap();
    let phone = channels
        .iter()
        .find(|c| c["kind"] == "phone")
        .expect("a phone channel for Critical");
    assert_eq!(phone["value"], "+1 (844) 392-0665");
    let email = channels
        .iter()
        .find(|c| c["kind"] == "email")
        .expect("email is listed for Critical");
    assert_eq!(email["use"], "not_accepted");
    assert_eq!(
        email["note"],
        "Problem notifications sent via email are not considered critical."
    );
    // WEKA publishes no response figures: the policy says where they are instead of inventing one.
    assert_eq!(e["first_response"]["kind"], "stated_elsewhere");
    assert!(e["first_response"]["deadline"].is_null());
    // For Major, email is an accepted channel.
    let m = explain_json(&[
        "public/policies/weka.json",
        "--type",
        "problem",
        "--answer",
        "business_ops=no",
        "--answer",
        "data=no",
        "--answer",
        "severity=major",
    ]);
    assert_eq!(m["level"], "major");
    assert!(m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "email" && c["use"] == "accepted"));
    assert!(!m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "phone"));
    assert!(m["escalation"][0]
        .as_str()
        .unwrap()
        .contains("+1 (844) 392-0665"));
}

#[test]
fn severalnines_is_ticket_only_and_the_control_plane_answers_within_an_hour_24x7() {
    let e = explain_json(&[
        "public/policies/severalnines.json",
        "--type",
        "control_plane",
        "--plan",
        "control_plane",
        "--answer",
        "level1=yes",
        "--at",
        "2026-11-29T03:00:00Z",
    ]);
    assert_eq!(e["first_response"]["target"], "1 hour");
    assert_eq!(e["first_response"]["coverage"], "24x7");
    assert_eq!(e["first_response"]["deadline"], "2026-11-29T04:00:00Z");
    let channels = e["channels"].as_array().unwrap();
    for kind in ["phone", "slack"] {
        let c = channels.iter().find(|c| c["kind"] == kind).unwrap();
        assert_eq!(c["use"], "not_accepted");
        assert_eq!(c["note"], "No, only the ticketing system.");
    }
    assert!(channels
        .iter()
        .any(|c| c["kind"] == "portal" && c["required"] == true));
    let std = explain_json(&[
        "public/policies/severalnines.json",
        "--type",
        "datastore",
        "--plan",
        "standard",
    ]);
    assert_eq!(
        std["first_response"]["target"],
        "See the CCX SLA (https://severalnines.com/ccx/sla)"
    );
}

#[test]
fn atlan_p0_is_critical_with_24_7_and_no_invented_response_time() {
    let e = explain_json(&["public/policies/atlan.json", "--answer", "critical=yes"]);
    assert_eq!(e["level"], "p0");
    assert_eq!(e["level_name"], "Critical (P0)");
    assert_eq!(e["first_response"]["coverage"], "24/7");
    assert!(e["first_response"]["deadline"].is_null());
    assert!(e["first_response"]["target"]
        .as_str()
        .unwrap()
        .starts_with("Per your support contract"));
    assert_eq!(e["escalation"].as_array().unwrap().len(), 4);
}

#[test]
fn stakater_levels_follow_its_definitions_and_premium_p1_escalates() {
    for (answers, level, reason) in [
        (
            vec!["impact=outage", "workaround=no"],
            "p1",
            "P1 – Critical → Production outage, no viable workaround.",
        ),
        (
            vec!["impact=degradation"],
            "p2",
            "P2 – High → Major degradation with significant impact.",
        ),
        (
            vec!["impact=limited"],
            "p3",
            "P3 – Medium → Limited impact; workaround available.",
        ),
        (
            vec!["impact=minor"],
            "p4",
            "P4 – Low → Information request or minor issue.",
        ),
    ] {
        let mut args = vec![
            "public/policies/stakater.json",
            "--type",
            "incident",
            "--plan",
            "premium",
        ];
        for a in &answers {
            args.extend(["--answer", a]);
        }
        let e = explain_json(&args);
        assert_eq!(e["level"], level);
        assert_eq!(e["reasons"][0], reason);
    }
    let p1 = explain_json(&[
        "public/policies/stakater.json",
        "--type",
        "incident",
        "--plan",
        "premium",
        "--answer",
        "impact=outage",
        "--answer",
        "workaround=no",
    ]);
    assert!(p1["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"].as_str().unwrap().contains("Slack or phone")));
    let std = explain_json(&[
        "public/policies/stakater.json",
        "--type",
        "incident",
        "--plan",
        "standard",
        "--answer",
        "impact=outage",
        "--answer",
        "workaround=no",
    ]);
    assert!(!std["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"].as_str().unwrap().contains("Slack")));
}

#[test]
fn bad_arguments_exit_2_and_name_the_valid_choices() {
    for (args, needle) in [
        (
            vec![
                "explain",
                "public/policies/wati.json",
                "--answer",
                "servce=down",
            ],
            "expected one of \"service\", \"data_loss\", \"workaround\"",
        ),
        (
            vec![
                "explain",
                "public/policies/wati.json",
                "--answer",
                "service=dead",
            ],
            "expected one of \"down\", \"degraded\", \"partial\", \"minor\"",
        ),
        (
            vec!["explain", "public/policies/wati.json", "--plan", "gold"],
            "expected one of \"pro\"",
        ),
        (
            vec!["explain", "public/policies/wati.json", "--type", "bug"],
            "expected one of \"incident\", \"question\"",
        ),
        (
            vec!["explain", "public/policies/wati.json", "--at", "tomorrow"],
            "RFC 3339",
        ),
        (
            vec!["table", "public/policies/wati.json", "--plan", "gold"],
            "expected one of \"pro\"",
        ),
    ] {
        let out = triage(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert_eq!(
        triage(&["check", "no/such/file.json"]).status.code(),
        Some(2)
    );
}

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

#[test]
fn ticket_schema_matches_the_published_schema() {
    let out = triage(&["schema", "--ticket"]);
    let published = std::fs::read_to_string(root().join("public/ticket.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        published,
        "public/ticket.schema.json is stale: run `cargo run -p triage-cli -- schema --ticket > public/ticket.schema.json`"
    );
}

#[test]
fn schema_command_matches_the_published_schema() {
    let out = triage(&["schema"]);
    let published = std::fs::read_to_string(root().join("public/policy.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        published,
        "public/policy.schema.json is stale: run `cargo run -p triage-cli -- schema > public/policy.schema.json`"
    );
}

/// A scratch directory of its own for each test that writes files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triage-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_answer_to_a_question_not_asked_exits_2_and_says_why() {
    for (args, why) in [
        (
            vec!["--answer", "service=minor", "--answer", "workaround=none"],
            "question \"workaround\" is not asked for these answers (it is asked only when service=down|degraded|partial)",
        ),
        (
            vec!["--type", "question", "--answer", "service=down"],
            "question \"service\" is not asked for these answers (request type \"question\" skips the questions)",
        ),
    ] {
        let mut all = vec!["explain", "public/policies/wati.json"];
        all.extend(args.iter());
        let out = triage(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{all:?}: {stderr}");
    }
    // Asked on this path: accepted.
    let e = explain_json(&[
        "public/policies/wati.json",
        "--answer",
        "service=down",
        "--answer",
        "workaround=none",
    ]);
    assert_eq!(e["level"], "p1");
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

#[test]
fn best_effort_times_are_indicative_and_untimed_plans_show_no_coverage() {
    let at = "2026-11-27T15:00:00Z";
    let policy = "tests/policies/honest-targets.json";
    // "48 hours, best effort": a time, shown as indicative, never as a deadline.
    let e = explain_json(&[policy, "--plan", "business", "--at", at]);
    let fr = &e["first_response"];
    assert_eq!(fr["target"], "48 hours, best effort");
    assert_eq!(fr["kind"], "indicative");
    assert_eq!(fr["best_effort"], true);
    // 48 covered hours of Mon–Fri 09:00–17:00 Berlin from Fri 16:00 CET: Mon 7 Dec 16:00 CET.
    assert_eq!(fr["deadline"], "2026-12-07T15:00:00Z");
    let text = triage(&["explain", policy, "--plan", "business", "--at", at]);
    assert!(String::from_utf8_lossy(&text.stdout).contains(
        "indicatively by Mon 2026-12-07 16:00 Europe/Berlin = 2026-12-07T15:00:00Z (not promised)"
    ));
    // Plan-wide "best effort" and "no SLA" stay distinct, and neither invents coverage.
    for (plan, kind, target) in [
        ("free", "best_effort", "best effort"),
        ("community", "no_sla", "no SLA"),
    ] {
        let e = explain_json(&[policy, "--plan", plan, "--at", at]);
        let fr = &e["first_response"];
        assert_eq!(
            (fr["kind"].as_str(), fr["target"].as_str()),
            (Some(kind), Some(target)),
            "{plan}"
        );
        assert_eq!(fr["coverage"], serde_json::Value::Null, "{plan}");
        assert_eq!(fr["deadline"], serde_json::Value::Null, "{plan}");
    }
}

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

/// Issue B: a deadline is read on the vendor's clock (the calendar's zone, with the weekday), in UTC,
/// and with --tz on the requester's; the JSON carries the same three.
#[test]
fn explain_gives_deadlines_on_the_calendar_clock_in_utc_and_with_tz_the_requesters() {
    let args = [
        "explain",
        "tests/policies/acme.json",
        "--type",
        "incident",
        "--answer",
        "prod=down",
        "--answer",
        "workaround=yes",
        "--at",
        "2026-11-27T15:00:00Z",
        "--tz",
        "America/New_York",
    ];
    let out = triage(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("First response (Standard plan): 4 hours [Mon–Fri 09:00–17:00 (Europe/Berlin)], due Mon 2026-11-30 12:00 Europe/Berlin = 2026-11-30T11:00:00Z = Mon 2026-11-30 06:00 America/New_York (--tz)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Submitted at 2026-11-27T15:00:00Z = Fri 2026-11-27 16:00 Europe/Berlin = Fri 2026-11-27 10:00 America/New_York (--tz)\n"),
        "{stdout}"
    );
    // Every question answered and the type given: nothing more to say about either.
    assert!(!stdout.contains("Unanswered"), "{stdout}");
    assert!(!stdout.contains("--type not given"), "{stdout}");
    let e = explain_json(&args[1..]);
    let fr = &e["first_response"];
    assert_eq!(fr["deadline"], "2026-11-30T11:00:00Z");
    assert_eq!(fr["time_zone"], "Europe/Berlin");
    assert_eq!(fr["deadline_local"], "2026-11-30T12:00:00+01:00");
    assert_eq!(fr["deadline_requester"], "2026-11-30T06:00:00-05:00");
    assert_eq!(e["requester_time_zone"], "America/New_York");
    // A 24x7 calendar without a zone has no clock of its own: UTC only.
    let wati = triage(&[
        "explain",
        "public/policies/wati.json",
        "--answer",
        "service=down",
        "--at",
        "2026-11-24T09:30:00Z",
    ]);
    assert!(String::from_utf8_lossy(&wati.stdout)
        .contains("First response (Pro plan): 45 minutes [24/7], due 2026-11-24T10:15:00Z\n"));
    // An unknown --tz is a usage mistake, with the nearest zone.
    let bad = triage(&[
        "explain",
        "tests/policies/acme.json",
        "--tz",
        "America/New_Yrok",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("did you mean \"America/New_York\"?"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// Issue B: target notes in text as in --json, and a level that rests on missing answers says which
/// answers would decide it and that the default level was used.
#[test]
fn explain_shows_target_notes_and_which_missing_answers_would_decide_the_level() {
    let args = ["tests/policies/acme.json", "--at", "2026-11-27T15:00:00Z"];
    let mut all = vec!["explain"];
    all.extend(args);
    let stdout = String::from_utf8(triage(&all).stdout).unwrap();
    assert!(
        stdout.contains("First response (Standard plan): best effort [Mon–Fri 09:00–17:00 (Europe/Berlin)]\n  note: Resolution may vary for third-party issues.\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Unanswered: prod (down|impaired|no) would decide the level, so the default level was used; answer with --answer QUESTION=OPTION\n"),
        "{stdout}"
    );
    let e = explain_json(&args);
    assert_eq!(e["basis"]["by"], "default");
    assert_eq!(e["unanswered"], serde_json::json!(["prod"]));
    assert_eq!(
        e["first_response"]["note"],
        "Resolution may vary for third-party issues."
    );
    // Decided by a rule, but an open question could still change it.
    let e = explain_json(&["tests/policies/acme.json", "--answer", "prod=down"]);
    assert_eq!(e["level"], "sev2");
    assert_eq!(e["unanswered"], serde_json::json!(["workaround"]));
    // Answering it either way settles it: prod=impaired leaves workaround open, but no answer to it
    // changes the level.
    let e = explain_json(&["tests/policies/acme.json", "--answer", "prod=impaired"]);
    assert_eq!(e["unanswered"], serde_json::json!([]));
}

/// Issue B: without --type, the first request type (the widget's first choice) is explained, and the
/// output says it was assumed.
#[test]
fn explain_without_type_assumes_the_first_request_type_and_says_so() {
    let out = triage(&[
        "explain",
        "public/policies/wati.json",
        "--answer",
        "service=minor",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "Request type: incident (Something is broken or degraded) — --type not given: the first type the widget offers\n"
    ));
    let e = explain_json(&["public/policies/wati.json", "--answer", "service=minor"]);
    assert_eq!(e["request_type"], "incident");
    assert_eq!(e["request_type_assumed"], true);
    let e = explain_json(&["public/policies/wati.json", "--type", "question"]);
    assert_eq!(e["request_type"], "question");
    assert_eq!(e["request_type_assumed"], false);
    // A policy without request types has none to assume.
    let e = explain_json(&["public/policies/atlan.json", "--answer", "critical=yes"]);
    assert!(e["request_type"].is_null());
    assert_eq!(e["request_type_assumed"], false);
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
