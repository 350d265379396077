//! Secrets a command prints on a line of their own, where nothing next to the value says what it is:
//!
//! ```text
//! $ kubectl get secret billing-db -o jsonpath='{.data.password}' | base64 -d
//! S3cr3t-Passw0rd!
//! ```
//!
//! The command line above names it: a field it selects (`-field=password`, `{.data.password}`,
//! `--fields password`, `jq -r .token`), a variable or file named like a secret (`printenv
//! DB_PASSWORD`, `echo "$API_KEY"`, `cat /run/secrets/db_password`), or a secret manager's read command,
//! which prints nothing else (`aws secretsmanager get-secret-value`, `gcloud secrets versions access`).
//! Names are judged by keys.rs, so `-field=username` or `{.metadata.name}` reveal nothing.
//!
//! Only the line right after the command counts, and only when it is one word of six or more characters
//! that is neither a placeholder nor a name: errors, tables and JSON (whose keys the other detectors
//! read) are left alone. Lines of one word are rare in logs, so they are found first, and only the line
//! before one is read as a command.

use super::keys::{classify, Role};
use super::shell::{program, words};
use super::text::placeholder;
use super::{Finding, Kind};

pub(super) fn scan(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let blank = |c: &u8| matches!(c, b' ' | b'\t' | b'\r');
    let mut prev: Option<(usize, usize)> = None;
    let mut pos = 0;
    while pos < b.len() {
        let s = pos + b[pos..].iter().take_while(|c| blank(c)).count();
        let w = s + b[s..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace())
            .count();
        let end = line_end(b, w);
        if (6..=1024).contains(&(w - s)) && b[w..end].iter().all(blank) {
            if let Some(kind) = prev.and_then(|(ps, pe)| revealed_by(text, ps, pe)) {
                if printed_secret(&text[s..w]) {
                    out.push(Finding {
                        kind,
                        start: s,
                        end: w,
                    });
                }
            }
        }
        prev = Some((pos, end));
        pos = end + 1;
    }
}

/// The next `\n` at or after `i` (or the end), eight bytes at a time: every line of every paste is
/// looked at, so this loop is most of what this detector costs.
fn line_end(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(chunk) = b.get(i..i + 8) {
        let x =
            u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ (ONES * u64::from(b'\n'));
        // The lowest byte of `x` that is zero (a newline) sets the lowest high bit here.
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return i + (zero.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i.min(b.len())..]
        .iter()
        .take_while(|c| **c != b'\n')
        .count()
}

/// One word as a command prints a secret. The command said what it prints, so a dotted or
/// underscored word counts (`hvs.CAESIJ…` is a Vault token, not code); not a placeholder, `Password:`
/// (a prompt), a bare shell prompt (`ann@web-3:~$`, when the command printed nothing), JSON (the pairs
/// in it are read on their own), a path or a URL.
fn printed_secret(v: &str) -> bool {
    let prompt = v.ends_with(['$', '#', '%', '>']) && v.contains(['@', ':', '~']);
    let path = v.starts_with(['/', '{', '[']) || v.starts_with("./") || v.starts_with("~/");
    (6..=1024).contains(&v.chars().count())
        && !(prompt || path || v.ends_with(':') || v.contains("://") || placeholder(v))
}

/// What the command on the line `text[s..e]` prints, if a secret. The command starts at the line's
/// first word or after a prompt (`$`, `ann@web-3:~$`, `[ann@web-3 ~]$`, `root@db-0:/#`, `PS C:\>`,
/// `❯`) among its first words.
fn revealed_by(text: &str, s: usize, e: usize) -> Option<Kind> {
    // No one pastes a longer command; the bound keeps a hostile line from costing more.
    let w = words(text, s, e.min(s + 4096));
    let prompt = |w: &String| w.ends_with(['$', '#', '%', '>', '\u{276F}']);
    let starts = w.iter().take(8).enumerate().filter(|(_, w)| prompt(w));
    std::iter::once(0)
        .chain(starts.map(|(i, _)| i + 1))
        .find_map(|from| line_reveals(&w[from.min(w.len())..]))
}

fn line_reveals(w: &[String]) -> Option<Kind> {
    let mut commands = w.split(|w| matches!(w.as_str(), "|" | "||" | "&&" | ";" | "&" | "--"));
    let (prog, args) = command(commands.next()?)?;
    // Later commands count only on a command line, not on prose that happens to hold a `|`.
    if !(PROGRAMS.contains(&prog) || WRAPPERS.contains(&prog) || prog == "cd") {
        return None;
    }
    reveals(prog, args)
        .or_else(|| commands.find_map(|c| command(c).and_then(|(p, args)| reveals(p, args))))
}

/// Programs that run another command given later on their line.
const WRAPPERS: &[&str] = &[
    "sudo", "doas", "env", "time", "nohup", "nice", "exec", "command", "docker", "podman",
    "nerdctl",
];

/// The program of a command and its arguments, through `sudo`, `env X=y`, `docker exec api …`.
fn command(words: &[String]) -> Option<(&str, &[String])> {
    // `PGPASSWORD=… psql`, `env LANG=C cat …`: assignments before the program.
    let assignment = |w: &String| {
        w.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        })
    };
    let first = words.iter().position(|w| !assignment(w))?;
    let prog = program(&words[first]);
    if !WRAPPERS.contains(&prog) {
        return Some((prog, &words[first + 1..]));
    }
    match words[first + 1..]
        .iter()
        .position(|w| PROGRAMS.contains(&program(w)))
    {
        Some(at) => Some((program(&words[first + 1 + at]), &words[first + 2 + at..])),
        None => Some((prog, &words[first + 1..])),
    }
}

const PROGRAMS: &[&str] = &[
    "vault",
    "bao",
    "op",
    "kubectl",
    "oc",
    "gcloud",
    "aws",
    "az",
    "doppler",
    "security",
    "pass",
    "gopass",
    "bw",
    "heroku",
    "printenv",
    "echo",
    "printf",
    "cat",
    "head",
    "tail",
    "type",
    "Get-Content",
    "jq",
    "yq",
];

/// Whether `program args…` prints a secret, and which kind.
fn reveals(prog: &str, args: &[String]) -> Option<Kind> {
    let has = |w: &str| args.iter().any(|a| a == w);
    let named_in = |mut it: std::slice::Iter<'_, String>| it.find_map(|a| named(a));
    match prog {
        // `-field=value` is the usual field of a one-value secret; then its path names it.
        "vault" | "bao" if has("get") || has("read") => match option_value(args, "field")? {
            "value" => named_in(args.iter()),
            field => named(field),
        },
        "op" if has("read") => named_in(args.iter()),
        "op" if has("get") => named(option_value(args, "fields")?),
        "kubectl" | "oc" if has("get") && args.iter().any(|a| a.starts_with("secret")) => {
            let selects = |a: &&String| a.contains('{') || a.contains("jsonpath");
            args.iter()
                .filter(selects)
                .find_map(|a| named(a))
                .map(|_| Kind::KubernetesSecret)
        }
        "gcloud" if has("secrets") && has("access") => Some(Kind::Secret),
        "aws" if has("get-secret-value") => Some(Kind::Secret),
        "aws" if (has("get-parameter") || has("get-parameters")) && has("--with-decryption") => {
            Some(Kind::Secret)
        }
        "az" if has("keyvault") && has("secret") && has("show") => Some(Kind::Secret),
        "doppler" if has("secrets") && has("get") => Some(Kind::Secret),
        // macOS keychain: `-w` prints only the password.
        "security"
            if has("-w") && (has("find-generic-password") || has("find-internet-password")) =>
        {
            Some(Kind::Password)
        }
        "pass" | "gopass" if has("show") => Some(Kind::Password),
        "bw" if has("get") && has("password") => Some(Kind::Password),
        "heroku" if has("config:get") => named_in(args.iter()),
        "printenv" | "jq" | "yq" => named_in(args.iter()),
        "echo" | "printf" => args
            .iter()
            .filter(|a| a.contains('$'))
            .find_map(|a| named(a)),
        "cat" | "head" | "tail" | "type" | "Get-Content" => args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .find_map(|a| named(a.rsplit(['/', '\\']).next()?)),
        _ => None,
    }
}

/// `-field=password`, `-field password`, `--fields label=password` → the value.
fn option_value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().enumerate().find_map(|(i, a)| {
        let rest = a.strip_prefix("--").or_else(|| a.strip_prefix('-'))?;
        let rest = rest.strip_prefix(name)?;
        match rest.strip_prefix('=') {
            Some(v) => Some(v),
            None if rest.is_empty() => args.get(i + 1).map(String::as_str),
            None => None,
        }
    })
}

/// The kind of secret a name in an argument names: `{.data.password}`, `op://Eng/Postgres/password`,
/// `$PAYMENTS_API_KEY`. The words `secret(s)` alone name a kind of object (`get secret`), the Unix
/// account list `passwd` holds no passwords, and a marker (`[REDACTED:password]`) stood for a value,
/// not a name: masking must not turn a command into one that reveals.
fn named(arg: &str) -> Option<Kind> {
    if arg.contains("[REDACTED:") {
        return None;
    }
    arg.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !["secret", "secrets", "passwd"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
        })
        .find_map(|w| match classify(w)? {
            Role::Value(kind, _) => Some(kind),
            _ => None,
        })
}
