//! Details, logs, context and redaction through the flow model, on a policy that asks for all of them.

use super::*;
use crate::time::UtcOnly;

const POLICY: &str = r#"{
  "id": "acme", "vendor": "Acme",
  "levels": [
    { "id": "p1", "name": "P1", "definition": "Down." },
    { "id": "p2", "name": "P2", "definition": "Degraded." }
  ],
  "default_level": "p2",
  "questions": [
    { "id": "down", "text": "Is it down?", "options": [ { "id": "yes", "label": "Yes" }, { "id": "no", "label": "No" } ] }
  ],
  "decision": { "rules": [ { "when": { "down": "yes" }, "level": "p1", "reason": "It is down." } ] },
  "calendars": { "always": { "kind": "24x7", "label": "24/7" } },
  "plans": [ { "id": "pro", "name": "Pro", "calendar": "always",
               "targets": { "p1": { "first_response": "1 hour" }, "p2": { "first_response": "4 hours" } } } ],
  "fields": [
    { "id": "environment", "label": "Environment", "kind": "line", "required": true },
    { "id": "impact", "label": "Impact", "kind": "text", "ask": { "levels": ["p1"] }, "required": { "levels": ["p1"] } },
    { "id": "logs", "label": "Logs", "kind": "log" },
    { "id": "contact", "label": "Contact", "kind": "email", "required": true }
  ],
  "collect": { "text_budget": 1000, "context_off": ["screen"] },
  "endpoint": { "url": "/api/tickets" },
  "fallback_contact": "Mail help@acme.test"
}"#;

const NOW: i64 = 1_795_802_400;
const AWS: &str = "AKIAIOSFODNN7EXAMPLE";
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

fn policy() -> Policy {
    crate::policy::compiled::via_compiled(crate::policy::load(POLICY, &UtcOnly).unwrap())
}

fn at_details(p: &Policy, down: bool) -> Draft {
    let mut d = Draft::new(p, None);
    d.answer(p, QuestionIx(0), OptionIx(if down { 0 } else { 1 }));
    d.advance(p).unwrap();
    assert_eq!(d.step, Step::Details);
    d
}

#[test]
fn fields_follow_the_level_and_required_ones_block_in_screen_order() {
    let p = policy();
    let d = at_details(&p, true);
    assert_eq!(
        d.fields(&p),
        vec![(0, true), (1, true), (2, false), (3, true)]
    );
    let mut d2 = d.clone();
    assert_eq!(
        d2.advance(&p),
        Err(vec![
            Problem::SummaryMissing,
            Problem::FieldMissing(0),
            Problem::FieldMissing(1),
            Problem::FieldMissing(3)
        ])
    );
    assert_eq!(Problem::FieldMissing(3).anchor(&p), "f-contact");
    assert_eq!(Problem::FieldMissing(3).message(&p), "This is required.");
    let d = at_details(&p, false);
    assert_eq!(d.fields(&p), vec![(0, true), (2, false), (3, true)]);
}

#[test]
fn email_lists_are_checked() {
    assert!(valid_emails("a@example.com"));
    assert!(valid_emails("a@example.com, b.c@example.org;d@x.io"));
    for bad in [
        "",
        "a",
        "a@b",
        "a@@b.com",
        "a@.com",
        "a@b.com, nope",
        "a b@c.com",
    ] {
        assert!(!valid_emails(bad), "{bad:?}");
    }
    let p = policy();
    let mut d = at_details(&p, false);
    d.summary = "s".into();
    d.set_detail(&p, 0, "prod".into());
    d.set_detail(&p, 3, "me at example".into());
    assert_eq!(d.advance(&p), Err(vec![Problem::EmailInvalid(3)]));
    d.set_detail(&p, 3, "me@example.com".into());
    d.advance(&p).unwrap();
    assert_eq!(d.step, Step::Review);
    d.go_to(&p, Step::Details);
    assert_eq!(d.step, Step::Details);
}

#[test]
fn binary_files_are_refused() {
    assert_eq!(
        read_text_file(b"line 1\nline 2\n").unwrap(),
        "line 1\nline 2\n"
    );
    assert_eq!(read_text_file("\u{feff}bom".as_bytes()).unwrap(), "bom");
    assert_eq!(
        read_text_file(b"\x89PNG\r\n\x1a\n\0\0"),
        Err(FileError::Binary)
    );
    assert_eq!(read_text_file(&[0xff, 0xfe, 0x41]), Err(FileError::Binary));
}

#[test]
fn logs_share_the_budget_and_keep_their_tails() {
    let p = policy();
    let mut d = at_details(&p, false);
    d.set_detail(&p, 2, "x".repeat(600));
    let file: String = (0..100).map(|i| format!("line {i:03}\n")).collect();
    d.attach(AttachedFile {
        name: "app.log".into(),
        size: file.len() as u64,
        text: file.clone(),
    });
    let logs = d.logs(&p);
    assert_eq!(logs[0].cut, None);
    assert_eq!(logs[1].source, LogSource::Attachment(0));
    assert!(logs[1].text.ends_with("line 099\n"));
    assert!(logs[1].text.chars().count() <= 400);
    assert_eq!(logs[1].cut, Some(file.len() - (400 - 64)));
    d.detach(0);
    assert!(d.attachments.is_empty());
}

#[test]
fn findings_are_masked_undone_one_by_one_and_only_counted_in_the_ticket() {
    let p = policy();
    let mut d = at_details(&p, false);
    d.summary = "Login fails".into();
    d.set_detail(&p, 0, "prod".into());
    d.set_detail(&p, 3, "me@example.com".into());
    d.set_detail(
        &p,
        2,
        format!("key={AWS}\nAuthorization: Bearer abcdef0123456789abcdef0123\ntoken {JWT}\nGET https://bob:hunter2secret@db.example.com/x\n"),
    );
    d.context = vec![
        (
            ContextItem::PageUrl,
            "https://app.example.com/orders".into(),
        ),
        (ContextItem::Screen, "1920×1080".into()),
        (ContextItem::Browser, "Chrome 131".into()),
        (ContextItem::Language, "en-GB".into()),
    ];
    let found = d.findings(&p);
    let kinds: Vec<&str> = found.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["aws-access-key", "bearer-token", "jwt", "url-password"]
    );
    assert!(found.iter().all(|f| f.part == Part::Field(2) && !f.undone));
    assert!(!found.iter().any(|f| f.preview.contains("hunter2")));
    let bearer = found[1].clone();
    d.undo(&p, &bearer, true);
    assert!(d.findings(&p)[1].undone);
    d.remove_context(ContextItem::Browser, true);
    d.advance(&p).unwrap();
    let t = d
        .ticket(
            &p,
            TicketInput {
                id: "0b7e3a4c-5a1f".into(),
                now: NOW,
            },
            &UtcOnly,
        )
        .unwrap();
    t.check().unwrap();
    let json = serde_json::to_string(&t).unwrap();
    for secret in [AWS, JWT, "hunter2secret"] {
        assert!(!json.contains(secret), "{secret} leaked");
    }
    assert!(
        json.contains("abcdef0123456789abcdef0123"),
        "the undone one is sent"
    );
    assert_eq!(
        t.redactions,
        SortedMap::from([
            ("aws-access-key".into(), 1),
            ("jwt".into(), 1),
            ("url-password".into(), 1)
        ])
    );
    assert_eq!(
        t.context,
        SortedMap::from([("page_url".into(), "https://app.example.com/orders".into())]),
        "the removed and the switched-off items are not sent"
    );
    assert_eq!(t.locale.as_deref(), Some("en-GB"));
    assert_eq!(t.details["contact"], "me@example.com");
    assert_eq!(t.details["environment"], "prod");

    // The stored draft keeps no secret but the one the person chose to send.
    let stored = encode(&p, &d);
    assert_eq!(stored, store::encode_with_serde(&p, &d));
    // The hand writer against serde's, with an attachment (odd name, escapes) at every step.
    let mut with_file = d.clone();
    with_file.attach(AttachedFile {
        name: "a \"b\"\\c.log".into(),
        size: 12,
        text: format!("line\n\t{AWS}\u{1}é\u{7f}"),
    });
    assert!(
        encode(&p, &with_file).contains(r#""attachments":[{"name":"a \"b\"\\c.log","size":12,"#)
    );
    for step in [Step::Type, Step::Severity, Step::Details, Step::Review] {
        with_file.step = step;
        assert_eq!(
            encode(&p, &with_file),
            store::encode_with_serde(&p, &with_file)
        );
    }
    for secret in [AWS, JWT, "hunter2secret"] {
        assert!(!stored.contains(secret), "{secret} stored");
    }
    let back = decode(&p, &stored, None).unwrap();
    assert!(back
        .detail(&p.fields[2])
        .contains("[REDACTED:aws-access-key]"));
    assert!(back
        .detail(&p.fields[2])
        .contains("abcdef0123456789abcdef0123"));
    assert_eq!(back.context_removed, d.context_removed);
    assert!(
        back.context.is_empty(),
        "context is gathered anew, never stored"
    );
}

#[test]
fn host_context_replaces_gathered_items_and_names_unknown_ids() {
    let p = policy();
    let mut d = at_details(&p, false);
    d.context = vec![
        (ContextItem::Browser, "Chrome 156".into()),
        (ContextItem::ProductVersion, "from attribute".into()),
    ];
    let unknown = d.add_host_context([
        ("product_version", "4.2.1"),
        ("account_id", "acme-7"),
        ("shoe_size", "44"),
    ]);
    assert_eq!(unknown, vec!["shoe_size".to_string()]);
    let items = d.context_items(&p);
    assert!(items.contains(&(ContextItem::ProductVersion, "4.2.1".into())));
    assert!(items.contains(&(ContextItem::AccountId, "acme-7".into())));
    assert!(items.contains(&(ContextItem::Browser, "Chrome 156".into())));
    assert_eq!(
        items
            .iter()
            .filter(|(i, _)| *i == ContextItem::ProductVersion)
            .count(),
        1
    );
}

#[test]
fn refreshed_context_replaces_browser_items_in_place_and_keeps_host_items() {
    let p = policy();
    let mut d = at_details(&p, false);
    d.context = vec![
        (ContextItem::PageUrl, "https://shop.example/cart".into()),
        (ContextItem::Online, "online".into()),
    ];
    d.add_host_context([("account_id", "acme-7")]);
    d.remove_context(ContextItem::Online, true);
    d.refresh_context([
        (ContextItem::PageUrl, "https://shop.example/checkout".into()),
        (ContextItem::Online, "offline".into()),
        (ContextItem::Viewport, "360×800".into()),
    ]);
    assert_eq!(
        d.context,
        vec![
            (ContextItem::PageUrl, "https://shop.example/checkout".into()),
            (ContextItem::Online, "offline".into()),
            (ContextItem::AccountId, "acme-7".into()),
            (ContextItem::Viewport, "360×800".into()),
        ]
    );
    assert!(
        d.context_removed.contains(&ContextItem::Online),
        "what the person removed stays removed"
    );
}
