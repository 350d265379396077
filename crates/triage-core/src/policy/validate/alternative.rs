//! A target's `alternative`: a first response that depends on how the case is raised ("24/7 when
//! escalated by phone", "24/7 for production P1 only"). Kept apart from `plans` because it reaches into
//! three other sections (calendars, questions, channels) and each mistake needs its own message.

use super::{Check, Ids};
use crate::policy::format::*;
use crate::policy::index::*;
use crate::policy::model::*;
use crate::policy::position::join_key;
use crate::policy::target::*;

/// What the alternative is checked against: the target it belongs to and where that target applies.
pub(super) struct Owner<'a> {
    pub plan: &'a PlanDef,
    /// The levels the target covers (one, or every level a `default_target` fills in).
    pub levels: Vec<&'a str>,
    /// The target's own first response and calendar, which the alternative defaults to.
    pub first_response: Option<Target>,
    pub calendar: Option<CalendarIx>,
}

/// Checks `def` (at `path`, e.g. `plans[0].targets.p1.alternative`); `None` after reporting a mistake.
pub(super) fn alternative(
    c: &mut Check,
    raw: &PolicyFile,
    path: &str,
    def: &AlternativeDef,
    owner: &Owner,
    calendar_ids: &Ids<CalendarIx>,
) -> Option<Alternative> {
    let first = match &def.first_response {
        Some(text) => {
            let fp = join_key(path, "first_response");
            text.parse::<Target>()
                .map_err(|e| c.err(&fp, e.to_string()))
                .ok()
        }
        None => owner.first_response,
    };
    if let Some(t) = first.filter(|t| !t.is_timed()) {
        let (at, whose) = match def.first_response {
            Some(_) => (join_key(path, "first_response"), "it"),
            None => (path.to_string(), "the target's `first_response`, which it inherits,"),
        };
        c.err(
            &at,
            format!("an alternative is a time counted in its own calendar, but {whose} is {:?}, which names no time: give the alternative a `first_response` such as \"4 hours\"", t.to_string()),
        );
    }
    let calendar = match &def.calendar {
        Some(id) => calendar_ids.resolve(c, &join_key(path, "calendar"), id),
        None if owner.calendar.is_none() => {
            c.err(path, "no calendar to count the alternative in: set its `calendar` (e.g. a 24x7 one)");
            None
        }
        None => owner.calendar,
    };
    if def.calendar.is_some() || def.first_response.is_some() {
        if (first, calendar) == (owner.first_response, owner.calendar) && calendar.is_some() {
            c.err(path, "the alternative promises what the target already does (same first response, same calendar): give it another `calendar` or `first_response`, or remove it");
        }
    } else {
        c.err(path, "give the alternative a `calendar` (e.g. 24/7 by phone) and/or a `first_response` (e.g. \"1 hour\" by phone); with neither it promises what the target already does");
    }
    if let Some(note) = &def.note {
        c.non_empty(&join_key(path, "note"), note);
    }
    let wp = join_key(path, "when");
    if def.when.channel.is_none() && def.when.answers.is_empty() {
        c.err(&wp, "say when the alternative applies: `channel` (e.g. \"phone\": shown beside the target's own promise, as the person may or may not call) and/or `answers` (e.g. {\"environment\": \"production\"}: replaces it when they hold)");
    }
    let answers = super::decision::condition(
        c,
        &join_key(&wp, "answers"),
        &def.when.answers,
        &raw.questions,
        "",
    );
    if let Some(kind) = def.when.channel {
        channel_applies(c, raw, &join_key(&wp, "channel"), kind, owner);
    }
    Some(Alternative {
        first_response: first.filter(|t| t.is_timed())?,
        calendar: calendar?,
        answers,
        channel: def.when.channel,
        note: def.note.clone(),
    })
}

/// A channel-conditional alternative promises something only if the person can raise the case that way:
/// a channel of that kind must apply to every level the target covers, on this plan, and be accepted.
fn channel_applies(c: &mut Check, raw: &PolicyFile, path: &str, kind: ChannelKind, owner: &Owner) {
    let offered = |level: &str| {
        raw.channels.iter().any(|ch| {
            ch.kind == kind
                && ch.usage != ChannelUse::NotAccepted
                && ch.levels.as_ref().is_none_or(|l| l.iter().any(|x| x == level))
                && ch.plans.as_ref().is_none_or(|p| p.contains(&owner.plan.id))
        })
    };
    let missing: Vec<&str> = owner.levels.iter().copied().filter(|l| !offered(l)).collect();
    if !missing.is_empty() {
        c.err(
            path,
            format!(
                "no {} channel applies to level {} on plan {:?}: add one to `channels` (or widen an existing one's `levels` or `plans`; a `not_accepted` one does not count)",
                kind.id(),
                missing.join(", "),
                owner.plan.id
            ),
        );
    }
}
