//! `triage serve` as a real HTTP receiver: POST tickets, then read the rows back from the SQLite file.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    base: String,
    dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start() -> Server {
    let dir = std::env::temp_dir().join(format!("triage-serve-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(
        dir.join("dist/index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["serve", "--addr", "127.0.0.1:0", "--dir"])
        .arg(dir.join("dist"))
        .arg("--db")
        .arg(dir.join("t.sqlite3"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split("listening on ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, base, dir }
}

fn ticket(id: &str) -> serde_json::Value {
    serde_json::json!({
        "format": "severity-triage/ticket@1",
        "id": id,
        "policy": "wati",
        "submitted_at": "2026-11-24T09:30:00Z",
        "level": {"id": "p1", "name": "Urgent (P1)", "suggested": "p1", "reasons": ["The service is down"]},
        "answers": {"service": "down"},
        "summary": "Checkout is down",
        "details": {"logs": "HTTP 503"},
        "context": {"user_agent": "test"}
    })
}

#[tokio::test]
async fn posts_are_stored_once_and_read_back_from_sqlite() {
    let server = start();
    let client = reqwest::Client::new();
    let url = format!("{}/api/tickets", server.base);

    let first = client
        .post(&url)
        .json(&ticket("abcdef-0001"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    assert_eq!(first["reference"], "ST-000001");

    // A retry of the same ticket is recognised, not filed twice.
    let again = client
        .post(&url)
        .json(&ticket("abcdef-0001"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(again["reference"], "ST-000001");
    assert_eq!(again["duplicate"], true);

    // A broken ticket is refused with a reason, and nothing is stored.
    let mut bad = ticket("abcdef-0002");
    bad["summary"] = "  ".into();
    let refused = client.post(&url).json(&bad).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let refused: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(refused["error"], "`summary` must not be empty");

    // Oversized bodies are refused before being read whole.
    let huge = "x".repeat(400 * 1024);
    let too_big = client
        .post(&url)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), 413);

    // The demo page is served from --dir.
    let page = client
        .get(format!("{}/", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);

    // Read the SQLite file with a separate process.
    let out = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["tickets", "--db"])
        .arg(server.dir.join("t.sqlite3"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["reference"], "ST-000001");
    assert_eq!(rows[0]["ticket"], ticket("abcdef-0001"));
}
