//! `GET /api/tickets` for the operator, a page at a time: `?limit=N` (default 100, at most 1000) tickets
//! after `?after=ST-000123`, oldest first, with a `Link: <…>; rel="next"` header while more follow. Why
//! pages: answering with every ticket held them all in memory and the store busy for as long as it took
//! (117 MB of tickets: 376 MB and 15 s, writes waiting). A page also ends early after 4 MiB of tickets,
//! because `limit` counts tickets and a ticket may be 256 KiB.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use super::{
    api::{unavailable, AppState},
    problem::Problem,
    static_files::percent_decode,
};
use crate::store::{reference_for, seq_of};

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;
/// Ticket bytes after which a page ends (with a next link), whatever `limit` says.
pub const PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Listing tickets is for the operator: without a configured token the route does not exist (404).
pub async fn list_tickets(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let Some(token) = &state.admin else {
        return Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            "reading tickets over HTTP is off; start triage serve with --admin-token (or TRIAGE_ADMIN_TOKEN), \
             or read the database with `triage tickets --db`",
        )
        .into_response();
    };
    if !token.admits(req.headers()) {
        let mut resp = Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Admin token required",
            "send Authorization: Bearer <admin token>",
        )
        .into_response();
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"triage\""),
        );
        return resp;
    }
    let (after, limit) = match parse_query(req.uri().query().unwrap_or("")) {
        Ok(q) => q,
        Err(detail) => {
            return Problem::new(
                StatusCode::BAD_REQUEST,
                "invalid-query",
                "The listing's query is invalid",
                detail,
            )
            .into_response()
        }
    };
    let page = match state
        .reader
        .run(move |s| s.page(after, limit, PAGE_BYTES))
        .await
    {
        Ok(Ok(page)) => page,
        Ok(Err(e)) => return unavailable("(listing)", &e.to_string()).into_response(),
        Err(e) => return unavailable("(listing)", &e.to_string()).into_response(),
    };
    let mut resp = Json(page.rows).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(next) = page.next {
        let link = format!(
            "</api/tickets?limit={limit}&after={}>; rel=\"next\"",
            reference_for(next)
        );
        headers.insert(
            header::LINK,
            HeaderValue::from_str(&link).expect("a link of ASCII digits and letters"),
        );
    }
    resp
}

/// `limit` and `after` from the query string; anything else there is refused, so a misspelt parameter
/// is not silently ignored.
fn parse_query(query: &str) -> Result<(i64, usize), String> {
    let (mut after, mut limit) = (None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value).unwrap_or_default();
        let slot = match key {
            "after" => &mut after,
            "limit" => &mut limit,
            _ => {
                return Err(format!(
                    "unknown query parameter {key:?}: the listing takes limit and after"
                ))
            }
        };
        if slot.replace(value).is_some() {
            return Err(format!("{key} is given twice"));
        }
    }
    let limit = match limit {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                format!("limit must be a whole number from 1 to {MAX_LIMIT} (got {text:?})")
            })?,
    };
    let after = match after {
        None => 0,
        Some(text) => seq_of(&text).ok_or_else(|| {
            format!("after must be a ticket reference like ST-000123, as in the Link header (got {text:?})")
        })?,
    };
    Ok((after, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_read_strictly() {
        assert_eq!(parse_query(""), Ok((0, DEFAULT_LIMIT)));
        assert_eq!(parse_query("limit=5&after=ST-000042"), Ok((42, 5)));
        assert_eq!(parse_query("after=ST%2D000042"), Ok((42, DEFAULT_LIMIT)));
        assert_eq!(parse_query("limit=1000"), Ok((0, 1000)));
        for (bad, says) in [
            ("limit=0", "from 1 to 1000"),
            ("limit=1001", "from 1 to 1000"),
            ("limit=-1", "from 1 to 1000"),
            ("limit=ten", "from 1 to 1000"),
            ("after=42", "like ST-000123"),
            ("after=ST-", "like ST-000123"),
            ("lmit=5", "unknown query parameter \"lmit\""),
            ("limit=5&limit=6", "given twice"),
        ] {
            let err = parse_query(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
