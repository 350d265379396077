//! Passwords given to a program as options: `mysql -pS3cret`, `sshpass -p …`, `redis-cli -a …`,
//! `ssh-keygen -N '…'`, `--password …` or `--passphrase …` with a space, `-passout pass:…`,
//! `-storepass …`. (`--password=…` and `PGPASSWORD=… psql` are key/value pairs, found by pairs.rs.)
//!
//! A long option says what it carries, so its name is judged like a key (keys.rs). A one-letter option
//! is a password only for some programs (`-p` is a port for `ssh`, a password for `mysql`, a port
//! mapping for `docker run` but a password for `docker login`), so it is looked up by the program named
//! earlier in the same command.

use super::keys::{classify, Role};
use super::shell::{operator, program, skip_blanks, value_at, words_before};
use super::text::{plausible_value, run_max, ValueClass};
use super::{Finding, Kind};

/// How a one-letter option takes its value: `-pS3cret`, `-p S3cret`, or either.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    Attached,
    Separate,
    Either,
}

struct Short {
    flag: u8,
    takes: Takes,
    programs: &'static [&'static str],
    /// A word that must come before the option too (`login` for `docker`), or "".
    subcommand: &'static str,
}

const MYSQL: &[&str] = &[
    "mysql",
    "mysqldump",
    "mysqladmin",
    "mysqlimport",
    "mysqlshow",
    "mysqlcheck",
    "mysqlpump",
    "mysqlsh",
    "mariadb",
    "mariadb-dump",
    "mariadb-admin",
];

/// Programs whose `--password` takes no value after a space: PostgreSQL's clients only ask for one,
/// MySQL's take it only after `=` (`mysql --password billing` connects to the database `billing`).
const PROMPTING: &[&str] = &[
    "psql",
    "pg_dump",
    "pg_dumpall",
    "pg_restore",
    "pg_basebackup",
    "createdb",
    "dropdb",
    "createuser",
    "dropuser",
    "vacuumdb",
    "pgbench",
];

const SHORT: &[Short] = &[
    Short {
        flag: b'p',
        takes: Takes::Attached,
        programs: MYSQL,
        subcommand: "",
    },
    Short {
        flag: b'p',
        takes: Takes::Attached,
        programs: &["7z", "7za", "7zz", "7zr"],
        subcommand: "",
    },
    Short {
        flag: b'p',
        takes: Takes::Either,
        programs: &["sshpass"],
        subcommand: "",
    },
    Short {
        flag: b'p',
        takes: Takes::Separate,
        programs: &[
            "mongo",
            "mongosh",
            "mongodump",
            "mongorestore",
            "mongoexport",
            "mongoimport",
        ],
        subcommand: "",
    },
    Short {
        flag: b'p',
        takes: Takes::Separate,
        programs: &["docker", "podman", "nerdctl", "helm", "oras"],
        subcommand: "login",
    },
    Short {
        flag: b'a',
        takes: Takes::Separate,
        programs: &["redis-cli", "valkey-cli", "keydb-cli"],
        subcommand: "",
    },
    Short {
        flag: b'N',
        takes: Takes::Separate,
        programs: &["ssh-keygen"],
        subcommand: "",
    },
    Short {
        flag: b'P',
        takes: Takes::Separate,
        programs: &[
            "ssh-keygen",
            "zip",
            "unzip",
            "zipcloak",
            "sqlcmd",
            "bcp",
            "mosquitto_pub",
            "mosquitto_sub",
        ],
        subcommand: "",
    },
    Short {
        flag: b'w',
        takes: Takes::Separate,
        programs: &[
            "ldapsearch",
            "ldapmodify",
            "ldapadd",
            "ldapdelete",
            "ldappasswd",
            "ldapwhoami",
            "ldapcompare",
        ],
        subcommand: "",
    },
    Short {
        flag: b'k',
        takes: Takes::Separate,
        programs: &["openssl"],
        subcommand: "",
    },
];

/// Options that carry a password without saying `password`: Java's keytool and OpenSSL's pass phrases.
const PASSWORD_OPTIONS: &[&str] = &[
    "storepass",
    "keypass",
    "srcstorepass",
    "deststorepass",
    "srckeypass",
    "destkeypass",
    "passin",
    "passout",
];

/// Words that follow an option's name in prose (`use the --password option`), not on a command line.
const PROSE: &[&str] = &[
    "option",
    "options",
    "argument",
    "arguments",
    "parameter",
    "switch",
    "flag",
    "instead",
];

/// Called for a word starting with `-` at `start` that follows a blank, a quote or the line's start.
pub(super) fn option(text: &str, start: usize, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let long = b.get(start + 1) == Some(&b'-');
    let name_start = start + 1 + usize::from(long);
    let name_end = run_max(b, name_start, 64, |c| {
        c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
    });
    if name_end == name_start {
        return;
    }
    if !long {
        if let Some(f) = short(text, start, name_start) {
            out.push(f);
            return;
        }
        if name_end - name_start < 3 {
            return;
        }
    }
    // `--password=…` is a pair (pairs.rs); here only the value after blanks.
    if !matches!(b.get(name_end), Some(b' ' | b'\t')) {
        return;
    }
    let name = &text[name_start..name_end];
    let Some((kind, class)) = long_option(name) else {
        return;
    };
    let p = skip_blanks(b, name_end);
    match b.get(p) {
        Some(c) if !(*c == b'-' || *c == b'\\' || operator(*c) || c.is_ascii_whitespace()) => {}
        _ => return,
    }
    let Some((mut s, e)) = value_at(text, p) else {
        return;
    };
    // OpenSSL's pass phrase arguments: `pass:` precedes a password; `env:`, `file:`, `fd:` and
    // `stdin` say where one is kept.
    let v = &text[s..e];
    if v.starts_with("pass:") {
        s += "pass:".len();
    } else if matches!(name, "passin" | "passout")
        || ["env:", "file:", "fd:"].iter().any(|p| v.starts_with(p))
        || v == "stdin"
    {
        return;
    }
    let v = &text[s..e];
    if !plausible_value(v, class) || PROSE.contains(&v.to_ascii_lowercase().as_str()) {
        return;
    }
    let prompts = |w: &str| {
        let prog = program(w);
        PROMPTING.contains(&prog) || MYSQL.contains(&prog)
    };
    if kind == Kind::Password && words_before(text, start).any(prompts) {
        return;
    }
    out.push(Finding {
        kind,
        start: s,
        end: e,
    });
}

/// What a long option's value is, if a secret: `--db-password`, `--passphrase`, `--api-key`,
/// `-storepass`; not `--no-password`, `--ask-become-pass`, `--password-stdin` or `--token-ttl`.
fn long_option(name: &str) -> Option<(Kind, ValueClass)> {
    let lower = name.to_ascii_lowercase();
    if ["no-", "no_", "ask", "prompt"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return None;
    }
    if PASSWORD_OPTIONS.contains(&lower.as_str()) {
        return Some((Kind::Password, ValueClass::Password));
    }
    match classify(name)? {
        Role::Value(kind, class) => Some((kind, class)),
        _ => None,
    }
}

/// `-pS3cret`, `-p 'S3cret'`, `-a S3cret`… when the command's program takes a password there.
fn short(text: &str, start: usize, name_start: usize) -> Option<Finding> {
    let b = text.as_bytes();
    let flag = b[name_start];
    let entries = || SHORT.iter().filter(move |s| s.flag == flag);
    entries().next()?;
    let attached = b
        .get(name_start + 1)
        .is_some_and(|c| !(c.is_ascii_whitespace() || operator(*c)));
    let at = if attached {
        name_start + 1
    } else {
        let p = skip_blanks(b, name_start + 1);
        if p == name_start + 1 || b.get(p).is_none_or(|c| *c == b'-' || operator(*c)) {
            return None;
        }
        p
    };
    let takes = |t: Takes| t == Takes::Either || (t == Takes::Attached) == attached;
    let (s, e) = value_at(text, at)?;
    if !(entries().any(|s| takes(s.takes)) && plausible_value(&text[s..e], ValueClass::Password)) {
        return None;
    }
    // Looked up last, and once: it reads back over the command for every option that gets here.
    let before: Vec<&str> = words_before(text, start).collect();
    let given_to = |s: &Short| {
        before.iter().any(|w| s.programs.contains(&program(w)))
            && (s.subcommand.is_empty() || before.contains(&s.subcommand))
    };
    entries()
        .any(|s| takes(s.takes) && given_to(s))
        .then_some(Finding {
            kind: Kind::Password,
            start: s,
            end: e,
        })
}
