//! `triage redact`: the widget's secret scanner for integrators and support teams to try on their own
//! logs before trusting it. Input is bounded like every other command (read at most the bound plus one
//! byte, refuse more) and must be UTF-8, because `--json` offsets are byte offsets into exactly that input.

use std::io::{Read, Write};
use std::path::Path;

use serde::Serialize;
use triage_core::redact::{redact, scan, Finding, Options, MAX_INPUT_BYTES};

use crate::policy_cmds::Failure;

#[derive(Serialize)]
struct JsonOut<'a> {
    text: &'a str,
    findings: &'a [Finding],
}

/// `file` of `None` or `-` reads stdin.
pub fn redact_cmd(file: Option<&Path>, json: bool, opts: Options) -> Result<(), Failure> {
    let stdin = file.is_none_or(|p| p == Path::new("-"));
    let name = if stdin {
        "stdin".to_string()
    } else {
        file.map(|p| p.display().to_string()).unwrap_or_default()
    };
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let read = match file.filter(|_| !stdin) {
        Some(p) => std::fs::File::open(p)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(|e| Failure::Usage(format!("cannot read {name}: {e}")))?,
        None => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?,
    };
    if read > MAX_INPUT_BYTES {
        return Err(Failure::Invalid(format!(
            "{name} is larger than {} MiB; redact it in parts",
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::Invalid(format!(
            "{name} is not UTF-8 text (invalid byte at offset {}); convert it first, e.g. with iconv",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let findings = scan(&text, &opts);
    let redacted = redact(&text, &findings);
    let mut out = std::io::stdout().lock();
    let written = if json {
        let body = serde_json::to_string(&JsonOut {
            text: &redacted,
            findings: &findings,
        })
        .expect("output serializes");
        writeln!(out, "{body}")
    } else {
        out.write_all(redacted.as_bytes())
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        crate::out::exit_on(&e);
    }
    Ok(())
}
