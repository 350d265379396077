//! What a channel's value is — a number to dial, an address to write to, a page to open, or words to
//! follow — and so whether the widget makes it a link. `triage check` refuses a value that claims to be
//! one and is not, and the widget links only what this module says is dialable or navigable, so a person
//! in trouble never taps a `tel:` link that dials nothing, and a policy cannot smuggle header fields
//! (`?cc=…&body=…`) into a `mailto:` link.
//!
//! Vendors often publish "call the number in your contract" or "your TAM": such a value is declared an
//! instruction (`"instruction": true`) and shown as text.

use std::fmt;

use super::ChannelKind;

/// How the widget shows a channel's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelLink {
    /// A `tel:` URL (RFC 3966), e.g. `tel:+498912345678;ext=12`.
    Phone(String),
    /// A `mailto:` URL to one address, with nothing after it.
    Email(String),
    /// An https page.
    Web(String),
    /// Words to read: no link.
    Text,
}

impl ChannelLink {
    /// The URL to put in `href`, if the value is a link.
    pub fn href(&self) -> Option<&str> {
        match self {
            ChannelLink::Phone(u) | ChannelLink::Email(u) | ChannelLink::Web(u) => Some(u),
            ChannelLink::Text => None,
        }
    }
}

impl fmt::Display for ChannelLink {
    /// What `triage check` says it inferred.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChannelLink::Phone(u) => write!(f, "a phone number, linked as {u}"),
            ChannelLink::Email(u) => write!(f, "an email address, linked as {u}"),
            ChannelLink::Web(u) => write!(f, "a web page, linked as {u}"),
            ChannelLink::Text => write!(f, "an instruction, shown as text without a link"),
        }
    }
}

/// Why a channel's value cannot be what its kind says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelValueError {
    #[error("has no digits, so it cannot be dialled; if it is an instruction (\"the number in your contract\"), add \"instruction\": true and it is shown as text")]
    PhoneWithoutDigits,
    #[error("is not a dialable number: write 6 to 15 digits, optionally with a leading +, spaces, dashes, dots, brackets and an extension (\"+49 89 1234-5678 ext. 12\"); or add \"instruction\": true to show it as text")]
    PhoneNotDialable,
    #[error("is not one email address such as support@example.com (a `mailto:` link takes nothing else: `?cc=` or `&body=` would add header fields); or add \"instruction\": true to show it as text")]
    EmailNotOneAddress,
}

/// What the widget does with `value` on a channel of `kind`. Only https URLs become web links: a
/// `javascript:` or `data:` value on any kind is text.
pub fn channel_link(
    kind: ChannelKind,
    value: &str,
    instruction: bool,
) -> Result<ChannelLink, ChannelValueError> {
    let value = value.trim();
    if instruction || value.is_empty() {
        return Ok(ChannelLink::Text);
    }
    match kind {
        ChannelKind::Phone => dialable(value).map(ChannelLink::Phone),
        ChannelKind::Email => email(value).map(ChannelLink::Email),
        _ if is_https(value) => Ok(ChannelLink::Web(value.to_string())),
        _ => Ok(ChannelLink::Text),
    }
}

fn is_https(value: &str) -> bool {
    value
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        && value.len() > 8
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

/// `tel:` + the number with its separators removed, and `;ext=` for an extension written as `ext.`,
/// `ext`, `x` or `#`.
fn dialable(value: &str) -> Result<String, ChannelValueError> {
    if !value.chars().any(|c| c.is_ascii_digit()) {
        return Err(ChannelValueError::PhoneWithoutDigits);
    }
    let lower = value.to_ascii_lowercase();
    let (number, extension) = ["ext.", "ext", "x", "#"]
        .iter()
        .find_map(|mark| lower.split_once(mark))
        .map_or((lower.as_str(), None), |(n, e)| (n, Some(e.trim())));
    let plus = number.trim_start().starts_with('+');
    let mut digits = String::new();
    for (i, c) in number.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return Err(ChannelValueError::PhoneNotDialable),
        }
    }
    if !(6..=15).contains(&digits.len()) {
        return Err(ChannelValueError::PhoneNotDialable);
    }
    let mut tel = format!("tel:{}{digits}", if plus { "+" } else { "" });
    if let Some(ext) = extension {
        if ext.is_empty() || ext.len() > 6 || !ext.chars().all(|c| c.is_ascii_digit()) {
            return Err(ChannelValueError::PhoneNotDialable);
        }
        tel.push_str(";ext=");
        tel.push_str(ext);
    }
    Ok(tel)
}

/// `mailto:` + one address. The characters allowed are those of a plain address (RFC 5322's dot-atom
/// without quoting), so nothing can add a header field or a second recipient.
fn email(value: &str) -> Result<String, ChannelValueError> {
    let address = value.strip_prefix("mailto:").unwrap_or(value);
    let Some((local, domain)) = address.split_once('@') else {
        return Err(ChannelValueError::EmailNotOneAddress);
    };
    let atom = |c: char| c.is_ascii_alphanumeric() || "!$'*+-=^_`{|}~.".contains(c);
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(atom)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && domain.split('.').all(label_ok);
    if ok {
        Ok(format!("mailto:{local}@{domain}"))
    } else {
        Err(ChannelValueError::EmailNotOneAddress)
    }
}

#[cfg(test)]
mod tests {
    use super::{channel_link, ChannelLink, ChannelValueError::*};
    use crate::policy::ChannelKind::{Email, Phone, Portal};

    #[test]
    fn phone_numbers_are_dialable_with_their_separators_and_extension() {
        for (value, tel) in [
            ("+49 89 1234-5678", "tel:+498912345678"),
            ("(0800) 123.4567", "tel:08001234567"),
            ("+1 (415) 555-0100 ext. 12", "tel:+14155550100;ext=12"),
            ("+44 20 7946 0958 x 7", "tel:+442079460958;ext=7"),
            ("+61 2 9374 4000 #3", "tel:+61293744000;ext=3"),
        ] {
            assert_eq!(
                channel_link(Phone, value, false),
                Ok(ChannelLink::Phone(tel.into())),
                "{value}"
            );
        }
    }

    #[test]
    fn a_phone_value_that_dials_nothing_is_refused_unless_it_is_an_instruction() {
        for (value, why) in [
            ("Call the number in your contract", PhoneWithoutDigits),
            ("your TAM", PhoneWithoutDigits),
            ("+1 800 FLOWERS", PhoneNotDialable),
            ("12345", PhoneNotDialable),
            ("+49 89 1234 5678 9012 3456", PhoneNotDialable),
            ("+49 89 12345678 ext. 12a", PhoneNotDialable),
            ("javascript:alert(1)//+4989123456", PhoneNotDialable),
        ] {
            assert_eq!(channel_link(Phone, value, false), Err(why), "{value}");
            assert_eq!(channel_link(Phone, value, true), Ok(ChannelLink::Text));
        }
    }

    /// Issue 20, finding 8: an email value cannot carry header fields into its `mailto:` link.
    #[test]
    fn an_email_channel_is_one_address_and_nothing_else() {
        assert_eq!(
            channel_link(Email, "support@acme.example", false),
            Ok(ChannelLink::Email("mailto:support@acme.example".into()))
        );
        assert_eq!(
            channel_link(Email, "mailto:first.last+p1@acme.example", false),
            Ok(ChannelLink::Email(
                "mailto:first.last+p1@acme.example".into()
            ))
        );
        for bad in [
            "support@acme.example?cc=attacker@evil.example",
            "support@acme.example&body=hello",
            "support@acme.example?subject=x",
            "a@acme.example,b@evil.example",
            "support@acme.example%0Abcc:x@evil.example",
            "support at acme.example",
            "Email support@acme.example",
            "@acme.example",
            "support@localhost",
        ] {
            assert_eq!(
                channel_link(Email, bad, false),
                Err(EmailNotOneAddress),
                "{bad}"
            );
        }
    }

    #[test]
    fn only_https_values_become_web_links() {
        assert_eq!(
            channel_link(Portal, "https://support.acme.example/new", false),
            Ok(ChannelLink::Web("https://support.acme.example/new".into()))
        );
        for text in [
            "javascript:alert(document.domain)",
            "data:text/html,<script>alert(1)</script>",
            "http://support.acme.example",
            "https://",
            "https://x.example/a b",
            "Ask your account manager",
        ] {
            assert_eq!(
                channel_link(Portal, text, false),
                Ok(ChannelLink::Text),
                "{text}"
            );
        }
    }
}
