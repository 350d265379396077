//! Turns a parsed [`PolicyFile`] into a [`Policy`], collecting every mistake instead of stopping at one.
//!
//! One file per section of the policy (levels and questions, decision, calendars, plans, channels and
//! endpoint); this one holds what they share and runs them in order, each section resolving the ids of
//! the ones before it.
//!
//! Each check speaks to an integrator: it names the field by path and says what would be right, using the
//! valid choices where there are any.

mod alternative;
mod calendars;
mod channels;
mod decision;
mod levels;
mod plans;

use std::collections::BTreeSet;

use super::format::*;
use super::index::*;
use super::model::*;
use super::position::{join_index, join_key, Anchor};
use super::Pending;
use crate::time::Zones;

#[derive(Default)]
struct Check<'b> {
    errors: Vec<Pending>,
    /// Things worth knowing that are not mistakes (`triage check` prints them; exit 0).
    notes: Vec<Pending>,
    /// Objects whose shape was wrong and hold placeholders (see `lenient`): nothing is said about them.
    broken: &'b [String],
}

impl Check<'_> {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.push(path, Anchor::Value, message);
    }

    fn err_key(&mut self, path: &str, message: impl Into<String>) {
        self.push(path, Anchor::Key, message);
    }

    fn note(&mut self, path: &str, message: impl Into<String>) {
        if !self.is_broken(path) {
            Pending::push(&mut self.notes, path, Anchor::Value, message);
        }
    }

    fn push(&mut self, path: &str, anchor: Anchor, message: impl Into<String>) {
        // Past the limit nothing more is listed; checking `broken` first would cost for nothing.
        if self.errors.len() <= super::limits::MAX_ERRORS && !self.is_broken(path) {
            Pending::push(&mut self.errors, path, anchor, message);
        }
    }

    /// Whether `path` is, or lies within, an object that holds a placeholder.
    fn is_broken(&self, path: &str) -> bool {
        self.broken.iter().any(|b| within(path, b))
    }

    /// Whether nothing at or under `path` is broken: a list of ids with a broken entry cannot say
    /// that a reference to an id it does not hold is a mistake (it may be to that entry).
    fn intact(&self, path: &str) -> bool {
        !self.broken.iter().any(|b| within(b, path))
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

/// Whether `path` is `base` or lies under it (`base.x`, `base[3]`).
fn within(path: &str, base: &str) -> bool {
    base.is_empty()
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
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

/// Resolves ids against a table, reporting unknown ones with the valid choices; `I` is the index type
/// the ids resolve to.
struct Ids<'a, I> {
    what: &'static str,
    ids: Vec<&'a str>,
    /// False when the list they come from has a broken entry: an id not found is then not reported.
    complete: bool,
    ix: std::marker::PhantomData<I>,
}

impl<'a, I: From<usize> + Ord> Ids<'a, I> {
    /// The ids of the list at `path` (e.g. "levels").
    fn new(c: &Check, path: &str, what: &'static str, ids: impl Iterator<Item = &'a str>) -> Self {
        Ids {
            what,
            ids: ids.collect(),
            complete: c.intact(path),
            ix: std::marker::PhantomData,
        }
    }

    /// Whether `id` is unknown for certain (and so worth reporting).
    fn surely_unknown(&self, id: &str) -> bool {
        self.complete && !self.ids.contains(&id)
    }

    fn find(&self, id: &str) -> Option<I> {
        self.ids.iter().position(|x| *x == id).map(I::from)
    }

    fn resolve(&self, c: &mut Check, path: &str, id: &str) -> Option<I> {
        let found = self.find(id);
        if found.is_none() && self.complete {
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

    fn resolve_set(&self, c: &mut Check, path: &str, ids: &Option<Vec<String>>) -> Option<IxSet<I>>
    where
        I: Ix,
    {
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

/// Characters of logs per ticket: enough for a stack trace, small enough for the 256 KiB ticket limit.
const TEXT_BUDGET: std::ops::RangeInclusive<u32> = 1_000..=48_000;

/// A valid policy and the notes about it.
pub(super) type Validated = (Policy, Vec<Pending>);

/// Checks the file; `broken` lists the objects whose shape was wrong (they hold placeholders and are
/// not checked further).
pub(super) fn validate(
    raw: &PolicyFile,
    zones: &dyn Zones,
    broken: &[String],
) -> Result<Validated, Vec<Pending>> {
    let mut c = Check {
        broken,
        ..Check::default()
    };
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
    if !TEXT_BUDGET.contains(&raw.collect.text_budget) {
        c.err(
            "collect.text_budget",
            format!(
                "the text budget is {} characters; it must be between {} and {} (a ticket must stay under its size limit)",
                raw.collect.text_budget,
                TEXT_BUDGET.start(),
                TEXT_BUDGET.end()
            ),
        );
    }

    let levels = levels::levels(&mut c, raw);
    let level_ids = Ids::new(
        &c,
        "levels",
        "level",
        raw.levels.iter().map(|l| l.id.as_str()),
    );
    let default_level = level_ids.resolve(&mut c, "default_level", &raw.default_level);
    let request_types = levels::request_types(&mut c, raw, &level_ids);
    let type_ids = Ids::new(
        &c,
        "request_types",
        "request type",
        raw.request_types.iter().map(|t| t.id.as_str()),
    );
    let questions = levels::questions(&mut c, raw, &type_ids);
    let rules = decision::rules(&mut c, raw, &level_ids);
    let matrix = raw
        .decision
        .matrix
        .as_ref()
        .and_then(|m| decision::matrix(&mut c, m, &raw.questions, &level_ids));

    let calendars = calendars::calendars(&mut c, raw, zones);
    let calendar_ids = Ids::new(
        &c,
        "calendars",
        "calendar",
        raw.calendars.keys().map(String::as_str),
    );
    let plans = plans::plans(&mut c, raw, &level_ids, &calendar_ids);
    let plan_ids = Ids::new(&c, "plans", "plan", raw.plans.iter().map(|p| p.id.as_str()));
    let default_plan = match &raw.default_plan {
        Some(id) => plan_ids.resolve(&mut c, "default_plan", id),
        None => Some(PlanIx(0)),
    };

    let channels = channels::channels(&mut c, raw, &level_ids, &plan_ids);
    let fields = channels::fields(&mut c, raw, &type_ids, &level_ids);
    let endpoint = channels::endpoint(&mut c, &raw.endpoint);
    let escalation = channels::escalation(&mut c, raw, &level_ids, &plan_ids);
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

    if !c.errors.is_empty() || !broken.is_empty() {
        return Err(c.errors);
    }
    let policy = Policy {
        id: raw.id.clone(),
        vendor: raw.vendor.clone(),
        source: raw.source.clone(),
        levels,
        default_level: default_level.unwrap_or_default(),
        request_types,
        questions,
        rules,
        matrix,
        calendars,
        plans,
        default_plan: default_plan.unwrap_or_default(),
        channels,
        fields,
        endpoint,
        fallback_contact: raw.fallback_contact.clone(),
        escalation,
        tips: raw.tips.clone(),
        notes: raw.notes.clone(),
        strings: raw.strings.clone().into_iter().collect(),
        collect: Collect {
            text_budget: raw.collect.text_budget as usize,
            context_off: raw.collect.context_off.iter().copied().collect(),
            redact: crate::redact::Options {
                emails: raw.collect.redact_emails,
                ip_addresses: raw.collect.redact_ip_addresses,
            },
        },
        version: String::new(),
    };
    Ok((policy, c.notes))
}

/// Builds policies for the section tests: a minimal valid policy with some top-level fields replaced.
#[cfg(test)]
pub(super) mod test_support;
