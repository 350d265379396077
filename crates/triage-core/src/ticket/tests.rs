//! The ticket's validation, limits and trimming, natively.

use super::*;

pub(crate) fn sample() -> Ticket {
    Ticket {
        schema: SCHEMA.into(),
        id: "abcdef12-3456".into(),
        created_at: "2026-11-24T09:30:00Z".into(),
        policy: "wati".into(),
        policy_version: "fnv1a64:0123456789abcdef".into(),
        plan: Some("pro".into()),
        request_type: None,
        answers: vec![Answer {
            question: "service".into(),
            question_text: "Is the service down?".into(),
            option: "down".into(),
            option_label: "Yes, down".into(),
        }],
        level: ChosenLevel {
            id: "p1".into(),
            name: "Urgent (P1)".into(),
            suggested: Some("p1".into()),
            reasons: vec!["The service is down".into()],
            justification: None,
        },
        first_response: Some(Target {
            text: "2 hours".into(),
            due: Some("2026-11-24T11:30:00Z".into()),
            alternative: None,
        }),
        resolution: None,
        summary: "Checkout is down".into(),
        details: SortedMap::new(),
        attachments: Vec::new(),
        context: SortedMap::new(),
        redactions: SortedMap::new(),
        locale: Some("en-GB".into()),
        time_zone: Some("Europe/London".into()),
    }
}

#[test]
fn round_trips_and_checks() {
    let t = sample();
    let json = serde_json::to_vec(&t).unwrap();
    assert_eq!(Ticket::from_json(&json).unwrap(), t);
}

#[test]
fn rejects_each_kind_of_bad_ticket() {
    let mut t = sample();
    t.id = "short".into();
    assert!(matches!(t.check(), Err(TicketError::Id(_))));
    let mut t = sample();
    t.schema = "severity-triage/ticket@0".into();
    assert!(matches!(t.check(), Err(TicketError::Schema(_))));
    let mut t = sample();
    t.summary = "  ".into();
    assert_eq!(t.check(), Err(TicketError::Empty("summary")));
    let mut t = sample();
    t.created_at = "yesterday".into();
    assert!(matches!(
        t.check(),
        Err(TicketError::Time {
            field: "created_at",
            ..
        })
    ));
    let mut t = sample();
    t.first_response.as_mut().unwrap().due = Some("soon".into());
    assert!(matches!(
        t.check(),
        Err(TicketError::Time {
            field: "first_response.due",
            ..
        })
    ));
    let mut t = sample();
    t.details
        .insert("logs".into(), "x".repeat(MAX_FIELD_CHARS + 1));
    assert_eq!(
        t.check(),
        Err(TicketError::FieldTooLong {
            field: "details.logs".into(),
            chars: MAX_FIELD_CHARS + 1
        })
    );
    assert!(matches!(
        Ticket::from_json(&vec![b' '; MAX_TICKET_BYTES + 1]),
        Err(TicketError::TooLarge(_))
    ));
}

#[test]
fn a_malformed_ticket_names_the_field() {
    let mut v = serde_json::to_value(sample()).unwrap();
    v["answers"][0]["option"] = serde_json::json!(3);
    let e = Ticket::from_json(&serde_json::to_vec(&v).unwrap()).unwrap_err();
    assert!(
        matches!(&e, TicketError::Malformed { path, .. } if path == "answers[0].option"),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("`answers[0].option`: invalid type"),
        "{e}"
    );
    let mut v = serde_json::to_value(sample()).unwrap();
    v["format"] = serde_json::json!("severity-triage/ticket@1");
    let e = Ticket::from_json(&serde_json::to_vec(&v).unwrap()).unwrap_err();
    assert!(e.to_string().contains("unknown field `format`"), "{e}");
    let mut v = serde_json::to_value(sample()).unwrap();
    v.as_object_mut().unwrap().remove("created_at");
    let e = Ticket::from_json(&serde_json::to_vec(&v).unwrap()).unwrap_err();
    assert!(e.to_string().contains("missing field `created_at`"), "{e}");
    assert!(matches!(
        Ticket::from_json(b"{} x"),
        Err(TicketError::Malformed { .. })
    ));
}

#[test]
fn trimming_keeps_the_tail_and_says_so() {
    let log: String = (0..1000).map(|i| format!("line {i}\n")).collect();
    let (trimmed, cut) = trim_keep_tail(&log, 200);
    assert!(trimmed.chars().count() <= 200);
    assert!(trimmed.ends_with("line 999\n"));
    assert!(trimmed.starts_with("[… "));
    assert_eq!(cut, Some(log.chars().count() - (200 - 64)));
    assert_eq!(trim_keep_tail("short", 200), ("short".into(), None));
}

/// The full example in docs/ticket.md is a ticket the receiver accepts, field for field.
#[test]
fn the_documented_example_is_a_valid_ticket() {
    let docs = include_str!("../../../../docs/ticket.md");
    let start = docs
        .find("```json\n")
        .expect("docs/ticket.md has a JSON example")
        + 8;
    let end = start + docs[start..].find("```").unwrap();
    let ticket: Ticket = serde_json::from_str(&docs[start..end])
        .unwrap_or_else(|e| panic!("docs/ticket.md example: {e}"));
    ticket
        .check()
        .expect("the documented example passes the receiver's checks");
    assert_eq!(ticket.schema, SCHEMA);
}
