//! The HTTP surface of the receiver: `POST /api/tickets` for anyone allowed to file, `GET /api/tickets`
//! only for an operator holding the admin token, and the built widget as static files.

use std::{path::Path, sync::Arc, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::post,
    Extension, Json, Router,
};
use http_body_util::BodyExt;
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tokio::sync::{Notify, Semaphore};
use triage_core::ticket::{Ticket, TicketError, MAX_TICKET_BYTES};

use super::{
    cors::{self, AllowedOrigins},
    faults::{Dice, Faults},
    idempotency::{self, InFlight},
    listing,
    problem::{self, Problem},
    static_files, LogTicket,
};
use crate::store::{Insert, NewTicket, StoreThread, Unavailable};

/// Seconds a client is told to wait after the store could not take a write.
const STORE_RETRY_AFTER: u64 = 2;

/// The operator's token for reading tickets over HTTP, kept only as a digest.
pub struct AdminToken([u8; 32]);

impl AdminToken {
    pub const MIN_CHARS: usize = 16;

    pub fn new(token: &str) -> Result<AdminToken, String> {
        if token.chars().count() < Self::MIN_CHARS || token.chars().any(char::is_whitespace) {
            return Err(format!(
                "the admin token must be at least {} characters without spaces (e.g. `openssl rand -hex 24`)",
                Self::MIN_CHARS
            ));
        }
        Ok(AdminToken(Sha256::digest(token.as_bytes()).into()))
    }

    /// Compares digests in constant time, so neither the token nor its length leaks through timing.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(given) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token)
        else {
            return false;
        };
        let given: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
        self.0.ct_eq(&given).into()
    }
}

pub struct AppState {
    pub store: StoreThread,
    /// A read-only connection on its own thread for listings, so they never queue behind writes (or
    /// writes behind them).
    pub reader: StoreThread,
    pub in_flight: Arc<InFlight>,
    /// Turns at parsing tickets, one per core (see `parse`).
    pub parsers: Semaphore,
    pub admin: Option<AdminToken>,
    pub read_timeout: Duration,
    pub faults: Option<(Faults, Dice)>,
}

/// Set on a request by the connection loop: notifying it closes the connection without an answer.
#[derive(Clone)]
pub struct DropConnection(pub Arc<Notify>);

/// The API, and the files of `dir` (or, without one, 404 for every other path).
pub fn router(state: Arc<AppState>, origins: AllowedOrigins, dir: Option<&Path>) -> Router {
    let api = Router::new()
        .route(
            "/api/tickets",
            post(create_ticket).get(listing::list_tickets),
        )
        .with_state(state)
        .layer(middleware::from_fn_with_state(
            Arc::new(origins),
            cors::layer,
        ));
    let rest = match dir {
        Some(dir) => Router::new()
            .fallback(static_files::serve)
            .with_state(Arc::new(dir.to_path_buf())),
        None => Router::new().fallback(|| async { static_files::not_found() }),
    };
    api.merge(rest).layer(middleware::from_fn(problem::layer))
}

async fn create_ticket(
    State(state): State<Arc<AppState>>,
    Extension(log): Extension<LogTicket>,
    dropper: Option<Extension<DropConnection>>,
    req: Request,
) -> Response {
    file(&state, &log, dropper, req)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// The whole life of one POST, in order: check, read, validate, key, (fault), claim, store, answer.
async fn file(
    state: &AppState,
    log: &LogTicket,
    dropper: Option<Extension<DropConnection>>,
    req: Request,
) -> Result<Response, Problem> {
    let (parts, body) = req.into_parts();
    require_json(&parts.headers)?;
    let body = read_body(&parts.headers, body, state.read_timeout).await?;
    let (ticket, fingerprint, body) = parse(state, body).await?;
    log.set(&ticket.id);
    let key = idempotency::key_for(&parts.headers, &ticket)?;
    let plan = state.faults.as_ref().map(|(f, dice)| (f, dice.plan(f)));
    if let Some((faults, plan)) = &plan {
        if let Some(status) = plan.fail {
            tokio::time::sleep(plan.delay).await;
            let mut problem = Problem::new(
                status,
                "injected-fault",
                "Injected fault",
                "triage serve --faults answered this request with an error; nothing was stored",
            );
            if let (Some(s), 429 | 503) = (faults.retry_after, status.as_u16()) {
                problem = problem.retry_after(s);
            }
            return Err(problem);
        }
    }
    let _claim = state.in_flight.claim(&key)?;
    let new = NewTicket {
        fingerprint: fingerprint.clone(),
        body,
        received_at: jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        ticket,
    };
    let stored = match state.store.run(move |s| s.insert(&new)).await {
        Ok(Ok(stored)) => stored,
        Ok(Err(e)) => return Err(unavailable(&key, &e.to_string())),
        Err(e @ (Unavailable::Busy | Unavailable::Stopped)) => {
            return Err(unavailable(&key, &e.to_string()))
        }
    };
    let resp = match stored {
        Insert::Created { reference } => answer(StatusCode::CREATED, &reference, &key),
        Insert::Existing {
            reference,
            fingerprint: Some(first),
        } if first == fingerprint => answer(StatusCode::OK, &reference, &key),
        Insert::Existing { .. } => return Err(idempotency::reused(&key)),
    };
    if let Some((_, plan)) = plan {
        if plan.drop {
            if let Some(Extension(DropConnection(notify))) = dropper {
                notify.notify_one();
                std::future::pending::<()>().await;
            }
        }
        tokio::time::sleep(plan.delay).await;
    }
    Ok(resp)
}

/// Parses and checks a posted body and fingerprints the ticket: the CPU-heavy part of filing (a 256 KiB
/// body is tens of milliseconds), done on the blocking pool, at most one per core at a time, so a stream
/// of large tickets cannot hold up the async workers that answer everything else. Returns the ticket, its
/// fingerprint and the body as text.
async fn parse(state: &AppState, body: Bytes) -> Result<(Ticket, String, String), Problem> {
    let _turn = state
        .parsers
        .acquire()
        .await
        .expect("the parsers' semaphore is never closed");
    let parsed = tokio::task::spawn_blocking(move || {
        let ticket = Ticket::from_json(&body).map_err(|e| match e {
            TicketError::TooLarge(_) => too_large(),
            e => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-ticket",
                "The ticket is not valid",
                e.to_string(),
            ),
        })?;
        let fingerprint = idempotency::fingerprint(&ticket);
        Ok((
            ticket,
            fingerprint,
            String::from_utf8_lossy(&body).into_owned(),
        ))
    })
    .await;
    parsed.unwrap_or_else(|e| {
        eprintln!("triage serve: reading a ticket failed: {e}");
        Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-error",
            "The ticket could not be read",
            "the receiver failed while reading this ticket (the cause is in its log); nothing was stored",
        ))
    })
}

fn answer(status: StatusCode, reference: &str, id: &str) -> Response {
    let body = json!({"reference": reference, "id": id, "duplicate": status == StatusCode::OK});
    let mut resp = (status, Json(body)).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// The store failed: log why, tell the client only to retry.
pub fn unavailable(key: &str, why: &str) -> Problem {
    eprintln!("triage serve: could not store ticket {key}: {why}");
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "store-unavailable",
        "The ticket could not be stored",
        "the receiver could not store the ticket just now; retry with the same Idempotency-Key",
    )
    .retry_after(STORE_RETRY_AFTER)
}

/// Only JSON is accepted, so a plain cross-site HTML form (which cannot send JSON) cannot file tickets.
fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if json {
        return Ok(());
    }
    Err(Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Tickets must be sent as JSON",
        "send the ticket with Content-Type: application/json",
    ))
}

fn too_large() -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        "The ticket is too large",
        format!("a ticket is at most {MAX_TICKET_BYTES} bytes; trim the logs and send it again"),
    )
}

/// Reads at most `MAX_TICKET_BYTES`, all of it within `timeout`: a client trickling bytes is cut off.
async fn read_body(headers: &HeaderMap, body: Body, timeout: Duration) -> Result<Bytes, Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_TICKET_BYTES as u64) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(body, MAX_TICKET_BYTES);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(e)) => Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "body-unreadable",
            "The request body could not be read",
            format!("the body ended early: {e}"),
        )),
        Err(_) => Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            "The request body took too long",
            format!(
                "the whole body must arrive within {} s",
                timeout.as_secs_f32()
            ),
        )
        .close()),
    }
}
