//! The five seed policies in public/policies as `triage explain --json` reads them: each vendor's
//! levels, response times, coverage, channels and escalation match what the vendor publishes, and
//! nothing the vendor does not publish is invented. Its own file because these tests pin the seeds'
//! content (a change to a seed policy shows up here), not the behaviour of the command.

mod run;
use run::explain_json;

#[test]
fn wati_pro_first_responses_are_45m_2h_4h_8h_around_the_clock() {
    // Saturday night: 24/7 means no waiting for Monday.
    let at = "2026-11-28T23:50:00Z";
    for (answers, level, due) in [
        (vec!["service=down"], "p1", "2026-11-29T00:35:00Z"),
        (
            vec!["service=degraded", "workaround=temporary"],
            "p2",
            "2026-11-29T01:50:00Z",
        ),
        (
            vec!["service=partial", "workaround=temporary"],
            "p3",
            "2026-11-29T03:50:00Z",
        ),
        (vec!["service=minor"], "p4", "2026-11-29T07:50:00Z"),
    ] {
        let mut args = vec![
            "public/policies/wati.json",
            "--type",
            "incident",
            "--at",
            at,
        ];
        for a in &answers {
            args.extend(["--answer", a]);
        }
        let e = explain_json(&args);
        assert_eq!(e["level"], level, "{answers:?}");
        assert_eq!(e["first_response"]["deadline"], due, "{answers:?}");
    }
    let q = explain_json(&[
        "public/policies/wati.json",
        "--type",
        "question",
        "--at",
        at,
    ]);
    assert_eq!(q["level"], "p4");
    assert_eq!(q["first_response"]["target"], "8 hours");
}

#[test]
fn weka_critical_names_the_phone_number_and_refuses_email() {
    let e = explain_json(&[
        "public/policies/weka.json",
        "--type",
        "problem",
        "--answer",
        "business_ops=yes",
        "--answer",
        "data=no",
    ]);
    assert_eq!(e["level"], "critical");
    let channels = e["channels"].as_array().unwrap();
    let phone = channels
        .iter()
        .find(|c| c["kind"] == "phone")
        .expect("a phone channel for Critical");
    assert_eq!(phone["value"], "+1 (844) 392-0665");
    let email = channels
        .iter()
        .find(|c| c["kind"] == "email")
        .expect("email is listed for Critical");
    assert_eq!(email["use"], "not_accepted");
    assert_eq!(
        email["note"],
        "Problem notifications sent via email are not considered critical."
    );
    // WEKA publishes no response figures: the policy says where they are instead of inventing one.
    assert_eq!(e["first_response"]["kind"], "stated_elsewhere");
    assert!(e["first_response"]["deadline"].is_null());
    // For Major, email is an accepted channel.
    let m = explain_json(&[
        "public/policies/weka.json",
        "--type",
        "problem",
        "--answer",
        "business_ops=no",
        "--answer",
        "data=no",
        "--answer",
        "severity=major",
    ]);
    assert_eq!(m["level"], "major");
    assert!(m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "email" && c["use"] == "accepted"));
    assert!(!m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "phone"));
    assert!(m["escalation"][0]
        .as_str()
        .unwrap()
        .contains("+1 (844) 392-0665"));
}

#[test]
fn severalnines_is_ticket_only_and_the_control_plane_answers_within_an_hour_24x7() {
    let e = explain_json(&[
        "public/policies/severalnines.json",
        "--type",
        "control_plane",
        "--plan",
        "control_plane",
        "--answer",
        "level1=yes",
        "--at",
        "2026-11-29T03:00:00Z",
    ]);
    assert_eq!(e["first_response"]["target"], "1 hour");
    assert_eq!(e["first_response"]["coverage"], "24x7");
    assert_eq!(e["first_response"]["deadline"], "2026-11-29T04:00:00Z");
    let channels = e["channels"].as_array().unwrap();
    for kind in ["phone", "slack"] {
        let c = channels.iter().find(|c| c["kind"] == kind).unwrap();
        assert_eq!(c["use"], "not_accepted");
        assert_eq!(c["note"], "No, only the ticketing system.");
    }
    assert!(channels
        .iter()
        .any(|c| c["kind"] == "portal" && c["required"] == true));
    let std = explain_json(&[
        "public/policies/severalnines.json",
        "--type",
        "datastore",
        "--plan",
        "standard",
    ]);
    assert_eq!(
        std["first_response"]["target"],
        "See the CCX SLA (https://severalnines.com/ccx/sla)"
    );
}

#[test]
fn atlan_p0_is_critical_with_24_7_and_no_invented_response_time() {
    let e = explain_json(&["public/policies/atlan.json", "--answer", "critical=yes"]);
    assert_eq!(e["level"], "p0");
    assert_eq!(e["level_name"], "Critical (P0)");
    assert_eq!(e["first_response"]["coverage"], "24/7");
    assert!(e["first_response"]["deadline"].is_null());
    assert!(e["first_response"]["target"]
        .as_str()
        .unwrap()
        .starts_with("Per your support contract"));
    assert_eq!(e["escalation"].as_array().unwrap().len(), 4);
}

#[test]
fn stakater_levels_follow_its_definitions_and_premium_p1_escalates() {
    for (answers, level, reason) in [
        (
            vec!["impact=outage", "workaround=no"],
            "p1",
            "P1 – Critical → Production outage, no viable workaround.",
        ),
        (
            vec!["impact=degradation"],
            "p2",
            "P2 – High → Major degradation with significant impact.",
        ),
        (
            vec!["impact=limited"],
            "p3",
            "P3 – Medium → Limited impact; workaround available.",
        ),
        (
            vec!["impact=minor"],
            "p4",
            "P4 – Low → Information request or minor issue.",
        ),
    ] {
        let mut args = vec![
            "public/policies/stakater.json",
            "--type",
            "incident",
            "--plan",
            "premium",
        ];
        for a in &answers {
            args.extend(["--answer", a]);
        }
        let e = explain_json(&args);
        assert_eq!(e["level"], level);
        assert_eq!(e["reasons"][0], reason);
    }
    let p1 = explain_json(&[
        "public/policies/stakater.json",
        "--type",
        "incident",
        "--plan",
        "premium",
        "--answer",
        "impact=outage",
        "--answer",
        "workaround=no",
    ]);
    assert!(p1["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"].as_str().unwrap().contains("Slack or phone")));
    let std = explain_json(&[
        "public/policies/stakater.json",
        "--type",
        "incident",
        "--plan",
        "standard",
        "--answer",
        "impact=outage",
        "--answer",
        "workaround=no",
    ]);
    assert!(!std["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"].as_str().unwrap().contains("Slack")));
}
