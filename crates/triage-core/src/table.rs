//! Every reachable combination of answers and the level it yields, plus what that reveals about the
//! policy: levels no answers can reach and questions whose answer never changes the result (the level, or
//! the promise, when a target's alternative depends on it). Integrators read it through `triage table`
//! to see their decision logic as a whole, with the first response each row promises on a plan.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::{CalendarIx, LevelIx, LevelTargets, OptionIx, PlanIx, Policy, QuestionIx};
use crate::policy::{Target, TypeIx};
use crate::sla::Raised;
use crate::triage::{effective_answers, holds, is_asked, suggest, Answers, Basis};

/// More rows than this is not a table a person can read; the enumeration stops with an error.
pub const MAX_ROWS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// (question, option) for each question asked on this path.
    pub answers: Vec<(QuestionIx, OptionIx)>,
    pub level: LevelIx,
    pub basis: Basis,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub unreachable_levels: Vec<LevelIx>,
    pub idle_questions: Vec<QuestionIx>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "more than {MAX_ROWS} answer combinations; use --type to look at one request type at a time"
)]
pub struct TooMany;

/// The first response a row's level gets on `plan`, as `triage table` prints it: the target ("4 hours"),
/// or where the level's target has an alternative that these answers select, both promises with their
/// coverage ("4 hours [Mon–Fri 09:00–17:00 (Europe/Berlin)], or 4 hours [24/7] if raised by phone"), or
/// the one that replaces the target ("4 hours [24/7] when environment=production").
pub fn first_response(
    policy: &Policy,
    plan: PlanIx,
    request_type: Option<TypeIx>,
    row: &Row,
) -> String {
    let (first, calendar, alt) = match &policy.plans[plan].targets[row.level] {
        LevelTargets::Elsewhere { text, .. } => return text.clone(),
        LevelTargets::Stated {
            first_response,
            calendar,
            alternative,
            ..
        } => (first_response, calendar, alternative),
    };
    let Some(alt) = alt else {
        return first.to_string();
    };
    let with = |t: &Target, c: Option<CalendarIx>| match c {
        Some(c) => format!("{t} [{}]", policy.calendars[c].label),
        None => t.to_string(),
    };
    let mut answers = Answers::new(policy);
    for &(q, o) in &row.answers {
        answers.set(q, Some(o));
    }
    let own = with(first, *calendar);
    if !holds(
        &alt.answers,
        &effective_answers(policy, request_type, &answers),
    ) {
        return own;
    }
    let other = format!(
        "{} {}",
        with(&alt.first_response, Some(alt.calendar)),
        Raised::of(policy, alt)
    );
    match alt.channel {
        Some(_) => format!("{own}, or {other}"),
        None => other,
    }
}

/// Enumerates all answer paths for one request type (or none).
pub fn enumerate(policy: &Policy, request_type: Option<TypeIx>) -> Result<Table, TooMany> {
    let mut rows = Vec::new();
    let mut answers = Answers::new(policy);
    walk(policy, request_type, QuestionIx(0), &mut answers, &mut rows)?;
    let reached: BTreeSet<LevelIx> = rows.iter().map(|r| r.level).collect();
    let unreachable_levels = LevelIx::all(policy.levels.len())
        .filter(|l| !reached.contains(l))
        .collect();
    let idle_questions = QuestionIx::all(policy.questions.len())
        .filter(|&q| rows.iter().any(|r| r.answers.iter().any(|(x, _)| *x == q)))
        .filter(|&q| !matters(policy, &rows, q) && !selects_a_promise(policy, q))
        .collect();
    Ok(Table {
        rows,
        unreachable_levels,
        idle_questions,
    })
}

fn walk(
    policy: &Policy,
    request_type: Option<TypeIx>,
    q: QuestionIx,
    answers: &mut Answers,
    rows: &mut Vec<Row>,
) -> Result<(), TooMany> {
    if q.0 == policy.questions.len() {
        if rows.len() >= MAX_ROWS {
            return Err(TooMany);
        }
        let s = suggest(policy, request_type, answers);
        rows.push(Row {
            answers: QuestionIx::all(q.0)
                .filter_map(|i| answers.get(i).map(|o| (i, o)))
                .collect(),
            level: s.level,
            basis: s.basis,
        });
        return Ok(());
    }
    if !is_asked(policy, request_type, answers, q) {
        return walk(policy, request_type, QuestionIx(q.0 + 1), answers, rows);
    }
    for o in OptionIx::all(policy.questions[q].options.len()) {
        answers.set(q, Some(o));
        walk(policy, request_type, QuestionIx(q.0 + 1), answers, rows)?;
    }
    answers.set(q, None);
    Ok(())
}

/// Whether a target's alternative depends on the answer to `q` ("24/7 for production"): then the
/// question changes the promise even where it never changes the level.
fn selects_a_promise(policy: &Policy, q: QuestionIx) -> bool {
    policy.plans.iter().flat_map(|p| &p.targets).any(|t| {
        matches!(t, LevelTargets::Stated { alternative: Some(a), .. }
            if a.answers.0.iter().any(|(x, _)| *x == q))
    })
}

/// A question matters if, among rows that agree on every answer not influenced by it, levels differ.
fn matters(policy: &Policy, rows: &[Row], q: QuestionIx) -> bool {
    // Questions whose asking depends (transitively) on q are influenced by it too.
    let mut influenced = BTreeSet::from([q]);
    for (i, question) in policy.questions.iter().enumerate().skip(q.0 + 1) {
        let i = QuestionIx(i);
        if question
            .ask_when
            .0
            .iter()
            .any(|(x, _)| influenced.contains(x))
        {
            influenced.insert(i);
        }
    }
    let mut groups: BTreeMap<Vec<(QuestionIx, OptionIx)>, BTreeSet<LevelIx>> = BTreeMap::new();
    for r in rows {
        let key = r
            .answers
            .iter()
            .copied()
            .filter(|(x, _)| !influenced.contains(x))
            .collect();
        groups.entry(key).or_default().insert(r.level);
    }
    groups.values().any(|levels| levels.len() > 1)
}
