//! The triage flow as a pure model: what a person has said so far (a [`Draft`]) and everything the
//! widget shows or decides from it — which steps apply, which questions to ask now, the suggestion,
//! whether the person may move on and why not.
//!
//! The widget holds one `Draft` signal and derives the rest through these functions, so every decision
//! is tested natively (tests/flow_paths.rs walks every answer path of the seed policies) and the Leptos
//! components only render and hand events back.

mod details;
mod outcome;
mod prefill;
mod privacy;
mod store;
mod ticket;

use std::ops::RangeInclusive;

pub use details::{read_text_file, valid_emails, AttachedFile, FileError, LogPart, LogSource};
pub use outcome::{
    promises, promises_given, ChannelAlternative, Outcome, Promise, PromiseKind, Responses,
    MAX_SPANS,
};
pub use prefill::{Prefill, Skipped};
pub use privacy::{Part, PartTexts, Shown};
pub use store::{decode, encode, DraftError, DRAFT_VERSION};
pub use ticket::TicketInput;

use crate::maps::{SortedMap, SortedSet};

use crate::context::ContextItem;

use crate::policy::{IxSet, LevelIx, OptionIx, PlanIx, Policy, QuestionIx, TypeIx};
pub use crate::strings::UiString;
use crate::triage::{asked, effective_answers, suggest, Answers, Suggestion};

/// One screen of the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// What kind of request (only when the policy has request types).
    Type,
    /// Impact questions, the live suggestion, plan and level choice.
    Severity,
    /// Summary, the policy's detail fields, logs and attachments.
    Details,
    /// The whole ticket as it will be sent: findings to undo, context to remove; then send.
    Review,
}

impl Step {
    /// The step's name as stored and as reported to the host page (`triage-step`): its serde name.
    pub fn id(self) -> &'static str {
        match self {
            Step::Type => "type",
            Step::Severity => "severity",
            Step::Details => "details",
            Step::Review => "review",
        }
    }

    pub fn title(self) -> UiString {
        match self {
            Step::Type => UiString::StepType,
            Step::Severity => UiString::StepSeverity,
            Step::Details => UiString::StepDetails,
            Step::Review => UiString::StepReview,
        }
    }
}

/// The person's answer to "which plan are you on?", when the host page did not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlanPick {
    #[default]
    Unset,
    Plan(PlanIx),
    DontKnow,
}

/// Everything the person has entered, and where they are. Indices are valid for the policy the draft
/// was made for (`Draft::new` or [`decode`]); every mutator keeps them so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub step: Step,
    pub request_type: Option<TypeIx>,
    pub answers: Answers,
    pub plan: PlanPick,
    /// The plan the host page named (`data-plan`); it overrides any pick and is never stored.
    pub host_plan: Option<PlanIx>,
    /// A level the person chose instead of the suggestion.
    pub level: Option<LevelIx>,
    pub justification: String,
    pub summary: String,
    /// Detail field id → text as typed.
    pub details: SortedMap<String, String>,
    pub attachments: Vec<AttachedFile>,
    /// What the widget gathered about the browser and the host page; gathered anew on every visit,
    /// never stored.
    pub context: Vec<(ContextItem, String)>,
    /// Context items the person removed.
    pub context_removed: IxSet<ContextItem>,
    /// Findings the person chose to send as they are: (part key, value).
    pub undone: SortedSet<(String, String)>,
}

/// Something that keeps the person on the current step, tied to the input it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    TypeMissing,
    Unanswered(QuestionIx),
    PlanMissing,
    JustificationMissing,
    SummaryMissing,
    /// A required detail field is empty (index into `policy.fields`).
    FieldMissing(usize),
    /// An email field holds something that is not a list of addresses.
    EmailInvalid(usize),
}

impl Problem {
    pub fn message(self, policy: &Policy) -> String {
        policy.string(match self {
            Problem::TypeMissing => UiString::TypeRequired,
            Problem::Unanswered(_) => UiString::AnswerRequired,
            Problem::PlanMissing => UiString::PlanRequired,
            Problem::JustificationMissing => UiString::JustificationRequired,
            Problem::SummaryMissing => UiString::SummaryRequired,
            Problem::FieldMissing(_) => UiString::FieldRequired,
            Problem::EmailInvalid(_) => UiString::EmailInvalid,
        })
    }

    /// A stable name for the input the problem is about; the widget prefixes it to make an element id.
    pub fn anchor(self, policy: &Policy) -> String {
        match self {
            Problem::TypeMissing => "type".into(),
            Problem::Unanswered(q) => format!("q-{}", policy.questions[q].id),
            Problem::PlanMissing => "plan".into(),
            Problem::JustificationMissing => "justification".into(),
            Problem::SummaryMissing => "summary".into(),
            Problem::FieldMissing(f) | Problem::EmailInvalid(f) => {
                format!("f-{}", policy.fields[f].id)
            }
        }
    }
}

impl Draft {
    /// A fresh draft on the first step. `host_plan` is the plan the host page named, if it named one.
    pub fn new(policy: &Policy, host_plan: Option<PlanIx>) -> Draft {
        let mut d = Draft {
            step: Step::Severity,
            request_type: None,
            answers: Answers::new(policy),
            plan: PlanPick::Unset,
            host_plan: host_plan.filter(|&p| p.0 < policy.plans.len()),
            level: None,
            justification: String::new(),
            summary: String::new(),
            details: SortedMap::new(),
            attachments: Vec::new(),
            context: Vec::new(),
            context_removed: IxSet::new(),
            undone: SortedSet::new(),
        };
        d.step = d.steps(policy)[0];
        d
    }

    /// The steps that apply to this policy, in order.
    pub fn steps(&self, policy: &Policy) -> Vec<Step> {
        let mut steps = Vec::with_capacity(4);
        if !policy.request_types.is_empty() {
            steps.push(Step::Type);
        }
        steps.extend([Step::Severity, Step::Details, Step::Review]);
        steps
    }

    /// (1-based position of the current step, number of steps).
    pub fn position(&self, policy: &Policy) -> (usize, usize) {
        let steps = self.steps(policy);
        let n = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        (n + 1, steps.len())
    }

    pub fn is_first_step(&self, policy: &Policy) -> bool {
        self.position(policy).0 == 1
    }

    /// The questions to show now, in order (honouring request types and `ask_when`).
    pub fn questions(&self, policy: &Policy) -> Vec<QuestionIx> {
        asked(policy, self.request_type, &self.answers)
    }

    pub fn set_type(&mut self, policy: &Policy, t: TypeIx) {
        if t.0 < policy.request_types.len() {
            self.request_type = Some(t);
            self.settle(policy);
        }
    }

    /// Records an answer; answers to questions the new answer makes irrelevant are dropped.
    pub fn answer(&mut self, policy: &Policy, q: QuestionIx, o: OptionIx) {
        if policy
            .questions
            .get(q.0)
            .is_some_and(|qq| o.0 < qq.options.len())
        {
            self.answers.set(q, Some(o));
            self.settle(policy);
        }
    }

    pub fn pick_plan(&mut self, policy: &Policy, pick: PlanPick) {
        if let PlanPick::Plan(p) = pick {
            if p.0 >= policy.plans.len() {
                return;
            }
        }
        self.plan = pick;
    }

    /// The person's own level, or `None` to follow the suggestion. Levels outside what the request
    /// type allows are refused.
    pub fn choose_level(&mut self, policy: &Policy, level: Option<LevelIx>) {
        match level {
            Some(l) if !self.allowed_levels(policy).contains(&l) => {}
            Some(l) if l == self.suggestion(policy).level => self.level = None,
            other => self.level = other,
        }
    }

    /// Drops what the latest change made irrelevant: answers to questions no longer asked, and a chosen
    /// level the request type no longer allows.
    fn settle(&mut self, policy: &Policy) {
        self.answers = effective_answers(policy, self.request_type, &self.answers);
        if self
            .level
            .is_some_and(|l| !self.allowed_levels(policy).contains(&l))
        {
            self.level = None;
        }
    }

    pub fn suggestion(&self, policy: &Policy) -> Suggestion {
        suggest(policy, self.request_type, &self.answers)
    }

    /// The level the ticket is filed at: the person's choice, else the suggestion.
    pub fn level(&self, policy: &Policy) -> LevelIx {
        self.level.unwrap_or_else(|| self.suggestion(policy).level)
    }

    /// The levels the person may choose from, most severe first.
    pub fn allowed_levels(&self, policy: &Policy) -> RangeInclusive<LevelIx> {
        let last = LevelIx(policy.levels.len() - 1);
        match self.request_type.map(|t| &policy.request_types[t]) {
            Some(t) => match t.fixed {
                Some(f) => f..=f,
                None => t.bounds.0..=t.bounds.1,
            },
            None => LevelIx(0)..=last,
        }
    }

    /// A person filing above the suggestion says why in one line.
    pub fn needs_justification(&self, policy: &Policy) -> bool {
        self.level
            .is_some_and(|l| l < self.suggestion(policy).level)
    }

    /// Whether the widget asks for the plan (the host did not name one and there is a choice).
    pub fn asks_plan(&self, policy: &Policy) -> bool {
        self.host_plan.is_none() && policy.plans.len() > 1
    }

    /// The plan whose targets apply, when it is known.
    pub fn plan(&self, policy: &Policy) -> Option<PlanIx> {
        if let Some(p) = self.host_plan {
            return Some(p);
        }
        if policy.plans.len() == 1 {
            return Some(PlanIx(0));
        }
        match self.plan {
            PlanPick::Plan(p) => Some(p),
            PlanPick::Unset | PlanPick::DontKnow => None,
        }
    }

    /// What keeps the person on `step`, in the order the inputs appear on screen.
    pub fn problems(&self, policy: &Policy, step: Step) -> Vec<Problem> {
        let mut out = Vec::new();
        match step {
            Step::Type => {
                if self.request_type.is_none() {
                    out.push(Problem::TypeMissing);
                }
            }
            Step::Severity => {
                out.extend(
                    self.questions(policy)
                        .into_iter()
                        .filter(|&q| self.answers.get(q).is_none())
                        .map(Problem::Unanswered),
                );
                if self.asks_plan(policy) && self.plan == PlanPick::Unset {
                    out.push(Problem::PlanMissing);
                }
                if self.needs_justification(policy) && self.justification.trim().is_empty() {
                    out.push(Problem::JustificationMissing);
                }
            }
            Step::Details => self.details_problems(policy, &mut out),
            Step::Review => {}
        }
        out
    }

    /// Moves to the next step, or says what is missing. On the last step, `Ok` means "ready to send".
    pub fn advance(&mut self, policy: &Policy) -> Result<(), Vec<Problem>> {
        let problems = self.problems(policy, self.step);
        if !problems.is_empty() {
            return Err(problems);
        }
        let steps = self.steps(policy);
        if let Some(i) = steps.iter().position(|s| *s == self.step) {
            if let Some(next) = steps.get(i + 1) {
                self.step = *next;
            }
        }
        Ok(())
    }

    /// Jumps back to an earlier step (the review's "edit" links); never forward past unchecked steps.
    pub fn go_to(&mut self, policy: &Policy, step: Step) {
        let steps = self.steps(policy);
        let (Some(to), Some(at)) = (
            steps.iter().position(|s| *s == step),
            steps.iter().position(|s| *s == self.step),
        ) else {
            return;
        };
        if to <= at {
            self.step = step;
        }
    }

    /// Goes one step back; nothing entered is lost.
    pub fn back(&mut self, policy: &Policy) {
        let steps = self.steps(policy);
        if let Some(i) = steps.iter().position(|s| *s == self.step) {
            self.step = steps[i.saturating_sub(1)];
        }
    }

    /// Whether every step's input is complete (the draft may be sent).
    pub fn is_complete(&self, policy: &Policy) -> bool {
        self.steps(policy)
            .into_iter()
            .all(|s| self.problems(policy, s).is_empty())
    }
}

#[cfg(test)]
mod details_tests;
#[cfg(test)]
mod tests;
