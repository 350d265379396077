//! Turns a parsed [`PolicyFile`] into a [`Policy`], collecting every mistake instead of stopping at one.
//!
//! Each check speaks to an integrator: it names the field by path and says what would be right, using the
//! valid choices where there are any.

use std::collections::{BTreeMap, BTreeSet};

use super::format::*;
use super::model::*;
use super::position::{join_index, join_key, Anchor};
use super::{limits, Pending};
use crate::time::{Date, Weekday, Zones};

#[derive(Default)]
struct Check {
    errors: Vec<Pending>,
}

impl Check {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        Pending::push(&mut self.errors, path, Anchor::Value, message);
    }

    fn err_key(&mut self, path: &str, message: impl Into<String>) {
        Pending::push(&mut self.errors, path, Anchor::Key, message);
    }

    fn non_empty(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(path, "must not be empty");
        }
    }

    /// Checks an id's syntax and uniqueness among `seen`.
    fn id(&mut self, path: &str, id: &str, what: &str, seen: &mut BTreeSet<String>) {
        if !valid_id(id) {
            self.err(
                path,
                format!(
                    "{what} id {} must be 1–64 ASCII letters, digits, '-' or '_'",
                    quote(id)
                ),
            );
        } else if !seen.insert(id.to_string()) {
            self.err(
                path,
                format!("duplicate {what} id {id:?}; ids must be unique"),
            );
        }
    }
}

fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Quotes the policy's own text in a message, cut to a readable length.
fn quote(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{:?}… ({} characters)", &s[..i], s.chars().count()),
        None => format!("{s:?}"),
    }
}

fn choices<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<String> = ids.map(quote).collect();
    if list.is_empty() {
        "none, as there are none to refer to".into()
    } else {
        format!("one of {}", list.join(", "))
    }
}

/// Resolves ids against a table, reporting unknown ones with the valid choices.
struct Ids<'a> {
    what: &'static str,
    ids: Vec<&'a str>,
}

impl Ids<'_> {
    fn find(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| *x == id)
    }

    fn resolve(&self, c: &mut Check, path: &str, id: &str) -> Option<usize> {
        let found = self.find(id);
        if found.is_none() {
            // "P1" for "p1": ids may use either case, but must match exactly.
            let hint = self
                .ids
                .iter()
                .find(|x| x.eq_ignore_ascii_case(id))
                .map(|x| format!(" (ids are case-sensitive: did you mean {x:?}?)"))
                .unwrap_or_default();
            c.err(
                path,
                format!(
                    "unknown {} {}{hint}; expected {}",
                    self.what,
                    quote(id),
                    choices(self.ids.iter().copied())
                ),
            );
        }
        found
    }

    fn resolve_set(
        &self,
        c: &mut Check,
        path: &str,
        ids: &Option<Vec<String>>,
    ) -> Option<BTreeSet<usize>> {
        let ids = ids.as_ref()?;
        if ids.is_empty() {
            c.err(
                path,
                format!("list at least one {} or leave the field out", self.what),
            );
        }
        Some(
            ids.iter()
                .enumerate()
                .filter_map(|(i, id)| self.resolve(c, &join_index(path, i), id))
                .collect(),
        )
    }
}

pub(super) fn validate(raw: &PolicyFile, zones: &dyn Zones) -> Result<Policy, Vec<Pending>> {
    let mut c = Check::default();
    if !valid_id(&raw.id) {
        c.err(
            "id",
            format!(
                "policy id {:?} must be 1–64 ASCII letters, digits, '-' or '_'",
                raw.id
            ),
        );
    }
    c.non_empty("vendor", &raw.vendor);
    c.non_empty("fallback_contact", &raw.fallback_contact);

    // Levels.
    if !(limits::MIN_LEVELS..=limits::MAX_LEVELS).contains(&raw.levels.len()) {
        c.err(
            "levels",
            format!(
                "a policy needs {} to {} levels, most severe first; this one has {}",
                limits::MIN_LEVELS,
                limits::MAX_LEVELS,
                raw.levels.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    let mut levels = Vec::new();
    for (i, l) in raw.levels.iter().enumerate() {
        let p = join_index("levels", i);
        c.id(&join_key(&p, "id"), &l.id, "level", &mut seen);
        c.non_empty(&join_key(&p, "name"), &l.name);
        c.non_empty(&join_key(&p, "definition"), &l.definition);
        levels.push(Level {
            id: l.id.clone(),
            name: l.name.clone(),
            definition: l.definition.clone(),
            examples: l.examples.clone(),
        });
    }
    let level_ids = Ids {
        what: "level",
        ids: raw.levels.iter().map(|l| l.id.as_str()).collect(),
    };
    let default_level = level_ids.resolve(&mut c, "default_level", &raw.default_level);

    // Request types.
    let mut seen = BTreeSet::new();
    let mut request_types = Vec::new();
    let last = raw.levels.len().saturating_sub(1);
    for (i, t) in raw.request_types.iter().enumerate() {
        let p = join_index("request_types", i);
        c.id(&join_key(&p, "id"), &t.id, "request type", &mut seen);
        c.non_empty(&join_key(&p, "name"), &t.name);
        let mut get = |field: &str, v: &Option<String>| {
            v.as_ref()
                .and_then(|id| level_ids.resolve(&mut c, &join_key(&p, field), id))
        };
        let fixed = get("level", &t.level);
        let most = get("most_severe", &t.most_severe);
        let least = get("least_severe", &t.least_severe);
        if t.level.is_some() && (t.most_severe.is_some() || t.least_severe.is_some()) {
            c.err(
                &join_key(&p, "level"),
                "give either a fixed `level` or bounds (`most_severe`/`least_severe`), not both",
            );
        }
        let bounds = (most.unwrap_or(0), least.unwrap_or(last));
        if bounds.0 > bounds.1 {
            c.err(
                &join_key(&p, "most_severe"),
                format!(
                    "most_severe {:?} is less severe than least_severe {:?} (levels are listed most severe first)",
                    t.most_severe.as_deref().unwrap_or(""),
                    t.least_severe.as_deref().unwrap_or("")
                ),
            );
        }
        request_types.push(RequestType {
            id: t.id.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            fixed,
            bounds,
            skip_questions: t.skip_questions,
            reason: t.reason.clone(),
        });
    }
    let type_ids = Ids {
        what: "request type",
        ids: raw.request_types.iter().map(|t| t.id.as_str()).collect(),
    };

    // Questions.
    if raw.questions.len() > limits::MAX_QUESTIONS {
        c.err(
            "questions",
            format!(
                "at most {} questions; this policy has {}",
                limits::MAX_QUESTIONS,
                raw.questions.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    let mut questions: Vec<Question> = Vec::new();
    for (i, q) in raw.questions.iter().enumerate() {
        let p = join_index("questions", i);
        c.id(&join_key(&p, "id"), &q.id, "question", &mut seen);
        c.non_empty(&join_key(&p, "text"), &q.text);
        if !(2..=limits::MAX_OPTIONS).contains(&q.options.len()) {
            c.err(
                &join_key(&p, "options"),
                format!(
                    "a question needs 2 to {} options; this one has {}",
                    limits::MAX_OPTIONS,
                    q.options.len()
                ),
            );
        }
        let mut seen_opts = BTreeSet::new();
        for (j, o) in q.options.iter().enumerate() {
            let op = join_index(&join_key(&p, "options"), j);
            c.id(&join_key(&op, "id"), &o.id, "option", &mut seen_opts);
            c.non_empty(&join_key(&op, "label"), &o.label);
        }
        // ask_when may only look back, which also rules out cycles.
        let ask_when = condition(
            &mut c,
            &join_key(&p, "ask_when"),
            &q.ask_when,
            &raw.questions[..i],
            "ask_when may only refer to questions asked before this one",
        );
        let types = type_ids.resolve_set(&mut c, &join_key(&p, "types"), &q.types);
        questions.push(Question {
            id: q.id.clone(),
            text: q.text.clone(),
            help: q.help.clone(),
            options: q
                .options
                .iter()
                .map(|o| Choice {
                    id: o.id.clone(),
                    label: o.label.clone(),
                })
                .collect(),
            ask_when,
            types,
        });
    }

    // Decision.
    if raw.decision.rules.len() > limits::MAX_RULES {
        c.err(
            "decision.rules",
            format!(
                "at most {} rules; this policy has {} (a matrix expresses impact × urgency tables compactly)",
                limits::MAX_RULES,
                raw.decision.rules.len()
            ),
        );
    }
    let mut rules = Vec::new();
    for (i, r) in raw
        .decision
        .rules
        .iter()
        .enumerate()
        .take(limits::MAX_RULES)
    {
        let p = join_index("decision.rules", i);
        let when = condition(&mut c, &join_key(&p, "when"), &r.when, &raw.questions, "");
        let level = level_ids.resolve(&mut c, &join_key(&p, "level"), &r.level);
        c.non_empty(&join_key(&p, "reason"), &r.reason);
        if let Some(level) = level {
            rules.push(Rule {
                when,
                level,
                reason: r.reason.clone(),
            });
        }
    }
    let matrix = raw
        .decision
        .matrix
        .as_ref()
        .and_then(|m| matrix(&mut c, m, &raw.questions, &level_ids));

    // Calendars.
    let mut calendars = Vec::new();
    for (id, cal) in &raw.calendars {
        let p = join_key("calendars", id);
        if !valid_id(id) {
            c.err_key(
                &p,
                format!("calendar id {id:?} must be 1–64 ASCII letters, digits, '-' or '_'"),
            );
        }
        if let Some(coverage) = coverage(&mut c, &p, cal, zones) {
            calendars.push(Calendar {
                id: id.clone(),
                label: cal.label.clone().unwrap_or_else(|| describe(&coverage)),
                coverage,
            });
        }
    }
    let calendar_ids = Ids {
        what: "calendar",
        ids: raw.calendars.keys().map(String::as_str).collect(),
    };

    // Plans.
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
            .and_then(|id| calendar_ids.resolve(&mut c, &join_key(&p, "calendar"), id));
        let tp = join_key(&p, "targets");
        for id in plan.targets.keys() {
            if level_ids.find(id).is_none() {
                c.err_key(
                    &join_key(&tp, id),
                    format!(
                        "targets name unknown level {id:?}; expected {}",
                        choices(level_ids.ids.iter().copied())
                    ),
                );
            }
        }
        let missing: Vec<&str> = level_ids
            .ids
            .iter()
            .copied()
            .filter(|id| !plan.targets.contains_key(*id))
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
        let stated = |c: &mut Check, path: &str, t: &TargetDef| {
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
            LevelTargets::Stated {
                first_response: first.unwrap_or(Target::NoSla),
                resolution,
                calendar: cal,
                note: t.note.clone(),
            }
        };
        // The plan-wide default is checked once, where it is written.
        let default = plan
            .default_target
            .as_ref()
            .map(|t| stated(&mut c, &join_key(&p, "default_target"), t));
        let mut targets = Vec::new();
        for level in &raw.levels {
            let lp = join_key(&tp, &level.id);
            let t = match (plan.targets.get(&level.id), &default) {
                (Some(t), _) => stated(&mut c, &lp, t),
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
    let plan_ids = Ids {
        what: "plan",
        ids: raw.plans.iter().map(|p| p.id.as_str()).collect(),
    };
    let default_plan = match &raw.default_plan {
        Some(id) => plan_ids.resolve(&mut c, "default_plan", id),
        None => Some(0),
    };

    // Channels.
    let mut channels = Vec::new();
    for (i, ch) in raw.channels.iter().enumerate() {
        let p = join_index("channels", i);
        if ch.usage != ChannelUse::NotAccepted {
            c.non_empty(&join_key(&p, "value"), &ch.value);
        }
        channels.push(Channel {
            kind: ch.kind,
            value: ch.value.clone(),
            label: ch.label.clone(),
            usage: ch.usage,
            levels: level_ids.resolve_set(&mut c, &join_key(&p, "levels"), &ch.levels),
            plans: plan_ids.resolve_set(&mut c, &join_key(&p, "plans"), &ch.plans),
            note: ch.note.clone(),
        });
    }
    channel_conflicts(&mut c, &channels, &raw.levels);

    // Detail fields.
    let mut seen = BTreeSet::new();
    let mut fields = Vec::new();
    for (i, f) in raw.fields.iter().enumerate() {
        let p = join_index("fields", i);
        c.id(&join_key(&p, "id"), &f.id, "field", &mut seen);
        c.non_empty(&join_key(&p, "label"), &f.label);
        match (f.kind, f.options.len()) {
            (FieldKind::Choice, n) if n < 2 => c.err(
                &join_key(&p, "options"),
                "a choice field needs at least 2 options",
            ),
            (FieldKind::Choice, _) | (_, 0) => {}
            (_, _) => c.err(
                &join_key(&p, "options"),
                "only fields of kind \"choice\" take options",
            ),
        }
        let mut scope = |name: &str, s: &Scope| match s {
            Scope::All(true) => Applies::Always,
            Scope::All(false) => Applies::Never,
            Scope::Only(def) => {
                let sp = join_key(&p, name);
                if def.types.is_none() && def.levels.is_none() {
                    c.err(&sp, "give `types` and/or `levels`, or use true/false");
                }
                Applies::Only {
                    types: type_ids.resolve_set(&mut c, &join_key(&sp, "types"), &def.types),
                    levels: level_ids.resolve_set(&mut c, &join_key(&sp, "levels"), &def.levels),
                }
            }
        };
        let ask = scope("ask", &f.ask);
        let required = scope("required", &f.required);
        fields.push(Field {
            id: f.id.clone(),
            label: f.label.clone(),
            help: f.help.clone(),
            kind: f.kind,
            options: f.options.clone(),
            ask,
            required,
        });
    }

    let endpoint = endpoint(&mut c, &raw.endpoint);

    let mut escalation = Vec::new();
    for (i, s) in raw.escalation.iter().enumerate() {
        let p = join_index("escalation", i);
        c.non_empty(&join_key(&p, "title"), &s.title);
        escalation.push(EscalationStep {
            title: s.title.clone(),
            detail: s.detail.clone(),
            contact: s.contact.clone(),
            levels: level_ids.resolve_set(&mut c, &join_key(&p, "levels"), &s.levels),
            plans: plan_ids.resolve_set(&mut c, &join_key(&p, "plans"), &s.plans),
        });
    }
    for (list, name) in [(&raw.tips, "tips"), (&raw.notes, "notes")] {
        for (i, t) in list.iter().enumerate() {
            c.non_empty(&join_index(name, i), t);
        }
    }
    for (key, value) in &raw.strings {
        let name = serde_json::to_value(key)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        c.non_empty(&join_key("strings", &name), value);
    }

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(Policy {
        id: raw.id.clone(),
        vendor: raw.vendor.clone(),
        source: raw.source.clone(),
        levels,
        default_level: default_level.unwrap_or(0),
        request_types,
        questions,
        rules,
        matrix,
        calendars,
        plans,
        default_plan: default_plan.unwrap_or(0),
        channels,
        fields,
        endpoint,
        fallback_contact: raw.fallback_contact.clone(),
        escalation,
        tips: raw.tips.clone(),
        notes: raw.notes.clone(),
        strings: raw.strings.clone(),
    })
}

/// Resolves a condition against `questions` (the ones it may refer to).
fn condition(
    c: &mut Check,
    path: &str,
    cond: &super::format::Condition,
    questions: &[QuestionDef],
    scope_hint: &str,
) -> super::model::Condition {
    let mut out = Vec::new();
    for (qid, options) in cond {
        let qp = join_key(path, qid);
        let Some(qi) = questions.iter().position(|q| &q.id == qid) else {
            let hint = if scope_hint.is_empty() {
                String::new()
            } else {
                format!(" ({scope_hint})")
            };
            c.err_key(
                &qp,
                format!(
                    "unknown question {qid:?}{hint}; expected {}",
                    choices(questions.iter().map(|q| q.id.as_str()))
                ),
            );
            continue;
        };
        let q = &questions[qi];
        let ids = options.as_slice();
        if ids.is_empty() {
            c.err(&qp, "list at least one option");
        }
        let mut set = BTreeSet::new();
        for (k, oid) in ids.iter().enumerate() {
            let op = if matches!(options, OneOrMany::Many(_)) {
                join_index(&qp, k)
            } else {
                qp.clone()
            };
            match q.options.iter().position(|o| &o.id == oid) {
                Some(oi) => {
                    set.insert(oi);
                }
                None => c.err(
                    &op,
                    format!(
                        "question {qid:?} has no option {oid:?}; expected {}",
                        choices(q.options.iter().map(|o| o.id.as_str()))
                    ),
                ),
            }
        }
        out.push((qi, set));
    }
    super::model::Condition(out)
}

fn matrix(c: &mut Check, m: &MatrixDef, questions: &[QuestionDef], levels: &Ids) -> Option<Matrix> {
    let q_ids = Ids {
        what: "question",
        ids: questions.iter().map(|q| q.id.as_str()).collect(),
    };
    let rows = q_ids.resolve(c, "decision.matrix.rows", &m.rows);
    let columns = q_ids.resolve(c, "decision.matrix.columns", &m.columns);
    c.non_empty("decision.matrix.reason", &m.reason);
    let stripped = m.reason.replace("{row}", "").replace("{column}", "");
    if stripped.contains('{') {
        c.err(
            "decision.matrix.reason",
            "the only placeholders are {row} and {column}",
        );
    }
    let (rows, columns) = (rows?, columns?);
    if rows == columns {
        c.err(
            "decision.matrix.columns",
            "rows and columns must be different questions",
        );
        return None;
    }
    let (rq, cq) = (&questions[rows], &questions[columns]);
    let mut cells = vec![vec![0; cq.options.len()]; rq.options.len()];
    let mut ok = true;
    for key in m.levels.keys() {
        if !rq.options.iter().any(|o| &o.id == key) {
            c.err_key(
                &join_key("decision.matrix.levels", key),
                format!(
                    "{:?} is not an option of {:?}; expected {}",
                    key,
                    rq.id,
                    choices(rq.options.iter().map(|o| o.id.as_str()))
                ),
            );
        }
    }
    for (ri, ro) in rq.options.iter().enumerate() {
        let rp = join_key("decision.matrix.levels", &ro.id);
        let Some(row) = m.levels.get(&ro.id) else {
            c.err(
                "decision.matrix.levels",
                format!(
                    "no row for {:?} option {:?}; every pair needs a level",
                    rq.id, ro.id
                ),
            );
            ok = false;
            continue;
        };
        for key in row.keys() {
            if !cq.options.iter().any(|o| &o.id == key) {
                c.err_key(
                    &join_key(&rp, key),
                    format!(
                        "{:?} is not an option of {:?}; expected {}",
                        key,
                        cq.id,
                        choices(cq.options.iter().map(|o| o.id.as_str()))
                    ),
                );
            }
        }
        for (ci, co) in cq.options.iter().enumerate() {
            match row.get(&co.id) {
                None => {
                    c.err(
                        &rp,
                        format!(
                            "no level for {:?}={:?} with {:?}={:?}",
                            rq.id, ro.id, cq.id, co.id
                        ),
                    );
                    ok = false;
                }
                Some(level) => match levels.resolve(c, &join_key(&rp, &co.id), level) {
                    Some(l) => cells[ri][ci] = l,
                    None => ok = false,
                },
            }
        }
    }
    ok.then(|| Matrix {
        rows,
        columns,
        cells,
        reason: m.reason.clone(),
    })
}

fn target(c: &mut Check, path: &str, text: &str) -> Option<Target> {
    text.parse::<Target>()
        .map_err(|e| c.err(path, e.to_string()))
        .ok()
}

fn parse_clock(s: &str) -> Option<i64> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((h < 24 && m < 60) || (h == 24 && m == 0)).then_some(h * 3600 + m * 60)
}

fn zone_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.contains("..")
        && !name.starts_with('/')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'+' | b'-'))
}

fn coverage(c: &mut Check, p: &str, cal: &CalendarDef, zones: &dyn Zones) -> Option<Coverage> {
    let kind_name = match cal.kind {
        CalendarKind::Always => "24x7",
        CalendarKind::Weekdays => "24x5",
        CalendarKind::BusinessHours => "business_hours",
    };
    if cal.kind == CalendarKind::Always {
        for (present, field) in [
            (!cal.hours.is_empty(), "hours"),
            (!cal.holidays.is_empty(), "holidays"),
        ] {
            if present {
                c.err(
                    &join_key(p, field),
                    format!("a 24x7 calendar takes no `{field}`: it covers every instant"),
                );
            }
        }
        // With a zone, "days" keep the wall-clock time there: every day covered around the clock.
        return match &cal.time_zone {
            None => Some(Coverage::Always),
            Some(_) => Some(Coverage::Weekly(Weekly {
                time_zone: time_zone(c, p, cal, kind_name, zones)?,
                windows: std::array::from_fn(|_| vec![(0, 86_400)]),
                holidays: BTreeSet::new(),
            })),
        };
    }
    let zone = time_zone(c, p, cal, kind_name, zones);
    let mut windows: [Vec<(i64, i64)>; 7] = Default::default();
    match cal.kind {
        CalendarKind::Weekdays => {
            if !cal.hours.is_empty() {
                c.err(&join_key(p, "hours"), "a 24x5 calendar takes no `hours` (it is Mon–Fri around the clock); use kind \"business_hours\" for other hours");
            }
            for w in windows.iter_mut().take(5) {
                w.push((0, 86_400));
            }
        }
        _ => {
            let hp = join_key(p, "hours");
            if cal.hours.is_empty() {
                c.err(&hp, "business hours need at least one entry, e.g. {\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"from\": \"09:00\", \"to\": \"17:00\"}");
            }
            // (window, index of the entry that opened it) per weekday, to name both sides of an overlap.
            let mut by_day: [Vec<(i64, i64, usize)>; 7] = Default::default();
            for (i, h) in cal.hours.iter().enumerate() {
                let ep = join_index(&hp, i);
                let from = parse_clock(&h.from);
                let to = parse_clock(&h.to);
                if from.is_none() || from == Some(86_400) {
                    c.err(
                        &join_key(&ep, "from"),
                        format!("{:?} is not a time of day \"HH:MM\" (00:00–23:59)", h.from),
                    );
                }
                if to.is_none() {
                    c.err(
                        &join_key(&ep, "to"),
                        format!("{:?} is not a time of day \"HH:MM\" (00:00–24:00)", h.to),
                    );
                }
                if h.days.is_empty() {
                    c.err(
                        &join_key(&ep, "days"),
                        "list at least one day, e.g. [\"mon\", \"tue\"]",
                    );
                }
                let mut days = BTreeSet::new();
                for (k, d) in h.days.iter().enumerate() {
                    match Weekday::parse(d) {
                        Some(w) if !days.insert(w) => c.err(&join_index(&join_key(&ep, "days"), k), format!("{d:?} is listed twice")),
                        Some(_) => {}
                        None => c.err(
                            &join_index(&join_key(&ep, "days"), k),
                            format!("{d:?} is not a day; expected one of \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\""),
                        ),
                    }
                }
                let (Some(from), Some(to)) = (from, to) else {
                    continue;
                };
                if from >= to {
                    c.err(&join_key(&ep, "to"), format!("closes at {} but opens at {}: `to` must be after `from` (split overnight hours into two entries)", h.to, h.from));
                    continue;
                }
                for w in days {
                    for &(f2, t2, j) in &by_day[w.index()] {
                        if from < t2 && f2 < to {
                            c.err(
                                &ep,
                                format!(
                                    "overlaps hours[{j}] on {} ({}–{} and {:02}:{:02}–{:02}:{:02})",
                                    w.short(),
                                    h.from,
                                    h.to,
                                    f2 / 3600,
                                    f2 % 3600 / 60,
                                    t2 / 3600,
                                    t2 % 3600 / 60
                                ),
                            );
                        }
                    }
                    by_day[w.index()].push((from, to, i));
                }
            }
            for (w, day) in windows.iter_mut().zip(by_day) {
                *w = day.into_iter().map(|(f, t, _)| (f, t)).collect();
                w.sort_unstable();
            }
        }
    }
    if cal.holidays.len() > limits::MAX_HOLIDAYS {
        c.err(
            &join_key(p, "holidays"),
            format!("at most {} holidays", limits::MAX_HOLIDAYS),
        );
    }
    let mut holidays = BTreeSet::new();
    for (i, h) in cal.holidays.iter().enumerate() {
        let hp = join_index(&join_key(p, "holidays"), i);
        match Date::parse(h) {
            Some(d) if !holidays.insert(d) => c.err(&hp, format!("holiday {h} is listed twice")),
            Some(_) => {}
            None => c.err(&hp, format!("{h:?} is not a date \"YYYY-MM-DD\"")),
        }
    }
    Some(Coverage::Weekly(Weekly {
        time_zone: zone?,
        windows,
        holidays,
    }))
}

/// The calendar's time zone, checked against the zones the loader knows.
fn time_zone(
    c: &mut Check,
    p: &str,
    cal: &CalendarDef,
    kind_name: &str,
    zones: &dyn Zones,
) -> Option<String> {
    match &cal.time_zone {
        None => {
            c.err(
                p,
                format!("a {kind_name} calendar needs a `time_zone`, e.g. \"Europe/Berlin\""),
            );
            None
        }
        Some(z) if !zone_name_ok(z) => {
            c.err(
                &join_key(p, "time_zone"),
                format!("{z:?} is not an IANA time zone name, e.g. \"America/New_York\""),
            );
            None
        }
        Some(z) => {
            if let Some(why) = super::zone_names::legacy(z) {
                c.err(&join_key(p, "time_zone"), why);
                return None;
            }
            match zones.offset(z, 0) {
                Ok(_) => Some(z.clone()),
                Err(e) => {
                    let known = zones.names();
                    let hint = super::zone_names::nearest(z, &known)
                        .map(|n| format!("; did you mean {n:?}?"))
                        .unwrap_or_default();
                    c.err(&join_key(p, "time_zone"), format!("{e}{hint}"));
                    None
                }
            }
        }
    }
}

/// A person-readable description of coverage, e.g. "Mon–Fri 09:00–17:00 (Europe/Berlin)".
pub(crate) fn describe(coverage: &Coverage) -> String {
    let Coverage::Weekly(w) = coverage else {
        return "24/7".into();
    };
    let all_day = |d: usize| w.windows[d] == [(0, 86_400)];
    if (0..7).all(all_day) && w.holidays.is_empty() {
        return format!("24/7 ({})", w.time_zone);
    }
    if (0..5).all(all_day) && w.windows[5].is_empty() && w.windows[6].is_empty() {
        return format!("24/5, Mon–Fri ({})", w.time_zone);
    }
    // Group consecutive days with identical hours.
    let mut parts: Vec<String> = Vec::new();
    let mut d = 0;
    while d < 7 {
        if w.windows[d].is_empty() {
            d += 1;
            continue;
        }
        let mut e = d;
        while e + 1 < 7 && w.windows[e + 1] == w.windows[d] {
            e += 1;
        }
        let days = if e == d {
            Weekday::ALL[d].short().to_string()
        } else {
            format!("{}–{}", Weekday::ALL[d].short(), Weekday::ALL[e].short())
        };
        let hours: Vec<String> = w.windows[d]
            .iter()
            .map(|(f, t)| {
                format!(
                    "{:02}:{:02}–{:02}:{:02}",
                    f / 3600,
                    f % 3600 / 60,
                    t / 3600,
                    t % 3600 / 60
                )
            })
            .collect();
        parts.push(format!("{days} {}", hours.join(", ")));
        d = e + 1;
    }
    format!("{} ({})", parts.join("; "), w.time_zone)
}

fn channel_conflicts(c: &mut Check, channels: &[Channel], levels: &[LevelDef]) {
    // The same channel both required and refused for one level (on overlapping plans) cannot be followed.
    let mut by_key: BTreeMap<(ChannelKind, &str), Vec<usize>> = BTreeMap::new();
    for (i, ch) in channels.iter().enumerate() {
        by_key
            .entry((ch.kind, ch.value.as_str()))
            .or_default()
            .push(i);
    }
    for idxs in by_key.values() {
        for &a in idxs {
            for &b in idxs {
                let (x, y) = (&channels[a], &channels[b]);
                if a < b
                    && matches!(x.usage, ChannelUse::Required)
                        != matches!(y.usage, ChannelUse::Required)
                    && (x.usage == ChannelUse::NotAccepted || y.usage == ChannelUse::NotAccepted)
                {
                    let overlap = (0..levels.len()).find(|l| {
                        x.levels.as_ref().is_none_or(|s| s.contains(l))
                            && y.levels.as_ref().is_none_or(|s| s.contains(l))
                    });
                    let plans_overlap = match (&x.plans, &y.plans) {
                        (Some(p), Some(q)) => !p.is_disjoint(q),
                        _ => true,
                    };
                    if let (Some(l), true) = (overlap, plans_overlap) {
                        c.err(
                            &join_index("channels", b),
                            format!("channels[{a}] and channels[{b}] both apply to level {:?} but one requires this channel and the other refuses it", levels[l].id),
                        );
                    }
                }
            }
        }
    }
}

fn endpoint(c: &mut Check, e: &EndpointDef) -> Endpoint {
    if let Err(why) = check_url(&e.url) {
        c.err("endpoint.url", format!("{:?}: {why}", e.url));
    }
    if !(1..=120).contains(&e.timeout_seconds) {
        c.err(
            "endpoint.timeout_seconds",
            format!("must be 1–120 seconds (got {})", e.timeout_seconds),
        );
    }
    if !e.reference_pointer.is_empty() && !e.reference_pointer.starts_with('/') {
        c.err("endpoint.reference_pointer", format!("{:?} is not a JSON pointer; it starts with '/', e.g. \"/reference\" or \"/data/id\"", e.reference_pointer));
    }
    let mut headers = Vec::new();
    for (name, value) in &e.headers {
        let hp = join_key("endpoint.headers", name);
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            c.err_key(&hp, format!("{name:?} is not a valid HTTP header name"));
        } else if ["content-type", "content-length", "host", "cookie", "origin"]
            .contains(&name.to_ascii_lowercase().as_str())
        {
            c.err_key(
                &hp,
                format!("{name:?} is set by the browser or the widget and cannot be overridden"),
            );
        }
        if value.contains(['\r', '\n']) {
            c.err(&hp, "a header value must be one line");
        }
        headers.push((name.clone(), value.clone()));
    }
    Endpoint {
        url: e.url.clone(),
        headers,
        timeout_seconds: e.timeout_seconds,
        reference_pointer: e.reference_pointer.clone(),
    }
}

/// An endpoint is https, http on loopback, or a path on the host page's own origin.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Ok(());
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err("must start with https:// (http:// only on loopback), or be a path such as /api/tickets".into());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("must not carry credentials in the URL; use `headers`".into());
    }
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() || url.contains(char::is_whitespace) {
        return Err("has no host".into());
    }
    let loopback = host == "localhost"
        || host == "[::1]"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host.split('.').all(|p| p.parse::<u8>().is_ok()));
    if !secure && !loopback {
        return Err(
            "plain http:// is only allowed on loopback (127.0.0.1, localhost, [::1]); use https://"
                .into(),
        );
    }
    Ok(())
}
