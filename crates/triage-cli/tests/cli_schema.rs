//! `triage schema` (and `schema --ticket`) print exactly the JSON Schemas published in public/, so a
//! change to the types fails here until the published files are regenerated. Its own file because it
//! checks checked-in files for staleness, not the behaviour of a command on a policy.

mod run;
use run::{root, triage};

#[test]
fn ticket_schema_matches_the_published_schema() {
    let out = triage(&["schema", "--ticket"]);
    let published = std::fs::read_to_string(root().join("public/ticket.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        published,
        "public/ticket.schema.json is stale: run `cargo run -p triage-cli -- schema --ticket > public/ticket.schema.json`"
    );
}

#[test]
fn schema_command_matches_the_published_schema() {
    let out = triage(&["schema"]);
    let published = std::fs::read_to_string(root().join("public/policy.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        published,
        "public/policy.schema.json is stale: run `cargo run -p triage-cli -- schema > public/policy.schema.json`"
    );
}
