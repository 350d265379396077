//! Targets as vendors write them: firm times, best-effort times, plan-wide defaults, and plans with no
//! timed target needing no calendar.

use proptest::prelude::*;
use triage_core::policy::{self, LevelIx, LevelTargets, Target, Unit};
use triage_core::sla::{commitments, Due};
use triage_core::time::parse_rfc3339_utc;

#[test]
fn target_texts_parse_to_what_they_say() {
    let within = |amount, unit| Target::Within { amount, unit };
    let indicative = |amount, unit| Target::Indicative { amount, unit };
    for (text, want) in [
        ("45 minutes", within(45, Unit::Minutes)),
        ("2 h", within(2, Unit::Hours)),
        ("1 business day", within(1, Unit::BusinessDays)),
        ("48 hours, best effort", indicative(48, Unit::Hours)),
        ("48 hours best-effort", indicative(48, Unit::Hours)),
        ("3 days (best effort)", indicative(3, Unit::Days)),
        ("Best Effort", Target::BestEffort),
        ("no SLA", Target::NoSla),
    ] {
        assert_eq!(text.parse::<Target>(), Ok(want), "{text}");
    }
    for bad in [
        "",
        "best effort, best effort",
        "48 hours, best efort",
        "0 hours",
        "4 hrs-ish",
        ", best effort",
    ] {
        let err = bad.parse::<Target>().unwrap_err();
        assert!(
            err.to_string().contains("is not a response target"),
            "{bad}"
        );
    }
}

fn any_target() -> impl Strategy<Value = Target> {
    let unit = prop::sample::select(vec![
        Unit::Minutes,
        Unit::Hours,
        Unit::Days,
        Unit::BusinessDays,
    ]);
    prop_oneof![
        (1u32..2000, unit.clone()).prop_map(|(amount, unit)| Target::Within { amount, unit }),
        (1u32..2000, unit).prop_map(|(amount, unit)| Target::Indicative { amount, unit }),
        Just(Target::BestEffort),
        Just(Target::NoSla),
    ]
}

proptest! {
    #[test]
    fn a_target_reads_back_as_itself(t in any_target()) {
        prop_assert_eq!(t.to_string().parse::<Target>(), Ok(t));
    }
}

/// Berlin in winter, which is all these tests need: a fixed +01:00.
struct PlusOne;
impl triage_core::time::Zones for PlusOne {
    fn offset(&self, _: &str, _: i64) -> Result<i32, triage_core::time::ZoneError> {
        Ok(3600)
    }
}

const HONEST: &str = include_str!("../../../tests/policies/honest-targets.json");

#[test]
fn a_plan_wide_default_fills_every_level_without_its_own() {
    let p = policy::load(HONEST, &PlusOne).unwrap();
    let business = &p.plans[p.plan_ix("business").unwrap()];
    let firsts: Vec<Target> = business
        .targets
        .iter()
        .map(|t| match t {
            LevelTargets::Stated { first_response, .. } => *first_response,
            other => panic!("{other:?}"),
        })
        .collect();
    let indicative = Target::Indicative {
        amount: 48,
        unit: Unit::Hours,
    };
    assert_eq!(
        firsts,
        vec![
            Target::Within {
                amount: 4,
                unit: Unit::Hours
            },
            indicative,
            indicative
        ]
    );
}

#[test]
fn firm_and_indicative_times_come_out_as_different_dues() {
    let p = policy::load(HONEST, &PlusOne).unwrap();
    let plan = p.plan_ix("business").unwrap();
    let at = parse_rfc3339_utc("2026-11-27T15:00:00Z").unwrap();
    let (p1, _) = commitments(&p, plan, LevelIx(0), at, &PlusOne).unwrap();
    let (p2, _) = commitments(&p, plan, LevelIx(1), at, &PlusOne).unwrap();
    // Fri 16:00 + 4 h of Mon–Fri 09–17 (1 h on Friday, 3 on Monday): Mon 12:00 (+01:00).
    assert_eq!(
        p1.due,
        Due::At(parse_rfc3339_utc("2026-11-30T11:00:00Z").unwrap())
    );
    assert_eq!(
        p2.due,
        Due::Indicative(parse_rfc3339_utc("2026-12-07T15:00:00Z").unwrap())
    );
    assert_eq!(p2.target, "48 hours, best effort");
}

#[test]
fn untimed_plans_need_no_calendar_and_show_no_coverage() {
    let p = policy::load(HONEST, &PlusOne).unwrap();
    for (plan, due) in [("free", Due::BestEffort), ("community", Due::NoSla)] {
        let ix = p.plan_ix(plan).unwrap();
        for level in LevelIx::all(p.levels.len()) {
            let (first, resolution) = commitments(&p, ix, level, 0, &PlusOne).unwrap();
            assert_eq!(
                (first.due, first.coverage, resolution),
                (due.clone(), None, None),
                "{plan}"
            );
        }
    }
}
