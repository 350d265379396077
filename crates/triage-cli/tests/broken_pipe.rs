//! `triage … | head`: a reader that stops early closes the pipe, and the command must end quietly with 0,
//! not panic (`println!` did: "failed printing to stdout: Broken pipe"). The pipe's read end is closed
//! before the command starts, so its first write always meets a closed pipe.

use std::process::{Command, Stdio};
mod common;
mod run;
use run::root;

fn into_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("runs triage")
}

#[test]
fn every_printing_command_ends_quietly_when_the_reader_is_gone() {
    let runs: [&[&str]; 7] = [
        &["table", "public/policies/wati.json"],
        &["explain", "public/policies/wati.json", "--json"],
        &["compile", "public/policies/wati.json"],
        &["check", "public/policies/wati.json"],
        &["schema"],
        &["schema", "--ticket"],
        &["redact", "crates/triage-core/tests/redact/clean/nginx.log"],
    ];
    for args in runs {
        quiet(&into_closed_pipe(args), args);
    }
}

#[test]
fn tickets_ends_quietly_when_the_reader_is_gone() {
    // A real receiver made the database (and holds it open, as in use).
    let server = common::start(&[]);
    let db = server.db();
    let args = ["tickets", "--db", db.to_str().unwrap()];
    quiet(&into_closed_pipe(&args), &args);
}

fn quiet(out: &std::process::Output, args: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "triage {args:?} panicked: {stderr}"
    );
    assert_eq!(out.status.code(), Some(0), "triage {args:?}: {stderr}");
    assert!(stderr.is_empty(), "triage {args:?} said: {stderr}");
}
