//! No input makes the parser, validator or calculators panic, and oversized input is refused quickly
//! with a message. Timings live in `examples/adversarial`, not here.

use proptest::prelude::*;
use triage_core::explain::explain;
use triage_core::flow::{Draft, PlanPick};
use triage_core::policy::{self, limits, LevelIx, OptionIx, PlanIx, Policy, TypeIx};
use triage_core::table;
use triage_core::triage::{suggest, Answers};

#[path = "support/zones.rs"]
mod zones;
use zones::SystemZones;

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../public/policies/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Loads `text` and checks what comes out: errors that point inside the text and say something, or a
/// policy whose every type, plan and level explains consistently with its own decision table.
fn exercise(text: &str) {
    let p = match policy::load(text, &SystemZones) {
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(
                errors.len() <= limits::MAX_ERRORS + 1,
                "{} errors",
                errors.len()
            );
            let lines = text.split('\n').count();
            for e in &errors {
                assert!(e.line >= 1 && e.column >= 1, "{e:?}");
                assert!(e.line <= lines, "{e:?} is past the last line ({lines})");
                assert!(!e.message.trim().is_empty(), "{e:?}");
            }
            // Deterministic: the same text gives the same errors.
            assert_eq!(policy::load(text, &SystemZones).unwrap_err(), errors);
            return;
        }
        Ok(p) => p,
    };
    assert!((limits::MIN_LEVELS..=limits::MAX_LEVELS).contains(&p.levels.len()));
    assert!(p.default_level.0 < p.levels.len() && p.default_plan.0 < p.plans.len());
    for plan in &p.plans {
        assert_eq!(plan.targets.len(), p.levels.len(), "{}", plan.id);
    }
    // What the widget reads is the same policy.
    assert_eq!(Policy::from_compiled(&policy::compile(&p)).as_ref(), Ok(&p));
    compute(&p, true);
}

/// Every table, suggestion and explanation of `p`. `validated`: the calendars are known to have covered
/// time (a hand-edited compiled file may have none, which explain reports as an error).
fn compute(p: &Policy, validated: bool) {
    let p = p.clone();
    let at = 1_790_000_000;
    let submitted = triage_core::time::format_rfc3339_utc(at);
    let types: Vec<Option<TypeIx>> = std::iter::once(None)
        .chain(TypeIx::all(p.request_types.len()).map(Some))
        .collect();
    for t in types {
        if let Ok(tab) = table::enumerate(&p, t) {
            for row in &tab.rows {
                let mut answers = Answers::new(&p);
                for &(q, o) in &row.answers {
                    answers.set(q, Some(o));
                }
                let s = suggest(&p, t, &answers);
                assert_eq!((s.level, s.basis), (row.level, row.basis));
                assert!(!s.reasons.is_empty());
            }
            for l in &tab.unreachable_levels {
                assert!(tab.rows.iter().all(|r| r.level != *l));
            }
        }
        for plan in PlanIx::all(p.plans.len()) {
            for level in LevelIx::all(p.levels.len()) {
                let e = explain(
                    &p,
                    t,
                    plan,
                    &Answers::new(&p),
                    Some(level),
                    at,
                    &SystemZones,
                );
                let e = match e {
                    Ok(e) => e,
                    Err(_) if !validated => continue,
                    Err(e) => panic!("validated calendars always have covered time: {e:?}"),
                };
                assert_eq!(e.level, p.levels[level].id);
                assert_eq!(e.plan, p.plans[plan].id);
                for target in std::iter::once(&e.first_response).chain(e.resolution.as_ref()) {
                    match (target.kind, &target.deadline) {
                        ("deadline" | "indicative", Some(d)) => {
                            assert!(*d >= submitted, "{d} < {submitted}")
                        }
                        ("best_effort" | "no_sla" | "stated_elsewhere", None) => {}
                        other => panic!("inconsistent target {other:?}"),
                    }
                }
            }
        }
    }
    // The flow a person walks through, as the widget drives it.
    for pick in [PlanPick::DontKnow, PlanPick::Plan(PlanIx(0))] {
        let mut d = Draft::new(&p, None);
        for _ in 0..12 {
            if let Some(t) = TypeIx::all(p.request_types.len()).last() {
                d.set_type(&p, t);
            }
            for q in d.questions(&p) {
                d.answer(&p, q, OptionIx(p.questions[q].options.len() - 1));
            }
            d.pick_plan(&p, pick);
            d.choose_level(&p, Some(LevelIx(0)));
            for (i, _) in d.fields(&p) {
                d.set_detail(&p, i, "someone@example.com".into());
            }
            let _ = (
                d.logs(&p),
                d.steps(&p),
                d.position(&p),
                d.problems(&p, d.step),
            );
            let _ = d.outcome(&p, at, &SystemZones);
            if d.advance(&p).is_err() || d.is_complete(&p) {
                break;
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<i64>().prop_map(Into::into),
        "[a-z0-9 :/_-]{0,12}".prop_map(Into::into),
        prop::sample::select(vec![
            "p1",
            "p2",
            "24x7",
            "business_hours",
            "Europe/Berlin",
            "09:00",
            "4 hours",
            "mon",
            "yes"
        ])
        .prop_map(Into::into),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Into::into),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "id",
                    "name",
                    "levels",
                    "plans",
                    "calendars",
                    "kind",
                    "hours",
                    "targets",
                    "when",
                    "level",
                    "default_level",
                    "questions",
                    "options",
                    "definition",
                    "endpoint",
                    "url",
                    "time_zone"
                ])
                .prop_map(String::from),
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Up to three edits: (where, how many characters to cut, what to put there).
fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, usize, String)>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            0usize..40,
            "[\\[\\]{}\",:0-9a-z ]{0,4}",
        ),
        1..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
        exercise(&s);
    }

    #[test]
    fn arbitrary_json_never_panics(v in json_value()) {
        exercise(&v.to_string());
    }

    #[test]
    fn mutated_seeds_never_panic(which in 0usize..5, cuts in edits()) {
        let mut text = seed(["weka", "atlan", "stakater", "severalnines", "wati"][which]);
        for (at, len, insert) in cuts {
            let mut i = at.index(text.len());
            while !text.is_char_boundary(i) { i -= 1; }
            let mut j = (i + len).min(text.len());
            while !text.is_char_boundary(j) { j -= 1; }
            text.replace_range(i..j.max(i), &insert);
        }
        exercise(&text);
    }
}

/// JSON pointers to the numbers and nulls inside `v`: indices, sets, targets and absent values are where a
/// wrong value could slip through (a string or a record replaced by anything else is simply refused).
fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    if let Some(items) = v.as_array() {
        for (i, item) in items.iter().enumerate() {
            pointers(item, format!("{at}/{i}"), out);
        }
    }
    if v.is_number() || v.is_null() {
        out.push(at);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// A hand-edited or corrupt compiled policy is refused with a message, or is a policy whose every
    /// computation runs without a panic: the decoder checked every index.
    #[test]
    fn mutated_compiled_seeds_never_panic(
        which in 0usize..5,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..12), 1..4),
    ) {
        let p = policy::load(&seed(["weka", "atlan", "stakater", "severalnines", "wati"][which]), &SystemZones).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&policy::compile(&p)).unwrap();
        let mut all = Vec::new();
        pointers(&v, String::new(), &mut all);
        for (at, what) in edits {
            let replacement = [
                serde_json::json!(0), serde_json::json!(1), serde_json::json!(2), serde_json::json!(3),
                serde_json::json!(7), serde_json::json!(64), serde_json::json!(1u64 << 40),
                serde_json::json!(-1), serde_json::json!(u64::MAX), serde_json::json!("x"),
                serde_json::Value::Null, serde_json::json!([]),
            ][what].clone();
            let ptr = &all[at.index(all.len())];
            if let Some(slot) = v.pointer_mut(ptr) {
                *slot = replacement;
            }
        }
        match Policy::from_compiled(&v.to_string()) {
            Ok(p) => compute(&p, false),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn seeds_survive_exercise() {
    for s in ["weka", "atlan", "stakater", "severalnines", "wati"] {
        exercise(&seed(s));
    }
}

fn with_rules(n: usize) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&seed("wati")).unwrap();
    let rules: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let option = ["down", "degraded", "partial", "minor"][i % 4];
            serde_json::json!({"when": {"service": option}, "level": "p3", "reason": format!("rule {i}")})
        })
        .collect();
    v["decision"]["rules"] = rules.into();
    v.to_string()
}

#[test]
fn ten_thousand_rules_are_refused_with_a_message() {
    let errors = policy::load(&with_rules(10_000), &SystemZones).unwrap_err();
    assert!(
        errors.iter().any(|e| e.path == "decision.rules"
            && e.message
                .starts_with("at most 2000 rules; this policy has 10000")),
        "{errors:?}"
    );
}

#[test]
fn the_largest_allowed_rule_count_is_handled() {
    let p = policy::load(&with_rules(limits::MAX_RULES), &SystemZones).unwrap();
    assert_eq!(p.rules.len(), limits::MAX_RULES);
    exercise(&with_rules(limits::MAX_RULES));
}

#[test]
fn a_policy_over_one_megabyte_is_refused_before_parsing() {
    let mut text = seed("wati");
    text.insert_str(
        1,
        &format!("\"source\": \"{}\",", "x".repeat(limits::MAX_POLICY_BYTES)),
    );
    let errors = policy::load(&text, &SystemZones).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("the limit is 1048576 bytes"),
        "{errors:?}"
    );
}

#[test]
fn structural_errors_are_all_reported_not_just_the_first() {
    let text = r#"{
  "id": "x", "vendor": "X",
  "levels": [ {"id": "p1", "name": "P1"}, {"id": "p2", "name": "P2", "definition": "d", "colour": "red"} ],
  "default_level": "p1",
  "plans": [ {"id": "a", "name": "A", "calendar": 7} ],
  "endpoint": {"url": "/api"}, "fallback_contact": "x", "extra": true
}"#;
    let errors = policy::load(text, &SystemZones).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = [
        "3:15: levels[0]: missing field `definition`",
        "3:89: levels[1].colour: unknown field `colour`",
        "5:51: plans[0].calendar: invalid type: integer `7`, expected a string",
        "6:57: extra: unknown field `extra`",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }
}
