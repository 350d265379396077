//! A real `triage serve` process on a free loopback port with its own SQLite file, for the receiver tests.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Server {
    pub child: Child,
    pub base: String,
    pub dir: PathBuf,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    pub fn db(&self) -> PathBuf {
        self.dir.join("t.sqlite3")
    }

    pub fn url(&self) -> String {
        format!("{}/api/tickets", self.base)
    }

    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    /// What the server wrote to stderr so far (its request log).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("stderr.log")).unwrap_or_default()
    }

    /// Kills the server but keeps its directory (database included) for the caller.
    pub fn kill_keeping_files(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.dir = PathBuf::new();
    }

    /// The stored tickets, read by `triage tickets` in a separate process.
    pub fn rows(&self) -> Vec<serde_json::Value> {
        tickets(&self.db())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

pub fn triage() -> Command {
    Command::new(env!("CARGO_BIN_EXE_triage"))
}

/// A fresh directory with a `dist/index.html`, unique per test.
pub fn workdir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "triage-serve-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(
        dir.join("dist/index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    dir
}

pub fn start(extra: &[&str]) -> Server {
    start_in(workdir(), extra)
}

pub fn start_in(dir: PathBuf, extra: &[&str]) -> Server {
    let dist = dir.join("dist");
    launch(dir, Some(&dist), extra)
}

/// A receiver without `--dir`: the API only.
pub fn start_api_only(extra: &[&str]) -> Server {
    let dir = workdir();
    std::fs::remove_dir_all(dir.join("dist")).unwrap();
    launch(dir, None, extra)
}

fn launch(dir: PathBuf, dist: Option<&std::path::Path>, extra: &[&str]) -> Server {
    let stderr = std::fs::File::create(dir.join("stderr.log")).unwrap();
    let mut cmd = triage();
    cmd.args(["serve", "--addr", "127.0.0.1:0"]);
    if let Some(dist) = dist {
        cmd.arg("--dir").arg(dist);
    }
    let mut child = cmd
        .arg("--db")
        .arg(dir.join("t.sqlite3"))
        .args(extra)
        .env_remove("TRIAGE_ADMIN_TOKEN")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line
        .split("listening on ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| {
            panic!(
                "no address in {line:?}; stderr: {}",
                std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default()
            )
        })
        .trim_end_matches('/')
        .to_string();
    Server {
        child,
        base,
        dir,
        _stdout: stdout,
    }
}

pub fn tickets(db: &std::path::Path) -> Vec<serde_json::Value> {
    let out = triage().args(["tickets", "--db"]).arg(db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array().unwrap().clone()
}

pub fn ticket(id: &str) -> serde_json::Value {
    serde_json::json!({
        "schema": "severity-triage/ticket@1",
        "id": id,
        "created_at": "2026-11-24T09:30:00Z",
        "policy": "wati",
        "policy_version": "fnv1a64:0123456789abcdef",
        "level": {"id": "p1", "name": "Urgent (P1)", "suggested": "p1", "reasons": ["The service is down"]},
        "answers": [{"question": "service", "question_text": "Is the service down?", "option": "down", "option_label": "Yes"}],
        "summary": "Checkout is down",
        "details": {"logs": "HTTP 503"},
        "context": {"browser": "test"}
    })
}

/// A ticket id shaped like the widget's (`crypto.randomUUID()`), distinct per `n`.
pub fn uuid(n: u64) -> String {
    let x = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5eed;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (x >> 32) as u32,
        (x >> 16) as u16,
        n & 0xfff,
        (n >> 12) & 0xfff,
        n
    )
}

/// POSTs a ticket as the widget does: JSON with the ticket id as `Idempotency-Key`.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    t: &serde_json::Value,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(url)
        .header("idempotency-key", t["id"].as_str().unwrap())
        .json(t)
        .send()
        .await
}

/// Asserts an RFC 9457 problem document and returns it.
pub async fn problem(resp: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(resp.status(), status);
    assert_eq!(
        resp.headers()["content-type"],
        "application/problem+json",
        "problem documents are application/problem+json"
    );
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["status"], status);
    for field in ["type", "title", "detail"] {
        assert!(body[field].is_string(), "{field} in {body}");
    }
    body
}

/// POSTs `body` with chunked encoding (no Content-Length, so the size is only found while reading) and
/// returns what came back.
pub async fn raw_chunked_post(addr: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = "POST /api/tickets HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
                Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(chunk);
        framed.extend_from_slice(b"\r\n");
        // The server may answer 413 and close before taking it all.
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}
