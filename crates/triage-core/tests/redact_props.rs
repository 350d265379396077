//! Properties of the secret scanner over text built from the pieces secrets hide in (keys, operators,
//! quotes, URLs, headers, vendor prefixes, random values) mixed with arbitrary Unicode.

use proptest::prelude::*;
use triage_core::redact::{redact, scan, Finding, Options};

const PIECES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "api_key",
    "apiKey",
    "X-Api-Key",
    "client_secret",
    "access_token",
    "token",
    "secret",
    "Authorization",
    "Bearer",
    "Basic",
    "Cookie",
    "set-cookie",
    "-u",
    "--user",
    "IDENTIFIED BY",
    "$ ",
    "# ",
    "mysql ",
    " -p",
    "sshpass -p ",
    "--password ",
    "--passphrase ",
    "-passout pass:",
    "vault kv get -field=password x\n",
    "kubectl get secret x -o jsonpath={.data.token}",
    "| base64 -d\n",
    "printenv DB_PASSWORD\n",
    "echo $API_KEY\n",
    "cat ",
    "aws_secret_access_key",
    "kind: Secret\n",
    "data:\n",
    "  key: ",
    "=",
    ": ",
    ":=",
    " = ",
    "=>",
    ",",
    "(",
    ")",
    "\"",
    "'",
    "`",
    "\\\"",
    "<",
    ">",
    "</token>",
    "<token>",
    "&",
    "?",
    "@",
    ":",
    ";",
    "/",
    ".",
    "-",
    "_",
    "~",
    "[",
    "]",
    "{",
    "}",
    "$",
    " ",
    " ",
    "\n",
    "\t",
    "\r\n",
    "https://",
    "redis://",
    "postgres://user:",
    "hooks.slack.com/services/",
    "AKIA",
    "ASIA",
    "ghp_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxe.xoxp-1-",
    "xapp-1-",
    "sk_live_",
    "rk_test_",
    "sk-",
    "sk-ant-api03-",
    "npm_",
    "AIza",
    "SG.",
    "SK",
    "HRKU-",
    "ATATT3",
    "eyJ",
    "ZXlK",
    "8Q~",
    ":AA",
    "-----BEGIN PRIVATE KEY-----\n",
    "-----END PRIVATE KEY-----",
    "4111 1111 1111 1111",
    "5555555555554444",
    "378282246310005",
    "ann@example.org",
    "10.0.0.7",
    "2001:db8::1",
    "::",
    "[REDACTED:password]",
    "[REDACTED:",
    "REDACTED",
    "é",
    "ß",
    "日本",
    "🔑",
    "\u{0}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        3 => "[A-Za-z0-9]{1,40}",
        1 => "[a-f0-9]{8,40}",
        1 => "[A-Za-z0-9+/=_.~-]{6,60}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = Options> {
    (any::<bool>(), any::<bool>()).prop_map(|(emails, ip_addresses)| Options {
        emails,
        ip_addresses,
    })
}

fn well_formed(text: &str, found: &[Finding]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for f in found {
        prop_assert!(
            f.start < f.end && f.end <= text.len(),
            "{f:?} in {} bytes",
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{f:?}"
        );
        prop_assert!(f.start >= last_end, "overlap or unsorted at {f:?}");
        last_end = f.end;
    }
    Ok(())
}

/// The output's pieces between markers, in order.
fn outside_markers(out: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = out;
    while let Some(open) = rest.find("[REDACTED:") {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        pieces.push(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    pieces.push(rest);
    pieces
}

proptest! {
    // PROPTEST_CASES=50000 for a longer hunt.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)
    ))]

    #[test]
    fn findings_are_sorted_disjoint_and_on_char_boundaries(t in text(), opts in options()) {
        well_formed(&t, &scan(&t, &opts))?;
    }

    #[test]
    fn redaction_is_idempotent(t in text(), opts in options()) {
        let once = redact(&t, &scan(&t, &opts));
        let again = scan(&once, &opts);
        let flagged: Vec<_> = again.iter().map(|f| (f.kind, &once[f.start..f.end])).collect();
        prop_assert!(again.is_empty(), "second scan of {once:?} found {flagged:?}");
        prop_assert_eq!(redact(&once, &again), once);
    }

    /// Outside the markers, that is: a URL password that was literally `password` still reads
    /// `[REDACTED:url-password]`, and the marker's fixed words carry nothing from the input.
    #[test]
    fn the_output_never_contains_a_found_secret(t in text(), opts in options()) {
        let found = scan(&t, &opts);
        let out = redact(&t, &found);
        let pieces = outside_markers(&out);
        for f in &found {
            let secret = &t[f.start..f.end];
            if secret.chars().count() >= 6 {
                prop_assert!(!pieces.iter().any(|p| p.contains(secret)), "{secret:?} still in {out:?}");
            }
        }
    }

    #[test]
    fn the_output_reveals_nothing_the_input_did_not_hold(t in text(), opts in options()) {
        let out = redact(&t, &scan(&t, &opts));
        let mut pos = 0;
        for piece in outside_markers(&out) {
            let at = t[pos..].find(piece);
            prop_assert!(at.is_some(), "{piece:?} is not in the input after byte {pos}");
            pos += at.unwrap() + piece.len();
        }
        prop_assert!(out.len() <= t.len() + 40 * scan(&t, &opts).len());
    }

    #[test]
    fn arbitrary_unicode_never_panics(t in any::<String>()) {
        let opts = Options { emails: true, ip_addresses: true };
        well_formed(&t, &scan(&t, &opts))?;
    }
}
