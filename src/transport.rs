//! One exchange over the JavaScript `fetch`: the request sent with its credentials mode, a
//! timeout and the caller's `AbortSignal`, redirects refused, and the answer read into an
//! [`Answer`] for `answer.rs` to classify.
//!
//! The fetch is bound directly rather than through gloo-net's `Request::send`: gloo-net
//! panics (`unreachable!`) when a fetch rejects with something that is not an `Error` (an
//! `abort(reason)` with a string reason does that) and when a patched fetch resolves to
//! something that is not a `Response`, and a panic would poison this module for the page.
//!
//! Both the caller's signal and the timeout abort one internal `AbortController`, which also
//! cancels the body download; which of the two fired decides the error kind.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response, ResponseType};

use crate::answer::{redirect_error, Answer, Body};
use crate::config::CookieMode;
use crate::door::{Outgoing, AUTHORIZATION_HEADER};
use crate::error::{ItsmError, Kind};
use crate::js_value::{excerpt, Js};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    /// `JSON.parse` on the JavaScript string itself: the body is never copied into wasm.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// How many characters of a body that is not JSON an error message quotes.
const EXCERPT_LIMIT: u32 = 200;

/// What to send, and how.
pub struct Exchange<'a> {
    /// URL, body and credentials header.
    pub outgoing: &'a Outgoing,
    /// The fetch credentials mode.
    pub cookies: CookieMode,
    /// Milliseconds before giving up, 0 for never.
    pub timeout_ms: u32,
    /// The caller's signal.
    pub signal: Option<&'a AbortSignal>,
}

/// Clears the timer and unhooks the caller's signal when the exchange ends, however it ends,
/// so no callback outlives its closure and a long-lived signal collects no listeners.
struct Watch {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
    link: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Watch {
    fn new(timeout_ms: u32, signal: Option<&AbortSignal>) -> Result<Self, JsValue> {
        let controller = AbortController::new()?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = (timeout_ms > 0).then(|| {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            let on_timeout = Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            });
            let id = set_timeout(on_timeout.as_ref().unchecked_ref(), timeout_ms);
            (id, on_timeout)
        });
        let mut watch = Watch {
            controller,
            timed_out,
            timer,
            link: None,
        };
        if let Some(signal) = signal {
            let controller = watch.controller.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || controller.abort());
            signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
            watch.link = Some((signal.clone(), on_abort));
        }
        Ok(watch)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some((id, _)) = &self.timer {
            clear_timeout(id);
        }
        if let Some((signal, on_abort)) = &self.link {
            // Removing a listener that is there cannot fail; nothing to do if it did.
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// Sends the request and reads the whole answer.
pub async fn exchange(ex: Exchange<'_>) -> Result<Answer<Js>, ItsmError> {
    let url = &ex.outgoing.url;
    if ex.signal.is_some_and(AbortSignal::aborted) {
        return Err(aborted());
    }
    let watch = Watch::new(ex.timeout_ms, ex.signal).map_err(|e| network(url, &e))?;
    let fail = |e: JsValue| -> ItsmError {
        if watch.timed_out.get() {
            ItsmError::new(
                Kind::Timeout,
                format!("no complete answer within {} ms (timeoutMs)", ex.timeout_ms),
            )
        } else if ex.signal.is_some_and(AbortSignal::aborted) {
            aborted()
        } else {
            network(url, &e)
        }
    };

    let init = request_init(&ex, &watch.controller.signal()).map_err(|e| network(url, &e))?;
    let response = JsFuture::from(fetch(url, &init).map_err(fail)?)
        .await
        .map_err(fail)?;
    let response: Response = response.dyn_into().map_err(|_| {
        ItsmError::new(
            Kind::Network,
            "fetch resolved to something that is not a Response (is fetch patched?)",
        )
    })?;

    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten().filter(|v| !v.is_empty());
    if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
        let status = Some(status).filter(|s| *s != 0);
        return Err(redirect_error(status, header("location").as_deref()));
    }

    let text = JsFuture::from(response.text().map_err(fail)?)
        .await
        .map_err(fail)?;
    drop(watch);
    let text: JsString = text.dyn_into().unwrap_or_else(|_| JsString::from(""));
    let body = match json_parse(&text) {
        Ok(v) => Body::Json(Js(v)),
        Err(_) => Body::NotJson {
            excerpt: excerpt(&text, EXCERPT_LIMIT),
            length: text.length(),
        },
    };
    Ok(Answer {
        status,
        content_type: header("content-type"),
        header_request_id: header("x-bkapi-request-id").or_else(|| header("x-request-id")),
        error_code_header: header("x-bkapi-error-code"),
        error_message_header: header("x-bkapi-error-message"),
        retry_after: header("retry-after"),
        body,
    })
}

fn request_init(ex: &Exchange<'_>, signal: &AbortSignal) -> Result<RequestInit, JsValue> {
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    if let Some(auth) = &ex.outgoing.authorization {
        headers.set(AUTHORIZATION_HEADER, auth)?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&ex.outgoing.body));
    init.set_credentials(match ex.cookies {
        CookieMode::Include => web_sys::RequestCredentials::Include,
        CookieMode::SameOrigin => web_sys::RequestCredentials::SameOrigin,
        CookieMode::Omit => web_sys::RequestCredentials::Omit,
    });
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_signal(Some(signal));
    Ok(init)
}

/// Waits `ms` milliseconds, or fails with kind `"aborted"` as soon as `signal` fires.
pub async fn pause(ms: f64, signal: Option<&AbortSignal>) -> Result<(), ItsmError> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(aborted());
    }
    let ms = if ms.is_finite() {
        ms.clamp(0.0, f64::from(u32::MAX)) as u32
    } else {
        0
    };
    let mut timer = None;
    let mut link = None;
    let done = Promise::new(&mut |resolve, _reject| {
        let id = set_timeout(&resolve, ms);
        timer = Some(id);
        if let Some(signal) = signal {
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
            if signal
                .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
                .is_ok()
            {
                link = Some((signal.clone(), on_abort));
            }
        }
    });
    let _ = JsFuture::from(done).await;
    if let Some(id) = &timer {
        clear_timeout(id);
    }
    if let Some((signal, on_abort)) = &link {
        let _ =
            signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(aborted());
    }
    Ok(())
}

fn aborted() -> ItsmError {
    ItsmError::new(Kind::Aborted, "the request was aborted by its AbortSignal")
}

fn network(url: &str, cause: &JsValue) -> ItsmError {
    let why = js_sys::Reflect::get(cause, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| cause.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    ItsmError::new(
        Kind::Network,
        format!(
            "no answer from {url}: {why} (the server is unreachable, the connection dropped, or \
             the browser blocked the request: CORS, mixed content)"
        ),
    )
}
