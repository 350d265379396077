//! Turning a finished draft into the ticket that is posted: the answers by id and in words, the suggested
//! and chosen levels with the policy's reasons and the person's justification, the targets the person was
//! shown, the details, logs and context exactly as reviewed (redacted, trimmed, minus what was removed).

use crate::maps::SortedMap;

use crate::context::ContextItem;
use crate::sla::{commitments_given, Commitment, Due, SlaError};
use crate::ticket::{Alternative, Answer, Attachment, ChosenLevel, Target, Ticket, SCHEMA};
use crate::time::{format_rfc3339_utc, Instant, Zones};

use super::details::LogSource;
use super::privacy::Part;
use super::Draft;
use crate::policy::{FieldKind, Policy};

/// What the shell supplies for a ticket: an unguessable id (`crypto.randomUUID()`) and the moment of
/// sending. The context is in the draft, where the person reviewed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketInput {
    pub id: String,
    pub now: Instant,
}

fn firm(due: &Due) -> Option<String> {
    match due {
        Due::At(at) => Some(format_rfc3339_utc(*at)),
        _ => None,
    }
}

fn target(c: Commitment) -> Target {
    Target {
        due: firm(&c.due),
        text: c.target,
        // A promise beside this one holds only through a channel; one chosen by the answers is `c`.
        alternative: c.alternative.and_then(|a| {
            Some(Alternative {
                due: firm(&a.due),
                channel: a.when?.channel?.id().to_string(),
                text: a.target,
                coverage: a.coverage,
            })
        }),
    }
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
        let (first_response, resolution) = match plan {
            Some(p) => {
                let (t, a) = (self.request_type, &self.answers);
                let (first, resolution) =
                    commitments_given(policy, p, level, t, a, input.now, zones)?;
                (Some(target(first)), resolution.map(target))
            }
            None => (None, None),
        };
        let (mut texts, redactions) = self.redacted(policy);
        let mut take = |part: Part| texts.remove(&part).unwrap_or_default();
        let justification = take(Part::Justification);
        let mut details = SortedMap::new();
        for (i, _) in self.fields(policy) {
            let field = &policy.fields[i];
            let text = match field.kind {
                FieldKind::Email | FieldKind::Choice => self.detail(field).trim().to_string(),
                _ => take(Part::Field(i)),
            };
            if !text.is_empty() {
                details.insert(field.id.clone(), text);
            }
        }
        let attachments = self
            .logs(policy)
            .into_iter()
            .filter_map(|l| match l.source {
                LogSource::Attachment(n) => Some((n, l.cut)),
                LogSource::Field(_) => None,
            })
            .map(|(n, cut)| Attachment {
                name: self.attachments[n].name.clone(),
                size: self.attachments[n].size,
                text: take(Part::Attachment(n)),
                trimmed: cut.is_some(),
            })
            .collect();
        let mut context: SortedMap<String, String> = SortedMap::from_iter(
            self.context_items(policy)
                .into_iter()
                .map(|(item, _)| (item.id().to_string(), take(Part::Context(item)))),
        );
        Ok(Ticket {
            schema: SCHEMA.into(),
            id: input.id,
            created_at: format_rfc3339_utc(input.now),
            policy: policy.id.clone(),
            policy_version: policy.version.clone(),
            plan: plan.map(|p| policy.plans[p].id.clone()),
            request_type: self
                .request_type
                .map(|t| policy.request_types[t].id.clone()),
            answers: self
                .questions(policy)
                .into_iter()
                .filter_map(|q| {
                    let o = self.answers.get(q)?;
                    let question = &policy.questions[q];
                    Some(Answer {
                        question: question.id.clone(),
                        question_text: question.text.clone(),
                        option: question.options[o].id.clone(),
                        option_label: question.options[o].label.clone(),
                    })
                })
                .collect(),
            level: ChosenLevel {
                id: policy.levels[level].id.clone(),
                name: policy.levels[level].name.clone(),
                suggested: Some(policy.levels[s.level].id.clone()),
                reasons: s.reasons,
                justification: (!justification.is_empty()).then_some(justification),
            },
            first_response,
            resolution,
            summary: take(Part::Summary),
            details,
            attachments,
            locale: context.remove(ContextItem::Language.id()),
            time_zone: context.remove(ContextItem::TimeZone.id()),
            context,
            redactions,
        })
    }
}
