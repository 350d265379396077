//! Plans: response targets per level, counted in a calendar, or the vendor's words when it gives none.

use std::collections::BTreeSet;

use super::{alternative, choices, Check, Ids};
use crate::policy::format::*;
use crate::policy::index::*;
use crate::policy::limits;
use crate::policy::model::*;
use crate::policy::position::{join_index, join_key};
use crate::policy::target::*;

pub(super) fn plans(
    c: &mut Check,
    raw: &PolicyFile,
    level_ids: &Ids<LevelIx>,
    calendar_ids: &Ids<CalendarIx>,
) -> Vec<Plan> {
    if raw.plans.is_empty() || raw.plans.len() > limits::MAX_PLANS {
        c.err(
            "plans",
            format!(
                "a policy needs 1 to {} plans; this one has {}",
                limits::MAX_PLANS,
                raw.plans.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    let mut plans = Vec::new();
    for (i, plan) in raw.plans.iter().enumerate() {
        let p = join_index("plans", i);
        c.id(&join_key(&p, "id"), &plan.id, "plan", &mut seen);
        c.non_empty(&join_key(&p, "name"), &plan.name);
        let calendar = plan
            .calendar
            .as_ref()
            .and_then(|id| calendar_ids.resolve(c, &join_key(&p, "calendar"), id));
        let tp = join_key(&p, "targets");
        for id in plan.targets.keys() {
            if level_ids.surely_unknown(id) {
                c.err_key(
                    &join_key(&tp, id),
                    format!(
                        "targets name unknown level {id:?}; expected {}",
                        choices(level_ids.ids.iter().copied())
                    ),
                );
            }
        }
        // A broken level (or one with a placeholder id) is not asked for: its id is not the file's.
        let missing: Vec<&str> = level_ids
            .ids
            .iter()
            .enumerate()
            .filter(|&(k, id)| {
                !plan.targets.contains_key(*id) && !c.is_broken(&join_index("levels", k))
            })
            .map(|(_, id)| *id)
            .collect();
        if !missing.is_empty() && plan.targets_elsewhere.is_none() && plan.default_target.is_none()
        {
            c.err(
                &tp,
                format!(
                    "plan {:?} has no targets for level(s) {}; add them, set `default_target` for every level without its own, or set `targets_elsewhere` to what the vendor says instead (e.g. \"per your support contract\")",
                    plan.id,
                    missing.join(", ")
                ),
            );
        }
        if plan.targets_elsewhere.is_some() && plan.default_target.is_some() {
            c.err(
                &join_key(&p, "targets_elsewhere"),
                "give either `default_target` or `targets_elsewhere` for the levels without targets, not both",
            );
        }
        if let Some(text) = &plan.targets_elsewhere {
            c.non_empty(&join_key(&p, "targets_elsewhere"), text);
        }
        let stated = |c: &mut Check, path: &str, t: &TargetDef, levels: Vec<&str>| {
            let first = target(c, &join_key(path, "first_response"), &t.first_response);
            let resolution = t
                .resolution
                .as_ref()
                .and_then(|r| target(c, &join_key(path, "resolution"), r));
            let timed =
                first.is_some_and(Target::is_timed) || resolution.is_some_and(Target::is_timed);
            let cal = match &t.calendar {
                Some(id) => calendar_ids.resolve(c, &join_key(path, "calendar"), id),
                None if plan.calendar.is_none() && timed => {
                    c.err(path, format!("no calendar to count this target in: set plans[{i}].calendar or this target's `calendar` (only targets that name a time need one)"));
                    None
                }
                None => calendar,
            };
            let calendar_id = t.calendar.as_ref().or(plan.calendar.as_ref());
            if let Some(id) = calendar_id.filter(|id| {
                raw.calendars
                    .get(*id)
                    .is_some_and(|d| d.kind == CalendarKind::BusinessHours)
            }) {
                for (field, t) in [("first_response", first), ("resolution", resolution)] {
                    if let Some(t) = t {
                        days_in_hours(c, &join_key(path, field), t, id);
                    }
                }
            }
            let alternative = t.alternative.as_ref().and_then(|def| {
                let owner = alternative::Owner {
                    plan,
                    levels,
                    first_response: first,
                    calendar: cal,
                };
                let ap = join_key(path, "alternative");
                alternative::alternative(c, raw, &ap, def, &owner, calendar_ids)
            });
            LevelTargets::Stated {
                first_response: first.unwrap_or(Target::NoSla),
                resolution,
                calendar: cal,
                note: t.note.clone(),
                alternative,
            }
        };
        // The plan-wide default is checked once, where it is written.
        let default = plan
            .default_target
            .as_ref()
            .map(|t| stated(c, &join_key(&p, "default_target"), t, missing.clone()));
        let mut targets = Vec::new();
        for level in &raw.levels {
            let lp = join_key(&tp, &level.id);
            let t = match (plan.targets.get(&level.id), &default) {
                (Some(t), _) => stated(c, &lp, t, vec![level.id.as_str()]),
                (None, Some(d)) => d.clone(),
                (None, None) => LevelTargets::Elsewhere {
                    text: plan.targets_elsewhere.clone().unwrap_or_default(),
                    calendar,
                },
            };
            targets.push(t);
        }
        plans.push(Plan {
            id: plan.id.clone(),
            name: plan.name.clone(),
            description: plan.description.clone(),
            targets,
            notes: plan.notes.clone(),
        });
    }
    plans
}

/// "N days" on a business-hours calendar counts the calendar's clock, not its open hours, which is rarely
/// what a vendor writing "1 day" next to office hours means: a note (not an error) says how it counts
/// and how to write the other readings. docs/policy.md works through examples.
fn days_in_hours(c: &mut Check, path: &str, t: Target, calendar: &str) {
    let (Target::Within { amount, unit } | Target::Indicative { amount, unit }) = t else {
        return;
    };
    if unit != Unit::Days {
        return;
    }
    let (days, worth) = if amount == 1 {
        ("day", "a day's".to_string())
    } else {
        ("days", format!("{amount} days'"))
    };
    c.note(
        path,
        format!(
            "\"{amount} {days}\" on business-hours calendar {calendar:?} counts calendar days: due at the same time {amount} {days} later (moved to the next opening when that is outside the hours), not after {worth} worth of support hours. If working days are meant, write \"{amount} business {days}\"; if support time, write hours (e.g. \"8 hours\"). See \"N days, N business days and N hours\" in docs/policy.md"
        ),
    );
}

fn target(c: &mut Check, path: &str, text: &str) -> Option<Target> {
    text.parse::<Target>()
        .map_err(|e| c.err(path, e.to_string()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::policy::{LevelTargets, Target, Unit};
    use serde_json::json;

    #[test]
    fn every_level_gets_targets_its_own_the_default_or_the_vendors_words() {
        let p = check(json!({"plans": [{"id": "s", "name": "S", "calendar": "always",
            "targets": {"p1": {"first_response": "30 minutes"}}, "default_target": {"first_response": "no SLA"}}]}))
        .unwrap();
        let firsts: Vec<_> = p.plans[0]
            .targets
            .iter()
            .map(|t| match t {
                LevelTargets::Stated { first_response, .. } => *first_response,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            firsts,
            vec![
                Target::Within {
                    amount: 30,
                    unit: Unit::Minutes
                },
                Target::NoSla
            ]
        );
        assert_error(
            json!({"plans": [{"id": "s", "name": "S", "calendar": "always", "targets": {"p1": {"first_response": "1 hour"}}}]}),
            "plans[0].targets: plan \"s\" has no targets for level(s) p2",
        );
        assert_error(
            json!({"plans": [{"id": "s", "name": "S", "calendar": "always", "default_target": {"first_response": "1 hour"},
                   "targets": {"p7": {"first_response": "1 hour"}}}]}),
            "plans[0].targets.p7: targets name unknown level \"p7\"",
        );
    }

    #[test]
    fn days_on_business_hours_get_a_note_and_other_pairings_none() {
        let office = json!({"always": {"kind": "24x7"}, "office": {"kind": "business_hours", "time_zone": "Europe/Berlin",
            "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"}]}});
        let found = notes(
            json!({"calendars": office, "plans": [{"id": "s", "name": "S", "calendar": "office",
            "targets": {"p1": {"first_response": "4 hours", "resolution": "2 days, best effort"}},
            "default_target": {"first_response": "1 day"}}]}),
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("plans[0].default_target.first_response: \"1 day\" on business-hours calendar \"office\" counts calendar days"), "{found:#?}");
        assert!(
            found[1].starts_with("plans[0].targets.p1.resolution: \"2 days\" on business-hours"),
            "{found:#?}"
        );
        assert!(found[1].contains("write \"2 business days\""), "{found:#?}");
        // Days under 24x7 (the target's own calendar), business days and hours on office hours: no note.
        assert_eq!(
            notes(
                json!({"calendars": office, "plans": [{"id": "s", "name": "S", "calendar": "office",
                "targets": {"p1": {"first_response": "1 day", "calendar": "always"}},
                "default_target": {"first_response": "8 hours", "resolution": "1 business day"}}]})
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn only_timed_targets_need_a_calendar() {
        let p = check(json!({"plans": [{"id": "s", "name": "S", "default_target": {"first_response": "best effort"}}]})).unwrap();
        assert!(matches!(
            p.plans[0].targets[0],
            LevelTargets::Stated { calendar: None, .. }
        ));
        assert_error(
            json!({"plans": [{"id": "s", "name": "S", "default_target": {"first_response": "best effort", "resolution": "5 days"}}]}),
            "plans[0].default_target: no calendar to count this target in",
        );
    }
}
