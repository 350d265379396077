//! The loader's own tests: every mistake of a file in one run, whatever kind it is, at its position.

use super::*;
use crate::time::UtcOnly;

/// The required-field table the lenient reader uses follows the types: for every object in the JSON
/// Schema generated from them, the same required fields (a new struct or field must be added there).
#[test]
fn the_required_field_table_follows_the_types() {
    let schema = serde_json::to_value(schemars::schema_for!(PolicyFile)).unwrap();
    let names = |v: &Value| -> Vec<String> {
        let mut out: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        out.sort();
        out
    };
    let mut objects = vec![("PolicyFile".to_string(), &schema)];
    for (name, def) in schema["$defs"].as_object().unwrap() {
        if def.get("properties").is_some() {
            objects.push((name.clone(), def));
        }
    }
    assert!(objects.len() >= 15, "{}", objects.len());
    for (name, def) in objects {
        let mut table: Vec<String> = lenient::required(&name)
            .iter()
            .map(|f| f.to_string())
            .collect();
        table.sort();
        assert_eq!(table, names(&def["required"]), "{name}");
    }
}

/// A policy that loads, as JSON, to break in the tests.
fn base() -> Value {
    serde_json::json!({
        "id": "x", "vendor": "X",
        "levels": [{"id": "p1", "name": "P1", "definition": "d"}, {"id": "p2", "name": "P2", "definition": "d"}],
        "default_level": "p2",
        "questions": [{"id": "q", "text": "Q?", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}],
        "decision": {"rules": [{"when": {"q": "a"}, "level": "p1", "reason": "r"}]},
        "calendars": {"always": {"kind": "24x7"}},
        "plans": [{"id": "std", "name": "Std", "calendar": "always",
                   "targets": {"p1": {"first_response": "1 hour"}, "p2": {"first_response": "4 hours"}}}],
        "endpoint": {"url": "/api/tickets"}, "fallback_contact": "x"
    })
}

/// The errors of `policy` pretty-printed (keys in alphabetical order), as "line:column: path: message".
fn errors(policy: &Value) -> Vec<String> {
    let text = serde_json::to_string_pretty(policy).unwrap();
    load(&text, &UtcOnly)
        .map(|_| ())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_base_policy_loads() {
    let text = serde_json::to_string_pretty(&base()).unwrap();
    assert!(load(&text, &UtcOnly).is_ok());
}

#[test]
fn an_unknown_field_is_reported_with_the_semantic_errors_in_file_order() {
    let mut p = base();
    // The typo of a required field: the target cannot be checked, the rest of the file can.
    p["plans"][0]["targets"]["p1"] = serde_json::json!({"first_reponse": "1 hour"});
    p["default_level"] = "p9".into();
    p["decision"]["rules"][0]["level"] = "sev1".into();
    p["endpoint"]["url"] = "ftp://example.com".into();
    let e = errors(&p);
    // Pretty-printed with keys in alphabetical order: decision, default_level, endpoint, …, plans.
    assert_eq!(e.len(), 4, "{e:#?}");
    assert!(
        e[0].contains("decision.rules[0].level: unknown level \"sev1\""),
        "{e:#?}"
    );
    assert!(
        e[1].contains("default_level: unknown level \"p9\""),
        "{e:#?}"
    );
    assert!(
        e[2].contains("endpoint.url: \"ftp://example.com\""),
        "{e:#?}"
    );
    assert!(
        e[3].ends_with(
            "plans[0].targets.p1.first_reponse: unknown field `first_reponse`: did you mean `first_response`?"
        ),
        "{e:#?}"
    );
    let lines: Vec<usize> = e
        .iter()
        .map(|l| l.split(':').next().unwrap().parse().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
}

#[test]
fn an_unknown_field_far_from_any_known_one_lists_them() {
    let mut p = base();
    p["levels"][0]["colour"] = "red".into();
    assert_eq!(
        errors(&p),
        vec!["26:7: levels[0].colour: unknown field `colour`, expected one of `id`, `name`, `definition`, `examples` (remove it or correct its name)"]
    );
}

#[test]
fn a_missing_field_is_reported_at_the_object_and_only_that_object_goes_unchecked() {
    let mut p = base();
    p["levels"][1] = serde_json::json!({"id": "p2", "definition": ""});
    p["endpoint"]["url"] = "ftp://example.com".into();
    let e = errors(&p);
    // Not at 1:1: at the `{` of levels[1]. Its empty definition is not reported (the object is not
    // checked further), the endpoint still is.
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e[0].contains("endpoint.url"), "{e:#?}");
    assert_eq!(e[1], "30:5: levels[1]: missing field `name`; add it");
}

#[test]
fn a_wrong_type_breaks_its_object_only_and_references_to_a_broken_list_are_not_guessed_at() {
    let mut p = base();
    p["levels"] = "p1, p2".into();
    p["plans"][0]["targets"]["p2"]["first_response"] = 4.into();
    p["calendars"]["office"] =
        serde_json::json!({"kind": "business_hour", "time_zone": "Europe/Berlin"});
    p["endpoint"]["timeout_seconds"] = (-3).into();
    let e = errors(&p);
    let want = [
        "levels: invalid type: string \"p1, p2\", expected a sequence",
        "calendars.office.kind: unknown variant `business_hour`, expected one of `24x7`, `24x5`, `business_hours`; did you mean `business_hours`?",
        "plans[0].targets.p2.first_response: invalid type: integer `4`, expected a string",
        "endpoint.timeout_seconds: invalid value: integer `-3`, expected u32",
    ];
    assert_eq!(e.len(), want.len(), "{e:#?}");
    for w in want {
        assert!(e.iter().any(|l| l.ends_with(w)), "{w}\n{e:#?}");
    }
}

#[test]
fn untagged_values_and_ui_string_keys_do_not_stop_the_reading() {
    let mut p = base();
    p["decision"]["rules"][0]["when"]["q"] = 7.into();
    p["fields"] =
        serde_json::json!([{"id": "f", "label": "F", "kind": "line", "ask": {"levls": ["p1"]}}]);
    p["strings"] = serde_json::json!({"lancher": "Help"});
    p["default_level"] = "p9".into();
    let e = errors(&p);
    for w in [
        "decision.rules[0].when.q: expected an option id or a list of option ids",
        "fields[0].ask.levls: unknown field `levls`: did you mean `levels`?",
        "strings.lancher: unknown key `lancher`: did you mean `launcher`?",
        "default_level: unknown level \"p9\"",
    ] {
        assert!(e.iter().any(|l| l.contains(w)), "{w}\n{e:#?}");
    }
    assert_eq!(e.len(), 4, "{e:#?}");
}

#[test]
fn an_empty_file_says_so() {
    for text in ["", "  \n\t"] {
        let e = load(text, &UtcOnly).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].message.starts_with("the file is empty"), "{}", e[0]);
    }
    let e = load("[1]", &UtcOnly).unwrap_err();
    assert_eq!(e[0].message, "a policy is a JSON object ({ … })");
}

#[test]
fn a_missing_top_level_field_does_not_hide_the_rest() {
    let mut p = base();
    p.as_object_mut().unwrap().remove("plans");
    p["default_level"] = "p9".into();
    let e = errors(&p);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0], "1:1: (policy): missing field `plans`; add it");
    assert!(
        e[1].contains("default_level: unknown level \"p9\""),
        "{e:#?}"
    );
}
