//! Adversarial policies of about 1 MiB, each aimed at one way a loader can blow up: shared by the
//! benchmark (`cargo run --release -p triage-core --example adversarial`) and the tests that check each is
//! loaded or refused with the right error (`tests/adversarial.rs`).

use triage_core::policy::limits::MAX_POLICY_BYTES;

/// Just under the size limit, so the input reaches the parser.
pub const SIZE: usize = MAX_POLICY_BYTES - 64;

/// A valid policy to grow; `{EXTRA}` is where the adversarial part goes.
pub fn base(extra: &str) -> String {
    format!(
        r#"{{"id":"x","vendor":"X","levels":[{{"id":"p1","name":"P1","definition":"d"}},{{"id":"p2","name":"P2","definition":"d"}}],
"default_level":"p2","questions":[{{"id":"q","text":"Q?","options":[{{"id":"a","label":"A"}},{{"id":"b","label":"B"}}]}}],
"calendars":{{"c":{{"kind":"24x7"}}}},
"plans":[{{"id":"std","name":"Std","calendar":"c","targets":{{"p1":{{"first_response":"1 hour"}},"p2":{{"first_response":"1 day"}}}}}}],
"endpoint":{{"url":"/api/tickets"}},"fallback_contact":"x"{extra}}}"#
    )
}

/// Repeats `item` (comma-separated) until the text would pass `budget` bytes.
fn repeat(item: &str, budget: usize) -> String {
    let n = budget / (item.len() + 1);
    let mut out = String::with_capacity(n * (item.len() + 1));
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out
}

/// Name, what the loader must do with it, and the text.
pub fn all() -> Vec<(&'static str, Expect, String)> {
    let room = SIZE - base("").len() - 32;
    vec![
        (
            "long key over a wide array (the 4 GB bomb)",
            Expect::Refused("a key of 500002 bytes"),
            format!(
                "{{\"{}\": [{}]}}",
                "k".repeat(500_000),
                repeat("0", 520_000)
            ),
        ),
        (
            "wide array of wrong-typed tips",
            Expect::Refused("tips[0]: invalid type: integer `0`, expected a string"),
            base(&format!(",\"tips\":[{}]", repeat("0", room))),
        ),
        (
            "wide array of tips (valid)",
            Expect::Loaded,
            base(&format!(",\"tips\":[{}]", repeat("\"t\"", room))),
        ),
        (
            "wide object of unknown fields",
            Expect::Refused("unknown field `k"),
            format!(
                "{{{}}}",
                (0..)
                    .map(|i| format!("\"k{i}\":0"))
                    .scan(0usize, |len, item| {
                        *len += item.len() + 1;
                        (*len < SIZE).then_some(item)
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "deep nesting",
            Expect::Refused("not valid JSON: recursion limit exceeded"),
            format!("{}{}", "[".repeat(SIZE / 2), "]".repeat(SIZE / 2)),
        ),
        (
            "deep nesting inside a field, just under the parser's limit, repeated",
            Expect::Refused("tips[0]: invalid type: sequence, expected a string"),
            base(&format!(
                ",\"tips\":[{}]",
                repeat(&format!("{}{}", "[".repeat(120), "]".repeat(120)), room)
            )),
        ),
        (
            "keys at the length limit, many of them",
            Expect::Refused("unknown field `"),
            format!(
                "{{{}}}",
                (0..SIZE / 260)
                    .map(|i| format!("\"{:0>250}\":0", i))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "duplicate keys, many of them",
            Expect::Refused("this key appears twice in the same object"),
            base(&format!(
                ",\"strings\":{{{}}}",
                repeat("\"title\":\"t\"", room)
            )),
        ),
        (
            "one long string (valid)",
            Expect::Loaded,
            base(&format!(",\"source\":\"{}\"", "s".repeat(room))),
        ),
        (
            "a long level id quoted in every error",
            Expect::Refused("must be 1–64 ASCII letters"),
            {
                let id = "%".repeat(room / 3);
                let mut t = base(&format!(
                    ",\"decision\":{{\"rules\":[{}]}}",
                    repeat(
                        "{\"level\":\"nope\",\"reason\":\"r\"}",
                        room - room / 3 - 64
                    )
                ));
                t = t.replacen("\"id\":\"p1\"", &format!("\"id\":\"{id}\""), 1);
                t
            },
        ),
        (
            "many rules (over the limit)",
            Expect::Refused("at most 2000 rules"),
            base(&format!(
                ",\"decision\":{{\"rules\":[{}]}}",
                repeat(
                    "{\"when\":{\"q\":\"a\"},\"level\":\"p1\",\"reason\":\"r\"}",
                    room
                )
            )),
        ),
        (
            "2000 rules with long reasons (valid)",
            Expect::Loaded,
            base(&format!(
                ",\"decision\":{{\"rules\":[{}]}}",
                repeat(
                    &format!(
                        "{{\"when\":{{\"q\":[\"a\",\"b\"]}},\"level\":\"p1\",\"reason\":\"{}\"}}",
                        "r".repeat(room / 2000 - 50)
                    ),
                    room
                )
            )),
        ),
    ]
}

/// What loading an input must give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Loaded,
    /// Refused, with an error whose `path: message` text contains this.
    Refused(&'static str),
}
