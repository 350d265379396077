//! `triage redact` as support teams use it: a real process, text on stdin or in a file, redacted text or
//! JSON on stdout, exit codes for oversized, non-UTF-8 and missing input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use triage_core::redact::MAX_INPUT_BYTES;

fn triage(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs triage");
    let mut input = child.stdin.take().unwrap();
    // A refused oversized input may close the pipe early; that is the behaviour under test.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("triage exits")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triage-redact-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const LOG: &str = "2026-11-25 09:14:02 ERROR upload failed\n\
    aws_access_key_id = AKIAAU4PCZL6HT4DTCBS\n\
    > Authorization: Bearer Td2MhxSAjyHNaXObwJ6JRB_CAYWtdz~YdunJWQK\n\
    url=postgres://app:n0t-4-r3al-pw@db.internal:5432/app from 203.0.113.40 by ann@example.org\n";

const SECRETS: [&str; 3] = [
    "AKIAAU4PCZL6HT4DTCBS",
    "Td2MhxSAjyHNaXObwJ6JRB_CAYWtdz~YdunJWQK",
    "n0t-4-r3al-pw",
];

#[test]
fn stdin_text_comes_back_with_the_secrets_masked_and_the_rest_intact() {
    let out = triage(&["redact"], LOG.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2026-11-25 09:14:02 ERROR upload failed\n\
         aws_access_key_id = [REDACTED:aws-access-key]\n\
         > Authorization: Bearer [REDACTED:bearer-token]\n\
         url=postgres://app:[REDACTED:url-password]@db.internal:5432/app from 203.0.113.40 by ann@example.org\n"
    );
}

#[test]
fn json_gives_byte_offsets_into_the_input_and_never_the_values() {
    let path = temp_file("log.txt", LOG.as_bytes());
    let out = triage(
        &[
            "redact",
            path.to_str().unwrap(),
            "--json",
            "--emails",
            "--ips",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for s in SECRETS {
        assert!(!stdout.contains(s), "{s} leaked: {stdout}");
    }
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON object");
    let findings = v["findings"].as_array().unwrap();
    let spans: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            assert_eq!(
                f.as_object().unwrap().len(),
                3,
                "only kind, start, end: {f}"
            );
            let (s, e) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            (f["kind"].as_str().unwrap(), &LOG[s..e])
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("aws-access-key", SECRETS[0]),
            ("bearer-token", SECRETS[1]),
            ("url-password", SECRETS[2]),
            ("ip-address", "203.0.113.40"),
            ("email", "ann@example.org"),
        ]
    );
    assert!(v["text"]
        .as_str()
        .unwrap()
        .ends_with("from [REDACTED:ip-address] by [REDACTED:email]\n"));
}

#[test]
fn a_clean_log_is_printed_byte_for_byte() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../triage-core/tests/redact/clean/nginx.log");
    let original = std::fs::read(&path).unwrap();
    let out = triage(&["redact", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert_eq!(out.stdout, original);
    let dash = triage(&["redact", "-"], &original);
    assert_eq!(dash.stdout, original);
}

#[test]
fn input_over_the_bound_is_refused_with_exit_1() {
    let big = vec![b'a'; MAX_INPUT_BYTES + 1];
    let out = triage(&["redact"], &big);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("larger than 8 MiB"),
        "{out:?}"
    );
    assert!(out.stdout.is_empty());
    let path = temp_file("big.txt", &big);
    let out = triage(&["redact", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));

    let exactly = triage(&["redact", "--json"], &big[..MAX_INPUT_BYTES]);
    assert!(
        exactly.status.success(),
        "{}",
        String::from_utf8_lossy(&exactly.stderr)
    );
}

#[test]
fn non_utf8_input_is_refused_with_exit_1_and_a_missing_file_is_usage_exit_2() {
    let out = triage(&["redact"], b"password=abc\xff\xfedef\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
    let out = triage(&["redact", "/nonexistent/triage-redact.log"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}
