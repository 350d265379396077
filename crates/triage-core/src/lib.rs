//! triage-core: the support-policy model and everything computed from it, as pure functions.
//!
//! Nothing here touches a clock, a network, a DOM or a time-zone database: `now` and zone offsets come in
//! as parameters (see [`time::Zones`]), so the same code runs natively (CLI, receiver, tests) and in the
//! widget's WebAssembly, and gives the same answers in both.

pub mod context;
pub mod delivery;
pub mod endpoint;
pub mod explain;
pub mod flow;
pub mod hash;
pub mod json;
pub mod maps;
pub mod outbox;
pub mod policy;
pub mod redact;
pub mod sla;
pub mod strings;
pub mod table;
pub mod ticket;
pub mod time;
pub mod triage;
