//! The ticket read back from the widget's own storage (outbox entries), by hand over [`crate::json`]:
//! the derived `Deserialize` — which the receiver keeps, with field paths — was the largest single piece
//! of serde code in the widget's wasm. Strict like the derive: a missing required field, a wrong type or
//! an unknown key is an error naming the field. A test reads back every ticket serde_json writes.

use crate::json::fields::{boolean, list, map, string, whole, Fields, Read};
use crate::json::Value;

use super::{Alternative, Answer, Attachment, ChosenLevel, Target, Ticket};

pub fn ticket(v: &Value) -> Read<Ticket> {
    let f = Fields::of(
        v,
        &[
            "schema",
            "id",
            "created_at",
            "policy",
            "policy_version",
            "plan",
            "request_type",
            "answers",
            "level",
            "first_response",
            "resolution",
            "summary",
            "details",
            "attachments",
            "context",
            "redactions",
            "locale",
            "time_zone",
        ],
    )?;
    Ok(Ticket {
        schema: f.req("schema", string)?,
        id: f.req("id", string)?,
        created_at: f.req("created_at", string)?,
        policy: f.req("policy", string)?,
        policy_version: f.req("policy_version", string)?,
        plan: f.opt("plan", string)?,
        request_type: f.opt("request_type", string)?,
        answers: f.or_default("answers", |v| list(v, answer))?,
        level: f.req("level", level)?,
        first_response: f.opt("first_response", target)?,
        resolution: f.opt("resolution", target)?,
        summary: f.req("summary", string)?,
        details: f.or_default("details", |v| map(v, string))?,
        attachments: f.or_default("attachments", |v| list(v, attachment))?,
        context: f.or_default("context", |v| map(v, string))?,
        redactions: f.or_default("redactions", |v| map(v, whole::<u32>))?,
        locale: f.opt("locale", string)?,
        time_zone: f.opt("time_zone", string)?,
    })
}

fn answer(v: &Value) -> Read<Answer> {
    let f = Fields::of(v, &["question", "question_text", "option", "option_label"])?;
    Ok(Answer {
        question: f.req("question", string)?,
        question_text: f.req("question_text", string)?,
        option: f.req("option", string)?,
        option_label: f.req("option_label", string)?,
    })
}

fn level(v: &Value) -> Read<ChosenLevel> {
    let f = Fields::of(v, &["id", "name", "suggested", "reasons", "justification"])?;
    Ok(ChosenLevel {
        id: f.req("id", string)?,
        name: f.req("name", string)?,
        suggested: f.opt("suggested", string)?,
        reasons: f.or_default("reasons", |v| list(v, string))?,
        justification: f.opt("justification", string)?,
    })
}

fn target(v: &Value) -> Read<Target> {
    let f = Fields::of(v, &["text", "due", "alternative"])?;
    Ok(Target {
        text: f.req("text", string)?,
        due: f.opt("due", string)?,
        alternative: f.opt("alternative", alternative)?,
    })
}

fn alternative(v: &Value) -> Read<Alternative> {
    let f = Fields::of(v, &["text", "coverage", "due", "channel"])?;
    Ok(Alternative {
        text: f.req("text", string)?,
        coverage: f.opt("coverage", string)?,
        due: f.opt("due", string)?,
        channel: f.req("channel", string)?,
    })
}

fn attachment(v: &Value) -> Read<Attachment> {
    let f = Fields::of(v, &["name", "size", "text", "trimmed"])?;
    Ok(Attachment {
        name: f.req("name", string)?,
        size: f.req("size", whole::<u64>)?,
        text: f.req("text", string)?,
        trimmed: f.req("trimmed", boolean)?,
    })
}

#[cfg(test)]
mod tests;
