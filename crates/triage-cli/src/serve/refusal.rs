//! The answer to a connection the receiver will not serve (its address or the whole receiver at its
//! connection cap, nothing quiet to replace, no slot freed in time; or shutting down): a `503` problem
//! document with `Retry-After: 1`, written straight to the socket, and the connection closed. Why not
//! just close it: a client told to retry later retries (the widget's outbox does), one whose connection
//! is reset reports a network error.

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::Semaphore,
};

use super::conns::Peer;

/// Refused connections whose request is read away before closing (so the client sees the 503 rather
/// than a reset); beyond this many at once they are closed straight away.
static DRAINS: Semaphore = Semaphore::const_new(64);

/// Why a connection is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Its address holds `--max-connections-per-ip` busy connections.
    PeerFull {
        peer: Peer,
        cap: usize,
    },
    /// `--max-connections` busy connections.
    Full {
        cap: usize,
    },
    ShuttingDown,
}

impl Refusal {
    fn problem(&self) -> (&'static str, &'static str, String) {
        match *self {
            Refusal::PeerFull { peer, cap } => (
                "too-many-connections",
                "Too many connections from this address",
                format!(
                    "{peer} already has {cap} connections open (--max-connections-per-ip); close some or retry later"
                ),
            ),
            Refusal::Full { cap } => (
                "busy",
                "The receiver is busy",
                format!("all {cap} connections are in use (--max-connections); retry shortly"),
            ),
            Refusal::ShuttingDown => (
                "shutting-down",
                "The receiver is shutting down",
                "retry shortly".to_string(),
            ),
        }
    }

    /// Answers `503` and closes the connection.
    pub async fn answer(self, mut stream: TcpStream) {
        let (kind, title, detail) = self.problem();
        let body = serde_json::json!({
            "type": format!("{}{kind}", super::problem::TYPE_BASE),
            "title": title,
            "status": 503,
            "detail": detail,
        })
        .to_string();
        let answer = format!(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\n\
             cache-control: no-store\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if self != Refusal::ShuttingDown {
            eprintln!("triage serve: refused a connection: {detail}");
        }
        // A new socket's send buffer has room for this; never wait on a peer that does not read.
        if stream.try_write(answer.as_bytes()).is_err() {
            return;
        }
        let Ok(_turn) = DRAINS.try_acquire() else {
            return;
        };
        // Read what the client sent (up to 64 KiB, for a second) before closing: closing with unread
        // data would reset the connection, and the client could lose the answer.
        let _ = stream.shutdown().await;
        let mut sink = [0u8; 4096];
        let _ = tokio::time::timeout(Duration::from_secs(1), async {
            let mut read = 0;
            while read < 64 * 1024 {
                match stream.read(&mut sink).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => read += n,
                }
            }
        })
        .await;
    }
}
