//! The module's one export, [`run`], which the driver calls for everything: the operation, the
//! endpoint's id, two texts, the numbers of a snapshot, and what the operation needs beside.
//! One export rather than one per operation: each export's binding costs a kilobyte of the
//! module. The answer goes back through the import `answer` (a text), not as a return value,
//! which would bring a reallocation and its panic path into the module.

use alloc::string::String;

use wasm_bindgen::prelude::*;

use crate::api::ENDPOINTS;
use crate::engine::call;
use crate::engine::describe::Endpoint;
use crate::error::{ItsmError, Kind, Locale, Msg, Redactor};
use crate::ops as op;

#[wasm_bindgen(module = "/src/js/imports.js")]
extern "C" {
    /// Hands the operation's answer to the driver.
    fn answer(text: &str);
}

fn endpoint(id: u32) -> Option<&'static Endpoint> {
    ENDPOINTS.get(id as usize).copied()
}

fn no_endpoint() -> String {
    call::error_json(
        &ItsmError::new(
            Kind::Validation,
            Msg::WrongType,
            alloc::vec![String::from("an endpoint"), String::from("none")],
        ),
        Locale::En,
        &Redactor::default(),
    )
}

/// Does what `op` asks (see `ops.rs`) and hands the answer (JSON text) to the driver.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn run(
    op: u32,
    id: u32,
    a: &str,
    b: &str,
    c: &str,
    n: f64,
    m: u32,
    x: JsValue,
    y: JsValue,
    now: f64,
    random: f64,
) {
    let page = n as i64;
    let text = match (op, endpoint(id)) {
        (op::CLIENT, _) => call::client(a),
        (op::PREPARE, Some(e)) => call::prepare(e, a, b, page, false),
        (op::PLAN, Some(e)) => call::prepare(e, a, b, 0, true),
        (op::SETTLE, Some(e)) => call::settle(e, a, b, page, m, c, &x, &y, now, random),
        (op::VALIDATE, Some(e)) => call::validate(e, a, b),
        (op::WALK, _) => call::walk_step(a, c),
        (op::ABORTED, Some(e)) => call::aborted(e, a, b, page, m),
        (op::PROGRAM, Some(e)) => crate::engine::shape::program(&e.result),
        _ => no_endpoint(),
    };
    answer(&text);
}
