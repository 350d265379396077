//! The `triage` binary run from the repository root, as integrators and scripts run it: for the CLI tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn triage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs triage")
}

/// `triage explain ARGS --json`, which must succeed, as the JSON object it prints.
pub fn explain_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = triage(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("explain --json prints one JSON object")
}

/// The seed policies in public/policies, by file stem.
pub const SEEDS: [&str; 5] = ["weka", "atlan", "stakater", "severalnines", "wati"];

/// A scratch directory of its own for each test that writes files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triage-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
