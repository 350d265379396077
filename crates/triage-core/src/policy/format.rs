//! The policy file format: what an integrator writes, exactly as serde reads it.
//!
//! These types are the JSON format and the source of `public/policy.schema.json`. They hold strings where
//! a value needs parsing ("45 minutes", "09:00", ids that cross-reference), because the validator turns
//! each into a rich type and reports *every* mistake with its path; serde would stop at the first.
//! `docs/policy.md` documents every field with a worked example.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::kinds::{ChannelKind, ChannelUse, FieldKind};

mod plans;
pub use plans::{AlternativeDef, PlanDef, TargetDef, WhenDef};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
/// A vendor's support policy, one file per vendor.
pub struct PolicyFile {
    /// Optional pointer to the JSON Schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Short machine id of the policy, e.g. "wati"; stored on every ticket.
    pub id: String,
    /// The vendor's name as shown to people, e.g. "Wati".
    pub vendor: String,
    /// Where the policy's words come from (the vendor's support page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Severity levels, most severe first: 2 to 8 of them.
    pub levels: Vec<LevelDef>,
    /// The level used when no rule decides.
    pub default_level: String,
    /// Kinds of request asked about before severity (incident, question, …). Empty: no such question.
    #[serde(default)]
    pub request_types: Vec<RequestTypeDef>,
    /// Impact questions, asked in this order.
    #[serde(default)]
    pub questions: Vec<QuestionDef>,
    /// How answers become a level.
    #[serde(default)]
    pub decision: DecisionDef,
    /// Coverage calendars by id, referred to by plans and targets.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarDef>,
    /// Support plans, each with response targets per level.
    pub plans: Vec<PlanDef>,
    /// The plan assumed when the host page does not say; defaults to the first plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_plan: Option<String>,
    /// Ways to reach support, and which levels and plans each is for.
    #[serde(default)]
    pub channels: Vec<ChannelDef>,
    /// Detail fields asked after severity.
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    /// What the widget gathers besides the answers: the log budget, context items, personal data to redact.
    #[serde(default, skip_serializing_if = "CollectDef::is_default")]
    pub collect: CollectDef,
    /// Where finished tickets are posted.
    pub endpoint: EndpointDef,
    /// Shown when the endpoint cannot be reached, e.g. "Email support@example.com".
    pub fallback_contact: String,
    /// Escalation path shown after filing, in order.
    #[serde(default)]
    pub escalation: Vec<EscalationStepDef>,
    /// "Before you file" tips.
    #[serde(default)]
    pub tips: Vec<String>,
    /// Notes shown beside response targets (e.g. third-party dependencies).
    #[serde(default)]
    pub notes: Vec<String>,
    /// UI strings the vendor overrides.
    #[serde(default)]
    pub strings: BTreeMap<UiString, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    /// Machine id, e.g. "p1", "P1" or "critical": ASCII letters, digits, '-' and '_'; references must
    /// match it exactly (case included).
    pub id: String,
    /// Name as the vendor writes it, e.g. "Urgent (P1)".
    pub name: String,
    /// The vendor's definition, in its own words.
    pub definition: String,
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestTypeDef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fixes the level for this type (e.g. feature requests are always the lowest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The most severe level this type may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_severe: Option<String>,
    /// The least severe level this type may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_severe: Option<String>,
    /// Skip the impact questions for this type.
    #[serde(default)]
    pub skip_questions: bool,
    /// Why this type gets its level, in the vendor's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Single choice: 2 to 12 options.
    pub options: Vec<OptionDef>,
    /// Ask only when these earlier answers hold (all of them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ask_when: ConditionDef,
    /// Ask only for these request types (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub id: String,
    pub label: String,
}

/// Question id → the option id (or any of the option ids) that must have been chosen. All must hold.
pub type ConditionDef = BTreeMap<String, OneOrMany>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
    /// Anything else, kept rather than refused so that the rest of the file is still read and checked;
    /// the validator reports it. Not part of the format (the schema leaves it out).
    #[cfg_attr(feature = "schema", schemars(skip))]
    Invalid(serde_json::Value),
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
            OneOrMany::Invalid(_) => &[],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionDef {
    /// Checked in order; the first rule whose condition holds decides.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    /// Consulted when no rule matched: an impact × urgency table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<MatrixDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Answers that must hold; an empty condition always holds.
    #[serde(default)]
    pub when: ConditionDef,
    pub level: String,
    /// Shown to the person as the reason, ideally in the vendor's words.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MatrixDef {
    /// The question whose options are the rows (usually impact).
    pub rows: String,
    /// The question whose options are the columns (usually urgency).
    pub columns: String,
    /// Row option → column option → level, for every pair.
    pub levels: BTreeMap<String, BTreeMap<String, String>>,
    /// Reason shown; `{row}` and `{column}` become the chosen options' labels.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    pub kind: CalendarKind,
    /// IANA time zone, e.g. "Europe/Berlin"; required for 24x5 and business_hours. Optional for 24x7, where
    /// it makes "days" keep the wall-clock time in that zone (without it a day is 24 hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Weekly opening hours; business_hours only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<HoursDef>,
    /// Dates ("YYYY-MM-DD") with no coverage; not allowed for 24x7.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<String>,
    /// How the coverage is described to people; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CalendarKind {
    /// Around the clock, every day.
    #[serde(rename = "24x7")]
    Always,
    /// Around the clock, Monday to Friday, in `time_zone`.
    #[serde(rename = "24x5")]
    Weekdays,
    /// The weekly `hours` in `time_zone`.
    #[serde(rename = "business_hours")]
    BusinessHours,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HoursDef {
    /// Days these hours apply to: "mon" … "sun".
    pub days: Vec<String>,
    /// Opening time "HH:MM".
    pub from: String,
    /// Closing time "HH:MM" ("24:00" for midnight), after `from`.
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelDef {
    pub kind: ChannelKind,
    /// Phone number, address or URL (may be empty for a channel that is `not_accepted`).
    #[serde(default)]
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How this channel relates to the levels below.
    #[serde(rename = "use")]
    pub usage: ChannelUse,
    /// Levels this applies to (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    /// Plans this applies to (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plans: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The value is words to follow ("the number in your contract", "your TAM"), not a number, address
    /// or URL: shown as text, never as a link.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub instruction: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// e.g. "environment", "product", "logs", "steps", "impact", "recent_changes", "contact_email".
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub kind: FieldKind,
    /// Choices for `choice` fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// When the field is asked: always (`true`, the default) or for some types/levels.
    #[serde(default = "Scope::always")]
    pub ask: Scope,
    /// When the field must be filled in (default: never).
    #[serde(default = "Scope::never")]
    pub required: Scope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Scope {
    All(bool),
    Only(ScopeDef),
    /// Anything else (as for [`OneOrMany::Invalid`]): reported by the validator, not by serde.
    #[cfg_attr(feature = "schema", schemars(skip))]
    Invalid(serde_json::Value),
}

impl Scope {
    fn always() -> Scope {
        Scope::All(true)
    }
    fn never() -> Scope {
        Scope::All(false)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScopeDef {
    /// Request type ids (any, when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    /// Level ids (any, when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EndpointDef {
    /// https URL, http on loopback (127.0.0.1, localhost, [::1]) or a path on the host page's origin.
    pub url: String,
    /// Extra request headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Give up after this many seconds (1–120, default 15); the ticket is kept either way.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
    /// JSON pointer to the ticket reference in the receiver's reply (default "/reference").
    #[serde(default = "default_reference_pointer")]
    pub reference_pointer: String,
}

fn default_timeout() -> u32 {
    15
}

fn default_reference_pointer() -> String {
    "/reference".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationStepDef {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plans: Option<Vec<String>>,
}

pub use crate::strings::UiString;

/// The default per-ticket text budget for logs (pasted and attached), in characters.
pub const DEFAULT_TEXT_BUDGET: u32 = 32_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CollectDef {
    /// Characters of logs (pasted and attached together) one ticket carries, 1000 to 48000 (default
    /// 32000). Beyond it the oldest text is trimmed, the newest kept, and the person told what was cut.
    #[serde(default = "CollectDef::default_budget")]
    pub text_budget: u32,
    /// Context items the widget never gathers (e.g. `["page_url", "user_email"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_off: Vec<crate::context::ContextItem>,
    /// Also redact email addresses in free text, logs and context (credentials are always redacted).
    #[serde(default)]
    pub redact_emails: bool,
    /// Also redact IPv4 and IPv6 addresses.
    #[serde(default)]
    pub redact_ip_addresses: bool,
}

impl CollectDef {
    fn default_budget() -> u32 {
        DEFAULT_TEXT_BUDGET
    }
    fn is_default(&self) -> bool {
        *self == CollectDef::default()
    }
}

impl Default for CollectDef {
    fn default() -> Self {
        CollectDef {
            text_budget: DEFAULT_TEXT_BUDGET,
            context_off: Vec::new(),
            redact_emails: false,
            redact_ip_addresses: false,
        }
    }
}
