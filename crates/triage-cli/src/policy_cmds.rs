//! `triage check`, `compile`, `table` and `explain`: integrators' tools for writing and exploring a policy
//! without a browser. Output formats and exit codes are stable; scripts depend on them.

use std::path::Path;

use triage_core::explain::{explain, Explanation};
use triage_core::policy::{self, LevelIx, PlanIx, Policy, QuestionIx, TypeIx};
use triage_core::table;
use triage_core::time::parse_rfc3339_utc;

use crate::zones::SystemZones;
use triage_core::triage::{asked, Answers};

/// Bad input (exit 1) versus bad usage (exit 2).
#[derive(Debug)]
pub enum Failure {
    Invalid(String),
    Usage(String),
}

pub fn read_policy(path: &Path) -> Result<Policy, Failure> {
    let text = read_text(path)?;
    policy::load(&text, &SystemZones)
        .map_err(|errors| Failure::Invalid(render_errors(path, &errors)))
}

/// Reads at most one byte more than a policy may have, so `/dev/zero` or a huge file costs nothing.
/// A file that cannot be opened is a usage mistake (exit 2); one that is too big or not UTF-8 text is
/// invalid input (exit 1).
fn read_text(path: &Path) -> Result<String, Failure> {
    use std::io::Read;
    let limit = policy::limits::MAX_POLICY_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    if bytes.len() > limit {
        return Err(Failure::Invalid(format!(
            "{}: the policy is over the limit of {limit} bytes",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::Invalid(format!(
            "{}: not UTF-8 text (invalid byte at offset {}); a policy is a JSON file",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn render_errors(path: &Path, errors: &[policy::PolicyError]) -> String {
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!("{}:{e}\n", path.display()));
    }
    out.push_str(&format!(
        "{}: {} error{}",
        path.display(),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    ));
    out
}

/// Checks every file; prints one line per valid file and every error of the others.
/// The compiled form on stdout (one line); nothing on stdout when the policy is invalid, so
/// `triage compile p.json > p.compiled.json` never leaves a half-written file that looks usable.
pub fn compile(file: &Path) -> Result<(), Failure> {
    let p = read_policy(file)?;
    outln!("{}", policy::compile(&p));
    Ok(())
}

pub fn check(files: &[std::path::PathBuf]) -> Result<(), Failure> {
    let (mut failed, mut unreadable) = (0, 0);
    for f in files {
        match read_policy(f) {
            Ok(p) => outln!(
                "{}: ok ({}: {} levels, {} questions, {} rules, {} plans)",
                f.display(),
                p.vendor,
                p.levels.len(),
                p.questions.len(),
                p.rules.len(),
                p.plans.len()
            ),
            Err(Failure::Invalid(msg)) => {
                eprintln!("{msg}");
                failed += 1;
            }
            Err(Failure::Usage(msg)) => {
                eprintln!("triage: {msg}");
                unreadable += 1;
            }
        }
    }
    // Every file is checked; an unreadable one is still a usage mistake and decides the exit code.
    match (unreadable, failed) {
        (0, 0) => Ok(()),
        (0, _) => Err(Failure::Invalid(format!(
            "{failed} of {} policies invalid",
            files.len()
        ))),
        (_, _) => Err(Failure::Usage(format!(
            "{unreadable} of {} files could not be read; {failed} invalid",
            files.len()
        ))),
    }
}

fn type_ix(p: &Policy, id: Option<&str>) -> Result<Option<TypeIx>, Failure> {
    let Some(id) = id else { return Ok(None) };
    p.type_ix(id).map(Some).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown request type {id:?}; expected one of {}",
            quoted(p.request_types.iter().map(|t| t.id.as_str()))
        ))
    })
}

fn plan_ix(p: &Policy, id: Option<&str>) -> Result<PlanIx, Failure> {
    let Some(id) = id else {
        return Ok(p.default_plan);
    };
    p.plan_ix(id).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown plan {id:?}; expected one of {}",
            quoted(p.plans.iter().map(|t| t.id.as_str()))
        ))
    })
}

fn quoted<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<String> = ids.map(|s| format!("{s:?}")).collect();
    if v.is_empty() {
        "(none defined)".into()
    } else {
        v.join(", ")
    }
}

pub fn table(path: &Path, plan: Option<&str>, request_type: Option<&str>) -> Result<(), Failure> {
    let p = read_policy(path)?;
    let plan = plan_ix(&p, plan)?;
    let types: Vec<Option<TypeIx>> = match type_ix(&p, request_type)? {
        Some(t) => vec![Some(t)],
        None if p.request_types.is_empty() => vec![None],
        None => TypeIx::all(p.request_types.len()).map(Some).collect(),
    };
    let mut reached = std::collections::BTreeSet::new();
    let mut idle_everywhere: Option<std::collections::BTreeSet<QuestionIx>> = None;
    for t in types {
        let tab = table::enumerate(&p, t).map_err(|e| Failure::Invalid(e.to_string()))?;
        let name = t.map_or("(no request type)".to_string(), |t| {
            format!("request type {:?}", p.request_types[t].id)
        });
        outln!(
            "# {name}, plan {:?}: {} combination(s)",
            p.plans[plan].id,
            tab.rows.len()
        );
        for r in &tab.rows {
            let answers: Vec<String> = r
                .answers
                .iter()
                .map(|&(q, o)| format!("{}={}", p.questions[q].id, p.questions[q].options[o].id))
                .collect();
            let answers = if answers.is_empty() {
                "(no questions)".to_string()
            } else {
                answers.join(" ")
            };
            let target = table::first_response(&p, plan, t, r);
            let basis = match r.basis {
                triage_core::triage::Basis::Rule(i) => format!("rule {}", i + 1),
                triage_core::triage::Basis::Matrix => "matrix".into(),
                triage_core::triage::Basis::RequestType => "request type".into(),
                triage_core::triage::Basis::Default => "default".into(),
            };
            outln!(
                "{answers}\t-> {} ({basis}; first response {target})",
                p.levels[r.level].id
            );
            reached.insert(r.level);
        }
        let idle: std::collections::BTreeSet<QuestionIx> =
            tab.idle_questions.iter().copied().collect();
        idle_everywhere = Some(match idle_everywhere {
            None => idle,
            Some(prev) => prev.intersection(&idle).copied().collect(),
        });
    }
    for (l, level) in p.levels.iter().enumerate() {
        if !reached.contains(&LevelIx(l)) {
            outln!(
                "warning: level {:?} ({}) is never suggested by any answers",
                level.id,
                level.name
            );
        }
    }
    for q in idle_everywhere.unwrap_or_default() {
        outln!(
            "warning: question {:?} never changes the result",
            p.questions[q].id
        );
    }
    Ok(())
}

pub struct ExplainArgs<'a> {
    pub path: &'a Path,
    pub request_type: Option<&'a str>,
    pub plan: Option<&'a str>,
    pub answers: &'a [String],
    pub at: Option<&'a str>,
    pub json: bool,
}

pub fn explain_cmd(a: ExplainArgs) -> Result<(), Failure> {
    let p = read_policy(a.path)?;
    let t = type_ix(&p, a.request_type)?;
    let plan = plan_ix(&p, a.plan)?;
    let mut pairs = Vec::new();
    for s in a.answers {
        let (q, o) = s
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--answer takes QUESTION=OPTION (got {s:?})")))?;
        pairs.push((q, o));
    }
    let answers = Answers::from_ids(&p, pairs).map_err(Failure::Usage)?;
    unasked(&p, t, &answers)?;
    let at = match a.at {
        Some(s) => parse_rfc3339_utc(s).ok_or_else(|| {
            Failure::Usage(format!(
                "--at takes an RFC 3339 time like 2026-11-24T09:30:00Z (got {s:?})"
            ))
        })?,
        None => jiff::Timestamp::now().as_second(),
    };
    let e = explain(&p, t, plan, &answers, None, at, &SystemZones)
        .map_err(|e| Failure::Invalid(e.to_string()))?;
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&e).expect("explanation serializes")
        );
    } else {
        out!("{}", human(&e));
    }
    Ok(())
}

/// An answer to a question the widget would not ask on this path would be silently ignored: say so.
fn unasked(p: &Policy, t: Option<TypeIx>, answers: &Answers) -> Result<(), Failure> {
    let asked = asked(p, t, answers);
    for (q, question) in p.questions.iter().enumerate() {
        let q = QuestionIx(q);
        if answers.get(q).is_none() || asked.contains(&q) {
            continue;
        }
        let rt = t.map(|t| &p.request_types[t]);
        let why = match (rt, &question.types) {
            (Some(rt), _) if rt.skip_questions => {
                format!("request type {:?} skips the questions", rt.id)
            }
            (_, Some(types)) if t.is_none_or(|t| !types.contains(&t)) => format!(
                "it is asked only for request type {}{}",
                quoted(types.iter().map(|i| p.request_types[i].id.as_str())),
                if t.is_none() { " (give --type)" } else { "" }
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

fn human(e: &Explanation) -> String {
    let mut out = format!("{} — {} ({})\n", e.level_name, e.definition, e.level);
    for r in &e.reasons {
        out.push_str(&format!("  because: {r}\n"));
    }
    let target = |label: &str, t: &triage_core::explain::TargetOut| {
        let due = match (t.kind, t.deadline.as_deref()) {
            ("indicative", Some(d)) => format!(", indicatively by {d} (not promised)"),
            (_, Some(d)) => format!(", due {d}"),
            (_, None) => String::new(),
        };
        format!(
            "{label} ({} plan): {}{}{due}\n",
            e.plan_name,
            t.target,
            t.coverage
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default()
        )
    };
    out.push_str(&target("First response", &e.first_response));
    out.push_str(&alternative_lines(&e.first_response));
    if let Some(r) = &e.resolution {
        out.push_str(&target("Resolution", r));
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
        out.push_str(&format!("Channel: {} ({kind}){note}\n", c.value));
    }
    for s in &e.escalation {
        out.push_str(&format!("Escalation: {s}\n"));
    }
    for n in &e.notes {
        out.push_str(&format!("Note: {n}\n"));
    }
    out.push_str(&format!("Submitted at {}\n", e.submitted_at));
    out
}

/// A first response that depends on how the case is raised: what selected this one, or the promise
/// beside it ("  or 4 hours [24/7] if raised by phone, due …").
fn alternative_lines(t: &triage_core::explain::TargetOut) -> String {
    let mut out = String::new();
    if let Some(when) = &t.when {
        out.push_str(&format!("  (the target's alternative, {when})\n"));
    }
    if let Some(a) = &t.alternative {
        let due = match (a.kind, a.deadline.as_deref()) {
            ("indicative", Some(d)) => format!(", indicatively by {d} (not promised)"),
            (_, Some(d)) => format!(", due {d}"),
            (_, None) => String::new(),
        };
        let coverage = a.coverage.as_deref().map(|c| format!(" [{c}]"));
        let when = a.when.as_ref().map(|w| format!(" {w}"));
        let note = a.note.as_deref().map(|n| format!(" — {n}"));
        out.push_str(&format!(
            "  or {}{}{}{due}{}\n",
            a.target,
            coverage.unwrap_or_default(),
            when.unwrap_or_default(),
            note.unwrap_or_default()
        ));
    }
    out
}
