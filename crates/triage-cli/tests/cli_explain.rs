//! `triage explain` on one case: the documented --json shape, deadlines read on the vendor's clock, in
//! UTC and on the requester's (--tz), target notes, the answers that would still decide the level, the
//! request type assumed when --type is missing, and best-effort times that are indicative, never
//! promised. Its own file because these are the rules of how any case is presented; what each seed
//! policy's published terms come out as is in cli_seeds.rs.

mod run;
use run::{explain_json, triage};

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
