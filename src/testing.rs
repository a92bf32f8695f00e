//! The crate's insides, for the native property tests and the fuzzers (never in the module):
//! the same functions the driver calls (`src/ops.rs`), over native stand-ins for the
//! JavaScript values.

use alloc::string::String;

/// The crate's text as the caller's.
fn out(s: crate::mem::String) -> String {
    String::from(s.as_str())
}

use crate::api::ENDPOINTS;
use crate::engine::call;
use crate::engine::value::{read, Value};

/// How many endpoints there are.
pub fn endpoint_count() -> u32 {
    ENDPOINTS.len() as u32
}

/// `createClient`'s check of the snapshot `[config, env]`.
pub fn client(config: &str) -> String {
    out(call::client(config))
}

/// A call's request, or a walk's plan (`walk`), from the snapshots of the configuration and
/// the inputs.
pub fn prepare(id: u32, config: &str, input: &str, page: i64, walk: bool, now: f64) -> String {
    match ENDPOINTS.get(id as usize) {
        Some(e) => out(call::prepare(e, ENDPOINTS, config, input, page, walk, now)),
        None => String::new(),
    }
}

/// What an answer means: `outcome` the driver's outcome snapshot, `records` the probe's
/// records, `answer` the parsed answer (as snapshot text) for previews.
#[allow(clippy::too_many_arguments)]
pub fn settle(
    id: u32,
    config: &str,
    input: &str,
    page: i64,
    attempt: u32,
    outcome: &str,
    records: &[u8],
    answer: &str,
    now: f64,
    random: f64,
) -> String {
    let answer: Value = read(answer);
    match ENDPOINTS.get(id as usize) {
        Some(e) => out(call::settle(
            e, config, input, page, attempt, outcome, records, &answer, now, random,
        )),
        None => String::new(),
    }
}

/// Every broken rule of the snapshot `[params]`.
pub fn validate(id: u32, config: &str, input: &str) -> String {
    match ENDPOINTS.get(id as usize) {
        Some(e) => out(call::validate(e, config, input)),
        None => String::new(),
    }
}

/// Every broken rule of a form's values: `input` the snapshot `[service, values]`.
pub fn validate_fields(config: &str, input: &str, now: f64) -> String {
    out(call::validate_fields(config, input, now))
}

/// A poll's next step (`id` the poll): `input` the snapshot `[argument, options, env, answer,
/// elapsed ms]`.
pub fn poll(id: u32, config: &str, input: &str, attempt: u32) -> String {
    match crate::api::POLLS.get(id as usize) {
        Some(p) => out(call::poll(p, ENDPOINTS, config, input, attempt)),
        None => String::new(),
    }
}

/// The error of a call stopped by its signal between attempts.
pub fn aborted(id: u32, config: &str, input: &str, page: i64, attempts: u32) -> String {
    match ENDPOINTS.get(id as usize) {
        Some(e) => out(call::aborted(e, config, input, page, attempts)),
        None => String::new(),
    }
}

/// A walk's step: `input` the text `[state, event]`.
pub fn walk(config: &str, input: &str) -> String {
    out(call::walk_step(config, input))
}

/// The probe program of an endpoint.
pub fn program(id: u32) -> String {
    ENDPOINTS
        .get(id as usize)
        .map(|e| out(crate::engine::shape::program(&e.result)))
        .unwrap_or_default()
}

/// Reads a snapshot text and writes its description (fuzzing the reader).
pub fn read_snapshot(text: &str) -> String {
    out(read(text).describe())
}
