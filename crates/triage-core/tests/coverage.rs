//! Coverage that depends on how the case is raised (tests/fixtures/coverage-policy.json, "Alpenwerk"):
//! Standard P1 is 4 hours in Berlin office hours (Mon–Fri 09:00–17:00, German holidays off), or 4 hours
//! around the clock once escalated by phone; Premium P1 is 2 hours in office hours, 24/7 for production.
//! Every deadline below is worked out by hand in its comment, across a weekend, a holiday and both DST
//! changes, and the engine must agree; `explain` must give both promises.

use triage_core::explain::explain;
use triage_core::policy::{ChannelKind, LevelIx, PlanIx, Policy};
use triage_core::sla::{commitments, commitments_given, Commitment, Due};
use triage_core::time::format_rfc3339_utc;
use triage_core::triage::Answers;

#[path = "support/zones.rs"]
mod zones;
use zones::SystemZones;

#[path = "support/coverage.rs"]
mod coverage;
use coverage::{alpenwerk, at};

fn due(c: &Commitment) -> String {
    match c.due {
        Due::At(t) => format_rfc3339_utc(t),
        ref other => panic!("no deadline: {other:?}"),
    }
}

const P1: LevelIx = LevelIx(0);

/// Standard P1 filed at `filed`: (the office-hours deadline, the by-phone deadline), both UTC.
fn standard_p1(p: &Policy, filed: &str) -> (String, String) {
    let standard = p.plan_ix("standard").unwrap();
    let (first, resolution) = commitments(p, standard, P1, at(filed), &SystemZones).unwrap();
    assert_eq!(resolution, None);
    assert_eq!(first.target, "4 hours");
    assert_eq!(
        first.coverage.as_deref(),
        Some("Mon–Fri 09:00–17:00 (Europe/Berlin)")
    );
    assert_eq!(
        first.when, None,
        "the plan's own promise depends on nothing"
    );
    let alt = first.alternative.as_deref().expect("the by-phone promise");
    assert_eq!(alt.target, "4 hours");
    assert_eq!(alt.coverage.as_deref(), Some("24/7"));
    let when = alt.when.as_ref().unwrap();
    assert_eq!(when.channel, Some(ChannelKind::Phone));
    assert!(when.answers.is_empty());
    assert_eq!(
        alt.note.as_deref(),
        Some("P1 issues are worked 24/7 once escalated by phone.")
    );
    (due(&first), due(alt))
}

#[test]
fn filed_friday_16_00_office_hours_give_monday_12_00_and_the_phone_friday_20_00() {
    // Friday 2026-11-27 16:00 CET (+01:00) = 15:00Z.
    // Office hours: 1 h left on Friday (16:00–17:00), the weekend is closed, 3 h on Monday from 09:00:
    // Monday 2026-11-30 12:00 CET = 11:00Z.
    // By phone, 24/7: 4 h of plain time, Friday 20:00 CET = 19:00Z.
    let p = alpenwerk();
    assert_eq!(
        standard_p1(&p, "2026-11-27T15:00:00Z"),
        ("2026-11-30T11:00:00Z".into(), "2026-11-27T19:00:00Z".into())
    );
}

#[test]
fn filed_on_saturday_the_clock_waits_for_monday_but_the_phone_does_not() {
    // Saturday 2026-11-28 10:00 CET = 09:00Z. Office hours start Monday 09:00 CET; + 4 h = 13:00 CET
    // = 12:00Z. By phone: Saturday 14:00 CET = 13:00Z.
    let p = alpenwerk();
    assert_eq!(
        standard_p1(&p, "2026-11-28T09:00:00Z"),
        ("2026-11-30T12:00:00Z".into(), "2026-11-28T13:00:00Z".into())
    );
}

#[test]
fn a_holiday_is_closed_like_a_weekend_but_not_for_the_phone() {
    // Thursday 2026-12-24 16:00 CET = 15:00Z. 1 h on Thursday; Friday 25 December is a holiday, then
    // the weekend; 3 h on Monday 2026-12-28: 12:00 CET = 11:00Z. By phone: Thursday 20:00 CET = 19:00Z.
    let p = alpenwerk();
    assert_eq!(
        standard_p1(&p, "2026-12-24T15:00:00Z"),
        ("2026-12-28T11:00:00Z".into(), "2026-12-24T19:00:00Z".into())
    );
}

#[test]
fn across_the_end_of_summer_time() {
    let p = alpenwerk();
    // The clocks go back on Sunday 2026-10-25 at 03:00 CEST (01:00Z) to 02:00 CET.
    // Friday 2026-10-23 16:00 CEST (+02:00) = 14:00Z: 1 h on Friday, 3 h on Monday 2026-10-26, now in
    // winter time: 12:00 CET = 11:00Z (a naive "+3 days in UTC" would say 10:00Z). By phone: Friday
    // 20:00 CEST = 18:00Z.
    assert_eq!(
        standard_p1(&p, "2026-10-23T14:00:00Z"),
        ("2026-10-26T11:00:00Z".into(), "2026-10-23T18:00:00Z".into())
    );
    // Saturday 2026-10-24 23:30 CEST = 21:30Z, half a day before the change. Office hours: Monday
    // 09:00 CET (08:00Z) + 4 h = 13:00 CET = 12:00Z. By phone: 4 real hours = 01:30Z on Sunday, which is
    // 02:30 CET, the second time the clocks show 02:30 (3 hours later on the wall clock, 4 hours of work).
    assert_eq!(
        standard_p1(&p, "2026-10-24T21:30:00Z"),
        ("2026-10-26T12:00:00Z".into(), "2026-10-25T01:30:00Z".into())
    );
}

#[test]
fn across_the_start_of_summer_time() {
    let p = alpenwerk();
    // The clocks jump on Sunday 2026-03-29 at 02:00 CET (01:00Z) to 03:00 CEST.
    // Friday 2026-03-27 16:00 CET = 15:00Z: 1 h on Friday, 3 h on Monday 2026-03-30, now in summer time:
    // 12:00 CEST = 10:00Z. By phone: Friday 20:00 CET = 19:00Z.
    assert_eq!(
        standard_p1(&p, "2026-03-27T15:00:00Z"),
        ("2026-03-30T10:00:00Z".into(), "2026-03-27T19:00:00Z".into())
    );
    // Saturday 2026-03-28 23:00 CET = 22:00Z. Office hours: Monday 09:00 CEST (07:00Z) + 4 h = 13:00
    // CEST = 11:00Z. By phone: 4 real hours = 02:00Z on Sunday = 04:00 CEST (5 hours later on the wall
    // clock, as 02:00–03:00 never shows).
    assert_eq!(
        standard_p1(&p, "2026-03-28T22:00:00Z"),
        ("2026-03-30T11:00:00Z".into(), "2026-03-29T02:00:00Z".into())
    );
}

fn answers(p: &Policy, pairs: &[(&str, &str)]) -> Answers {
    Answers::from_ids(p, pairs.iter().copied()).unwrap()
}

fn premium(p: &Policy) -> PlanIx {
    p.plan_ix("premium").unwrap()
}

#[test]
fn production_answers_replace_office_hours_with_24_7_on_premium() {
    let p = alpenwerk();
    // Friday 2026-11-27 16:00 CET = 15:00Z, Premium P1 "2 hours".
    let filed = at("2026-11-27T15:00:00Z");
    let prod = answers(&p, &[("environment", "production"), ("impact", "down")]);
    let (first, resolution) =
        commitments_given(&p, premium(&p), P1, None, &prod, filed, &SystemZones).unwrap();
    // Production: 24/7 replaces office hours: Friday 18:00 CET = 17:00Z.
    assert_eq!(due(&first), "2026-11-27T17:00:00Z");
    assert_eq!(first.coverage.as_deref(), Some("24/7"));
    assert_eq!(first.note.as_deref(), Some("24/7 for Production P1 only."));
    let when = first.when.as_ref().unwrap();
    assert_eq!(when.channel, None);
    assert_eq!(
        when.answers.get("environment"),
        Some(&vec!["production".to_string()])
    );
    assert!(
        first.alternative.is_none(),
        "answers are known: one promise"
    );
    // The resolution stays in office hours: 2 business days from Friday 16:00 is Tuesday 16:00 CET.
    assert_eq!(due(&resolution.unwrap()), "2026-12-01T15:00:00Z");

    // Staging: the plan's own office hours, 1 h on Friday and 1 h on Monday: 10:00 CET = 09:00Z.
    let staging = answers(&p, &[("environment", "staging"), ("impact", "down")]);
    let (first, _) =
        commitments_given(&p, premium(&p), P1, None, &staging, filed, &SystemZones).unwrap();
    assert_eq!(due(&first), "2026-11-30T09:00:00Z");
    assert_eq!((first.when, first.alternative), (None, None));
    // No answers at all (the plan's promise as a table shows it): office hours too.
    let (first, _) = commitments(&p, premium(&p), P1, filed, &SystemZones).unwrap();
    assert_eq!(due(&first), "2026-11-30T09:00:00Z");
}

#[test]
fn explain_gives_both_promises_each_with_its_deadline_and_condition() {
    let p = alpenwerk();
    let down = answers(&p, &[("environment", "staging"), ("impact", "down")]);
    let standard = p.plan_ix("standard").unwrap();
    let filed = at("2026-11-27T15:00:00Z");
    let e = explain(&p, None, standard, &down, None, filed, &SystemZones).unwrap();
    let json = serde_json::to_value(&e).unwrap();
    let fr = &json["first_response"];
    assert_eq!(fr["deadline"], "2026-11-30T11:00:00Z");
    assert!(fr.get("when").is_none(), "{fr}");
    let alt = &fr["alternative"];
    assert_eq!(alt["target"], "4 hours");
    assert_eq!(alt["kind"], "deadline");
    assert_eq!(alt["deadline"], "2026-11-27T19:00:00Z");
    assert_eq!(alt["coverage"], "24/7");
    assert_eq!(alt["when"], serde_json::json!({"channel": "phone"}));
    // A target without an alternative prints exactly as before: no `when`, no `alternative`.
    let minor = answers(&p, &[("environment", "staging"), ("impact", "minor")]);
    let e = explain(&p, None, standard, &minor, None, filed, &SystemZones).unwrap();
    let fr = serde_json::to_value(&e.first_response).unwrap();
    let mut keys: Vec<&String> = fr.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "best_effort",
            "coverage",
            "deadline",
            "deadline_local",
            "deadline_requester",
            "kind",
            "note",
            "target",
            "time_zone"
        ]
    );

    let prod = answers(&p, &[("environment", "production"), ("impact", "down")]);
    let e = explain(&p, None, premium(&p), &prod, None, filed, &SystemZones).unwrap();
    let fr = serde_json::to_value(&e.first_response).unwrap();
    assert_eq!(fr["deadline"], "2026-11-27T17:00:00Z");
    assert_eq!(
        fr["when"],
        serde_json::json!({"answers": {"environment": ["production"]}})
    );
    assert!(fr.get("alternative").is_none());
}
