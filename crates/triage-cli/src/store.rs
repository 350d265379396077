//! The reference receiver's storage: one SQLite file, one row per ticket.
//!
//! The client's ticket `id` is unique, so a retried POST (the widget retries until it hears back) returns
//! the first row's reference instead of filing twice.

use std::path::Path;

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension};
use triage_core::ticket::Ticket;

pub struct Store {
    conn: Connection,
}

/// What storing a ticket did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub reference: String,
    /// False when this id was stored before (a retry).
    pub created: bool,
}

impl Store {
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the ticket database {}", path.display()))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS tickets (
                 seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                 id           TEXT NOT NULL UNIQUE,
                 policy       TEXT NOT NULL,
                 level        TEXT NOT NULL,
                 summary      TEXT NOT NULL,
                 submitted_at TEXT NOT NULL,
                 received_at  TEXT NOT NULL,
                 body         TEXT NOT NULL
             );",
        )
        .with_context(|| format!("cannot prepare the ticket database {}", path.display()))?;
        Ok(Store { conn })
    }

    pub fn insert(&self, ticket: &Ticket, body: &str, received_at: &str) -> anyhow::Result<Stored> {
        let existing = self.reference_of(&ticket.id)?;
        if let Some(reference) = existing {
            return Ok(Stored {
                reference,
                created: false,
            });
        }
        self.conn.execute(
            "INSERT INTO tickets (id, policy, level, summary, submitted_at, received_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                ticket.id,
                ticket.policy,
                ticket.level.id,
                ticket.summary,
                ticket.submitted_at,
                received_at,
                body
            ],
        )?;
        Ok(Stored {
            reference: reference_for(self.conn.last_insert_rowid()),
            created: true,
        })
    }

    fn reference_of(&self, id: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT seq FROM tickets WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
            .map(reference_for))
    }

    /// Every stored ticket, oldest first, as `{reference, received_at, ticket}` objects.
    pub fn all(&self) -> anyhow::Result<Vec<serde_json::Value>> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, received_at, body FROM tickets ORDER BY seq")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, received_at, body) = row?;
            Ok(serde_json::json!({
                "reference": reference_for(seq),
                "received_at": received_at,
                "ticket": serde_json::from_str::<serde_json::Value>(&body)?,
            }))
        })
        .collect()
    }
}

fn reference_for(seq: i64) -> String {
    format!("ST-{seq:06}")
}
