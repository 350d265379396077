//! When the support clock starts and which stretches a timeline shades, on a plain Mon–Fri 09–17 UTC
//! calendar.

use super::*;
use crate::time::UtcOnly;

fn office() -> Coverage {
    let mut windows: [Vec<(i64, i64)>; 7] = Default::default();
    for w in windows.iter_mut().take(5) {
        *w = vec![(9 * 3600, 17 * 3600)];
    }
    Coverage::Weekly(Weekly {
        time_zone: "UTC".into(),
        windows,
        holidays: Default::default(),
    })
}

// 2026-11-27 is a Friday.
const FRI_18: Instant = 1_795_802_400; // 2026-11-27T18:00:00Z
const MON_09: Instant = 1_796_029_200; // 2026-11-30T09:00:00Z

#[test]
fn the_clock_starts_at_the_next_opening() {
    assert_eq!(clock_starts(&office(), FRI_18, &UtcOnly), Ok(MON_09));
    assert_eq!(
        clock_starts(&Coverage::Always, FRI_18, &UtcOnly),
        Ok(FRI_18)
    );
    assert_eq!(
        clock_starts(&office(), MON_09 + 60, &UtcOnly),
        Ok(MON_09 + 60)
    );
}

#[test]
fn spans_are_the_covered_parts_between_two_instants() {
    let spans = covered_spans(&office(), FRI_18, MON_09 + 86_400 + 3600, 10, &UtcOnly).unwrap();
    assert_eq!(
        spans,
        vec![
            (MON_09, MON_09 + 8 * 3600),
            (MON_09 + 86_400, MON_09 + 86_400 + 3600)
        ]
    );
    let capped = covered_spans(&office(), FRI_18, MON_09 + 86_400 + 3600, 1, &UtcOnly).unwrap();
    assert_eq!(capped, vec![(MON_09, MON_09 + 86_400 + 3600)]);
    assert_eq!(
        covered_spans(&Coverage::Always, 10, 20, 4, &UtcOnly).unwrap(),
        vec![(10, 20)]
    );
    assert!(covered_spans(&office(), 20, 10, 4, &UtcOnly)
        .unwrap()
        .is_empty());
}
