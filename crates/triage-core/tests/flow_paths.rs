//! Drives the flow model through every reachable answer path of the five seed policies, answering only
//! the questions the flow asks at each point (as a person would), and requires the level `triage table`
//! gives for the same answers. Also checks the card each path shows: reasons in the policy's words, and
//! promises that never invent a time the policy does not state.

use triage_core::flow::{Draft, PlanPick, PromiseKind, Responses, Step};
use triage_core::policy::{self, OptionIx, Policy, QuestionIx, TypeIx};
use triage_core::table::enumerate;
use triage_core::time::UtcOnly;

const SEEDS: [&str; 5] = ["wati", "weka", "severalnines", "stakater", "atlan"];
const NOW: i64 = 1_795_802_400; // 2026-11-27T18:00:00Z, a Friday evening

fn seed(name: &str) -> Policy {
    let path = format!(
        "{}/../../public/policies/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    policy::load(&text, &UtcOnly).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// The request types to walk: each one, or "none" for a policy without types.
fn types(p: &Policy) -> Vec<Option<TypeIx>> {
    if p.request_types.is_empty() {
        vec![None]
    } else {
        TypeIx::all(p.request_types.len()).map(Some).collect()
    }
}

#[test]
fn every_answer_path_gives_the_level_the_table_gives() {
    let mut paths = 0;
    for name in SEEDS {
        let p = seed(name);
        let mut levels_seen = std::collections::BTreeSet::new();
        for t in types(&p) {
            for row in enumerate(&p, t).unwrap().rows {
                let mut d = Draft::new(&p, None);
                if let Some(t) = t {
                    assert_eq!(d.step, Step::Type, "{name}: the type comes first");
                    assert!(d.advance(&p).is_err(), "{name}: no type chosen yet");
                    d.set_type(&p, t);
                    d.advance(&p).unwrap();
                }
                assert_eq!(d.step, Step::Severity);
                // Answer exactly the questions the flow asks, in its order, until it asks no more.
                loop {
                    let open: Vec<QuestionIx> = d
                        .questions(&p)
                        .into_iter()
                        .filter(|&q| d.answers.get(q).is_none())
                        .collect();
                    let Some(&q) = open.first() else { break };
                    let o = row
                        .answers
                        .iter()
                        .find(|(x, _)| *x == q)
                        .map(|(_, o)| *o)
                        .unwrap_or_else(|| panic!("{name}: the flow asks {q}, the table did not"));
                    d.answer(&p, q, o);
                }
                let asked: Vec<(QuestionIx, OptionIx)> = d
                    .questions(&p)
                    .into_iter()
                    .map(|q| (q, d.answers.get(q).unwrap()))
                    .collect();
                assert_eq!(
                    asked, row.answers,
                    "{name}: same questions asked as the table"
                );
                assert_eq!(d.level(&p), row.level, "{name} {:?}", row.answers);
                levels_seen.insert(row.level);
                let card = d.outcome(&p, NOW, &UtcOnly).unwrap();
                assert_eq!(card.level, row.level);
                assert!(!card.reasons.is_empty() && card.reasons.iter().all(|r| !r.is_empty()));
                if d.asks_plan(&p) {
                    assert!(
                        matches!(card.responses, Responses::PerPlan(ref v) if v.len() == p.plans.len())
                    );
                    assert!(d.advance(&p).is_err(), "{name}: the plan must be picked");
                    d.pick_plan(&p, PlanPick::DontKnow);
                }
                d.advance(&p).unwrap();
                assert_eq!(d.step, Step::Send);
                assert_eq!(d.advance(&p).unwrap_err().len(), 1, "summary missing");
                d.summary = "It broke".into();
                assert!(d.is_complete(&p));
                paths += 1;
            }
        }
        assert!(!levels_seen.is_empty(), "{name}");
    }
    assert!(paths >= 20, "walked {paths} paths");
}

#[test]
fn seed_facts_on_the_card() {
    // Wati: P1 on its first (only) plan is 45 minutes, 24/7, due at now + 45 min.
    let p = seed("wati");
    let mut d = Draft::new(&p, None);
    let service = p.question_ix("service").unwrap();
    let down = p.questions[service]
        .options
        .iter()
        .position(|o| o.id == "down")
        .map(OptionIx)
        .unwrap();
    d.answer(&p, service, down);
    let card = d.outcome(&p, NOW, &UtcOnly).unwrap();
    assert_eq!(p.levels[card.level].id, "p1");
    let Responses::Plan { first, .. } = &card.responses else {
        panic!("one plan: no plan question")
    };
    assert_eq!(first.kind, PromiseKind::Deadline);
    assert_eq!(first.target, "45 minutes");
    assert_eq!(first.due, Some(NOW + 45 * 60));
    assert_eq!(first.starts, None, "24/7: the clock starts at once");
    assert_eq!(first.spans, vec![(NOW, NOW + 45 * 60)]);

    // WEKA Critical: the phone is recommended and email is not accepted, with the vendor's note.
    let p = seed("weka");
    let mut d = Draft::new(&p, None);
    d.set_type(&p, p.type_ix("problem").unwrap());
    d.answer(&p, p.question_ix("business_ops").unwrap(), OptionIx(0));
    let card = d.outcome(&p, NOW, &UtcOnly).unwrap();
    assert_eq!(p.levels[card.level].id, "critical");
    assert!(card
        .recommended
        .iter()
        .any(|c| c.value == "+1 (844) 392-0665"));
    let email = card.not_accepted.first().expect("email not accepted");
    assert!(email
        .note
        .as_deref()
        .unwrap()
        .contains("not considered critical"));
    let Responses::Plan { first, .. } = &card.responses else {
        panic!()
    };
    assert_eq!(first.kind, PromiseKind::Elsewhere);
    assert_eq!(first.due, None, "no invented time");

    // Atlan: "Per your support contract…", no time.
    let p = seed("atlan");
    let d = Draft::new(&p, None);
    let card = d.outcome(&p, NOW, &UtcOnly).unwrap();
    let Responses::Plan { first, .. } = &card.responses else {
        panic!()
    };
    assert!(first.target.starts_with("Per your support contract"));
    assert_eq!((first.kind, first.due), (PromiseKind::Elsewhere, None));

    // Severalnines: the ticket system is the only channel; phone and Slack are refused.
    let p = seed("severalnines");
    let mut d = Draft::new(&p, None);
    d.set_type(&p, p.type_ix("control_plane").unwrap());
    d.pick_plan(&p, PlanPick::Plan(p.plan_ix("control_plane").unwrap()));
    let card = d.outcome(&p, NOW, &UtcOnly).unwrap();
    assert_eq!(card.required.len(), 1);
    assert!(card.required[0].value.contains("support.severalnines.com"));
    assert!(card.recommended.is_empty() && card.accepted.is_empty());
    assert_eq!(card.not_accepted.len(), 2);
}
