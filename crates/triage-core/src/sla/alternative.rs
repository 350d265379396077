//! Coverage that depends on how the case is raised: "P1: 4 business hours; 24/7 when escalated by
//! phone", "24/7 for production P1 only" (a target's `alternative`, docs/policy.md).
//!
//! The two conditions are honest in different ways. Answers are known when the promise is shown, so an
//! alternative that depends only on answers *replaces* the plan's promise once they hold. Whether the
//! person will call is not known, so an alternative that depends on a channel is given *beside* the
//! plan's promise ("or 4 hours around the clock if you call"), never instead of it. Its deadline is
//! counted by the same [`super::deadline`] as every other.

use serde::Serialize;

use super::{deadline, plan_commitments, Commitment, SlaError};
use crate::maps::SortedMap;
use crate::policy::{
    Alternative, ChannelKind, Condition, LevelIx, LevelTargets, PlanIx, Policy, TypeIx,
};
use crate::time::{Instant, Zones};
use crate::triage::{effective_answers, holds, Answers};

/// What an alternative promise depends on, by id, as `triage explain --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Raised {
    /// The kind of channel the case must be raised through as well, e.g. phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<ChannelKind>,
    /// Question id → the option ids that select the alternative (the answers given matched them).
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub answers: SortedMap<String, Vec<String>>,
}

impl Raised {
    /// What `alt` depends on, by id.
    pub fn of(policy: &Policy, alt: &Alternative) -> Raised {
        Raised::new(policy, alt.channel, &alt.answers)
    }

    fn new(policy: &Policy, channel: Option<ChannelKind>, answers: &Condition) -> Raised {
        let answers = answers
            .0
            .iter()
            .map(|(q, options)| {
                let question = &policy.questions[*q];
                let ids = options.iter().map(|o| question.options[o].id.clone());
                (question.id.clone(), ids.collect())
            })
            .collect();
        Raised { channel, answers }
    }
}

/// For the CLI: "when environment=production", "if raised by phone", or both.
impl std::fmt::Display for Raised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let answers: Vec<String> = self
            .answers
            .iter()
            .map(|(q, o)| format!("{q}={}", o.join("|")))
            .collect();
        if !answers.is_empty() {
            write!(f, "when {}", answers.join(" and "))?;
        }
        if let Some(kind) = self.channel {
            let sep = if answers.is_empty() { "" } else { ", " };
            write!(f, "{sep}if raised by {}", kind.id())?;
        }
        Ok(())
    }
}

/// The commitments for `level` on `plan` filed at `submitted` with these answers (for `request_type`;
/// answers to questions it does not ask are ignored, as for the suggestion). An alternative whose
/// answers hold replaces the first response when it names no channel, and is given beside it (in
/// [`Commitment::alternative`]) when it does. The resolution is never affected.
pub fn commitments_given(
    policy: &Policy,
    plan: PlanIx,
    level: LevelIx,
    request_type: Option<TypeIx>,
    answers: &Answers,
    submitted: Instant,
    zones: &dyn Zones,
) -> Result<(Commitment, Option<Commitment>), SlaError> {
    let (first, resolution) = plan_commitments(policy, plan, level, submitted, zones)?;
    let LevelTargets::Stated {
        alternative: Some(alt),
        ..
    } = &policy.plans[plan].targets[level]
    else {
        return Ok((first, resolution));
    };
    if !holds(
        &alt.answers,
        &effective_answers(policy, request_type, answers),
    ) {
        return Ok((first, resolution));
    }
    let calendar = &policy.calendars[alt.calendar];
    let other = Commitment {
        target: alt.first_response.to_string(),
        coverage: Some(calendar.label.clone()),
        due: deadline(&calendar.coverage, alt.first_response, submitted, zones)?,
        // Replacing the plan's promise, it keeps the target's note unless it has its own.
        note: match alt.channel {
            Some(_) => alt.note.clone(),
            None => alt.note.clone().or(first.note.clone()),
        },
        calendar: Some(alt.calendar),
        when: Some(Raised::of(policy, alt)),
        alternative: None,
    };
    Ok(match alt.channel {
        Some(_) => (
            Commitment {
                alternative: Some(Box::new(other)),
                ..first
            },
            resolution,
        ),
        None => (other, resolution),
    })
}
