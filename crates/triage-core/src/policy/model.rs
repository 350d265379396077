//! The validated policy: what the rest of the core (and the widget) works with.
//!
//! A `Policy` only exists once every cross-reference has been checked, so ids are resolved to indices
//! and durations, hours and dates are parsed; code using it never has to handle a dangling id.

use super::index::*;
use super::kinds::{ChannelKind, ChannelUse, FieldKind};
use super::target::Target;
use crate::strings::UiString;
use crate::time::{Clock, Date, Weekday};

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub id: String,
    pub vendor: String,
    pub source: Option<String>,
    pub levels: Vec<Level>,
    pub default_level: LevelIx,
    pub request_types: Vec<RequestType>,
    pub questions: Vec<Question>,
    pub rules: Vec<Rule>,
    pub matrix: Option<Matrix>,
    pub calendars: Vec<Calendar>,
    pub plans: Vec<Plan>,
    pub default_plan: PlanIx,
    pub channels: Vec<Channel>,
    pub fields: Vec<Field>,
    pub endpoint: Endpoint,
    pub fallback_contact: String,
    pub escalation: Vec<EscalationStep>,
    pub tips: Vec<String>,
    pub notes: Vec<String>,
    /// The vendor's overrides of the widget's words, by key (a list: a handful of entries, and a B-tree map
    /// per key type costs kilobytes of wasm).
    pub strings: Vec<(UiString, String)>,
    pub collect: Collect,
    /// A content hash of the policy text (`fnv1a64:…`), so a ticket says exactly which policy triaged it.
    pub version: String,
}

/// What the widget gathers, as the policy's `collect` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collect {
    pub text_budget: usize,
    pub context_off: IxSet<crate::context::ContextItem>,
    pub redact: crate::redact::Options,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub definition: String,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestType {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub fixed: Option<LevelIx>,
    /// Allowed levels as an inclusive index range (most severe, least severe).
    pub bounds: (LevelIx, LevelIx),
    pub skip_questions: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub options: Vec<Choice>,
    pub ask_when: Condition,
    /// Request types the question is asked for; `None` for all.
    pub types: Option<IxSet<TypeIx>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// All of these (question, allowed options) pairs must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Condition(pub Vec<(QuestionIx, IxSet<OptionIx>)>);

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub when: Condition,
    pub level: LevelIx,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: QuestionIx,
    pub columns: QuestionIx,
    /// `cells[row option][column option]`.
    pub cells: Vec<Vec<LevelIx>>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub id: String,
    pub label: String,
    pub coverage: Coverage,
}

#[derive(Debug, Clone, PartialEq)]
// A policy holds a handful of calendars; boxing would only add indirection.
#[allow(clippy::large_enum_variant)]
pub enum Coverage {
    /// 24x7: every instant is covered.
    Always,
    /// Weekly windows in a time zone, minus holidays.
    Weekly(Weekly),
}

/// How coverage is described to people: "24/7", "Mon–Fri 09:00–17:00 (Europe/Berlin)".
impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Coverage::Weekly(w) = self else {
            return f.write_str("24/7");
        };
        let all_day = |d: usize| w.windows[d] == [(0, Clock::END_OF_DAY.0)];
        if (0..7).all(all_day) && w.holidays.is_empty() {
            return write!(f, "24/7 ({})", w.time_zone);
        }
        if (0..5).all(all_day) && w.windows[5].is_empty() && w.windows[6].is_empty() {
            return write!(f, "24/5, Mon–Fri ({})", w.time_zone);
        }
        // Group consecutive days with identical hours.
        let mut parts: Vec<String> = Vec::new();
        let mut d = 0;
        while d < 7 {
            if w.windows[d].is_empty() {
                d += 1;
                continue;
            }
            let mut e = d;
            while e + 1 < 7 && w.windows[e + 1] == w.windows[d] {
                e += 1;
            }
            let days = if e == d {
                Weekday::ALL[d].short().to_string()
            } else {
                format!("{}–{}", Weekday::ALL[d].short(), Weekday::ALL[e].short())
            };
            let hours: Vec<String> = w.windows[d]
                .iter()
                .map(|&(from, to)| format!("{}–{}", Clock(from), Clock(to)))
                .collect();
            parts.push(format!("{days} {}", hours.join(", ")));
            d = e + 1;
        }
        write!(f, "{} ({})", parts.join("; "), w.time_zone)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Weekly {
    pub time_zone: String,
    /// Per weekday (Mon = 0), sorted, non-overlapping `[from, to)` windows in seconds after local midnight.
    pub windows: [Vec<(i64, i64)>; 7],
    /// Ascending, without repeats.
    pub holidays: Vec<Date>,
}

impl Weekly {
    /// The windows open on `date` (none on holidays).
    pub fn windows_on(&self, date: Date) -> &[(i64, i64)] {
        if self.holidays.binary_search(&date).is_ok() {
            &[]
        } else {
            &self.windows[date.weekday().index()]
        }
    }

    pub fn is_business_day(&self, date: Date) -> bool {
        !self.windows_on(date).is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// One entry per level, in level order.
    pub targets: Vec<LevelTargets>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LevelTargets {
    Stated {
        first_response: Target,
        resolution: Option<Target>,
        /// The coverage the targets are counted in; none when no target names a time and the plan names no
        /// calendar (a free plan served on a best-effort basis has no hours to show).
        calendar: Option<CalendarIx>,
        note: Option<String>,
        /// A first response that depends on how the case is raised (docs/policy.md, "Coverage that
        /// depends on how the case is raised").
        alternative: Option<Alternative>,
    },
    /// The vendor gives no figure here; show its words instead of inventing one.
    Elsewhere {
        text: String,
        calendar: Option<CalendarIx>,
    },
}

/// Another first-response promise for a level on a plan, counted in its own calendar: "4 hours around
/// the clock if you call" beside "4 business hours", or "24/7 for production" instead of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// Always a time (validation refuses "best effort" and "no SLA" here: they need no calendar).
    pub first_response: Target,
    pub calendar: CalendarIx,
    /// Answers that must all hold for the alternative to apply (empty: none needed).
    pub answers: Condition,
    /// The kind of channel the case is raised through. Set: the alternative is shown beside the
    /// target's own promise, because whether the person raises it that way is not known. Not set: the
    /// alternative replaces the target's promise once `answers` hold.
    pub channel: Option<ChannelKind>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub kind: ChannelKind,
    pub value: String,
    pub label: Option<String>,
    pub usage: ChannelUse,
    pub levels: Option<IxSet<LevelIx>>,
    pub plans: Option<IxSet<PlanIx>>,
    pub note: Option<String>,
    /// Shown as text, never as a link (see [`crate::policy::channel_link`]).
    pub instruction: bool,
}

impl Channel {
    /// How the widget shows the value. A value `triage check` would refuse (a hand-edited compiled
    /// file) is shown as text: never a link that is not what it claims.
    pub fn link(&self) -> crate::policy::ChannelLink {
        crate::policy::channel_link(self.kind, &self.value, self.instruction)
            .unwrap_or(crate::policy::ChannelLink::Text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub kind: FieldKind,
    pub options: Vec<String>,
    pub ask: Applies,
    pub required: Applies,
}

/// Whether something applies to a (request type, level) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applies {
    Always,
    Never,
    Only {
        types: Option<IxSet<TypeIx>>,
        levels: Option<IxSet<LevelIx>>,
    },
}

impl Applies {
    pub fn holds(&self, request_type: Option<TypeIx>, level: LevelIx) -> bool {
        match self {
            Applies::Always => true,
            Applies::Never => false,
            Applies::Only { types, levels } => {
                let type_ok = match (types, request_type) {
                    (None, _) => true,
                    (Some(set), Some(t)) => set.contains(&t),
                    (Some(_), None) => false,
                };
                type_ok && levels.as_ref().is_none_or(|set| set.contains(&level))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub timeout_seconds: u32,
    pub reference_pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EscalationStep {
    pub title: String,
    pub detail: Option<String>,
    pub contact: Option<String>,
    pub levels: Option<IxSet<LevelIx>>,
    pub plans: Option<IxSet<PlanIx>>,
}

impl Policy {
    pub fn level_ix(&self, id: &str) -> Option<LevelIx> {
        self.levels.iter().position(|l| l.id == id).map(LevelIx)
    }
    pub fn plan_ix(&self, id: &str) -> Option<PlanIx> {
        self.plans.iter().position(|p| p.id == id).map(PlanIx)
    }
    pub fn type_ix(&self, id: &str) -> Option<TypeIx> {
        self.request_types
            .iter()
            .position(|t| t.id == id)
            .map(TypeIx)
    }
    pub fn question_ix(&self, id: &str) -> Option<QuestionIx> {
        self.questions
            .iter()
            .position(|q| q.id == id)
            .map(QuestionIx)
    }

    /// Channels that apply to `level` on `plan`, in policy order.
    pub fn channels_for(&self, plan: PlanIx, level: LevelIx) -> Vec<&Channel> {
        self.channels
            .iter()
            .filter(|c| c.levels.as_ref().is_none_or(|s| s.contains(&level)))
            .filter(|c| c.plans.as_ref().is_none_or(|s| s.contains(&plan)))
            .collect()
    }

    /// Escalation steps that apply to `level` on `plan`.
    pub fn escalation_for(&self, plan: PlanIx, level: LevelIx) -> Vec<&EscalationStep> {
        self.escalation
            .iter()
            .filter(|c| c.levels.as_ref().is_none_or(|s| s.contains(&level)))
            .filter(|c| c.plans.as_ref().is_none_or(|s| s.contains(&plan)))
            .collect()
    }

    /// Detail fields asked for this type and level, each with whether it is required.
    pub fn fields_for(&self, request_type: Option<TypeIx>, level: LevelIx) -> Vec<(&Field, bool)> {
        self.fields
            .iter()
            .filter(|f| f.ask.holds(request_type, level))
            .map(|f| (f, f.required.holds(request_type, level)))
            .collect()
    }

    /// A UI string: the vendor's override or the widget's default, with `{vendor}` filled in.
    pub fn string(&self, key: UiString) -> String {
        let template = self
            .strings
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key.default_text(), |(_, s)| s.as_str());
        crate::strings::fill(template, &[("vendor", &self.vendor)])
    }

    /// A UI string with its placeholders filled.
    pub fn text(&self, key: UiString, args: &[(&str, &str)]) -> String {
        crate::strings::fill(&self.string(key), args)
    }
}
