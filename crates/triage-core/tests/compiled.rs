//! The compiled form (`triage compile`, read by the widget): every seed and fixture policy comes back
//! unchanged, it can be inlined in a script element, and a corrupt, newer or source file gives an error
//! that says where or what to run, never a panic.

use serde_json::{json, Value};
use triage_core::policy::{self, compile, CompiledError, Policy};

#[path = "support/zones.rs"]
mod zones;
use zones::SystemZones;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every valid policy file the tests use: the seeds, the CLI's and the e2e fixtures.
fn valid_policies() -> Vec<(String, Policy)> {
    let mut out = Vec::new();
    for dir in [
        "public/policies",
        "tests/policies",
        "tests/fixtures",
        "tests/e2e/fixtures",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                if let Ok(p) = policy::load(&text, &SystemZones) {
                    out.push((path.display().to_string(), p));
                }
            }
        }
    }
    out
}

fn wati() -> Policy {
    let text = std::fs::read_to_string(root().join("public/policies/wati.json")).unwrap();
    policy::load(&text, &SystemZones).unwrap()
}

#[test]
fn every_seed_and_fixture_policy_reads_back_unchanged() {
    let all = valid_policies();
    // 5 seeds, 2 CLI fixtures, the DST and coverage policies, 2 e2e fixtures.
    assert!(all.len() >= 11, "{}", all.len());
    for (path, p) in all {
        let text = compile(&p);
        let back = Policy::from_compiled(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let source = std::fs::read_to_string(&path).unwrap();
        // Debug writes bidi controls escaped (`\u{202e}`).
        let debug = format!("{p:?}");
        if debug.contains("\\u{202") || debug.contains("\\u{206") {
            // The hostile e2e policy and the CLI's terminal-escapes fixture: their bidi overrides are dropped on the way (see
            // `bidirectional_overrides_never_reach_the_widget`); what comes back then reads back as is.
            assert_eq!(
                Policy::from_compiled(&compile(&back)).unwrap(),
                back,
                "{path}"
            );
        } else {
            assert_eq!(back, p, "{path}");
        }
        // The ticket's policy_version stays the hash of the source file.
        assert!(back.version.starts_with("fnv1a64:"), "{path}");
        // Smaller than the pretty-printed source.
        assert!(
            text.len() < source.len(),
            "{path}: {} >= {}",
            text.len(),
            source.len()
        );
    }
}

#[test]
fn a_script_end_tag_in_a_policy_string_cannot_end_the_script_element() {
    let mut p = wati();
    p.tips
        .push("Paste </script><script>alert(1)</script> & <!-- here -->".into());
    let text = compile(&p);
    assert!(
        !text.contains('<') && !text.contains('>') && !text.contains('&'),
        "{text}"
    );
    assert!(text.contains(r"\u003c/script\u003e"));
    assert_eq!(Policy::from_compiled(&text).unwrap(), p);
}

fn corrupt(edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&compile(&wati())).unwrap();
    edit(&mut v);
    match Policy::from_compiled(&v.to_string()) {
        Ok(_) => panic!("the corrupt file was read"),
        Err(e) => e.to_string(),
    }
}

// Positions in the top-level list (see `policy::compiled`).
const LEVELS: usize = 6;
const DEFAULT_LEVEL: usize = 7;
const QUESTIONS: usize = 9;
const RULES: usize = 10;
const MATRIX: usize = 11;
const CALENDARS: usize = 12;
const PLANS: usize = 13;
const CHANNELS: usize = 15;
const STRINGS: usize = 22;

#[test]
fn a_corrupt_file_names_the_place_and_what_was_expected() {
    let cases: Vec<(String, &str)> = vec![
        (
            corrupt(|v| v[LEVELS][3][1] = json!(7)),
            "compiled policy is corrupt at levels[3].name: expected a string",
        ),
        (
            corrupt(|v| v[DEFAULT_LEVEL] = json!(4)),
            "compiled policy is corrupt at default_level: expected a level index below 4",
        ),
        (
            corrupt(|v| {
                v[PLANS][0][3].as_array_mut().unwrap().pop();
            }),
            "compiled policy is corrupt at plans[0].targets: expected one entry per level (4)",
        ),
        (
            corrupt(|v| v[PLANS][0][3][0][3] = json!(9)),
            "compiled policy is corrupt at plans[0].targets[0].calendar: expected a calendar index below",
        ),
        (
            corrupt(|v| v[RULES][0][0] = json!([0, 1 << 20])),
            "compiled policy is corrupt at rules[0].when: expected a set of option indices below",
        ),
        (
            corrupt(|v| v[QUESTIONS][0][4] = json!([99, 1])),
            "compiled policy is corrupt at questions[0].ask_when: expected a question index below",
        ),
        (
            corrupt(|v| v[CHANNELS] = json!([[1, "x", null, 0, 1 << 9, null, null, 0]])),
            "compiled policy is corrupt at channels[0].levels: expected a set of level indices below 4",
        ),
        (
            corrupt(|v| v[STRINGS] = json!([100_000, "x"])),
            "compiled policy is corrupt at strings: expected a UI string index below",
        ),
        (
            corrupt(|v| {
                v.as_array_mut().unwrap().pop();
            }),
            "compiled policy is corrupt at the top level: expected a list of 24 items",
        ),
    ];
    for (got, want) in cases {
        assert!(
            got.starts_with(want),
            "{got:?} does not start with {want:?}"
        );
    }
}

/// Wati with an impact × urgency matrix (no seed has one) over its first two questions.
fn with_matrix() -> Policy {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("public/policies/wati.json")).unwrap(),
    )
    .unwrap();
    let ids = |q: &Value| -> Vec<String> {
        q["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (rows, columns) = (v["questions"][0].clone(), v["questions"][1].clone());
    let mut levels = serde_json::Map::new();
    for r in ids(&rows) {
        let cells: serde_json::Map<String, Value> = ids(&columns)
            .into_iter()
            .map(|c| (c, json!("p3")))
            .collect();
        levels.insert(r, Value::Object(cells));
    }
    v["decision"]["matrix"] = json!({
        "rows": rows["id"], "columns": columns["id"], "levels": levels, "reason": "{row}, {column}"
    });
    policy::load(&v.to_string(), &SystemZones).unwrap()
}

fn corrupt_policy(p: &Policy, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&compile(p)).unwrap();
    edit(&mut v);
    Policy::from_compiled(&v.to_string())
        .unwrap_err()
        .to_string()
}

#[test]
fn matrices_calendars_and_targets_are_checked_too() {
    let m = with_matrix();
    assert_eq!(Policy::from_compiled(&compile(&m)).unwrap(), m);
    let got = corrupt_policy(&m, |v| {
        v[MATRIX][2].as_array_mut().unwrap().pop();
    });
    assert_eq!(got, "compiled policy is corrupt at matrix.cells: expected 4 × 2 levels, one per pair of options");
    let got = corrupt_policy(&m, |v| v[MATRIX][1] = json!(3));
    assert_eq!(
        got,
        "compiled policy is corrupt at matrix.columns: expected a question index below 3"
    );

    let text =
        std::fs::read_to_string(root().join("tests/e2e/fixtures/business-hours.json")).unwrap();
    let b = policy::load(&text, &SystemZones).unwrap();
    let c = b
        .calendars
        .iter()
        .position(|c| matches!(c.coverage, policy::Coverage::Weekly(_)))
        .expect("a business-hours calendar");
    let got = corrupt_policy(&b, |v| v[CALENDARS][c][2][1][0] = json!([50_000, 40_000]));
    assert_eq!(got, format!("compiled policy is corrupt at calendars[{c}].coverage.windows[0]: expected sorted, non-overlapping [from, to) windows within a day"));
    let got = corrupt_policy(&b, |v| v[CALENDARS][c][2][1] = json!([[], []]));
    assert_eq!(got, format!("compiled policy is corrupt at calendars[{c}].coverage.windows: expected a list of 7 items"));
    let got = corrupt_policy(&b, |v| v[CALENDARS][c][2][2] = json!([i64::MAX]));
    assert!(
        got.contains(".coverage.holidays[0]: expected a date"),
        "{got}"
    );

    // A target of 2^40 hours would take the deadline arithmetic far past any calendar.
    let got = corrupt(|v| v[PLANS][0][3][0][1] = json!((1u64 << 40) << 3 | 1 << 1));
    assert!(got.starts_with("compiled policy is corrupt at plans[0].targets[0].first_response: expected a response target"), "{got}");
    // Reversed bounds would make `clamp` panic.
    let text = std::fs::read_to_string(root().join("public/policies/weka.json")).unwrap();
    let w = policy::load(&text, &SystemZones).unwrap();
    let got = corrupt_policy(&w, |v| {
        v[8][0][3] = Value::Null;
        v[8][0][4] = json!(3);
        v[8][0][5] = json!(1);
    });
    assert_eq!(got, "compiled policy is corrupt at request_types[0].least_severe: expected a level no more severe than most_severe");
}

#[test]
fn a_source_file_says_what_to_run() {
    let source = std::fs::read_to_string(root().join("public/policies/wati.json")).unwrap();
    let e = Policy::from_compiled(&source).unwrap_err();
    assert_eq!(e, CompiledError::SourceFile { file: None });
    assert_eq!(
        e.clone().at("https://example.com/policies/wati.json?v=2").to_string(),
        "this is a policy source file, not a compiled policy: run `triage compile wati.json > wati.compiled.json` and point the widget at wati.compiled.json"
    );
    // An inline policy has no file name: a placeholder one.
    assert_eq!(
        e.at("(the policy inside the <severity-triage> element)").to_string(),
        "this is a policy source file, not a compiled policy: run `triage compile policy.json > policy.compiled.json` and point the widget at policy.compiled.json"
    );
}

#[test]
fn a_newer_format_asks_for_the_cli_of_the_same_release() {
    let got = corrupt(|v| v[1] = json!(3));
    assert_eq!(
        got,
        "compiled with format 3, this widget reads format 2: recompile with the triage CLI of the same release"
    );
}

#[test]
fn other_texts_are_not_compiled_policies() {
    for text in [
        "",
        "<!doctype html><p>Not found</p>",
        "[1, 2]",
        "{\"error\": \"nope\"}",
        "null",
        "[\"severity-triage/compiled-policy\"]",
    ] {
        let e = Policy::from_compiled(text).unwrap_err();
        assert!(
            matches!(
                e,
                CompiledError::NotJson(_)
                    | CompiledError::NotCompiled
                    | CompiledError::Format { .. }
            ),
            "{text}: {e}"
        );
    }
}

/// Issue 20, finding 8: a right-to-left override in a policy text would make the widget's sentences read
/// as something they are not ("Low" shown where the text says otherwise). The decoder drops bidi
/// overrides and isolates from every text; the marks right-to-left languages use stay.
#[test]
fn bidirectional_overrides_never_reach_the_widget() {
    let mut p = wati();
    p.levels[0].name = "Urgent \u{202e}(P1)\u{202c} \u{2067}x\u{2069} \u{200f}ok".into();
    p.vendor = "\u{202d}Wati".into();
    let back = Policy::from_compiled(&compile(&p)).unwrap();
    assert_eq!(back.levels[0].name, "Urgent (P1) x \u{200f}ok");
    assert_eq!(back.vendor, "Wati");
}

/// Issue 20, finding 6: a hand-edited compiled file cannot point the widget at another host through a
/// URL a browser reads differently from how it looks.
#[test]
fn a_compiled_endpoint_is_checked_like_the_source_one() {
    for url in [
        "/\\evil.example/x",
        "/\t/evil.example/x",
        "//evil.example/x",
        "http://evil.example/x",
    ] {
        let mut p = wati();
        p.endpoint.url = url.into();
        let got = Policy::from_compiled(&compile(&p)).unwrap_err().to_string();
        assert!(
            got.starts_with(
                "compiled policy is corrupt at endpoint.url: expected an endpoint URL that "
            ),
            "{url:?}: {got}"
        );
    }
}

/// A target's alternative (tests/fixtures/coverage-policy.json): its time must name a time, and its
/// calendar, the questions and options of its condition and its channel kind must exist.
#[test]
fn an_alternative_is_checked_like_the_rest_of_its_target() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/coverage-policy.json")).unwrap();
    let p = policy::load(&text, &SystemZones).unwrap();
    assert_eq!(Policy::from_compiled(&compile(&p)).unwrap(), p);
    // plans[0] is Standard (P1: by phone), plans[1] Premium (P1: for production); [3] are the targets,
    // [0] P1, [5] its alternative: [first response, calendar, condition, channel kind?, note?].
    let alt = |plan: usize, i: usize, value: Value| {
        corrupt_policy(&p, |v| v[PLANS][plan][3][0][5][i] = value)
    };
    let at = "compiled policy is corrupt at plans[0].targets[0].alternative";
    for (got, want) in [
        (alt(0, 0, json!(0)), format!("{at}.first_response: expected a response target that names a time")),
        (alt(0, 1, json!(2)), format!("{at}.calendar: expected a calendar index below 2")),
        (alt(0, 3, json!(9)), format!("{at}.channel: expected a channel kind")),
        (
            alt(1, 2, json!([5, 1])),
            "compiled policy is corrupt at plans[1].targets[0].alternative.answers: expected a question index below 2".into(),
        ),
        (
            corrupt_policy(&p, |v| v[PLANS][0][3][0][5] = json!([32, 0])),
            format!("{at}: expected a list of 5 items"),
        ),
    ] {
        assert!(got.starts_with(&want), "{got:?} does not start with {want:?}");
    }
}
