//! Why a POST failed, in words the person can act on, and when to try again.
//!
//! The widget observes what the browser lets it see (a status and headers, or a network error, the online
//! flag and a probe) and hands that here; everything decided from it — which failure it is, whether a retry
//! can help, how long to wait — is a pure function, so the whole delivery policy is tested natively.
//!
//! Browsers report "connection refused", "DNS failure", "dropped connection" and "blocked by CORS" as one and
//! the same `TypeError`. The widget tells them apart as well as it can: `navigator.onLine == false` means
//! offline; otherwise it probes the endpoint with a `no-cors` request. If the probe is answered, the server is
//! up, so a cross-origin failure is blamed on CORS and a same-origin one (CORS cannot apply) on the
//! connection being dropped; if the probe fails too, the server is unreachable ("refused"). A dropped
//! cross-origin connection is therefore reported as CORS — it is retried all the same, so the only cost is
//! the wording.

use std::time::Duration;

use crate::policy::Policy;
use crate::strings::UiString;

/// What the widget saw of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observation {
    /// The receiver answered.
    Answered {
        status: u16,
        /// The `Retry-After` header as sent, if any.
        retry_after: Option<String>,
        /// The endpoint's own words: a problem document's `detail`/`title`, an `error` field, or the first
        /// line of the body.
        message: Option<String>,
    },
    /// The request was aborted after the policy's timeout.
    TimedOut { seconds: u64 },
    /// The request failed before any answer.
    NetworkError {
        online: bool,
        /// Whether a `no-cors` probe of the endpoint got an answer (`None`: no probe was made).
        probe_answered: Option<bool>,
        same_origin: bool,
    },
}

/// A failed attempt, named for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Offline,
    /// The server could not be reached at all.
    Unreachable,
    /// The server is up but the browser would not let the page read the answer.
    Cors,
    /// Same-origin request that lost its connection before an answer.
    Dropped,
    Timeout {
        seconds: u64,
    },
    /// A 5xx other than 503.
    Server {
        status: u16,
    },
    /// 429 or 503 (also 408/409/425): try again later, maybe after `retry_after`.
    Busy {
        status: u16,
        retry_after: Option<Duration>,
    },
    TooLarge,
    /// Any other 4xx: the endpoint does not want this ticket as it is; retrying unchanged will not help.
    Rejected {
        status: u16,
        message: String,
    },
}

/// What to do after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Retry on the backoff schedule, not before `not_before` (from `Retry-After`).
    Automatically { not_before: Option<Duration> },
    /// Hold the ticket until the person edits it and sends again (or uses a fallback).
    AfterEdit,
}

/// Parses `Retry-After`: delay-seconds, or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) compared with
/// `now` (Unix seconds). A date in the past is zero; anything unreadable is `None`.
pub fn parse_retry_after(value: &str, now: i64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(value)?;
    Some(Duration::from_secs(u64::try_from(at - now).unwrap_or(0)))
}

fn parse_http_date(value: &str) -> Option<i64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = value.split_once(", ")?.1;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let (day, year): (u32, i32) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<u32> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms[..] else { return None };
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let stamp = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z");
    crate::time::parse_rfc3339_utc(&stamp)
}

/// Names the failure behind an observation; `None` for a 2xx (or any other success the caller forgot).
pub fn classify(observation: &Observation, now: i64) -> Option<Failure> {
    Some(match observation {
        Observation::Answered { status, .. } if (200..300).contains(status) => return None,
        Observation::Answered {
            status,
            retry_after,
            message,
        } => {
            let status = *status;
            match status {
                408 | 409 | 425 | 429 | 503 => Failure::Busy {
                    status,
                    retry_after: retry_after
                        .as_deref()
                        .and_then(|v| parse_retry_after(v, now)),
                },
                413 => Failure::TooLarge,
                400..=499 => Failure::Rejected {
                    status,
                    message: message.clone().unwrap_or_default(),
                },
                _ if status >= 500 => Failure::Server { status },
                // 1xx/3xx reaching script: the endpoint is misconfigured; treat as a server fault.
                _ => Failure::Server { status },
            }
        }
        Observation::TimedOut { seconds } => Failure::Timeout { seconds: *seconds },
        Observation::NetworkError { online: false, .. } => Failure::Offline,
        Observation::NetworkError {
            probe_answered: Some(true),
            same_origin,
            ..
        } => {
            if *same_origin {
                Failure::Dropped
            } else {
                Failure::Cors
            }
        }
        Observation::NetworkError { .. } => Failure::Unreachable,
    })
}

impl Failure {
    pub fn retry(&self) -> Retry {
        match self {
            Failure::TooLarge | Failure::Rejected { .. } => Retry::AfterEdit,
            Failure::Busy { retry_after, .. } => Retry::Automatically {
                not_before: *retry_after,
            },
            _ => Retry::Automatically { not_before: None },
        }
    }

    /// The reason, in the policy's words (the `{reason}` of the status lines).
    pub fn message(&self, policy: &Policy) -> String {
        match self {
            Failure::Offline => policy.string(UiString::FailOffline),
            Failure::Unreachable => policy.string(UiString::FailUnreachable),
            Failure::Cors => policy.string(UiString::FailCors),
            Failure::Dropped => policy.string(UiString::FailDropped),
            Failure::Timeout { seconds } => {
                policy.text(UiString::FailTimeout, &[("seconds", &seconds.to_string())])
            }
            Failure::Server { status } => {
                policy.text(UiString::FailServer, &[("status", &status.to_string())])
            }
            Failure::Busy {
                status,
                retry_after: Some(after),
            } => policy.text(
                UiString::FailBusyFor,
                &[
                    ("status", &status.to_string()),
                    ("seconds", &after.as_secs().to_string()),
                ],
            ),
            Failure::Busy { status, .. } => {
                policy.text(UiString::FailBusy, &[("status", &status.to_string())])
            }
            Failure::TooLarge => policy.string(UiString::FailTooLarge),
            Failure::Rejected { status, message } if message.trim().is_empty() => policy.text(
                UiString::FailRejectedBare,
                &[("status", &status.to_string())],
            ),
            Failure::Rejected { status, message } => policy.text(
                UiString::FailRejected,
                &[("status", &status.to_string()), ("message", message)],
            ),
        }
    }
}

/// The endpoint's own words from an error body: an RFC 9457 problem's `detail` (else `title`), an
/// `error`/`message` string, or the first non-empty line of a text body; at most 300 characters.
pub fn endpoint_message(body: &str) -> Option<String> {
    let from_json = crate::json::parse(body).ok().and_then(|v| {
        ["detail", "title", "error", "message"]
            .iter()
            .find_map(|k| v.get(k)?.as_str().map(str::to_string))
    });
    let text = match from_json {
        Some(t) => t,
        None if body.trim_start().starts_with(['{', '[', '<']) => return None,
        None => body.lines().find(|l| !l.trim().is_empty())?.to_string(),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.chars().take(300).collect())
}

/// Exponential backoff with jitter: attempt n waits between half and all of `min(cap, base·2ⁿ)` ("equal
/// jitter": never zero, so a crowd of clients spreads out), and never less than the server's `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Backoff {
    /// For people: 2 s, 4 s, 8 s … up to 5 minutes.
    pub const STANDARD: Backoff = Backoff {
        base: Duration::from_secs(2),
        cap: Duration::from_secs(300),
    };

    /// For tests (`data-test-backoff-ms`): `base` per step, capped at 20 steps' worth.
    pub fn short(base_ms: u64) -> Backoff {
        let base = Duration::from_millis(base_ms.max(1));
        Backoff {
            base,
            cap: base * 20,
        }
    }

    /// The delay before retry number `attempt` (0 = the first retry); `random` is uniform in [0, 1).
    pub fn delay(&self, attempt: u32, random: f64, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base
            .checked_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX))
            .unwrap_or(self.cap)
            .min(self.cap);
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let jittered = exp / 2 + exp.mul_f64(random / 2.0);
        jittered.max(retry_after.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests;
