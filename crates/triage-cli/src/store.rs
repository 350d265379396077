//! The reference receiver's storage: one SQLite file, one row per ticket.
//!
//! The client's ticket `id` is the idempotency key, so a retried POST returns the first row's reference
//! instead of filing twice; the row keeps a fingerprint of the ticket so a *different* ticket under a used
//! id is told apart from a retry. The receiver talks to SQLite only through [`StoreThread`], so a slow disk
//! never stalls the async workers that answer HTTP.

use std::{path::Path, sync::mpsc, thread, time::Duration};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, MAIN_DB};
use tokio::sync::oneshot;
use triage_core::ticket::Ticket;

/// How long a write waits for a lock held by another process (e.g. a second `triage serve`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Writes queued for the store thread; beyond this the receiver answers 503 instead of piling up work.
const QUEUE: usize = 4096;
/// `PRAGMA user_version` of the current schema; also the value written by the start-up write probe.
const SCHEMA_VERSION: i64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no ticket database at {0} (`triage serve --db {0}` creates one)")]
    Missing(String),
    #[error("cannot open the ticket database {path}: {source} (does the directory exist, and may this user write to it?)")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("the ticket database {path} is read-only for this process: {reason}. Fix its permissions (or those of its directory, which must hold the -wal and -shm files) or pass another --db")]
    ReadOnly { path: String, reason: String },
    #[error("the ticket database {path} is not usable: {source}")]
    Schema {
        path: String,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("a stored ticket is not valid JSON: {0}")]
    Corrupt(#[from] serde_json::Error),
}

pub struct Store {
    conn: Connection,
}

/// A validated ticket as it will be stored.
pub struct NewTicket {
    pub ticket: Ticket,
    /// The body exactly as posted.
    pub body: String,
    pub fingerprint: String,
    pub received_at: String,
}

/// What storing a ticket did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insert {
    Created {
        reference: String,
    },
    /// The id was stored before; `fingerprint` is the first ticket's (None for rows no fingerprint could
    /// be computed for).
    Existing {
        reference: String,
        fingerprint: Option<String>,
    },
}

impl Store {
    /// Opens (creating if missing) a database the receiver will write to, and proves it can write now,
    /// so a read-only file is refused at start instead of failing every ticket later.
    pub fn open_for_writing(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        if conn.is_readonly(MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly {
                path: shown,
                reason: "SQLite could only open it for reading".into(),
            });
        }
        let read_only = |e: rusqlite::Error| StoreError::ReadOnly {
            path: shown.clone(),
            reason: e.to_string(),
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(read_only)?;
        conn.execute_batch("PRAGMA journal_mode = WAL;")
            .map_err(read_only)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS tickets (
                 seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                 id           TEXT NOT NULL UNIQUE,
                 policy       TEXT NOT NULL,
                 level        TEXT NOT NULL,
                 summary      TEXT NOT NULL,
                 submitted_at TEXT NOT NULL,
                 received_at  TEXT NOT NULL,
                 body         TEXT NOT NULL,
                 fingerprint  TEXT
             );",
        )
        .map_err(read_only)?;
        let store = Store { conn };
        store.migrate().map_err(|e| match e {
            StoreError::Sqlite(source) => StoreError::Schema {
                path: shown.clone(),
                source,
            },
            other => other,
        })?;
        // The write probe: a committed write, so WAL files and permissions are exercised now.
        store
            .conn
            .pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(read_only)?;
        Ok(store)
    }

    /// Opens an existing database for reading only (`triage tickets`); a missing file is an error, not a
    /// new empty database.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        if !path.is_file() {
            return Err(StoreError::Missing(shown));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(
            |source| StoreError::Open {
                path: shown,
                source,
            },
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Store { conn })
    }

    /// Databases written before fingerprints existed get the column, and a fingerprint for every row.
    fn migrate(&self) -> Result<(), StoreError> {
        let has_fingerprint: bool = self
            .conn
            .prepare("SELECT 1 FROM pragma_table_info('tickets') WHERE name = 'fingerprint'")?
            .exists([])?;
        if has_fingerprint {
            return Ok(());
        }
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("ALTER TABLE tickets ADD COLUMN fingerprint TEXT", [])?;
        let rows: Vec<(i64, String)> = tx
            .prepare("SELECT seq, body FROM tickets")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (seq, body) in rows {
            if let Ok(ticket) = Ticket::from_json(body.as_bytes()) {
                tx.execute(
                    "UPDATE tickets SET fingerprint = ?1 WHERE seq = ?2",
                    params![crate::serve::idempotency::fingerprint(&ticket), seq],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Stores a ticket unless its id is already stored: the insert-or-not is one SQL statement, so two
    /// receivers on one file cannot both create it.
    pub fn insert(&self, new: &NewTicket) -> Result<Insert, StoreError> {
        let t = &new.ticket;
        let created: Option<i64> = self
            .conn
            .prepare_cached(
                "INSERT INTO tickets (id, policy, level, summary, submitted_at, received_at, body, fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO NOTHING
                 RETURNING seq",
            )?
            .query_row(
                params![
                    t.id,
                    t.policy,
                    t.level.id,
                    t.summary,
                    t.created_at,
                    new.received_at,
                    new.body,
                    new.fingerprint
                ],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(seq) = created {
            return Ok(Insert::Created {
                reference: reference_for(seq),
            });
        }
        // Rows are never deleted, so the conflicting row is there to read.
        let (seq, fingerprint) = self.conn.query_row(
            "SELECT seq, fingerprint FROM tickets WHERE id = ?1",
            [&t.id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
        )?;
        Ok(Insert::Existing {
            reference: reference_for(seq),
            fingerprint,
        })
    }

    /// One page of stored tickets, oldest first, as `{reference, received_at, ticket}` objects: those after
    /// `after` (a sequence number; 0 for the first page), at most `limit` of them, and no more once their
    /// bodies reach `max_bytes` (at least one, so a page always moves on). `next` is the cursor for the
    /// following page, None when this one reached the end. One short statement per page, so a listing
    /// never holds SQLite (or all the tickets in memory) for longer than a page.
    pub fn page(&self, after: i64, limit: usize, max_bytes: usize) -> Result<Page, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, received_at, body FROM tickets WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        // One more than asked, to know whether there is a next page.
        let mut rows = stmt.query(params![after, limit as i64 + 1])?;
        let mut page = Page::default();
        let mut bytes = 0;
        while let Some(row) = rows.next()? {
            let full = page.rows.len() >= limit || (!page.rows.is_empty() && bytes >= max_bytes);
            if full {
                page.next = page.last;
                break;
            }
            let (seq, received_at, body): (i64, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            bytes += body.len();
            page.rows.push(serde_json::json!({
                "reference": reference_for(seq),
                "received_at": received_at,
                "ticket": serde_json::from_str::<serde_json::Value>(&body)?,
            }));
            page.last = Some(seq);
        }
        Ok(page)
    }
}

/// What [`Store::page`] read.
#[derive(Debug, Default)]
pub struct Page {
    pub rows: Vec<serde_json::Value>,
    /// The sequence number to continue after, if more tickets follow.
    pub next: Option<i64>,
    last: Option<i64>,
}

/// `ST-000042` for sequence number 42: the reference a client is given and the listing's cursor.
pub fn seq_of(reference: &str) -> Option<i64> {
    let digits = reference.strip_prefix("ST-")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

pub fn reference_for(seq: i64) -> String {
    format!("ST-{seq:06}")
}

type Job = Box<dyn FnOnce(&Store) + Send>;

/// Why the store thread could not run a job.
#[derive(Debug, thiserror::Error)]
pub enum Unavailable {
    #[error("{QUEUE} writes are already queued")]
    Busy,
    #[error("the store thread has stopped")]
    Stopped,
}

/// The one thread that owns the SQLite connection. Async handlers send it closures and await the answer,
/// so SQLite (and its busy timeout) never runs on a runtime worker.
#[derive(Clone)]
pub struct StoreThread {
    jobs: mpsc::SyncSender<Job>,
}

impl StoreThread {
    /// Starts the thread; it ends (after finishing queued jobs) when every handle is dropped, and the
    /// returned join handle lets shutdown wait for that.
    pub fn start(store: Store) -> (StoreThread, thread::JoinHandle<()>) {
        let (jobs, rx) = mpsc::sync_channel::<Job>(QUEUE);
        let handle = thread::Builder::new()
            .name("triage-store".into())
            .spawn(move || {
                for job in rx {
                    job(&store);
                }
            })
            .expect("the OS refused to start the store thread");
        (StoreThread { jobs }, handle)
    }

    pub async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> R + Send + 'static,
    ) -> Result<R, Unavailable> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |store| {
            let _ = tx.send(f(store));
        });
        self.jobs.try_send(job).map_err(|e| match e {
            mpsc::TrySendError::Full(_) => Unavailable::Busy,
            mpsc::TrySendError::Disconnected(_) => Unavailable::Stopped,
        })?;
        rx.await.map_err(|_| Unavailable::Stopped)
    }
}
