//! `triage explain`: the level, reasons, targets and deadlines for given answers, as a reviewer checks a
//! policy. Deadlines are given in the calendar's own zone (the vendor's clock, which the policy's hours
//! are written in) and in UTC, and with `--tz` in the requester's; target notes are shown as in
//! `--json`; a result resting on missing answers says which answers would decide it; and without
//! `--type` the first request type is assumed, as the widget offers it first, and that is said.

use std::path::Path;

use triage_core::explain::{explain, format_rfc3339_in, Explanation, TargetOut};
use triage_core::policy::{Policy, QuestionIx, TypeIx};
use triage_core::time::{parse_rfc3339_utc, Date, Zones};
use triage_core::triage::{asked, Answers, Basis};

use crate::policy_cmds::{plan_ix, quoted, read_policy, type_ix, Failure};
use crate::zones::SystemZones;

pub struct ExplainArgs<'a> {
    pub path: &'a Path,
    pub request_type: Option<&'a str>,
    pub plan: Option<&'a str>,
    pub answers: &'a [String],
    pub at: Option<&'a str>,
    /// The requester's IANA zone, for a third rendering of each deadline.
    pub tz: Option<&'a str>,
    pub json: bool,
}

/// `--json`: the explanation, and whether the request type was assumed.
#[derive(serde::Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    explanation: &'a Explanation,
    /// True when `--type` was not given and the first request type was assumed.
    request_type_assumed: bool,
}

pub fn explain_cmd(a: ExplainArgs) -> Result<(), Failure> {
    let p = read_policy(a.path)?;
    // Checked even when no deadline needs it: a typo should not pass silently.
    if let Some(zone) = a.tz {
        SystemZones
            .offset(zone, 0)
            .map_err(|_| Failure::Usage(unknown_zone(zone)))?;
    }
    // The widget asks for a request type first and lists them in policy order: with no --type, explain
    // the first, as a person who takes the first choice would get, rather than a path nobody can take.
    let (t, assumed) = match type_ix(&p, a.request_type)? {
        Some(t) => (Some(t), false),
        None if !p.request_types.is_empty() => (Some(TypeIx(0)), true),
        None => (None, false),
    };
    let plan = plan_ix(&p, a.plan)?;
    let mut pairs = Vec::new();
    for s in a.answers {
        let (q, o) = s
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--answer takes QUESTION=OPTION (got {s:?})")))?;
        pairs.push((q, o));
    }
    let answers = Answers::from_ids(&p, pairs).map_err(Failure::Usage)?;
    unasked(&p, t, assumed, &answers)?;
    let at = match a.at {
        Some(s) => parse_rfc3339_utc(s).ok_or_else(|| {
            Failure::Usage(format!(
                "--at takes an RFC 3339 time like 2026-11-24T09:30:00Z (got {s:?})"
            ))
        })?,
        None => jiff::Timestamp::now().as_second(),
    };
    let mut e = explain(&p, t, plan, &answers, None, at, &SystemZones)
        .map_err(|e| Failure::Invalid(e.to_string()))?;
    if let Some(zone) = a.tz {
        e = e
            .with_requester_zone(zone, &SystemZones)
            .map_err(|_| Failure::Usage(unknown_zone(zone)))?;
    }
    if a.json {
        crate::out::json(&JsonOut {
            explanation: &e,
            request_type_assumed: assumed,
        });
    } else {
        for line in human(&p, &e, assumed) {
            outln!("{line}");
        }
    }
    Ok(())
}

fn unknown_zone(zone: &str) -> String {
    let known = SystemZones.names();
    let hint = triage_core::policy::zone_names::nearest(zone, known.iter().map(String::as_str))
        .map(|n| format!("; did you mean {n:?}?"))
        .unwrap_or_default();
    format!("--tz {zone:?} is not a time zone this system knows (use an IANA name such as \"America/New_York\"){hint}")
}

/// An answer to a question the widget would not ask on this path would be silently ignored: say so.
fn unasked(p: &Policy, t: Option<TypeIx>, assumed: bool, answers: &Answers) -> Result<(), Failure> {
    let asked = asked(p, t, answers);
    for (q, question) in p.questions.iter().enumerate() {
        let q = QuestionIx(q);
        if answers.get(q).is_none() || asked.contains(&q) {
            continue;
        }
        let rt = t.map(|t| &p.request_types[t]);
        let given = if assumed {
            " (--type not given, so the first was assumed: give --type)"
        } else {
            ""
        };
        let why = match (rt, &question.types) {
            (Some(rt), _) if rt.skip_questions => {
                format!("request type {:?} skips the questions{given}", rt.id)
            }
            (_, Some(types)) if t.is_none_or(|t| !types.contains(&t)) => format!(
                "it is asked only for request type {}{given}",
                quoted(types.iter().map(|i| p.request_types[i].id.as_str())),
            ),
            _ => {
                let cond: Vec<String> = question
                    .ask_when
                    .0
                    .iter()
                    .map(|(wq, opts)| {
                        let o: Vec<&str> = opts
                            .iter()
                            .map(|o| p.questions[*wq].options[o].id.as_str())
                            .collect();
                        format!("{}={}", p.questions[*wq].id, o.join("|"))
                    })
                    .collect();
                format!("it is asked only when {}", cond.join(" and "))
            }
        };
        return Err(Failure::Usage(format!(
            "--answer {}: question {:?} is not asked for these answers ({why}), so its answer would be ignored",
            question.id, question.id
        )));
    }
    Ok(())
}

/// "Mon 2026-11-30 12:00 Europe/Berlin" from "2026-11-30T12:00:00+01:00" (seconds shown when not 0).
fn wall_clock(rfc3339: &str, zone: &str) -> String {
    let (date, time) = (&rfc3339[..10], &rfc3339[11..19]);
    let day = Date::parse(date).map_or("", |d| d.weekday().short());
    let time = time.strip_suffix(":00").unwrap_or(time);
    format!("{day} {date} {time} {zone}")
}

/// "due …": the calendar's wall clock, UTC, and the requester's clock when asked for.
fn when(t: &TargetOut, requester: Option<&str>) -> String {
    let Some(utc) = t.deadline.as_deref() else {
        return String::new();
    };
    let mut out = match (t.deadline_local.as_deref(), t.time_zone.as_deref()) {
        (Some(local), Some(zone)) => format!("{} = {utc}", wall_clock(local, zone)),
        _ => utc.to_string(),
    };
    if let (Some(theirs), Some(zone)) = (t.deadline_requester.as_deref(), requester) {
        out.push_str(&format!(" = {} (--tz)", wall_clock(theirs, zone)));
    }
    match t.kind {
        "indicative" => format!(", indicatively by {out} (not promised)"),
        _ => format!(", due {out}"),
    }
}

/// The explanation as lines of text (each printed escaped, see out.rs).
fn human(p: &Policy, e: &Explanation, assumed: bool) -> Vec<String> {
    let mut out = vec![format!("{} — {} ({})", e.level_name, e.definition, e.level)];
    for r in &e.reasons {
        out.push(format!("  because: {r}"));
    }
    if let Some(t) = e.request_type.as_deref().and_then(|id| p.type_ix(id)) {
        let rt = &p.request_types[t];
        out.push(format!(
            "Request type: {} ({}){}",
            rt.id,
            rt.name,
            if assumed {
                " — --type not given: the first type the widget offers"
            } else {
                ""
            }
        ));
    }
    if !e.unanswered.is_empty() {
        let open: Vec<String> = e
            .unanswered
            .iter()
            .filter_map(|id| p.questions.iter().find(|q| &q.id == id))
            .map(|q| {
                let options: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
                format!("{} ({})", q.id, options.join("|"))
            })
            .collect();
        let effect = if e.basis == Basis::Default {
            "would decide the level, so the default level was used"
        } else {
            "could still change the level"
        };
        out.push(format!(
            "Unanswered: {} {effect}; answer with --answer QUESTION=OPTION",
            open.join(", ")
        ));
    }
    let requester = e.requester_time_zone.as_deref();
    let mut last_note = None;
    for (label, t) in std::iter::once(("First response", &e.first_response))
        .chain(e.resolution.as_ref().map(|r| ("Resolution", r)))
    {
        out.push(format!(
            "{label} ({} plan): {}{}{}",
            e.plan_name,
            t.target,
            t.coverage
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default(),
            when(t, requester)
        ));
        if let Some(when) = &t.when {
            out.push(format!("  (the target's alternative, {when})"));
        }
        // Both targets of a level carry its one note: say it once.
        if let Some(note) = t.note.as_deref().filter(|n| last_note != Some(*n)) {
            out.push(format!("  note: {note}"));
            last_note = Some(note);
        }
        out.extend(alternative_line(t, requester));
    }
    for c in &e.channels {
        let kind = serde_json::to_value(c.usage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let note = c
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        out.push(format!("Channel: {} ({kind}){note}", c.value));
    }
    for s in &e.escalation {
        out.push(format!("Escalation: {s}"));
    }
    for n in &e.notes {
        out.push(format!("Note: {n}"));
    }
    out.push(format!("Submitted at {}", submitted(e)));
    out
}

/// The promise beside a first response that depends on how the case is raised ("  or 4 hours [24/7] if
/// raised by phone, due …").
fn alternative_line(t: &TargetOut, requester: Option<&str>) -> Option<String> {
    let a = t.alternative.as_deref()?;
    let coverage = a.coverage.as_deref().map(|c| format!(" [{c}]"));
    let raised = a.when.as_ref().map(|w| format!(" {w}"));
    let note = a.note.as_deref().map(|n| format!(" — {n}"));
    Some(format!(
        "  or {}{}{}{}{}",
        a.target,
        coverage.unwrap_or_default(),
        raised.unwrap_or_default(),
        when(a, requester),
        note.unwrap_or_default()
    ))
}

/// The submission instant, also on the calendar's clock (and the requester's), as the deadlines are.
fn submitted(e: &Explanation) -> String {
    let mut out = e.submitted_at.clone();
    let Some(at) = parse_rfc3339_utc(&e.submitted_at) else {
        return out;
    };
    for (zone, tag) in [
        (e.first_response.time_zone.as_deref(), ""),
        (e.requester_time_zone.as_deref(), " (--tz)"),
    ] {
        if let Some(local) = zone.and_then(|z| format_rfc3339_in(&SystemZones, z, at).ok()) {
            out = format!(
                "{out} = {}{tag}",
                wall_clock(&local, zone.unwrap_or_default())
            );
        }
    }
    out
}
