//! Fault injection for testing clients against a misbehaving receiver (`triage serve --faults …`).
//!
//! Faults touch only `POST /api/tickets`, and where they strike is chosen to be realistic: `fail` answers
//! an error *before* anything is stored; `drop` closes the connection *after* the ticket is committed, so
//! the client does not know it landed (the case idempotent retries exist for); `delay` sleeps *after*
//! storing and before answering, so a client that times out has in fact filed the ticket.

use std::{
    str::FromStr,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use axum::http::StatusCode;

#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// Probability of answering one of `statuses` instead of storing.
    pub fail: f64,
    pub statuses: Vec<StatusCode>,
    /// `Retry-After` seconds sent with failed 429 and 503 answers.
    pub retry_after: Option<u64>,
    pub delay: Duration,
    /// Probability that a request is delayed by `delay`.
    pub slow: f64,
    /// Probability of closing the connection without an answer after storing.
    pub drop: f64,
    pub seed: Option<u64>,
}

const KEYS: &str = "fail, status, retry_after, delay, slow, drop, seed";
pub const SYNTAX: &str =
    "comma-separated key=value: fail=P, status=CODE|CODE…, retry_after=SECONDS, delay=DURATION, slow=P, drop=P, seed=N \
     (P is a probability 0–1, DURATION like 250ms or 3s)";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultsError {
    #[error("--faults is empty; expected {SYNTAX}")]
    Empty,
    #[error("--faults: {0:?} is not key=value; expected {SYNTAX}")]
    NotPair(String),
    #[error("--faults: unknown key {0:?}; the keys are {KEYS}")]
    UnknownKey(String),
    #[error("--faults: {0} is given twice")]
    Twice(String),
    #[error("--faults: {key}={value:?} is not a probability between 0 and 1")]
    Probability { key: String, value: String },
    #[error("--faults: status={0:?} is not a list of HTTP error codes (400–599) separated by |")]
    Status(String),
    #[error("--faults: {key}={value:?} is not {expected}")]
    Number {
        key: String,
        value: String,
        expected: &'static str,
    },
    #[error("--faults: {0}")]
    Pointless(&'static str),
}

impl FromStr for Faults {
    type Err = FaultsError;

    fn from_str(spec: &str) -> Result<Faults, FaultsError> {
        if spec.trim().is_empty() {
            return Err(FaultsError::Empty);
        }
        let mut seen: Vec<&str> = Vec::new();
        let (mut fail, mut statuses, mut retry_after, mut delay, mut slow, mut drop, mut seed) =
            (0.0, None, None, None, None, 0.0, None);
        for pair in spec.split(',').map(str::trim) {
            let (key, value) = pair
                .split_once('=')
                .map(|(k, v)| (k.trim(), v.trim()))
                .ok_or_else(|| FaultsError::NotPair(pair.to_string()))?;
            if seen.contains(&key) {
                return Err(FaultsError::Twice(key.to_string()));
            }
            seen.push(key);
            let number = |expected| FaultsError::Number {
                key: key.to_string(),
                value: value.to_string(),
                expected,
            };
            match key {
                "fail" => fail = probability(key, value)?,
                "slow" => slow = Some(probability(key, value)?),
                "drop" => drop = probability(key, value)?,
                "status" => {
                    let codes = value
                        .split('|')
                        .map(|c| {
                            c.trim()
                                .parse::<u16>()
                                .ok()
                                .filter(|c| (400..=599).contains(c))
                                .and_then(|c| StatusCode::from_u16(c).ok())
                        })
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| FaultsError::Status(value.to_string()))?;
                    statuses = Some(codes);
                }
                "retry_after" => {
                    retry_after = Some(
                        value
                            .parse::<u64>()
                            .ok()
                            .filter(|s| *s <= 3600)
                            .ok_or_else(|| number("a whole number of seconds up to 3600"))?,
                    )
                }
                "delay" => {
                    delay = Some(
                        parse_duration(value)
                            .filter(|d| *d <= Duration::from_secs(600))
                            .ok_or_else(|| number("a duration up to 600s like 250ms or 3s"))?,
                    )
                }
                "seed" => seed = Some(value.parse::<u64>().map_err(|_| number("a whole number"))?),
                other => return Err(FaultsError::UnknownKey(other.to_string())),
            }
        }
        if statuses.is_some() && fail == 0.0 {
            return Err(FaultsError::Pointless(
                "status= has no effect without fail=",
            ));
        }
        if slow.is_some() && delay.is_none() {
            return Err(FaultsError::Pointless("slow= has no effect without delay="));
        }
        Ok(Faults {
            fail,
            statuses: statuses.unwrap_or_else(|| vec![StatusCode::SERVICE_UNAVAILABLE]),
            retry_after,
            delay: delay.unwrap_or(Duration::ZERO),
            // A delay with no probability delays every request.
            slow: slow.unwrap_or(1.0),
            drop,
            seed,
        })
    }
}

fn probability(key: &str, value: &str) -> Result<f64, FaultsError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| FaultsError::Probability {
            key: key.to_string(),
            value: value.to_string(),
        })
}

/// `250ms`, `3s`, `2m`: the durations the CLI's flags accept.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    match unit {
        "ms" => Some(Duration::from_millis(n)),
        "s" => Some(Duration::from_secs(n)),
        "m" => n.checked_mul(60).map(Duration::from_secs),
        _ => None,
    }
}

/// What to do to one request, decided up front so the handler reads as a straight line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub fail: Option<StatusCode>,
    pub delay: Duration,
    pub drop: bool,
}

/// A small seedable generator (splitmix64); fault injection needs spread, not cryptographic quality.
pub struct Dice(AtomicU64);

impl Dice {
    pub fn new(seed: Option<u64>) -> Dice {
        let seed = seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x5eed)
        });
        Dice(AtomicU64::new(seed))
    }

    /// A number in [0, 1).
    fn roll(&self) -> f64 {
        let mut z = self
            .0
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn plan(&self, faults: &Faults) -> Plan {
        let fail = (self.roll() < faults.fail).then(|| {
            let i = (self.roll() * faults.statuses.len() as f64) as usize;
            faults.statuses[i.min(faults.statuses.len() - 1)]
        });
        let delay = if self.roll() < faults.slow {
            faults.delay
        } else {
            Duration::ZERO
        };
        let drop = fail.is_none() && self.roll() < faults.drop;
        Plan { fail, delay, drop }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let f: Faults = "fail=0.3,status=500|503,retry_after=1,delay=3s,drop=0.1"
            .parse()
            .unwrap();
        assert_eq!(f.fail, 0.3);
        assert_eq!(
            f.statuses,
            vec![
                StatusCode::INTERNAL_SERVER_ERROR,
                StatusCode::SERVICE_UNAVAILABLE
            ]
        );
        assert_eq!(f.retry_after, Some(1));
        assert_eq!(f.delay, Duration::from_secs(3));
        assert_eq!(f.slow, 1.0);
        assert_eq!(f.drop, 0.1);
    }

    #[test]
    fn mistakes_are_named() {
        let err = |s: &str| s.parse::<Faults>().unwrap_err().to_string();
        assert!(err("").contains("empty"));
        assert!(err("fail=1.5").contains("not a probability"));
        assert!(err("fial=0.1").contains("unknown key \"fial\""));
        assert!(err("fail=0.1,fail=0.2").contains("given twice"));
        assert!(err("fail=0.1,status=200").contains("400–599"));
        assert!(err("status=503").contains("without fail="));
        assert!(err("slow=0.5").contains("without delay="));
        assert!(err("delay=3").contains("duration"));
        assert!(err("drop").contains("not key=value"));
    }

    #[test]
    fn rolls_follow_the_probabilities() {
        let f: Faults = "fail=0.3,drop=0.5,seed=7".parse().unwrap();
        let dice = Dice::new(f.seed);
        let plans: Vec<Plan> = (0..10_000).map(|_| dice.plan(&f)).collect();
        let failed = plans.iter().filter(|p| p.fail.is_some()).count();
        let dropped = plans.iter().filter(|p| p.drop).count();
        assert!((2_700..3_300).contains(&failed), "{failed} failed");
        // Drops only happen to requests that did not fail: about 0.7 × 0.5.
        assert!((3_200..3_800).contains(&dropped), "{dropped} dropped");
        assert!(plans.iter().all(|p| !(p.drop && p.fail.is_some())));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), None);
        assert_eq!(parse_duration("s"), None);
    }
}
