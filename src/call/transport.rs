//! One exchange over the JavaScript `fetch`: the request sent with its cookie mode, a
//! timeout and the caller's `AbortSignal`, redirects refused, and the answer read into an
//! [`Response`] for `envelope.rs` to classify. A redirect is refused here, where it is seen
//! ([`redirect_error`]).
//!
//! The exchange itself is one small JavaScript function, [`send`], called once per request: it
//! owns the `AbortController`, the timer and the listener on the caller's signal (so no Rust
//! closure crosses the boundary and nothing outlives the exchange), and it always resolves, to
//! an [`Outcome`] saying what happened. Rust decides what that means: the error kind, the
//! message, whether to retry. Doing the same through web-sys bindings took some twenty
//! boundary calls per request, two Rust closures, and 11 KB of wasm (see BENCHMARKS.md).
//!
//! fetch is bound directly rather than through gloo-net's `Request::send`: gloo-net panics
//! (`unreachable!`) when a fetch rejects with something that is not an `Error` (an
//! `abort(reason)` with a string reason does that) and when a patched fetch resolves to
//! something that is not a `Response`, and a panic would poison this module for the page.
//! `send` handles both.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::call::config::CookieMode;
use crate::call::envelope::{Body, Response};
use crate::call::request::Request;
use crate::endpoints::Method;
use crate::error::{ErrorKind, ItsmError};
use crate::input::js_value::Js;
use crate::input::value::{shorten, EXCERPT_CHARS};

// `send(url, body, authorization, cookieMode, timeoutMs, excerptLimit, signal, headers)`
// (`body`: the JSON of a POST, or undefined for a GET, which sends no body and no
// `Content-Type`; `headers`: the caller's extra headers as [name, value] pairs, or undefined)
// resolves to an
// `Outcome` whose `kind` is 0 for an answer, 1 for no answer (`why` says what the network
// error said), 2 when the timeout fired, 3 when the caller's signal fired, 4 for a redirect
// (`status`, `location`) and 5 when fetch resolved to something that is not a Response. Both
// the caller's signal and the timer abort one AbortController, which also cancels the body
// download; which of the two fired decides the kind. The timer is cleared once the body is
// read, before it is parsed: the browser's own `JSON.parse`, on the browser's own string, so the
// body never enters wasm. For a body that is not JSON, only its first `excerptLimit`
// characters cross over, for the message. (The comments live here, not in the JavaScript,
// which ships as is.)
//
// `sleep(ms, signal)` resolves after `ms`, or as soon as `signal` fires.
#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// What [`send`] resolved to.
    type Outcome;

    /// Sends one request; resolves (never rejects) to an [`Outcome`].
    #[allow(clippy::too_many_arguments)]
    fn send(
        url: &str,
        body: Option<&str>,
        authorization: &str,
        cookie_mode: &str,
        timeout_ms: u32,
        excerpt_limit: u32,
        signal: &JsValue,
        headers: &JsValue,
    ) -> Promise;

    fn sleep(ms: u32, signal: &JsValue) -> Promise;

    #[wasm_bindgen(method, getter)]
    fn kind(this: &Outcome) -> u8;
    #[wasm_bindgen(method, getter)]
    fn why(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Outcome) -> u16;
    #[wasm_bindgen(method, getter)]
    fn location(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = contentType)]
    fn content_type(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = requestId)]
    fn request_id(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = errorCode)]
    fn error_code(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = errorMessage)]
    fn error_message(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn parsed(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter)]
    fn json(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn excerpt(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn length(this: &Outcome) -> u32;
}

/// How many characters of a body that is not JSON an error message quotes.
const EXCERPT_LIMIT: u32 = 200;

/// What to send, and how.
pub(crate) struct Exchange<'a> {
    /// Method, URL, body and credentials header.
    pub(crate) request: &'a Request,
    /// Whether fetch sends cookies (its `credentials` option).
    pub(crate) cookies: CookieMode,
    /// Extra request headers, checked (`config.rs`).
    pub(crate) headers: &'a [(String, String)],
    /// Milliseconds before giving up, 0 for never.
    pub(crate) timeout_ms: u32,
    /// The caller's signal.
    pub(crate) signal: Option<&'a AbortSignal>,
}

fn signal_value(signal: Option<&AbortSignal>) -> JsValue {
    signal.map_or(JsValue::UNDEFINED, |s| s.clone().into())
}

/// Sends the request now: `fetch` is called before this returns, as a page's own `fetch` call
/// would be (no task hop before the request leaves, and the `fetch` in place at the time of the
/// call is the one used). [`finish`] reads the answer.
pub(crate) fn start(ex: &Exchange<'_>) -> Promise {
    let cookie_mode = match ex.cookies {
        CookieMode::Include => "include",
        CookieMode::SameOrigin => "same-origin",
        CookieMode::Omit => "omit",
    };
    send(
        &ex.request.url,
        // No body is what makes `send` use GET.
        (ex.request.method == Method::Post).then_some(ex.request.body.as_str()),
        ex.request.authorization.as_deref().unwrap_or_default(),
        cookie_mode,
        ex.timeout_ms,
        EXCERPT_LIMIT,
        &signal_value(ex.signal),
        &header_pairs(ex.headers),
    )
}

/// `[[name, value], ...]` for `send`, or `undefined` when there are none (the common case
/// builds nothing).
fn header_pairs(headers: &[(String, String)]) -> JsValue {
    if headers.is_empty() {
        return JsValue::UNDEFINED;
    }
    headers
        .iter()
        .map(|(name, value)| {
            js_sys::Array::of2(&JsValue::from_str(name), &JsValue::from_str(value))
        })
        .collect::<js_sys::Array>()
        .into()
}

/// The error for a redirect, which the client never follows: a 307/308 would re-send the
/// body, `bk_app_secret` included, to wherever the `Location` points.
pub fn redirect_error(status: Option<u16>, location: Option<&str>) -> ItsmError {
    let what = match status {
        Some(s) => format!("HTTP {s}"),
        None => "a redirect".to_owned(),
    };
    let to = location
        .map(|l| format!(" to {}", shorten(l, EXCERPT_CHARS)))
        .unwrap_or_default();
    let mut e = ItsmError::new(
        ErrorKind::Http,
        format!(
            "the server answered with a redirect ({what}{to}); the client never follows \
             redirects, because a redirected request would carry its credentials (bk_app_secret, \
             bk_token) to wherever it points: point baseUrl at the final address"
        ),
    );
    e.status = status;
    e
}

/// Waits for a request [`start`] sent and reads the whole answer.
pub(crate) async fn finish(
    sent: Promise,
    url: &str,
    timeout_ms: u32,
) -> Result<Response<Js>, ItsmError> {
    // `send` never rejects; should it (a broken Promise), that is no answer either.
    let outcome: Outcome = match JsFuture::from(sent).await {
        Ok(outcome) => outcome.unchecked_into(),
        Err(_) => return Err(network(url, None)),
    };
    match outcome.kind() {
        0 => {}
        2 => {
            let mut message = String::from("no complete answer within ");
            message.push_str(&timeout_ms.to_string());
            message.push_str(" ms (timeoutMs)");
            return Err(ItsmError::new(ErrorKind::Timeout, message));
        }
        3 => return Err(aborted()),
        4 => {
            let status = Some(outcome.status()).filter(|s| *s != 0);
            return Err(redirect_error(status, outcome.location().as_deref()));
        }
        5 => {
            return Err(ItsmError::new(
                ErrorKind::Network,
                "fetch resolved to something that is not a Response (is fetch patched?)",
            ))
        }
        _ => return Err(network(url, outcome.why())),
    }
    let body = if outcome.parsed() {
        Body::Json(Js(outcome.json()))
    } else {
        Body::NotJson {
            excerpt: outcome.excerpt().unwrap_or_default(),
            length: outcome.length(),
        }
    };
    Ok(Response {
        status: outcome.status(),
        content_type: outcome.content_type(),
        header_request_id: outcome.request_id(),
        error_code_header: outcome.error_code(),
        error_message_header: outcome.error_message(),
        retry_after: outcome.retry_after(),
        body,
    })
}

/// Waits `ms` milliseconds, or fails with kind `"aborted"` as soon as `signal` fires.
pub(crate) async fn pause(ms: f64, signal: Option<&AbortSignal>) -> Result<(), ItsmError> {
    if signal.is_some_and(crate::call::client::signal_aborted) {
        return Err(aborted());
    }
    let ms = if ms.is_finite() {
        ms.clamp(0.0, f64::from(u32::MAX)) as u32
    } else {
        0
    };
    let _ = JsFuture::from(sleep(ms, &signal_value(signal))).await;
    if signal.is_some_and(crate::call::client::signal_aborted) {
        return Err(aborted());
    }
    Ok(())
}

/// The error of a call its signal stopped.
pub(crate) fn aborted() -> ItsmError {
    ItsmError::new(
        ErrorKind::Aborted,
        "the request was aborted by its AbortSignal",
    )
}

fn network(url: &str, why: Option<String>) -> ItsmError {
    let mut message = String::from("no answer from ");
    message.push_str(url);
    message.push_str(": ");
    message.push_str(why.as_deref().unwrap_or("unknown error"));
    message.push_str(
        " (the server is unreachable, the connection dropped, or the browser blocked the \
         request: CORS, mixed content)",
    );
    ItsmError::new(ErrorKind::Network, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_are_refused_with_the_reason() {
        let e = redirect_error(Some(307), Some("http://elsewhere.example/x"));
        assert_eq!((e.kind, e.status), (ErrorKind::Http, Some(307)));
        assert!(e.message.contains("elsewhere.example"));
        assert!(e.message.contains("never follows redirects"));
    }
}
