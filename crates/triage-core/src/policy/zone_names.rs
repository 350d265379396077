//! Help with time-zone names in calendars: legacy names that look right but count wrong, and typos.
//!
//! `EST` is a fixed UTC−5 with no summer time, so a New York desk written as `EST` is an hour off all
//! summer; `GMT+1` is a fixed offset (and `Etc/GMT+1` is UTC−1, sign inverted). Such names exist in the
//! tz database for compatibility, so a zone source accepts them; the validator refuses them and names the
//! IANA `Area/City` zone to use. A typo gets the nearest known name.

/// Why `name` should not be used, with the zone to use instead; `None` for a proper `Area/City` name.
pub fn legacy(name: &str) -> Option<String> {
    if name == "UTC" || name == "Etc/UTC" {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    let fixed = ["GMT+", "GMT-", "UTC+", "UTC-", "ETC/GMT+", "ETC/GMT-"]
        .iter()
        .any(|p| upper.starts_with(p));
    if fixed {
        return Some(format!(
            "{name:?} is a fixed UTC offset with no summer time (and the tz database's \"Etc/GMT+N\" means UTC−N); name the place whose clocks the support team keeps, e.g. \"Europe/Berlin\", or \"UTC\""
        ));
    }
    let suggestion = match upper.as_str() {
        "EST" | "EDT" | "EST5EDT" | "US/EASTERN" => "America/New_York",
        "CST" | "CDT" | "CST6CDT" | "US/CENTRAL" => "America/Chicago",
        "MST" | "MDT" | "MST7MDT" | "US/MOUNTAIN" => "America/Denver",
        "PST" | "PDT" | "PST8PDT" | "US/PACIFIC" => "America/Los_Angeles",
        "HST" => "Pacific/Honolulu",
        "CET" | "CEST" | "MET" => "Europe/Berlin",
        "EET" | "EEST" => "Europe/Athens",
        "WET" | "WEST" => "Europe/Lisbon",
        "GMT" | "GMT0" | "GREENWICH" | "UCT" | "UNIVERSAL" | "ZULU" | "ETC/GMT" | "ETC/UCT"
        | "ETC/UNIVERSAL" | "ETC/ZULU" | "ETC/GREENWICH" => "UTC",
        "BST" | "GB" => "Europe/London",
        "IST" => "Asia/Kolkata",
        "JST" | "JAPAN" => "Asia/Tokyo",
        "SINGAPORE" => "Asia/Singapore",
        "ISRAEL" => "Asia/Jerusalem",
        "TURKEY" => "Europe/Istanbul",
        "EGYPT" => "Africa/Cairo",
        "HONGKONG" => "Asia/Hong_Kong",
        "PRC" => "Asia/Shanghai",
        "ROK" => "Asia/Seoul",
        "ROC" => "Asia/Taipei",
        "IRAN" => "Asia/Tehran",
        "POLAND" => "Europe/Warsaw",
        "PORTUGAL" => "Europe/Lisbon",
        "EIRE" => "Europe/Dublin",
        "NZ" => "Pacific/Auckland",
        "CUBA" => "America/Havana",
        "ICELAND" => "Atlantic/Reykjavik",
        _ if !name.contains('/') => "",
        _ => return None,
    };
    let why = match upper.as_str() {
        "EST" | "MST" | "HST" => {
            " has no summer time, so deadlines are an hour off for half the year"
        }
        "CET" | "EET" | "WET" | "MET" | "EST5EDT" | "CST6CDT" | "MST7MDT" | "PST8PDT" => {
            " is a legacy rule-based name, not a place"
        }
        "US/EASTERN" | "US/CENTRAL" | "US/MOUNTAIN" | "US/PACIFIC" => " is a legacy alias",
        _ => " is an abbreviation or legacy alias, not an IANA Area/City zone",
    };
    Some(if suggestion.is_empty() {
        format!("{name:?}{why}; use the Area/City name of the place, e.g. \"Europe/Berlin\" or \"America/New_York\"")
    } else {
        format!("{name:?}{why}; use {suggestion:?}")
    })
}

/// The known name nearest to `name` (case-insensitive edit distance), if it is close enough to be a typo.
/// Also suggests field names and enum values for the file's shape.
pub fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let limit = (name.chars().count() / 4).clamp(1, 3);
    known
        .into_iter()
        .map(|k| (distance(&lower, &k.to_ascii_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, k)| (*d, k.len()))
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_names_name_the_zone_to_use() {
        for (name, want) in [
            ("EST", "\"EST\" has no summer time, so deadlines are an hour off for half the year; use \"America/New_York\""),
            ("CET", "\"CET\" is a legacy rule-based name, not a place; use \"Europe/Berlin\""),
            ("US/Pacific", "\"US/Pacific\" is a legacy alias; use \"America/Los_Angeles\""),
            ("Japan", "\"Japan\" is an abbreviation or legacy alias, not an IANA Area/City zone; use \"Asia/Tokyo\""),
        ] {
            assert_eq!(legacy(name).as_deref(), Some(want), "{name}");
        }
        for name in ["GMT+1", "UTC-05", "Etc/GMT+1"] {
            assert!(legacy(name).unwrap().contains("fixed UTC offset"), "{name}");
        }
        assert!(legacy("Mars").unwrap().contains("use the Area/City name"));
        for fine in [
            "UTC",
            "Etc/UTC",
            "Europe/London",
            "America/Argentina/Buenos_Aires",
        ] {
            assert_eq!(legacy(fine), None, "{fine}");
        }
    }

    #[test]
    fn typos_get_the_nearest_known_zone() {
        let known: Vec<String> = [
            "Europe/London",
            "Europe/Lisbon",
            "America/New_York",
            "Asia/Tokyo",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            nearest("Europe/Londn", known.iter().map(String::as_str)),
            Some("Europe/London")
        );
        assert_eq!(
            nearest("america/new york", known.iter().map(String::as_str)),
            Some("America/New_York")
        );
        assert_eq!(
            nearest("Asia/Tokio", known.iter().map(String::as_str)),
            Some("Asia/Tokyo")
        );
        assert_eq!(
            nearest("Mars/Olympus_Mons", known.iter().map(String::as_str)),
            None
        );
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
