//! The connection loop: accept every connection (so the receiver, not the listen queue, decides who
//! waits), give it a slot from the connection table or refuse it with a `503`, and serve it over HTTP/1.1
//! until it ends, its watchdog finds it stalled or idle, the table sheds it for a newer one, or a fault
//! injection drops it.

use std::{sync::Arc, time::Duration};

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    Router,
};
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::{GracefulShutdown, Watcher},
};
use tokio::{net::TcpStream, sync::Notify};
use tower::ServiceExt;

use super::{
    activity::{Expired, Watched},
    api::DropConnection,
    conns::{Conns, Peer},
};

/// Bytes hyper buffers per connection for reading, and again for writing.
const BUFFER: usize = 64 * 1024;

#[derive(Clone, Copy)]
pub struct Timeouts {
    /// A request's headers (hyper's timer, which also runs while a connection waits for its next request).
    pub read: Duration,
    /// A response waiting for its peer to read.
    pub write: Duration,
    /// No request in progress and no byte either way.
    pub idle: Duration,
}

/// Accepts connections until SIGINT or SIGTERM; returns the served ones for a graceful shutdown.
pub async fn until_signal(
    listener: tokio::net::TcpListener,
    app: Router,
    conns: Arc<Conns>,
    timeouts: Timeouts,
) -> GracefulShutdown {
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.read)
        // What one connection may buffer each way: request headers (64 KiB is far above what browsers
        // send) and a response waiting for its client. hyper's default (~400 KiB) made each client that
        // does not read cost ~0.5 MB (1,030 of them: 550 MB); this bounds it to about two file chunks.
        .max_buf_size(BUFFER);
    let http = Arc::new(http);
    let signal = super::shutdown_signal();
    tokio::pin!(signal);
    // Quiet connections are looked for on a clock, for whoever waits (see conns.rs).
    tokio::spawn({
        let conns = conns.clone();
        async move {
            while !conns.closing() {
                tokio::time::sleep(super::conns::RECHECK).await;
                conns.shed_for_waiters();
            }
        }
    });
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Usually out of file descriptors: wait for some to close rather than spin.
                    eprintln!("triage serve: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut signal => break,
        };
        tokio::spawn(serve(
            stream,
            Peer::of(addr.ip()),
            conns.clone(),
            http.clone(),
            app.clone(),
            graceful.watcher(),
            timeouts,
        ));
    }
    conns.stop_waiting();
    graceful
}

/// One connection, from admission to close.
async fn serve(
    stream: TcpStream,
    peer: Peer,
    conns: Arc<Conns>,
    http: Arc<http1::Builder>,
    app: Router,
    watcher: Watcher,
    timeouts: Timeouts,
) {
    let slot = match conns.admit(peer).await {
        Ok(slot) => slot,
        Err(refusal) => return refusal.answer(stream).await,
    };
    let activity = slot.activity.clone();
    let drop_it = Arc::new(Notify::new());
    let service = {
        let drop_it = DropConnection(drop_it.clone());
        let activity = activity.clone();
        let conns = conns.clone();
        hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(drop_it.clone());
            // Held until the handler has answered, so a slow handler is not taken for an idle peer.
            let handling = activity.handling();
            let answer = app.clone().oneshot(req);
            let conns = conns.clone();
            async move {
                let mut answer = answer.await;
                drop(handling);
                if let Ok(resp) = &mut answer {
                    if conns.crowded(peer) {
                        resp.headers_mut()
                            .insert(header::CONNECTION, HeaderValue::from_static("close"));
                    }
                }
                answer
            }
        })
    };
    let io = TokioIo::new(Watched::new(stream, activity.clone()));
    let conn = watcher.watch(http.serve_connection(io, service));
    tokio::select! {
        _ = conn => {}
        // Dropping the connection closes the socket with no answer (fault injection).
        _ = drop_it.notified() => {}
        expired = activity.expired(timeouts.write, timeouts.idle) => {
            if let Expired::Write(waited) = expired {
                eprintln!(
                    "triage serve: closed a connection from {peer}: its response waited {:.1} s for the \
                     client to read it (--write-timeout {:?})",
                    waited.as_secs_f64(),
                    timeouts.write
                );
            }
        }
        _ = slot.shed() => {
            eprintln!(
                "triage serve: closed a connection from {peer} that was quiet for over {:?}, to serve a \
                 newer one (--max-connections / --max-connections-per-ip reached)",
                super::conns::SHED_AFTER
            );
        }
    }
}
