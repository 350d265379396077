//! One explanation of a triage outcome, shared by `triage explain --json` and the widget, so both show
//! the same level, reasons, targets, deadlines and channels for the same inputs.

use serde::Serialize;

use crate::policy::{ChannelKind, ChannelUse};
use crate::policy::{LevelIx, PlanIx, Policy, TypeIx};
use crate::sla::{commitments_given, Commitment, Due, SlaError};
use crate::time::{format_rfc3339_utc, Instant, Zones};
use crate::triage::{suggest, Answers, Basis};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub policy: String,
    pub plan: String,
    pub plan_name: String,
    pub request_type: Option<String>,
    pub level: String,
    pub level_name: String,
    pub definition: String,
    pub reasons: Vec<String>,
    pub basis: Basis,
    pub submitted_at: String,
    pub first_response: TargetOut,
    pub resolution: Option<TargetOut>,
    pub channels: Vec<ChannelOut>,
    pub escalation: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetOut {
    /// As a person reads it: "45 minutes", "best effort", "no SLA", or the vendor's own words.
    pub target: String,
    /// Whether the target is only best effort: "best effort", or a time that is aimed for, not promised.
    pub best_effort: bool,
    /// RFC 3339 UTC: the deadline (kind "deadline") or the indicative time (kind "indicative"); null when
    /// there is no time.
    pub deadline: Option<String>,
    /// "deadline", "indicative" (a best-effort target with a time), "best_effort", "no_sla" or
    /// "stated_elsewhere".
    pub kind: &'static str,
    pub coverage: Option<String>,
    pub note: Option<String>,
    /// On a target's alternative: what it depends on (`{"channel": "phone"}`, `{"answers": {…}}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<crate::sla::Raised>,
    /// A promise that holds if the case is raised through a channel as well, with its own deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative: Option<Box<TargetOut>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelOut {
    pub kind: ChannelKind,
    pub value: String,
    pub label: Option<String>,
    pub required: bool,
    #[serde(rename = "use")]
    pub usage: ChannelUse,
    pub note: Option<String>,
}

impl From<Commitment> for TargetOut {
    fn from(c: Commitment) -> TargetOut {
        let (kind, deadline) = match &c.due {
            Due::At(t) => ("deadline", Some(format_rfc3339_utc(*t))),
            Due::Indicative(t) => ("indicative", Some(format_rfc3339_utc(*t))),
            Due::BestEffort => ("best_effort", None),
            Due::NoSla => ("no_sla", None),
            Due::Elsewhere(_) => ("stated_elsewhere", None),
        };
        TargetOut {
            best_effort: matches!(c.due, Due::BestEffort | Due::Indicative(_)),
            target: c.target,
            deadline,
            kind,
            coverage: c.coverage,
            note: c.note,
            when: c.when,
            alternative: c.alternative.map(|a| Box::new((*a).into())),
        }
    }
}

/// Explains the outcome for these inputs. `level` overrides the suggestion (a person's own choice).
pub fn explain(
    policy: &Policy,
    request_type: Option<TypeIx>,
    plan: PlanIx,
    answers: &Answers,
    level: Option<LevelIx>,
    at: Instant,
    zones: &dyn Zones,
) -> Result<Explanation, SlaError> {
    let s = suggest(policy, request_type, answers);
    let chosen = level.unwrap_or(s.level);
    let (first, resolution) =
        commitments_given(policy, plan, chosen, request_type, answers, at, zones)?;
    let mut notes = policy.plans[plan].notes.clone();
    notes.extend(policy.notes.iter().cloned());
    Ok(Explanation {
        policy: policy.id.clone(),
        plan: policy.plans[plan].id.clone(),
        plan_name: policy.plans[plan].name.clone(),
        request_type: request_type.map(|t| policy.request_types[t].id.clone()),
        level: policy.levels[chosen].id.clone(),
        level_name: policy.levels[chosen].name.clone(),
        definition: policy.levels[chosen].definition.clone(),
        reasons: s.reasons,
        basis: s.basis,
        submitted_at: format_rfc3339_utc(at),
        first_response: first.into(),
        resolution: resolution.map(Into::into),
        channels: policy
            .channels_for(plan, chosen)
            .into_iter()
            .map(|c| ChannelOut {
                kind: c.kind,
                value: c.value.clone(),
                label: c.label.clone(),
                required: c.usage == ChannelUse::Required,
                usage: c.usage,
                note: c.note.clone(),
            })
            .collect(),
        escalation: policy
            .escalation_for(plan, chosen)
            .into_iter()
            .map(|e| {
                let mut line = e.title.clone();
                for extra in [&e.contact, &e.detail].into_iter().flatten() {
                    line.push_str(" — ");
                    line.push_str(extra);
                }
                line
            })
            .collect(),
        notes,
    })
}
