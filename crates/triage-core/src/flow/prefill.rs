//! What a host page already knows, handed to the flow: the request type, answers, a level, and the text
//! fields. Hosts name things by the policy's ids (never indices), so a prefill written for one version
//! of a policy degrades gracefully on the next: whatever no longer fits is skipped and reported, so the
//! integrator learns about it in the console, and the person simply answers it themselves.

use crate::json::fields::{map, parse_with, string, Fields};
use crate::json::Quoted;
use crate::maps::SortedMap;

use super::Draft;
use crate::policy::{OptionIx, Policy};

/// Values a host page pre-fills, by policy id. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// A request type id.
    pub request_type: Option<String>,
    /// Question id → option id.
    pub answers: SortedMap<String, String>,
    /// A level id the person starts from instead of the suggestion.
    pub level: Option<String>,
    pub summary: Option<String>,
    pub justification: Option<String>,
    /// Detail field id → text, for policies that define detail fields.
    pub details: SortedMap<String, String>,
}

/// A part of a prefill that was skipped, with the reason an integrator can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skipped {
    #[error("prefill: the policy has no request type {}", Quoted(.0))]
    RequestType(String),
    #[error("prefill: the policy has no question {}", Quoted(.0))]
    Question(String),
    #[error(
        "prefill: question {} has no option {}",
        Quoted(question),
        Quoted(option)
    )]
    Option { question: String, option: String },
    #[error("prefill: question {} is not asked for the prefilled request type and answers", Quoted(.0))]
    NotAsked(String),
    #[error("prefill: the policy has no level {}", Quoted(.0))]
    Level(String),
    #[error("prefill: level {} is not allowed for this request", Quoted(.0))]
    LevelNotAllowed(String),
    #[error("prefill: the policy has no detail field {}", Quoted(.0))]
    Detail(String),
}

impl Prefill {
    /// Parses the JSON a host passes (`{"answers": {...}, "summary": "..."}`); unknown keys are errors,
    /// so a misspelt key is reported instead of silently ignored.
    /// Numbers and booleans where text is expected are refused like any other type: the host writes ids.
    pub fn from_json(text: &str) -> Result<Prefill, String> {
        parse_with(text, |v| {
            let f = Fields::of(
                v,
                &[
                    "request_type",
                    "answers",
                    "level",
                    "summary",
                    "justification",
                    "details",
                ],
            )?;
            Ok(Prefill {
                request_type: f.opt("request_type", string)?,
                answers: f.or_default("answers", |v| map(v, string))?,
                level: f.opt("level", string)?,
                summary: f.opt("summary", string)?,
                justification: f.opt("justification", string)?,
                details: f.or_default("details", |v| map(v, string))?,
            })
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == Prefill::default()
    }
}

impl Draft {
    /// Applies `prefill` on top of the draft and returns what was skipped. Answers are applied in the
    /// policy's question order, so an answer that makes a later question asked comes first.
    pub fn apply_prefill(&mut self, policy: &Policy, prefill: &Prefill) -> Vec<Skipped> {
        let mut skipped = Vec::new();
        if let Some(t) = &prefill.request_type {
            match policy.type_ix(t) {
                Some(ix) => self.set_type(policy, ix),
                None => skipped.push(Skipped::RequestType(t.clone())),
            }
        }
        for qid in prefill.answers.keys() {
            if policy.question_ix(qid).is_none() {
                skipped.push(Skipped::Question(qid.clone()));
            }
        }
        for (qi, q) in policy.questions.iter().enumerate() {
            let Some(oid) = prefill.answers.get(&q.id) else {
                continue;
            };
            let Some(o) = q.options.iter().position(|o| &o.id == oid) else {
                skipped.push(Skipped::Option {
                    question: q.id.clone(),
                    option: oid.clone(),
                });
                continue;
            };
            let qix = crate::policy::QuestionIx(qi);
            self.answer(policy, qix, OptionIx(o));
            if self.answers.get(qix).is_none() {
                skipped.push(Skipped::NotAsked(q.id.clone()));
            }
        }
        if let Some(l) = &prefill.level {
            match policy.level_ix(l) {
                Some(ix) if self.allowed_levels(policy).contains(&ix) => {
                    self.choose_level(policy, Some(ix))
                }
                Some(_) => skipped.push(Skipped::LevelNotAllowed(l.clone())),
                None => skipped.push(Skipped::Level(l.clone())),
            }
        }
        if let Some(s) = &prefill.summary {
            self.summary = s.clone();
        }
        if let Some(j) = &prefill.justification {
            self.justification = j.clone();
        }
        // Detail fields by the policy's field ids; a field not asked for this request yet is still kept, as
        // the person may reach a type or level that asks it (the draft sends only fields asked then).
        for (id, text) in &prefill.details {
            match policy.fields.iter().position(|f| &f.id == id) {
                Some(ix) => self.set_detail(policy, ix, text.clone()),
                None => skipped.push(Skipped::Detail(id.clone())),
            }
        }
        skipped
    }
}
