//! `triage tickets`: every stored ticket as one JSON array on stdout, read and written a page at a time.
//! Why pages: reading them all first held every ticket in memory at once (117 MB of tickets took 376 MB
//! and 15 s) inside one long read; a page is one short statement, so the receiver keeps writing (and
//! checkpointing) while a large database is printed, and memory stays at about one page.

use std::cell::RefCell;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serializer;

use crate::store::{Store, StoreError};

/// Tickets per page, and the ticket bytes after which a page ends early.
const PAGE_ROWS: usize = 500;
const PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Prints the array exactly as `serde_json::to_string_pretty` of the whole list would, plus a newline.
pub fn print_all(db: &Path) -> anyhow::Result<()> {
    let store = Store::open_existing(db)?;
    let failed: RefCell<Option<StoreError>> = RefCell::new(None);
    let rows = Pages {
        store: &store,
        after: 0,
        done: false,
        buffered: Vec::new().into_iter(),
        failed: &failed,
    };
    // Tickets are strangers' text: escaped like policy text (see out.rs).
    let mut out = crate::out::JsonEscaping::new(BufWriter::new(std::io::stdout().lock()));
    let written = serde_json::Serializer::pretty(&mut out)
        .collect_seq(rows)
        .map_err(|e| match e.io_error_kind() {
            Some(kind) => std::io::Error::from(kind),
            None => std::io::Error::other(e),
        })
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        crate::out::exit_on(&e);
    }
    match failed.into_inner() {
        // What was printed is cut short; the reason goes to stderr and the exit code says so.
        Some(e) => Err(anyhow::Error::from(e).context("reading the tickets stopped part-way")),
        None => Ok(()),
    }
}

/// The stored tickets, fetched a page at a time as the serializer asks for them. A read error ends the
/// sequence and is kept for the caller (an iterator cannot return it).
struct Pages<'a> {
    store: &'a Store,
    after: i64,
    done: bool,
    buffered: std::vec::IntoIter<serde_json::Value>,
    failed: &'a RefCell<Option<StoreError>>,
}

impl Iterator for Pages<'_> {
    type Item = serde_json::Value;

    fn next(&mut self) -> Option<serde_json::Value> {
        loop {
            if let Some(row) = self.buffered.next() {
                return Some(row);
            }
            if self.done {
                return None;
            }
            match self.store.page(self.after, PAGE_ROWS, PAGE_BYTES) {
                Ok(page) => {
                    match page.next {
                        Some(next) => self.after = next,
                        None => self.done = true,
                    }
                    self.buffered = page.rows.into_iter();
                }
                Err(e) => {
                    *self.failed.borrow_mut() = Some(e);
                    self.done = true;
                }
            }
        }
    }
}
