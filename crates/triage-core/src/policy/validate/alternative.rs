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
            None => (
                path.to_string(),
                "the target's `first_response`, which it inherits,",
            ),
        };
        c.err(
            &at,
            format!("an alternative is a time counted in its own calendar, but {whose} is {:?}, which names no time: give the alternative a `first_response` such as \"4 hours\"", t.to_string()),
        );
    }
    let calendar = match &def.calendar {
        Some(id) => calendar_ids.resolve(c, &join_key(path, "calendar"), id),
        None if owner.calendar.is_none() => {
            c.err(
                path,
                "no calendar to count the alternative in: set its `calendar` (e.g. a 24x7 one)",
            );
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
                && ch
                    .levels
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|x| x == level))
                && ch.plans.as_ref().is_none_or(|p| p.contains(&owner.plan.id))
        })
    };
    let missing: Vec<&str> = owner
        .levels
        .iter()
        .copied()
        .filter(|l| !offered(l))
        .collect();
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::policy::{ChannelKind, LevelTargets, Target, Unit};
    use serde_json::{json, Value};

    /// The base policy (levels p1, p2; question q with options a, b; calendar "always") plus an office
    /// calendar, a phone channel for p1, and `alternative` on the plan's p1 target.
    fn with_alternative(alternative: Value) -> Value {
        json!({
            "calendars": {"always": {"kind": "24x7"}, "office": {"kind": "business_hours", "time_zone": "Europe/Berlin",
                "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"}]}},
            "channels": [{"kind": "phone", "value": "+49 89 1234 5678", "use": "recommended", "levels": ["p1"]}],
            "plans": [{"id": "std", "name": "Std", "calendar": "office",
                "targets": {"p1": {"first_response": "4 hours", "alternative": alternative}},
                "default_target": {"first_response": "1 business day"}}]
        })
    }

    #[test]
    fn a_channel_alternative_reads_into_the_model_and_defaults_its_time() {
        let p = check(with_alternative(
            json!({"calendar": "always", "when": {"channel": "phone"}, "note": "24/7 by phone"}),
        ))
        .unwrap();
        let LevelTargets::Stated {
            alternative: Some(a),
            ..
        } = &p.plans[0].targets[0]
        else {
            panic!("{:?}", p.plans[0].targets[0])
        };
        let four = Target::Within {
            amount: 4,
            unit: Unit::Hours,
        };
        assert_eq!(a.first_response, four, "inherited from the target");
        assert_eq!(p.calendars[a.calendar].id, "always");
        assert_eq!(a.channel, Some(ChannelKind::Phone));
        assert!(a.answers.0.is_empty());
        assert_eq!(a.note.as_deref(), Some("24/7 by phone"));
        // Another time in the same calendar is an alternative too ("1 hour if you call").
        let p = check(with_alternative(
            json!({"first_response": "1 hour", "when": {"channel": "phone", "answers": {"q": ["a", "b"]}}}),
        ))
        .unwrap();
        assert!(matches!(
            &p.plans[0].targets[0],
            LevelTargets::Stated { alternative: Some(a), .. } if a.answers.0.len() == 1
        ));
    }

    #[test]
    fn each_mistake_is_named_with_what_to_do() {
        for (alternative, want) in [
            (
                json!({"calendar": "nightly", "when": {"channel": "phone"}}),
                "plans[0].targets.p1.alternative.calendar: unknown calendar \"nightly\"",
            ),
            (
                json!({"calendar": "always", "when": {"channel": "chat"}}),
                "plans[0].targets.p1.alternative.when.channel: no chat channel applies to level p1 on plan \"std\": add one to `channels`",
            ),
            (
                json!({"calendar": "always", "when": {}}),
                "plans[0].targets.p1.alternative.when: say when the alternative applies",
            ),
            (
                json!({"calendar": "always", "when": {"answers": {"qq": "a"}}}),
                "plans[0].targets.p1.alternative.when.answers.qq: unknown question \"qq\"",
            ),
            (
                json!({"calendar": "always", "when": {"answers": {"q": "c"}}}),
                "plans[0].targets.p1.alternative.when.answers.q: question \"q\" has no option \"c\"",
            ),
            (
                json!({"calendar": "always", "first_response": "best effort", "when": {"channel": "phone"}}),
                "plans[0].targets.p1.alternative.first_response: an alternative is a time counted in its own calendar",
            ),
            (
                json!({"calendar": "office", "when": {"channel": "phone"}}),
                "plans[0].targets.p1.alternative: the alternative promises what the target already does",
            ),
            (
                json!({"when": {"channel": "phone"}}),
                "plans[0].targets.p1.alternative: give the alternative a `calendar`",
            ),
        ] {
            assert_error(with_alternative(alternative), want);
        }
    }

    #[test]
    fn a_plan_wide_alternative_needs_the_channel_on_every_level_it_covers() {
        let patch = json!({
            "channels": [{"kind": "phone", "value": "+49 89 1234 5678", "use": "accepted", "levels": ["p1"]},
                         {"kind": "phone", "value": "+49 89 1234 5679", "use": "not_accepted", "levels": ["p2"]}],
            "plans": [{"id": "std", "name": "Std", "calendar": "always",
                "default_target": {"first_response": "1 hour",
                    "alternative": {"first_response": "15 minutes", "when": {"channel": "phone"}}}}]
        });
        assert_error(
            patch,
            "plans[0].default_target.alternative.when.channel: no phone channel applies to level p2 on plan \"std\"",
        );
        let untimed = json!({"plans": [{"id": "std", "name": "Std",
            "default_target": {"first_response": "best effort",
                "alternative": {"calendar": "always", "when": {"answers": {"q": "a"}}}}}]});
        assert_error(
            untimed,
            "plans[0].default_target.alternative: an alternative is a time counted in its own calendar, but the target's `first_response`",
        );
    }
}
