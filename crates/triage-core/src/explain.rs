//! One explanation of a triage outcome, for `triage explain` (text and `--json`): the level, reasons,
//! targets, deadlines (in UTC and in the calendar's own zone, so a reviewer reads them as the vendor's
//! staff would) and channels for the given inputs, computed by the same core functions the widget uses.
//! It also says which unanswered questions could still change the level, so an explanation resting on
//! the default level says so instead of looking decided.

use serde::Serialize;

use crate::policy::{ChannelKind, ChannelUse, Coverage, LevelTargets};
use crate::policy::{LevelIx, OptionIx, PlanIx, Policy, QuestionIx, TypeIx};
use crate::sla::{commitments_given, Commitment, Due, SlaError};
use crate::time::{format_rfc3339_utc, parse_rfc3339_utc, Date, Instant, ZoneError, Zones, DAY};
use crate::triage::{asked, is_asked, suggest, Answers, Basis};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub policy: String,
    pub plan: String,
    pub plan_name: String,
    pub request_type: Option<String>,
    pub level: String,
    pub level_name: String,
    pub definition: String,
    pub reasons: Vec<String>,
    pub basis: Basis,
    /// Questions asked on this path but not answered whose answers could change the level (by `basis`
    /// "default": the level that decided in their absence); empty when answering them changes nothing.
    pub unanswered: Vec<String>,
    pub submitted_at: String,
    /// The requester's zone the deadlines are also given in (`deadline_requester`), when one was asked for.
    pub requester_time_zone: Option<String>,
    pub first_response: TargetOut,
    pub resolution: Option<TargetOut>,
    pub channels: Vec<ChannelOut>,
    pub escalation: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetOut {
    /// As a person reads it: "45 minutes", "best effort", "no SLA", or the vendor's own words.
    pub target: String,
    /// Whether the target is only best effort: "best effort", or a time that is aimed for, not promised.
    pub best_effort: bool,
    /// RFC 3339 UTC: the deadline (kind "deadline") or the indicative time (kind "indicative"); null when
    /// there is no time.
    pub deadline: Option<String>,
    /// The same instant in `time_zone`, RFC 3339 with that zone's offset then.
    pub deadline_local: Option<String>,
    /// The same instant in the requester's zone (see `Explanation::requester_time_zone`).
    pub deadline_requester: Option<String>,
    /// "deadline", "indicative" (a best-effort target with a time), "best_effort", "no_sla" or
    /// "stated_elsewhere".
    pub kind: &'static str,
    pub coverage: Option<String>,
    /// The IANA zone of the calendar the target is counted in; null for a 24x7 calendar without one.
    pub time_zone: Option<String>,
    pub note: Option<String>,
    /// On a target's alternative: what it depends on (`{"channel": "phone"}`, `{"answers": {…}}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<crate::sla::Raised>,
    /// A promise that holds if the case is raised through a channel as well, with its own deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative: Option<Box<TargetOut>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelOut {
    pub kind: ChannelKind,
    pub value: String,
    pub label: Option<String>,
    pub required: bool,
    #[serde(rename = "use")]
    pub usage: ChannelUse,
    pub note: Option<String>,
}

impl TargetOut {
    fn new(
        c: Commitment,
        time_zone: Option<&str>,
        zones: &dyn Zones,
    ) -> Result<TargetOut, ZoneError> {
        let (kind, at) = match &c.due {
            Due::At(t) => ("deadline", Some(*t)),
            Due::Indicative(t) => ("indicative", Some(*t)),
            Due::BestEffort => ("best_effort", None),
            Due::NoSla => ("no_sla", None),
            Due::Elsewhere(_) => ("stated_elsewhere", None),
        };
        let deadline_local = match (at, time_zone) {
            (Some(t), Some(z)) => Some(format_rfc3339_in(zones, z, t)?),
            _ => None,
        };
        Ok(TargetOut {
            best_effort: matches!(c.due, Due::BestEffort | Due::Indicative(_)),
            target: c.target,
            deadline: at.map(format_rfc3339_utc),
            deadline_local,
            deadline_requester: None,
            kind,
            coverage: c.coverage,
            time_zone: time_zone.map(str::to_string),
            note: c.note,
            when: c.when,
            // The alternative is read on the same (vendor's) clock as the promise beside it.
            alternative: c
                .alternative
                .map(|a| TargetOut::new(*a, time_zone, zones).map(Box::new))
                .transpose()?,
        })
    }
}

/// `at` as RFC 3339 in `zone`, with the zone's offset at that instant: "2026-11-30T12:00:00+01:00".
pub fn format_rfc3339_in(zones: &dyn Zones, zone: &str, at: Instant) -> Result<String, ZoneError> {
    let offset = zones.offset(zone, at)?;
    let local = at + i64::from(offset);
    let date = Date::from_days(local.div_euclid(DAY));
    let s = local.rem_euclid(DAY);
    let (sign, off) = if offset < 0 {
        ('-', -offset)
    } else {
        ('+', offset)
    };
    Ok(format!(
        "{date}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        s / 3600,
        (s % 3600) / 60,
        s % 60,
        off / 3600,
        (off % 3600) / 60
    ))
}

impl Explanation {
    /// Also gives every deadline in the requester's `zone` (`triage explain --tz`).
    pub fn with_requester_zone(mut self, zone: &str, zones: &dyn Zones) -> Result<Self, ZoneError> {
        let requester = |t: &mut TargetOut| -> Result<(), ZoneError> {
            if let Some(at) = t.deadline.as_deref().and_then(parse_rfc3339_utc) {
                t.deadline_requester = Some(format_rfc3339_in(zones, zone, at)?);
            }
            Ok(())
        };
        requester(&mut self.first_response)?;
        if let Some(a) = self.first_response.alternative.as_deref_mut() {
            requester(a)?;
        }
        if let Some(r) = self.resolution.as_mut() {
            requester(r)?;
        }
        self.requester_time_zone = Some(zone.to_string());
        Ok(self)
    }
}

/// The questions asked now but not answered, if some way of answering them (and the questions they
/// lead to) gives another level than `answers` do; none otherwise.
pub fn undecided(policy: &Policy, t: Option<TypeIx>, answers: &Answers) -> Vec<QuestionIx> {
    let open: Vec<QuestionIx> = asked(policy, t, answers)
        .into_iter()
        .filter(|q| answers.get(*q).is_none())
        .collect();
    if open.is_empty() {
        return open;
    }
    let now = suggest(policy, t, answers).level;
    // As many answer paths as `triage table` lists at most; past that, assume an answer could matter.
    let mut budget = crate::table::MAX_ROWS;
    if could_change(
        policy,
        t,
        &mut answers.clone(),
        QuestionIx(0),
        now,
        &mut budget,
    ) {
        open
    } else {
        Vec::new()
    }
}

/// Whether answering the open questions from `q` on can give a level other than `now`.
fn could_change(
    policy: &Policy,
    t: Option<TypeIx>,
    answers: &mut Answers,
    q: QuestionIx,
    now: LevelIx,
    budget: &mut usize,
) -> bool {
    if q.0 == policy.questions.len() {
        let Some(left) = budget.checked_sub(1) else {
            return true;
        };
        *budget = left;
        return suggest(policy, t, answers).level != now;
    }
    let next = QuestionIx(q.0 + 1);
    if answers.get(q).is_some() || !is_asked(policy, t, answers, q) {
        return could_change(policy, t, answers, next, now, budget);
    }
    for o in OptionIx::all(policy.questions[q].options.len()) {
        answers.set(q, Some(o));
        if could_change(policy, t, answers, next, now, budget) {
            answers.set(q, None);
            return true;
        }
    }
    answers.set(q, None);
    false
}

/// The IANA zone a level's targets on a plan are counted in, if their calendar has one.
fn target_zone(policy: &Policy, plan: PlanIx, level: LevelIx) -> Option<&str> {
    let calendar = match &policy.plans[plan].targets[level] {
        LevelTargets::Stated { calendar, .. } | LevelTargets::Elsewhere { calendar, .. } => {
            *calendar
        }
    };
    match &policy.calendars[calendar?].coverage {
        Coverage::Weekly(w) => Some(&w.time_zone),
        Coverage::Always => None,
    }
}

/// Explains the outcome for these inputs. `level` overrides the suggestion (a person's own choice).
pub fn explain(
    policy: &Policy,
    request_type: Option<TypeIx>,
    plan: PlanIx,
    answers: &Answers,
    level: Option<LevelIx>,
    at: Instant,
    zones: &dyn Zones,
) -> Result<Explanation, SlaError> {
    let s = suggest(policy, request_type, answers);
    let chosen = level.unwrap_or(s.level);
    let (first, resolution) =
        commitments_given(policy, plan, chosen, request_type, answers, at, zones)?;
    let zone = target_zone(policy, plan, chosen);
    let first = TargetOut::new(first, zone, zones)?;
    let resolution = resolution
        .map(|r| TargetOut::new(r, zone, zones))
        .transpose()?;
    let mut notes = policy.plans[plan].notes.clone();
    notes.extend(policy.notes.iter().cloned());
    Ok(Explanation {
        policy: policy.id.clone(),
        plan: policy.plans[plan].id.clone(),
        plan_name: policy.plans[plan].name.clone(),
        request_type: request_type.map(|t| policy.request_types[t].id.clone()),
        level: policy.levels[chosen].id.clone(),
        level_name: policy.levels[chosen].name.clone(),
        definition: policy.levels[chosen].definition.clone(),
        reasons: s.reasons,
        basis: s.basis,
        unanswered: undecided(policy, request_type, answers)
            .into_iter()
            .map(|q| policy.questions[q].id.clone())
            .collect(),
        submitted_at: format_rfc3339_utc(at),
        requester_time_zone: None,
        first_response: first,
        resolution,
        channels: policy
            .channels_for(plan, chosen)
            .into_iter()
            .map(|c| ChannelOut {
                kind: c.kind,
                value: c.value.clone(),
                label: c.label.clone(),
                required: c.usage == ChannelUse::Required,
                usage: c.usage,
                note: c.note.clone(),
            })
            .collect(),
        escalation: policy
            .escalation_for(plan, chosen)
            .into_iter()
            .map(|e| {
                let mut line = e.title.clone();
                for extra in [&e.contact, &e.detail].into_iter().flatten() {
                    line.push_str(" — ");
                    line.push_str(extra);
                }
                line
            })
            .collect(),
        notes,
    })
}
