//! Everything the CLI prints goes through here, for two reasons.
//!
//! Terminal safety: policies (and tickets) are other people's text. A level name holding `ESC [ 2 J`, a
//! carriage return or a right-to-left override would, printed as it is, clear the screen, overwrite
//! what was printed before or show text in another order than it is stored (a "Trojan source" review).
//! So every control character (C0, DEL and C1) and every bidi control (U+061C, U+200E/F, U+202A–U+202E,
//! U+2066–U+2069) in text is shown escaped, as `\u{1b}`; the only raw newlines and tabs are the ones
//! the CLI writes itself (line ends, and the table's column separator). JSON output keeps being JSON:
//! the same characters are written as `\u001b`-style escapes, which any JSON reader decodes back.
//! Doing it here, once, means no command can forget it.
//!
//! A reader going away: `println!` panics when the reader has gone away (`triage table acme.json |
//! head`, `triage tickets | less` quit early). A closed pipe only means nobody wants the rest, so the
//! command ends quietly and successfully, as ripgrep does; any other write error (a full disk behind a
//! redirect) is said in one line, exit 1, instead of a panic.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{ErrorKind, Write};

/// One line of text on stdout (see the module comment: control characters in it are escaped).
macro_rules! outln {
    ($($arg:tt)*) => { $crate::out::line(&[&format!($($arg)*)]) };
}

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character shown as `\u{…}` (newlines and tabs included: call this on text
/// from a policy, not on lines the CLI joins itself).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A line of tab-separated columns on stdout: each column escaped, the tabs between them and the
/// newline after them the CLI's own.
pub fn line(columns: &[&str]) {
    let mut text = String::new();
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            text.push('\t');
        }
        text.push_str(&escape(column));
    }
    text.push('\n');
    write(&text);
}

/// JSON text (one value, compact or pretty) on stdout, with a newline. Unsafe characters can only
/// be inside its strings, where `\uXXXX` means the same character to a JSON reader; the newlines of
/// pretty-printing are kept.
pub fn json_text(text: &str) {
    let mut out = escape_json(text);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    write(&out);
}

/// JSON text with every unsafe character but the newline written as `\uXXXX`.
fn escape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if unsafe_char(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A writer of JSON text that escapes as [`json_text`] does, for output streamed a page at a time
/// (`triage tickets`). A character split across two writes waits for its last byte.
pub struct JsonEscaping<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> JsonEscaping<W> {
    pub fn new(inner: W) -> Self {
        JsonEscaping {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for JsonEscaping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = std::str::from_utf8(&self.pending[..valid]).unwrap_or_default();
        self.inner.write_all(escape_json(text).as_bytes())?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A value as pretty-printed JSON on stdout (see [`json_text`]).
pub fn json(value: &impl serde::Serialize) {
    json_text(&serde_json::to_string_pretty(value).expect("the output serializes"));
}

/// A message on stderr whose newlines are the CLI's own (policy text in it must already be one
/// escaped line per error); every line is escaped.
pub fn err(text: &str) {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.split('\n') {
        out.push_str(&escape(line));
        out.push('\n');
    }
    // Nobody reading stderr is no reason to fail either.
    let _ = std::io::stderr().lock().write_all(out.as_bytes());
}

/// Writes `text` to stdout and flushes; see the module comment for what a failure does.
fn write(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        exit_on(&e);
    }
}

/// Ends the process for a failed write to stdout: quietly with 0 when the reader has gone away.
pub fn exit_on(e: &std::io::Error) -> ! {
    if e.kind() == ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("triage: cannot write the output: {e}");
    std::process::exit(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_shown_escaped() {
        assert_eq!(escape("plain – text"), "plain – text");
        assert_eq!(
            escape("a\u{1b}[31mb\rc\u{7}\u{9b}d\u{202e}e\u{2066}\n\t"),
            "a\\u{1b}[31mb\\u{d}c\\u{7}\\u{9b}d\\u{202e}e\\u{2066}\\u{a}\\u{9}"
        );
    }
}
