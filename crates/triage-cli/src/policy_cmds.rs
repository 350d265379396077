//! `triage check`, `table` and `explain`: integrators' tools for writing and exploring a policy
//! without a browser. Output formats and exit codes are stable; scripts depend on them.

use std::path::Path;

use triage_core::explain::{explain, Explanation};
use triage_core::policy::{self, Policy};
use triage_core::table;
use triage_core::time::{parse_rfc3339_utc, SystemZones};
use triage_core::triage::Answers;

/// Bad input (exit 1) versus bad usage (exit 2).
#[derive(Debug)]
pub enum Failure {
    Invalid(String),
    Usage(String),
}

pub fn read_policy(path: &Path) -> Result<Policy, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    policy::load(&text, &SystemZones)
        .map_err(|errors| Failure::Invalid(render_errors(path, &errors)))
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
pub fn check(files: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut failed = 0;
    for f in files {
        match read_policy(f) {
            Ok(p) => println!(
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
            Err(usage) => return Err(usage),
        }
    }
    if failed > 0 {
        Err(Failure::Invalid(format!(
            "{failed} of {} policies invalid",
            files.len()
        )))
    } else {
        Ok(())
    }
}

fn type_ix(p: &Policy, id: Option<&str>) -> Result<Option<usize>, Failure> {
    let Some(id) = id else { return Ok(None) };
    p.type_ix(id).map(Some).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown request type {id:?}; expected one of {}",
            quoted(p.request_types.iter().map(|t| t.id.as_str()))
        ))
    })
}

fn plan_ix(p: &Policy, id: Option<&str>) -> Result<usize, Failure> {
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
    let types: Vec<Option<usize>> = match type_ix(&p, request_type)? {
        Some(t) => vec![Some(t)],
        None if p.request_types.is_empty() => vec![None],
        None => (0..p.request_types.len()).map(Some).collect(),
    };
    let mut reached = std::collections::BTreeSet::new();
    let mut idle_everywhere: Option<std::collections::BTreeSet<usize>> = None;
    for t in types {
        let tab = table::enumerate(&p, t).map_err(|e| Failure::Invalid(e.to_string()))?;
        let name = t.map_or("(no request type)".to_string(), |t| {
            format!("request type {:?}", p.request_types[t].id)
        });
        println!(
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
            let target = match &p.plans[plan].targets[r.level] {
                policy::LevelTargets::Stated { first_response, .. } => first_response.to_string(),
                policy::LevelTargets::Elsewhere { text, .. } => text.clone(),
            };
            let basis = match r.basis {
                triage_core::triage::Basis::Rule(i) => format!("rule {}", i + 1),
                triage_core::triage::Basis::Matrix => "matrix".into(),
                triage_core::triage::Basis::RequestType => "request type".into(),
                triage_core::triage::Basis::Default => "default".into(),
            };
            println!(
                "{answers}\t-> {} ({basis}; first response {target})",
                p.levels[r.level].id
            );
            reached.insert(r.level);
        }
        let idle: std::collections::BTreeSet<usize> = tab.idle_questions.iter().copied().collect();
        idle_everywhere = Some(match idle_everywhere {
            None => idle,
            Some(prev) => prev.intersection(&idle).copied().collect(),
        });
    }
    for (l, level) in p.levels.iter().enumerate() {
        if !reached.contains(&l) {
            println!(
                "warning: level {:?} ({}) is never suggested by any answers",
                level.id, level.name
            );
        }
    }
    for q in idle_everywhere.unwrap_or_default() {
        println!(
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
        println!(
            "{}",
            serde_json::to_string_pretty(&e).expect("explanation serializes")
        );
    } else {
        print!("{}", human(&e));
    }
    Ok(())
}

fn human(e: &Explanation) -> String {
    let mut out = format!("{} — {} ({})\n", e.level_name, e.definition, e.level);
    for r in &e.reasons {
        out.push_str(&format!("  because: {r}\n"));
    }
    let target = |label: &str, t: &triage_core::explain::Target| {
        let due = t
            .deadline
            .as_deref()
            .map(|d| format!(", due {d}"))
            .unwrap_or_default();
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
