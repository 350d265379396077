//! What the suggestion card shows for a draft at a given moment: the level and the policy's reasons,
//! the response targets for the plan as instants (the widget formats them through Intl), when the support
//! clock starts if that is later than now, the covered stretches for the timeline, and the channels.
//!
//! Kept apart from `explain` (the CLI's JSON) because the widget needs instants and spans, not text, and
//! must distinguish "no plan known" (every plan's first response, compactly) from one plan's promise.

use crate::policy::ChannelUse;
use crate::policy::{Channel, Coverage, LevelIx, LevelTargets, PlanIx, Policy};
use crate::sla::{clock_starts, commitments, covered_spans, Commitment, Due, SlaError};
use crate::time::{Instant, Zones};
use crate::triage::Basis;

use super::Draft;

/// Most shaded stretches a timeline draws; more are merged into the last one.
pub const MAX_SPANS: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseKind {
    /// A firm deadline.
    Deadline,
    /// A time the vendor aims for without committing ("48 hours, best effort").
    Indicative,
    /// Best effort, no time stated.
    BestEffort,
    /// No commitment at all.
    NoSla,
    /// The vendor states the target elsewhere (its words are in `target`).
    Elsewhere,
}

/// One response-time promise, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    pub kind: PromiseKind,
    /// "45 minutes", "1 business day", or the vendor's words for `Elsewhere`.
    pub target: String,
    /// How the coverage is described: "24/7", "Mon–Fri 09:00–17:00 (Europe/Berlin)".
    pub coverage: Option<String>,
    /// When it falls due (deadline and indicative kinds only).
    pub due: Option<Instant>,
    /// When the support clock starts, if later than the moment of filing (filed outside support hours).
    pub starts: Option<Instant>,
    /// The calendar's time zone, to say the opening time in the vendor's clock too.
    pub zone: Option<String>,
    /// Covered stretches between filing and `due`, for the timeline.
    pub spans: Vec<(Instant, Instant)>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
// Built once per render; boxing would only add indirection.
#[allow(clippy::large_enum_variant)]
pub enum Responses {
    /// The plan is known: its promises for the level.
    Plan {
        plan: PlanIx,
        first: Promise,
        resolution: Option<Promise>,
    },
    /// The plan is not known: every plan's first response, so nobody is promised the wrong thing.
    PerPlan(Vec<(PlanIx, Promise)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'p> {
    pub suggested: LevelIx,
    /// The level the ticket is filed at (the suggestion unless the person chose another).
    pub level: LevelIx,
    pub reasons: Vec<String>,
    pub basis: Basis,
    pub responses: Responses,
    /// Channels the vendor requires at this level (e.g. "P1: also call").
    pub required: Vec<&'p Channel>,
    /// Channels the vendor recommends at this level (shown beside the required ones).
    pub recommended: Vec<&'p Channel>,
    /// Channels that may also be used.
    pub accepted: Vec<&'p Channel>,
    /// Channels not accepted at this level (e.g. "email is not treated as critical").
    pub not_accepted: Vec<&'p Channel>,
    /// The plan's notes, then the policy's.
    pub notes: Vec<String>,
}

impl Draft {
    /// The suggestion card for this draft if it were filed at `now`.
    pub fn outcome<'p>(
        &self,
        policy: &'p Policy,
        now: Instant,
        zones: &dyn Zones,
    ) -> Result<Outcome<'p>, SlaError> {
        let s = self.suggestion(policy);
        let level = self.level.unwrap_or(s.level);
        let plan = self.plan(policy);
        let responses = match plan {
            Some(p) => {
                let (first, resolution) = promises(policy, p, level, now, zones)?;
                Responses::Plan {
                    plan: p,
                    first,
                    resolution,
                }
            }
            None => Responses::PerPlan(
                PlanIx::all(policy.plans.len())
                    .map(|p| Ok((p, promises(policy, p, level, now, zones)?.0)))
                    .collect::<Result<_, SlaError>>()?,
            ),
        };
        let channels: Vec<&Channel> = policy
            .channels
            .iter()
            .filter(|c| c.levels.as_ref().is_none_or(|s| s.contains(&level)))
            .filter(|c| match (&c.plans, plan) {
                (None, _) => true,
                (Some(set), Some(p)) => set.contains(&p),
                // Plan unknown: a plan-specific channel may not be theirs to use.
                (Some(_), None) => false,
            })
            .collect();
        let of = |want: &dyn Fn(ChannelUse) -> bool| {
            channels
                .iter()
                .copied()
                .filter(|c| want(c.usage))
                .collect::<Vec<_>>()
        };
        let mut notes = plan.map_or_else(Vec::new, |p| policy.plans[p].notes.clone());
        notes.extend(policy.notes.iter().cloned());
        Ok(Outcome {
            suggested: s.level,
            level,
            reasons: s.reasons,
            basis: s.basis,
            responses,
            required: of(&|u| u == ChannelUse::Required),
            recommended: of(&|u| u == ChannelUse::Recommended),
            accepted: of(&|u| u == ChannelUse::Accepted),
            not_accepted: of(&|u| u == ChannelUse::NotAccepted),
            notes,
        })
    }
}

/// First response and resolution promises for a plan and level, filed at `now`: the SLA calendar's
/// commitments, plus what a person needs to read them (when the clock starts, the covered stretches).
pub fn promises(
    policy: &Policy,
    plan: PlanIx,
    level: LevelIx,
    now: Instant,
    zones: &dyn Zones,
) -> Result<(Promise, Option<Promise>), SlaError> {
    let (first, resolution) = commitments(policy, plan, level, now, zones)?;
    // Untimed targets may have no calendar: they have no deadline, so no coverage to explain.
    let coverage = match &policy.plans[plan].targets[level] {
        LevelTargets::Stated {
            calendar: Some(c), ..
        } => &policy.calendars[*c].coverage,
        _ => &Coverage::Always,
    };
    let make = |c: Commitment| -> Result<Promise, SlaError> {
        let (kind, due) = match c.due {
            Due::At(at) => (PromiseKind::Deadline, Some(at)),
            Due::Indicative(at) => (PromiseKind::Indicative, Some(at)),
            Due::BestEffort => (PromiseKind::BestEffort, None),
            Due::NoSla => (PromiseKind::NoSla, None),
            Due::Elsewhere(_) => (PromiseKind::Elsewhere, None),
        };
        let (starts, spans) = match due {
            Some(at) => {
                let start = clock_starts(coverage, now, zones)?;
                let spans = covered_spans(coverage, now, at, MAX_SPANS, zones)?;
                ((start > now).then_some(start), spans)
            }
            None => (None, Vec::new()),
        };
        Ok(Promise {
            kind,
            target: c.target,
            coverage: c.coverage,
            due,
            starts,
            zone: match coverage {
                Coverage::Weekly(w) => Some(w.time_zone.clone()),
                Coverage::Always => None,
            },
            spans,
            note: c.note,
        })
    };
    Ok((make(first)?, resolution.map(make).transpose()?))
}
