//! Exit code 2, the caller's mistake: a misspelled question, option, plan or type, a time that is not
//! RFC 3339, an answer to a question these answers do not ask, or a file that is not there, each named
//! on stderr with the valid choices or the reason. Its own file because it is the one contract shared
//! by every command's arguments, as opposed to exit 1 for an invalid policy (cli_check.rs).

mod run;
use run::{explain_json, triage};

#[test]
fn bad_arguments_exit_2_and_name_the_valid_choices() {
    for (args, needle) in [
        (
            vec![
                "explain",
                "public/policies/wati.json",
                "--answer",
                "servce=down",
            ],
            "expected one of \"service\", \"data_loss\", \"workaround\"",
        ),
        (
            vec![
                "explain",
                "public/policies/wati.json",
                "--answer",
                "service=dead",
            ],
            "expected one of \"down\", \"degraded\", \"partial\", \"minor\"",
        ),
        (
            vec!["explain", "public/policies/wati.json", "--plan", "gold"],
            "expected one of \"pro\"",
        ),
        (
            vec!["explain", "public/policies/wati.json", "--type", "bug"],
            "expected one of \"incident\", \"question\"",
        ),
        (
            vec!["explain", "public/policies/wati.json", "--at", "tomorrow"],
            "RFC 3339",
        ),
        (
            vec!["table", "public/policies/wati.json", "--plan", "gold"],
            "expected one of \"pro\"",
        ),
    ] {
        let out = triage(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert_eq!(
        triage(&["check", "no/such/file.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn an_answer_to_a_question_not_asked_exits_2_and_says_why() {
    for (args, why) in [
        (
            vec!["--answer", "service=minor", "--answer", "workaround=none"],
            "question \"workaround\" is not asked for these answers (it is asked only when service=down|degraded|partial)",
        ),
        (
            vec!["--type", "question", "--answer", "service=down"],
            "question \"service\" is not asked for these answers (request type \"question\" skips the questions)",
        ),
    ] {
        let mut all = vec!["explain", "public/policies/wati.json"];
        all.extend(args.iter());
        let out = triage(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{all:?}: {stderr}");
    }
    // Asked on this path: accepted.
    let e = explain_json(&[
        "public/policies/wati.json",
        "--answer",
        "service=down",
        "--answer",
        "workaround=none",
    ]);
    assert_eq!(e["level"], "p1");
}
