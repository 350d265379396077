//! `triage serve`: the reference receiver. It accepts `POST /api/tickets` into SQLite and serves the
//! built widget and demo page (or, without `--dir`, the API only), so one command shows the whole
//! product working on 127.0.0.1 — and it is meant to be safe to expose: bounded connections, read
//! timeouts, no ticket readable without a token, no database inside the served folder.
//!
//! This file starts and stops the receiver and writes one log line per request; `accept` is the
//! connection loop, `conns` and `activity` its limits, `api` what the requests do.

mod accept;
mod activity;
mod api;
mod conns;
mod cors;
pub mod faults;
pub mod idempotency;
mod listing;
mod problem;
mod refusal;
mod static_files;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use anyhow::Context;
use axum::{extract::Request, middleware::Next, response::Response};
use tokio::sync::Semaphore;

use crate::store::{Store, StoreThread};
use api::{AdminToken, AppState};
pub use cors::AllowedOrigins;
pub use faults::Faults;

pub struct ServeArgs {
    pub addr: SocketAddr,
    /// The static site (the built widget); None serves the API only.
    pub dir: Option<PathBuf>,
    pub db: PathBuf,
    pub admin_token: Option<String>,
    pub allow_origins: Vec<String>,
    /// Bound on receiving a request's headers, and separately its body; also how long a connection
    /// beyond the caps waits for a slot.
    pub read_timeout: Duration,
    /// Bound on a response waiting for its peer to read (no byte taken by the socket).
    pub write_timeout: Duration,
    /// A connection with no request in progress and no byte moving either way is closed after this.
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    pub grace: Duration,
    pub faults: Option<Faults>,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.dir {
        if !dir.join("index.html").is_file() {
            anyhow::bail!(
                "{} has no index.html: build the widget first (`trunk build --release`), pass the folder \
                 that holds it as --dir, or leave --dir out to serve the API only",
                dir.display()
            );
        }
        refuse_database_inside(dir, &args.db)?;
    }
    let origins = AllowedOrigins::parse(&args.allow_origins).map_err(anyhow::Error::msg)?;
    let admin = args
        .admin_token
        .as_deref()
        .map(AdminToken::new)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let store = Store::open_for_writing(&args.db)?;
    let (reader, reader_thread) = StoreThread::start(Store::open_existing(&args.db)?);
    let (store, store_thread) = StoreThread::start(store);
    if let Some(f) = &args.faults {
        eprintln!("triage serve: injecting faults into POST /api/tickets: {f:?}");
    }
    let state = Arc::new(AppState {
        store,
        reader,
        in_flight: Default::default(),
        parsers: Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
        admin,
        read_timeout: args.read_timeout,
        faults: args.faults.clone().map(|f| {
            let dice = faults::Dice::new(f.seed);
            (f, dice)
        }),
    });
    if args.dir.is_none() {
        eprintln!("triage serve: no --dir given: serving the API only (every other path is 404)");
    }
    let app = api::router(state, origins, args.dir.as_deref())
        .layer(axum::middleware::from_fn(log_request));
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    // Scripts (and the e2e suite) read this exact line to find the port.
    println!(
        "triage serve: listening on http://{addr}/ (tickets in {})",
        args.db.display()
    );
    let limits = accept::Timeouts {
        read: args.read_timeout,
        write: args.write_timeout,
        idle: args.idle_timeout,
    };
    let conns = conns::Conns::new(conns::Limits {
        max_connections: args.max_connections,
        max_per_ip: args.max_connections_per_ip,
        wait: args.read_timeout,
    });
    let graceful = accept::until_signal(listener, app, conns, limits).await;
    let open = graceful.count();
    if open > 0 {
        eprintln!(
            "triage serve: stopping; waiting up to {:?} for {open} open connection(s)",
            args.grace
        );
    }
    let drained = tokio::time::timeout(args.grace, graceful.shutdown())
        .await
        .is_ok();
    if drained {
        // The router (and its store handles) went with the connections; the thread ends after the queue.
        let _ = tokio::task::spawn_blocking(move || {
            let _ = reader_thread.join();
            store_thread.join()
        })
        .await;
    } else {
        // Every acknowledged ticket is already committed; only unanswered requests are cut off.
        eprintln!("triage serve: grace period over; closing the remaining connections");
    }
    eprintln!("triage serve: stopped");
    Ok(())
}

/// Refuses a database inside the served folder (or any folder below it): the file server would hand
/// out the tickets, and the `-wal` file beside the database, to anyone. Checked on canonical paths, so
/// `..` and symbolic links do not hide it, and before the database is created. (The file server also
/// never serves database files or dotfiles, in case one is copied there.)
fn refuse_database_inside(dir: &Path, db: &Path) -> anyhow::Result<()> {
    let served = dir
        .canonicalize()
        .with_context(|| format!("cannot read the served folder {}", dir.display()))?;
    let db_dir = match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A folder that does not exist is not inside anything; opening the database reports it.
    let inside = db_dir.canonicalize().is_ok_and(|d| d.starts_with(&served))
        || db.canonicalize().is_ok_and(|f| f.starts_with(&served));
    if inside {
        anyhow::bail!(
            "the ticket database {} is inside the served folder {}: anyone could download it (and its \
             -wal and -shm files). Put it outside, e.g. --db tickets.sqlite3 beside the folder",
            db.display(),
            dir.display()
        );
    }
    Ok(())
}

pub(crate) async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("cannot listen for SIGTERM");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

/// The ticket id a request turned out to be about, filled in by the handler for the log line.
#[derive(Clone, Default)]
pub struct LogTicket(Arc<Mutex<Option<String>>>);

impl LogTicket {
    pub fn set(&self, id: &str) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(id.to_string());
    }
}

/// One line per request on stderr, written when it is answered — or when it was dropped unanswered.
struct LogLine {
    method: String,
    path: String,
    started: Instant,
    ticket: LogTicket,
    status: Option<u16>,
}

impl Drop for LogLine {
    fn drop(&mut self) {
        let status = self
            .status
            .map_or_else(|| "dropped".to_string(), |s| s.to_string());
        let ticket = self.ticket.0.lock().unwrap_or_else(|p| p.into_inner());
        eprintln!(
            "{} {} {} {} {:.1}ms ticket={}",
            jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            self.method,
            self.path,
            status,
            self.started.elapsed().as_secs_f64() * 1000.0,
            ticket.as_deref().unwrap_or("-"),
        );
    }
}

async fn log_request(mut req: Request, next: Next) -> Response {
    let ticket = LogTicket::default();
    req.extensions_mut().insert(ticket.clone());
    let mut line = LogLine {
        method: req.method().to_string(),
        path: req.uri().path().to_string(),
        started: Instant::now(),
        ticket,
        status: None,
    };
    let resp = next.run(req).await;
    line.status = Some(resp.status().as_u16());
    resp
}
