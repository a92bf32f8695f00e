//! A typed, validating client for BlueKing ITSM's `get_tickets` API, compiled to WebAssembly.
//!
//! One request flows one way: JavaScript parameters → checked parameters (an endpoint's
//! `params`, `endpoints/`) → a request for a door (`call/door.rs`, `call/credentials.rs`) →
//! fetch (`call/transport.rs`) → the answer classified (`call/envelope.rs`, the endpoint's
//! result shape) → a page or one `ItsmError` (`error/`). The folders keep the machinery
//! (`call/`), reading outside values (`input/`), errors (`error/`) and each endpoint
//! (`endpoints/`) apart. Everything but the transport and the JavaScript bindings is pure
//! Rust, tested natively.
//!
//! This file holds the JavaScript surface only.

#![deny(missing_docs)]
// An ItsmError carries every detail of one failure; failures are the cold path, and boxing
// them would only add an allocation.
#![allow(clippy::result_large_err)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]

/// The allocator: a free list that merges neighbours (`lol_alloc`), not Rust's default dlmalloc.
/// The answers live in JavaScript, so this module makes few, small allocations per call, and
/// dlmalloc's bins cost 8 KB of the module for nothing measurable (see BENCHMARKS.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: the module runs on one thread: wasm32-unknown-unknown is built without the atomics
// feature, so nothing can share its memory.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

mod call;
mod endpoints;
mod error;
mod input;
#[cfg(feature = "test-support")]
pub mod testing;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::call::config::Settings;
use crate::call::{client, pager};
use crate::endpoints::get_ticket_info::GetTicketInfo;
use crate::endpoints::get_ticket_logs::GetTicketLogs;
use crate::endpoints::get_ticket_status::GetTicketStatus;
use crate::endpoints::get_tickets::params::GetTicketsParams;
use crate::endpoints::get_tickets::GetTickets;
use crate::endpoints::get_tickets_by_user::GetTicketsByUser;
use crate::endpoints::Endpoint;
use crate::error::js as js_error;
use crate::error::ItsmError;
use crate::input::js_value::Js;

fn rejected(e: &ItsmError) -> Promise {
    Promise::reject(&js_error::to_js(e))
}

/// A client with its own configuration. Make one with `createClient`.
#[wasm_bindgen]
pub struct Client {
    settings: Rc<Settings>,
}

#[wasm_bindgen]
impl Client {
    /// Fetches one page of tickets. Rejects with an `ItsmError`, and sends nothing when the
    /// parameters or options are invalid.
    #[wasm_bindgen(js_name = getTickets, unchecked_return_type = "Promise<TicketPage>")]
    pub fn get_tickets(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetTicketsParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        call::<GetTickets>(&self.settings, &params, &options)
    }

    /// Fetches one ticket's detail: its current steps and every form field with its display
    /// value. Rejects with an `ItsmError` (kind `"api"`, code 3900022 when there is no such
    /// ticket), and sends nothing when the parameters or options are invalid.
    #[wasm_bindgen(js_name = getTicketInfo, unchecked_return_type = "Promise<TicketInfo>")]
    pub fn get_ticket_info(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketInfoParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        call::<GetTicketInfo>(&self.settings, &params, &options)
    }

    /// Fetches where one ticket stands (its current steps, each with its form and operations)
    /// and what can be done with it. Rejects with an `ItsmError` (kind `"api"`, code 3900022
    /// when there is no such ticket), and sends nothing when the parameters or options are
    /// invalid.
    #[wasm_bindgen(js_name = getTicketStatus, unchecked_return_type = "Promise<TicketStatus>")]
    pub fn get_ticket_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketStatusParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        call::<GetTicketStatus>(&self.settings, &params, &options)
    }

    /// Fetches one ticket's timeline, oldest first: `show_type` `"simple"` (the default) or
    /// `"complex"` (with each step's form data). Rejects with an `ItsmError` (kind `"api"`,
    /// code 3900022 when there is no such ticket), and sends nothing when the parameters or
    /// options are invalid.
    #[wasm_bindgen(js_name = getTicketLogs, unchecked_return_type = "Promise<TicketLogs>")]
    pub fn get_ticket_logs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketLogsParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        call::<GetTicketLogs>(&self.settings, &params, &options)
    }

    /// Fetches one page of a user's list (`view_type`: to-dos, created, history, approvals,
    /// followed, dealt). Through the API gateway only: on an ESB client it rejects with a
    /// `validation` error and sends nothing. Rejects with an `ItsmError`.
    #[wasm_bindgen(js_name = getTicketsByUser, unchecked_return_type = "Promise<UserTicketPage>")]
    pub fn get_tickets_by_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketsByUserParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        call::<GetTicketsByUser>(&self.settings, &params, &options)
    }

    /// Every ticket of a user's list, page after page, as an async iterable for `for await`
    /// (as `iterTickets`: `page_size` 100 unless `params` give one; breaking out stops the
    /// walk). Through the API gateway only.
    #[wasm_bindgen(js_name = iterTicketsByUser, unchecked_return_type = "AsyncGenerator<UserTicket, void, undefined>")]
    pub fn iter_tickets_by_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketsByUserParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> JsValue {
        pager::iterate(client::prepare_walk::<GetTicketsByUser>(
            &self.settings,
            &params,
            &options,
        ))
    }

    /// Every ticket matching `params`, page after page, in the server's order, as an async
    /// iterable for `for await`. Uses `page_size` 100 unless `params` give one. Breaking out
    /// of the loop stops the walk; errors (an `ItsmError`) are thrown by the loop.
    #[wasm_bindgen(js_name = iterTickets, unchecked_return_type = "AsyncGenerator<Ticket, void, undefined>")]
    pub fn iter_tickets(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetTicketsParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> JsValue {
        pager::iterate(client::prepare_walk::<GetTickets>(
            &self.settings,
            &params,
            &options,
        ))
    }

    /// Every ticket matching `params` in one array: `iterTickets` collected. Rejects with an
    /// `ItsmError`.
    #[wasm_bindgen(js_name = getAllTickets, unchecked_return_type = "Promise<Ticket[]>")]
    pub fn get_all_tickets(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetTicketsParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> Promise {
        pager::collect(client::prepare_walk::<GetTickets>(
            &self.settings,
            &params,
            &options,
        ))
    }
}

/// One call of endpoint `E`: its result, or an `ItsmError`.
fn call<E: Endpoint>(settings: &Rc<Settings>, params: &JsValue, options: &JsValue) -> Promise {
    match client::prepare::<E>(settings, params, options) {
        Err(e) => rejected(&e),
        // The request leaves now; the promise settles with its answer.
        Ok(call) => settle(Box::pin(client::run(call))),
    }
}

/// The promise of an answer: boxed, so that this is compiled once for every endpoint.
fn settle(answer: Pin<Box<dyn Future<Output = Result<Js, ItsmError>>>>) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        answer
            .await
            .map(|result| result.0)
            .map_err(|e| js_error::to_js(&e))
    })
}

thread_local! {
    static DEFAULT_SETTINGS: Rc<Settings> = Rc::new(Settings::default());
}

/// Fetches one page of tickets through a default client: ESB on the page's own origin, the
/// login cookie, a 30 s timeout. Rejects with an `ItsmError`.
#[wasm_bindgen(js_name = getTickets, unchecked_return_type = "Promise<TicketPage>")]
pub fn get_tickets(
    #[wasm_bindgen(unchecked_optional_param_type = "GetTicketsParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
) -> Promise {
    DEFAULT_SETTINGS.with(|settings| call::<GetTickets>(settings, &params, &options))
}

/// Fetches one ticket's detail through a default client. Rejects with an `ItsmError`.
#[wasm_bindgen(js_name = getTicketInfo, unchecked_return_type = "Promise<TicketInfo>")]
pub fn get_ticket_info(
    #[wasm_bindgen(unchecked_param_type = "TicketInfoParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
) -> Promise {
    DEFAULT_SETTINGS.with(|settings| call::<GetTicketInfo>(settings, &params, &options))
}

/// Fetches where one ticket stands and what can be done with it, through a default client.
/// Rejects with an `ItsmError`.
#[wasm_bindgen(js_name = getTicketStatus, unchecked_return_type = "Promise<TicketStatus>")]
pub fn get_ticket_status(
    #[wasm_bindgen(unchecked_param_type = "TicketStatusParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
) -> Promise {
    DEFAULT_SETTINGS.with(|settings| call::<GetTicketStatus>(settings, &params, &options))
}

/// Fetches one ticket's timeline through a default client. Rejects with an `ItsmError`.
#[wasm_bindgen(js_name = getTicketLogs, unchecked_return_type = "Promise<TicketLogs>")]
pub fn get_ticket_logs(
    #[wasm_bindgen(unchecked_param_type = "TicketLogsParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
) -> Promise {
    DEFAULT_SETTINGS.with(|settings| call::<GetTicketLogs>(settings, &params, &options))
}

/// Fetches one page of a user's list through a default client. The default client goes
/// through ESB, which has no such API, so this rejects with a `validation` error that says
/// so: use a client made with `createClient({ gateway: "apigw", … })`.
#[wasm_bindgen(js_name = getTicketsByUser, unchecked_return_type = "Promise<UserTicketPage>")]
pub fn get_tickets_by_user(
    #[wasm_bindgen(unchecked_param_type = "TicketsByUserParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
) -> Promise {
    DEFAULT_SETTINGS.with(|settings| call::<GetTicketsByUser>(settings, &params, &options))
}

/// Makes a client. Throws an `ItsmError` of kind `"validation"` for a bad configuration.
#[wasm_bindgen(js_name = createClient)]
pub fn create_client(
    #[wasm_bindgen(unchecked_optional_param_type = "ClientConfig")] config: JsValue,
) -> Result<Client, JsValue> {
    client::settings_from(&config)
        .map(|settings| Client {
            settings: Rc::new(settings),
        })
        .map_err(|e| js_error::to_js(&e))
}

/// Checks parameters as `getTickets` would, without sending anything: every broken rule, or
/// an empty array when the parameters are valid. Made for forms that validate as the user types.
#[wasm_bindgen(js_name = validateParams, unchecked_return_type = "ValidationIssue[]")]
pub fn validate_params(
    #[wasm_bindgen(unchecked_param_type = "GetTicketsParams")] params: JsValue,
) -> Array {
    client::validate::<GetTicketsParams>(&params)
        .iter()
        .map(|issue| {
            let item = Object::new();
            let _ = Reflect::set(&item, &"field".into(), &issue.field.as_str().into());
            let _ = Reflect::set(&item, &"message".into(), &issue.message.as_str().into());
            JsValue::from(item)
        })
        .collect()
}

/// `true` when `e` is an error this package made (from any copy of it on the page).
#[wasm_bindgen(js_name = isItsmError, unchecked_return_type = "e is ItsmError")]
pub fn is_itsm_error(#[wasm_bindgen(unchecked_param_type = "unknown")] e: JsValue) -> bool {
    js_error::is_itsm_error(&e)
}
