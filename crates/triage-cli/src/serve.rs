//! `triage serve`: the reference receiver. It accepts `POST /api/tickets` into SQLite and serves the
//! built widget and demo page, so one command shows the whole product working on 127.0.0.1.

use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use anyhow::Context;
use axum::{
    body::Bytes,
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde_json::json;
use tower_http::{
    cors::{Any, CorsLayer},
    services::ServeDir,
};
use triage_core::ticket::{Ticket, MAX_TICKET_BYTES};

use crate::store::Store;

pub struct ServeArgs {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    pub db: PathBuf,
}

type Shared = Arc<Mutex<Store>>;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    if !args.dir.join("index.html").is_file() {
        anyhow::bail!(
            "{} has no index.html: build the widget first (`trunk build --release`) or pass --dir",
            args.dir.display()
        );
    }
    let store = Store::open(&args.db)?;
    let app = router(Arc::new(Mutex::new(store)), &args.dir);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    // Scripts (and the e2e suite) read this exact line to find the port.
    println!(
        "triage serve: listening on http://{addr}/ (tickets in {})",
        args.db.display()
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

pub fn router(store: Shared, dir: &std::path::Path) -> Router {
    // Any origin may post: the widget is embedded on integrators' pages, and the body is checked anyway.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::POST, Method::GET])
        .allow_headers([header::CONTENT_TYPE]);
    Router::new()
        .route("/api/tickets", post(create_ticket).get(list_tickets))
        .layer(cors)
        // Refuse oversized bodies before reading them all; leave room for JSON overhead.
        .layer(DefaultBodyLimit::max(MAX_TICKET_BYTES + 1024))
        .with_state(store)
        .fallback_service(ServeDir::new(dir))
}

async fn create_ticket(State(store): State<Shared>, body: Bytes) -> Response {
    let ticket = match Ticket::from_json(&body) {
        Ok(t) => t,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    };
    let received_at = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let body = String::from_utf8_lossy(&body);
    let stored = store
        .lock()
        .map_err(|_| anyhow::anyhow!("the ticket store is poisoned"))
        .and_then(|s| s.insert(&ticket, &body, &received_at));
    match stored {
        Ok(s) => {
            let status = if s.created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let mut resp = (
                status,
                Json(json!({"reference": s.reference, "id": ticket.id, "duplicate": !s.created})),
            )
                .into_response();
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("could not store the ticket: {e:#}"),
        ),
    }
}

async fn list_tickets(State(store): State<Shared>) -> Response {
    match store
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))
        .and_then(|s| s.all())
    {
        Ok(rows) => Json(rows).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
