//! A host page's prefill applied to a fresh draft of a seed policy: what fits is applied (with the
//! flow's own rules, e.g. `ask_when`), what does not is skipped with a reason, never a panic.

use triage_core::flow::{Draft, Prefill, Skipped};
use triage_core::policy::{self, Policy};
use triage_core::time::UtcOnly;

fn seed(name: &str) -> Policy {
    let path = format!(
        "{}/../../public/policies/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    policy::load(&std::fs::read_to_string(path).unwrap(), &UtcOnly).unwrap()
}

#[test]
fn a_full_prefill_lands_in_the_draft_and_the_suggestion_follows_it() {
    let p = seed("stakater");
    let mut d = Draft::new(&p, None);
    let prefill = Prefill::from_json(
        r#"{"request_type":"incident","answers":{"workaround":"no","impact":"outage"},
            "summary":"Checkout is down","justification":"all shops"}"#,
    )
    .unwrap();
    // `workaround` is asked only after `impact` = outage: policy order, not key order, makes it fit.
    assert_eq!(d.apply_prefill(&p, &prefill), vec![]);
    assert_eq!(d.request_type, p.type_ix("incident"));
    assert_eq!(
        d.answers.get(p.question_ix("impact").unwrap()).map(|o| o.0),
        Some(0)
    );
    assert_eq!(
        d.answers
            .get(p.question_ix("workaround").unwrap())
            .map(|o| o.0),
        Some(0)
    );
    assert_eq!(p.levels[d.level(&p).0].id, "p1");
    assert_eq!(d.summary, "Checkout is down");
    assert_eq!(d.justification, "all shops");
}

#[test]
fn what_does_not_fit_the_policy_is_skipped_with_a_reason() {
    let p = seed("stakater");
    let mut d = Draft::new(&p, None);
    let prefill = Prefill::from_json(
        r#"{"request_type":"nope","answers":{"impact":"limited","workaround":"no","colour":"red"},
            "level":"p9","details":{"environment":"prod","shoe_size":"44"}}"#,
    )
    .unwrap();
    let skipped = d.apply_prefill(&p, &prefill);
    assert_eq!(
        skipped,
        vec![
            Skipped::RequestType("nope".into()),
            Skipped::Question("colour".into()),
            Skipped::NotAsked("workaround".into()),
            Skipped::Level("p9".into()),
            Skipped::Detail("shoe_size".into()),
        ]
    );
    // A detail field of the policy is filled in; one it does not have is named.
    let env = p.fields.iter().find(|f| f.id == "environment").unwrap();
    assert_eq!(d.detail(env), "prod");
    assert_eq!(
        d.answers.get(p.question_ix("impact").unwrap()).map(|o| o.0),
        Some(2)
    );
    assert!(skipped[0].to_string().contains("no request type \"nope\""));
}

#[test]
fn a_level_is_a_starting_choice_and_an_unknown_option_is_reported() {
    let p = seed("stakater");
    let mut d = Draft::new(&p, None);
    let prefill = Prefill::from_json(r#"{"answers":{"impact":"sideways"},"level":"p2"}"#).unwrap();
    assert_eq!(
        d.apply_prefill(&p, &prefill),
        vec![Skipped::Option {
            question: "impact".into(),
            option: "sideways".into()
        }]
    );
    assert_eq!(p.levels[d.level(&p).0].id, "p2");
}

#[test]
fn a_misspelt_key_is_an_error_not_silence() {
    let e = Prefill::from_json(r#"{"sumary":"x"}"#).unwrap_err();
    assert!(e.to_string().contains("sumary"), "{e}");
    assert!(Prefill::from_json("{}").unwrap().is_empty());
}
