//! Writes a validated [`Policy`] in the compiled form (the CLI's `triage compile`).
//!
//! Each record below is the exact list [`super::decode`] reads back; the round trip is tested on every
//! seed and fixture policy.

use serde_json::{json, Value};

use super::{FORMAT, MAGIC};
use crate::policy::*;

/// The compiled form of `policy` as one line of JSON. `<`, `>` and `&` are written as `\u003c` etc., so
/// the text can be inlined in a `<script type="application/json">` element: a `</script>` inside a
/// policy string cannot end it.
pub fn compile(p: &Policy) -> String {
    let v = json!([
        MAGIC,
        FORMAT,
        p.version,
        p.id,
        p.vendor,
        p.source,
        // [id, name, definition, [examples]]
        list(&p.levels, |l| json!([
            l.id,
            l.name,
            l.definition,
            l.examples
        ])),
        p.default_level.0,
        // [id, name, description?, fixed level?, most severe, least severe, skip questions 0/1, reason?]
        list(&p.request_types, |t| json!([
            t.id,
            t.name,
            t.description,
            t.fixed.map(|l| l.0),
            t.bounds.0 .0,
            t.bounds.1 .0,
            u8::from(t.skip_questions),
            t.reason
        ])),
        // [id, text, help?, [option id, label, option id, label, …], condition, types?]
        list(&p.questions, |q| json!([
            q.id,
            q.text,
            q.help,
            q.options
                .iter()
                .flat_map(|o| [&o.id, &o.label])
                .collect::<Vec<_>>(),
            condition(&q.ask_when),
            q.types.as_ref().map(|s| bits(s.iter().map(|t| t.0)))
        ])),
        // [condition, level, reason]
        list(&p.rules, |r| json!([
            condition(&r.when),
            r.level.0,
            r.reason
        ])),
        // [rows question, columns question, [level of each cell, row by row], reason]
        p.matrix.as_ref().map(|m| json!([
            m.rows.0,
            m.columns.0,
            m.cells.iter().flatten().map(|l| l.0).collect::<Vec<_>>(),
            m.reason
        ])),
        // [id, label, coverage]: coverage null for 24/7 without a zone, else
        // [zone, [7 × [from, to, from, to, …] seconds], [holidays as days since 1970-01-01]]
        list(&p.calendars, |c| json!([
            c.id,
            c.label,
            match &c.coverage {
                Coverage::Always => Value::Null,
                Coverage::Weekly(w) => json!([
                    w.time_zone,
                    w.windows
                        .iter()
                        .map(|d| d.iter().flat_map(|&(a, b)| [a, b]).collect::<Vec<_>>())
                        .collect::<Vec<_>>(),
                    w.holidays.iter().map(|d| d.days()).collect::<Vec<_>>()
                ]),
            }
        ])),
        // [id, name, description?, [targets per level], [notes]]
        list(&p.plans, |pl| json!([
            pl.id,
            pl.name,
            pl.description,
            list(&pl.targets, targets),
            pl.notes
        ])),
        p.default_plan.0,
        // [kind, value, label?, use, levels?, plans?, note?, instruction]
        list(&p.channels, |c| json!([
            c.kind as u8,
            c.value,
            c.label,
            c.usage as u8,
            c.levels.as_ref().map(|s| bits(s.iter().map(|l| l.0))),
            c.plans.as_ref().map(|s| bits(s.iter().map(|l| l.0))),
            c.note,
            c.instruction as u8
        ])),
        // [id, label, help?, kind, [options], ask, required]
        list(&p.fields, |f| json!([
            f.id,
            f.label,
            f.help,
            f.kind as u8,
            f.options,
            applies(&f.ask),
            applies(&f.required)
        ])),
        // [url, [name, value, name, value, …], timeout seconds, reference pointer]
        json!([
            p.endpoint.url,
            p.endpoint
                .headers
                .iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<_>>(),
            p.endpoint.timeout_seconds,
            p.endpoint.reference_pointer
        ]),
        p.fallback_contact,
        // [title, detail?, contact?, levels?, plans?]
        list(&p.escalation, |e| json!([
            e.title,
            e.detail,
            e.contact,
            e.levels.as_ref().map(|s| bits(s.iter().map(|l| l.0))),
            e.plans.as_ref().map(|s| bits(s.iter().map(|l| l.0)))
        ])),
        p.tips,
        p.notes,
        // [index in UiString::ALL, text, …]
        p.strings
            .iter()
            .flat_map(|(k, v)| {
                let ix = crate::strings::UiString::ALL.iter().position(|x| x == k);
                [json!(ix), json!(v)]
            })
            .collect::<Vec<_>>(),
        // [text budget, context items off (bits of ContextItem::ALL), 1 = redact emails | 2 = IP addresses]
        json!([
            p.collect.text_budget,
            bits(p.collect.context_off.iter().map(crate::policy::Ix::get)),
            u8::from(p.collect.redact.emails) | u8::from(p.collect.redact.ip_addresses) << 1
        ])
    ]);
    let text = v.to_string();
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

fn list<T>(items: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(f).collect())
}

/// A set of indices: one number while every index is below 64, else a list of 64-bit words.
pub(super) fn bits(ixs: impl Iterator<Item = usize>) -> Value {
    let mut words: Vec<u64> = vec![0];
    for i in ixs {
        if words.len() <= i / 64 {
            words.resize(i / 64 + 1, 0);
        }
        words[i / 64] |= 1 << (i % 64);
    }
    if words.len() == 1 {
        json!(words[0])
    } else {
        json!(words)
    }
}

/// `[question, option set, question, option set, …]`.
fn condition(c: &Condition) -> Value {
    Value::Array(
        c.0.iter()
            .flat_map(|(q, opts)| [json!(q.0), bits(opts.iter().map(|o| o.0))])
            .collect(),
    )
}

/// `[0, first response, resolution?, calendar?, note?, alternative?]` or `[1, text, calendar?]`; an
/// alternative is `[first response, calendar, condition, channel kind?, note?]`.
fn targets(t: &LevelTargets) -> Value {
    match t {
        LevelTargets::Stated {
            first_response,
            resolution,
            calendar,
            note,
            alternative,
        } => json!([
            0,
            target(*first_response),
            resolution.map(target),
            calendar.map(|c| c.0),
            note,
            alternative.as_ref().map(|a| json!([
                target(a.first_response),
                a.calendar.0,
                condition(&a.answers),
                a.channel.map(|k| k as u8),
                a.note
            ]))
        ]),
        LevelTargets::Elsewhere { text, calendar } => json!([1, text, calendar.map(|c| c.0)]),
    }
}

/// 0 best effort, 1 no SLA, else `amount << 3 | unit << 1 | indicative`.
pub(super) fn target(t: Target) -> u64 {
    let timed = |amount: u32, unit: Unit, indicative: bool| {
        u64::from(amount) << 3 | (unit as u64) << 1 | u64::from(indicative)
    };
    match t {
        Target::BestEffort => 0,
        Target::NoSla => 1,
        Target::Within { amount, unit } => timed(amount, unit, false),
        Target::Indicative { amount, unit } => timed(amount, unit, true),
    }
}

/// 1 always, 0 never, `[types?, levels?]` for some.
fn applies(a: &Applies) -> Value {
    match a {
        Applies::Always => json!(1),
        Applies::Never => json!(0),
        Applies::Only { types, levels } => json!([
            types.as_ref().map(|s| bits(s.iter().map(|t| t.0))),
            levels.as_ref().map(|s| bits(s.iter().map(|l| l.0)))
        ]),
    }
}
