//! The validated policy: what the rest of the core (and the widget) works with.
//!
//! A `Policy` only exists once every cross-reference has been checked, so ids are resolved to indices
//! and durations, hours and dates are parsed; code using it never has to handle a dangling id.

use std::collections::{BTreeMap, BTreeSet};

use super::format::{ChannelKind, ChannelUse, FieldKind, UiString};
use crate::time::{Clock, Date, Weekday};

/// Declares an index into one list of the policy, so that a level index cannot be passed where a plan
/// index is expected; `policy.levels[ix]` works directly, and `Ix::all(n)` walks `0..n`.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $elem:ty) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl $name {
            /// Every index of a list of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + Clone {
                (0..len).map($name)
            }
        }

        impl std::ops::Index<$name> for Vec<$elem> {
            type Output = $elem;
            fn index(&self, i: $name) -> &$elem {
                &self[i.0]
            }
        }

        impl std::ops::Index<$name> for [$elem] {
            type Output = $elem;
            fn index(&self, i: $name) -> &$elem {
                &self[i.0]
            }
        }

        impl From<usize> for $name {
            fn from(i: usize) -> $name {
                $name(i)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index_type!(
    /// Index into [`Policy::levels`]; 0 is the most severe.
    LevelIx => Level
);
index_type!(
    /// Index into [`Policy::questions`].
    QuestionIx => Question
);
index_type!(
    /// Index into a question's [`Question::options`].
    OptionIx => Choice
);
index_type!(
    /// Index into [`Policy::request_types`].
    TypeIx => RequestType
);
index_type!(
    /// Index into [`Policy::plans`].
    PlanIx => Plan
);
index_type!(
    /// Index into [`Policy::calendars`].
    CalendarIx => Calendar
);

impl std::ops::Index<LevelIx> for Vec<LevelTargets> {
    type Output = LevelTargets;
    fn index(&self, i: LevelIx) -> &LevelTargets {
        &self[i.0]
    }
}

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
    pub strings: BTreeMap<UiString, String>,
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
    pub types: Option<BTreeSet<TypeIx>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// All of these (question, allowed options) pairs must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Condition(pub Vec<(QuestionIx, BTreeSet<OptionIx>)>);

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
    pub holidays: BTreeSet<Date>,
}

impl Weekly {
    /// The windows open on `date` (none on holidays).
    pub fn windows_on(&self, date: Date) -> &[(i64, i64)] {
        if self.holidays.contains(&date) {
            &[]
        } else {
            &self.windows[date.weekday().index()]
        }
    }

    pub fn is_business_day(&self, date: Date) -> bool {
        !self.windows_on(date).is_empty()
    }
}

/// A response (or resolution) target as the vendor states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A firm commitment: "45 minutes".
    Within { amount: u32, unit: Unit },
    /// A time the vendor aims for but does not promise: "48 hours, best effort". Shown as an indicative
    /// time, never as a deadline.
    Indicative { amount: u32, unit: Unit },
    /// Served as the vendor can, with no time given.
    BestEffort,
    /// No commitment at all.
    NoSla,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    BusinessDays,
}

impl Target {
    /// Whether the target names a time, and so needs a calendar to count it in.
    pub fn is_timed(self) -> bool {
        matches!(self, Target::Within { .. } | Target::Indicative { .. })
    }
}

fn write_amount(f: &mut std::fmt::Formatter<'_>, amount: u32, unit: Unit) -> std::fmt::Result {
    let (one, many) = match unit {
        Unit::Minutes => ("minute", "minutes"),
        Unit::Hours => ("hour", "hours"),
        Unit::Days => ("day", "days"),
        Unit::BusinessDays => ("business day", "business days"),
    };
    write!(f, "{amount} {}", if amount == 1 { one } else { many })
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Target::BestEffort => f.write_str("best effort"),
            Target::NoSla => f.write_str("no SLA"),
            Target::Within { amount, unit } => write_amount(f, amount, unit),
            Target::Indicative { amount, unit } => {
                write_amount(f, amount, unit)?;
                f.write_str(", best effort")
            }
        }
    }
}

/// Why a text is not a target; the message says what is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a response target; write a whole number and a unit (\"45 minutes\", \"4 hours\", \"2 days\", \"1 business day\"), optionally followed by \", best effort\" when the time is not promised, or \"best effort\" or \"no SLA\"")]
pub struct NotATarget(pub String);

impl std::str::FromStr for Target {
    type Err = NotATarget;

    /// Parses "45 minutes", "2 h", "1 business day", "48 hours, best effort", "best effort", "no SLA".
    fn from_str(text: &str) -> Result<Target, NotATarget> {
        let err = || NotATarget(text.to_string());
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "best effort" | "best-effort" => return Ok(Target::BestEffort),
            "no sla" | "none" => return Ok(Target::NoSla),
            _ => {}
        }
        let (timed, indicative) = ["(best effort)", "best effort", "best-effort"]
            .iter()
            .find_map(|suffix| t.strip_suffix(suffix))
            .map_or((t.as_str(), false), |rest| {
                let rest = rest.trim_end().trim_end_matches([',', ';', '-', '—']);
                (rest.trim_end(), true)
            });
        let split = timed
            .find(|ch: char| !ch.is_ascii_digit())
            .ok_or_else(err)?;
        let amount: u32 = timed[..split].parse().map_err(|_| err())?;
        let unit = match timed[split..].trim() {
            "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
            "d" | "day" | "days" | "calendar day" | "calendar days" => Unit::Days,
            "bd" | "business day" | "business days" | "working day" | "working days" => {
                Unit::BusinessDays
            }
            _ => return Err(err()),
        };
        let max = match unit {
            Unit::Minutes => 100_000,
            Unit::Hours => 10_000,
            Unit::Days => 3_650,
            Unit::BusinessDays => 2_600,
        };
        if !(1..=max).contains(&amount) {
            return Err(err());
        }
        Ok(if indicative {
            Target::Indicative { amount, unit }
        } else {
            Target::Within { amount, unit }
        })
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
    },
    /// The vendor gives no figure here; show its words instead of inventing one.
    Elsewhere {
        text: String,
        calendar: Option<CalendarIx>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub kind: ChannelKind,
    pub value: String,
    pub label: Option<String>,
    pub usage: ChannelUse,
    pub levels: Option<BTreeSet<LevelIx>>,
    pub plans: Option<BTreeSet<PlanIx>>,
    pub note: Option<String>,
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
        types: Option<BTreeSet<TypeIx>>,
        levels: Option<BTreeSet<LevelIx>>,
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
    pub levels: Option<BTreeSet<LevelIx>>,
    pub plans: Option<BTreeSet<PlanIx>>,
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
            .get(&key)
            .map_or(key.default_text(), String::as_str);
        crate::strings::fill(template, &[("vendor", &self.vendor)])
    }

    /// A UI string with its placeholders filled.
    pub fn text(&self, key: UiString, args: &[(&str, &str)]) -> String {
        crate::strings::fill(&self.string(key), args)
    }
}
