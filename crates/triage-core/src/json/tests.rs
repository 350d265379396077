//! The reader against serde_json, the reference for the grammar (and for what the widget's writer
//! writes, `json::write`): the same documents parse to the same tree, the same texts are refused, strings and
//! escapes come back exactly, and nesting stops at the same depth.

use proptest::prelude::*;

use super::fields::{self, Fields};
use super::{parse, Value, MAX_DEPTH};

/// serde_json's tree in ours, numbers by their text.
fn ours(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(super::Number(n.to_string())),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(ours).collect()),
        serde_json::Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), ours(v))).collect())
        }
    }
}

/// The same tree, numbers compared by value (serde_json rewrites `1e5` as `100000.0`; this reader keeps
/// the text as written).
fn same(mine: &Value, theirs: &serde_json::Value) -> bool {
    match (mine, theirs) {
        (Value::Number(n), serde_json::Value::Number(t)) => match (t.as_u64(), t.as_i64()) {
            (Some(u), _) => n.as_u64() == Some(u),
            (None, Some(i)) => n.as_i64() == Some(i),
            _ => n.to_string().parse::<f64>().ok() == t.as_f64(),
        },
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), serde_json::Value::Object(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|((k, x), (l, y))| k == l && same(x, y))
        }
        (m, t) => *m == ours(t),
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| n.into()),
        any::<u64>().prop_map(|n| n.into()),
        ".*".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((".{0,6}", inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn what_serde_json_writes_reads_back_as_the_same_tree(v in json_value()) {
        let compact = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(parse(&compact).unwrap(), ours(&v));
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert_eq!(parse(&pretty).unwrap(), ours(&v));
        // And our writer writes what serde_json writes.
        prop_assert_eq!(ours(&v).to_string(), compact);
    }

    #[test]
    fn any_string_round_trips_with_serde_jsons_escapes(s in "\\PC*|[\\x00-\\x1f\"\\\\/\u{7f}\u{2028}\u{fffd}]*") {
        let text = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(parse(&text).unwrap(), Value::String(s.clone()));
        let mut ours = String::new();
        super::write_str(&mut ours, &s).unwrap();
        prop_assert_eq!(ours, text);
    }

    #[test]
    fn the_same_texts_are_json_or_not(text in "[\\[\\]{}:,\"\\\\/ \\n\\tu0-9a-fA-F.eE+\\-nlrstx\u{1}é]{0,24}") {
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        let mine = parse(&text);
        if let Err(e) = &theirs {
            // serde_json refuses numbers beyond f64 (`1e999`); this reader keeps numbers as text.
            prop_assume!(!e.to_string().contains("out of range"));
        }
        prop_assert_eq!(mine.is_ok(), theirs.is_ok(), "{:?}: ours {:?}, serde_json {:?}", text, mine, theirs);
        if let (Ok(m), Ok(t)) = (mine, theirs) {
            prop_assert!(same(&m, &t), "{:?}: ours {:?}, serde_json {:?}", text, m, t);
        }
    }
}

#[test]
fn escapes_and_surrogate_pairs() {
    let v = parse(r#"["\"\\\/\b\f\n\r\t", "\u00e9\u20AC\ud83d\ude00"]"#).unwrap();
    assert_eq!(
        v,
        Value::Array(vec![
            Value::String("\"\\/\u{8}\u{c}\n\r\t".into()),
            Value::String("é€😀".into())
        ])
    );
    for bad in [
        r#""\ud83d""#,
        r#""\ude00""#,
        r#""\ud83d\u0041""#,
        r#""\x""#,
        "\"a\u{1}\"",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
        assert!(
            serde_json::from_str::<serde_json::Value>(bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn nesting_stops_where_serde_jsons_does() {
    for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 20_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let theirs = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        assert_eq!(parse(&text).is_ok(), theirs, "depth {depth}");
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let theirs = serde_json::from_str::<serde_json::Value>(&objects).is_ok();
        assert_eq!(parse(&objects).is_ok(), theirs, "object depth {depth}");
    }
    let e = parse(&"[".repeat(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(e.what, "recursion limit exceeded");
}

#[test]
fn errors_say_what_and_where() {
    let e = parse("{\n  \"a\": tru\n}").unwrap_err();
    assert_eq!(e.to_string(), "expected value at line 2 column 8");
    assert_eq!(parse("[1] x").unwrap_err().what, "trailing characters");
    assert_eq!(parse("").unwrap_err().what, "EOF while parsing a value");
    assert_eq!(parse("[01]").unwrap_err().what, "invalid number");
    assert_eq!(
        parse("{\"é\": é}").unwrap_err().to_string(),
        "expected value at line 1 column 7"
    );
}

#[test]
fn numbers_are_whole_only_when_written_whole() {
    let n = |t: &str| parse(t).unwrap();
    assert_eq!(n("18446744073709551615").as_u64(), Some(u64::MAX));
    assert_eq!(n("18446744073709551616").as_u64(), None);
    assert_eq!(n("-9223372036854775808").as_i64(), Some(i64::MIN));
    assert_eq!(n("-1").as_u64(), None);
    assert_eq!(n("1.0").as_u64(), None);
    assert_eq!(n("1e2").as_u64(), None);
    assert_eq!(n("1.5e-3").to_string(), "1.5e-3");
}

#[test]
fn duplicate_keys_keep_the_last_value_like_serde_json() {
    let text = r#"{"a":1,"b":2,"a":3}"#;
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(parse(text).unwrap(), ours(&theirs));
}

#[test]
fn fields_name_the_place_and_refuse_unknown_keys() {
    let v = parse(r#"{"a": {"list": [1, "x"]}, "b": null}"#).unwrap();
    let read = |v: &Value| {
        let f = Fields::of(v, &["a", "b"])?;
        let b: Option<String> = f.opt("b", fields::string)?;
        assert_eq!(b, None);
        f.req("a", |v| {
            Fields::of(v, &["list"])?.req("list", |v| fields::list(v, fields::whole::<u32>))
        })
    };
    let e = read(&v).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`a.list[1]`: expected a whole number in range"
    );
    let e = Fields::of(&v, &["a"]).err().unwrap();
    assert_eq!(e.to_string(), "unknown field `b`, expected one of `a`");
    let f = Fields::of(&v, &["a", "b", "c"]).unwrap();
    assert_eq!(
        f.req("c", fields::string).unwrap_err().to_string(),
        "missing field `c`"
    );
    assert_eq!(
        f.or_default("c", |v| fields::list(v, fields::string))
            .unwrap(),
        Vec::<String>::new()
    );
    assert!(
        f.or_default("b", fields::string).is_err(),
        "null is not a default"
    );
    assert_eq!(
        fields::parse_with("[1,", |_| Ok(())).unwrap_err(),
        "EOF while parsing a value at line 1 column 4"
    );
}

#[test]
fn keys_in_any_order_read_in_n_log_n_and_the_last_duplicate_wins() {
    // Descending keys were the quadratic case for one-by-one insertion into a sorted list.
    let n = 100_000;
    let text = format!(
        "{{{}}}",
        (0..n)
            .rev()
            .map(|i| format!("\"k{i:06}\":{i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let v = parse(&text).unwrap();
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), n);
    assert!(o.keys().zip(o.keys().skip(1)).all(|(a, b)| a < b));
    assert_eq!(v.get("k000007").and_then(Value::as_u64), Some(7));
    let text = r#"{"b":1,"a":2,"b":3,"a":4,"c":5}"#;
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(parse(text).unwrap(), ours(&theirs));
}

#[test]
fn pointers_read_like_serde_jsons() {
    let text = r#"{"a":{"b/c":[10,{"~x":"y"}]},"":1}"#;
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    let mine = parse(text).unwrap();
    for p in [
        "",
        "/a",
        "/a/b~1c",
        "/a/b~1c/0",
        "/a/b~1c/1/~0x",
        "/",
        "/a/b~1c/01",
        "/a/b~1c/+1",
        "/a/b~1c/-1",
        "/a/b~1c/9",
        "a",
        "/a/x",
    ] {
        assert_eq!(
            mine.pointer(p),
            theirs.pointer(p).map(ours).as_ref(),
            "{p:?}"
        );
    }
}

#[test]
fn quoted_names_are_json_string_literals() {
    use super::Quoted;
    assert_eq!(Quoted("plan-a").to_string(), r#""plan-a""#);
    assert_eq!(Quoted("a\"b\\c\n\u{1}").to_string(), r#""a\"b\\c\n\u0001""#);
    let odd = "pre\u{202e}mium\u{7f}é";
    assert_eq!(
        parse(&Quoted(odd).to_string()).unwrap(),
        Value::String(odd.into())
    );
}
