//! `triage check`, `compile` and `table` (and what `explain`, in explain_cmd.rs, shares with them):
//! integrators' tools for writing and exploring a policy without a browser. Output formats and exit codes
//! are stable; scripts depend on them.

use std::path::Path;

use triage_core::policy::{self, LevelIx, PlanIx, Policy, QuestionIx, TypeIx};
use triage_core::table;

use crate::zones::SystemZones;

/// Bad input (exit 1) versus bad usage (exit 2).
#[derive(Debug)]
pub enum Failure {
    Invalid(String),
    Usage(String),
}

pub fn read_policy(path: &Path) -> Result<Policy, Failure> {
    read_loaded(path).map(|l| l.policy)
}

/// The policy and the notes about it (only `check` prints them: they are not mistakes, and `compile`
/// validates exactly as `check` does, same errors, same exit codes).
fn read_loaded(path: &Path) -> Result<policy::Loaded, Failure> {
    let text = read_text(path)?;
    policy::load_with_notes(&text, &SystemZones)
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
        // One line per error whatever its text holds (a newline in a quoted key must not start a
        // line that looks like another error): escaped here, the line breaks added after.
        let line = format!("{}:{e}", path.display());
        out.push_str(&crate::out::escape(&line));
        out.push('\n');
    }
    out.push_str(&format!(
        "{}: {} error{}",
        path.display(),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    ));
    out
}

/// The compiled form on stdout (one line); nothing on stdout when the policy is invalid, so
/// `triage compile p.json > p.compiled.json` never leaves a half-written file that looks usable.
pub fn compile(file: &Path) -> Result<(), Failure> {
    let p = read_policy(file)?;
    crate::out::json_text(&policy::compile(&p));
    Ok(())
}

/// Checks every file; prints one line per valid file (and its notes, which do not change the exit
/// code) and every error of the others.
pub fn check(files: &[std::path::PathBuf]) -> Result<(), Failure> {
    let (mut failed, mut unreadable) = (0, 0);
    for f in files {
        match read_loaded(f) {
            Ok(policy::Loaded { policy: p, notes }) => {
                outln!(
                    "{}: ok ({}: {} levels, {} questions, {} rules, {} plans)",
                    f.display(),
                    p.vendor,
                    p.levels.len(),
                    p.questions.len(),
                    p.rules.len(),
                    p.plans.len()
                );
                for n in notes {
                    outln!(
                        "{}:{}:{}: note: {}: {}",
                        f.display(),
                        n.line,
                        n.column,
                        n.path,
                        n.message
                    );
                }
            }
            Err(Failure::Invalid(msg)) => {
                crate::out::err(&msg);
                failed += 1;
            }
            Err(Failure::Usage(msg)) => {
                crate::out::err(&format!("triage: {msg}"));
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

pub(crate) fn type_ix(p: &Policy, id: Option<&str>) -> Result<Option<TypeIx>, Failure> {
    let Some(id) = id else { return Ok(None) };
    p.type_ix(id).map(Some).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown request type {id:?}; expected one of {}",
            quoted(p.request_types.iter().map(|t| t.id.as_str()))
        ))
    })
}

pub(crate) fn plan_ix(p: &Policy, id: Option<&str>) -> Result<PlanIx, Failure> {
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

pub(crate) fn quoted<'a>(ids: impl Iterator<Item = &'a str>) -> String {
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
            crate::out::line(&[
                &answers,
                &format!(
                    "-> {} ({basis}; first response {target})",
                    p.levels[r.level].id
                ),
            ]);
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
