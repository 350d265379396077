//! Results on stdout. Why: `println!` panics when the reader has gone away (`triage table acme.json | head`,
//! `triage tickets | less` quit early). A closed pipe only means nobody wants the rest, so the command ends
//! quietly and successfully, as ripgrep does; any other write error (a full disk behind a redirect) is
//! said in one line, exit 1, instead of a panic.

use std::fmt;
use std::io::{ErrorKind, Write};

/// `println!` that survives the reader leaving: see the module comment.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::out::write(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` likewise.
macro_rules! out {
    ($($arg:tt)*) => { $crate::out::write(format_args!($($arg)*)) };
}

/// Writes `args` to stdout and flushes; see the module comment for what a failure does.
pub fn write(args: fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
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
