//! Outbox entries, receipts and the storage lease as stored, written by hand ([`crate::json::write`]) in the derives'
//! field order with their skipped `None`s: byte for byte what serde_json writes for them (tested in
//! `tests.rs`), without serde's serializer in the widget's wasm.

use crate::json::write::{Obj, ToJson};

use super::{Entry, LastFailure, Lease, Receipt};

impl ToJson for Entry {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.field("v", &self.v)
            .field("ticket", &self.ticket)
            .some("endpoint", &self.endpoint)
            .field("attempts", &self.attempts)
            .field("next_at_ms", &self.next_at_ms)
            .some("last", &self.last)
            .field("held", &self.held)
            .end();
    }
}

impl ToJson for LastFailure {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("kind", &self.kind)
            .some("status", &self.status)
            .some("seconds", &self.seconds)
            .some("message", &self.message)
            .end();
    }
}

impl ToJson for Lease {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("owner", &self.owner)
            .field("until_ms", &self.until_ms)
            .end();
    }
}

impl ToJson for Receipt {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("reference", &self.reference)
            .field("at_ms", &self.at_ms)
            .end();
    }
}
