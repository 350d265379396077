//! What the suggestion card shows for a draft at a given moment: the level and the policy's reasons,
//! the response targets for the plan as instants (the widget formats them through Intl), when the support
//! clock starts if that is later than now, the covered stretches for the timeline, and the channels.
//!
//! Kept apart from `explain` (the CLI's JSON) because the widget needs instants and spans, not text, and
//! must distinguish "no plan known" (every plan's first response, compactly) from one plan's promise.

use crate::policy::{Channel, ChannelKind, ChannelLink, ChannelUse, UiString};
use crate::policy::{Coverage, LevelIx, PlanIx, Policy, TypeIx};
use crate::sla::{
    clock_starts, commitments_given, covered_spans, Commitment, Due, Raised, SlaError,
};
use crate::time::{Instant, Zones};
use crate::triage::{Answers, Basis};

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
    /// Set when the promise is the target's alternative, chosen by the answers given ("24/7 for
    /// production"), or on a [`ChannelAlternative`]'s promise: what it depends on.
    pub when: Option<Raised>,
    /// A promise that holds if the case is raised through a channel as well, shown beside this one
    /// (first response only): "— or within 4 hours, 24/7, if you call +49 89 1234 5678".
    pub alternative: Option<Box<ChannelAlternative>>,
}

/// A promise beside the first response that holds if the person also raises the case through a channel
/// (docs/policy.md, "Coverage that depends on how the case is raised"). Whether they will is not known,
/// so it never replaces the plan's promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelAlternative {
    /// Its target, coverage, deadline, clock start and timeline, as for any promise.
    pub promise: Promise,
    /// The kind of channel, e.g. phone.
    pub kind: ChannelKind,
    /// The channel to use, as an index into `policy.channels`: the first of `kind` offered (not
    /// refused) at this level on this plan. Validation makes sure there is one.
    pub channel: Option<usize>,
}

impl ChannelAlternative {
    /// The channel to name (and link) on the card: only when its value is a number to dial, an address
    /// or a page. An instruction ("the number in your contract") is not named; the channel list shows it.
    pub fn named<'p>(&self, policy: &'p Policy) -> Option<&'p Channel> {
        let c = policy.channels.get(self.channel?)?;
        (c.link() != ChannelLink::Text).then_some(c)
    }

    /// The card's sentence, following the first-response line: "— or within 4 hours, 24/7, if you call
    /// +49 89 1234 5678: by 20:00 today, your time". `when` is the deadline as the widget words it.
    pub fn text(&self, policy: &Policy, when: &str) -> String {
        let named = self.named(policy);
        let condition = match (self.kind, named) {
            (ChannelKind::Phone, Some(c)) => policy.text(UiString::IfCall, &[("number", &c.value)]),
            (ChannelKind::Phone, None) => policy.string(UiString::IfCallUnnamed),
            (kind, _) => {
                let label = self
                    .channel
                    .and_then(|i| policy.channels.get(i)?.label.clone());
                let name = label.unwrap_or_else(|| policy.string(kind.name_key()));
                policy.text(UiString::IfChannel, &[("channel", &name)])
            }
        };
        let key = match self.promise.kind {
            PromiseKind::Indicative => UiString::AlternativeIndicative,
            _ => UiString::AlternativeBy,
        };
        let coverage = self.promise.coverage.as_deref().unwrap_or_default();
        policy.text(
            key,
            &[
                ("target", &self.promise.target),
                ("coverage", coverage),
                ("condition", &condition),
                ("when", when),
            ],
        )
    }
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
        let given = |p| {
            let (t, a) = (self.request_type, &self.answers);
            promises_given(policy, p, level, t, a, now, zones)
        };
        let responses = match plan {
            Some(p) => {
                let (first, resolution) = given(p)?;
                Responses::Plan {
                    plan: p,
                    first,
                    resolution,
                }
            }
            None => Responses::PerPlan(
                PlanIx::all(policy.plans.len())
                    .map(|p| Ok((p, given(p)?.0)))
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

/// First response and resolution promises for a plan and level, filed at `now`, with no answers known
/// (an alternative that depends on answers does not apply; one that depends on a channel is given).
pub fn promises(
    policy: &Policy,
    plan: PlanIx,
    level: LevelIx,
    now: Instant,
    zones: &dyn Zones,
) -> Result<(Promise, Option<Promise>), SlaError> {
    let none = Answers::default();
    promises_given(policy, plan, level, None, &none, now, zones)
}

/// First response and resolution promises for a plan and level, filed at `now` with these answers: the
/// SLA calendar's commitments ([`commitments_given`]), plus what a person needs to read them (when the
/// clock starts, the covered stretches, the channel an alternative depends on).
pub fn promises_given(
    policy: &Policy,
    plan: PlanIx,
    level: LevelIx,
    request_type: Option<TypeIx>,
    answers: &Answers,
    now: Instant,
    zones: &dyn Zones,
) -> Result<(Promise, Option<Promise>), SlaError> {
    let (mut first, resolution) =
        commitments_given(policy, plan, level, request_type, answers, now, zones)?;
    let make = |c: Commitment| promise(policy, c, now, zones);
    let alternative = first.alternative.take();
    let mut first_promise = make(first)?;
    if let Some(alt) = alternative {
        let kind = alt.when.as_ref().and_then(|w| w.channel);
        let channel = kind.and_then(|k| {
            policy.channels.iter().position(|c| {
                c.kind == k
                    && c.usage != ChannelUse::NotAccepted
                    && c.levels.as_ref().is_none_or(|s| s.contains(&level))
                    && c.plans.as_ref().is_none_or(|s| s.contains(&plan))
            })
        });
        first_promise.alternative = kind
            .map(|kind| -> Result<_, SlaError> {
                Ok(Box::new(ChannelAlternative {
                    promise: make(*alt)?,
                    kind,
                    channel,
                }))
            })
            .transpose()?;
    }
    Ok((first_promise, resolution.map(make).transpose()?))
}

/// One commitment made readable: its kind, when the clock starts, the covered stretches until it is due.
fn promise(
    policy: &Policy,
    c: Commitment,
    now: Instant,
    zones: &dyn Zones,
) -> Result<Promise, SlaError> {
    // Untimed targets may have no calendar, and the vendor's own words have no deadline: neither has
    // coverage to explain.
    let coverage = match (c.calendar, &c.due) {
        (Some(_), Due::Elsewhere(_)) | (None, _) => &Coverage::Always,
        (Some(cal), _) => &policy.calendars[cal].coverage,
    };
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
        when: c.when,
        alternative: None,
    })
}
