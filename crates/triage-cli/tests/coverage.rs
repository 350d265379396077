//! Coverage that depends on how the case is raised, as an integrator meets it: `triage check`, `table`
//! and `explain` on tests/fixtures/coverage-policy.json, where Standard P1 is 4 hours in Berlin office
//! hours or 4 hours around the clock once escalated by phone, and Premium P1 is 24/7 for production only.
//! The deadlines are worked out by hand in crates/triage-core/tests/coverage.rs.

mod common;
mod run;
use run::triage;

const POLICY: &str = "tests/fixtures/coverage-policy.json";
/// Friday 2026-11-27 16:00 in Berlin.
const FRIDAY_16: &str = "2026-11-27T15:00:00Z";

fn stdout(args: &[&str]) -> String {
    let out = triage(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_then_table_then_explain_show_both_promises() {
    assert!(stdout(&["check", POLICY])
        .contains(": ok (Alpenwerk: 4 levels, 2 questions, 3 rules, 2 plans)"));

    let table = stdout(&["table", POLICY]);
    assert!(
        table.contains(
            "environment=staging impact=down\t-> p1 (rule 1; first response 4 hours [Mon–Fri 09:00–17:00 (Europe/Berlin)], or 4 hours [24/7] if raised by phone)"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "environment=staging impact=degraded\t-> p2 (rule 2; first response 8 hours)"
        ),
        "{table}"
    );
    // The environment never changes the level, but it changes Premium's promise: not "idle".
    assert!(!table.contains("never changes the result"), "{table}");
    let premium = stdout(&["table", POLICY, "--plan", "premium"]);
    assert!(
        premium.contains(
            "environment=production impact=down\t-> p1 (rule 1; first response 2 hours [24/7] when environment=production)"
        ),
        "{premium}"
    );
    assert!(
        premium.contains(
            "environment=staging impact=down\t-> p1 (rule 1; first response 2 hours [Mon–Fri 09:00–17:00 (Europe/Berlin)])"
        ),
        "{premium}"
    );

    let args = [
        "explain",
        POLICY,
        "--answer",
        "environment=staging",
        "--answer",
        "impact=down",
        "--at",
        FRIDAY_16,
    ];
    let text = stdout(&args);
    assert!(
        text.contains(
            "First response (Standard plan): 4 hours [Mon–Fri 09:00–17:00 (Europe/Berlin)], due Mon 2026-11-30 12:00 Europe/Berlin = 2026-11-30T11:00:00Z\n  or 4 hours [24/7] if raised by phone, due Fri 2026-11-27 20:00 Europe/Berlin = 2026-11-27T19:00:00Z — P1 issues are worked 24/7 once escalated by phone.\n"
        ),
        "{text}"
    );
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let e: serde_json::Value = serde_json::from_str(&stdout(&json_args)).unwrap();
    let fr = &e["first_response"];
    assert_eq!(fr["deadline"], "2026-11-30T11:00:00Z");
    assert_eq!(fr["alternative"]["deadline"], "2026-11-27T19:00:00Z");
    assert_eq!(fr["alternative"]["coverage"], "24/7");
    assert_eq!(fr["alternative"]["when"]["channel"], "phone");

    let text = stdout(&[
        "explain",
        POLICY,
        "--plan",
        "premium",
        "--answer",
        "environment=production",
        "--answer",
        "impact=down",
        "--at",
        FRIDAY_16,
    ]);
    assert!(
        text.contains(
            "First response (Premium plan): 2 hours [24/7], due Fri 2026-11-27 18:00 Europe/Berlin = 2026-11-27T17:00:00Z\n  (the target's alternative, when environment=production)\n"
        ),
        "{text}"
    );
}

#[test]
fn compile_keeps_the_alternative() {
    let compiled = stdout(&["compile", POLICY]);
    let p = triage_core::policy::Policy::from_compiled(compiled.trim()).unwrap();
    let standard = p.plan_ix("standard").unwrap();
    assert!(matches!(
        &p.plans[standard].targets[0],
        triage_core::policy::LevelTargets::Stated { alternative: Some(a), .. }
            if a.channel == Some(triage_core::policy::ChannelKind::Phone)
    ));
}

/// `triage serve` accepts and stores a ticket whose first response carries the by-phone promise, and
/// refuses one whose alternative deadline is not a time, naming the field.
#[tokio::test]
async fn the_receiver_stores_the_phone_promise_with_the_ticket() {
    let server = common::start(&[]);
    let client = reqwest::Client::new();
    let mut t = common::ticket(&common::uuid(70));
    t["first_response"] = serde_json::json!({"text": "4 hours", "due": "2026-11-30T11:00:00Z",
        "alternative": {"text": "4 hours", "coverage": "24/7", "due": "2026-11-27T19:00:00Z", "channel": "phone"}});
    let stored = common::post(&client, &server.url(), &t).await.unwrap();
    assert_eq!(stored.status(), 201);

    let mut bad = common::ticket(&common::uuid(71));
    bad["first_response"] = t["first_response"].clone();
    bad["first_response"]["alternative"]["due"] = "Friday evening".into();
    let refused = common::problem(
        common::post(&client, &server.url(), &bad).await.unwrap(),
        422,
    )
    .await;
    assert_eq!(
        refused["detail"],
        "`first_response.alternative.due` must be an RFC 3339 UTC time like 2026-01-31T09:30:00Z (got \"Friday evening\")"
    );
    bad["first_response"]["alternative"]["due"] = "2026-11-27T19:00:00Z".into();
    bad["first_response"]["alternative"]["channel"] = serde_json::Value::Null;
    let refused = common::problem(
        common::post(&client, &server.url(), &bad).await.unwrap(),
        422,
    )
    .await;
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .starts_with("`first_response.alternative.channel`: invalid type: null"),
        "{refused}"
    );

    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["ticket"], t);
}
