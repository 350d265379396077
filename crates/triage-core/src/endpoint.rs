//! Where a ticket may be posted: https anywhere, plain http only on loopback, or a path on the page's own
//! origin. The policy's endpoint and a host page's `endpoint` override are both checked here, by the CLI
//! (`triage check`) and by the widget, so a URL that reads as "a path on this site" can never send a
//! person's ticket to another host.
//!
//! The check reads the URL the way a browser's URL parser (the WHATWG URL Standard) would, not by prefix:
//! a browser removes ASCII tabs and newlines anywhere, trims leading and trailing spaces and controls,
//! and treats `\` as `/` in http(s) URLs. So `/\evil.example/x` and `/<TAB>/evil.example/x` are
//! scheme-relative URLs to evil.example, and `https://good.example\@evil.example` has the host
//! `good.example`. Rather than normalise such text, any of those characters is refused: an endpoint
//! that needs one is a mistake or an attack.

/// Why an endpoint URL is refused; the message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("must not contain spaces, tabs, line breaks, other control characters or a backslash (a browser reads those differently from how they look)")]
    Ambiguous,
    #[error("is a scheme-relative URL (it starts with //), which posts to another host; write https://host/path, or a path such as /api/tickets")]
    SchemeRelative,
    #[error(
        "must start with https:// (http:// only on loopback), or be a path such as /api/tickets"
    )]
    Scheme,
    #[error("must not carry credentials in the URL; use `headers`")]
    Credentials,
    #[error("has no host")]
    NoHost,
    #[error(
        "plain http:// is only allowed on loopback (127.0.0.1, localhost, [::1]); use https://"
    )]
    PlainHttp,
}

/// Checks an endpoint URL; see the module header for what is refused and why.
pub fn check_url(url: &str) -> Result<(), EndpointError> {
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err(EndpointError::Ambiguous);
    }
    if let Some(path) = url.strip_prefix('/') {
        return if path.starts_with('/') {
            Err(EndpointError::SchemeRelative)
        } else {
            Ok(())
        };
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(EndpointError::Scheme);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(EndpointError::Credentials);
    }
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err(EndpointError::NoHost);
    }
    if !secure && !is_loopback(host) {
        return Err(EndpointError::PlainHttp);
    }
    Ok(())
}

/// `localhost`, `[::1]` or a dotted-quad 127.x.y.z, as written (other spellings of loopback, such as
/// `0x7f.1`, are refused for plain http rather than decoded).
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host.split('.').all(|p| p.parse::<u8>().is_ok()))
}

#[cfg(test)]
mod tests {
    use super::{check_url, EndpointError};

    #[test]
    fn https_loopback_http_and_paths_pass() {
        for ok in [
            "/api/tickets",
            "/",
            "https://x.example/t",
            "https://x.example:8443/t?a=b#c",
            "http://127.0.0.1:8787/t",
            "http://localhost/t",
            "http://[::1]/t",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn other_hosts_and_schemes_are_refused() {
        for bad in [
            "http://x.example/t",
            "//x.example/t",
            "https://u:p@x.example/t",
            "ftp://x",
            "javascript:alert(1)",
            "https:///t",
            "http://127.0.0.1.evil.example/",
            "http://0x7f.1/",
            "api/tickets",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    /// What a browser reads as another host, though the text starts with one `/` (issue 20, finding 6).
    #[test]
    fn browser_quirks_cannot_reach_another_host() {
        for (bad, why) in [
            ("/\\evil.example/x", EndpointError::Ambiguous),
            ("/\t/evil.example/x", EndpointError::Ambiguous),
            ("/\n/evil.example/x", EndpointError::Ambiguous),
            ("/\r/evil.example/x", EndpointError::Ambiguous),
            (" //evil.example/x", EndpointError::Ambiguous),
            ("\u{0}//evil.example", EndpointError::Ambiguous),
            (
                "https://good.example\\@evil.example/",
                EndpointError::Ambiguous,
            ),
            ("http://localhost\\.evil.example/", EndpointError::Ambiguous),
            ("//evil.example/x", EndpointError::SchemeRelative),
        ] {
            assert_eq!(check_url(bad), Err(why), "{bad:?}");
        }
    }
}
