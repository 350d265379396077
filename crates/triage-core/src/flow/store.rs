//! A draft as it is kept in the browser between visits: by ids, not indices, and versioned, so a policy
//! that changed since (a question removed, an option renamed) or an older widget's draft is recognised
//! and discarded with a reason instead of restoring answers to the wrong questions.
//!
//! No secret is stored: every free-text part (summary, justification, fields, attachments) is stored
//! with the scanner's findings masked, except values the person chose to send as they are (those are
//! kept, with their undo keys). A reloaded draft therefore shows `[REDACTED:…]` markers where secrets
//! were; they cannot be undone any more, which is the point. Logs and attachments are stored trimmed to
//! the policy's text budget. Context is gathered anew on every visit; only the removals are stored.

use crate::maps::{SortedMap, SortedSet};

use serde::Serialize;

use crate::json::fields::{list, map, string, whole, FieldError, Fields, Read};
use crate::json::write::{Obj, ToJson};
use crate::json::{Quoted, Value};

use super::{AttachedFile, Draft, Part, PlanPick, Step};
use crate::context::ContextItem;
use crate::policy::FieldKind;
use crate::policy::{OptionIx, PlanIx, Policy, QuestionIx};
use crate::ticket::trim_keep_tail;
use crate::triage::Answers;

/// Bumped whenever the stored shape changes; drafts of another version are discarded.
pub const DRAFT_VERSION: u32 = 2;

/// Written by hand ([`crate::json::write`]; tests hold it to this derive), read back by [`stored`] (strict
/// like a `deny_unknown_fields` derive).
#[derive(Debug, Serialize)]
struct Stored {
    v: u32,
    policy: String,
    step: Step,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_type: Option<String>,
    #[serde(default)]
    answers: SortedMap<String, String>,
    /// A plan id, or `"?"` for "I don't know".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<String>,
    #[serde(default)]
    justification: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    details: SortedMap<String, String>,
    #[serde(default)]
    attachments: Vec<StoredFile>,
    #[serde(default)]
    context_removed: Vec<ContextItem>,
    /// (part key, value) of findings the person chose to send; those values are in the texts anyway.
    #[serde(default)]
    undone: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
struct StoredFile {
    name: String,
    size: u64,
    text: String,
}

const DONT_KNOW: &str = "?";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("the saved draft is not readable: {0}")]
    Corrupt(String),
    #[error("the saved draft is version {0}; this widget reads version {DRAFT_VERSION}")]
    Version(u32),
    #[error("the saved draft is for policy {}", Quoted(.0))]
    OtherPolicy(String),
    #[error("the saved draft refers to {0}, which the policy no longer has")]
    Outdated(String),
}

/// The draft as JSON for storage.
pub fn encode(policy: &Policy, draft: &Draft) -> String {
    to_store(policy, draft).to_json()
}

/// What serde_json writes for the same draft, for tests holding [`encode`] to it.
#[cfg(test)]
pub(super) fn encode_with_serde(policy: &Policy, draft: &Draft) -> String {
    serde_json::to_string(&to_store(policy, draft)).unwrap()
}

impl ToJson for Stored {
    fn write_json(&self, out: &mut String) {
        let context_removed: Vec<&str> = self.context_removed.iter().map(|c| c.id()).collect();
        Obj::new(out)
            .field("v", &self.v)
            .field("policy", &self.policy)
            .field("step", self.step.id())
            .some("request_type", &self.request_type)
            .field("answers", &self.answers)
            .some("plan", &self.plan)
            .some("level", &self.level)
            .field("justification", &self.justification)
            .field("summary", &self.summary)
            .field("details", &self.details)
            .field("attachments", &self.attachments)
            .field("context_removed", &context_removed)
            .field("undone", &self.undone)
            .end();
    }
}

impl ToJson for StoredFile {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .field("name", &self.name)
            .field("size", &self.size)
            .field("text", &self.text)
            .end();
    }
}

fn to_store(policy: &Policy, draft: &Draft) -> Stored {
    Stored {
        v: DRAFT_VERSION,
        policy: policy.id.clone(),
        step: draft.step,
        request_type: draft
            .request_type
            .map(|t| policy.request_types[t].id.clone()),
        answers: SortedMap::from_iter(policy.questions.iter().enumerate().filter_map(
            |(q, question)| {
                let o = draft.answers.get(QuestionIx(q))?;
                Some((question.id.clone(), question.options[o].id.clone()))
            },
        )),
        plan: match draft.plan {
            PlanPick::Unset => None,
            PlanPick::Plan(p) => Some(policy.plans[p].id.clone()),
            PlanPick::DontKnow => Some(DONT_KNOW.into()),
        },
        level: draft.level.map(|l| policy.levels[l].id.clone()),
        justification: draft.masked(policy, &Part::Justification, &draft.justification),
        summary: draft.masked(policy, &Part::Summary, &draft.summary),
        details: SortedMap::from_iter(draft.details.iter().filter_map(|(id, text)| {
            let i = policy.fields.iter().position(|f| &f.id == id)?;
            let text = match policy.fields[i].kind {
                FieldKind::Email | FieldKind::Choice => text.clone(),
                FieldKind::Log => draft.masked(policy, &Part::Field(i), &budget(policy, text)),
                _ => draft.masked(policy, &Part::Field(i), text),
            };
            Some((id.clone(), text))
        })),
        attachments: draft
            .attachments
            .iter()
            .enumerate()
            .map(|(n, a)| StoredFile {
                name: a.name.clone(),
                size: a.size,
                text: draft.masked(policy, &Part::Attachment(n), &budget(policy, &a.text)),
            })
            .collect(),
        context_removed: draft.context_removed.iter().collect(),
        undone: draft.undone.iter().cloned().collect(),
    }
}

fn budget(policy: &Policy, text: &str) -> String {
    trim_keep_tail(text, policy.collect.text_budget).0
}

/// Restores a stored draft against `policy`, or says why it cannot be.
pub fn decode(policy: &Policy, json: &str, host_plan: Option<PlanIx>) -> Result<Draft, DraftError> {
    let value = crate::json::parse(json).map_err(|e| DraftError::Corrupt(e.to_string()))?;
    let version = value.get("v").and_then(Value::as_u64);
    if version != Some(u64::from(DRAFT_VERSION)) {
        return Err(DraftError::Version(
            version.and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
        ));
    }
    let s = stored(&value).map_err(|e| DraftError::Corrupt(e.to_string()))?;
    if s.policy != policy.id {
        return Err(DraftError::OtherPolicy(s.policy));
    }
    let gone = |what: String| DraftError::Outdated(what);
    let mut d = Draft::new(policy, host_plan);
    if let Some(t) = &s.request_type {
        let ix = policy
            .type_ix(t)
            .ok_or_else(|| gone(format!("request type {}", Quoted(t))))?;
        d.request_type = Some(ix);
    }
    let mut answers = Answers::new(policy);
    for (qid, oid) in &s.answers {
        let q = policy
            .question_ix(qid)
            .ok_or_else(|| gone(format!("question {}", Quoted(qid))))?;
        let o = policy.questions[q]
            .options
            .iter()
            .position(|o| &o.id == oid)
            .map(OptionIx)
            .ok_or_else(|| {
                gone(format!(
                    "option {} of question {}",
                    Quoted(oid),
                    Quoted(qid)
                ))
            })?;
        answers.set(q, Some(o));
    }
    d.answers = answers;
    d.plan = match s.plan.as_deref() {
        None => PlanPick::Unset,
        Some(DONT_KNOW) => PlanPick::DontKnow,
        Some(p) => PlanPick::Plan(
            policy
                .plan_ix(p)
                .ok_or_else(|| gone(format!("plan {}", Quoted(p))))?,
        ),
    };
    if let Some(l) = &s.level {
        d.level = Some(
            policy
                .level_ix(l)
                .ok_or_else(|| gone(format!("level {}", Quoted(l))))?,
        );
    }
    d.justification = s.justification;
    d.summary = s.summary;
    d.details = SortedMap::from_iter(
        s.details
            .into_iter()
            .filter(|(id, _)| policy.fields.iter().any(|f| &f.id == id)),
    );
    d.attachments = s
        .attachments
        .into_iter()
        .map(|f| AttachedFile {
            name: f.name,
            size: f.size,
            text: f.text,
        })
        .collect();
    d.context_removed = s.context_removed.into_iter().collect();
    d.undone = SortedSet::from_iter(s.undone);
    if d.steps(policy).contains(&s.step) {
        d.step = s.step;
    }
    // Whatever the stored answers were, keep only what the flow would have kept.
    d.settle(policy);
    Ok(d)
}

/// The stored draft from its JSON tree.
fn stored(v: &Value) -> Read<Stored> {
    let f = Fields::of(
        v,
        &[
            "v",
            "policy",
            "step",
            "request_type",
            "answers",
            "plan",
            "level",
            "justification",
            "summary",
            "details",
            "attachments",
            "context_removed",
            "undone",
        ],
    )?;
    Ok(Stored {
        v: f.req("v", whole::<u32>)?,
        policy: f.req("policy", string)?,
        step: f.req("step", |v| {
            let id = string(v)?;
            [Step::Type, Step::Severity, Step::Details, Step::Review]
                .into_iter()
                .find(|s| s.id() == id)
                .ok_or_else(|| problem(format!("unknown step `{id}`")))
        })?,
        request_type: f.opt("request_type", string)?,
        answers: f.or_default("answers", |v| map(v, string))?,
        plan: f.opt("plan", string)?,
        level: f.opt("level", string)?,
        justification: f.or_default("justification", string)?,
        summary: f.or_default("summary", string)?,
        details: f.or_default("details", |v| map(v, string))?,
        attachments: f.or_default("attachments", |v| {
            list(v, |v| {
                let f = Fields::of(v, &["name", "size", "text"])?;
                Ok(StoredFile {
                    name: f.req("name", string)?,
                    size: f.req("size", whole::<u64>)?,
                    text: f.req("text", string)?,
                })
            })
        })?,
        context_removed: f.or_default("context_removed", |v| {
            list(v, |v| {
                let id = string(v)?;
                ContextItem::from_id(&id)
                    .ok_or_else(|| problem(format!("unknown context item `{id}`")))
            })
        })?,
        undone: f.or_default("undone", |v| {
            list(v, |v| match list(v, string)?.as_slice() {
                [part, value] => Ok((part.clone(), value.clone())),
                _ => Err(problem("expected a pair of strings".into())),
            })
        })?,
    })
}

fn problem(problem: String) -> FieldError {
    FieldError {
        path: String::new(),
        problem,
    }
}
