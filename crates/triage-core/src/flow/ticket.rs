//! Turning a finished draft into the ticket that is posted: the answers by id, the suggested and chosen
//! levels with the policy's reasons and the person's justification, and the first-response deadline the
//! person was shown, so support sees what the requester was promised.

use std::collections::BTreeMap;

use crate::sla::{commitments, Due, SlaError};
use crate::ticket::{ChosenLevel, Ticket, FORMAT};
use crate::time::{format_rfc3339_utc, Instant, Zones};

use super::Draft;
use crate::policy::Policy;

/// What the shell supplies for a ticket: an unguessable id (`crypto.randomUUID()`), the moment of
/// sending, and the context it gathered and showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketInput {
    pub id: String,
    pub now: Instant,
    pub context: BTreeMap<String, String>,
}

impl Draft {
    pub fn ticket(
        &self,
        policy: &Policy,
        input: TicketInput,
        zones: &dyn Zones,
    ) -> Result<Ticket, SlaError> {
        let s = self.suggestion(policy);
        let level = self.level.unwrap_or(s.level);
        let plan = self.plan(policy);
        let due = |d: Due| match d {
            Due::At(at) => Some(format_rfc3339_utc(at)),
            _ => None,
        };
        let (first_due, resolution_due) = match plan {
            Some(p) => {
                let (first, resolution) = commitments(policy, p, level, input.now, zones)?;
                (due(first.due), resolution.and_then(|r| due(r.due)))
            }
            None => (None, None),
        };
        let justification = self.justification.trim();
        Ok(Ticket {
            format: FORMAT.into(),
            id: input.id,
            policy: policy.id.clone(),
            submitted_at: format_rfc3339_utc(input.now),
            request_type: self
                .request_type
                .map(|t| policy.request_types[t].id.clone()),
            plan: plan.map(|p| policy.plans[p].id.clone()),
            level: ChosenLevel {
                id: policy.levels[level].id.clone(),
                name: policy.levels[level].name.clone(),
                suggested: Some(policy.levels[s.level].id.clone()),
                reasons: s.reasons,
                justification: (self.needs_justification(policy) && !justification.is_empty())
                    .then(|| justification.to_string()),
            },
            answers: self
                .questions(policy)
                .into_iter()
                .filter_map(|q| {
                    let o = self.answers.get(q)?;
                    let question = &policy.questions[q];
                    Some((question.id.clone(), question.options[o].id.clone()))
                })
                .collect(),
            summary: self.summary.trim().to_string(),
            details: BTreeMap::new(),
            context: input.context,
            first_response_due: first_due,
            resolution_due,
        })
    }
}
