//! The hand reader against the derived `Deserialize` the receiver uses: every ticket serde_json writes
//! reads back equal, and documents with a field removed, added, nulled or of another type are accepted or
//! refused by both alike. The hand writer ([`crate::json::write`]) writes the same bytes as serde_json.

use proptest::prelude::*;

use super::ticket;
use crate::json::parse;
use crate::maps::SortedMap;
use crate::ticket::{Alternative, Answer, Attachment, ChosenLevel, Target, Ticket, SCHEMA};

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}|[\"\\\\\n\u{1}é😀]{0,4}"
}

fn target() -> impl Strategy<Value = Option<Target>> {
    let alternative = (
        text(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        text(),
    )
        .prop_map(|(text, coverage, due, channel)| Alternative {
            text,
            coverage,
            due,
            channel,
        });
    proptest::option::of(
        (
            text(),
            proptest::option::of(text()),
            proptest::option::of(alternative),
        )
            .prop_map(|(text, due, alternative)| Target {
                text,
                due,
                alternative,
            }),
    )
}

fn a_ticket() -> impl Strategy<Value = Ticket> {
    let answers = proptest::collection::vec(
        (text(), text(), text(), text()).prop_map(
            |(question, question_text, option, option_label)| Answer {
                question,
                question_text,
                option,
                option_label,
            },
        ),
        0..3,
    );
    let level = (
        text(),
        text(),
        proptest::option::of(text()),
        proptest::collection::vec(text(), 0..3),
        proptest::option::of(text()),
    )
        .prop_map(
            |(id, name, suggested, reasons, justification)| ChosenLevel {
                id,
                name,
                suggested,
                reasons,
                justification,
            },
        );
    let attachments = proptest::collection::vec(
        (text(), any::<u64>(), text(), any::<bool>()).prop_map(|(name, size, text, trimmed)| {
            Attachment {
                name,
                size,
                text,
                trimmed,
            }
        }),
        0..2,
    );
    let map = || {
        proptest::collection::vec((text(), text()), 0..3)
            .prop_map(|kv| kv.into_iter().collect::<SortedMap<_, _>>())
    };
    let counts = proptest::collection::vec((text(), any::<u32>()), 0..3)
        .prop_map(|kv| kv.into_iter().collect::<SortedMap<_, _>>());
    (
        (
            text(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
            answers,
            level,
        ),
        (
            target(),
            target(),
            text(),
            map(),
            attachments,
            map(),
            counts,
        ),
        (proptest::option::of(text()), proptest::option::of(text())),
    )
        .prop_map(
            |(
                (id, created_at, plan, request_type, answers, level),
                (first_response, resolution, summary, details, attachments, context, redactions),
                (locale, time_zone),
            )| Ticket {
                schema: SCHEMA.into(),
                id,
                created_at,
                policy: "p".into(),
                policy_version: "fnv1a64:0123456789abcdef".into(),
                plan,
                request_type,
                answers,
                level,
                first_response,
                resolution,
                summary,
                details,
                attachments,
                context,
                redactions,
                locale,
                time_zone,
            },
        )
}

/// Every object in the document, as a path of keys and indices from the root.
fn objects(
    v: &serde_json::Value,
    at: Vec<serde_json::Value>,
    out: &mut Vec<Vec<serde_json::Value>>,
) {
    match v {
        serde_json::Value::Object(o) => {
            out.push(at.clone());
            for (k, x) in o {
                let mut p = at.clone();
                p.push(k.clone().into());
                objects(x, p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut p = at.clone();
                p.push(i.into());
                objects(x, p, out);
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut serde_json::Value, path: &[serde_json::Value]) -> &'a mut serde_json::Value {
    path.iter().fold(v, |v, seg| match seg {
        serde_json::Value::String(k) => &mut v[k.as_str()],
        n => &mut v[n.as_u64().unwrap() as usize],
    })
}

proptest! {
    #[test]
    fn every_ticket_serde_json_writes_reads_back_equal(t in a_ticket()) {
        let text = serde_json::to_string(&t).unwrap();
        prop_assert_eq!(ticket(&parse(&text).unwrap()), Ok(t));
    }

    #[test]
    fn the_hand_writer_writes_what_serde_json_writes(t in a_ticket()) {
        use crate::json::write::ToJson;
        prop_assert_eq!(t.to_json(), serde_json::to_string(&t).unwrap());
    }

    #[test]
    fn changed_documents_are_accepted_or_refused_like_the_derive(
        t in a_ticket(),
        pick in any::<prop::sample::Index>(),
        key in any::<prop::sample::Index>(),
        change in 0..5u8,
    ) {
        let mut doc = serde_json::to_value(&t).unwrap();
        let mut paths = Vec::new();
        objects(&doc, Vec::new(), &mut paths);
        let path = pick.get(&paths).clone();
        let object = at(&mut doc, &path).as_object_mut().unwrap();
        let keys: Vec<String> = object.keys().cloned().collect();
        let k = if keys.is_empty() { "surprise".to_string() } else { key.get(&keys).clone() };
        match change {
            0 => { object.remove(&k); }
            1 => { object.insert("surprise".into(), 1.into()); }
            2 => { object.insert(k, serde_json::Value::Null); }
            3 => { object.insert(k, 7.into()); }
            _ => { object.insert(k, "x".into()); }
        }
        let derived = serde_json::from_value::<Ticket>(doc.clone());
        let ours = ticket(&parse(&doc.to_string()).unwrap());
        prop_assert_eq!(ours.is_ok(), derived.is_ok(), "{}: ours {:?}, derive {:?}", doc, ours.as_ref().err(), derived.as_ref().err());
        if let (Ok(a), Ok(b)) = (ours, derived) {
            prop_assert_eq!(a, b);
        }
    }
}

#[test]
fn an_error_names_the_field() {
    let t = r#"{"schema":"s","id":"i","created_at":"c","policy":"p","policy_version":"v","summary":"s",
        "level":{"id":"p1","name":"P1"},"answers":[{"question":"q","question_text":"Q","option":"o"}]}"#;
    assert_eq!(
        ticket(&parse(t).unwrap()).unwrap_err().to_string(),
        "`answers[0]`: missing field `option_label`"
    );
}
