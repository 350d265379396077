use super::*;
use crate::time::UtcOnly;

const POLICY: &str = r#"{
  "id": "acme", "vendor": "Acme",
  "levels": [
    { "id": "p1", "name": "P1", "definition": "Down." },
    { "id": "p2", "name": "P2", "definition": "Degraded." },
    { "id": "p3", "name": "P3", "definition": "Question." }
  ],
  "default_level": "p2",
  "request_types": [
    { "id": "incident", "name": "Incident", "least_severe": "p2" },
    { "id": "question", "name": "Question", "level": "p3", "skip_questions": true }
  ],
  "questions": [
    { "id": "down", "text": "Is it down?", "options": [ { "id": "yes", "label": "Yes" }, { "id": "no", "label": "No" } ] },
    { "id": "all", "text": "For everyone?", "ask_when": { "down": "yes" },
      "options": [ { "id": "yes", "label": "Yes" }, { "id": "no", "label": "No" } ] }
  ],
  "decision": { "rules": [
    { "when": { "down": "yes", "all": "yes" }, "level": "p1", "reason": "Everyone is down." }
  ] },
  "calendars": {
    "always": { "kind": "24x7", "label": "24/7" },
    "office": { "kind": "business_hours", "time_zone": "UTC",
                "hours": [ { "days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00" } ] }
  },
  "plans": [
    { "id": "basic", "name": "Basic", "calendar": "office",
      "targets": { "p1": { "first_response": "4 hours" }, "p2": { "first_response": "1 business day" },
                   "p3": { "first_response": "best effort" } } },
    { "id": "pro", "name": "Pro", "calendar": "always",
      "targets": { "p1": { "first_response": "1 hour", "resolution": "1 day" }, "p2": { "first_response": "4 hours" },
                   "p3": { "first_response": "no SLA" } } }
  ],
  "strings": { "next": "Weiter", "step_indicator": "{n}/{total}" },
  "endpoint": { "url": "/api/tickets" },
  "fallback_contact": "Mail help@acme.test"
}"#;

const FRI_18: i64 = 1_795_802_400; // 2026-11-27T18:00:00Z
const MON_09: i64 = 1_796_029_200; // 2026-11-30T09:00:00Z

fn policy() -> Policy {
    crate::policy::compiled::via_compiled(crate::policy::load(POLICY, &UtcOnly).unwrap())
}

#[test]
fn steps_follow_the_policy_and_going_back_loses_nothing() {
    let p = policy();
    let mut d = Draft::new(&p, None);
    assert_eq!(
        d.steps(&p),
        vec![Step::Type, Step::Severity, Step::Details, Step::Review]
    );
    assert_eq!(d.position(&p), (1, 4));
    assert_eq!(d.advance(&p), Err(vec![Problem::TypeMissing]));
    d.set_type(&p, TypeIx(0));
    d.advance(&p).unwrap();
    assert_eq!(d.position(&p), (2, 4));
    d.answer(&p, QuestionIx(0), OptionIx(0));
    d.answer(&p, QuestionIx(1), OptionIx(0));
    d.back(&p);
    assert_eq!(d.step, Step::Type);
    assert_eq!(
        (d.answers.get(QuestionIx(0)), d.answers.get(QuestionIx(1))),
        (Some(OptionIx(0)), Some(OptionIx(0)))
    );
    d.back(&p);
    assert_eq!(d.step, Step::Type, "back on the first step stays");
}

#[test]
fn an_answer_that_makes_a_later_question_irrelevant_drops_its_answer() {
    let p = policy();
    let mut d = Draft::new(&p, None);
    d.set_type(&p, TypeIx(0));
    assert_eq!(d.questions(&p), vec![QuestionIx(0)]);
    d.answer(&p, QuestionIx(0), OptionIx(0));
    assert_eq!(d.questions(&p), vec![QuestionIx(0), QuestionIx(1)]);
    d.answer(&p, QuestionIx(1), OptionIx(0));
    assert_eq!(d.level(&p), LevelIx(0));
    d.answer(&p, QuestionIx(0), OptionIx(1));
    assert_eq!(d.questions(&p), vec![QuestionIx(0)]);
    assert_eq!(
        d.answers.get(QuestionIx(1)),
        None,
        "the dropped answer is gone, not hidden"
    );
    d.answer(&p, QuestionIx(0), OptionIx(0));
    assert_eq!(
        d.answers.get(QuestionIx(1)),
        None,
        "and does not come back by itself"
    );
}

#[test]
fn a_type_that_fixes_the_level_skips_the_questions_and_the_level_choice() {
    let p = policy();
    let mut d = Draft::new(&p, None);
    d.set_type(&p, TypeIx(0));
    d.answer(&p, QuestionIx(0), OptionIx(0));
    d.choose_level(&p, Some(LevelIx(0)));
    d.set_type(&p, TypeIx(1));
    assert!(d.questions(&p).is_empty());
    assert_eq!(d.answers.get(QuestionIx(0)), None);
    assert_eq!(d.level(&p), LevelIx(2));
    assert_eq!(d.level, None, "a level the type does not allow is dropped");
    assert_eq!(d.allowed_levels(&p), LevelIx(2)..=LevelIx(2));
    d.choose_level(&p, Some(LevelIx(0)));
    assert_eq!(d.level(&p), LevelIx(2), "refused");
}

#[test]
fn filing_above_the_suggestion_needs_a_justification() {
    let p = policy();
    let mut d = Draft::new(&p, Some(PlanIx(1)));
    d.set_type(&p, TypeIx(0));
    d.advance(&p).unwrap();
    d.answer(&p, QuestionIx(0), OptionIx(1));
    assert_eq!(d.suggestion(&p).level, LevelIx(1));
    d.choose_level(&p, Some(LevelIx(0)));
    assert!(d.needs_justification(&p));
    assert_eq!(d.advance(&p), Err(vec![Problem::JustificationMissing]));
    d.justification = "  ".into();
    assert!(d.advance(&p).is_err());
    d.justification = "Our payment run is due tonight".into();
    d.advance(&p).unwrap();
    // Choosing the suggested level again clears the override.
    d.choose_level(&p, Some(LevelIx(1)));
    assert_eq!(d.level, None);
    assert!(!d.needs_justification(&p));
}

#[test]
fn unanswered_questions_and_the_plan_block_the_step_in_screen_order() {
    let p = policy();
    let mut d = Draft::new(&p, None);
    d.set_type(&p, TypeIx(0));
    d.advance(&p).unwrap();
    assert_eq!(
        d.problems(&p, Step::Severity),
        vec![Problem::Unanswered(QuestionIx(0)), Problem::PlanMissing]
    );
    assert_eq!(Problem::Unanswered(QuestionIx(0)).anchor(&p), "q-down");
    d.answer(&p, QuestionIx(0), OptionIx(0));
    assert_eq!(
        d.problems(&p, Step::Severity),
        vec![Problem::Unanswered(QuestionIx(1)), Problem::PlanMissing]
    );
    d.answer(&p, QuestionIx(1), OptionIx(1));
    d.pick_plan(&p, PlanPick::DontKnow);
    assert!(d.problems(&p, Step::Severity).is_empty());
    // A host-named plan is never asked.
    let d = Draft::new(&p, Some(PlanIx(0)));
    assert!(!d.asks_plan(&p));
    assert_eq!(d.plan(&p), Some(PlanIx(0)));
}

#[test]
fn the_card_says_when_the_clock_starts_and_shades_support_hours() {
    let p = policy();
    let mut d = Draft::new(&p, Some(PlanIx(0)));
    d.set_type(&p, TypeIx(0));
    d.answer(&p, QuestionIx(0), OptionIx(1)); // P2: 1 business day on office hours
    let card = d.outcome(&p, FRI_18, &UtcOnly).unwrap();
    let Responses::Plan {
        first, resolution, ..
    } = card.responses
    else {
        panic!("plan known")
    };
    assert_eq!(first.kind, PromiseKind::Deadline);
    assert_eq!(
        first.starts,
        Some(MON_09),
        "filed Friday evening: answered from Monday 09:00"
    );
    // 1 business day after Monday 09:00 is Tuesday 09:00.
    assert_eq!(first.due, Some(MON_09 + 86_400));
    assert_eq!(first.spans, vec![(MON_09, MON_09 + 8 * 3600)]);
    assert_eq!(first.zone.as_deref(), Some("UTC"));
    assert_eq!(resolution, None);
}

#[test]
fn untimed_targets_are_never_given_a_time() {
    let p = policy();
    let mut d = Draft::new(&p, None);
    d.set_type(&p, TypeIx(1)); // P3: best effort on basic, no SLA on pro
    let card = d.outcome(&p, FRI_18, &UtcOnly).unwrap();
    let Responses::PerPlan(all) = card.responses else {
        panic!("plan unknown: every plan")
    };
    let kinds: Vec<_> = all.iter().map(|(_, pr)| (pr.kind, pr.due)).collect();
    assert_eq!(
        kinds,
        vec![(PromiseKind::BestEffort, None), (PromiseKind::NoSla, None)]
    );
}

#[test]
fn the_ticket_records_suggested_and_chosen_level_reasons_and_justification() {
    let p = policy();
    let mut d = Draft::new(&p, Some(PlanIx(1)));
    d.set_type(&p, TypeIx(0));
    d.answer(&p, QuestionIx(0), OptionIx(0));
    d.answer(&p, QuestionIx(1), OptionIx(1));
    d.choose_level(&p, Some(LevelIx(0)));
    d.justification = " Board demo in an hour ".into();
    d.summary = " Login fails ".into();
    d.context = vec![(
        crate::context::ContextItem::TimeZone,
        "Europe/Berlin".into(),
    )];
    let t = d
        .ticket(
            &p,
            TicketInput {
                id: "0b7e3a4c-5a1f-4f7e-9a57-2f1f2d9b8c10".into(),
                now: FRI_18,
            },
            &UtcOnly,
        )
        .unwrap();
    t.check().unwrap();
    assert_eq!(t.level.id, "p1");
    assert_eq!(t.level.suggested.as_deref(), Some("p2"));
    assert_eq!(
        t.level.justification.as_deref(),
        Some("Board demo in an hour")
    );
    assert_eq!(t.summary, "Login fails");
    assert_eq!(t.plan.as_deref(), Some("pro"));
    assert_eq!(t.request_type.as_deref(), Some("incident"));
    let answers: Vec<_> = t
        .answers
        .iter()
        .map(|a| {
            (
                a.question.as_str(),
                a.option.as_str(),
                a.option_label.as_str(),
            )
        })
        .collect();
    assert_eq!(answers, [("down", "yes", "Yes"), ("all", "no", "No")]);
    assert_eq!(t.answers[1].question_text, "For everyone?");
    let first = t.first_response.as_ref().unwrap();
    assert_eq!(
        (first.text.as_str(), first.due.as_deref()),
        ("1 hour", Some("2026-11-27T19:00:00Z"))
    );
    assert_eq!(
        t.resolution.and_then(|r| r.due).as_deref(),
        Some("2026-11-28T18:00:00Z")
    );
    assert_eq!(t.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(t.locale, None);
    assert!(t.context.is_empty());
    assert!(t.policy_version.starts_with("fnv1a64:"));
}

#[test]
fn drafts_survive_storage_and_outdated_ones_are_refused_with_a_reason() {
    let p = policy();
    let mut d = Draft::new(&p, None);
    d.set_type(&p, TypeIx(0));
    d.advance(&p).unwrap();
    d.answer(&p, QuestionIx(0), OptionIx(0));
    d.answer(&p, QuestionIx(1), OptionIx(1));
    d.pick_plan(&p, PlanPick::DontKnow);
    d.choose_level(&p, Some(LevelIx(0)));
    d.justification = "why".into();
    d.summary = "sum".into();
    let json = encode(&p, &d);
    assert_eq!(json, store::encode_with_serde(&p, &d));
    assert_eq!(decode(&p, &json, None), Ok(d.clone()));

    assert!(matches!(
        decode(&p, "{not json", None),
        Err(DraftError::Corrupt(_))
    ));
    // The stored shape is checked as strictly as the serde derive did: the field is named.
    assert_eq!(
        decode(
            &p,
            &json.replace("\"summary\":\"sum\"", "\"summary\":1"),
            None
        ),
        Err(DraftError::Corrupt("`summary`: expected a string".into()))
    );
    assert_eq!(
        decode(&p, &json.replace("\"v\":2", "\"v\":2,\"extra\":0"), None),
        Err(DraftError::Corrupt(
            "unknown field `extra`, expected one of `v`, `policy`, `step`, `request_type`, `answers`, \
             `plan`, `level`, `justification`, `summary`, `details`, `attachments`, `context_removed`, \
             `undone`"
                .into()
        ))
    );
    assert_eq!(
        decode(
            &p,
            &json.replace("\"step\":\"severity\"", "\"step\":\"later\""),
            None
        ),
        Err(DraftError::Corrupt("`step`: unknown step `later`".into()))
    );
    assert_eq!(
        decode(&p, &json.replace("\"v\":2", "\"v\":0"), None),
        Err(DraftError::Version(0))
    );
    assert!(matches!(
        decode(
            &p,
            &json.replace("\"policy\":\"acme\"", "\"policy\":\"other\""),
            None
        ),
        Err(DraftError::OtherPolicy(_))
    ));
    assert_eq!(
        decode(
            &p,
            &json.replace("\"all\":\"no\"", "\"all\":\"maybe\""),
            None
        ),
        Err(DraftError::Outdated(
            "option \"maybe\" of question \"all\"".into()
        ))
    );
    // A stored answer the flow would not keep (its question is not asked) is dropped on restore.
    let stale = json.replace("\"down\":\"yes\"", "\"down\":\"no\"");
    assert_eq!(
        decode(&p, &stale, None).unwrap().answers.get(QuestionIx(1)),
        None
    );
}

#[test]
fn strings_come_from_the_policy_or_the_defaults() {
    let p = policy();
    assert_eq!(p.string(UiString::Next), "Weiter");
    assert_eq!(
        p.text(UiString::StepIndicator, &[("n", "2"), ("total", "3")]),
        "2/3"
    );
    assert_eq!(p.string(UiString::Title), "Get help from Acme");
    assert_eq!(
        Problem::SummaryMissing.message(&p),
        "Write a one-line summary."
    );
}

#[test]
fn step_ids_are_the_serde_names() {
    for step in [Step::Type, Step::Severity, Step::Details, Step::Review] {
        assert_eq!(serde_json::to_value(step).unwrap(), step.id());
    }
}
