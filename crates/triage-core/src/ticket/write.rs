//! The ticket as the widget posts it, written by hand ([`crate::json::write`]) in the derive's field
//! order and with its skipped `None`s: the receiver parses the same bytes serde_json would have written,
//! and a proptest in `ticket/read/tests.rs` holds the two to each other for generated tickets.

use crate::json::write::{Obj, ToJson};

use super::{Alternative, Answer, Attachment, ChosenLevel, Target, Ticket};

impl ToJson for Ticket {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("schema", &self.schema)
            .field("id", &self.id)
            .field("created_at", &self.created_at)
            .field("policy", &self.policy)
            .field("policy_version", &self.policy_version)
            .some("plan", &self.plan)
            .some("request_type", &self.request_type)
            .field("answers", &self.answers)
            .field("level", &self.level)
            .some("first_response", &self.first_response)
            .some("resolution", &self.resolution)
            .field("summary", &self.summary)
            .field("details", &self.details)
            .field("attachments", &self.attachments)
            .field("context", &self.context)
            .field("redactions", &self.redactions)
            .some("locale", &self.locale)
            .some("time_zone", &self.time_zone)
            .end();
    }
}

impl ToJson for Answer {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("question", &self.question)
            .field("question_text", &self.question_text)
            .field("option", &self.option)
            .field("option_label", &self.option_label)
            .end();
    }
}

impl ToJson for ChosenLevel {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("id", &self.id)
            .field("name", &self.name)
            .some("suggested", &self.suggested)
            .field("reasons", &self.reasons)
            .some("justification", &self.justification)
            .end();
    }
}

impl ToJson for Target {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("text", &self.text)
            .some("due", &self.due)
            .some("alternative", &self.alternative)
            .end();
    }
}

impl ToJson for Alternative {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("text", &self.text)
            .some("coverage", &self.coverage)
            .some("due", &self.due)
            .field("channel", &self.channel)
            .end();
    }
}

impl ToJson for Attachment {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("name", &self.name)
            .field("size", &self.size)
            .field("text", &self.text)
            .field("trimmed", &self.trimmed)
            .end();
    }
}
