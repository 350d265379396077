use crate::maps::SortedMap;
use std::time::Duration;

use proptest::prelude::*;

use super::*;
use crate::delivery::Failure;
use crate::ticket::{ChosenLevel, Ticket, SCHEMA};

fn wati() -> Policy {
    crate::policy::load(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/policies/wati.json"
        ))
        .unwrap(),
        &crate::time::UtcOnly,
    )
    .unwrap()
}

const EP: &str = "https://support.example/api/tickets";

fn ticket(id: &str, at: &str) -> Ticket {
    Ticket {
        schema: SCHEMA.into(),
        id: id.into(),
        created_at: at.into(),
        policy: "wati".into(),
        policy_version: "fnv1a64:0123456789abcdef".into(),
        plan: None,
        request_type: None,
        answers: Vec::new(),
        level: ChosenLevel {
            id: "p2".into(),
            name: "High (P2)".into(),
            suggested: Some("p3".into()),
            reasons: vec![],
            justification: Some("customers are waiting".into()),
        },
        first_response: None,
        resolution: None,
        summary: "Broadcasts stuck & \"sending\"".into(),
        details: SortedMap::from([("logs".into(), "line 1\nline 2".into())]),
        attachments: Vec::new(),
        context: SortedMap::from([("locale".into(), "en-GB".into())]),
        redactions: SortedMap::new(),
        locale: Some("en-GB".into()),
        time_zone: None,
    }
}

#[test]
fn entries_round_trip_and_version_0_is_upgraded() {
    let e = Entry::new(ticket("abcdefgh-1", "2026-01-31T09:30:00Z"), EP);
    assert_eq!(decode(&encode(&e)), Ok(e.clone()));
    // The first widget stored bare tickets; they name no endpoint.
    let bare = serde_json::to_string(&e.ticket).unwrap();
    assert_eq!(
        decode(&bare),
        Ok(Entry {
            endpoint: None,
            ..e
        })
    );
}

/// Issue 20, finding 2: a page with another `endpoint` must not drain the tickets queued for the
/// vendor's. Each entry goes to the endpoint it was filed for; one from before entries recorded theirs
/// goes only to the policy's own endpoint, never to an override.
#[test]
fn an_entry_goes_only_to_the_endpoint_it_was_filed_for() {
    let policy_endpoint = "https://support.example/api/tickets";
    let elsewhere = "https://attacker.example/collect";
    let e = Entry::new(ticket("abcdefgh-1", "2026-01-31T09:30:00Z"), EP);
    assert!(e.goes_to(EP, policy_endpoint));
    assert!(!e.goes_to(elsewhere, policy_endpoint));
    assert!(
        !e.goes_to(elsewhere, elsewhere),
        "the policy's endpoint does not matter once recorded"
    );
    let back = decode(&encode(&e)).unwrap();
    assert_eq!(back.endpoint.as_deref(), Some(EP));
    // Version 1, written before entries named their endpoint.
    let v1 = encode(&e)
        .replace("\"v\":2", "\"v\":1")
        .replace(&format!(",\"endpoint\":\"{EP}\""), "");
    let legacy = decode(&v1).unwrap();
    assert_eq!(legacy.endpoint, None);
    assert!(legacy.goes_to(policy_endpoint, policy_endpoint));
    assert!(!legacy.goes_to(elsewhere, policy_endpoint));
    // From version 2 on the endpoint is required: an entry that lost it is set aside, not sent anywhere.
    let stripped = encode(&e).replace(&format!(",\"endpoint\":\"{EP}\""), "");
    assert!(matches!(decode(&stripped), Err(EntryError::Malformed(_))));
}

#[test]
fn unreadable_entries_say_why() {
    assert!(matches!(decode("{not json"), Err(EntryError::Malformed(_))));
    assert!(matches!(decode("[]"), Err(EntryError::Malformed(_))));
    let mut e = Entry::new(ticket("abcdefgh-1", "2026-01-31T09:30:00Z"), EP);
    e.v = 3;
    assert_eq!(decode(&encode(&e)), Err(EntryError::Newer(3)));
    let e = Entry::new(ticket("bad id!", "2026-01-31T09:30:00Z"), EP);
    assert!(matches!(decode(&encode(&e)), Err(EntryError::Ticket(_))));
    // Content the reference receiver would refuse is still the person's ticket: kept, for the endpoint to judge.
    let mut long = ticket("abcdefgh-2", "2026-01-31T09:30:00Z");
    long.summary = "x".repeat(crate::ticket::MAX_FIELD_CHARS + 1);
    assert!(decode(&encode(&Entry::new(long, EP))).is_ok());
}

#[test]
fn a_4xx_holds_the_entry_and_a_5xx_schedules_it() {
    let e = Entry::new(ticket("abcdefgh-1", "2026-01-31T09:30:00Z"), EP);
    assert!(e.due(0));
    let busy = Failure::Busy {
        status: 503,
        retry_after: Some(Duration::from_secs(5)),
    };
    let later = e.clone().failed(&busy, 1_000, 0.0, Backoff::STANDARD);
    assert_eq!(later.attempts, 1);
    assert_eq!(
        later.next_at_ms, 6_000,
        "Retry-After beats the 1 s first step"
    );
    assert!(!later.due(5_999) && later.due(6_000));
    assert_eq!(later.last.as_ref().unwrap().failure(), busy);
    let rejected = Failure::Rejected {
        status: 422,
        message: "no".into(),
    };
    let held = later.failed(&rejected, 7_000, 0.5, Backoff::STANDARD);
    assert!(held.held && !held.due(i64::MAX));
    assert_eq!(next_wake_ms(std::slice::from_ref(&held)), None);
    let nudged = held.nudged();
    assert!(nudged.due(0));
    assert_eq!(decode(&encode(&nudged)), Ok(nudged));
}

#[test]
fn due_entries_go_oldest_first() {
    let a = Entry::new(ticket("bbbbbbbb", "2026-01-31T09:30:00Z"), EP);
    let b = Entry::new(ticket("aaaaaaaa", "2026-01-31T09:31:00Z"), EP);
    let mut c = Entry::new(ticket("cccccccc", "2026-01-31T09:29:00Z"), EP);
    c.next_at_ms = 10_000;
    let all = [b.clone(), c.clone(), a.clone()];
    let order: Vec<&str> = due_order(&all, 5_000)
        .iter()
        .map(|e| e.ticket.id.as_str())
        .collect();
    assert_eq!(order, ["bbbbbbbb", "aaaaaaaa"]);
    assert_eq!(due_order(&all, 10_000)[0].ticket.id, "cccccccc");
    assert_eq!(next_wake_ms(&all), Some(0));
}

#[test]
fn the_lease_goes_to_one_tab_until_it_lapses() {
    let held = Lease {
        owner: "tab-a".into(),
        until_ms: 10_000,
    };
    assert_eq!(
        Lease::decode(&serde_json::to_string(&held).unwrap()),
        Some(held.clone())
    );
    assert_eq!(Lease::decode("{\"owner\":1,\"until_ms\":2}"), None);
    assert_eq!(Lease::decode("not json"), None);
    assert!(Lease::may_take(None, "tab-b", 0));
    assert!(Lease::may_take(Some(&held), "tab-a", 5_000));
    assert!(!Lease::may_take(Some(&held), "tab-b", 9_999));
    assert!(Lease::may_take(Some(&held), "tab-b", 10_000));
}

#[test]
fn the_ticket_as_text_reads_like_a_message() {
    let policy = wati();
    let text = ticket_text(&policy, &ticket("abcdefgh-1", "2026-01-31T09:30:00Z"));
    assert_eq!(
        text,
        "Summary: Broadcasts stuck & \"sending\"\nSeverity: High (P2)\nWhy more severe: customers are waiting\n\
         logs:\nline 1\nline 2\nlocale: en-GB\nSubmitted: 2026-01-31T09:30:00Z\nTicket id: abcdefgh-1"
    );
    // Answers in the words the person saw, the targets they were shown, attachments and redaction counts.
    let mut t = ticket("abcdefgh-2", "2026-01-31T09:30:00Z");
    t.answers.push(crate::ticket::Answer {
        question: "service".into(),
        question_text: "Can you use the service at all?".into(),
        option: "down".into(),
        option_label: "No: it is completely down or unavailable".into(),
    });
    t.first_response = Some(crate::ticket::Target {
        text: "45 minutes".into(),
        due: Some("2026-01-31T10:15:00Z".into()),
        alternative: None,
    });
    t.attachments.push(crate::ticket::Attachment {
        name: "app.log".into(),
        size: 12,
        text: "boom\n".into(),
        trimmed: false,
    });
    t.redactions.insert("jwt".into(), 2);
    let text = ticket_text(&policy, &t);
    for part in [
        "Can you use the service at all?: No: it is completely down or unavailable",
        "45 minutes (2026-01-31T10:15:00Z)",
        "app.log (12 bytes):\nboom",
        "[REDACTED:jwt] ×2",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
}

#[test]
fn the_email_goes_to_the_fallback_contact() {
    assert_eq!(
        email_address("Email support@acme.example.").as_deref(),
        Some("support@acme.example")
    );
    assert_eq!(
        email_address("Write to <help@x.io>, or call").as_deref(),
        Some("help@x.io")
    );
    assert_eq!(email_address("mailto:a@b.co").as_deref(), Some("a@b.co"));
    assert_eq!(email_address("Call +1 555 0100"), None);
    assert_eq!(email_address("@handle on x.com"), None);
    let mut policy = wati();
    policy.fallback_contact = "Email support@wati.example.".into();
    let url = mailto(&policy, &ticket("abcdefgh-1", "2026-01-31T09:30:00Z")).unwrap();
    assert!(
        url.starts_with("mailto:support@wati.example?subject=%5BHigh%20%28P2%29%5D%20Broadcasts"),
        "{url}"
    );
    assert!(
        url.contains("&body=Summary%3A%20Broadcasts%20stuck%20%26%20%22sending%22%0D%0ASeverity"),
        "{url}"
    );
    policy.fallback_contact = "Call us".into();
    assert_eq!(
        mailto(&policy, &ticket("abcdefgh-1", "2026-01-31T09:30:00Z")),
        None
    );
}

#[test]
fn long_tickets_are_cut_to_fit_a_mail_link() {
    let mut policy = wati();
    policy.fallback_contact = "support@wati.example".into();
    let mut t = ticket("abcdefgh-1", "2026-01-31T09:30:00Z");
    t.details.insert("logs".into(), "é".repeat(10_000));
    t.summary = "y".repeat(5_000);
    let url = mailto(&policy, &t).unwrap();
    let subject = url
        .split("subject=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert!(
        subject.ends_with(&format!("{}%E2%80%A6", "y".repeat(10))),
        "{subject}"
    );
    assert!(subject.len() < 200);
    let body = url.split("&body=").nth(1).unwrap();
    assert!(body.len() < MAX_MAIL_BODY_CHARS * 6 + 600);
    assert!(url.contains("download%20the%20ticket%20as%20JSON"));
}

#[test]
fn receipts_are_written_and_read_back_including_the_old_float_time() {
    use crate::json::write::ToJson;
    let r = Receipt {
        reference: "T-1 \"x\"".into(),
        at_ms: 1_765_000_000_123,
    };
    assert_eq!(
        r.to_json(),
        r#"{"reference":"T-1 \"x\"","at_ms":1765000000123}"#
    );
    assert_eq!(Receipt::decode(&r.to_json()), Some(r));
    assert_eq!(
        Receipt::decode(r#"{"reference":"T-2","at_ms":1765000000000.0}"#),
        Some(Receipt {
            reference: "T-2".into(),
            at_ms: 1_765_000_000_000
        })
    );
    assert_eq!(Receipt::decode(r#"{"reference":"T-3"}"#), None);
    assert_eq!(Receipt::decode("not json"), None);
}

proptest! {
    #[test]
    fn decode_never_panics_and_never_accepts_garbage_silently(raw in ".{0,200}") {
        if let Ok(e) = decode(&raw) {
            prop_assert!(crate::ticket::valid_id(&e.ticket.id));
        }
    }

    #[test]
    fn failures_survive_storage(status in 100u16..600, secs in proptest::option::of(0u64..1000), msg in "[a-z ]{0,20}") {
        let obs = crate::delivery::Observation::Answered { status, retry_after: secs.map(|s| s.to_string()), message: Some(msg) };
        if let Some(f) = crate::delivery::classify(&obs, 0) {
            let e = Entry::new(ticket("abcdefgh-1", "2026-01-31T09:30:00Z"), EP).failed(&f, 0, 0.3, Backoff::STANDARD);
            let text = encode(&e);
            prop_assert_eq!(&text, &serde_json::to_string(&e).unwrap());
            let back = decode(&text).unwrap();
            prop_assert_eq!(back.last.unwrap().failure(), f);
        }
    }

    #[test]
    fn leases_are_written_as_serde_json_writes_them(owner in "\\PC{0,12}", until_ms in any::<i64>()) {
        use crate::json::write::ToJson;
        let lease = Lease { owner, until_ms };
        prop_assert_eq!(lease.to_json(), serde_json::to_string(&lease).unwrap());
        prop_assert_eq!(Lease::decode(&lease.to_json()), Some(lease));
    }

    #[test]
    fn percent_encoding_round_trips(s in "\\PC{0,60}") {
        let enc = percent_encode(&s);
        prop_assert!(enc.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        let mut bytes = Vec::new();
        let mut it = enc.bytes();
        while let Some(b) = it.next() {
            if b == b'%' {
                let h: String = [it.next().unwrap() as char, it.next().unwrap() as char].iter().collect();
                bytes.push(u8::from_str_radix(&h, 16).unwrap());
            } else {
                bytes.push(b);
            }
        }
        prop_assert_eq!(String::from_utf8(bytes).unwrap(), s);
    }
}
