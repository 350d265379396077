//! Positions of values, keys and duplicates in small texts, and the scanner never panicking on garbage.

use super::*;

const TEXT: &str = "{\n  \"levels\": [\n    {\"id\": \"p1\"},\n    {\"id\": \"p2\", \"id\": \"x\"}\n  ],\n  \"a b\": 1\n}";

#[test]
fn finds_values_keys_and_duplicates() {
    let found = locate(
        TEXT,
        &[
            ("levels", Anchor::Value),
            ("levels[0].id", Anchor::Value),
            ("levels[1].id", Anchor::Key),
            ("[\"a b\"]", Anchor::Value),
            // Unknown paths fall back to the nearest ancestor.
            ("levels[1].name", Anchor::Value),
            ("levels[7]", Anchor::Key),
            ("", Anchor::Value),
        ],
    );
    assert_eq!(
        found,
        vec![(2, 13), (3, 12), (4, 18), (6, 10), (4, 5), (2, 13), (1, 1)]
    );
    assert_eq!(
        scan(TEXT).duplicates,
        vec![("levels[1].id".to_string(), 4, 18)]
    );
}

#[test]
fn paths_round_trip_through_segments() {
    for p in ["levels[1].id", "calendars[\"a.b[\\\"c\"].hours[0]", "x", ""] {
        assert_eq!(render(&segments(p).unwrap()), p);
    }
    assert_eq!(segments("a[zz]"), None);
}

#[test]
fn a_long_key_is_noticed_once_with_its_position() {
    let text = format!(
        "{{\"ok\": 1,\n \"{}\": 2, \"{}\": 3}}",
        "k".repeat(300),
        "j".repeat(400)
    );
    assert_eq!(scan(&text).long_key, Some((302, 2, 2)));
    assert_eq!(scan(TEXT).long_key, None);
}

#[test]
fn never_panics_on_garbage() {
    for s in [
        "",
        "{",
        "[",
        "\"",
        "{\"a\":",
        "[1,",
        "{\"\\",
        "é{\"é\":[",
        "}}]]",
    ] {
        let _ = scan(s);
        let _ = locate(s, &[("a", Anchor::Key), ("[0]", Anchor::Value)]);
    }
}
