//! Coverage that depends on how the case is raised, through the flow: the suggestion card's outcome and
//! the ticket carry the by-phone promise beside the office-hours one (with the channel to name), and the
//! production promise instead of it; the ticket's hand writer and the receiver's parser agree on it.
//! tests/coverage.rs works the deadlines out by hand; this file checks they reach the card and ticket.

use triage_core::flow::{Draft, PromiseKind, Responses, TicketInput};
use triage_core::json::write::ToJson;
use triage_core::policy::{self, ChannelKind, LevelIx, LevelTargets, Policy};
use triage_core::ticket::{Alternative, Target, Ticket};

#[path = "support/zones.rs"]
mod zones;
use zones::SystemZones;

#[path = "support/coverage.rs"]
mod coverage;
use coverage::{alpenwerk, at};

/// Friday 2026-11-27 16:00 in Berlin (tests/coverage.rs works out its deadlines).
const FRIDAY_16: &str = "2026-11-27T15:00:00Z";

/// A draft on `plan` (or none: the person does not know it) with P1 answers in `environment`.
fn p1_draft(p: &Policy, plan: Option<&str>, environment: &str) -> Draft {
    let mut d = Draft::new(p, plan.map(|id| p.plan_ix(id).unwrap()));
    for (q, o) in [("environment", environment), ("impact", "down")] {
        let qi = p.question_ix(q).unwrap();
        let oi = p.questions[qi].options.iter().position(|x| x.id == o);
        d.answer(p, qi, policy::OptionIx(oi.unwrap()));
    }
    assert_eq!(d.level(p), LevelIx(0));
    d
}

fn first(p: &Policy, d: &Draft, now: &str) -> triage_core::flow::Promise {
    match d.outcome(p, at(now), &SystemZones).unwrap().responses {
        Responses::Plan { first, .. } => first,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_card_shows_office_hours_and_beside_them_the_phone_promise_with_the_number() {
    let p = alpenwerk();
    let d = p1_draft(&p, Some("standard"), "staging");
    let first = first(&p, &d, FRIDAY_16);
    assert_eq!(first.kind, PromiseKind::Deadline);
    assert_eq!(first.due, Some(at("2026-11-30T11:00:00Z")));
    assert_eq!(first.when, None);
    let alt = first.alternative.as_deref().expect("the by-phone promise");
    assert_eq!(alt.kind, ChannelKind::Phone);
    assert_eq!(alt.promise.kind, PromiseKind::Deadline);
    assert_eq!(alt.promise.target, "4 hours");
    assert_eq!(alt.promise.coverage.as_deref(), Some("24/7"));
    assert_eq!(alt.promise.due, Some(at("2026-11-27T19:00:00Z")));
    assert_eq!(alt.promise.starts, None, "24/7: the clock runs from now");
    assert_eq!(
        alt.promise.spans,
        vec![(at(FRIDAY_16), at("2026-11-27T19:00:00Z"))]
    );
    assert_eq!(
        alt.promise.when.as_ref().unwrap().channel,
        Some(ChannelKind::Phone)
    );
    // The channel to call is the policy's phone channel, and its number is dialable: named and linked.
    let phone = alt.named(&p).expect("a dialable number is named");
    assert_eq!(phone.value, "+49 89 1234 5678");
    assert_eq!(p.channels[alt.channel.unwrap()].kind, ChannelKind::Phone);
    assert_eq!(
        alt.text(&p, "20:00 today"),
        "— or within 4 hours, 24/7, if you call +49 89 1234 5678: by 20:00 today, your time"
    );
}

#[test]
fn filed_on_saturday_only_the_office_hours_promise_waits_for_monday() {
    let p = alpenwerk();
    let d = p1_draft(&p, Some("standard"), "production");
    let first = first(&p, &d, "2026-11-28T09:00:00Z");
    assert_eq!(first.starts, Some(at("2026-11-30T08:00:00Z")));
    assert_eq!(first.due, Some(at("2026-11-30T12:00:00Z")));
    let alt = first.alternative.unwrap();
    assert_eq!(alt.promise.starts, None);
    assert_eq!(alt.promise.due, Some(at("2026-11-28T13:00:00Z")));
}

#[test]
fn a_number_that_is_an_instruction_is_not_named_and_other_channels_are_named_by_kind() {
    let mut p = alpenwerk();
    let phone = p
        .channels
        .iter()
        .position(|c| c.kind == ChannelKind::Phone)
        .unwrap();
    p.channels[phone].value = "The number in your contract".into();
    p.channels[phone].instruction = true;
    let d = p1_draft(&p, Some("standard"), "staging");
    let alt = *first(&p, &d, FRIDAY_16).alternative.unwrap();
    assert_eq!(alt.named(&p), None);
    assert_eq!(
        alt.text(&p, "20:00 today"),
        "— or within 4 hours, 24/7, if you call support: by 20:00 today, your time"
    );
    // The same promise through the portal: named by its kind, which the policy may reword.
    let standard = p.plan_ix("standard").unwrap();
    if let LevelTargets::Stated {
        alternative: Some(a),
        ..
    } = &mut p.plans[standard.0].targets[0]
    {
        a.channel = Some(ChannelKind::Portal);
    }
    let alt = *first(&p, &d, FRIDAY_16).alternative.unwrap();
    assert_eq!(p.channels[alt.channel.unwrap()].kind, ChannelKind::Portal);
    assert_eq!(
        alt.text(&p, "20:00 today"),
        "— or within 4 hours, 24/7, if you raise it through Support portal: by 20:00 today, your time"
    );
}

#[test]
fn production_gets_24_7_instead_and_the_card_says_what_it_depends_on() {
    let p = alpenwerk();
    let d = p1_draft(&p, Some("premium"), "production");
    let first = first(&p, &d, FRIDAY_16);
    assert_eq!(first.due, Some(at("2026-11-27T17:00:00Z")));
    assert_eq!(first.coverage.as_deref(), Some("24/7"));
    assert_eq!(first.note.as_deref(), Some("24/7 for Production P1 only."));
    assert!(first
        .when
        .as_ref()
        .unwrap()
        .answers
        .contains_key("environment"));
    assert!(first.alternative.is_none());
    let d = p1_draft(&p, Some("premium"), "development");
    let first = self::first(&p, &d, FRIDAY_16);
    assert_eq!(first.due, Some(at("2026-11-30T09:00:00Z")));
    assert_eq!((first.when, first.alternative), (None, None));
}

#[test]
fn when_the_plan_is_not_known_each_plan_shows_its_own() {
    let p = alpenwerk();
    let d = p1_draft(&p, None, "production");
    let Responses::PerPlan(all) = d
        .outcome(&p, at(FRIDAY_16), &SystemZones)
        .unwrap()
        .responses
    else {
        panic!("the plan is not known")
    };
    let standard = &all[0].1;
    assert_eq!(
        standard.alternative.as_ref().unwrap().promise.due,
        Some(at("2026-11-27T19:00:00Z"))
    );
    let premium = &all[1].1;
    assert_eq!(premium.due, Some(at("2026-11-27T17:00:00Z")));
    assert!(premium.alternative.is_none());
}

fn ticket(p: &Policy, d: &mut Draft) -> Ticket {
    d.summary = "Nobody can log in".into();
    let input = TicketInput {
        id: "0b7e3a4c-5a1f-4f7e".into(),
        now: at(FRIDAY_16),
    };
    let t = d.ticket(p, input, &SystemZones).unwrap();
    t.check().unwrap();
    // What the widget writes by hand is what serde writes, and the receiver reads it back unchanged.
    let text = t.to_json();
    assert_eq!(text, serde_json::to_string(&t).unwrap());
    assert_eq!(Ticket::from_json(text.as_bytes()).unwrap(), t);
    t
}

#[test]
fn the_ticket_carries_the_phone_promise_the_person_was_shown() {
    let p = alpenwerk();
    let t = ticket(&p, &mut p1_draft(&p, Some("standard"), "staging"));
    assert_eq!(
        t.first_response,
        Some(Target {
            text: "4 hours".into(),
            due: Some("2026-11-30T11:00:00Z".into()),
            alternative: Some(Alternative {
                text: "4 hours".into(),
                coverage: Some("24/7".into()),
                due: Some("2026-11-27T19:00:00Z".into()),
                channel: "phone".into(),
            }),
        })
    );
    let json: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
    assert_eq!(
        json["first_response"]["alternative"],
        serde_json::json!({"text": "4 hours", "coverage": "24/7",
            "due": "2026-11-27T19:00:00Z", "channel": "phone"})
    );
    // Premium production: the 24/7 promise is the first response itself.
    let t = ticket(&p, &mut p1_draft(&p, Some("premium"), "production"));
    assert_eq!(
        t.first_response,
        Some(Target {
            text: "2 hours".into(),
            due: Some("2026-11-27T17:00:00Z".into()),
            alternative: None,
        })
    );
}

#[test]
fn a_receiver_refuses_an_alternative_with_a_malformed_deadline() {
    let p = alpenwerk();
    let mut t = ticket(&p, &mut p1_draft(&p, Some("standard"), "staging"));
    let alt = t
        .first_response
        .as_mut()
        .unwrap()
        .alternative
        .as_mut()
        .unwrap();
    alt.due = Some("Friday evening".into());
    assert_eq!(
        t.check().unwrap_err().to_string(),
        "`first_response.alternative.due` must be an RFC 3339 UTC time like 2026-01-31T09:30:00Z (got \"Friday evening\")"
    );
    let mut doc = serde_json::to_value(&t).unwrap();
    doc["first_response"]["alternative"]["surprise"] = 1.into();
    assert!(Ticket::from_json(doc.to_string().as_bytes()).is_err());
}
