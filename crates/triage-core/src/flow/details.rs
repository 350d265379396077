//! The details step: the policy's fields for this request type and level, which of them are required,
//! the email check, attached text files, and the per-ticket text budget for logs. Pure, so the widget
//! only renders what this says and every rule is tested natively.

use super::{Draft, Problem};
use crate::policy::{Field, FieldKind, Policy};
use crate::ticket::trim_keep_tail;

/// A text file the person attached, as read (before trimming and redaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedFile {
    pub name: String,
    /// Bytes, as the browser reported them.
    pub size: u64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// NUL bytes or invalid UTF-8: an image, an archive, a core dump — nothing support can read inline.
    #[error("not a text file")]
    Binary,
}

/// The text of an attached file, or why it is refused.
pub fn read_text_file(bytes: &[u8]) -> Result<String, FileError> {
    if bytes.contains(&0) {
        return Err(FileError::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::Binary)?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

/// Where a piece of log text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSource {
    /// A `log` field, by index into `policy.fields`.
    Field(usize),
    /// An attachment, by index into `draft.attachments`.
    Attachment(usize),
}

/// A piece of log text as it will be sent: trimmed to what is left of the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPart {
    pub source: LogSource,
    pub text: String,
    /// Characters cut from the start, when trimmed.
    pub cut: Option<usize>,
}

/// A checked email list: one or more addresses separated by commas, semicolons or spaces.
pub fn valid_emails(text: &str) -> bool {
    let mut any = false;
    for part in text.split([',', ';', ' ', '\n']).filter(|p| !p.is_empty()) {
        any = true;
        if !valid_email(part) {
            return false;
        }
    }
    any
}

/// A plausible address: `local@domain.tld`, no spaces, one `@`, a dot in the domain not at either end.
fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.chars().all(|c| !c.is_whitespace() && !c.is_control())
}

impl Draft {
    /// The detail fields asked now (by index into `policy.fields`), each with whether it is required.
    pub fn fields(&self, policy: &Policy) -> Vec<(usize, bool)> {
        let level = self.level(policy);
        policy
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.ask.holds(self.request_type, level))
            .map(|(i, f)| (i, f.required.holds(self.request_type, level)))
            .collect()
    }

    /// The text entered for a field (empty when none).
    pub fn detail(&self, field: &Field) -> &str {
        self.details.get(&field.id).map_or("", String::as_str)
    }

    pub fn set_detail(&mut self, policy: &Policy, field: usize, text: String) {
        if let Some(f) = policy.fields.get(field) {
            self.details.insert(f.id.clone(), text);
        }
    }

    /// Whether the policy asks for logs now (files can be attached only then).
    pub fn takes_logs(&self, policy: &Policy) -> bool {
        self.fields(policy)
            .iter()
            .any(|&(i, _)| policy.fields[i].kind == FieldKind::Log)
    }

    pub fn attach(&mut self, file: AttachedFile) {
        self.attachments.push(file);
    }

    pub fn detach(&mut self, n: usize) {
        if n < self.attachments.len() {
            self.attachments.remove(n);
        }
    }

    /// The problems of the details step, in screen order: the summary, then each field.
    pub(super) fn details_problems(&self, policy: &Policy, out: &mut Vec<Problem>) {
        if self.summary.trim().is_empty() {
            out.push(Problem::SummaryMissing);
        }
        for (i, required) in self.fields(policy) {
            let field = &policy.fields[i];
            let text = self.detail(field).trim();
            if text.is_empty() {
                if required {
                    out.push(Problem::FieldMissing(i));
                }
            } else if field.kind == FieldKind::Email && !valid_emails(text) {
                out.push(Problem::EmailInvalid(i));
            }
        }
    }

    /// Every piece of log text — the `log` fields asked, then the attachments — trimmed so that together
    /// they fit the policy's text budget. Earlier pieces are kept whole first; each trimmed piece keeps
    /// its end, where the newest lines are.
    pub fn logs(&self, policy: &Policy) -> Vec<LogPart> {
        let mut left = policy.collect.text_budget;
        let fields = self
            .fields(policy)
            .into_iter()
            .filter(|&(i, _)| policy.fields[i].kind == FieldKind::Log)
            .map(|(i, _)| (LogSource::Field(i), self.detail(&policy.fields[i])));
        let files = self
            .attachments
            .iter()
            .enumerate()
            .map(|(n, a)| (LogSource::Attachment(n), a.text.as_str()));
        fields
            .chain(files)
            .map(|(source, text)| {
                let (text, cut) = trim_keep_tail(text, left);
                left -= text.chars().count().min(left);
                LogPart { source, text, cut }
            })
            .collect()
    }
}
