//! The `triage` binary: a thin argument parser over `triage-core` (policy tools and the secret scanner for
//! integrators) and the reference receiver. Exit codes are part of the interface: 0 ok, 1 the input is
//! invalid, 2 bad usage.

#[macro_use]
mod out;
mod explain_cmd;
mod policy_cmds;
mod redact_cmd;
mod serve;
mod store;
mod tickets_cmd;
mod zones;

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, time::Duration};

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "triage",
    version,
    about = "Support-policy tools and the reference ticket receiver"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Accept POST /api/tickets into SQLite and, with --dir, serve the built widget and demo page.
    /// Without --dir it serves the API only: `triage serve --db tickets.sqlite3`.
    Serve {
        /// Address to listen on; port 0 picks a free port (the chosen one is printed).
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
        /// The built widget to serve as static files (trunk's output, e.g. `dist`; it must hold an
        /// index.html). Leave it out to serve the API only (every other path answers 404).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// The SQLite file tickets are stored in (created if missing; refused if not writable, or if it
        /// is inside --dir).
        #[arg(long, default_value = "tickets.sqlite3")]
        db: PathBuf,
        /// Token that lets `GET /api/tickets` list tickets (`Authorization: Bearer …`); without one that
        /// route answers 404. Prefer the environment variable: arguments are visible to other users.
        #[arg(long, env = "TRIAGE_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        /// An origin (like https://shop.example) whose pages may POST tickets from the browser; repeat for
        /// more, or `*` for any. The receiver's own pages need none.
        #[arg(long = "allow-origin", value_name = "ORIGIN")]
        allow_origins: Vec<String>,
        /// Longest a client may take to send a request's headers, and again its body (e.g. 10s, 500ms);
        /// also the longest a connection beyond --max-connections waits for a slot.
        #[arg(long, default_value = "10s", value_parser = duration)]
        read_timeout: Duration,
        /// Connections served at once. When all are taken, a new connection takes the place of one that
        /// has been quiet for over 1 s after a request (no request being handled, no byte sent or read:
        /// kept alive, or a response its client is not reading); otherwise it waits up to --read-timeout
        /// for a free one (as many again may wait) and is then answered 503 with Retry-After.
        #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        max_connections: u32,
        /// Connections served at once for one client address (IPv6: per /64), so one client cannot take
        /// them all; beyond it the same rules as for --max-connections apply within that address. Behind
        /// a reverse proxy every client has the proxy's address: then set it to --max-connections.
        #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        max_connections_per_ip: u32,
        /// Longest a response may wait for its client to read it (the socket taking no byte); the
        /// connection is then closed. Bounds clients that request and never read.
        #[arg(long, default_value = "10s", value_parser = duration)]
        write_timeout: Duration,
        /// How long a connection may stay open with no request in progress and nothing sent either way
        /// (an idle keep-alive connection, or one that never sends a request) before it is closed.
        #[arg(long, default_value = "5s", value_parser = duration)]
        idle_timeout: Duration,
        /// On SIGTERM or SIGINT, how long open requests may take to finish before the receiver exits.
        #[arg(long, default_value = "5s", value_parser = duration)]
        grace: Duration,
        /// Fault injection for testing clients, e.g. 'fail=0.3,status=500|503,retry_after=1,delay=3s,drop=0.1'
        /// (see README, "Fault injection"). Only POST /api/tickets is affected.
        #[arg(long, value_parser = faults)]
        faults: Option<serve::Faults>,
    },
    /// Validate policy files: exit 0 if all are valid, else print every error (path, line:column) and exit 1.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Validate one policy exactly as `check` does and print its compiled form, the only form the widget
    /// reads: `triage compile wati.json > wati.compiled.json`.
    Compile { file: PathBuf },
    /// Print every reachable combination of answers and the level it yields, with warnings.
    Table {
        file: PathBuf,
        #[arg(long)]
        plan: Option<String>,
        #[arg(long = "type")]
        request_type: Option<String>,
    },
    /// Explain the level, reasons, targets, deadlines and channels for given answers. Without --type,
    /// the first request type (the widget's first choice) is assumed and said.
    Explain {
        file: PathBuf,
        #[arg(long = "type")]
        request_type: Option<String>,
        #[arg(long)]
        plan: Option<String>,
        /// QUESTION=OPTION; repeat for each answer.
        #[arg(long = "answer")]
        answers: Vec<String>,
        /// Submission time (RFC 3339); defaults to now.
        #[arg(long)]
        at: Option<String>,
        /// Also give each deadline in this IANA time zone (the requester's), e.g. America/New_York.
        #[arg(long)]
        tz: Option<String>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the policy format (public/policy.schema.json is generated from it); with
    /// --ticket, of the ticket format (public/ticket.schema.json).
    Schema {
        /// The ticket format instead of the policy format.
        #[arg(long)]
        ticket: bool,
    },
    /// Mask secrets (keys, tokens, passwords, private keys, card numbers…) in a text file or stdin and
    /// print the result; with --json, one object with the text and the findings' kinds and byte offsets.
    Redact {
        /// The text to redact; stdin when absent or `-`.
        file: Option<PathBuf>,
        /// Print {"text": …, "findings": [{"kind", "start", "end"}]} (offsets are bytes of the input).
        #[arg(long)]
        json: bool,
        /// Also mask email addresses.
        #[arg(long)]
        emails: bool,
        /// Also mask IPv4 and IPv6 addresses.
        #[arg(long)]
        ips: bool,
    },
    /// Print every ticket stored in a SQLite file as a JSON array (the file must exist). It is read and
    /// printed a page at a time, so a large database neither fills memory nor holds up a running receiver.
    Tickets {
        #[arg(long, default_value = "tickets.sqlite3")]
        db: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    use policy_cmds::Failure;
    let policy_result = match &cli.command {
        Command::Check { files } => Some(policy_cmds::check(files)),
        Command::Compile { file } => Some(policy_cmds::compile(file)),
        Command::Table {
            file,
            plan,
            request_type,
        } => Some(policy_cmds::table(
            file,
            plan.as_deref(),
            request_type.as_deref(),
        )),
        Command::Explain {
            file,
            request_type,
            plan,
            answers,
            at,
            tz,
            json,
        } => Some(explain_cmd::explain_cmd(explain_cmd::ExplainArgs {
            path: file,
            request_type: request_type.as_deref(),
            plan: plan.as_deref(),
            answers,
            at: at.as_deref(),
            tz: tz.as_deref(),
            json: *json,
        })),
        Command::Redact {
            file,
            json,
            emails,
            ips,
        } => Some(redact_cmd::redact_cmd(
            file.as_deref(),
            *json,
            triage_core::redact::Options {
                emails: *emails,
                ip_addresses: *ips,
            },
        )),
        Command::Schema { ticket } => {
            if *ticket {
                out::json_text(&triage_core::ticket::schema_json());
            } else {
                // The published file ends with an empty line.
                out::json_text(&(triage_core::policy::schema_json() + "\n"));
            }
            Some(Ok(()))
        }
        _ => None,
    };
    if let Some(r) = policy_result {
        return match r {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Invalid(msg)) => {
                out::err(&msg);
                ExitCode::from(1)
            }
            Err(Failure::Usage(msg)) => {
                out::err(&format!("triage: {msg}"));
                ExitCode::from(2)
            }
        };
    }
    let result = match cli.command {
        Command::Serve {
            addr,
            dir,
            db,
            admin_token,
            allow_origins,
            read_timeout,
            max_connections,
            max_connections_per_ip,
            write_timeout,
            idle_timeout,
            grace,
            faults,
        } => tokio::runtime::Runtime::new()
            .map_err(anyhow::Error::from)
            .and_then(|rt| {
                rt.block_on(serve::run(serve::ServeArgs {
                    addr,
                    dir,
                    db,
                    admin_token,
                    allow_origins,
                    read_timeout,
                    max_connections: max_connections as usize,
                    max_connections_per_ip: max_connections_per_ip as usize,
                    write_timeout,
                    idle_timeout,
                    grace,
                    faults,
                }))
            }),
        Command::Tickets { db } => tickets_cmd::print_all(&db),
        _ => unreachable!("policy commands returned above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out::err(&format!("triage: {e:#}"));
            ExitCode::from(1)
        }
    }
}

fn duration(text: &str) -> Result<Duration, String> {
    serve::faults::parse_duration(text)
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{text:?} is not a duration like 500ms, 10s or 2m"))
}

fn faults(text: &str) -> Result<serve::Faults, String> {
    text.parse()
        .map_err(|e: serve::faults::FaultsError| e.to_string())
}
