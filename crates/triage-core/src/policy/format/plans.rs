//! The plans part of the policy file format: plans, their targets per level, and a target's
//! `alternative` (a first response that depends on how the case is raised). Split from `format` only for
//! length; the types are re-exported there and are the same JSON format.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ChannelKind, ConditionDef};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanDef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Calendar id for this plan's coverage; a target may override it. Needed only by targets that name a
    /// time ("4 hours", "48 hours, best effort"); a plan of "best effort" / "no SLA" / `targets_elsewhere`
    /// targets shows no coverage it does not have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Level id → targets. Every level needs one unless `default_target` covers it or `targets_elsewhere`
    /// says where they are.
    #[serde(default)]
    pub targets: BTreeMap<String, TargetDef>,
    /// Targets for every level not listed in `targets`, e.g. `{"first_response": "best effort"}` for a plan
    /// served on a best-effort basis, or `{"first_response": "no SLA"}` for one with no commitment at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_target: Option<TargetDef>,
    /// For levels without targets: what the vendor says instead, e.g. "Per your support contract".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets_elsewhere: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TargetDef {
    /// "45 minutes", "2 hours", "3 days", "1 business day"; a time that is aimed for but not promised,
    /// "48 hours, best effort"; "best effort" (no time given) or "no SLA" (no commitment at all).
    pub first_response: String,
    /// Same forms as `first_response`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Calendar id overriding the plan's for this level (e.g. 24x7 for the top level only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A first response that depends on how the case is raised: "P1: 4 business hours; 24/7 when
    /// escalated by phone", "24/7 for production P1 only".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<AlternativeDef>,
}

/// Another first-response promise for a target, counted in its own calendar, under a condition. At least
/// one of `calendar` and `first_response` differs from the target's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AlternativeDef {
    /// Calendar id the alternative is counted in (e.g. a 24x7 one); defaults to the target's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// A time ("4 hours"; "4 hours, best effort" when not promised); defaults to the target's
    /// `first_response`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<String>,
    /// When it applies: a channel, answers, or both.
    pub when: WhenDef,
    /// The vendor's words for it, e.g. "24/7 when escalated by phone".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// When an alternative applies. With `answers` only, it replaces the target's first response once the
/// answers hold; with `channel`, it is shown beside it ("or … if you call"), since whether the person
/// raises the case that way is not known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WhenDef {
    /// The kind of channel the case is raised through, e.g. "phone"; one such channel must apply to
    /// the level and plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<ChannelKind>,
    /// Question id → the option id (or ids) that must have been chosen; all must hold.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: ConditionDef,
}
