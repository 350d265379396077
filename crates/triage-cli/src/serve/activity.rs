//! What each connection is doing, seen from its socket: when a byte last moved either way, whether a
//! write is waiting for the peer to read, and how many requests are being handled. Why: hyper bounds only
//! the time to read a request's headers; a peer that pipelines requests for a large file and never reads
//! the answers kept its connection (and its slot, and its buffers) for good. From this record the
//! connection's watchdog closes it when a write waits longer than `--write-timeout` or it sits idle longer
//! than `--idle-timeout`, and the connection table (conns.rs) picks whom to shed when it is full.

use std::{
    io,
    pin::Pin,
    sync::atomic::{AtomicU64, AtomicUsize, Ordering},
    task::{Context, Poll},
    time::{Duration, Instant},
};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Times are milliseconds since the connection was accepted (`born`), so they fit in atomics.
pub struct Activity {
    born: Instant,
    /// The last time a byte was read from or written to the socket.
    last_progress: AtomicU64,
    /// Since when a write has been waiting for room in the socket (the peer not reading), plus one;
    /// zero when no write is waiting.
    write_waiting_since: AtomicU64,
    /// Requests between "headers read" and "response produced".
    handling: AtomicUsize,
    /// Requests received so far.
    requests: AtomicU64,
}

/// Why a connection's watchdog closed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expired {
    /// A response could not be written for `--write-timeout`: the peer is not reading.
    Write(Duration),
    /// No request and no byte either way for `--idle-timeout`.
    Idle,
}

impl Activity {
    pub fn new() -> Activity {
        Activity {
            born: Instant::now(),
            last_progress: AtomicU64::new(0),
            write_waiting_since: AtomicU64::new(0),
            handling: AtomicUsize::new(0),
            requests: AtomicU64::new(0),
        }
    }

    fn now(&self) -> u64 {
        self.born.elapsed().as_millis() as u64
    }

    fn progressed(&self) {
        self.last_progress.store(self.now(), Ordering::Relaxed);
    }

    /// How long nothing has moved on the socket.
    pub fn quiet_for(&self) -> Duration {
        let last = self.last_progress.load(Ordering::Relaxed);
        Duration::from_millis(self.now().saturating_sub(last))
    }

    /// How long a write has been waiting for the peer, if one is.
    pub fn write_waiting_for(&self) -> Option<Duration> {
        match self.write_waiting_since.load(Ordering::Relaxed) {
            0 => None,
            since => Some(Duration::from_millis(self.now().saturating_sub(since - 1))),
        }
    }

    /// Whether a request is being handled (its handler has not answered yet).
    pub fn busy(&self) -> bool {
        self.handling.load(Ordering::Relaxed) > 0
    }

    /// Whether the peer has sent a request on this connection yet.
    pub fn has_asked(&self) -> bool {
        self.requests.load(Ordering::Relaxed) > 0
    }

    /// Marks a request as being handled until the guard is dropped (answered, or the connection closed).
    pub fn handling(self: &std::sync::Arc<Self>) -> Handling {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.handling.fetch_add(1, Ordering::Relaxed);
        Handling(self.clone())
    }

    /// Resolves when the connection has expired; checks at least every `CHECK`, so a limit is kept to
    /// within that.
    pub async fn expired(&self, write_timeout: Duration, idle_timeout: Duration) -> Expired {
        const CHECK: Duration = Duration::from_millis(500);
        loop {
            let wait = if let Some(waiting) = self.write_waiting_for() {
                if waiting >= write_timeout {
                    return Expired::Write(waiting);
                }
                write_timeout - waiting
            } else if !self.busy() {
                let quiet = self.quiet_for();
                if quiet >= idle_timeout {
                    return Expired::Idle;
                }
                idle_timeout - quiet
            } else {
                // A handler is working (reading a body, waiting for the store): its own limits apply.
                CHECK
            };
            tokio::time::sleep(wait.min(CHECK)).await;
        }
    }
}

pub struct Handling(std::sync::Arc<Activity>);

impl Drop for Handling {
    fn drop(&mut self) {
        self.0.handling.fetch_sub(1, Ordering::Relaxed);
        // The answer is out of the handler: idle time counts from here.
        self.0.progressed();
    }
}

/// A socket that records its progress in an [`Activity`].
pub struct Watched<T> {
    inner: T,
    activity: std::sync::Arc<Activity>,
}

impl<T> Watched<T> {
    pub fn new(inner: T, activity: std::sync::Arc<Activity>) -> Self {
        Watched { inner, activity }
    }

    fn wrote(&self, result: &Poll<io::Result<usize>>) {
        let a = &self.activity;
        match result {
            Poll::Ready(Ok(n)) if *n > 0 => {
                a.write_waiting_since.store(0, Ordering::Relaxed);
                a.progressed();
            }
            Poll::Pending => {
                let since = a.now() + 1;
                let _ = a.write_waiting_since.compare_exchange(
                    0,
                    since,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
            }
            _ => {}
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.progressed();
        }
        result
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.wrote(&result);
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.wrote(&result);
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::io::AsyncWriteExt;

    const MS: Duration = Duration::from_millis(1);

    #[tokio::test]
    async fn quiet_connections_expire_busy_ones_do_not_and_unread_writes_do() {
        let a = Arc::new(Activity::new());
        let started = Instant::now();
        assert_eq!(a.expired(5000 * MS, 200 * MS).await, Expired::Idle);
        assert!((200 * MS..2000 * MS).contains(&started.elapsed()));

        let busy = a.handling();
        let waited = tokio::time::timeout(700 * MS, a.expired(5000 * MS, 200 * MS)).await;
        assert!(
            waited.is_err(),
            "a connection handling a request is not idle"
        );
        drop(busy);
        assert!(a.quiet_for() < 100 * MS, "an answer counts as progress");

        // The peer reads nothing: the write waits once 64 bytes are buffered.
        let (ours, _theirs) = tokio::io::duplex(64);
        let mut socket = Watched::new(ours, a.clone());
        let writer = tokio::spawn(async move { socket.write_all(&[0; 1024]).await });
        let expired = a.expired(300 * MS, 60_000 * MS).await;
        assert!(
            matches!(expired, Expired::Write(w) if w >= 300 * MS),
            "{expired:?}"
        );
        writer.abort();
    }
}
