//! What leaves the browser: every free-text part of the ticket (summary, justification, line and text
//! fields, logs, attachments, context) with the secret scanner's findings masked, except those the person
//! chose to keep. The person sees each finding (kind, where, a masked preview) and can undo one; the
//! ticket records only kinds and counts.
//!
//! A finding is identified by where it is and the value it masks, `(part, value)`, not by offsets: the
//! person may edit the text after review and an undo must follow the value, not a position.

use crate::maps::SortedMap;

use super::details::LogSource;
use super::Draft;
use crate::context::ContextItem;
use crate::policy::{FieldKind, Policy};
use crate::redact::{self, Finding, Kind};

/// A part of the ticket that is scanned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Summary,
    Justification,
    /// A detail field, by index into `policy.fields`.
    Field(usize),
    /// An attachment, by index into `draft.attachments`.
    Attachment(usize),
    Context(ContextItem),
}

/// Each part's text as it will be sent (findings masked): a short list looked up by part, not a B-tree map
/// (one more map type would cost kilobytes of wasm for a handful of entries).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartTexts(Vec<(Part, String)>);

impl PartTexts {
    pub fn get(&self, part: &Part) -> Option<&String> {
        self.0.iter().find(|(p, _)| p == part).map(|(_, t)| t)
    }

    pub fn remove(&mut self, part: &Part) -> Option<String> {
        let i = self.0.iter().position(|(p, _)| p == part)?;
        Some(self.0.swap_remove(i).1)
    }

    fn insert(&mut self, part: Part, text: String) {
        match self.0.iter_mut().find(|(p, _)| *p == part) {
            Some(slot) => slot.1 = text,
            None => self.0.push((part, text)),
        }
    }
}

impl Part {
    /// A stable key, used to remember undone findings.
    pub fn key(&self, policy: &Policy) -> String {
        match self {
            Part::Summary => "summary".into(),
            Part::Justification => "justification".into(),
            Part::Field(i) => format!("field:{}", policy.fields[*i].id),
            Part::Attachment(n) => format!("attachment:{n}"),
            Part::Context(c) => format!("context:{}", c.id()),
        }
    }
}

/// One finding as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub part: Part,
    pub kind: Kind,
    /// Enough to recognise the value, never enough to rebuild it.
    pub preview: String,
    /// Whether the person chose to send this value as it is.
    pub undone: bool,
    /// The undo key's value half; kept out of every rendering.
    value: String,
}

/// One scanned part: its text as it would be sent without redaction, and what the scanner found.
struct Scanned {
    part: Part,
    text: String,
    findings: Vec<Finding>,
}

impl Draft {
    /// Every scanned part's text before redaction (logs already trimmed to the budget).
    fn raw_parts(&self, policy: &Policy) -> Vec<(Part, String)> {
        let mut out = vec![(Part::Summary, self.summary.trim().to_string())];
        if self.needs_justification(policy) {
            out.push((Part::Justification, self.justification.trim().to_string()));
        }
        let logs = self.logs(policy);
        for (i, _) in self.fields(policy) {
            let field = &policy.fields[i];
            let text = match field.kind {
                FieldKind::Line | FieldKind::Text => self.detail(field).trim().to_string(),
                FieldKind::Log => logs
                    .iter()
                    .find(|l| l.source == LogSource::Field(i))
                    .map(|l| l.text.clone())
                    .unwrap_or_default(),
                // Contact addresses and fixed choices are the person's own data, sent as given.
                FieldKind::Email | FieldKind::Choice => continue,
            };
            out.push((Part::Field(i), text));
        }
        for l in &logs {
            if let LogSource::Attachment(n) = l.source {
                out.push((Part::Attachment(n), l.text.clone()));
            }
        }
        for (item, value) in self.context_items(policy) {
            out.push((Part::Context(item), value));
        }
        out
    }

    fn scanned(&self, policy: &Policy) -> Vec<Scanned> {
        self.raw_parts(policy)
            .into_iter()
            .map(|(part, text)| Scanned {
                findings: redact::scan(&text, &policy.collect.redact),
                part,
                text,
            })
            .collect()
    }

    fn is_undone(&self, policy: &Policy, part: &Part, value: &str) -> bool {
        self.undone.contains(&(part.key(policy), value.to_string()))
    }

    /// Every finding in every part, in ticket order.
    pub fn findings(&self, policy: &Policy) -> Vec<Shown> {
        let mut out = Vec::new();
        for s in self.scanned(policy) {
            for f in &s.findings {
                let value = s.text[f.start..f.end].to_string();
                out.push(Shown {
                    undone: self.is_undone(policy, &s.part, &value),
                    part: s.part.clone(),
                    kind: f.kind,
                    preview: f.preview(&s.text),
                    value,
                });
            }
        }
        out
    }

    /// Send this finding's value as it is (`keep`), or mask it again.
    pub fn undo(&mut self, policy: &Policy, finding: &Shown, keep: bool) {
        let key = (finding.part.key(policy), finding.value.clone());
        if keep {
            self.undone.insert(key);
        } else {
            self.undone.remove(&key);
        }
    }

    /// Every scanned part as it will be sent (masked except what was undone), and the redaction counts.
    pub fn redacted(&self, policy: &Policy) -> (PartTexts, SortedMap<String, u32>) {
        let mut texts = PartTexts::default();
        let mut masked = Vec::new();
        for s in self.scanned(policy) {
            let keep: Vec<Finding> = s
                .findings
                .into_iter()
                .filter(|f| !self.is_undone(policy, &s.part, &s.text[f.start..f.end]))
                .collect();
            texts.insert(s.part, redact::redact(&s.text, &keep));
            masked.extend(keep);
        }
        (texts, redact::summarize(&masked))
    }

    /// `text` of `part` with every finding masked except those undone: what the draft store keeps, so
    /// no secret the person has not chosen to send is ever written to the browser's storage.
    pub(super) fn masked(&self, policy: &Policy, part: &Part, text: &str) -> String {
        let keep: Vec<Finding> = redact::scan(text, &policy.collect.redact)
            .into_iter()
            .filter(|f| !self.is_undone(policy, part, &text[f.start..f.end]))
            .collect();
        redact::redact(text, &keep)
    }

    /// The context items that will be sent: gathered, not switched off by the policy, not removed.
    pub fn context_items(&self, policy: &Policy) -> Vec<(ContextItem, String)> {
        self.context
            .iter()
            .filter(|(item, value)| {
                !policy.collect.context_off.contains(item)
                    && !self.context_removed.contains(item)
                    && !value.trim().is_empty()
            })
            .cloned()
            .collect()
    }

    /// Removes a context item from the ticket, or puts it back.
    pub fn remove_context(&mut self, item: ContextItem, removed: bool) {
        if removed {
            self.context_removed.insert(item);
        } else {
            self.context_removed.remove(&item);
        }
    }

    /// What the browser says now (page URL, viewport, online, …), for a panel built before it was shown:
    /// each item's value is replaced where it stands, so the review keeps its order, and items the host
    /// page supplied are left alone.
    pub fn refresh_context(&mut self, gathered: impl IntoIterator<Item = (ContextItem, String)>) {
        for (item, value) in gathered {
            match self.context.iter_mut().find(|(i, _)| *i == item) {
                Some(slot) => slot.1 = value,
                None => self.context.push((item, value)),
            }
        }
    }

    /// Context the host page supplies (`el.open({ context })`, `context-*` attributes) by item id. A
    /// host value replaces what was gathered for that item, except the person's time zone and language;
    /// ids it cannot take are returned so the shell can say they were ignored.
    pub fn add_host_context<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<String> {
        let mut unknown = Vec::new();
        for (id, value) in items {
            match ContextItem::from_id(id) {
                // The person's own time zone and language are what the deadline text was computed with.
                Some(ContextItem::TimeZone | ContextItem::Language) | None => {
                    unknown.push(id.to_string())
                }
                Some(item) => {
                    self.context.retain(|(i, _)| *i != item);
                    self.context.push((item, value.to_string()));
                }
            }
        }
        unknown
    }
}
