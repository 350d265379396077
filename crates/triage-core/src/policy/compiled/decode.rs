//! Reads the compiled form back into a [`Policy`], over [`crate::json::Value`] by hand: serde derives on
//! the model would cost kilobytes of wasm each. Every index is checked against the list it points into
//! here, once, so the rest of the core can index without a check; an error names the place, e.g.
//! `levels[3].name: expected a string`.

use crate::json::Value;

use super::decode_sla::{calendar, plan};
use super::read::*;
use super::{CompiledError, FORMAT, MAGIC};
use crate::context::ContextItem;
use crate::policy::*;
use crate::strings::UiString;

pub(super) fn policy(v: &Value) -> Result<Policy, CompiledError> {
    let items = match v {
        Value::Object(o) if o.contains_key("levels") || o.contains_key("id") => {
            return Err(CompiledError::SourceFile { file: None })
        }
        Value::Array(items) if items.first().and_then(Value::as_str) == Some(MAGIC) => items,
        _ => return Err(CompiledError::NotCompiled),
    };
    match items.get(1) {
        Some(f) if f.as_u64() == Some(FORMAT) => {}
        found => {
            return Err(CompiledError::Format {
                found: found.map_or_else(|| "(none)".into(), Value::to_string),
            })
        }
    }
    Ok(body(v)?)
}

fn body(v: &Value) -> R<Policy> {
    let mut r = Rec::new(v, 24)?;
    r.next = 2;
    let version = r.get("version", string)?;
    let id = r.get("id", string)?;
    let vendor = r.get("vendor", string)?;
    let source = r.get("source", opt_string)?;
    let levels = r.get("levels", |v| list(v, level))?;
    let nl = levels.len();
    let default_level = r.get("default_level", |v| ix(v, nl, "level"))?;
    let request_types = r.get("request_types", |v| list(v, |v| request_type(v, nl)))?;
    let nt = request_types.len();
    // Conditions point at any question's options: read the questions first, then their conditions.
    let raw = r.get("questions", |v| list(v, |v| question(v, nt)))?;
    let counts: Vec<usize> = raw.iter().map(|(q, _)| q.options.len()).collect();
    let mut questions = Vec::with_capacity(raw.len());
    for (i, (mut q, when)) in raw.into_iter().enumerate() {
        let c = within(condition(when, &counts), Seg::Key("ask_when"));
        q.ask_when = within(within(c, Seg::Ix(i)), Seg::Key("questions"))?;
        questions.push(q);
    }
    let rules = r.get("rules", |v| list(v, |v| rule(v, nl, &counts)))?;
    let matrix = r.get("matrix", |v| match v {
        Value::Null => Ok(None),
        v => matrix(v, nl, &counts).map(Some),
    })?;
    let calendars = r.get("calendars", |v| list(v, calendar))?;
    let nc = calendars.len();
    let plans = r.get("plans", |v| list(v, |v| plan(v, nl, nc, &counts)))?;
    let np = plans.len();
    let default_plan = r.get("default_plan", |v| ix(v, np, "plan"))?;
    let channels = r.get("channels", |v| list(v, |v| channel(v, nl, np)))?;
    let fields = r.get("fields", |v| list(v, |v| field(v, nt, nl)))?;
    let endpoint = r.get("endpoint", endpoint)?;
    let fallback_contact = r.get("fallback_contact", string)?;
    let escalation = r.get("escalation", |v| list(v, |v| step(v, nl, np)))?;
    let tips = r.get("tips", strings)?;
    let notes = r.get("notes", strings)?;
    let strings = r.get("strings", ui_strings)?;
    let collect = r.get("collect", collect)?;
    Ok(Policy {
        id,
        vendor,
        source,
        levels,
        default_level,
        request_types,
        questions,
        rules,
        matrix,
        calendars,
        plans,
        default_plan,
        channels,
        fields,
        endpoint,
        fallback_contact,
        escalation,
        tips,
        notes,
        strings,
        collect,
        version,
    })
}

fn level(v: &Value) -> R<Level> {
    let mut r = Rec::new(v, 4)?;
    Ok(Level {
        id: r.get("id", string)?,
        name: r.get("name", string)?,
        definition: r.get("definition", string)?,
        examples: r.get("examples", strings)?,
    })
}

fn request_type(v: &Value, nl: usize) -> R<RequestType> {
    let mut r = Rec::new(v, 8)?;
    let id = r.get("id", string)?;
    let name = r.get("name", string)?;
    let description = r.get("description", opt_string)?;
    let fixed = r.get("level", |v| opt_ix(v, nl, "level"))?;
    let most: LevelIx = r.get("most_severe", |v| ix(v, nl, "level"))?;
    // `clamp` panics on reversed bounds.
    let least = r.get("least_severe", |v| match ix(v, nl, "level")? {
        l if l < most => bad("a level no more severe than most_severe"),
        l => Ok(l),
    })?;
    Ok(RequestType {
        id,
        name,
        description,
        fixed,
        bounds: (most, least),
        skip_questions: r.get("skip_questions", flag)?,
        reason: r.get("reason", opt_string)?,
    })
}

/// The question, and its condition to read once every question's options are known.
fn question(v: &Value, nt: usize) -> R<(Question, &Value)> {
    let mut r = Rec::new(v, 6)?;
    let id = r.get("id", string)?;
    let text = r.get("text", string)?;
    let help = r.get("help", opt_string)?;
    let options = r.get("options", |v| {
        let options = pairs(v)?
            .map(|p| {
                Ok(Choice {
                    id: string(&p[0])?,
                    label: string(&p[1])?,
                })
            })
            .collect::<R<Vec<_>>>()?;
        if options.is_empty() {
            return bad("at least one option");
        }
        Ok(options)
    })?;
    let when = r.get("ask_when", Ok)?;
    let types = r.get("types", |v| opt_set(v, nt, "request type"))?;
    let q = Question {
        id,
        text,
        help,
        options,
        ask_when: Condition::default(),
        types,
    };
    Ok((q, when))
}

/// `[question, option set, …]`; `counts` is each question's number of options.
pub(super) fn condition(v: &Value, counts: &[usize]) -> R<Condition> {
    let mut out = Vec::new();
    for p in pairs(v)? {
        let q: QuestionIx = ix(&p[0], counts.len(), "question")?;
        out.push((q, set(&p[1], counts[q.0], "option")?));
    }
    Ok(Condition(out))
}

fn rule(v: &Value, nl: usize, counts: &[usize]) -> R<Rule> {
    let mut r = Rec::new(v, 3)?;
    Ok(Rule {
        when: r.get("when", |v| condition(v, counts))?,
        level: r.get("level", |v| ix(v, nl, "level"))?,
        reason: r.get("reason", string)?,
    })
}

fn matrix(v: &Value, nl: usize, counts: &[usize]) -> R<Matrix> {
    let mut r = Rec::new(v, 4)?;
    let rows: QuestionIx = r.get("rows", |v| ix(v, counts.len(), "question"))?;
    let columns: QuestionIx = r.get("columns", |v| ix(v, counts.len(), "question"))?;
    let (nr, nc) = (counts[rows.0], counts[columns.0]);
    let cells = r.get("cells", |v| {
        let flat: Vec<LevelIx> = list(v, |v| ix(v, nl, "level"))?;
        if flat.len() != nr * nc {
            return bad(format!("{nr} × {nc} levels, one per pair of options"));
        }
        Ok(flat.chunks(nc.max(1)).map(<[LevelIx]>::to_vec).collect())
    })?;
    Ok(Matrix {
        rows,
        columns,
        cells,
        reason: r.get("reason", string)?,
    })
}

fn channel(v: &Value, nl: usize, np: usize) -> R<Channel> {
    let mut r = Rec::new(v, 8)?;
    Ok(Channel {
        kind: r.get("kind", |v| pick(v, &CHANNEL_KINDS, "channel kind"))?,
        value: r.get("value", string)?,
        label: r.get("label", opt_string)?,
        usage: r.get("use", |v| pick(v, &CHANNEL_USES, "channel use"))?,
        levels: r.get("levels", |v| opt_set(v, nl, "level"))?,
        plans: r.get("plans", |v| opt_set(v, np, "plan"))?,
        note: r.get("note", opt_string)?,
        instruction: r.get("instruction", flag)?,
    })
}

fn field(v: &Value, nt: usize, nl: usize) -> R<Field> {
    let mut r = Rec::new(v, 7)?;
    let applies = |v: &Value| match v {
        Value::Array(_) => {
            let mut r = Rec::new(v, 2)?;
            Ok(Applies::Only {
                types: r.get("types", |v| opt_set(v, nt, "request type"))?,
                levels: r.get("levels", |v| opt_set(v, nl, "level"))?,
            })
        }
        v => Ok(if flag(v)? {
            Applies::Always
        } else {
            Applies::Never
        }),
    };
    Ok(Field {
        id: r.get("id", string)?,
        label: r.get("label", string)?,
        help: r.get("help", opt_string)?,
        kind: r.get("kind", |v| pick(v, &FIELD_KINDS, "field kind"))?,
        options: r.get("options", strings)?,
        ask: r.get("ask", applies)?,
        required: r.get("required", applies)?,
    })
}

fn endpoint(v: &Value) -> R<Endpoint> {
    let mut r = Rec::new(v, 4)?;
    Ok(Endpoint {
        // The compiler checked it; a hand-edited file is checked again before anything is posted.
        url: r.get("url", |v| {
            let url = string(v)?;
            match crate::endpoint::check_url(&url) {
                Ok(()) => Ok(url),
                Err(why) => bad(format!("an endpoint URL that {why}")),
            }
        })?,
        headers: r.get("headers", |v| {
            pairs(v)?
                .map(|p| Ok((string(&p[0])?, string(&p[1])?)))
                .collect()
        })?,
        timeout_seconds: r.get("timeout_seconds", |v| number(v, u64::from(u32::MAX)))? as u32,
        reference_pointer: r.get("reference_pointer", string)?,
    })
}

fn step(v: &Value, nl: usize, np: usize) -> R<EscalationStep> {
    let mut r = Rec::new(v, 5)?;
    Ok(EscalationStep {
        title: r.get("title", string)?,
        detail: r.get("detail", opt_string)?,
        contact: r.get("contact", opt_string)?,
        levels: r.get("levels", |v| opt_set(v, nl, "level"))?,
        plans: r.get("plans", |v| opt_set(v, np, "plan"))?,
    })
}

fn ui_strings(v: &Value) -> R<Vec<(UiString, String)>> {
    pairs(v)?
        .map(|p| Ok((pick(&p[0], UiString::ALL, "UI string")?, string(&p[1])?)))
        .collect()
}

fn collect(v: &Value) -> R<Collect> {
    let mut r = Rec::new(v, 3)?;
    let text_budget = r.get("text_budget", |v| number(v, u64::from(u32::MAX)))? as usize;
    let off: IxSet<ContextItem> = r.get("context_off", |v| {
        set(v, ContextItem::ALL.len(), "context item")
    })?;
    let flags = r.get("redact", |v| number(v, 3))?;
    Ok(Collect {
        text_budget,
        context_off: off,
        redact: crate::redact::Options {
            emails: flags & 1 == 1,
            ip_addresses: flags & 2 == 2,
        },
    })
}
