//! The browser context a ticket carries, and the pure parsing behind it: support's first question is
//! "which browser, which page, which version?", so the widget answers it up front — but only with what
//! the person sees listed and can remove, and never with the query string or fragment of the page URL,
//! which often hold tokens.

use serde::{Deserialize, Serialize};

/// One item of context. The ids are stable: they are the keys of the ticket's `context` object and of
/// the policy's `collect.context_off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContextItem {
    /// The page the widget is on, without query string and fragment.
    PageUrl,
    /// Browser name and major version, from the user agent.
    Browser,
    /// Operating system, from the user agent.
    Os,
    /// The person's language (BCP 47), as the browser reports it; the ticket's `locale`.
    Language,
    /// The person's IANA time zone; the ticket's `time_zone`.
    TimeZone,
    /// Screen size in CSS pixels.
    Screen,
    /// Viewport (window) size in CSS pixels.
    Viewport,
    /// `light` or `dark`, as the person's system prefers.
    ColorScheme,
    /// `online` or `offline`.
    Online,
    /// From the host page: `data-context-product-version`.
    ProductVersion,
    /// From the host page: `data-context-account-id`.
    AccountId,
    /// From the host page: `data-context-user-name`.
    UserName,
    /// From the host page: `data-context-user-email`.
    UserEmail,
}

impl ContextItem {
    pub const ALL: [ContextItem; 13] = [
        ContextItem::PageUrl,
        ContextItem::Browser,
        ContextItem::Os,
        ContextItem::Language,
        ContextItem::TimeZone,
        ContextItem::Screen,
        ContextItem::Viewport,
        ContextItem::ColorScheme,
        ContextItem::Online,
        ContextItem::ProductVersion,
        ContextItem::AccountId,
        ContextItem::UserName,
        ContextItem::UserEmail,
    ];

    /// The id, as in the ticket and the policy.
    pub fn id(self) -> &'static str {
        match self {
            ContextItem::PageUrl => "page_url",
            ContextItem::Browser => "browser",
            ContextItem::Os => "os",
            ContextItem::Language => "language",
            ContextItem::TimeZone => "time_zone",
            ContextItem::Screen => "screen",
            ContextItem::Viewport => "viewport",
            ContextItem::ColorScheme => "color_scheme",
            ContextItem::Online => "online",
            ContextItem::ProductVersion => "product_version",
            ContextItem::AccountId => "account_id",
            ContextItem::UserName => "user_name",
            ContextItem::UserEmail => "user_email",
        }
    }

    pub fn from_id(id: &str) -> Option<ContextItem> {
        ContextItem::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The `data-context-*` attribute the host page sets for this item, when it comes from the host.
    pub fn host_attribute(self) -> Option<&'static str> {
        match self {
            ContextItem::ProductVersion => Some("data-context-product-version"),
            ContextItem::AccountId => Some("data-context-account-id"),
            ContextItem::UserName => Some("data-context-user-name"),
            ContextItem::UserEmail => Some("data-context-user-email"),
            _ => None,
        }
    }
}

/// The page URL without its query string and fragment (`https://x/a?token=…#y` → `https://x/a`), and
/// without any `user:password@` part.
pub fn strip_url(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = &url[..end];
    match url.find("://") {
        Some(scheme_end) => {
            let rest = &url[scheme_end + 3..];
            let host_end = rest.find('/').unwrap_or(rest.len());
            match rest[..host_end].rfind('@') {
                Some(at) => format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]),
                None => url.to_string(),
            }
        }
        None => url.to_string(),
    }
}

/// Browser name and major version from a user-agent string, e.g. "Chrome 131". Order matters: Edge and
/// Opera also say "Chrome", Chrome also says "Safari".
pub fn browser(ua: &str) -> Option<String> {
    const MARKERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
    ];
    if ua.contains("HeadlessChrome/") {
        return Some(format!(
            "Headless Chrome {}",
            major_after(ua, "HeadlessChrome/")?
        ));
    }
    for (marker, name) in MARKERS {
        if ua.contains(marker) {
            return Some(format!("{name} {}", major_after(ua, marker)?));
        }
    }
    if ua.contains("Safari/") {
        return Some(match major_after(ua, "Version/") {
            Some(v) => format!("Safari {v}"),
            None => "Safari".into(),
        });
    }
    None
}

fn major_after(ua: &str, marker: &str) -> Option<String> {
    let rest = &ua[ua.find(marker)? + marker.len()..];
    let major: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!major.is_empty()).then_some(major)
}

/// Operating system from a user-agent string, e.g. "Windows", "macOS 10.15", "Android 14", "Linux".
pub fn os(ua: &str) -> Option<String> {
    let version_after = |marker: &str| -> Option<String> {
        let rest = &ua[ua.find(marker)? + marker.len()..];
        let v: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            .collect();
        (!v.is_empty()).then(|| v.replace('_', "."))
    };
    if ua.contains("Android") {
        return Some(match version_after("Android ") {
            Some(v) => format!("Android {v}"),
            None => "Android".into(),
        });
    }
    if ua.contains("iPhone") || ua.contains("iPad") {
        return Some(match version_after("OS ") {
            Some(v) => format!("iOS {v}"),
            None => "iOS".into(),
        });
    }
    if ua.contains("Windows") {
        return Some("Windows".into());
    }
    if ua.contains("Mac OS X") {
        return Some(match version_after("Mac OS X ") {
            Some(v) => format!("macOS {v}"),
            None => "macOS".into(),
        });
    }
    if ua.contains("CrOS") {
        return Some("ChromeOS".into());
    }
    if ua.contains("Linux") {
        return Some("Linux".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const HEADLESS: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36";
    const EDGE_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91";
    const FIREFOX_MAC: &str =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0";
    const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    #[test]
    fn user_agents_give_browser_and_os() {
        let cases = [
            (CHROME_LINUX, "Chrome 131", "Linux"),
            (HEADLESS, "Headless Chrome 131", "Linux"),
            (EDGE_WIN, "Edge 120", "Windows"),
            (FIREFOX_MAC, "Firefox 133", "macOS 10.15"),
            (SAFARI_IPHONE, "Safari 17", "iOS 17.2"),
            (CHROME_ANDROID, "Chrome 131", "Android 14"),
        ];
        for (ua, b, o) in cases {
            assert_eq!(browser(ua).as_deref(), Some(b), "{ua}");
            assert_eq!(os(ua).as_deref(), Some(o), "{ua}");
        }
        assert_eq!(browser("curl/8.0"), None);
        assert_eq!(os("curl/8.0"), None);
    }

    #[test]
    fn urls_lose_query_fragment_and_credentials() {
        assert_eq!(
            strip_url("https://app.example.com/orders/42?token=abc#frag"),
            "https://app.example.com/orders/42"
        );
        assert_eq!(
            strip_url("https://app.example.com/#/settings?x=1"),
            "https://app.example.com/"
        );
        assert_eq!(
            strip_url("https://bob:hunter2@example.com/a"),
            "https://example.com/a"
        );
        assert_eq!(
            strip_url("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/"
        );
    }

    #[test]
    fn ids_round_trip() {
        for c in ContextItem::ALL {
            assert_eq!(ContextItem::from_id(c.id()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.id()));
        }
    }
}

/// Sets of context items are bitsets over [`ContextItem::ALL`] (see [`crate::policy::IxSet`]).
impl crate::policy::Ix for ContextItem {
    fn get(self) -> usize {
        self as usize
    }
}

impl From<usize> for ContextItem {
    /// The item at `i` in [`ContextItem::ALL`]; only ever called with indices a set was given.
    fn from(i: usize) -> ContextItem {
        ContextItem::ALL[i]
    }
}

#[cfg(test)]
mod ix_tests {
    use super::ContextItem;
    use crate::policy::Ix;

    #[test]
    fn a_context_items_index_is_its_place_in_all() {
        for (i, item) in ContextItem::ALL.iter().enumerate() {
            assert_eq!(item.get(), i, "{item:?}");
            assert_eq!(ContextItem::from(i), *item);
        }
    }
}
